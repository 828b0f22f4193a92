from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.tests import Form, HttpCase, TransactionCase, new_test_user, tagged

# 12:00 on 28 December 2026 in Shanghai: birthdays "within 7 days" run into January
NOW = datetime(2026, 12, 28, 4, 0)


class AudienceCase:
    @classmethod
    def _fixture(cls):
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.company.fuxi_marketing_tz = "Asia/Shanghai"
        cls.env["ir.config_parameter"].sudo().set_param("fuxi_marketing.monthly_cap", "4")
        Region = cls.env["fuxi.region"]
        cls.zhejiang = Region.create({"name": "测试浙江"})
        cls.hangzhou = Region.create({"name": "测试杭州", "parent_id": cls.zhejiang.id})
        cls.xihu = Region.create({"name": "测试西湖区", "parent_id": cls.hangzhou.id})
        cls.jiangsu = Region.create({"name": "测试江苏"})
        cls.gold = cls.env["fuxi.customer.class"].create({"name": "测试金卡", "is_vip": True})
        Taste = cls.env["fuxi.taste"]
        cls.spicy = Taste.create({"name": "测试爱辣", "kind": "preference"})
        cls.seafood = Taste.create({"name": "测试忌海鲜", "kind": "taboo"})
        cls.room = cls.env["fuxi.room"].create({"name": "测试听涛阁", "kind": "room"})
        cls.dish = cls.env["product.product"].create(
            {"name": "测试营销菜", "list_price": 100.0, "is_fuxi_dish": True}
        )
        china = cls.env.ref("base.cn")
        Partner = cls.env["res.partner"]

        def guest(name, **values):
            values.setdefault("country_id", china.id)
            return Partner.create({"name": name, "is_fuxi_customer": True, **values})

        cls.a = guest(
            "营销客甲",
            region_id=cls.xihu.id,
            customer_class_id=cls.gold.id,
            birthdate_date=date(1990, 1, 2),
            mobile="13900139000",
            email="a@example.com",
            taste_preference_ids=[(6, 0, cls.spicy.ids)],
        )
        cls.b = guest(
            "营销客乙",
            region_id=cls.hangzhou.id,
            birthdate_date=date(1985, 1, 10),
            mobile="13900139001",
            taboo_ids=[(6, 0, cls.seafood.ids)],
        )
        cls.c = guest("营销客丙", region_id=cls.jiangsu.id, email="c@example.com")
        cls.d = guest("营销客丁", region_id=cls.zhejiang.id, mobile="13900139003")
        cls.env["fuxi.partner.date"].create(
            {"partner_id": cls.c.id, "kind": "wedding", "date": date(2010, 12, 30)}
        )
        (cls.a | cls.b | cls.c)._fuxi_set_marketing_consent(True, "counter")
        cls.env["phone.blacklist"].sudo()._add(["+8613900139001"])
        cls.guests = cls.a | cls.b | cls.c | cls.d

        def visit(partner, days_ago, amount, room=False):
            return cls.env["fuxi.consumption"].create(
                {
                    "partner_id": partner.id,
                    "date": NOW - timedelta(days=days_ago),
                    "room_id": room and room.id,
                    "line_ids": [(0, 0, {"product_id": cls.dish.id, "price_unit": amount})],
                }
            )

        visit(cls.a, 100, 300)
        visit(cls.a, 5, 500, cls.room)  # 23 December
        visit(cls.b, 120, 800, cls.room)  # in August
        visit(cls.c, 10, 200)
        visit(cls.c, 3, 200)
        cls.Audience = cls.env["fuxi.marketing.audience"]


@tagged("post_install", "-at_install")
class TestAudience(AudienceCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.startClassPatcher(freeze_time(NOW))
        cls._fixture()

    def _guests(self, **criteria):
        audience = self.Audience.create({"name": "测试受众", **criteria})
        found = self.env["res.partner"].search(audience._fuxi_partner_domain())
        return found & self.guests

    def test_each_criterion(self):
        self.assertEqual(self._guests(), self.guests)
        self.assertEqual(self._guests(customer_class_ids=self.gold.ids), self.a)
        # a region takes in its sub-regions
        self.assertEqual(self._guests(region_ids=self.zhejiang.ids), self.a | self.b | self.d)
        self.assertEqual(self._guests(region_ids=self.hangzhou.ids), self.a | self.b)
        self.assertEqual(self._guests(region_ids=(self.xihu | self.jiangsu).ids), self.a | self.c)
        # 28 December + 7 days reaches 2 January, not 10 January; the wedding on 30 December
        self.assertEqual(self._guests(occasion_kind="birthday", occasion_days=7), self.a)
        self.assertEqual(self._guests(occasion_kind="important", occasion_days=7), self.c)
        self.assertEqual(self._guests(occasion_kind="any", occasion_days=7), self.a | self.c)
        self.assertEqual(
            self._guests(occasion_kind="any", occasion_days=13), self.a | self.b | self.c
        )
        self.assertEqual(
            self._guests(occasion_kind="birthday", occasion_days=0), self.env["res.partner"]
        )
        self.assertEqual(self._guests(taste_ids=self.spicy.ids), self.a)
        self.assertEqual(self._guests(taboo_ids=self.seafood.ids), self.b)
        self.assertEqual(self._guests(exclude_taboo_ids=self.seafood.ids), self.guests - self.b)
        # win-back: came before, not in the last 30 days (d never came)
        self.assertEqual(self._guests(absent_days=30), self.b)
        self.assertEqual(self._guests(absent_days=4), self.a | self.b)
        # spend in a period: December (local) adds up a's 500 and c's 400
        december = {"spend_date_from": date(2026, 12, 1), "spend_date_to": date(2026, 12, 31)}
        self.assertEqual(self._guests(spend_min_amount=400, **december), self.a | self.c)
        self.assertEqual(self._guests(spend_min_amount=450, **december), self.a)
        self.assertEqual(self._guests(spend_min_amount=700), self.a | self.b)
        self.assertEqual(self._guests(room_ids=self.room.ids), self.a | self.b)
        self.assertEqual(self._guests(room_ids=self.room.ids, **december), self.a)
        # criteria together narrow the audience
        self.assertEqual(
            self._guests(region_ids=self.zhejiang.ids, absent_days=30, room_ids=self.room.ids),
            self.b,
        )

    def test_spend_in_a_period_from_buckets(self):
        """Spend between two dates read from fuxi_tracking's month and year buckets plus the
        edge days' visits equals the visits summed by local day, at the time-zone edges."""
        Visit = self.env["fuxi.consumption"]

        def visit(partner, when, amount):
            Visit.create(
                {
                    "partner_id": partner.id,
                    "date": when,
                    "line_ids": [(0, 0, {"product_id": self.dish.id, "price_unit": amount})],
                }
            )

        # (UTC) 16:30 on 30 November is 00:30 on 1 December in Shanghai; 15:59 on 31 October
        # is still 31 October there
        visit(self.d, datetime(2026, 11, 30, 16, 30), 300)
        visit(self.d, datetime(2026, 10, 31, 15, 59), 250)
        visit(self.b, datetime(2026, 10, 31, 16, 1), 120)
        visit(self.b, datetime(2025, 12, 31, 17, 0), 90)
        visit(self.c, datetime(2026, 1, 15, 3, 0), 60)
        local = {}
        for record in Visit.search([("partner_id", "in", self.guests.ids)]):
            day = (record.date + timedelta(hours=8)).date()
            local.setdefault(record.partner_id, []).append((day, record.amount_total))
        periods = [
            (date(2026, 11, 15), date(2026, 12, 20)),  # edge days at both ends, a month
            (date(2026, 9, 1), date(2026, 11, 30)),  # whole months only
            (date(2026, 12, 1), date(2026, 12, 28)),  # this month up to today
            (date(2026, 1, 1), date(2026, 12, 28)),  # this year up to today
            (date(2026, 1, 1), date(2026, 1, 31)),
            (date(2025, 12, 1), date(2026, 11, 30)),  # across the year end
            (date(2026, 11, 1), date(2026, 11, 1)),  # one day
        ]
        for first, last in periods:
            audience = self.Audience.create(
                {
                    "name": "测试消费",
                    "spend_date_from": first,
                    "spend_date_to": last,
                    "spend_min_amount": 100,
                }
            )
            self.assertIsNotNone(audience._fuxi_spenders_from_buckets(self.company))
            for minimum in (50, 100, 250, 400, 700):
                audience.spend_min_amount = minimum
                expected = self.env["res.partner"].browse(
                    partner.id
                    for partner, visits in local.items()
                    if sum(amount for day, amount in visits if first <= day <= last) >= minimum
                )
                found = self.env["res.partner"].search(audience._fuxi_partner_domain())
                self.assertEqual(found & self.guests, expected, (first, last, minimum))
        # an open-ended period, or buckets kept in another time zone: the visits are summed
        audience.spend_date_from = False
        self.assertIsNone(audience._fuxi_spenders_from_buckets(self.company))
        audience.write({"spend_date_from": date(2026, 11, 15), "spend_date_to": date(2026, 12, 20)})
        self.assertIsNotNone(audience._fuxi_spenders_from_buckets(self.company))
        self.env["ir.config_parameter"].sudo().set_param("fuxi_tracking.bucket_tz", "UTC")
        self.assertIsNone(audience._fuxi_spenders_from_buckets(self.company))

    def test_count_matches_search_and_policy(self):
        audience = self.Audience.create({"name": "测试浙江受众", "region_ids": self.zhejiang.ids})
        domain = audience._fuxi_partner_domain()
        partners = self.env["res.partner"].search(domain)
        counts = audience.fuxi_count()
        self.assertEqual(counts["recipients"], len(partners))
        Policy = self.env["fuxi.marketing.policy"]
        for channel in ("sms", "mail"):
            allowed, reasons = Policy._fuxi_allowed(partners, channel, "marketing")
            self.assertEqual(counts[channel], len(allowed), channel)
            by_reason = {}
            for reason in reasons.values():
                by_reason[reason] = by_reason.get(reason, 0) + 1
            self.assertEqual(counts["refusals"][channel], by_reason, channel)
        # of this test's guests: a by SMS and e-mail; b blacklisted; d no consent
        mine = audience.copy({"name": "测试", "customer_class_ids": self.gold.ids})
        self.assertEqual(
            mine.fuxi_count(),
            {"recipients": 1, "sms": 1, "mail": 1, "refusals": {"sms": {}, "mail": {}}},
        )
        # the button lists the same guests
        action = audience.action_view_partners()
        self.assertEqual(self.env["res.partner"].search(action["domain"]), partners)

    def test_live_count_in_the_form_and_rights(self):
        user = new_test_user(
            self.env,
            "mkt_audience_user",
            groups="fuxi_marketing.group_fuxi_marketing_user",
            lang="zh_CN",
        )
        with Form(self.Audience.with_user(user).with_context(lang="zh_CN")) as form:
            form.name = "测试表单受众"
            form.customer_class_ids.add(self.gold)
            self.assertEqual(form.count_recipients, 1)
            self.assertEqual((form.count_sms, form.count_mail), (1, 1))
            form.customer_class_ids.clear()
            form.region_ids.add(self.hangzhou)
            self.assertEqual(form.count_recipients, 2)
            self.assertEqual(form.count_sms, 1)
            self.assertIn("短信", form.count_refusals)


@tagged("post_install", "-at_install")
class TestAudienceOverRpc(AudienceCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._fixture()
        cls.user = new_test_user(
            cls.env, "mkt_rpc_user", groups="fuxi_marketing.group_fuxi_marketing_user"
        )

    def test_count_over_xmlrpc(self):
        audience = self.Audience.create(
            {"name": "测试 RPC", "customer_class_ids": self.gold.ids, "company_id": self.company.id}
        )
        counts = self.xmlrpc_object.execute(
            self.env.cr.dbname,
            self.user.id,
            "mkt_rpc_user",
            "fuxi.marketing.audience",
            "fuxi_count",
            [audience.id],
        )
        self.assertEqual(counts["recipients"], 1)
        self.assertEqual(counts["sms"], 1)
        self.assertEqual(counts["refusals"], {"sms": {}, "mail": {}})
