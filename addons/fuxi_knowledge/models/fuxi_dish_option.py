from odoo import api, fields, models
from odoo.exceptions import ValidationError


class FuxiDishOption(models.Model):
    """A choice the guest adds to a dish (加辣 free, 加蛋 ¥3): its extra price is added to
    each dish ordered with it, and the kitchen sees its name on the ticket."""

    _name = "fuxi.dish.option"
    _description = "Dish Option"
    _order = "product_tmpl_id, sequence, id"

    product_tmpl_id = fields.Many2one(
        "product.template", string="Dish", required=True, index=True, ondelete="cascade"
    )
    name = fields.Char(required=True, help="e.g. 加辣, 加蛋")
    price_extra = fields.Float(
        string="Extra Price", digits="Product Price", help="Added to the price of each dish."
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        related="product_tmpl_id.company_id", store=True, index=True, string="Company"
    )

    @api.constrains("price_extra")
    def _check_price_extra(self):
        for option in self:
            if option.price_extra < 0:
                raise ValidationError(
                    self.env._(
                        "%(dish)s, %(option)s: an option's extra price cannot be negative.",
                        dish=option.product_tmpl_id.name,
                        option=option.name,
                    )
                )
