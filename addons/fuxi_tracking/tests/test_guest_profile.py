from odoo.tests import new_test_user

from .common import FuxiTrackingCase


class TestGuestProfile(FuxiTrackingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.peanut = cls.env.ref("fuxi_customer.taste_peanut_allergy")
        cls.zhou.taboo_ids = cls.peanut
        cls._visit(
            cls.zhou, "2021-05-01 12:00", [(cls.fish, 1), (cls.wine, 2)], room_id=cls.room.id
        )
        cls._visit(cls.zhou, "2021-06-01 19:00", [(cls.fish, 2), (cls.pork, 1)], guest_count=4)

    def test_history_in_profile(self):
        profile = self.zhou.with_user(self.viewer).get_fuxi_guest_profile()
        self.assertEqual(profile["visit_count"], 2)
        self.assertAlmostEqual(profile["total_spend"], 88 + 2 * 58 + 2 * 88 + 68)
        self.assertTrue(profile["favourite_dishes"].startswith("西湖醋鱼 ×3"))
        visits = profile["recent_visits"]
        self.assertEqual([visit["guests"] for visit in visits], [4, 1], "newest first")
        self.assertEqual(visits[1]["room"], "测试包间")
        self.assertIn("绍兴黄酒", visits[1]["dishes"])
        self.assertTrue(profile["currency"]["symbol"])

    def test_history_hidden_without_tracking_rights(self):
        clerk = new_test_user(
            self.env, "tr_profile_clerk", groups="fuxi_customer.group_fuxi_customer_viewer"
        )
        profile = self.zhou.with_user(clerk).get_fuxi_guest_profile()
        self.assertEqual(profile["name"], "周文华")
        self.assertNotIn("visit_count", profile)
        self.assertNotIn("recent_visits", profile)

    def test_new_dishes_flag_taboo_clash(self):
        Template = self.env["product.template"]
        Template.search([("fuxi_is_new", "=", True)]).write(
            {"fuxi_launched_at": "2000-01-01 00:00:00"}
        )
        peanut_allergen = self.env["fuxi.allergen"].create(
            {"name": "测试花生", "taboo_ids": [(6, 0, self.peanut.ids)]}
        )
        kung_pao = Template.create(
            {
                "name": "宫保虾球",
                "is_fuxi_dish": True,
                "fuxi_allergen_ids": [(6, 0, peanut_allergen.ids)],
            }
        )
        soup = Template.create({"name": "松茸鸡汤", "is_fuxi_dish": True})
        (kung_pao | soup).action_launch()
        profile = self.zhou.get_fuxi_guest_profile()
        clash = {dish["name"]: dish["taboo_clash"] for dish in profile["new_dishes"]}
        self.assertEqual(clash.get("宫保虾球"), [self.peanut.name])
        self.assertEqual(clash.get("松茸鸡汤"), [])
