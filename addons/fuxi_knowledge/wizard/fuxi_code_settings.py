from odoo import api, fields, models

from ..models.product_template import DISH_CODE_SEQUENCE


class FuxiCodeSettings(models.TransientModel):
    """The dish code (菜式代码) in Code Settings, for the managers of this area."""

    _inherit = "fuxi.code.settings"

    dish_prefix = fields.Char(string="Dish Code Prefix")
    dish_padding = fields.Integer(string="Dish Code Digits", default=5)
    dish_number_next = fields.Integer(string="Next Dish Number", default=1)
    dish_preview = fields.Char(string="Next Dish Code", compute="_compute_dish_preview")

    @api.model
    def _fuxi_code_kinds(self):
        return {
            **super()._fuxi_code_kinds(),
            "dish": (DISH_CODE_SEQUENCE, "fuxi_knowledge.group_fuxi_knowledge_manager"),
        }

    @api.depends("dish_prefix", "dish_padding", "dish_number_next")
    def _compute_dish_preview(self):
        for settings in self:
            settings.dish_preview = settings._fuxi_preview("dish")

    @api.constrains("dish_padding", "dish_number_next")
    def _check_dish_numbers(self):
        self._fuxi_check_numbers("dish")
