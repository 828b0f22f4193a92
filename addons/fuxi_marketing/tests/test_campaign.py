import email
import email.policy
import random
from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .campaign_common import DAYTIME, CampaignCase


@tagged("post_install", "-at_install")
class TestSmsCampaign(CampaignCase):
    def test_send_holdout_rules_reports_reply_and_no_second_send(self):
        capped = self.consenting[0]
        with freeze_time(DAYTIME):
            # the monthly cap: this guest already had one marketing message this month
            self.env["ir.config_parameter"].sudo().set_param("fuxi_marketing.monthly_cap", 1)
            self.env["fuxi.marketing.policy"]._fuxi_claim(
                capped, "sms", "marketing", "greeting:test", self.company
            )
            campaign = self.make_campaign()
            campaign.action_send_sms()
            assignments = campaign.fuxi_assignment_ids
            self.assertEqual(len(assignments), len(self.all_guests))
            held = assignments.filtered("holdout").partner_id
            self.assertEqual(len(held), round(len(self.all_guests) * 0.25))
            targets = self.all_guests - held
            sms = self.env["sms.sms"].search([("mailing_id", "=", campaign.id)])
            reachable = targets - self.no_consent - self.opted_out - capped
            self.assertEqual(sms.partner_id, reachable)
            # refusals counted by reason
            refused = dict(
                self.env["fuxi.marketing.send"]._read_group(
                    [("occasion", "=", f"mailing:{campaign.id}"), ("state", "=", "refused")],
                    ["partner_id"],
                    ["reason:array_agg"],
                )
            )
            expected = {
                p: [r]
                for p, r in (
                    (self.no_consent, "no_consent"),
                    (self.opted_out, "blacklisted"),
                    (capped, "cap"),
                )
                if p in targets
            }
            self.assertEqual(refused, expected)
            self.assertEqual(campaign.fuxi_refused_count, len(expected))
            # the guest's name and class merged, the opt-out text appended
            vip = reachable.filtered("customer_class_id")[:1]
            vip_sms = sms.filtered(lambda s: s.partner_id == vip)
            # in the guest's own language
            class_name = vip.with_context(lang=vip.lang).customer_class_id.name
            self.assertEqual(vip_sms.body, f"{vip.name}您好！{class_name}本月9折。 回T退订")
            self.run_queue()
            numbers = self.sent_numbers()
            self.assertEqual(sorted(numbers), sorted(p.mobile[3:] for p in reachable))
            self.assertNotIn("13900000001", numbers, "no consent, no marketing")
            self.assertNotIn("13900000002", numbers, "opted out")
            self.assertTrue(all(s["text"].endswith("回T退订") for s in self.gateway.sent))
            # a re-run of the job (interrupted, or the cron again) sends nothing twice
            campaign._fuxi_send_campaign()
            self.run_queue()
            self.assertEqual(len(self.sent_numbers()), len(reachable))
            self.assertEqual(
                self.env["sms.sms"].search_count([("mailing_id", "=", campaign.id)]),
                len(reachable),
            )
            # delivery reports: one number is out of service
            failed_guest = reachable[-1]
            self.from_gateway(
                self.gateway.push_reports,
                self.callback_url("report"),
                failed=[failed_guest.mobile[3:]],
            )
            campaign.invalidate_recordset()
            self.assertEqual(campaign.delivered, len(reachable) - 1)
            self.assertEqual(campaign.failed, 1)
            self.assertIn("用户停机", campaign.fuxi_failure_summary)
            # a guest answers T: consent withdrawn, counted as the campaign's opt-out
            replier = reachable[0]
            self.from_gateway(
                self.gateway.push_reply, self.callback_url("reply"), replier.mobile[3:], "T"
            )
            replier.invalidate_recordset()
            self.assertFalse(replier.fuxi_marketing_consent)
            self.assertEqual(replier.fuxi_marketing_consent_source, "sms_reply")
            campaign.invalidate_recordset()
            self.assertEqual(campaign.fuxi_optout_count, 1)

    def _row_writes(self, tables):
        """{table: (rows inserted, rows updated)} by this transaction so far."""
        self.env.flush_all()
        self.env.cr.execute("SELECT pg_stat_clear_snapshot()")
        self.env.cr.execute(
            "SELECT relname, n_tup_ins, n_tup_upd FROM pg_stat_xact_user_tables "
            "WHERE relname IN %s",
            [tuple(tables)],
        )
        found = {name: (ins, upd) for name, ins, upd in self.env.cr.fetchall()}
        return {name: found.get(name, (0, 0)) for name in tables}

    def test_bulk_send_writes_each_row_once(self):
        """A 100,000-guest campaign is written in bulk: each log row is claimed already
        pointing at its SMS and the draw's verdicts are not rewritten batch by batch (an
        update per guest on both tables took half the time of a send)."""
        twin = self.env["res.partner"].create(
            {
                "name": "同号客人",
                "is_fuxi_customer": True,
                "company_id": self.company.id,
                "region_id": self.region.id,
                "mobile": self.consenting[0].mobile,
            }
        )
        twin._fuxi_set_marketing_consent(True, "counter")
        guests = self.all_guests | twin
        tables = ["fuxi_marketing_send", "fuxi_marketing_assignment", "sms_sms", "sms_tracker"]
        with freeze_time(DAYTIME):
            campaign = self.make_campaign(fuxi_holdout_pct=0)
            before = self._row_writes(tables)
            campaign._fuxi_send_campaign()
            after = self._row_writes(tables)
        writes = {t: (after[t][0] - before[t][0], after[t][1] - before[t][1]) for t in tables}
        sms = self.env["sms.sms"].search([("mailing_id", "=", campaign.id)])
        sends = self.env["fuxi.marketing.send"].search(
            [("occasion", "=", f"mailing:{campaign.id}")]
        )
        self.assertEqual(len(sends), len(guests))
        self.assertEqual(writes["fuxi_marketing_send"], (len(guests), 0))
        self.assertEqual(writes["fuxi_marketing_assignment"], (len(guests), 0))
        self.assertEqual(writes["sms_sms"], (len(sms), 0))
        self.assertEqual(writes["sms_tracker"], (len(sms), 0))
        # each queued row points at its own SMS; the second guest of a shared number gets
        # none (as Odoo's composer does) and is logged so
        queued = sends.filtered(lambda s: s.state == "queued")
        self.assertEqual(
            {(s.partner_id.id, s.res_model, s.res_id) for s in queued},
            {(m.partner_id.id, "sms.sms", m.id) for m in sms},
        )
        shared = sends.filtered(lambda s: s.partner_id in self.consenting[0] | twin)
        self.assertEqual(sorted(shared.mapped("state")), ["failed", "queued"])
        self.assertEqual(shared.filtered(lambda s: s.state == "failed").reason, "sms_duplicate")
        self.assertEqual(len(set(sms.mapped("number"))), len(sms))
        self.assertEqual(
            {(m.partner_id.id, m.mailing_trace_ids.sms_tracker_ids.sms_uuid) for m in sms},
            {(m.partner_id.id, m.uuid) for m in sms},
        )
        # what the rules said, per guest, on the draw
        assignments = campaign.fuxi_assignment_ids
        refused = {a.partner_id: a.reason for a in assignments if not a.eligible}
        self.assertEqual(refused, {self.no_consent: "no_consent", self.opted_out: "blacklisted"})

    def test_quiet_hours_hold_campaigns_and_queued_sms(self):
        campaign = self.make_campaign(fuxi_holdout_pct=0)
        # 22:30 in Shanghai: the campaign waits until 08:00
        with freeze_time(datetime(2026, 12, 1, 14, 30)):
            campaign.action_send_sms()
            self.assertEqual(campaign.state, "in_queue")
            self.assertEqual(campaign.schedule_date, datetime(2026, 12, 2, 0, 0))
            self.assertFalse(self.env["sms.sms"].search([("mailing_id", "=", campaign.id)]))
        # 20:59: queued; the queue job runs at 21:01 (e.g. after a gateway outage)
        with freeze_time(datetime(2026, 12, 2, 12, 59)):
            campaign.action_send_sms()
            queued = self.env["sms.sms"].search([("mailing_id", "=", campaign.id)])
            self.assertTrue(queued)
        with freeze_time(datetime(2026, 12, 2, 13, 1)):
            self.run_queue()
            self.assertEqual(self.sent_numbers(), [], "nothing marketing leaves at night")
            self.assertEqual(set(queued.mapped("state")), {"outgoing"})
            self.assertEqual(set(queued.mapped("fuxi_next_try")), {datetime(2026, 12, 3, 0, 0)})
        with freeze_time(datetime(2026, 12, 3, 0, 1)):
            self.run_queue()
            self.assertEqual(len(self.sent_numbers()), len(queued))

    def test_gateway_down_keeps_the_reason_and_retries_once(self):
        with freeze_time(DAYTIME):
            campaign = self.make_campaign(fuxi_holdout_pct=0)
            campaign.action_send_sms()
            queued = self.env["sms.sms"].search([("mailing_id", "=", campaign.id)])
            self.gateway.down = True
            self.run_queue()
            self.assertEqual(set(queued.mapped("state")), {"outgoing"})
            campaign.invalidate_recordset()
            self.assertEqual(campaign.fuxi_waiting_count, len(queued))
            self.assertIn("ServiceUnavailable", campaign.fuxi_waiting_summary)
            self.gateway.down = False
            # the job runs again before the back-off: nothing leaves, nothing is re-queued
            campaign._fuxi_send_campaign()
            self.run_queue()
            self.assertEqual(self.sent_numbers(), [])
        with freeze_time(DAYTIME + timedelta(minutes=2)):
            self.run_queue()
            self.run_queue()
            numbers = self.sent_numbers()
            self.assertEqual(len(numbers), len(queued))
            self.assertEqual(len(set(numbers)), len(numbers), "never twice")

    def test_clear_errors(self):
        with freeze_time(DAYTIME):
            with self.assertRaisesRegex(ValidationError, "object.nickname"):
                self.make_campaign(body_plaintext="{{ object.nickname }}您好")
            empty = self.env["fuxi.marketing.audience"].create(
                {
                    "name": "空受众",
                    "company_id": self.company.id,
                    "region_ids": [(6, 0, self.env["fuxi.region"].create({"name": "无人区"}).ids)],
                }
            )
            campaign = self.make_campaign(fuxi_audience_id=empty.id)
            with self.assertRaisesRegex(UserError, "空受众.*no guests"):
                campaign.action_put_in_queue()
            campaign = self.make_campaign()
            self.company.fuxi_sms_sign_name = False
            with self.assertRaisesRegex(UserError, "not set up: signature"):
                campaign.action_put_in_queue()
            self.assertEqual(campaign.state, "draft")
            # from the queue job: back to draft, the reason in the chatter
            campaign.with_context(fuxi_from_queue=True)._fuxi_send_campaign()
            self.assertIn("not set up", campaign.message_ids[0].body)
            self.assertFalse(self.env["sms.sms"].search([("mailing_id", "=", campaign.id)]))


@tagged("post_install", "-at_install")
class TestMailCampaignAndEffect(CampaignCase):
    def test_mail_reaches_the_smtp_server_and_the_link_opts_out(self):
        inbox = self.start_smtp()
        with freeze_time(DAYTIME):
            campaign = self.make_campaign(mailing_type="mail", fuxi_holdout_pct=0)
            self.assertIn("object.customer_class_id.name", campaign.body_html)
            campaign.action_send_mail()
            self.send_mail_queue()
        received = {m["to"][0]: m["data"] for m in inbox.messages}
        reachable = self.consenting
        self.assertEqual(set(received), set(reachable.mapped("email")))
        vip = reachable.filtered("customer_class_id")[0]
        message = email.message_from_string(received[vip.email], policy=email.policy.default)
        html = message.get_body(("html",)).get_content()
        # Odoo's mass mail renders in the sender's language
        names = {vip.with_context(lang=lang).customer_class_id.name for lang in ("en_US", "zh_CN")}
        self.assertTrue(any(f"尊敬的{vip.name}（{name}）" in html for name in names), html)
        self.assertIn("unsubscribe", html)
        self.assertTrue(message["List-Unsubscribe"])
        trace = self.env["mailing.trace"].search(
            [("mass_mailing_id", "=", campaign.id), ("res_id", "=", vip.id)]
        )
        self.assertEqual(trace.trace_status, "sent")
        # the guest follows the unsubscribe link: Odoo blacklists the address, we withdraw
        # the consent
        url = campaign._get_unsubscribe_oneclick_url(vip.email, vip.id)
        self.env.flush_all()
        with freeze_time(DAYTIME + timedelta(days=1)):
            response = self.url_open(
                url.replace(campaign.get_base_url(), ""), data={"List-Unsubscribe": "One-Click"}
            )
        self.assertEqual(response.status_code, 200)
        vip.invalidate_recordset()
        self.assertFalse(vip.fuxi_marketing_consent)
        self.assertEqual(vip.fuxi_marketing_consent_source, "web")

    def test_uplift_on_constructed_visits(self):
        dish = self.env["product.product"].create(
            {"name": "回访菜", "list_price": 100.0, "is_fuxi_dish": True, "fuxi_kind": "dish"}
        )
        # the draw is random; here it is pinned to the first guests of the audience (ids
        # ascending: all consenting), so that the control group is always four reachable
        # guests. A random draw could hold out only two, whose 0 and 1 visits leave a
        # t-interval with one degree of freedom, which rightly includes 0.
        with (
            freeze_time(DAYTIME),
            patch.object(random.SystemRandom, "sample", lambda _self, ids, k: list(ids)[:k]),
        ):
            campaign = self.make_campaign(fuxi_holdout_pct=25, fuxi_effect_days=30)
            campaign.action_send_sms()
        treated = (
            self.env["fuxi.marketing.send"]
            .search([("occasion", "=", f"mailing:{campaign.id}"), ("state", "!=", "refused")])
            .partner_id
        )
        held = campaign.fuxi_assignment_ids.filtered(lambda a: a.holdout and a.eligible).partner_id
        self.assertEqual(held, self.consenting[:4])
        visits = []
        for index, partner in enumerate(treated):
            # recipients come back two or three times, held-out guests once at most
            for day in range(2 + index % 2):
                visits.append((partner, 2 + day * 5, 1 + index % 2))
        for index, partner in enumerate(held):
            if index % 2:
                visits.append((partner, 3, 1))
        # before the send and after the window: not counted
        visits.append((treated[0], -3, 5))
        visits.append((held[0], 40, 5))
        self.env["fuxi.consumption"].create(
            [
                {
                    "partner_id": partner.id,
                    "company_id": self.company.id,
                    "date": DAYTIME + timedelta(days=day),
                    "line_ids": [(0, 0, {"product_id": dish.id, "quantity": qty})],
                }
                for partner, day, qty in visits
            ]
        )
        with freeze_time(DAYTIME + timedelta(days=45)):
            campaign.action_fuxi_refresh_effect()
        self.assertEqual(campaign.fuxi_effect_treated, len(treated))
        self.assertEqual(campaign.fuxi_effect_control, len(held))
        self.assertAlmostEqual(campaign.fuxi_visits_treated, 2.5, delta=0.5)
        self.assertGreater(campaign.fuxi_visits_uplift, 1.5)
        self.assertGreater(campaign.fuxi_visits_low, 0.0, "the interval excludes 0")
        self.assertGreater(campaign.fuxi_spend_low, 0.0)
        self.assertEqual(campaign.fuxi_effect_note, "up")
        # ranked first in the campaigns list
        ranked = self.env["mailing.mailing"].search(
            [("fuxi_audience_id", "!=", False)], order="fuxi_spend_uplift desc", limit=1
        )
        self.assertEqual(ranked, campaign)
