import uuid

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.fuxi_frontdesk.upgrade import backfill_void_times, grant_void_right

from .common import FrontdeskCase, uid


class TestQuantities(FrontdeskCase):
    """Four taps on a beer are one line of 4; a sent line is reduced by a partial void."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plain_waiter = new_test_user(
            cls.env, "fd_plain_waiter", groups="fuxi_frontdesk.group_fuxi_frontdesk_user"
        )
        cls.manager = new_test_user(
            cls.env, "fd_lines_manager", groups="fuxi_frontdesk.group_fuxi_frontdesk_manager"
        )

    def _sent_beers(self, count=4):
        order = self._open()
        order.add_lines([self._line(self.beer) for _ in range(count)])
        order.action_send(uid())
        return order, order.line_ids

    def test_alike_taps_add_up_and_retries_add_nothing(self):
        order = self._open()
        taps = [self._line(self.beer) for _ in range(3)]
        order.add_lines(taps[:1])
        order.add_lines(taps[1:2])
        order.add_lines(taps)  # the screen retries everything: nothing more
        self.assertEqual(len(order.line_ids), 1)
        beer = order.line_ids
        self.assertEqual(beer.quantity, 3)
        self.assertEqual(order.amount_total, 36)
        # one call with two taps alike, and a tap with another note: its own line
        payload = order.add_lines(
            [self._line(self.beer, 2), self._line(self.beer), self._line(self.beer, 1, "冰的")]
        )
        self.assertEqual(beer.quantity, 6)
        self.assertEqual(len(order.line_ids), 2)
        self.assertEqual(
            sorted((line["note"], line["quantity"]) for line in payload["lines"]),
            [("", 6), ("冰的", 1)],
        )
        # once sent, a new tap is a new line (the kitchen has the first one)
        order.action_send(uid())
        again = self._line(self.beer)
        order.add_lines([again])
        order.add_lines([again])
        self.assertEqual(len(order.line_ids), 3)
        self.assertEqual((order.line_ids - beer).mapped("quantity"), [1, 1])
        with self.assertRaisesRegex(UserError, "at most 999"):
            order.add_lines([self._line(self.beer, 999)])
        self.assertEqual(len(order.line_ids), 3)

    def test_stepper_on_unsent_lines(self):
        order = self._open()
        order.add_lines([self._line(self.beer, 2)])
        line = order.line_ids.with_user(self.waiter)
        payload = line.update_line(quantity=5)
        self.assertEqual(payload["lines"][0]["quantity"], 5)
        self.assertEqual(payload["amount_total"], 60)
        with self.assertRaisesRegex(UserError, "more than 0 and at most 999"):
            line.update_line(quantity=0)

    def test_partial_void_of_a_sent_line(self):
        order, beer = self._sent_beers()
        self.env.cr.precommit.run()  # the send's own messages
        self.env["bus.bus"].search([]).unlink()
        void_uid = uid()
        payload = beer.with_user(self.waiter).void_quantity(1, "客人不要了", void_uid)
        voided = order.line_ids - beer
        self.assertEqual(beer.quantity, 3)
        self.assertEqual(beer.state, "sent")
        self.assertEqual(
            (voided.quantity, voided.state, voided.void_reason, voided.voided_by),
            (1, "void", "客人不要了", self.waiter),
        )
        self.assertEqual(voided.ticket_id, beer.ticket_id, "the kitchen's ticket shows 退 1")
        self.assertEqual(voided.origin_line_id, beer)
        self.assertTrue(voided.voided_at)
        self.assertEqual(order.amount_total, 36)
        line = next(item for item in payload["lines"] if item["id"] == beer.id)
        self.assertEqual((line["quantity"], line["voided_quantity"]), (3, 1))
        tickets = self._kitchen_payloads()
        self.assertEqual({ticket["id"] for ticket in tickets}, {beer.ticket_id.id})
        ticket = tickets[0]
        void_line = next(item for item in ticket["lines"] if item["void"])
        self.assertEqual((void_line["quantity"], void_line["void_reason"]), (1, "客人不要了"))
        # the same request again (a retry) voids nothing more
        beer.with_user(self.waiter).void_quantity(1, "客人不要了", void_uid)
        self.assertEqual((beer.quantity, len(order.line_ids)), (3, 2))
        with self.assertRaisesRegex(UserError, "more than 0 and at most 3"):
            beer.with_user(self.waiter).void_quantity(4, "客人不要了", uid())
        with self.assertRaisesRegex(UserError, "Say why"):
            beer.with_user(self.waiter).void_quantity(1, " ", uid())
        # the rest at once: the line itself is voided, no new line
        beer.with_user(self.waiter).void_quantity(3, "上错了", uid())
        self.assertEqual((beer.state, beer.void_reason), ("void", "上错了"))
        self.assertEqual(len(order.line_ids), 2)
        self.assertEqual(order.amount_total, 0)
        self.assertEqual(beer.voided_quantity, 1)
        with self.assertRaisesRegex(UserError, "already voided"):
            beer.with_user(self.waiter).void_quantity(1, "上错了", uid())

    def test_unsent_line_is_not_voided_but_changed(self):
        order = self._open()
        order.add_lines([self._line(self.beer, 4)])
        with self.assertRaisesRegex(UserError, "not sent to the kitchen yet"):
            order.line_ids.with_user(self.waiter).void_quantity(1, "不要了", uid())
        # a waiter without the Void right still takes back what was not sent
        order.line_ids.with_user(self.plain_waiter).void_line("点错了")
        self.assertFalse(order.line_ids)

    def test_void_and_comp_need_their_rights(self):
        order, beer = self._sent_beers()
        as_plain = beer.with_user(self.plain_waiter)
        with self.assertRaisesRegex(AccessError, "needs the Void right"):
            as_plain.void_quantity(1, "不要了", uid())
        with self.assertRaisesRegex(AccessError, "needs the Void right"):
            as_plain.void_line("不要了")
        with self.assertRaisesRegex(AccessError, "needs the Comp right"):
            as_plain.comp_line("老客人")
        with self.assertRaisesRegex(AccessError, "needs the Comp right"):
            beer.with_user(self.waiter).comp_line("老客人")
        self.assertEqual((beer.state, beer.quantity, beer.is_comp), ("sent", 4, False))
        load = self.Order.with_user(self.plain_waiter).frontdesk_load()
        self.assertEqual((load["can_void"], load["can_comp"]), (False, False))
        load = self.Order.with_user(self.manager).frontdesk_load()
        self.assertEqual((load["can_void"], load["can_comp"]), (True, True))

    def test_comp_part_of_a_line(self):
        order, beer = self._sent_beers()
        as_manager = beer.with_user(self.manager)
        comp_uid = uid()
        with self.assertRaisesRegex(UserError, "Say why the dish is comped"):
            as_manager.comp_line("", 1, comp_uid)
        payload = as_manager.comp_line("老客人送一瓶", 1, comp_uid)
        as_manager.comp_line("老客人送一瓶", 1, comp_uid)  # retry: nothing more
        comped = order.line_ids - beer
        self.assertEqual(len(comped), 1)
        self.assertEqual((beer.quantity, comped.quantity), (3, 1))
        self.assertEqual(
            (comped.is_comp, comped.comp_by, comped.state), (True, self.manager, "sent")
        )
        self.assertEqual((comped.subtotal, comped.amount_list), (0, 12))
        self.assertEqual(order.amount_total, 36)
        line = next(item for item in payload["lines"] if item["id"] == comped.id)
        self.assertEqual((line["is_comp"], line["comp_reason"]), (True, "老客人送一瓶"))
        self.assertEqual((line["subtotal"], line["amount_list"]), (0, 12))
        with self.assertRaisesRegex(UserError, "already comped"):
            comped.with_user(self.manager).comp_line("再送")
        # comped lines never take the next taps
        order.add_lines([self._line(self.pork)])
        pork = order.line_ids.filtered(lambda ln: ln.product_id == self.pork)
        pork.with_user(self.manager).comp_line("生日")
        order.add_lines([self._line(self.pork)])
        self.assertEqual(len(order.line_ids.filtered(lambda ln: ln.product_id == self.pork)), 2)
        # checkout: the guest's record shows the comped beer at 0
        order.action_send(uid())
        result = order.action_checkout(confirm=True)
        consumption = self.env["fuxi.consumption"].browse(result["consumption_id"])
        self.assertEqual(consumption.amount_total, 36 + 68)
        comped_record = consumption.line_ids.filtered(
            lambda ln: ln.product_id == self.beer and not ln.price_unit
        )
        self.assertEqual(comped_record.quantity, 1)
        self.assertIn("老客人送一瓶", comped_record.note)

    def test_void_and_comp_report(self):
        order, beer = self._sent_beers()
        beer.with_user(self.waiter).void_quantity(1, "上错了", uid())
        beer.with_user(self.manager).comp_line("老客人", 2, uid())
        Line = self.env["fuxi.frontdesk.order.line"]
        report = Line._read_group(
            [("order_id", "=", order.id), ("adjustment", "!=", False)],
            ["adjustment", "adjusted_by", "adjustment_reason"],
            ["quantity:sum", "amount_list:sum"],
        )
        self.assertEqual(
            sorted(
                (kind, user.login, reason, quantity, amount)
                for kind, user, reason, quantity, amount in report
            ),
            [("comp", "fd_lines_manager", "老客人", 2, 24), ("void", "fd_waiter", "上错了", 1, 12)],
        )
        action = self.env.ref("fuxi_frontdesk.fuxi_frontdesk_order_line_action_adjustment")
        self.assertEqual(
            Line.search_count([*safe_eval(action.domain), ("order_id", "=", order.id)]),
            2,
        )

    def test_upgrade_gives_the_void_right_to_front_desk_users(self):
        void = self.env.ref("fuxi_frontdesk.group_fuxi_void")
        self.assertNotIn(self.plain_waiter, void.users)
        given = grant_void_right(self.env)
        self.assertIn(self.plain_waiter, given)
        self.assertTrue(self.plain_waiter.has_group("fuxi_frontdesk.group_fuxi_void"))
        self.assertFalse(self.plain_waiter.has_group("fuxi_frontdesk.group_fuxi_comp"))
        self.assertNotIn(self.cook, given, "a cook is no front desk user")
        # voids made before the upgrade get a time for the report by day
        order, beer = self._sent_beers(1)
        beer.with_user(self.waiter).void_line("上错了")
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE fuxi_frontdesk_order_line SET voided_at = NULL WHERE id = %s", [beer.id]
        )
        self.assertGreaterEqual(backfill_void_times(self.env.cr), 1)
        beer.invalidate_recordset(["voided_at"])
        self.assertEqual(beer.voided_at, beer.write_date)


@tagged("post_install", "-at_install")
class TestLinesOverXmlRpc(HttpCase):
    """The new line verbs as an external client calls them: plain values back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, "fd_rpc_lines_manager", groups="fuxi_frontdesk.group_fuxi_frontdesk_manager"
        )
        cls.room = cls.env["fuxi.room"].create({"name": "远程测试桌三", "kind": "table"})
        template = cls.env["product.template"].create(
            {
                "name": "远程测试炒饭",
                "list_price": 38.0,
                "is_fuxi_dish": True,
                "fuxi_option_ids": [(0, 0, {"name": "加蛋", "price_extra": 3})],
            }
        )
        cls.dish = template.product_variant_id
        cls.egg = template.fuxi_option_ids

    def _call(self, model, method, args, kwargs=None):
        user = self.manager
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, user.id, user.login, model, method, args, kwargs or {}
        )

    def test_options_void_and_comp_over_xmlrpc(self):
        Order, Line = "fuxi.frontdesk.order", "fuxi.frontdesk.order.line"
        load = self._call(Order, "frontdesk_load", [])
        self.assertIs(load["can_comp"], True)
        dish = next(dish for dish in load["dishes"] if dish["id"] == self.dish.id)
        self.assertEqual(dish["options"], [{"id": self.egg.id, "name": "加蛋", "price_extra": 3}])
        self.assertEqual((dish["price_mode"], dish["portions"]), ("fixed", []))
        order = self._call(Order, "open_table", [self.room.id])
        taps = [
            {"uid": uuid.uuid4().hex, "product_id": self.dish.id, "option_ids": self.egg.ids}
            for _ in range(4)
        ]
        order = self._call(Order, "add_lines", [[order["id"]], taps])
        [line] = order["lines"]
        self.assertEqual((line["quantity"], line["price_unit"]), (4, 41))
        self.assertEqual((line["options"], line["portion"], line["weight"]), (["加蛋"], "", 0))
        order = self._call(Order, "action_send", [[order["id"]], uuid.uuid4().hex])
        order = self._call(Line, "void_quantity", [[line["id"]], 1, "不要了", uuid.uuid4().hex])
        order = self._call(
            Line,
            "comp_line",
            [[line["id"]], "老客人"],
            {"quantity": 1, "comp_uid": uuid.uuid4().hex},
        )
        self.assertEqual(
            sorted((item["state"], item["is_comp"], item["quantity"]) for item in order["lines"]),
            [("sent", False, 2), ("sent", True, 1), ("void", False, 1)],
        )
        self.assertEqual(order["amount_total"], 82)
