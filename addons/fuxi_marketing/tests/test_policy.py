import threading
from datetime import datetime

from freezegun import freeze_time

from odoo import api
from odoo.exceptions import AccessError, UserError
from odoo.service.model import retrying
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import SQL

from odoo.addons.fuxi_marketing.models.fuxi_marketing_policy import sms_key

MOBILE = "13800138000"


@tagged("post_install", "-at_install")
class TestMarketingPolicy(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, lang="en_US"))
        cls.Policy = cls.env["fuxi.marketing.policy"]
        cls.company = cls.env.company
        cls.company.fuxi_marketing_tz = "Asia/Shanghai"
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("fuxi_marketing.monthly_cap", "2")
        params.set_param("fuxi_marketing.quiet_start", "21.0")
        params.set_param("fuxi_marketing.quiet_end", "8.0")
        china = cls.env.ref("base.cn")
        Partner = cls.env["res.partner"]

        def guest(name, number, email, consent=True):
            partner = Partner.create(
                {
                    "name": name,
                    "is_fuxi_customer": True,
                    "country_id": china.id,
                    "mobile": number,
                    "email": email,
                }
            )
            if consent:
                partner._fuxi_set_marketing_consent(True, "counter")
            return partner

        cls.ok = guest("营销甲", MOBILE, "jia@example.com")
        cls.no_consent = guest("营销乙", "13800138001", "yi@example.com", consent=False)
        cls.listed = guest("营销丙", "13800138002", "bing@example.com")
        cls.landline = guest("营销丁", "010 8888 6666", False)
        cls.capped = guest("营销戊", "13800138004", "wu@example.com")
        cls.env["phone.blacklist"].sudo()._add(["+8613800138002"])
        cls.env["mail.blacklist"].sudo()._add("bing@example.com")
        cls.guests = cls.ok | cls.no_consent | cls.listed | cls.landline | cls.capped

    def _send(self, partner, date, occasion, state="sent", purpose="marketing"):
        return (
            self.env["fuxi.marketing.send"]
            .sudo()
            .create(
                {
                    "company_id": self.company.id,
                    "partner_id": partner.id,
                    "channel": "sms",
                    "purpose": purpose,
                    "occasion": occasion,
                    "state": state,
                    "date": date,
                }
            )
        )

    def test_refusals_and_their_reasons(self):
        now = datetime(2026, 12, 10, 4, 0)  # 12:00 in Shanghai
        self._send(self.capped, datetime(2026, 12, 2, 4, 0), "mailing:1")
        self._send(self.capped, datetime(2026, 12, 3, 4, 0), "mailing:2", state="queued")
        allowed, reasons = self.Policy._fuxi_allowed(
            self.guests, "sms", "marketing", self.company, now
        )
        self.assertEqual(allowed, self.ok)
        self.assertEqual(
            reasons,
            {
                self.no_consent.id: "no_consent",
                self.listed.id: "blacklisted",
                self.landline.id: "no_mobile",
                self.capped.id: "cap",
            },
        )
        allowed, reasons = self.Policy._fuxi_allowed(
            self.guests, "mail", "marketing", self.company, now
        )
        self.assertEqual(allowed, self.ok)
        self.assertEqual(reasons[self.listed.id], "blacklisted")
        self.assertEqual(reasons[self.landline.id], "no_email")
        self.assertEqual(reasons[self.capped.id], "cap", "the cap counts SMS and e-mail together")
        # service messages (a booking confirmation) need only a reachable address
        allowed, reasons = self.Policy._fuxi_allowed(
            self.guests, "sms", "service", self.company, now
        )
        self.assertEqual(allowed, self.guests - self.landline)
        self.assertEqual(reasons, {self.landline.id: "no_mobile"})
        labels = self.Policy.with_context(lang="zh_CN")._fuxi_refusal_reasons()
        self.assertEqual(set(labels), {"no_mobile", "no_email", "blacklisted", "no_consent", "cap"})
        with self.assertRaisesRegex(UserError, "Unknown channel"):
            self.Policy._fuxi_allowed(self.guests, "fax", "marketing")

    def test_sms_number_forms(self):
        """A number typed bare, with +86 or 0086 is one mobile; landlines take no SMS; the
        SQL twin (for the phone blacklist) says the same as the stored key."""
        samples = {
            "13800138000": "+8613800138000",
            "+86 138-0013-8000": "+8613800138000",
            "008613800138000": "+8613800138000",
            "8613800138000": "+8613800138000",
            "010 8888 6666": False,
            "+86 10 8888 6666": False,
            "+1 305 123 4567": "+13051234567",
            "0044 20 7946 0958": "+442079460958",
            "12345": False,
            "": False,
        }
        for number, key in samples.items():
            self.assertEqual(sms_key(number), key, number)
            self.env.cr.execute(
                SQL("SELECT %s", self.Policy._fuxi_mobile_key_sql(SQL("%s", number)))
            )
            self.assertEqual(self.env.cr.fetchone()[0], key or None, number)
        self.assertEqual(self.ok.fuxi_sms_key, "+8613800138000")
        self.assertFalse(self.landline.fuxi_sms_key)

    def test_cap_counts_the_local_calendar_month(self):
        # 01:00 on 1 December in Shanghai is still 30 November in UTC
        now = datetime(2026, 11, 30, 17, 0)
        self._send(self.ok, datetime(2026, 11, 30, 15, 0), "mailing:1")  # 23:00 on 30 Nov
        self._send(self.ok, datetime(2026, 11, 30, 15, 30), "mailing:2")  # 23:30 on 30 Nov
        self._send(self.ok, datetime(2026, 11, 30, 16, 30), "mailing:3")  # 00:30 on 1 Dec
        self._send(self.ok, datetime(2026, 11, 30, 16, 40), "mailing:4", state="refused")
        self._send(self.ok, datetime(2026, 11, 30, 16, 45), "news:1", purpose="service")
        allowed, reasons = self.Policy._fuxi_allowed(self.ok, "sms", "marketing", None, now)
        self.assertEqual(allowed, self.ok, reasons)
        self._send(self.ok, datetime(2026, 11, 30, 16, 50), "mailing:5")
        with freeze_time(now):
            allowed, reasons = self.Policy._fuxi_allowed(self.ok, "sms", "marketing")
        self.assertFalse(allowed)
        self.assertEqual(reasons, {self.ok.id: "cap"})
        # in November (local), the same guest had two: also at the cap
        allowed, reasons = self.Policy._fuxi_allowed(
            self.ok, "mail", "marketing", None, datetime(2026, 11, 20, 4, 0)
        )
        self.assertEqual(reasons, {self.ok.id: "cap"})

    def test_quiet_hours_in_the_company_time_zone(self):
        quiet = self.Policy._fuxi_quiet_until
        # 20:59:59 in Shanghai = 12:59:59 UTC: marketing may leave
        self.assertFalse(quiet(self.company, datetime(2026, 12, 1, 12, 59, 59)))
        # 21:00 local: held until 08:00 local tomorrow = 00:00 UTC
        self.assertEqual(
            quiet(self.company, datetime(2026, 12, 1, 13, 0)), datetime(2026, 12, 2, 0, 0)
        )
        # 07:59 local on 2 December (23:59 UTC on the 1st): until 08:00 local that morning
        self.assertEqual(
            quiet(self.company, datetime(2026, 12, 1, 23, 59)), datetime(2026, 12, 2, 0, 0)
        )
        # 08:00 local: the morning's messages leave
        self.assertFalse(quiet(self.company, datetime(2026, 12, 2, 0, 0)))
        with freeze_time("2026-12-01 14:30:00"):  # 22:30 local
            self.assertEqual(quiet(), datetime(2026, 12, 2, 0, 0))
        # another company time zone: 21:00 in Urumqi is 15:00 UTC
        self.company.fuxi_marketing_tz = "Asia/Urumqi"
        self.assertFalse(quiet(self.company, datetime(2026, 12, 1, 14, 0)))
        self.assertEqual(
            quiet(self.company, datetime(2026, 12, 1, 15, 0)), datetime(2026, 12, 2, 2, 0)
        )
        # quiet hours that do not cross midnight, and none at all
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("fuxi_marketing.quiet_start", "12.5")
        params.set_param("fuxi_marketing.quiet_end", "14")
        self.assertEqual(
            quiet(self.company, datetime(2026, 12, 1, 6, 30)), datetime(2026, 12, 1, 8, 0)
        )
        self.assertFalse(quiet(self.company, datetime(2026, 12, 1, 8, 0)))
        params.set_param("fuxi_marketing.quiet_end", "12.5")
        self.assertFalse(quiet(self.company, datetime(2026, 12, 1, 15, 0)))
        params.set_param("fuxi_marketing.quiet_end", "late")
        self.assertTrue(quiet(self.company, datetime(2026, 12, 1, 15, 0)), "bad value: 08:00")

    def test_consent_is_recorded_with_date_source_and_note(self):
        guest = self.no_consent
        with freeze_time("2026-12-01 03:00:00"):
            guest._fuxi_set_marketing_consent(True, "card_form")
        self.assertTrue(guest.fuxi_marketing_consent)
        self.assertEqual(guest.fuxi_marketing_consent_date, datetime(2026, 12, 1, 3, 0))
        self.assertEqual(guest.fuxi_marketing_consent_source, "card_form")
        note = guest.message_ids[:1]
        self.assertIn("Marketing consent given", note.body)
        with self.assertRaisesRegex(UserError, "Unknown consent source"):
            guest._fuxi_set_marketing_consent(False, "telepathy")
        # a receptionist (customer user, not marketing manager) cannot override consent
        clerk = new_test_user(
            self.env, "mkt_clerk", groups="base.group_user,fuxi_customer.group_fuxi_customer_user"
        )
        with self.assertRaisesRegex(AccessError, "marketing manager"):
            guest.with_user(clerk).action_fuxi_marketing_consent_withdraw()
        # an SMS reply "T" blacklists the number (fuxi_sms_cn) and withdraws the consent
        self.company._fuxi_sms_reply_received("+8613800138000", "T", "aliyun")
        self.assertFalse(self.ok.fuxi_marketing_consent)
        self.assertEqual(self.ok.fuxi_marketing_consent_source, "sms_reply")
        self.assertIn("withdrawn", self.ok.message_ids[:1].body)
        # a Chinese-speaking manager's note is in Chinese, the source's label too
        manager = new_test_user(
            self.env,
            "mkt_consent_manager",
            groups="fuxi_marketing.group_fuxi_marketing_manager",
            lang="zh_CN",
        )
        self.ok.with_user(manager).with_context(lang=None).action_fuxi_marketing_consent_give()
        self.assertTrue(self.ok.fuxi_marketing_consent)
        self.assertEqual(self.ok.fuxi_marketing_consent_source, "staff")
        self.assertIn("已同意接收营销消息（员工）", self.ok.message_ids[:1].body)

    def test_claim_once_per_guest_channel_and_occasion(self):
        claimed = self.Policy._fuxi_claim(self.guests, "sms", "marketing", "mailing:7")
        self.assertEqual(claimed, self.guests)
        self.assertFalse(self.Policy._fuxi_claim(self.guests, "sms", "marketing", "mailing:7"))
        self.assertEqual(
            self.Policy._fuxi_claim(self.ok | self.capped, "mail", "marketing", "mailing:7"),
            self.ok | self.capped,
        )
        refused = self.Policy._fuxi_record_refusals(
            {self.ok.id: "no_consent", self.listed.id: "blacklisted"}, "sms", "marketing", "news:2"
        )
        self.assertEqual(refused, self.ok | self.listed)
        self.assertEqual(
            self.Policy._fuxi_claim(self.guests, "sms", "marketing", "news:2"),
            self.guests - self.ok - self.listed,
        )
        rows = self.env["fuxi.marketing.send"].search(
            [("occasion", "=", "news:2"), ("state", "=", "refused")]
        )
        self.assertEqual(set(rows.mapped("reason")), {"no_consent", "blacklisted"})
        sms = self.env["sms.sms"].sudo().create({"number": "+8613800138000", "body": "x"})
        send = self.Policy._fuxi_link(self.ok, "sms", "mailing:7", sms, state="sent")
        self.assertEqual((send.res_model, send.res_id, send.state), ("sms.sms", sms.id, "sent"))
        with self.assertRaisesRegex(UserError, "No message to"):
            self.Policy._fuxi_link(self.ok, "sms", "mailing:8", sms)
        with self.assertRaisesRegex(UserError, "occasion"):
            self.Policy._fuxi_claim(self.guests, "sms", "marketing", "")

    def test_sms_optout_text(self):
        self.assertEqual(self.Policy._fuxi_sms_optout_text(self.company), "回T退订")
        self.assertEqual(self.Policy._fuxi_sms_with_optout("周末特惠"), "周末特惠 回T退订")
        self.assertEqual(self.Policy._fuxi_sms_with_optout("周末特惠 回T退订"), "周末特惠 回T退订")
        self.company.fuxi_marketing_sms_optout_text = "拒收请回复R"
        self.assertEqual(self.Policy._fuxi_sms_optout_text(self.company), "拒收请回复R")


@tagged("post_install", "-at_install")
class TestClaimAcrossTransactions(TransactionCase):
    """Two jobs sending the same occasion at once, each in its own committed transaction:
    the second waits for the first, fails to serialise, and its replay claims nobody."""

    def _call(self, function):
        """``function`` in its own transaction, replayed on a serialisation failure as Odoo
        replays RPC calls and jobs."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, self.env.uid, {"tracking_disable": True})
            return retrying(lambda: function(env), env)

    def test_second_transaction_claims_nothing(self):
        partner_id = self._call(
            lambda env: env["res.partner"]
            .create({"name": "并发营销客人", "is_fuxi_customer": True})
            .id
        )
        occasion = f"mailing:concurrency:{partner_id}"
        first = self.registry.cursor()
        thread = None
        try:
            env1 = api.Environment(first, self.env.uid, {})
            partner1 = env1["res.partner"].browse(partner_id)
            self.assertEqual(
                env1["fuxi.marketing.policy"]._fuxi_claim(partner1, "sms", "marketing", occasion),
                partner1,
            )
            results = {}

            def second_job():
                def claim(env):
                    partner = env["res.partner"].browse(partner_id)
                    env.cr.execute("SELECT pg_backend_pid()")
                    results["pid"] = env.cr.fetchone()[0]
                    claimed = env["fuxi.marketing.policy"]._fuxi_claim(
                        partner, "sms", "marketing", occasion
                    )
                    return claimed.ids

                results["claimed"] = self._call(claim)

            thread = threading.Thread(target=second_job)
            thread.start()
            # the second transaction waits on the first one's row lock (no sleep: ask
            # PostgreSQL, on this test's own connection)
            for _attempt in range(500):
                # pg_stat_activity is a snapshot per transaction: take a new one each time
                self.env.cr.execute("SELECT pg_stat_clear_snapshot()")
                self.env.cr.execute(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE pid = %s AND wait_event_type = 'Lock'",
                    [results.get("pid") or 0],
                )
                if self.env.cr.fetchone()[0]:
                    break
                thread.join(0.01)
            first.commit()
            thread.join(30)
            self.assertEqual(results.get("claimed"), [])
        finally:
            first.close()  # after a failure: rolls back, which frees the second job
            if thread:
                thread.join(30)

            def cleanup(env):
                env.cr.execute(
                    "DELETE FROM fuxi_marketing_send WHERE partner_id = %s", [partner_id]
                )
                env["res.partner"].browse(partner_id).unlink()

            self._call(cleanup)
