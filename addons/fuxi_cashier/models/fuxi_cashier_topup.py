import math

from odoo import fields, models


class FuxiCashierTopup(models.Model):
    """A stored value top-up (储值充值), paid by a payment method, with its bonus. Refunded
    by a manager as a whole, while the member still holds it."""

    _name = "fuxi.cashier.topup"
    _description = "Stored Value Top-up"
    _inherit = ["fuxi.sequence.mixin"]
    _order = "id desc"
    _fuxi_sequence_code = "fuxi.cashier.topup"

    name = fields.Char(string="Number", required=True, readonly=True, copy=False, default="/")
    partner_id = fields.Many2one("res.partner", string="Member", required=True, readonly=True)
    method_id = fields.Many2one(
        "fuxi.cashier.payment.method", required=True, readonly=True, ondelete="restrict"
    )
    amount = fields.Monetary(readonly=True)
    bonus = fields.Monetary(readonly=True)
    points_earned = fields.Float(digits=(16, 0), readonly=True)
    reference = fields.Char(readonly=True)
    client_id = fields.Char(readonly=True, copy=False)
    state = fields.Selection(
        [("done", "Done"), ("refunded", "Refunded")], default="done", required=True, readonly=True
    )
    user_id = fields.Many2one("res.users", required=True, readonly=True)
    shift_id = fields.Many2one("fuxi.cashier.shift", readonly=True, index="btree_not_null")
    date = fields.Date(string="Business Day", required=True, readonly=True, index=True)
    refund_reason = fields.Char(readonly=True)
    refunded_by = fields.Many2one("res.users", readonly=True)
    refund_date = fields.Date(readonly=True, index=True)
    refund_shift_id = fields.Many2one("fuxi.cashier.shift", readonly=True)
    ledger_ids = fields.One2many("loyalty.history", "fuxi_topup_id", readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")

    _sql_constraints = [
        ("client_id_unique", "UNIQUE(company_id, client_id)", "A top-up request is applied once."),
    ]

    def _bonus_for(self, amount, company):
        rule = (
            self.env["fuxi.cashier.topup.rule"]
            .sudo()
            .search(
                [("company_id", "in", (company.id, False)), ("min_amount", "<=", amount)],
                order="min_amount desc",
                limit=1,
            )
        )
        return rule.bonus if rule else 0.0

    def _post(self):
        """The ledger lines of a new top-up: the money, the bonus, the points earned."""
        self.ensure_one()
        partner = self.partner_id.sudo()
        card = partner._fuxi_card("stored_value", create=True)
        card._fuxi_post(self.amount, "topup", self.env._("Top-up %s", self.name), topup=self)
        if self.bonus:
            card._fuxi_post(
                self.bonus, "bonus", self.env._("Top-up bonus %s", self.name), topup=self
            )
        if self.method_id.earns_points:
            rate = self.company_id.sudo()._fuxi_points_rate()
            points = math.floor(self.amount * rate + 1e-6)
            if points:
                partner._fuxi_card("points", create=True)._fuxi_post(
                    points, "earn", self.env._("Points earned on top-up %s", self.name), topup=self
                )
                self.sudo().points_earned = points

    def _refund(self, reason):
        self.ensure_one()
        partner = self.partner_id.sudo()
        card = partner._fuxi_card("stored_value", create=True)
        card._fuxi_post(
            -(self.amount + self.bonus),
            "topup_refund",
            self.env._("Top-up %(name)s refunded: %(reason)s", name=self.name, reason=reason),
            topup=self,
        )
        if self.points_earned:
            partner._fuxi_card("points", create=True)._fuxi_post(
                -self.points_earned,
                "earn_reversal",
                self.env._("Points of refunded top-up %s taken back", self.name),
                topup=self,
                allow_negative=True,
            )
        self.sudo().write(
            {
                "state": "refunded",
                "refund_reason": reason,
                "refunded_by": self.env.uid,
                "refund_date": fields.Date.context_today(self),
                "refund_shift_id": self.env["fuxi.cashier.shift"]._current().id,
            }
        )

    def _topup_payload(self):
        self.ensure_one()
        return {
            "id": self.id,
            "name": self.name,
            "amount": self.amount,
            "bonus": self.bonus,
            "points_earned": self.points_earned,
            "method": self.method_id.name,
            "state": self.state,
        }
