from odoo import fields, models

from .fuxi_complaint import OPEN_STATES


class ResPartner(models.Model):
    _inherit = "res.partner"

    complaint_ids = fields.One2many("fuxi.complaint", "partner_id", string="Complaints")
    complaint_count = fields.Integer(compute="_compute_service_counts", string="Complaints ")
    support_request_count = fields.Integer(
        compute="_compute_service_counts", string="Support Requests"
    )

    def _compute_service_counts(self):
        complaints = dict(
            self.env["fuxi.complaint"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        support_counts = dict(
            self.env["fuxi.support.request"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.complaint_count = complaints.get(partner, 0)
            partner.support_request_count = support_counts.get(partner, 0)

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("fuxi_service.action_fuxi_complaint")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_view_support_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fuxi_service.action_fuxi_support_request"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def _fuxi_guest_profile(self):
        """Add the guest's open complaints (for users who may see complaints)."""
        profile = super()._fuxi_guest_profile()
        Complaint = self.env["fuxi.complaint"]
        if Complaint.has_access("read"):
            # what the profile shows of them, read by the search's query
            complaints = Complaint.search_fetch(
                [("partner_id", "=", self.id), ("state", "in", OPEN_STATES)],
                ["name", "date", "category_id", "object_display", "state", "severity", "deadline"],
                limit=5,
            )
            profile["open_complaints"] = complaints._profile_values()
        return profile
