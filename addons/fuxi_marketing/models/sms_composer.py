from odoo import models


class SmsComposer(models.TransientModel):
    _inherit = "sms.composer"

    def _prepare_body_values(self, records):
        bodies = super()._prepare_body_values(records)
        mailing = self.mailing_id
        if mailing.fuxi_audience_id:
            # PRC practice: every marketing SMS says how to opt out (回T退订)
            policy = self.env["fuxi.marketing.policy"]
            company = mailing._fuxi_company()
            bodies = {
                res_id: policy._fuxi_sms_with_optout(body, company)
                for res_id, body in bodies.items()
            }
        return bodies
