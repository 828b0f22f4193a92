from odoo import fields, models

from .fuxi_kitchen_station import COURSES, KINDS, station_selection


class FuxiDishCategory(models.Model):
    """菜式品种类别: a tree such as 热菜 / 杭帮菜, 酒水 / 黄酒."""

    _name = "fuxi.dish.category"
    _description = "Dish Category"
    _inherit = ["fuxi.tree.mixin"]
    _order = "sequence, name"

    parent_id = fields.Many2one("fuxi.dish.category", index=True, ondelete="restrict")
    child_ids = fields.One2many("fuxi.dish.category", "parent_id", string="Sub-categories")
    sequence = fields.Integer(default=10)
    default_kind = fields.Selection(
        KINDS,
        default="dish",
        required=True,
        help="Kind given to new products of this category.",
    )
    default_station = fields.Selection(
        selection=station_selection,
        help="Kitchen station given to new products of this category.",
    )
    default_course = fields.Selection(
        COURSES,
        help="Course given to new products of this category (the front desk holds and fires "
        "an order's lines by course).",
    )
    dish_count = fields.Integer(compute="_compute_dish_count", string="Dishes")
    active = fields.Boolean(default=True)

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
