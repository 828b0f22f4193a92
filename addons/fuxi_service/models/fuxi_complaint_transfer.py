from odoo import fields, models


class FuxiComplaintTransfer(models.Model):
    """移交记录: every hand-over of a complaint, kept for good."""

    _name = "fuxi.complaint.transfer"
    _description = "Complaint Transfer"
    _order = "date desc, id desc"

    complaint_id = fields.Many2one(
        "fuxi.complaint", required=True, index=True, ondelete="cascade", readonly=True
    )
    date = fields.Datetime(default=fields.Datetime.now, required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Transferred By", default=lambda self: self.env.user, readonly=True
    )
    from_department_id = fields.Many2one("hr.department", string="From Department", readonly=True)
    from_user_id = fields.Many2one("res.users", string="From", readonly=True)
    to_department_id = fields.Many2one("hr.department", string="To Department", readonly=True)
    to_user_id = fields.Many2one("res.users", string="To", readonly=True)
    reason = fields.Text(required=True, readonly=True)
