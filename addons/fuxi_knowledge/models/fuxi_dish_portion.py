from odoo import api, fields, models
from odoo.exceptions import ValidationError


class FuxiDishPortion(models.Model):
    """A size a dish is served in (大份 / 中份 / 小份), each with its own price. A dish without
    portions is sold at its list price."""

    _name = "fuxi.dish.portion"
    _description = "Dish Portion"
    _order = "product_tmpl_id, sequence, id"

    product_tmpl_id = fields.Many2one(
        "product.template", string="Dish", required=True, index=True, ondelete="cascade"
    )
    name = fields.Char(required=True, help="e.g. 大份, 中份, 小份")
    price = fields.Float(
        digits="Product Price", required=True, help="The price of one dish in this portion."
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        related="product_tmpl_id.company_id", store=True, index=True, string="Company"
    )

    @api.constrains("price")
    def _check_price(self):
        for portion in self:
            if portion.price < 0:
                raise ValidationError(
                    self.env._(
                        "%(dish)s, %(portion)s: a portion's price cannot be negative.",
                        dish=portion.product_tmpl_id.name,
                        portion=portion.name,
                    )
                )
