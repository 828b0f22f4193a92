from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .messages_common import GuestMessagesCase

# 10:00 in Shanghai (UTC+8) on 30 December, and on 1 January of the next year
DEC_30 = datetime(2026, 12, 30, 2, 0)
JAN_1 = datetime(2027, 1, 1, 2, 0)
# 22:30 in Shanghai: quiet hours (21:00–08:00); they end at 08:00, 00:00 UTC
QUIET = datetime(2026, 12, 30, 14, 30)
MORNING = datetime(2026, 12, 31, 0, 0)


@tagged("post_install", "-at_install")
class TestGreetings(GuestMessagesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["fuxi.marketing.occasion"].search([]).active = False
        cls.sms_template = cls.env["sms.template"].create(
            {
                "name": "生日",
                "model_id": cls.env["ir.model"]._get_id("res.partner"),
                "body": "尊敬的{{ object.name }}，祝您生日快乐！"
                "{{ object.fuxi_greeting_benefits }}",
            }
        )
        cls.mail_template = cls.env["mail.template"].create(
            {
                "name": "生日邮件",
                "model_id": cls.env["ir.model"]._get_id("res.partner"),
                "subject": "{{ object.name }}，生日快乐",
                "body_html": "<p>尊敬的<t t-out='object.name'/>，祝您生日快乐！</p>",
            }
        )
        cls.birthday = cls.env["fuxi.marketing.occasion"].create(
            {
                "name": "生日祝福",
                "kind": "birthday",
                "days_before": 3,
                "channel": "sms",
                "sms_template_id": cls.sms_template.id,
                "mail_template_id": cls.mail_template.id,
                "company_id": cls.company.id,
            }
        )

    def sends(self, occasion):
        return self.env["fuxi.marketing.send"].search([("occasion", "like", occasion)])

    def test_birthday_greeting_once_across_the_year_end(self):
        """Sent on 30 December for 1 January; neither a second run that day nor the run of
        1 January sends it again. Guests without consent get nothing; the VIP's account
        manager gets one 'call the guest' activity."""
        Occasion = self.env["fuxi.marketing.occasion"]
        with freeze_time(DEC_30):
            Occasion._cron_send_greetings()
            Occasion._cron_send_greetings()
        with freeze_time(JAN_1):
            Occasion._cron_send_greetings()
        sends = self.sends(f"greeting:{self.birthday.id}:")
        self.assertEqual(
            sorted(sends.mapped("partner_id.name")), sorted([self.guest.name, self.vip.name])
        )
        self.assertEqual(set(sends.mapped("occasion")), {f"greeting:{self.birthday.id}:2027"})
        self.assertNotIn(self.no_consent, sends.partner_id)
        sms = self.env["sms.sms"].search([("partner_id", "=", self.guest.id)])
        self.assertEqual(len(sms), 1)
        self.assertIn("尊敬的王小明，祝您生日快乐！", sms.body)
        self.assertTrue(sms.body.endswith("回T退订"), sms.body)

        with freeze_time(DEC_30):
            self.run_queue()
        self.assertEqual(
            sorted(s["number"] for s in self.sent_sms()), ["13700137000", "13800138000"]
        )

        calls = self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("activity_type_id", "=", self.env.ref("mail.mail_activity_data_call").id),
                ("res_id", "in", (self.guest | self.vip | self.no_consent).ids),
            ]
        )
        self.assertEqual(len(calls), 1, "one call, for the VIP only, however often the job runs")
        self.assertEqual((calls.res_id, calls.user_id), (self.vip.id, self.manager_user))
        self.assertEqual(str(calls.date_deadline), "2027-01-02")
        # the manager reads Chinese
        self.assertIn("生日", calls.summary)

    def test_quiet_hours_hold_greetings_until_morning(self):
        """A greeting made at 22:30 waits until 08:00: the SMS queue leaves it alone until
        then, the e-mail is scheduled for then."""
        self.birthday.channel = "both"
        with freeze_time(QUIET):
            self.birthday._fuxi_send_greetings()
            sms = self.env["sms.sms"].search([("partner_id", "=", self.guest.id)])
            self.assertEqual(sms.fuxi_next_try, MORNING)
            mail = self.env["mail.mail"].search([("recipient_ids", "in", self.guest.ids)])
            self.assertEqual(mail.scheduled_date, MORNING)
            self.run_queue()
            self.send_mail_queue()
        self.assertFalse(self.sent_sms())
        # (the account manager's activity mail is not marketing: it may leave)
        self.assertFalse([m for m in self.inbox.messages if "wang@guest.example" in m["to"]])
        with freeze_time(MORNING):
            self.run_queue()
            self.send_mail_queue()
        self.assertIn("13800138000", [s["number"] for s in self.sent_sms()])
        received = [m for m in self.inbox.messages if "wang@guest.example" in m["to"]]
        self.assertEqual(len(received), 1)
