"""Guests of one region on the local Alibaba Cloud SMS stand-in (fuxi_sms_cn's fake gateway,
imported), with their consent, opt-outs and addresses set up for campaigns."""

import socket
import threading
from datetime import datetime
from unittest.mock import patch

from aiosmtpd.controller import Controller

import odoo

from odoo.addons.fuxi_sms_cn.tests.common import AliyunCase

# 11:00 in Shanghai: marketing may leave
DAYTIME = datetime(2026, 12, 1, 3, 0, 0)


class Inbox:
    """aiosmtpd handler keeping each message received."""

    def __init__(self):
        self.lock = threading.Lock()
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(
                {"to": list(envelope.rcpt_tos), "data": envelope.content.decode("utf-8", "replace")}
            )
        return "250 OK"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class CampaignCase(AliyunCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, lang="en_US"))
        cls.company.write({"fuxi_marketing_tz": "Asia/Shanghai", "email": "shop@fuxi.example"})
        cls.env["ir.config_parameter"].sudo().set_param("fuxi_marketing.monthly_cap", 4)
        Partner = cls.env["res.partner"]
        cls.region = cls.env["fuxi.region"].create({"name": "活动测试区"})
        cls.vip_class = cls.env.ref("fuxi_customer.customer_class_vip")
        base = {"is_fuxi_customer": True, "company_id": cls.company.id, "region_id": cls.region.id}
        cls.consenting = Partner.create(
            [
                {
                    **base,
                    "name": f"客人{n:02d}",
                    "mobile": f"+86138000010{n:02d}",
                    "email": f"guest{n:02d}@guest.example",
                    "customer_class_id": cls.vip_class.id if n % 2 else False,
                }
                for n in range(16)
            ]
        )
        cls.consenting._fuxi_set_marketing_consent(True, "counter")
        cls.no_consent = Partner.create(
            {**base, "name": "没同意", "mobile": "+8613900000001", "email": "no@guest.example"}
        )
        cls.opted_out = Partner.create(
            {**base, "name": "已退订", "mobile": "+8613900000002", "email": "out@guest.example"}
        )
        cls.opted_out._fuxi_set_marketing_consent(True, "counter")
        cls.env["phone.blacklist"].sudo()._add(["+8613900000002"])
        cls.env["mail.blacklist"].sudo()._add("out@guest.example")
        cls.all_guests = cls.consenting | cls.no_consent | cls.opted_out
        cls.audience = cls.env["fuxi.marketing.audience"].create(
            {
                "name": "活动测试受众",
                "company_id": cls.company.id,
                "region_ids": [(6, 0, cls.region.ids)],
            }
        )

    def make_campaign(self, **values):
        return (
            self.env["mailing.mailing"]
            .with_context(fuxi_campaign=True)
            .create(
                {
                    "subject": "老客回访",
                    "mailing_type": "sms",
                    "fuxi_audience_id": self.audience.id,
                    "body_plaintext": "{{ object.name }}您好！"
                    "{{ object.customer_class_id.name }}本月9折。",
                    "fuxi_holdout_pct": 25,
                    **values,
                }
            )
        )

    def sent_numbers(self):
        with self.gateway.lock:
            return [sms["number"] for sms in self.gateway.sent]

    def start_smtp(self):
        inbox = Inbox()
        smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
        smtp.start()
        self.addCleanup(smtp.stop)
        self.env["ir.mail_server"].search([]).active = False
        self.env["ir.mail_server"].create(
            {
                "name": "local test SMTP",
                "smtp_host": "127.0.0.1",
                "smtp_port": smtp.port,
                "smtp_encryption": "none",
            }
        )
        return inbox

    def send_mail_queue(self):
        """Odoo's mail queue with its test guard lifted: the e-mails go to the SMTP server."""
        mails = self.env["mail.mail"].search([("state", "=", "outgoing")])
        with patch.object(odoo.modules.module, "current_test", None):
            mails.send()
        return mails
