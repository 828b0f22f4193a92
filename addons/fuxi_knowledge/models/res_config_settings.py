from odoo import api, fields, models

from .product_template import NEW_DAYS_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    fuxi_new_dish_days = fields.Integer(
        string="New Dish Days",
        config_parameter=NEW_DAYS_PARAM,
        default=14,
        help="How many days a launched dish is shown as new and recommended to guests.",
    )
    fuxi_dish_code_preview = fields.Char(
        string="Next Dish Code", compute="_compute_fuxi_dish_code_preview"
    )

    # without a dependency with a default, the settings form never computes it (empty)
    @api.depends("company_id")
    def _compute_fuxi_dish_code_preview(self):
        preview = self.env["fuxi.code.settings"]._fuxi_sequence_preview("dish")
        for settings in self:
            settings.fuxi_dish_code_preview = preview
