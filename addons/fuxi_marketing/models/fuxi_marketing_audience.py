"""Saved audiences: a res.partner domain built from what Fuxi knows about its guests, and
a live count of who a campaign would reach by SMS and by e-mail."""

from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.fuxi_customer.models.fuxi_partner_date import month_days_within
from odoo.addons.fuxi_tracking.models.res_partner import RFM_SEGMENTS
from odoo.addons.fuxi_tracking.wizard.fuxi_ranking import parts_condition

OCCASION_KINDS = [
    ("any", "Birthday or important date"),
    ("birthday", "Birthday"),
    ("important", "Important date"),
]


class FuxiMarketingAudience(models.Model):
    _name = "fuxi.marketing.audience"
    _description = "Guest Audience"
    _order = "name, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    note = fields.Text()
    # -- criteria: each one set narrows the audience (AND) --------------------------------
    customer_class_ids = fields.Many2many("fuxi.customer.class", string="Customer classes")
    region_ids = fields.Many2many(
        "fuxi.region", string="Regions", help="Guests of these regions or of their sub-regions."
    )
    rfm_segment = fields.Selection(RFM_SEGMENTS, string="Customer value")
    occasion_kind = fields.Selection(OCCASION_KINDS, string="Occasion")
    occasion_days = fields.Integer(
        "Occasion within (days)",
        default=7,
        help="The occasion falls between today and today + this many days (0: today).",
    )
    taste_ids = fields.Many2many(
        "fuxi.taste",
        "fuxi_marketing_audience_taste_rel",
        "audience_id",
        "taste_id",
        string="Likes",
        domain=[("kind", "=", "preference")],
        help="Guests with at least one of these taste preferences.",
    )
    taboo_ids = fields.Many2many(
        "fuxi.taste",
        "fuxi_marketing_audience_taboo_rel",
        "audience_id",
        "taste_id",
        string="Has taboo",
        domain=[("kind", "=", "taboo")],
        help="Guests with at least one of these taboos.",
    )
    exclude_taboo_ids = fields.Many2many(
        "fuxi.taste",
        "fuxi_marketing_audience_taboo_excluded_rel",
        "audience_id",
        "taste_id",
        string="Leave out taboo",
        domain=[("kind", "=", "taboo")],
        help="Leave out guests with any of these taboos (e.g. seafood for a seafood week).",
    )
    absent_days = fields.Integer(
        "Not seen for (days)",
        help="Win-back: guests who came before but not in the last this many days.",
    )
    spend_date_from = fields.Date("Spend from")
    spend_date_to = fields.Date("Spend until")
    spend_min_amount = fields.Float(
        "Spent at least",
        help="Guests whose visits between the two dates add up to at least this amount.",
    )
    room_ids = fields.Many2many(
        "fuxi.room",
        string="Rooms used",
        help="Guests who dined in one of these rooms or tables (between the spend dates when "
        "they are set).",
    )
    # -- live count (computed on every change of the form) --------------------------------
    count_recipients = fields.Integer("Guests", compute="_compute_counts")
    count_sms = fields.Integer("Reachable by SMS", compute="_compute_counts")
    count_mail = fields.Integer("Reachable by e-mail", compute="_compute_counts")
    count_refusals = fields.Text("Not reachable", compute="_compute_counts")

    @api.constrains("occasion_days", "absent_days", "spend_min_amount")
    def _check_numbers(self):
        for audience in self:
            if audience.occasion_days < 0 or audience.absent_days < 0:
                raise UserError(_("Numbers of days cannot be negative."))
            if audience.spend_min_amount < 0:
                raise UserError(_("The spend amount cannot be negative."))

    @api.constrains("spend_date_from", "spend_date_to")
    def _check_spend_dates(self):
        for audience in self:
            if (
                audience.spend_date_from
                and audience.spend_date_to
                and audience.spend_date_from > audience.spend_date_to
            ):
                raise UserError(_("The spend period ends before it starts."))

    @api.depends(
        "company_id",
        "customer_class_ids",
        "region_ids",
        "rfm_segment",
        "occasion_kind",
        "occasion_days",
        "taste_ids",
        "taboo_ids",
        "exclude_taboo_ids",
        "absent_days",
        "spend_date_from",
        "spend_date_to",
        "spend_min_amount",
        "room_ids",
    )
    def _compute_counts(self):
        labels = self.env["fuxi.marketing.policy"]._fuxi_refusal_reasons()
        channels = {"sms": _("SMS"), "mail": _("E-mail")}
        for audience in self:
            counts = audience._fuxi_counts()
            audience.count_recipients = counts["recipients"]
            audience.count_sms = counts["sms"]
            audience.count_mail = counts["mail"]
            lines = [
                f"{channels[channel]} · {labels.get(reason, reason)}: {number}"
                for channel in ("sms", "mail")
                for reason, number in sorted(counts["refusals"][channel].items())
            ]
            audience.count_refusals = "\n".join(lines)

    # -- the domain --------------------------------------------------------------------

    def _fuxi_local_bounds(self, date_from, date_to):
        """Naive UTC datetimes of the start of ``date_from`` and the end of ``date_to`` in
        the company's time zone (either may be False)."""
        tz = self.env["fuxi.marketing.policy"]._fuxi_tz(self.company_id)

        def utc(day):
            local = tz.localize(datetime.combine(day, time()))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        return (
            utc(date_from) if date_from else False,
            utc(date_to + timedelta(days=1)) if date_to else False,
        )

    def _fuxi_today(self):
        tz = self.env["fuxi.marketing.policy"]._fuxi_tz(self.company_id)
        return pytz.utc.localize(fields.Datetime.now()).astimezone(tz).date()

    def _fuxi_visit_domain(self):
        """The visits of the audience's company within the spend period (if any)."""
        start, end = self._fuxi_local_bounds(self.spend_date_from, self.spend_date_to)
        domain = [("company_id", "=", self.company_id.id), ("partner_id", "!=", False)]
        if start:
            domain.append(("date", ">=", start))
        if end:
            domain.append(("date", "<", end))
        return domain

    def _fuxi_occasion_domain(self):
        keys = month_days_within(self._fuxi_today(), self.occasion_days)
        birthday = SQL(
            "SELECT id FROM res_partner WHERE to_char(birthdate_date, 'MM-DD') = ANY(%s)", keys
        )
        # the guests' important dates are read with the user's rights, as on their profile
        dates = self.env["fuxi.partner.date"]._search([])
        dated = SQL(
            "SELECT partner_id FROM fuxi_partner_date WHERE to_char(date, 'MM-DD') = ANY(%s) "
            "AND id IN %s",
            keys,
            dates.subselect(),
        )
        self.env["res.partner"].flush_model(["birthdate_date"])
        self.env["fuxi.partner.date"].flush_model(["date", "partner_id"])
        query = {
            "birthday": birthday,
            "important": dated,
            "any": SQL("%s UNION %s", birthday, dated),
        }[self.occasion_kind]
        return [("id", "in", SQL("(%s)", query))]

    def _fuxi_partner_domain(self):
        """The res.partner domain of the audience's guests. Sub-queries on visits and guest
        figures go through their models' _search, so the reader's record rules apply."""
        self.ensure_one()
        company = self.company_id or self.env.company
        domain = [("is_fuxi_customer", "=", True), ("company_id", "in", [False, company.id])]
        if self.customer_class_ids:
            domain.append(("customer_class_id", "in", self.customer_class_ids.ids))
        if self.region_ids:
            domain.append(("region_id", "child_of", self.region_ids.ids))
        if self.rfm_segment:
            domain.append(("rfm_segment", "=", self.rfm_segment))
        if self.occasion_kind:
            domain += self._fuxi_occasion_domain()
        if self.taste_ids:
            domain.append(("taste_preference_ids", "in", self.taste_ids.ids))
        if self.taboo_ids:
            domain.append(("taboo_ids", "in", self.taboo_ids.ids))
        if self.exclude_taboo_ids:
            domain.append(("taboo_ids", "not in", self.exclude_taboo_ids.ids))
        if self.absent_days:
            cutoff = fields.Datetime.now() - timedelta(days=self.absent_days)
            stats = self.env["fuxi.guest.stat"]._search(
                [("company_id", "=", company.id), ("last_visit", "<", cutoff)]
            )
            domain.append(("id", "in", stats.subselect("partner_id")))
        if self.spend_min_amount and not (self.spend_date_from or self.spend_date_to):
            # all-time spend is kept per guest and company by fuxi_tracking's triggers
            stats = self.env["fuxi.guest.stat"]._search(
                [("company_id", "=", company.id), ("total_spend", ">=", self.spend_min_amount)]
            )
            domain.append(("id", "in", stats.subselect("partner_id")))
        elif self.spend_min_amount:
            spenders = self._fuxi_spenders_from_buckets(company)
            if spenders is None:
                visits = self.env["fuxi.consumption"]._search(self._fuxi_visit_domain())
                visits.groupby = SQL("fuxi_consumption.partner_id")
                visits.having = SQL(
                    "SUM(fuxi_consumption.amount_total) >= %s", self.spend_min_amount
                )
                spenders = visits.select("fuxi_consumption.partner_id")
            domain.append(("id", "in", SQL("(%s)", spenders)))
        if self.room_ids:
            rooms = self.env["fuxi.consumption"]._search(
                self._fuxi_visit_domain() + [("room_id", "in", self.room_ids.ids)]
            )
            domain.append(("id", "in", rooms.subselect("fuxi_consumption.partner_id")))
        return domain

    def _fuxi_spenders_from_buckets(self, company):
        """SQL of the guests whose spend between the two dates reaches the minimum, read as
        fuxi_tracking's customer-spend ranking reads it (its own plan of the period: the
        guests' month and year buckets for the whole months and years, the visits of the
        edge days). None when the buckets cannot answer exactly, and the visits are summed
        instead: an open-ended period, buckets kept in another time zone than the company's
        days, or a reader whose visits a record rule other than the companies' restricts.
        Whole years read one row per guest instead of every visit."""
        self.ensure_one()
        if not (self.spend_date_from and self.spend_date_to):
            return None
        tz = self.env["fuxi.marketing.policy"]._fuxi_tz(company)
        scope = (
            self.env["fuxi.ranking"]
            .with_context(tz=tz.zone)
            .new(
                {
                    "period": "custom",
                    "date_from": self.spend_date_from,
                    "date_to": self.spend_date_to,
                }
            )
            ._bucket_scope()
        )
        if scope is None or company.id not in scope[2]:
            return None
        parts, edge_condition, _companies = scope
        # the buckets are kept when visits and lines are written: written first
        self.env["fuxi.consumption"].flush_model()
        self.env["fuxi.consumption.line"].flush_model()
        return SQL(
            """
            SELECT u.partner_id FROM (
                SELECT b.partner_id, b.amount_total AS amount
                  FROM fuxi_bucket_customer b
                 WHERE b.company_id = %(company)s AND (%(parts)s)
                 UNION ALL
                SELECT c.partner_id, c.amount_total
                  FROM fuxi_consumption c
                 WHERE c.partner_id IS NOT NULL AND c.company_id = %(company)s AND (%(edges)s)
            ) u
             WHERE u.partner_id IS NOT NULL
             GROUP BY u.partner_id
            HAVING SUM(u.amount) >= %(minimum)s
            """,
            company=company.id,
            parts=parts_condition("b", parts),
            edges=edge_condition(SQL("c.date")),
            minimum=self.spend_min_amount,
        )

    # -- counts ------------------------------------------------------------------------

    def _fuxi_counts(self):
        """{recipients, sms, mail, refusals: {sms: {reason: n}, mail: {reason: n}}} in one
        query: the audience's partners (with the reader's rules) and, per channel, the
        reason fuxi.marketing.policy would refuse a marketing message."""
        self.ensure_one()
        Policy = self.env["fuxi.marketing.policy"]
        company = self.company_id or self.env.company
        partners = self.env["res.partner"]._search(self._fuxi_partner_domain())
        reasons = Policy._fuxi_reasons_sql(
            partners.subselect(), ["sms", "mail"], "marketing", company
        )
        codes = list(Policy._fuxi_refusal_reasons())
        # one row of FILTERed counts: no sort or hash of 100,000 guests by reason
        counts = [SQL("count(*)")]
        for channel in ("sms", "mail"):
            column = SQL.identifier(channel)
            counts.append(SQL("count(*) FILTER (WHERE %s IS NULL)", column))
            counts += [SQL("count(*) FILTER (WHERE %s = %s)", column, code) for code in codes]
        Policy._fuxi_flush()
        self.env.cr.execute(
            SQL("SELECT %s FROM (%s) AS r(id, sms, mail)", SQL(", ").join(counts), reasons)
        )
        row = iter(self.env.cr.fetchone())
        result = {"recipients": next(row), "refusals": {}}
        for channel in ("sms", "mail"):
            result[channel] = next(row)
            numbers = {code: next(row) for code in codes}
            result["refusals"][channel] = {code: n for code, n in numbers.items() if n}
        return result

    def fuxi_count(self):
        """RPC: how many guests the audience has and how many a marketing message would
        reach by SMS and by e-mail now (plain dict)."""
        self.ensure_one()
        self.check_access("read")
        return self._fuxi_counts()

    def action_view_partners(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": [("fuxi_marketing_audience_id", "=", self.id)],
            "context": {"create": False},
        }
