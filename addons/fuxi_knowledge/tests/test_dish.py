import json
import shutil

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.bus.models.bus import channel_with_db, json_dump
from odoo.addons.fuxi_customer.tests.common import pdf_text_and_pages


class TestDish(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.viewer = new_test_user(
            cls.env, "kn_viewer", groups="fuxi_knowledge.group_fuxi_knowledge_viewer"
        )
        cls.editor = new_test_user(
            cls.env, "kn_user", groups="fuxi_knowledge.group_fuxi_knowledge_user"
        )
        cls.manager = new_test_user(
            cls.env, "kn_manager", groups="fuxi_knowledge.group_fuxi_knowledge_manager"
        )
        cls.hot = cls.env.ref("fuxi_knowledge.dish_category_hangbang")
        cls.wine = cls.env.ref("fuxi_knowledge.dish_category_wine")
        cls.sequence = cls.env.ref("fuxi_knowledge.sequence_dish_code")
        cls.sequence.write({"prefix": "KT", "padding": 4})
        cls.channel = cls.env.ref("fuxi_knowledge.channel_new_dishes")

    def _dish(self, name, category=None, **vals):
        return self.env["product.template"].create(
            {
                "name": name,
                "is_fuxi_dish": True,
                "fuxi_category_id": (category or self.hot).id,
                "list_price": 88,
                **vals,
            }
        )

    def _channel_posts(self):
        return self.channel.message_ids.filtered(lambda m: m.message_type == "comment")

    def _notifications(self, user):
        self.env.cr.precommit.run()
        channel = json_dump(channel_with_db(self.env.cr.dbname, user.partner_id))
        messages = self.env["bus.bus"].sudo().search([("channel", "=", channel)])
        return [
            json.loads(m.message)["payload"]
            for m in messages
            if json.loads(m.message)["type"] == "simple_notification"
        ]

    # ------------------------------------------------------------------ codes, kinds
    def test_code_from_sequence_and_unique(self):
        self.sequence.number_next_actual = 30
        fish = self._dish("西湖醋鱼")
        self.assertEqual(fish.default_code, "KT0030")
        self.assertEqual(self._dish("东坡肉").default_code, "KT0031")
        with self.assertRaises(ValidationError):
            self._dish("仿冒醋鱼", default_code="KT0030")
        self.sequence.number_next_actual = 30  # reset: used codes are skipped
        self.assertEqual(self._dish("龙井虾仁").default_code, "KT0032")
        self.assertNotEqual(fish.copy().default_code, fish.default_code)
        found = self.env["product.product"].name_search("KT0030")
        self.assertEqual([pid for pid, _n in found], [fish.product_variant_id.id])

    def test_non_dish_product_gets_no_code(self):
        napkin = self.env["product.template"].create({"name": "餐巾纸"})
        self.assertFalse(napkin.default_code)

    def test_dish_or_drink_from_category(self):
        fish = self._dish("西湖醋鱼")
        wine = self._dish("绍兴黄酒", self.wine)
        self.assertEqual((fish.fuxi_kind, fish.fuxi_station), ("dish", "hot"))
        self.assertEqual((wine.fuxi_kind, wine.fuxi_station), ("drink", "bar"))
        cold = self._dish("醉鸡", self.env.ref("fuxi_knowledge.dish_category_cold"))
        self.assertEqual(cold.fuxi_station, "cold")
        drinks = self.env["product.product"].search(
            [("fuxi_kind", "=", "drink"), ("id", "in", (fish | wine).product_variant_ids.ids)]
        )
        self.assertEqual(drinks, wine.product_variant_id)

    def test_rights(self):
        dish = self._dish("宋嫂鱼羹")
        self.assertEqual(dish.with_user(self.viewer).name, "宋嫂鱼羹")
        with self.assertRaises(AccessError):
            self.env["product.template"].with_user(self.viewer).create(
                {"name": "x", "is_fuxi_dish": True}
            )
        dish.with_user(self.editor).write({"list_price": 60})
        created = (
            self.env["product.template"]
            .with_user(self.editor)
            .create({"name": "片儿川", "is_fuxi_dish": True, "fuxi_category_id": self.hot.id})
        )
        self.assertTrue(created.default_code)
        napkin = self.env["product.template"].create({"name": "餐巾纸"})
        with self.assertRaises(AccessError):
            napkin.with_user(self.editor).write({"list_price": 1})
        with self.assertRaises(AccessError):
            dish.with_user(self.editor).unlink()
        dish.with_user(self.manager).unlink()
        with self.assertRaises(AccessError):
            self.hot.with_user(self.editor).write({"name": "x"})

    # ------------------------------------------------------------------ launching
    def test_launch_posts_once_and_notifies(self):
        before = len(self._channel_posts())
        dish = self._dish("蒜蓉粉丝蒸扇贝", fuxi_ingredients="扇贝、粉丝")
        self.assertEqual(len(self._channel_posts()), before, "creating does not announce")
        dish.with_user(self.editor).action_launch()
        posts = self._channel_posts()
        self.assertEqual(len(posts), before + 1)
        self.assertIn("蒜蓉粉丝蒸扇贝", posts[0].body)
        self.assertIn(dish.default_code, posts[0].body)
        payloads = self._notifications(self.viewer)
        self.assertTrue(any("蒜蓉粉丝蒸扇贝" in p["message"] for p in payloads))
        # launching again, or editing the launched dish, says nothing more
        self.assertFalse(dish.action_launch())
        dish.write({"list_price": 98, "name": "蒜蓉扇贝"})
        self.assertEqual(len(self._channel_posts()), before + 1)

    def test_new_dish_channel_name_and_members(self):
        self.assertEqual(self.channel.name, "新菜上市")
        members = self.channel.channel_partner_ids
        self.assertIn(self.viewer.partner_id, members)
        self.assertIn(self.manager.partner_id, members)
        cook = new_test_user(self.env, "kn_cook", groups="base.group_user")
        self.assertNotIn(cook.partner_id, self.channel.channel_partner_ids)
        # the right comes later and implied by a higher one (Discuss alone misses that)
        cook.groups_id = [(4, self.env.ref("fuxi_knowledge.group_fuxi_knowledge_user").id)]
        self.assertIn(cook.partner_id, self.channel.channel_partner_ids)
        self.assertIn(cook, self.env["product.template"]._fuxi_new_dish_staff())

    def test_announcement_in_each_readers_language(self):
        # both languages in use (with English inactive, Odoo writes every translation to it)
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["res.lang"]._activate_lang("en_US")
        group = "fuxi_knowledge.group_fuxi_knowledge_viewer"
        zh = new_test_user(self.env, "kn_zh", groups=group, lang="zh_CN", tz="Asia/Shanghai")
        en = new_test_user(self.env, "kn_en", groups=group, lang="en_US", tz="Europe/Paris")
        outsider = new_test_user(self.env, "kn_out", groups="base.group_user")
        pork = self._dish("Dongpo Pork")
        pork.with_context(lang="zh_CN").name = "东坡肉"
        fish = self._dish("West Lake Fish")
        fish.with_context(lang="zh_CN").name = "西湖醋鱼"
        # the channel post is one message: written in the language most members read
        (self.channel.channel_member_ids.partner_id.user_ids - en).sudo().lang = "zh_CN"
        (pork | fish).with_user(self.editor).action_launch()
        self.assertEqual(self._notifications(zh)[-1]["title"], "新菜上市")
        self.assertEqual(self._notifications(zh)[-1]["message"], "东坡肉和西湖醋鱼")
        self.assertEqual(self._notifications(en)[-1]["title"], "New dishes")
        self.assertEqual(self._notifications(en)[-1]["message"], "Dongpo Pork and West Lake Fish")
        self.assertFalse(self._notifications(outsider), "only the staff who serve guests")
        self.assertIn("新菜上市——请向客人主动介绍", self._channel_posts()[0].body)

    def test_launch_button_for_knowledge_users(self):
        def form(user):
            views = (
                self.env["product.template"]
                .with_user(user)
                .get_views(
                    [(self.env.ref("fuxi_knowledge.product_template_view_form_dish").id, "form")]
                )
            )
            return views["views"]["form"]["arch"]

        self.assertIn('name="action_launch"', form(self.editor))
        self.assertNotIn('name="action_launch"', form(self.viewer))

    def test_only_dishes_launch(self):
        napkin = self.env["product.template"].create({"name": "餐巾纸"})
        with self.assertRaises(UserError):
            napkin.action_launch()

    def test_cron_launches_due_dishes_together(self):
        due = self._dish("十三香小龙虾", fuxi_launch_date="2027-06-01")
        due_too = self._dish("油焖春笋", fuxi_launch_date="2027-05-30")
        later = self._dish("老鸭煲", fuxi_launch_date="2027-06-15")
        with freeze_time("2027-05-29 08:00"):
            self.assertFalse(self.env["product.template"]._cron_launch_due_dishes() & (due | later))
        before = len(self._channel_posts())
        with freeze_time("2027-06-01 08:00"):
            launched = self.env["product.template"]._cron_launch_due_dishes()
        self.assertEqual(launched & (due | due_too | later), due | due_too)
        self.assertEqual(len(self._channel_posts()), before + 1, "one post for the day")
        self.assertFalse(later.fuxi_launched_at)
        with freeze_time("2027-06-02 08:00"):
            self.assertFalse(self.env["product.template"]._cron_launch_due_dishes() & due)

    def test_new_window_and_recommendations(self):
        self.env["ir.config_parameter"].sudo().set_param("fuxi_knowledge.new_dish_days", "7")
        dish = self._dish("桂花糖藕", fuxi_ingredients="莲藕、糯米")
        old = self._dish("东坡肉")
        with freeze_time("2027-03-01 10:00"):
            old.action_launch()
        with freeze_time("2027-03-05 10:00"):
            dish.action_launch()
        with freeze_time("2027-03-07 10:00"):
            dish.invalidate_recordset()
            self.assertTrue(dish.fuxi_is_new)
            self.assertEqual(str(dish.fuxi_new_until), "2027-03-12")
            new = self.env["product.template"].search(
                [("fuxi_is_new", "=", True), ("id", "in", (dish | old).ids)]
            )
            self.assertEqual(new, dish | old)
            recommended = self.env["product.template"].get_new_dishes_to_recommend(limit=50)
            mine = [r for r in recommended if r["id"] in (dish | old).ids]
            self.assertEqual([r["name"] for r in mine], ["桂花糖藕", "东坡肉"], "newest first")
            self.assertEqual(mine[0]["code"], dish.default_code)
            self.assertEqual(mine[0]["kind"], "dish")
            self.assertEqual(mine[0]["ingredients"], "莲藕、糯米")
        with freeze_time("2027-03-09 10:00"):  # the old one is past its 7 days
            recommended = self.env["product.product"].get_new_dishes_to_recommend(limit=50)
            self.assertEqual(
                [r["id"] for r in recommended if r["id"] in (dish | old).ids], [dish.id]
            )
        with freeze_time("2027-03-13 10:00"):
            dish.invalidate_recordset()
            self.assertFalse(dish.fuxi_is_new)
            self.assertNotIn(
                dish, self.env["product.template"].search([("fuxi_is_new", "=", True)])
            )
            self.assertIn(dish, self.env["product.template"].search([("fuxi_is_new", "=", False)]))

    def test_printed_menu(self):
        fish = self._dish("西湖醋鱼")
        wine = self._dish("绍兴黄酒", self.wine, list_price=58)
        if not shutil.which("pdftotext"):
            self.fail("poppler-utils missing (scripts/fuxi setup installs it)")
        report = self.env.ref("fuxi_knowledge.action_report_fuxi_menu")
        pdf, _ = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            report.report_name, res_ids=(fish | wine).ids
        )
        text, _pages = pdf_text_and_pages(pdf)
        for expected in ("西湖醋鱼", "绍兴黄酒", fish.default_code, self.wine.name):
            self.assertIn(expected, text)
        self.assertLess(text.index("西湖醋鱼"), text.index("绍兴黄酒"), "dishes before drinks")
