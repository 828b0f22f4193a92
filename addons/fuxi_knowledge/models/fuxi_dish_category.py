from odoo import api, fields, models
from odoo.exceptions import ValidationError


class FuxiDishCategory(models.Model):
    """菜式品种类别: a tree such as 热菜 / 杭帮菜, 酒水 / 黄酒."""

    _name = "fuxi.dish.category"
    _description = "Dish Category"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "sequence, complete_name"

    name = fields.Char(required=True, translate=True)
    complete_name = fields.Char(compute="_compute_complete_name", store=True, recursive=True)
    parent_id = fields.Many2one("fuxi.dish.category", index=True, ondelete="restrict")
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("fuxi.dish.category", "parent_id", string="Sub-categories")
    sequence = fields.Integer(default=10)
    default_kind = fields.Selection(
        [("dish", "Dish"), ("drink", "Drink")],
        default="dish",
        required=True,
        help="Kind given to new products of this category.",
    )
    default_station = fields.Selection(
        [("hot", "Hot Kitchen"), ("cold", "Cold Kitchen"), ("bar", "Bar")],
        help="Kitchen station given to new products of this category.",
    )
    dish_count = fields.Integer(compute="_compute_dish_count", string="Dishes")
    active = fields.Boolean(default=True)

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for category in self:
            category.complete_name = (
                f"{category.parent_id.complete_name} / {category.name}"
                if category.parent_id
                else category.name
            )

    def _compute_dish_count(self):
        counts = dict(
            self.env["product.template"]._read_group(
                [("fuxi_category_id", "child_of", self.ids)], ["fuxi_category_id"], ["__count"]
            )
        )
        for category in self:
            category.dish_count = sum(
                count
                for cat, count in counts.items()
                if cat.parent_path.startswith(category.parent_path)
            )

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A category cannot be inside itself."))
