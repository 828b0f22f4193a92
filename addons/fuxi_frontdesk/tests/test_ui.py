import uuid

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestFrontdeskUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.waiter = new_test_user(
            cls.env,
            "fd_tour_waiter",
            groups="fuxi_frontdesk.group_fuxi_frontdesk_user",
            tz="Asia/Shanghai",
        )
        cls.cook = new_test_user(
            cls.env, "fd_tour_cook", groups="fuxi_frontdesk.group_fuxi_kitchen", tz="Asia/Shanghai"
        )
        cls.room = cls.env["fuxi.room"].create(
            {"name": "巡回测试厅", "kind": "room", "area": "巡回测试区", "capacity": 8}
        )
        template = cls.env["product.template"].create(
            {"name": "巡回宫保鸡丁", "is_fuxi_dish": True, "list_price": 48}
        )
        template.fuxi_station = "hot"
        cls.dish = template.product_variant_id
        cls.guest = cls.env["res.partner"].create(
            {
                "name": "巡回测试客",
                "is_fuxi_customer": True,
                "mobile": "13700001111",
                "taboo_ids": [(6, 0, cls.env.ref("fuxi_customer.taste_peanut_allergy").ids)],
            }
        )

    def test_order_kitchen_checkout_tours(self):
        self.start_tour("/odoo", "fuxi_frontdesk_order_to_kitchen", login="fd_tour_waiter")
        order = self.env["fuxi.frontdesk.order"].search([("room_id", "=", self.room.id)])
        self.assertEqual(order.partner_id, self.guest)
        self.assertEqual(order.guest_count, 4)
        self.assertEqual(order.line_ids.product_id, self.dish)
        self.assertEqual(order.line_ids.note, "不要花生")
        self.assertEqual(order.ticket_ids.station, "hot")

        self.start_tour("/odoo", "fuxi_kitchen_bump", login="fd_tour_cook")
        self.assertEqual(order.ticket_ids.state, "ready")

        self.start_tour("/odoo", "fuxi_frontdesk_checkout", login="fd_tour_waiter")
        self.assertEqual(order.state, "done")
        self.assertTrue(order.line_ids.served)
        consumption = order.consumption_id
        self.assertEqual(consumption.partner_id, self.guest)
        self.assertEqual(consumption.amount_total, 48)
        self.assertEqual(consumption.line_ids.note, "不要花生")


@tagged("post_install", "-at_install")
class TestFrontdeskBusyTable(HttpCase):
    """A Saturday-night table at 1024×768 and on a portrait 10" tablet (800×1280, touch)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.waiter = new_test_user(
            cls.env,
            "fd_busy_waiter",
            groups="fuxi_frontdesk.group_fuxi_frontdesk_user,fuxi_frontdesk.group_fuxi_void,"
            "fuxi_frontdesk.group_fuxi_comp",
            tz="Asia/Shanghai",
            lang="zh_CN",
        )
        Room = cls.env["fuxi.room"]
        cls.big_table = Room.create(
            {"name": "巡回十人台", "kind": "room", "area": "巡回忙碌区", "capacity": 12}
        )
        cls.free_table = Room.create(
            {"name": "巡回转台桌", "kind": "room", "area": "巡回忙碌区", "capacity": 12}
        )
        cls.other_table = Room.create(
            {"name": "巡回并台桌", "kind": "table", "area": "巡回忙碌区", "capacity": 4}
        )
        Template = cls.env["product.template"]
        courses = ["cold", "hot", "staple"]
        cls.dishes = Template.create(
            [
                {
                    "name": f"巡回菜{number:02d}",
                    "is_fuxi_dish": True,
                    "list_price": 20 + number,
                    "fuxi_course": courses[number % 3],
                }
                for number in range(1, 37)
            ]
        )
        cls.beer = Template.create(
            {"name": "巡回青岛啤酒", "is_fuxi_dish": True, "list_price": 15, "fuxi_course": "drink"}
        )
        cls.soups = Template.create(
            [
                {"name": name, "is_fuxi_dish": True, "list_price": price, "fuxi_course": "soup"}
                for name, price in (("巡回牛肉羹", 48), ("巡回酸辣汤", 28))
            ]
        )
        cls.seabass = Template.create(
            {
                "name": "巡回鲈鱼",
                "is_fuxi_dish": True,
                "list_price": 88,
                "fuxi_course": "hot",
                "fuxi_price_mode": "weighed",
                "fuxi_weight_uom": "jin",
                "fuxi_weight_min": 0.5,
                "fuxi_weight_max": 5,
            }
        )
        cls.merged_dish = Template.create(
            {"name": "巡回并台菜", "is_fuxi_dish": True, "list_price": 66, "fuxi_course": "hot"}
        )
        cls.guest = cls.env["res.partner"].create(
            {"name": "巡回十人客", "is_fuxi_customer": True, "mobile": "13700002222"}
        )

    def _send(self, order, templates):
        order.add_lines(
            [
                {"uid": uuid.uuid4().hex, "product_id": template.product_variant_id.id}
                for template in templates
            ]
        )
        order.action_send(uuid.uuid4().hex)

    def _run_busy_table(self):
        Order = self.env["fuxi.frontdesk.order"].with_user(self.waiter)
        order = Order.browse(Order.open_table(self.big_table.id, self.guest.id, 10)["id"])
        self._send(order, self.dishes)
        other = Order.browse(Order.open_table(self.other_table.id, False, 2)["id"])
        self._send(other, self.merged_dish)

        self.start_tour("/odoo", "fuxi_frontdesk_busy_table", login="fd_busy_waiter")

        self.env.invalidate_all()
        order = order.sudo()
        self.assertEqual(order.state, "done")
        self.assertEqual(order.room_id, self.free_table, "moved (转台)")
        self.assertEqual(other.sudo().state, "merged")
        self.assertEqual(other.sudo().merged_into_id, order)
        self.assertEqual(order.guest_count, 12, "the merged table's guests joined")
        lines = order.line_ids
        merged_line = lines.filtered(
            lambda line: line.product_id.product_tmpl_id == self.merged_dish
        )
        self.assertEqual(len(merged_line), 1)
        soups = lines.filtered(lambda line: line.product_id.product_tmpl_id in self.soups)
        self.assertEqual(len(soups), 2)
        self.assertFalse(any(soups.mapped("hold")), "the soup course was fired")
        self.assertTrue(all(soups.mapped("fired_at")))
        self.assertTrue(all(soups.mapped("ticket_id")))
        by_name = {line.product_id.name: line for line in lines if line.state != "void"}
        self.assertEqual(by_name["巡回菜05"].rush_count, 1)
        self.assertTrue(by_name["巡回菜06"].is_comp)
        self.assertTrue(by_name["巡回菜06"].comp_reason)
        self.assertEqual(by_name["巡回菜06"].subtotal, 0)
        self.assertTrue(by_name["巡回菜07"].served)
        fish = by_name["巡回鲈鱼"]
        self.assertAlmostEqual(fish.weight, 1.6)
        self.assertEqual(fish.quantity, 1)
        self.assertAlmostEqual(fish.price_unit, 88 * 1.6)
        beers = lines.filtered(lambda line: line.product_id.product_tmpl_id == self.beer)
        self.assertEqual(sorted(beers.mapped("state")), ["sent", "void"])
        self.assertEqual(beers.filtered(lambda line: line.state == "sent").quantity, 3)
        voided = beers.filtered(lambda line: line.state == "void")
        self.assertEqual(voided.quantity, 1)
        self.assertTrue(voided.void_reason)
        self.assertEqual(voided.voided_by, self.waiter)
        # 36 dishes + 4 beers as one line + 2 soups + the fish, then the merged dish; the
        # voided beer is a line of its own
        self.assertEqual(len(lines.filtered(lambda line: line.state == "sent")), 41)
        events = set(order.event_ids.mapped("kind"))
        self.assertLessEqual({"move", "merge", "fire", "rush"}, events)
        # checked out with dishes still in the kitchen: its tickets are closed as checked out
        self.assertTrue(order.ticket_ids.filtered("checked_out"))
        consumption = order.consumption_id
        self.assertTrue(consumption)
        self.assertAlmostEqual(consumption.amount_total, order.amount_total)
        # the voided beer is not on the bill
        self.assertEqual(
            sum(
                consumption.line_ids.filtered(
                    lambda line: line.product_id == self.beer.product_variant_id
                ).mapped("quantity")
            ),
            3,
        )

    def test_busy_table_1024x768(self):
        self.browser_size = "1024x768"
        self._run_busy_table()

    def test_busy_table_portrait_tablet(self):
        self.browser_size = "800x1280"
        self.touch_enabled = True
        self._run_busy_table()
