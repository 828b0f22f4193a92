from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def mail_allowed_qweb_expressions(self):
        # the guest's merge fields a marketing user (not a template editor) may put in a
        # campaign: plain reads of the guest's own profile, rendered without evaluation
        return super().mail_allowed_qweb_expressions() + (
            "object.customer_class_id.name",
            "object.region_id.name",
            "object.ref",
            "object.next_occasion_name",
        )

    def _fuxi_set_marketing_consent(self, consent, source):
        # whichever way a guest withdraws (SMS reply, unsubscribe link, at the counter), the
        # campaign that last reached them counts an opt-out
        withdrawing = self.filtered("fuxi_marketing_consent") if not consent else self.browse()
        result = super()._fuxi_set_marketing_consent(consent, source)
        if withdrawing:
            self.env["fuxi.marketing.assignment"].sudo()._fuxi_mark_optout(
                withdrawing, fields.Datetime.now()
            )
        return result
