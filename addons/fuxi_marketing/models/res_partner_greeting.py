from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    fuxi_greeting_benefits = fields.Char(
        string="Greeting Benefits",
        compute="_compute_fuxi_greeting_benefits",
        help="What a greeting offers this guest (e.g. the birthday discount), for templates: "
        "{{ object.fuxi_greeting_benefits }}.",
    )

    def _compute_fuxi_greeting_benefits(self):
        for partner in self:
            partner.fuxi_greeting_benefits = partner._fuxi_greeting_benefits()

    def _fuxi_greeting_benefits(self):
        """The benefit a greeting names for this guest, as text ('' when none). Addons that
        know the guest's benefits (fuxi_marketing_cashier: the birthday discount) extend it."""
        self.ensure_one()
        return ""

    def _fuxi_guest_profile(self):
        """The stations' guest profile also lists the restaurant's latest news."""
        profile = super()._fuxi_guest_profile()
        profile["news"] = self.env["fuxi.marketing.news"]._fuxi_latest_for_staff()
        return profile

    def action_fuxi_greeting_letter(self):
        return {
            "name": self.env._("Greeting Letters"),
            "type": "ir.actions.act_window",
            "res_model": "fuxi.marketing.letter.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": self.ids},
        }
