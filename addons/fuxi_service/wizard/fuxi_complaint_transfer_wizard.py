from odoo import api, fields, models


class FuxiComplaintTransferWizard(models.TransientModel):
    _name = "fuxi.complaint.transfer.wizard"
    _description = "Transfer a Complaint"

    complaint_ids = fields.Many2many("fuxi.complaint", required=True)
    to_department_id = fields.Many2one("hr.department", string="To Department")
    to_user_id = fields.Many2one("res.users", string="To", domain=[("share", "=", False)])
    reason = fields.Text(required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "fuxi.complaint":
            values["complaint_ids"] = [(6, 0, self.env.context.get("active_ids", []))]
        return values

    @api.onchange("to_user_id")
    def _onchange_to_user_id(self):
        department = self.to_user_id.employee_id.department_id
        if department and not self.to_department_id:
            self.to_department_id = department

    def action_confirm(self):
        self.complaint_ids.action_transfer(
            self.to_department_id.id, self.to_user_id.id, self.reason
        )
        return {"type": "ir.actions.act_window_close"}
