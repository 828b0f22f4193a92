from odoo import api, fields, models
from odoo.exceptions import UserError


class FuxiComplaintHandling(models.Model):
    """受理情况: what was done about the complaint, by whom, with what result."""

    _name = "fuxi.complaint.handling"
    _description = "Complaint Handling Record"
    _order = "date desc, id desc"

    complaint_id = fields.Many2one("fuxi.complaint", required=True, index=True, ondelete="cascade")
    date = fields.Datetime(
        default=fields.Datetime.now,
        required=True,
        readonly=True,
        help="When the entry was recorded: set by the server, not typed in.",
    )
    user_id = fields.Many2one(
        "res.users", string="Handled By", default=lambda self: self.env.user, required=True
    )
    action = fields.Text(string="What Was Done", required=True)
    result = fields.Text()

    @api.model_create_multi
    def create(self, vals_list):
        # the log's time is when it was written: a typed date (in the future, or back-dated
        # to make a resolution look faster) would falsify the complaint's history
        now = fields.Datetime.now()
        for vals in vals_list:
            vals["date"] = now
        return super().create(vals_list)

    def write(self, vals):
        if "date" in vals and not self.env.su:
            raise UserError(self.env._("The time of a handling record is when it was recorded."))
        return super().write(vals)
