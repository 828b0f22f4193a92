from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools.gateways import GATEWAYS, SENT


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # Typed in, written to the company, never read back: the form only learns whether
    # a key is set (fuxi_sms_keys_set).
    fuxi_sms_new_access_key_id = fields.Char("New access key ID / SecretId")
    fuxi_sms_new_access_key_secret = fields.Char("New access key secret / SecretKey")
    fuxi_sms_keys_set = fields.Boolean("Keys are set", compute="_compute_fuxi_sms_keys_set")
    fuxi_sms_app_id = fields.Char(related="company_id.fuxi_sms_app_id", readonly=False)
    fuxi_sms_sign_name = fields.Char(related="company_id.fuxi_sms_sign_name", readonly=False)
    fuxi_sms_region = fields.Char(related="company_id.fuxi_sms_region", readonly=False)
    fuxi_sms_endpoint = fields.Char(related="company_id.fuxi_sms_endpoint", readonly=False)
    fuxi_sms_template_code = fields.Char(
        related="company_id.fuxi_sms_template_code", readonly=False
    )
    fuxi_sms_template_param = fields.Char(
        related="company_id.fuxi_sms_template_param", readonly=False
    )
    fuxi_sms_optout_keywords = fields.Char(
        related="company_id.fuxi_sms_optout_keywords", readonly=False
    )
    fuxi_sms_report_url = fields.Char("Delivery report URL", compute="_compute_fuxi_sms_urls")
    fuxi_sms_reply_url = fields.Char("Reply URL", compute="_compute_fuxi_sms_urls")
    fuxi_sms_test_number = fields.Char("Test number")

    @api.depends("company_id")
    def _compute_fuxi_sms_keys_set(self):
        for settings in self:
            company = settings.company_id.sudo()
            settings.fuxi_sms_keys_set = bool(
                company.fuxi_sms_access_key_id and company.fuxi_sms_access_key_secret
            )

    @api.depends("company_id", "sms_provider")
    def _compute_fuxi_sms_urls(self):
        for settings in self:
            company = settings.company_id.sudo()
            provider = {"fuxi_aliyun": "aliyun", "fuxi_tencent": "tencent"}.get(
                settings.sms_provider
            )
            if provider and company.fuxi_sms_callback_token:
                base = f"{company.get_base_url()}/fuxi_sms/{provider}"
                token = company.fuxi_sms_callback_token
                settings.fuxi_sms_report_url = f"{base}/report/{token}"
                settings.fuxi_sms_reply_url = f"{base}/reply/{token}"
            else:
                settings.fuxi_sms_report_url = settings.fuxi_sms_reply_url = False

    def set_values(self):
        result = super().set_values()
        company = self.company_id.sudo()
        keys = {}
        if self.fuxi_sms_new_access_key_id:
            keys["fuxi_sms_access_key_id"] = self.fuxi_sms_new_access_key_id.strip()
        if self.fuxi_sms_new_access_key_secret:
            keys["fuxi_sms_access_key_secret"] = self.fuxi_sms_new_access_key_secret.strip()
        if keys:
            company.write(keys)
        # the typed keys do not stay in the settings' table either
        self.fuxi_sms_new_access_key_id = self.fuxi_sms_new_access_key_secret = False
        if company.sms_provider in GATEWAYS:
            company._fuxi_sms_ensure_callback_token()
        return result

    def action_fuxi_sms_send_test(self):
        """Send one SMS now through the chosen gateway and say plainly what it answered."""
        self.ensure_one()
        self.execute()
        company = self.company_id
        if company.sms_provider not in GATEWAYS:
            raise UserError(_("Choose Alibaba Cloud SMS or Tencent Cloud SMS first."))
        number = (self.fuxi_sms_test_number or "").strip()
        sanitized = self.env.user.partner_id._phone_format(number=number, force_format="E164")
        if not sanitized:
            raise UserError(_("“%(number)s” is not a phone number.", number=number))
        sms = (
            self.env["sms.sms"]
            .sudo()
            .create(
                {
                    "number": sanitized,
                    "body": _("Fuxi SMS test: the gateway is set up."),
                    "record_company_id": company.id,
                }
            )
        )
        api = GATEWAYS[company.sms_provider](self.env)
        api._set_company(company)
        result = api._fuxi_send(sms)[0]
        sms._fuxi_apply_results([result], api)
        if result["state"] != SENT:
            raise UserError(
                _(
                    "The gateway did not take the test SMS: %(reason)s",
                    reason=result["failure_reason"] or result["state"],
                )
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("The gateway took the test SMS to %(number)s.", number=sanitized),
            },
        }
