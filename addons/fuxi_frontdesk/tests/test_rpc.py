import uuid

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestRpcOverXmlRpc(HttpCase):
    """Every verb of the front desk and the kitchen, called as an external client does:
    the answers are plain values XML-RPC can carry (no recordset, no None)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.waiter = new_test_user(
            cls.env,
            "fd_rpc_waiter",
            groups="fuxi_frontdesk.group_fuxi_frontdesk_user,fuxi_frontdesk.group_fuxi_void",
        )
        cls.cook = new_test_user(cls.env, "fd_rpc_cook", groups="fuxi_frontdesk.group_fuxi_kitchen")
        cls.room = cls.env["fuxi.room"].create({"name": "远程测试桌", "kind": "table"})
        cls.other_room = cls.env["fuxi.room"].create({"name": "远程测试桌二", "kind": "table"})
        template = cls.env["product.template"].create(
            {"name": "远程测试菜", "list_price": 30.0, "is_fuxi_dish": True}
        )
        cls.dish = template.product_variant_id
        cls.guest = cls.env["res.partner"].create(
            {"name": "远程测试客", "is_fuxi_customer": True, "mobile": "13711112222"}
        )

    def _call(self, user, model, method, args, kwargs=None):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, user.id, user.login, model, method, args, kwargs or {}
        )

    def test_every_verb_answers_plain_values(self):
        Order, Line, Ticket = (
            "fuxi.frontdesk.order",
            "fuxi.frontdesk.order.line",
            "fuxi.kitchen.ticket",
        )
        waiter, cook = self.waiter, self.cook
        load = self._call(waiter, Order, "frontdesk_load", [])
        self.assertTrue(load["can_order"])
        self.assertIn(self.room.id, [room["id"] for room in load["rooms"]])
        free = next(room for room in load["rooms"] if room["id"] == self.room.id)
        self.assertIs(free["order"], False)
        self.assertIs(free["reservation"], False)
        self.assertIsInstance(self._call(waiter, Order, "frontdesk_floor", [], {"hours": 2}), dict)
        found = self._call(waiter, Order, "search_guests", ["13711112222"])
        self.assertEqual([guest["id"] for guest in found], self.guest.ids)

        # a walk-in guest: no partner, and no ghost profile
        order = self._call(waiter, Order, "open_table", [self.room.id], {"guest_count": 2})
        self.assertIs(order["partner"], False)
        order_id = order["id"]
        self.assertIs(self._call(waiter, Order, "read_order", [[order_id]])["partner"], False)
        order = self._call(waiter, Order, "set_guest", [[order_id]], {"guest_count": 3})
        self.assertEqual(order["guest_count"], 3)
        order = self._call(
            waiter,
            Order,
            "add_lines",
            [[order_id], [{"uid": uuid.uuid4().hex, "product_id": self.dish.id, "quantity": 2}]],
        )
        line_id = order["lines"][0]["id"]
        order = self._call(waiter, Line, "update_line", [[line_id]], {"note": "少辣"})
        self.assertEqual(order["lines"][0]["note"], "少辣")
        order = self._call(waiter, Order, "action_send", [[order_id], uuid.uuid4().hex])
        self.assertEqual(order["lines"][0]["state"], "sent")
        ticket_id = order["tickets"][0]["id"]

        kitchen = self._call(cook, Ticket, "kitchen_load", [False])
        self.assertIn(ticket_id, [ticket["id"] for ticket in kitchen["tickets"]])
        self.assertIn("hot", [station["code"] for station in kitchen["stations"]])
        ticket = self._call(cook, Ticket, "action_bump_line", [[ticket_id], line_id])
        self.assertEqual(ticket["state"], "ready")
        ticket = self._call(cook, Ticket, "action_recall", [False])
        self.assertEqual(ticket["id"], ticket_id)
        [ticket] = self._call(cook, Ticket, "action_bump", [[ticket_id]])
        self.assertEqual(ticket["state"], "ready")

        # a guest attached later, then a second line voided and one removed
        order = self._call(waiter, Order, "set_guest", [[order_id], self.guest.id])
        self.assertEqual(order["partner"]["id"], self.guest.id)
        order = self._call(
            waiter,
            Order,
            "add_lines",
            [
                [order_id],
                [
                    # two notes: two lines (alike, they would add up on one line)
                    {"uid": uuid.uuid4().hex, "product_id": self.dish.id, "note": "少辣"},
                    {"uid": uuid.uuid4().hex, "product_id": self.dish.id, "note": "打包"},
                ],
            ],
        )
        second, third = [line["id"] for line in order["lines"] if line["state"] == "draft"]
        self._call(waiter, Line, "remove_line", [[third]])
        self._call(waiter, Order, "action_send", [[order_id], uuid.uuid4().hex])
        order = self._call(waiter, Line, "void_line", [[second], "客人不要了"])
        self.assertEqual(len(order["lines"]), 2)
        action = self._call(waiter, Order, "action_print_prebill", [[order_id]])
        self.assertEqual(action["type"], "ir.actions.report")
        # the dish is ready, not served: the checkout asks first (issue 12)
        question = self._call(waiter, Order, "action_checkout", [[order_id]])
        self.assertEqual(question["unserved"], ["远程测试菜"])
        result = self._call(waiter, Order, "action_checkout", [[order_id]], {"confirm": True})
        self.assertEqual(result["order"]["state"], "done")
        self.assertTrue(result["consumption_id"])

        other = self._call(waiter, Order, "open_table", [self.other_room.id])
        cancelled = self._call(waiter, Order, "action_cancel_order", [[other["id"]]])
        self.assertEqual(cancelled["state"], "cancel")
        stations = self._call(cook, "fuxi.kitchen.station", "fuxi_stations", [])
        self.assertIn("bar", [station["code"] for station in stations])
