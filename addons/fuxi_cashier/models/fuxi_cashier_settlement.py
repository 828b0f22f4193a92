from odoo import fields, models


class FuxiCashierSettlement(models.Model):
    """A signed account settled (挂账结算): the company or guest allowed to sign pays what
    its signed bills still owe, by a payment method. Never edited: the signed payments it
    settles name it, and the account owes nothing for them any more."""

    _name = "fuxi.cashier.settlement"
    _description = "Signed Account Settlement"
    _inherit = ["fuxi.sequence.mixin"]
    _order = "id desc"
    _fuxi_sequence_code = "fuxi.cashier.settlement"

    name = fields.Char(string="Number", required=True, readonly=True, copy=False, default="/")
    partner_id = fields.Many2one("res.partner", string="Account", required=True, readonly=True)
    method_id = fields.Many2one(
        "fuxi.cashier.payment.method", required=True, readonly=True, ondelete="restrict"
    )
    kind = fields.Selection(related="method_id.kind")
    amount = fields.Monetary(readonly=True)
    reference = fields.Char(readonly=True)
    client_id = fields.Char(readonly=True, copy=False)
    payment_ids = fields.One2many(
        "fuxi.cashier.payment", "settlement_id", string="Signed Payments", readonly=True
    )
    bill_count = fields.Integer(readonly=True)
    user_id = fields.Many2one("res.users", required=True, readonly=True)
    shift_id = fields.Many2one("fuxi.cashier.shift", readonly=True, index="btree_not_null")
    date = fields.Date(string="Business Day", required=True, readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")

    _sql_constraints = [
        (
            "client_id_unique",
            "UNIQUE(company_id, client_id)",
            "A settlement request is applied once.",
        ),
    ]

    def _settlement_payload(self):
        self.ensure_one()
        return {
            "id": self.id,
            "name": self.name,
            "amount": self.amount,
            "bills": self.bill_count,
            "method": self.method_id.name,
            "reference": self.reference or "",
        }
