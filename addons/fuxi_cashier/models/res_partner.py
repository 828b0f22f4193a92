from odoo import api, fields, models
from odoo.tools import float_round


class ResPartner(models.Model):
    _inherit = "res.partner"

    fuxi_can_sign = fields.Boolean(
        string="May Sign (挂账)",
        groups="fuxi_cashier.group_fuxi_cashier",
        help="The guest may sign the bill to the company's account.",
    )
    fuxi_sign_limit = fields.Monetary(
        string="Signing Limit",
        currency_field="fuxi_sign_currency_id",
        groups="fuxi_cashier.group_fuxi_cashier",
        help="The most the guest may owe on signed bills.",
    )
    fuxi_sign_currency_id = fields.Many2one(
        "res.currency", compute="_compute_fuxi_sign_currency_id"
    )

    def _compute_fuxi_sign_currency_id(self):
        for partner in self:
            partner.fuxi_sign_currency_id = self.env.company.currency_id

    # ------------------------------------------------------------- member cards
    def _fuxi_card(self, kind, create=False):
        """The member's stored value or points card (loyalty.card, sudo) in the current
        company, created on demand; an empty recordset when there is none."""
        self.ensure_one()
        program = self.env.company._fuxi_cashier_program(kind, create=create)
        Card = self.env["loyalty.card"].sudo()
        if not program:
            return Card
        card = Card.search([("program_id", "=", program.id), ("partner_id", "=", self.id)], limit=1)
        if not card and create:
            # one card per member and program: two first top-ups at once wait on the member
            self.env.cr.execute("SELECT id FROM res_partner WHERE id = %s FOR UPDATE", (self.id,))
            card = Card.search(
                [("program_id", "=", program.id), ("partner_id", "=", self.id)], limit=1
            )
            if not card:
                card = Card.create({"program_id": program.id, "partner_id": self.id, "points": 0})
        return card

    def _fuxi_post_on(self, card_kind, delta, kind, description, **kwargs):
        """loyalty.card._fuxi_post on the member's ``card_kind`` card in the current company
        (made on demand), answering the card's new balance. A checkout posts on two cards
        (the stored value paid, the points earned): each post finds, locks and moves its
        card in one UPDATE, then writes its ledger line. What that UPDATE does not do (no
        card yet, or a balance that would go below zero) goes the way of _fuxi_post, which
        makes the card or refuses with the balance in the message."""
        self.ensure_one()
        program = self.env.company._fuxi_cashier_program(card_kind, create=True)
        Card = self.env["loyalty.card"].sudo()
        if program:
            # the lock reads the rows: what this transaction wrote must be in them first
            Card.flush_model(["points", "partner_id", "program_id", "active"])
            # rounded as _fuxi_post_locked rounds: money to the fen, points to the unit
            self.env.cr.execute(
                """WITH card AS (
                       SELECT c.id, c.points::numeric AS points,
                              p.program_type,
                              CASE WHEN p.program_type = 'ewallet' THEN 2 ELSE 0 END AS digits
                         FROM loyalty_card c
                         JOIN loyalty_program p ON p.id = c.program_id
                        WHERE c.program_id = %(program)s AND c.partner_id = %(partner)s
                          AND c.active
                        ORDER BY c.id LIMIT 1
                          FOR UPDATE OF c
                   ), moved AS (
                       SELECT id, program_type,
                              round(points + round(%(delta)s::numeric, digits), digits) AS new
                         FROM card
                   )
                   UPDATE loyalty_card c
                      SET points = moved.new::double precision,
                          write_uid = %(uid)s,
                          write_date = (now() AT TIME ZONE 'UTC')
                     FROM moved
                    WHERE c.id = moved.id
                      AND (%(delta)s >= 0 OR %(allow_negative)s OR moved.new >= 0)
                RETURNING c.id, moved.program_type, c.points""",
                {
                    "program": program.id,
                    "partner": self.id,
                    "delta": delta,
                    "allow_negative": bool(kwargs.get("allow_negative")),
                    "uid": self.env.uid,
                },
            )
            row = self.env.cr.fetchone()
            if row:
                card_id, program_type, new = row
                card = Card.browse(card_id)
                # its balance and what follows from it, as the UPDATE left them
                card.invalidate_recordset()
                digits = 2 if program_type == "ewallet" else 0
                ledger = {key: value for key, value in kwargs.items() if key != "allow_negative"}
                card._fuxi_ledger_line(
                    float_round(delta, precision_digits=digits), kind, description, **ledger
                )
                return new
        # no card yet (made as _fuxi_card makes it), or a refusal (said by _fuxi_post)
        return self._fuxi_card(card_kind, create=True)._fuxi_post(
            delta, kind, description, **kwargs
        )

    def _fuxi_balances(self, known=None):
        """(stored value, points) of the member in the current company. ``known``: the
        balances a verb has just moved, {"stored_value": ..., "points": ...} as
        _fuxi_post_on answered them: when both are known, nothing is read."""
        self.ensure_one()
        company = self.env.company.sudo()
        if known and "stored_value" in known and "points" in known:
            return (
                company.currency_id.round(known["stored_value"]),
                float_round(known["points"], precision_digits=0),
            )
        stored_program = company.fuxi_stored_value_program_id
        programs = stored_program | company.fuxi_points_program_id
        balance = points = 0.0
        if programs:
            # both cards in one query (every bill answer shows them)
            cards = (
                self.env["loyalty.card"]
                .sudo()
                .search_fetch(
                    [("partner_id", "=", self.id), ("program_id", "in", programs.ids)],
                    ["points", "program_id"],
                )
            )
            for card in cards:
                if card.program_id == stored_program:
                    balance += card.points
                else:
                    points += card.points
        return company.currency_id.round(balance), float_round(points, precision_digits=0)

    def _fuxi_signed_outstanding(self):
        """What the guest owes on signed bills (payments by signed account still on them and
        not settled yet)."""
        self.ensure_one()
        self.env.cr.execute(
            """SELECT COALESCE(SUM(p.amount), 0) FROM fuxi_cashier_payment p
               JOIN fuxi_cashier_payment_method m ON m.id = p.method_id
               WHERE p.partner_id = %s AND p.state = 'posted' AND m.kind = 'account'
                 AND p.settlement_id IS NULL AND p.company_id = %s""",
            (self.id, self.env.company.id),
        )
        return self.env.company.currency_id.round(self.env.cr.fetchone()[0])

    def _fuxi_member_payload(self, balances=None):
        """The member block of the panel; ``balances``: see _fuxi_balances."""
        self.ensure_one()
        partner = self.sudo()
        balance, points = partner._fuxi_balances(balances)
        class_id = self.customer_class_id.id
        return {
            "id": self.id,
            "name": self.name or "",
            "class": self.env["fuxi.customer.class"]._fuxi_class_name(
                class_id, self.env.lang or "en_US"
            )
            if class_id
            else "",
            "balance": balance,
            "points": points,
            "points_value": self.env.company.currency_id.round(
                # read only: showing a member makes no points program
                points * self.env.company._fuxi_points_terms(create=False)[1]
            ),
            "can_sign": partner.fuxi_can_sign,
            "sign_limit": partner.fuxi_sign_limit if partner.fuxi_can_sign else 0.0,
            # what the signed bills still owe (settled by the account, 挂账结算)
            "signed_owed": partner._fuxi_signed_outstanding() if partner.fuxi_can_sign else 0.0,
        }

    @api.model
    def _fuxi_guest_profile_company_fields(self):
        return [
            *super()._fuxi_guest_profile_company_fields(),
            "currency_id",
            "fuxi_stored_value_program_id",
            "fuxi_points_program_id",
        ]

    def _fuxi_guest_profile(self):
        """The swipe desk and the front desk show the member's stored value and points."""
        profile = super()._fuxi_guest_profile()
        balance, points = self.sudo()._fuxi_balances()
        profile["member"] = {
            "balance": balance,
            "points": points,
            "currency_id": self.env.company.currency_id.id,
        }
        return profile
