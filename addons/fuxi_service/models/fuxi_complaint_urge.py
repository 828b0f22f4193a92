from odoo import fields, models


class FuxiComplaintUrge(models.Model):
    """催办记录: who urged, when, and whether it was the overdue job."""

    _name = "fuxi.complaint.urge"
    _description = "Complaint Urge"
    _order = "date desc, id desc"

    complaint_id = fields.Many2one(
        "fuxi.complaint", required=True, index=True, ondelete="cascade", readonly=True
    )
    date = fields.Datetime(default=fields.Datetime.now, required=True, readonly=True)
    user_id = fields.Many2one("res.users", string="Urged By", readonly=True)
    automatic = fields.Boolean(readonly=True, help="Urged by the overdue job.")
    note = fields.Text(readonly=True)
    notified_user_ids = fields.Many2many("res.users", string="Notified", readonly=True)
