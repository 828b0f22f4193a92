from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    fuxi_marketing_quiet_start = fields.Float(
        "Quiet hours from",
        config_parameter="fuxi_marketing.quiet_start",
        default=21.0,
        help="No marketing message leaves from this local hour on; it waits until the end.",
    )
    fuxi_marketing_quiet_end = fields.Float(
        "Quiet hours until", config_parameter="fuxi_marketing.quiet_end", default=8.0
    )
    fuxi_marketing_monthly_cap = fields.Integer(
        "Marketing messages per guest and month",
        config_parameter="fuxi_marketing.monthly_cap",
        default=4,
    )
    fuxi_marketing_tz = fields.Selection(related="company_id.fuxi_marketing_tz", readonly=False)
    fuxi_marketing_sms_optout_text = fields.Char(
        related="company_id.fuxi_marketing_sms_optout_text", readonly=False
    )
