from odoo import api, fields, models
from odoo.exceptions import UserError


class FuxiCashierShift(models.Model):
    """A cashier's shift (班次): the cash in the drawer at the start, what the payments say
    should be in it, what was counted at the end."""

    _name = "fuxi.cashier.shift"
    _description = "Cashier Shift"
    _order = "opened_at desc, id desc"

    name = fields.Char(compute="_compute_name")
    user_id = fields.Many2one(
        "res.users", string="Cashier", required=True, readonly=True, index=True
    )
    date = fields.Date(required=True, readonly=True, index=True)
    state = fields.Selection(
        [("open", "Open"), ("closed", "Closed")], default="open", required=True, readonly=True
    )
    opened_at = fields.Datetime(default=fields.Datetime.now, required=True, readonly=True)
    closed_at = fields.Datetime(readonly=True)
    opening_cash = fields.Monetary(readonly=True)
    counted_cash = fields.Monetary(readonly=True)
    expected_cash = fields.Monetary(compute="_compute_expected_cash")
    difference = fields.Monetary(compute="_compute_expected_cash")
    payment_ids = fields.One2many("fuxi.cashier.payment", "shift_id", readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, readonly=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")

    @api.depends("user_id", "opened_at")
    def _compute_name(self):
        for shift in self:
            shift.name = f"{shift.user_id.name or ''} {fields.Datetime.to_string(shift.opened_at)}"

    @api.depends("opening_cash", "counted_cash", "payment_ids.amount", "payment_ids.state")
    def _compute_expected_cash(self):
        Topup = self.env["fuxi.cashier.topup"].sudo()
        for shift in self:
            r = shift.currency_id.round
            cash = shift.sudo().payment_ids.filtered(
                lambda p: p.state == "posted" and p.method_id.kind == "cash"
            )
            topups = (
                Topup.search([("shift_id", "=", shift.id), ("method_id.kind", "=", "cash")])
                if shift.id
                else Topup
            )
            refunds = (
                Topup.search([("refund_shift_id", "=", shift.id), ("method_id.kind", "=", "cash")])
                if shift.id
                else Topup
            )
            settled = (
                self.env["fuxi.cashier.settlement"]
                .sudo()
                .search([("shift_id", "=", shift.id), ("method_id.kind", "=", "cash")])
                if shift.id
                else self.env["fuxi.cashier.settlement"]
            )
            shift.expected_cash = r(
                shift.opening_cash
                + sum(cash.mapped("amount"))
                + sum(topups.mapped("amount"))
                - sum(refunds.mapped("amount"))
                + sum(settled.mapped("amount"))
            )
            shift.difference = (
                r(shift.counted_cash - shift.expected_cash) if shift.state == "closed" else 0.0
            )

    @api.model
    def _current(self, create=True, opening_cash=0.0):
        """The user's open shift in the current company (opened on the first payment)."""
        shift = self.sudo().search(
            [
                ("user_id", "=", self.env.uid),
                ("company_id", "=", self.env.company.id),
                ("state", "=", "open"),
            ],
            limit=1,
        )
        return self._open_if_none(shift, create, opening_cash)

    @api.model
    def _current_on_open_day(self):
        """The user's open shift in the current company (opened on the first payment), once
        today is found open (fuxi.cashier.day._check_day_open): a settle needs both, asked
        in one query. The user's own shift and their company's day: no other row is read."""
        self.flush_model(["user_id", "company_id", "state", "opened_at"])
        self.env["fuxi.cashier.day"].flush_model(["company_id", "date", "state"])
        company_id = self.env.company.id
        today = fields.Date.context_today(self)
        self.env.cr.execute(
            """SELECT (SELECT d.state FROM fuxi_cashier_day d
                        WHERE d.company_id = %(company)s AND d.date = %(today)s
                        ORDER BY d.id DESC LIMIT 1),
                      (SELECT s.id FROM fuxi_cashier_shift s
                        WHERE s.user_id = %(user)s AND s.company_id = %(company)s
                          AND s.state = 'open'
                        ORDER BY s.opened_at DESC, s.id DESC LIMIT 1)""",
            {"company": company_id, "today": today, "user": self.env.uid},
        )
        day_state, shift_id = self.env.cr.fetchone()
        if day_state == "closed":
            # the refusal as the day's check words it
            self.env["fuxi.cashier.day"]._check_day_open(today)
        return self._open_if_none(self.sudo().browse(shift_id), True, 0.0)

    @api.model
    def _open_if_none(self, shift, create, opening_cash):
        if not shift and create:
            shift = self.sudo().create(
                {
                    "user_id": self.env.uid,
                    "company_id": self.env.company.id,
                    "date": fields.Date.context_today(self),
                    "opening_cash": opening_cash,
                }
            )
        return shift

    def _close(self, counted_cash):
        self.ensure_one()
        if self.state != "open":
            raise UserError(self.env._("This shift is already closed."))
        self.sudo().write(
            {"state": "closed", "closed_at": fields.Datetime.now(), "counted_cash": counted_cash}
        )

    def _shift_payload(self):
        self.ensure_one()
        return {
            "id": self.id,
            "cashier": self.user_id.name or "",
            "state": self.state,
            "date": fields.Date.to_string(self.date),
            "opened_at": fields.Datetime.to_string(self.opened_at),
            "closed_at": fields.Datetime.to_string(self.closed_at) or False,
            "opening_cash": self.opening_cash,
            "expected_cash": self.expected_cash,
            "counted_cash": self.counted_cash,
            "difference": self.difference,
            "payments": len(self.sudo().payment_ids.filtered(lambda p: p.state == "posted")),
        }
