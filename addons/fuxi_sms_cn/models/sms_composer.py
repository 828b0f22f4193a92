from odoo import models


class SmsComposer(models.TransientModel):
    _inherit = "sms.composer"

    def _fuxi_gateway_template(self):
        """The template's gateway code when the text is the template's own (an edited text
        cannot go through an approved template: it is sent as free text)."""
        template = self.template_id
        if template.fuxi_sms_template_code and self.body == template.body:
            return template
        return self.env["sms.template"]

    def _prepare_mass_sms_values(self, records):
        results = super()._prepare_mass_sms_values(records)
        template = self._fuxi_gateway_template()
        if template and records:
            params = template._fuxi_render_params(records.ids)
            for record in records:
                results[record.id]["fuxi_template_code"] = template.fuxi_sms_template_code
                results[record.id]["fuxi_template_params"] = params[record.id]
        return results

    def _action_send_sms_comment(self, records=None):
        composer = self
        template = self._fuxi_gateway_template()
        if template:
            records = records if records is not None else self._get_records()
            params = template._fuxi_render_params(records.ids)
            by_record = {
                f"{records._name},{record.id}": (template.fuxi_sms_template_code, params[record.id])
                for record in records
            }
            composer = self.with_context(fuxi_sms_template_by_record=by_record)
        return super(SmsComposer, composer)._action_send_sms_comment(records=records)
