from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    fuxi_kitchen_warn_minutes = fields.Integer(
        string="Kitchen: warn after (minutes)",
        config_parameter="fuxi_frontdesk.kitchen_warn_minutes",
        default=10,
    )
    fuxi_kitchen_late_minutes = fields.Integer(
        string="Kitchen: late after (minutes)",
        config_parameter="fuxi_frontdesk.kitchen_late_minutes",
        default=20,
    )
