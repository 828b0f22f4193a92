import hmac
import logging
import re
import secrets

from odoo import _, api, fields, models

from ..tools.gateways import GATEWAYS

_logger = logging.getLogger(__name__)

# What a guest replies to stop marketing SMS (回T退订 and its usual variants).
DEFAULT_OPTOUT_KEYWORDS = "T,TD,N,退订,退,取消,STOP,UNSUBSCRIBE"


class ResCompany(models.Model):
    _inherit = "res.company"

    sms_provider = fields.Selection(
        selection_add=[
            ("fuxi_aliyun", "Alibaba Cloud SMS (阿里云短信)"),
            ("fuxi_tencent", "Tencent Cloud SMS (腾讯云短信)"),
        ],
        ondelete={"fuxi_aliyun": "set default", "fuxi_tencent": "set default"},
    )
    # The keys are readable by system administrators only and never sent back to a form:
    # Settings writes them (see res.config.settings) but shows only whether they are set.
    fuxi_sms_access_key_id = fields.Char("Access key ID / SecretId", groups="base.group_system")
    fuxi_sms_access_key_secret = fields.Char(
        "Access key secret / SecretKey", groups="base.group_system"
    )
    fuxi_sms_app_id = fields.Char(
        "SDK AppID", groups="base.group_system", help="Tencent Cloud SMS application (SmsSdkAppId)."
    )
    fuxi_sms_sign_name = fields.Char(
        "SMS signature",
        help="The approved signature (签名) without 【】: the gateway adds it to every SMS.",
    )
    fuxi_sms_region = fields.Char(
        "Gateway region", help="e.g. cn-hangzhou (Alibaba Cloud), ap-guangzhou (Tencent Cloud)."
    )
    fuxi_sms_endpoint = fields.Char(
        "Gateway endpoint",
        groups="base.group_system",
        help="Leave empty for the vendor's public endpoint; set a URL for a private endpoint.",
    )
    fuxi_sms_template_code = fields.Char(
        "Template for free text",
        help="Approved template code used for SMS written by hand (chatter, a mass SMS without "
        "template). Its one parameter receives the whole text.",
    )
    fuxi_sms_template_param = fields.Char(
        "Its parameter", default="content", help="Name of that template's parameter."
    )
    fuxi_sms_callback_token = fields.Char(
        "Callback token",
        groups="base.group_system",
        copy=False,
        help="Secret part of the delivery report and reply URLs given to the gateway.",
    )
    fuxi_sms_optout_keywords = fields.Char(
        "Opt-out replies",
        default=DEFAULT_OPTOUT_KEYWORDS,
        help="Comma-separated replies that put the number on the SMS blacklist.",
    )

    def _get_sms_api_class(self):
        self.ensure_one()
        if self.sms_provider in GATEWAYS:
            return GATEWAYS[self.sms_provider]
        return super()._get_sms_api_class()

    def _fuxi_sms_ensure_callback_token(self):
        for company in self.sudo():
            if not company.fuxi_sms_callback_token:
                company.fuxi_sms_callback_token = secrets.token_hex(20)

    @api.model
    def _fuxi_sms_company_from_token(self, provider, token):
        """The company whose gateway posts with this token, or an empty recordset."""
        if not token or not re.fullmatch(r"[0-9a-f]{40}", token):
            return self.browse()
        for company in self.sudo().search([("sms_provider", "=", provider)]):
            if company.fuxi_sms_callback_token and hmac.compare_digest(
                company.fuxi_sms_callback_token, token
            ):
                return company
        return self.browse()

    def _fuxi_sms_is_optout(self, text):
        self.ensure_one()
        keywords = {
            k.strip().upper()
            for k in (self.fuxi_sms_optout_keywords or DEFAULT_OPTOUT_KEYWORDS).split(",")
            if k.strip()
        }
        return (text or "").strip().upper() in keywords

    def _fuxi_sms_reply_received(self, number, text, provider):
        """A guest answered an SMS. Opt-out words blacklist the number for SMS; every reply
        is posted on the guests who have that number. Returns True for an opt-out (other
        addons extend this, e.g. to record the withdrawn marketing consent)."""
        self.ensure_one()
        optout = self._fuxi_sms_is_optout(text)
        if optout:
            self.env["phone.blacklist"].sudo()._add(
                [number], message=_("Opted out by replying “%(text)s” to an SMS.", text=text)
            )
        partners = (
            self.env["res.partner"]
            .sudo()
            .search(
                [("phone_mobile_search", "=", number), ("company_id", "in", [False, self.id])],
                limit=20,
            )
        )
        for partner in partners:
            partner.message_post(
                body=_("SMS reply from %(number)s: %(text)s", number=number, text=text),
                message_type="sms",
                subtype_xmlid="mail.mt_note",
            )
        _logger.info("SMS reply from %s via %s (opt-out: %s)", number[-4:], provider, optout)
        return optout
