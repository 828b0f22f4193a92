from odoo import fields, models


class FuxiCashierTopupRule(models.Model):
    """Top-up bonus (充值赠送): topping up at least the amount adds the bonus to the stored
    value (充1000送100). The rule with the largest amount reached applies, once."""

    _name = "fuxi.cashier.topup.rule"
    _description = "Stored Value Top-up Bonus"
    _order = "min_amount desc, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    min_amount = fields.Monetary(string="Top-up From", required=True)
    bonus = fields.Monetary(required=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")

    _sql_constraints = [
        ("amounts_positive", "CHECK(min_amount > 0 AND bonus >= 0)", "Amounts must be positive."),
    ]
