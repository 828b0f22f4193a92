from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase

from .gateway_servers import FakeAliyunSms, FakeTencentSms

SIGN = "伏羲酒家"
KEY_ID, SECRET = "LTAI5tFuxiTestKey", "fuxi-test-secret-0123456789"


class GatewayCase(HttpCase):
    """A company set up for one gateway, pointed at a local stand-in of it."""

    provider = None

    @classmethod
    def make_gateway(cls):
        raise NotImplementedError

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gateway = cls.make_gateway()
        cls.gateway.__enter__()
        cls.addClassCleanup(cls.gateway.__exit__, None, None, None)
        cls.company = cls.env.company
        cls.company.write(
            {
                "sms_provider": cls.provider,
                "fuxi_sms_access_key_id": KEY_ID,
                "fuxi_sms_access_key_secret": SECRET,
                "fuxi_sms_sign_name": SIGN,
                "fuxi_sms_endpoint": cls.gateway.url,
                "fuxi_sms_app_id": "1400123456",
                "fuxi_sms_template_code": cls.free_text_template,
                "fuxi_sms_template_param": "content",
            }
        )
        cls.company._fuxi_sms_ensure_callback_token()
        cls.guest = cls.env["res.partner"].create(
            {"name": "王小明", "mobile": "+8613800138000", "company_id": cls.company.id}
        )
        cls.number = "+8613800138000"

    def setUp(self):
        super().setUp()
        with self.gateway.lock:
            self.gateway.requests.clear()
            self.gateway.refused.clear()
            self.gateway.sent.clear()
            self.gateway.codes.clear()
        self.gateway.down = False

    def callback_url(self, kind, token=None):
        slug = {"fuxi_aliyun": "aliyun", "fuxi_tencent": "tencent"}[self.provider]
        token = token or self.company.sudo().fuxi_sms_callback_token
        return f"{self.base_url()}/fuxi_sms/{slug}/{kind}/{token}"

    def from_gateway(self, push, *args, **kwargs):
        """The gateway posts to Odoo: what the test wrote must be in the database first
        (another HTTP client does not flush our environment), and what the request wrote
        is read fresh afterwards."""
        self.env.flush_all()
        answer = push(*args, **kwargs)
        self.env.invalidate_all()
        return answer

    def queue_sms(self, body="今晚18:00有位，恭候光临", number=None, partner=None):
        return self.env["sms.sms"].create(
            {
                "number": number or self.number,
                "body": body,
                "partner_id": (partner or self.guest).id,
                "record_company_id": self.company.id,
            }
        )

    def run_queue(self):
        self.env["sms.sms"]._process_queue()
        self.env["sms.sms"].invalidate_model()

    def delivery(self, sms_uuid):
        return self.env["fuxi.sms.delivery"].search([("sms_uuid", "=", sms_uuid)])

    @staticmethod
    def past(minutes):
        return fields.Datetime.now() - timedelta(minutes=minutes)


class AliyunCase(GatewayCase):
    provider = "fuxi_aliyun"
    free_text_template = "SMS_900001"

    @classmethod
    def make_gateway(cls):
        return FakeAliyunSms(
            KEY_ID,
            SECRET,
            signs=[SIGN],
            templates={
                "SMS_900001": "${content}",
                "SMS_900002": "尊敬的${name}，祝您生日快乐！本月到店享${benefit}。",
            },
        )


class TencentCase(GatewayCase):
    provider = "fuxi_tencent"
    free_text_template = "900001"

    @classmethod
    def make_gateway(cls):
        return FakeTencentSms(
            KEY_ID,
            SECRET,
            "1400123456",
            signs=[SIGN],
            templates={
                "900001": "{1}",
                "900002": "尊敬的{1}，祝您生日快乐！本月到店享{2}。",
            },
        )
