import re
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

    def test_profile_reads_only_the_guest_and_what_it_shows(self):
        """The profile reads the fields it shows of this one guest (issue 16: a guest's whole
        row is a hundred-odd columns), also when the guest comes with others (a swipe's, a
        list's recordset: a computed field would be computed for all of them)."""
        others = self._customer("同批客人甲") | self._customer("同批客人乙")
        batch = (self.guest | others).with_user(self.viewer)
        for guest in (batch[0], self.guest.with_user(self.viewer)):
            self.env.flush_all()
            self.env.invalidate_all()
            with self.assertLogs("odoo.sql_db", "DEBUG") as logs:
                profile = guest.get_fuxi_guest_profile()
            self.assertEqual(profile["name"], "周慧敏")
            # the reads of guests (not of the user's own contact, for their time zone)
            guest_ids = {str(partner.id) for partner in self.guest | others}
            guest_reads = [
                line
                for line in logs.output
                if 'FROM "res_partner"' in line
                and guest_ids & set(re.findall(r"\d+", line.split("WHERE", 1)[-1]))
            ]
            self.assertTrue(guest_reads)
            for line in guest_reads:
                # a column the profile never shows: read only when the whole row is
                self.assertNotIn('"res_partner"."comment"', line)
                where = set(re.findall(r"\d+", line.split("WHERE", 1)[-1]))
                self.assertFalse(where & {str(other.id) for other in others}, line)
