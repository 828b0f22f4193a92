from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.fuxi_knowledge.upgrade import set_courses


class TestDishOrdering(TransactionCase):
    """How a dish is ordered: its course, price mode and bounds, portions and options."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.editor = new_test_user(
            cls.env, "kn_order_user", groups="fuxi_knowledge.group_fuxi_knowledge_user"
        )
        cls.manager = new_test_user(
            cls.env, "kn_order_manager", groups="fuxi_knowledge.group_fuxi_knowledge_manager"
        )
        cls.hot = cls.env.ref("fuxi_knowledge.dish_category_hangbang")
        cls.soup = cls.env.ref("fuxi_knowledge.dish_category_soup")
        cls.wine = cls.env.ref("fuxi_knowledge.dish_category_wine")

    def _dish(self, name, category=None, **vals):
        return self.env["product.template"].create(
            {
                "name": name,
                "is_fuxi_dish": True,
                "fuxi_category_id": category.id if category else False,
                "list_price": 58,
                **vals,
            }
        )

    def test_course_from_category_kind_and_station(self):
        self.assertEqual(self._dish("测试鱼羹", self.soup).fuxi_course, "soup")
        self.assertEqual(self._dish("测试黄酒", self.wine).fuxi_course, "drink")
        self.assertEqual(self._dish("测试醋鱼", self.hot).fuxi_course, "hot")
        # no category: the kind, then the station decide
        self.assertEqual(self._dish("测试果汁", fuxi_kind="drink").fuxi_course, "drink")
        cold = self._dish("测试凉拌", fuxi_station="cold")
        self.assertEqual(cold.fuxi_course, "cold")
        # a course chosen by hand stays; a category with a course gives its own
        cold.fuxi_course = "dessert"
        cold.fuxi_spiciness = "1"
        self.assertEqual(cold.fuxi_course, "dessert")
        cold.fuxi_category_id = self.soup
        self.assertEqual(cold.fuxi_course, "soup")

    def test_bounds_checked(self):
        with self.assertRaisesRegex(ValidationError, "lowest market price \\(300\\) is above"):
            self._dish("测试石斑", fuxi_price_mode="market", fuxi_price_min=300, fuxi_price_max=200)
        with self.assertRaisesRegex(ValidationError, "bounds of the weight cannot be negative"):
            self._dish("测试鲈鱼", fuxi_price_mode="weighed", fuxi_weight_min=-1)
        fish = self._dish("测试鲈鱼", fuxi_price_mode="weighed", fuxi_weight_min=0.8)
        self.assertEqual(fish.fuxi_weight_uom, "jin")
        self.assertEqual(fish.fuxi_weight_max, 0, "0: no upper bound")

    def test_only_knowledge_managers_set_bounds(self):
        dish = self._dish("测试时价鱼", fuxi_price_mode="market", fuxi_price_min=100)
        as_editor = dish.with_user(self.editor)
        with self.assertRaisesRegex(AccessError, "Only knowledge managers set the lowest"):
            as_editor.fuxi_price_max = 999
        with self.assertRaisesRegex(AccessError, "Only knowledge managers set the lowest"):
            self.env["product.template"].with_user(self.editor).create(
                {"name": "测试称重", "is_fuxi_dish": True, "fuxi_weight_max": 3}
            )
        # the form sends the unchanged bounds with the other fields: that is no change
        as_editor.write({"fuxi_price_min": 100, "name": "测试时价鱼二"})
        as_editor.fuxi_price_mode = "market"
        dish.with_user(self.manager).write({"fuxi_price_max": 999, "fuxi_weight_max": 4})
        self.assertEqual((dish.fuxi_price_max, dish.fuxi_weight_max), (999, 4))

    def test_portions_options_and_payload(self):
        dish = self._dish(
            "测试老鸭煲",
            self.soup,
            fuxi_portion_ids=[
                (0, 0, {"name": "大份", "price": 128, "sequence": 1}),
                (0, 0, {"name": "小份", "price": 68, "sequence": 2}),
                (0, 0, {"name": "特大份", "price": 188, "active": False}),
            ],
            fuxi_option_ids=[
                (0, 0, {"name": "加辣", "price_extra": 0, "sequence": 1}),
                (0, 0, {"name": "加蛋", "price_extra": 3, "sequence": 2}),
            ],
        )
        payload = dish.with_user(self.editor)._fuxi_ordering_payload()
        self.assertEqual(payload["price_mode"], "fixed")
        self.assertEqual(payload["course"], "soup")
        self.assertEqual(
            [(p["name"], p["price"]) for p in payload["portions"]], [("大份", 128), ("小份", 68)]
        )
        self.assertEqual(
            [(o["name"], o["price_extra"]) for o in payload["options"]], [("加辣", 0), ("加蛋", 3)]
        )
        self.assertEqual(payload["weight_uom"], "jin")
        for key in ("price_min", "price_max", "weight_min", "weight_max"):
            self.assertEqual(payload[key], 0)
        with self.assertRaisesRegex(ValidationError, "extra price cannot be negative"):
            self.env["fuxi.dish.option"].create(
                {"product_tmpl_id": dish.id, "name": "减价", "price_extra": -2}
            )
        with self.assertRaisesRegex(ValidationError, "portion's price cannot be negative"):
            self.env["fuxi.dish.portion"].create(
                {"product_tmpl_id": dish.id, "name": "负份", "price": -1}
            )

    def test_upgrade_sets_courses(self):
        soup = self._dish("测试升级汤", self.soup)
        self.soup.default_course = False
        soup.fuxi_course = "hot"
        drink = self._dish("测试升级酒", self.wine)
        drink.fuxi_course = "hot"
        set_courses(self.env)
        self.assertEqual(self.soup.default_course, "soup")
        self.assertEqual((soup.fuxi_course, drink.fuxi_course), ("soup", "drink"))
        # a course someone chose for a shipped category is kept
        self.soup.default_course = "dessert"
        set_courses(self.env)
        self.assertEqual(self.soup.default_course, "dessert")
        self.assertEqual(soup.fuxi_course, "dessert")
