from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    fuxi_customer_code_preview = fields.Char(
        string="Next Customer Code", compute="_compute_fuxi_customer_code_preview"
    )

    # The settings form fills every field it shows with False before computing what depends
    # on the fields it gave a default: a compute without dependencies is never run and the
    # preview stays empty. company_id always gets a default.
    @api.depends("company_id")
    def _compute_fuxi_customer_code_preview(self):
        preview = self.env["fuxi.code.settings"]._fuxi_sequence_preview("customer")
        for settings in self:
            settings.fuxi_customer_code_preview = preview

    def action_fuxi_code_settings(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "fuxi_customer.fuxi_code_settings_action"
        )
