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


class FuxiComplaintHandling(models.Model):
    """受理情况: what was done about the complaint, by whom, with what result."""

    _name = "fuxi.complaint.handling"
    _description = "Complaint Handling Record"
    _order = "date desc, id desc"

    complaint_id = fields.Many2one("fuxi.complaint", required=True, index=True, ondelete="cascade")
    date = fields.Datetime(default=fields.Datetime.now, required=True)
    user_id = fields.Many2one(
        "res.users", string="Handled By", default=lambda self: self.env.user, required=True
    )
    action = fields.Text(string="What Was Done", required=True)
    result = fields.Text()
