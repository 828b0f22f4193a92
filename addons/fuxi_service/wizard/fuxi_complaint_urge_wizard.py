from odoo import api, fields, models


class FuxiComplaintUrgeWizard(models.TransientModel):
    _name = "fuxi.complaint.urge.wizard"
    _description = "Urge a Complaint"

    complaint_ids = fields.Many2many("fuxi.complaint", required=True)
    note = fields.Text(help="Added to the reminder, e.g. 客人今天再次来电.")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "fuxi.complaint":
            values["complaint_ids"] = [(6, 0, self.env.context.get("active_ids", []))]
        return values

    def action_confirm(self):
        self.complaint_ids.action_urge(note=self.note or "")
        return {"type": "ir.actions.act_window_close"}
