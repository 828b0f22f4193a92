"""A company on the (local) Alibaba Cloud SMS stand-in and a real local SMTP server, with a
few hand-made guests: what news, greetings and service messages are tested against."""

from datetime import date
from unittest.mock import patch

from aiosmtpd.controller import Controller

import odoo
from odoo.tests import new_test_user

from odoo.addons.fuxi_sms_cn.tests.common import AliyunCase

from .campaign_common import Inbox, free_port


class GuestMessagesCase(AliyunCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.inbox = Inbox()
        cls.smtp = Controller(cls.inbox, hostname="127.0.0.1", port=free_port())
        cls.smtp.start()
        cls.addClassCleanup(cls.smtp.stop)
        cls.env["ir.mail_server"].search([]).active = False
        cls.env["ir.mail_server"].create(
            {
                "name": "local test SMTP",
                "smtp_host": "127.0.0.1",
                "smtp_port": cls.smtp.port,
                "smtp_encryption": "none",
            }
        )
        cls.company.write({"email": "hello@fuxi.example", "fuxi_marketing_tz": "Asia/Shanghai"})
        cls.env["res.lang"]._activate_lang("zh_CN")
        Partner = cls.env["res.partner"]
        cls.region = cls.env["fuxi.region"].create({"name": "新闻测试区"})
        base = {"is_fuxi_customer": True, "company_id": cls.company.id, "lang": "zh_CN"}
        # the gateway case's guest: reachable, with consent, born on New Year's Day
        cls.guest.write(
            {
                **base,
                "email": "wang@guest.example",
                "birthdate_date": date(1980, 1, 1),
                "region_id": cls.region.id,
            }
        )
        cls.guest._fuxi_set_marketing_consent(True, "counter")
        cls.no_consent = Partner.create(
            {
                **base,
                "name": "李四",
                "mobile": "+8613900139000",
                "email": "li@guest.example",
                "birthdate_date": date(1975, 1, 1),
                "region_id": cls.region.id,
            }
        )
        cls.manager_user = new_test_user(
            cls.env, "mk_account_manager", email="am@fuxi.example", lang="zh_CN", tz="Asia/Shanghai"
        )
        cls.vip = Partner.create(
            {
                **base,
                "name": "赵大富",
                "mobile": "+8613700137000",
                "birthdate_date": date(1970, 1, 2),
                "customer_class_id": cls.env.ref("fuxi_customer.customer_class_vip").id,
                "user_id": cls.manager_user.id,
            }
        )
        cls.vip._fuxi_set_marketing_consent(True, "counter")
        cls.audience = cls.env["fuxi.marketing.audience"].create(
            {
                "name": "新闻测试",
                "company_id": cls.company.id,
                "region_ids": [(6, 0, cls.region.ids)],
            }
        )

    def setUp(self):
        super().setUp()
        with self.inbox.lock:
            self.inbox.messages.clear()

    def sent_sms(self):
        with self.gateway.lock:
            return list(self.gateway.sent)

    def send_mail_queue(self):
        """Odoo's mail queue, with the test guard that keeps mails from leaving lifted: the
        e-mails really go to the local SMTP server."""
        now = odoo.fields.Datetime.now()
        mails = self.env["mail.mail"].search(
            [
                ("state", "=", "outgoing"),
                "|",
                ("scheduled_date", "=", False),
                ("scheduled_date", "<=", now),
            ]
        )
        with patch.object(odoo.modules.module, "current_test", None):
            mails.send()
        return mails
