from odoo.exceptions import AccessError, UserError

from .common import FrontdeskCase, uid


class TestSpecialDishes(FrontdeskCase):
    """Weighed fish by the 斤, market-price seafood, portions and priced options."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Template = cls.env["product.template"]
        cls.seabass = Template.create(
            {
                "name": "测试清蒸鲈鱼",
                "is_fuxi_dish": True,
                "list_price": 68,
                "fuxi_price_mode": "weighed",
                "fuxi_weight_uom": "jin",
                "fuxi_weight_min": 0.8,
                "fuxi_weight_max": 5,
            }
        )
        cls.grouper = Template.create(
            {
                "name": "测试东星斑",
                "is_fuxi_dish": True,
                "list_price": 588,
                "fuxi_price_mode": "market",
                "fuxi_price_min": 288,
                "fuxi_price_max": 1288,
            }
        )
        cls.duck_soup = Template.create(
            {
                "name": "测试老鸭煲",
                "is_fuxi_dish": True,
                "list_price": 98,
                "fuxi_portion_ids": [
                    (0, 0, {"name": "大份", "price": 128, "sequence": 1}),
                    (0, 0, {"name": "小份", "price": 68, "sequence": 2}),
                ],
                "fuxi_option_ids": [
                    (0, 0, {"name": "加辣", "price_extra": 0, "sequence": 1}),
                    (0, 0, {"name": "加蛋", "price_extra": 3, "sequence": 2}),
                ],
            }
        )
        cls.large, cls.small = cls.duck_soup.fuxi_portion_ids
        cls.spicy, cls.egg = cls.duck_soup.fuxi_option_ids

    def _add(self, order, template, **line):
        return order.add_lines(
            [{"uid": uid(), "product_id": template.product_variant_id.id, **line}]
        )

    def test_weighed_fish(self):
        order = self._open()
        payload = self._add(order, self.seabass, weight=1.6)
        [line] = payload["lines"]
        self.assertEqual((line["quantity"], line["weight"], line["weight_uom"]), (1, 1.6, "jin"))
        self.assertEqual((line["price_mode"], line["price_unit"]), ("weighed", 108.8))
        # another fish is its own line: each has its weight
        self._add(order, self.seabass, weight="1.333")
        second = order.line_ids[1]
        self.assertEqual(second.price_unit, 90.64, "68 × 1.333 in the currency's rounding")
        self.assertEqual(order.amount_total, 108.8 + 90.64)
        with self.assertRaisesRegex(UserError, "sold by weight: enter the weight"):
            self._add(order, self.seabass)
        with self.assertRaisesRegex(UserError, r"weight of 6 斤 is outside .*\(0.8 – 5 斤\)"):
            self._add(order, self.seabass, weight=6)
        with self.assertRaisesRegex(UserError, r"weight of 0.5 .* \(0.8 – 5 "):
            self._add(order, self.seabass, weight=0.5)
        self.assertEqual(len(order.line_ids), 2)

    def test_market_price(self):
        order = self._open()
        self._add(order, self.grouper, price=688, quantity=2)
        line = order.line_ids
        self.assertEqual((line.price_entered, line.price_unit, line.subtotal), (688, 688, 1376))
        with self.assertRaisesRegex(UserError, "market price .*enter today's price"):
            self._add(order, self.grouper)
        with self.assertRaisesRegex(UserError, r"market price of 100 is outside .*\(288 – 1288\)"):
            self._add(order, self.grouper, price=100)
        with self.assertRaisesRegex(UserError, r"\(288 – 1288\)"):
            self._add(order, self.grouper, price="2000")
        self._add(order, self.grouper, price=688)
        self.assertEqual(len(order.line_ids), 2, "market-price lines do not add up")
        self.grouper.fuxi_price_max = 0
        self._add(order, self.grouper, price=2000)
        self.assertEqual(order.line_ids[-1].price_unit, 2000, "0: no ceiling")

    def test_portions_and_options(self):
        order = self._open()
        self._add(order, self.duck_soup, portion_id=self.large.id, option_ids=[self.egg.id])
        self._add(order, self.duck_soup, portion_id=self.large.id, option_ids=[self.egg.id])
        self._add(order, self.duck_soup, portion_id=self.small.id, option_ids=[self.spicy.id])
        payload = self._add(order, self.duck_soup)
        self.assertEqual(
            sorted(
                (line["portion"], line["options"], line["quantity"], line["price_unit"])
                for line in payload["lines"]
            ),
            [("", [], 1, 98), ("大份", ["加蛋"], 2, 131), ("小份", ["加辣"], 1, 68)],
        )
        other = self.env["product.template"].create(
            {
                "name": "测试别的菜",
                "is_fuxi_dish": True,
                "fuxi_portion_ids": [(0, 0, {"name": "大份", "price": 1})],
                "fuxi_option_ids": [(0, 0, {"name": "加蛋", "price_extra": 1})],
            }
        )
        with self.assertRaisesRegex(UserError, "portion of 测试老鸭煲 is not served"):
            self._add(order, self.duck_soup, portion_id=other.fuxi_portion_ids.id)
        with self.assertRaisesRegex(UserError, "option chosen for 测试老鸭煲 is not offered"):
            self._add(order, self.duck_soup, option_ids=[other.fuxi_option_ids.id])
        with self.assertRaisesRegex(UserError, "list of option ids"):
            self._add(order, self.duck_soup, option_ids="加蛋")
        self.small.active = False
        with self.assertRaisesRegex(UserError, "not served any more"):
            self._add(order, self.duck_soup, portion_id=self.small.id)
        with self.assertRaisesRegex(UserError, "Unknown course"):
            self._add(order, self.duck_soup, course="breakfast")
        self.assertEqual(len(order.line_ids), 3)

    def test_menu_payload(self):
        menu = self.Order._menu_payload()
        dishes = {dish["template_id"]: dish for dish in menu["dishes"]}
        fish, grouper, soup = (dishes[t.id] for t in (self.seabass, self.grouper, self.duck_soup))
        self.assertEqual(
            (fish["price_mode"], fish["weight_uom"], fish["weight_min"], fish["weight_max"]),
            ("weighed", "jin", 0.8, 5),
        )
        self.assertEqual(
            (grouper["price_mode"], grouper["price_min"], grouper["price_max"]),
            ("market", 288, 1288),
        )
        self.assertEqual(
            soup["portions"],
            [
                {"id": self.large.id, "name": "大份", "price": 128},
                {"id": self.small.id, "name": "小份", "price": 68},
            ],
        )
        self.assertEqual([option["price_extra"] for option in soup["options"]], [0, 3])
        self.assertEqual(dishes[self.beer.product_tmpl_id.id]["course"], "drink")

    def test_course_of_a_line(self):
        order = self._open()
        self._add(order, self.duck_soup)
        self._add(order, self.duck_soup, course="soup")
        self.assertEqual(order.line_ids.mapped("course"), ["hot", "soup"])

    def test_prebill_shows_comps_options_and_weights(self):
        from odoo.addons.fuxi_customer.tests.common import pdf_text_and_pages

        order = self._open()
        self._add(order, self.seabass, weight=1.6)
        self._add(order, self.duck_soup, portion_id=self.large.id, option_ids=[self.egg.id])
        manager = self.env.ref("base.user_admin")
        soup = order.line_ids.filtered(lambda line: line.portion_id)
        soup.with_user(manager).comp_line("生日赠送")
        pdf, _ = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("fuxi_frontdesk.action_report_prebill", order.ids)
        )
        text, _pages = pdf_text_and_pages(pdf)
        for expected in ("测试清蒸鲈鱼", "1.6", "大份", "加蛋", "生日赠送", "131", "108.8"):
            self.assertIn(expected, text)

    def test_refusals_and_labels_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "in", ("fuxi_knowledge", "fuxi_frontdesk"))]
        )._update_translations("zh_CN")
        self.waiter.lang = "zh_CN"
        order = self._open().with_context(lang="zh_CN")
        with self.assertRaisesRegex(UserError, r"重量 6 斤 超出了经理设定的范围（0.8 – 5 斤）"):
            self._add(order, self.seabass, weight=6)
        [line] = self._add(order, self.beer.product_tmpl_id)["lines"]
        beer = self.env["fuxi.frontdesk.order.line"].browse(line["id"])
        with self.assertRaisesRegex(AccessError, "赠菜需要“赠菜”权限"):
            beer.with_user(self.waiter).with_context(lang="zh_CN").comp_line("老客人")
        modes = dict(
            self.env["product.template"]
            .with_context(lang="zh_CN")
            ._fields["fuxi_price_mode"]
            ._description_selection(self.env(context={"lang": "zh_CN"}))
        )
        self.assertEqual((modes["market"], modes["weighed"]), ("时价", "称重"))
        courses = dict(
            self.env["fuxi.frontdesk.order.line"]
            ._fields["course"]
            ._description_selection(self.env(context={"lang": "zh_CN"}))
        )
        self.assertEqual((courses["soup"], courses["dessert"]), ("汤羹", "甜品"))
