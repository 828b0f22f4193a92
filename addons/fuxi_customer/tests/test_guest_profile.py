from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import FuxiCustomerCase


class TestGuestProfile(FuxiCustomerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coriander = cls.env.ref("fuxi_customer.taste_no_coriander")
        cls.guest = cls._customer(
            "周慧敏",
            customer_class_id=cls.class_vip.id,
            mobile="13900139000",
            region_id=cls.region_a.id,
            birthdate_date=date(1985, 11, 25),
            taboo_ids=[(6, 0, cls.coriander.ids)],
            taste_note="喜欢靠窗的位子",
        )

    def test_profile_values(self):
        with freeze_time("2026-11-22 10:00:00"):
            profile = self.guest.with_user(self.viewer).get_fuxi_guest_profile()
        self.assertEqual(profile["id"], self.guest.id)
        self.assertEqual(profile["name"], "周慧敏")
        self.assertEqual(profile["code"], self.guest.ref)
        self.assertTrue(profile["is_vip"])
        self.assertEqual(profile["customer_class"]["code"], "vip")
        self.assertEqual(profile["birthday"], "1985-11-25")
        self.assertEqual(profile["birthday_in_days"], 3)
        self.assertEqual(profile["taboos"], [self.coriander.name])
        self.assertEqual(profile["region"], "测试市 / 东区")
        self.assertEqual(profile["taste_note"], "喜欢靠窗的位子")

    def test_regular_guest_without_birthday(self):
        guest = self._customer("路人甲", customer_class_id=self.class_regular.id)
        profile = guest.get_fuxi_guest_profile()
        self.assertFalse(profile["is_vip"])
        self.assertFalse(profile["birthday"])
        self.assertFalse(profile["birthday_in_days"])

    def test_profile_needs_read_access(self):
        outsider = new_test_user(self.env, "fx_portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            self.guest.with_user(outsider).get_fuxi_guest_profile()
