from odoo import fields, models


class FuxiCashierBillRule(models.Model):
    """A rule applied on a closed bill, with its amount (discounts negative, charges
    positive): what the receipt prints and the daily close adds up by rule."""

    _name = "fuxi.cashier.bill.rule"
    _description = "Rule Applied on a Bill"
    _order = "id"

    bill_id = fields.Many2one("fuxi.cashier.bill", required=True, ondelete="cascade", index=True)
    rule_id = fields.Many2one("fuxi.cashier.price.rule", ondelete="set null")
    name = fields.Char(required=True)
    kind = fields.Char(required=True)
    amount = fields.Monetary()
    # precomputed: in the INSERT, not an UPDATE after it (every bill closes with its rules)
    company_id = fields.Many2one(related="bill_id.company_id", store=True, precompute=True)
    currency_id = fields.Many2one(related="bill_id.currency_id")
