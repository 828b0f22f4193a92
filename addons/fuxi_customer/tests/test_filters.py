from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError

from .common import FuxiCustomerCase


class TestCustomerFilters(FuxiCustomerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vip_a = cls._customer(
            "周文华",
            customer_class_id=cls.class_vip.id,
            region_id=cls.region_a.id,
            industry_id=cls.industry_it.id,
        )
        cls.vip_b = cls._customer(
            "孙丽红",
            customer_class_id=cls.class_vip.id,
            region_id=cls.region_b.id,
            industry_id=cls.industry_food.id,
        )
        cls.regular_a = cls._customer(
            "钱海峰",
            customer_class_id=cls.class_regular.id,
            region_id=cls.region_a.id,
            industry_id=cls.industry_food.id,
        )
        cls.walk_in = cls._customer("路人甲", customer_class_id=cls.class_walk_in.id)
        cls.mine = cls.vip_a | cls.vip_b | cls.regular_a | cls.walk_in

    def _search(self, domain):
        return self.env["res.partner"].search(domain + [("id", "in", self.mine.ids)])

    def test_class_filter_and_group(self):
        self.assertEqual(
            self._search([("customer_class_id", "=", self.class_vip.id)]), self.vip_a | self.vip_b
        )
        groups = dict(
            self.env["res.partner"]._read_group(
                [("id", "in", self.mine.ids)], ["customer_class_id"], ["__count"]
            )
        )
        self.assertEqual(groups[self.class_vip], 2)
        self.assertEqual(groups[self.class_walk_in], 1)
        self.assertEqual(self.class_vip.partner_count >= 2, True)

    def test_region_filter_includes_sub_regions(self):
        self.assertEqual(
            self._search([("region_id", "=", self.region_a.id)]), self.vip_a | self.regular_a
        )
        self.assertEqual(
            self._search([("region_id", "child_of", self.region_city.id)]),
            self.vip_a | self.vip_b | self.regular_a,
        )
        self.assertEqual(self.region_a.complete_name, "测试市 / 东区")

    def test_industry_filter(self):
        self.assertEqual(
            self._search([("industry_id", "=", self.industry_food.id)]), self.vip_b | self.regular_a
        )

    def test_default_class_is_single(self):
        new_default = self.env["fuxi.customer.class"].create({"name": "会员", "is_default": True})
        self.assertFalse(self.class_regular.is_default)
        self.assertEqual(self._customer("新会员").customer_class_id, new_default)

    def test_region_cycle_refused(self):
        with self.assertRaises(UserError):
            self.region_city.parent_id = self.region_a

    def test_self_referral_refused(self):
        with self.assertRaises(ValidationError):
            self.vip_a.referred_by_id = self.vip_a
        self.vip_b.referred_by_id = self.vip_a
        self.assertEqual(self.vip_a.referral_count, 1)
        action = self.vip_a.action_view_referrals()
        self.assertEqual(self.env["res.partner"].search(action["domain"]), self.vip_b)

    @freeze_time("2026-12-28")
    def test_birthday_and_important_date_windows(self):
        self.vip_a.birthdate_date = "1970-12-30"  # in 2 days
        self.vip_b.birthdate_date = "1985-01-20"  # in 23 days, across the new year
        self.env["fuxi.partner.date"].create(
            {"partner_id": self.regular_a.id, "kind": "wedding", "date": "2001-01-03"}  # 6 days
        )
        self.walk_in.birthdate_date = "1990-03-01"  # far away
        in_7 = self._search([("occasion_within_days", "<=", 7)])
        in_30 = self._search([("occasion_within_days", "<=", 30)])
        self.assertEqual(in_7, self.vip_a | self.regular_a)
        self.assertEqual(in_30, self.vip_a | self.vip_b | self.regular_a)
        self.assertEqual(self._search([("occasion_within_days", "=", 2)]), self.vip_a)
        self.assertEqual(self._search([("occasion_within_days", "<", 2)]), self.env["res.partner"])
        self.assertEqual(self.vip_b.occasion_within_days, 23)
        self.assertEqual(str(self.vip_b.next_occasion_date), "2027-01-20")
        self.assertEqual(self.regular_a.next_occasion_name, "Wedding Anniversary")

    @freeze_time("2027-02-27")
    def test_leap_day_birthday_in_common_year(self):
        self.vip_a.birthdate_date = "1996-02-29"
        self.assertEqual(str(self.vip_a.next_occasion_date), "2027-02-28")
        self.assertIn(self.vip_a, self._search([("occasion_within_days", "<=", 1)]))
        self.assertNotIn(self.vip_a, self._search([("occasion_within_days", "=", 0)]))

    def test_bad_occasion_search_refused(self):
        with self.assertRaises(UserError):
            self._search([("occasion_within_days", ">", 5)])

    def test_search_by_code_and_mobile(self):
        self.vip_a.mobile = "13800001111"
        self.assertEqual(self._search([("ref", "=", self.vip_a.ref)]), self.vip_a)
        self.assertEqual(self._search([("mobile", "ilike", "13800001111")]), self.vip_a)
