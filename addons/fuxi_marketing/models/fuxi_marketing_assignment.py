from odoo import fields, models
from odoo.tools import SQL


class FuxiMarketingAssignment(models.Model):
    """One guest of a campaign's audience, as drawn when the campaign was sent: held out
    (gets nothing, measures the effect) or to receive it, and whether the message rules let a
    message reach them. Written in bulk by the campaign (100,000 guests in one statement)."""

    _name = "fuxi.marketing.assignment"
    _description = "Guest of a Campaign"
    _order = "mailing_id desc, holdout desc, partner_id"
    _rec_name = "partner_id"

    mailing_id = fields.Many2one(
        "mailing.mailing", string="Campaign", required=True, ondelete="cascade", readonly=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Guest", required=True, ondelete="cascade", index=True, readonly=True
    )
    # not indexed: read by campaign (mailing_id), and each of a campaign's 100,000 rows is
    # inserted at once
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    holdout = fields.Boolean(
        "Held out", readonly=True, help="Drawn at random to get nothing from this campaign."
    )
    eligible = fields.Boolean(
        "Reachable",
        readonly=True,
        help="The message rules (consent, opt-outs, address, monthly limit) let a message "
        "reach this guest when the campaign was sent (for a held-out guest: would have).",
    )
    reason = fields.Char(
        "Not reachable because", readonly=True, help="Reason code of fuxi.marketing.policy."
    )
    optout_date = fields.Datetime(
        "Opted out on",
        readonly=True,
        help="The guest withdrew the marketing consent within the campaign's effect window.",
    )

    _sql_constraints = [
        (
            "fuxi_assignment_once",
            "UNIQUE(mailing_id, partner_id)",
            "A guest is drawn once per campaign.",
        ),
    ]

    def _fuxi_insert(self, mailing, partner_ids, holdout, reasons):
        """All guests of the audience in one statement; ``holdout`` the set drawn out,
        ``reasons`` {guest: refusal code} for those the rules do not let a message reach
        (as checked at the draw; each batch of the send writes its own verdict over it)."""
        now = fields.Datetime.now()
        ids = list(partner_ids)
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO fuxi_marketing_assignment
                       (mailing_id, partner_id, company_id, holdout, eligible, reason,
                        create_uid, create_date, write_uid, write_date)
                SELECT %(mailing)s, v.pid, %(company)s, v.holdout, v.reason IS NULL, v.reason,
                       %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(ids)s::int[], %(holdout)s::bool[], %(reasons)s::varchar[])
                       AS v(pid, holdout, reason)
                    ON CONFLICT (mailing_id, partner_id) DO NOTHING
                """,
                mailing=mailing.id,
                company=mailing._fuxi_company().id,
                uid=self.env.uid,
                now=now,
                ids=ids,
                holdout=[pid in holdout for pid in ids],
                reasons=[reasons.get(pid) or None for pid in ids],
            )
        )
        self.invalidate_model()

    def _fuxi_set_outcome(self, mailing, allowed_ids, reasons):
        """What the rules said at the send for a batch of the guests to receive it (rows
        already saying so are left alone: the draw wrote nearly all of them)."""
        self.flush_model()
        ids = list(allowed_ids) + list(reasons)
        self.env.cr.execute(
            SQL(
                """
                UPDATE fuxi_marketing_assignment a
                   SET eligible = v.reason IS NULL, reason = v.reason,
                       write_date = %(now)s, write_uid = %(uid)s
                  FROM unnest(%(ids)s::int[], %(reasons)s::varchar[]) AS v(pid, reason)
                 WHERE a.mailing_id = %(mailing)s AND NOT a.holdout AND a.partner_id = v.pid
                   AND (a.eligible IS DISTINCT FROM (v.reason IS NULL)
                        OR a.reason IS DISTINCT FROM v.reason)
                """,
                now=fields.Datetime.now(),
                uid=self.env.uid,
                ids=ids,
                reasons=[reasons.get(pid) for pid in ids],
                mailing=mailing.id,
            )
        )
        self.invalidate_model()

    def _fuxi_mark_optout(self, partners, when):
        """Guests who withdrew their consent: counted against the last campaign that reached
        them, when they did it within that campaign's effect window."""
        if not partners:
            return
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
                UPDATE fuxi_marketing_assignment a SET optout_date = %(when)s
                  FROM (SELECT DISTINCT ON (a2.partner_id) a2.id
                          FROM fuxi_marketing_assignment a2
                          JOIN mailing_mailing m ON m.id = a2.mailing_id
                         WHERE a2.partner_id = ANY(%(ids)s) AND NOT a2.holdout AND a2.eligible
                           AND m.sent_date IS NOT NULL AND m.sent_date <= %(when)s
                           AND m.sent_date + make_interval(days => m.fuxi_effect_days)
                               > %(when)s
                      ORDER BY a2.partner_id, m.sent_date DESC) last
                 WHERE a.id = last.id AND a.optout_date IS NULL
                """,
                when=when,
                ids=partners.ids,
            )
        )
        self.invalidate_model()
