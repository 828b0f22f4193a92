from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    fuxi_deadline_hours_low = fields.Integer(
        string="Low severity (hours)",
        config_parameter="fuxi_service.deadline_hours_low",
        default=72,
    )
    fuxi_deadline_hours_medium = fields.Integer(
        string="Moderate severity (hours)",
        config_parameter="fuxi_service.deadline_hours_medium",
        default=24,
    )
    fuxi_deadline_hours_high = fields.Integer(
        string="High severity (hours)",
        config_parameter="fuxi_service.deadline_hours_high",
        default=8,
    )
    fuxi_deadline_hours_critical = fields.Integer(
        string="Critical severity (hours)",
        config_parameter="fuxi_service.deadline_hours_critical",
        default=2,
    )
    fuxi_auto_urge_interval_hours = fields.Integer(
        string="Urge overdue complaints every (hours)",
        config_parameter="fuxi_service.auto_urge_interval_hours",
        default=24,
    )
