from odoo import fields, models

FUXI_FAILURE_TYPES = [
    ("fuxi_gateway_config", "SMS gateway not set up"),
    ("fuxi_gateway_rejected", "Refused by the SMS gateway"),
    ("fuxi_interrupted", "Interrupted while handed to the SMS gateway"),
]


class MailNotification(models.Model):
    _inherit = "mail.notification"

    failure_type = fields.Selection(selection_add=FUXI_FAILURE_TYPES)
