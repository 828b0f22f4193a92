from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.fuxi_customer.tests.hoot import FuxiHootMixin


@tagged("post_install", "-at_install")
class TestFrontdeskUi(FuxiHootMixin, HttpCase):
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
        consumption = order.consumption_id
        self.assertEqual(consumption.partner_id, self.guest)
        self.assertEqual(consumption.amount_total, 48)
        self.assertEqual(consumption.line_ids.note, "不要花生")

    def test_hoot_components(self):
        self.run_hoot_suite("@fuxi_frontdesk")
