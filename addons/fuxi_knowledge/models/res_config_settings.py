from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    fuxi_new_dish_days = fields.Integer(
        string="New Dish Days",
        config_parameter="fuxi_knowledge.new_dish_days",
        default=14,
        help="How many days a launched dish is shown as new and recommended to guests.",
    )
