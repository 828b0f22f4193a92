import uuid

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import FrontdeskCase, uid


class TestTables(FrontdeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table2 = cls.env["fuxi.room"].create({"name": "测试T10", "kind": "table"})
        cls.cook.lang = "zh_CN"

    def setUp(self):
        super().setUp()
        self.env["res.lang"]._activate_lang("zh_CN")

    def test_move_to_a_free_table_updates_the_tickets_live(self):
        order = self._open(guest_count=4)
        order.add_lines([self._line(self.fish), self._line(self.beer, 2)])
        order.action_send(uid())
        tickets = order.ticket_ids
        self._clear_bus()
        request = uid()
        payload = order.move_to_table(self.table.id, request)
        self.assertEqual(payload["room"]["id"], self.table.id)
        self.assertEqual(order.room_id, self.table)
        self.assertEqual(tickets.room_id, self.table, "the tickets' stored room follows")
        sent = self._kitchen_payloads()
        self.assertEqual({ticket["id"] for ticket in sent}, set(tickets.ids))
        self.assertEqual({ticket["room"] for ticket in sent}, {"测试T9"})
        floor = {room["id"]: room for room in self.Order.frontdesk_floor()["rooms"]}
        self.assertEqual(floor[self.room.id]["status"], "free")
        self.assertEqual(floor[self.table.id]["order"]["id"], order.id)
        # the retry (lost answer) changes nothing, even though the table is now taken
        order.move_to_table(self.table.id, request)
        moves = order.event_ids.filtered(lambda event: event.kind == "move")
        self.assertEqual(len(moves), 1)
        self.assertEqual((moves.from_room_id, moves.to_room_id), (self.room, self.table))
        self.assertIn("测试T9", moves.description)
        # a taken table is refused, with what to do instead
        other = self._open(self.table2)
        with self.assertRaisesRegex(UserError, "is not free: merge the tables instead"):
            other.move_to_table(self.table.id, uid())
        with self.assertRaisesRegex(UserError, "already at"):
            other.move_to_table(self.table2.id, uid())
        with self.assertRaisesRegex(UserError, "does not exist any more"):
            other.move_to_table(999999, uid())

    def test_merge_two_tables(self):
        order = self._open(guest_count=4, partner_id=self.guest.id)
        order.add_lines([self._line(self.fish)])
        order.action_send(uid())
        other = self._open(self.table, guest_count=2)
        other.add_lines([self._line(self.beer, 3), self._line(self.pork)])
        other.action_send(uid())
        other_lines, other_tickets = other.line_ids, other.ticket_ids
        self._clear_bus()
        request = uid()
        payload = order.merge_from([other.id], request)
        self.assertEqual(len(payload["lines"]), 3)
        self.assertEqual(order.line_ids, order.line_ids | other_lines)
        self.assertEqual(order.guest_count, 6)
        self.assertEqual(order.partner_id, self.guest)
        self.assertEqual(other_tickets.order_id, order)
        self.assertEqual(other_tickets.room_id, self.room)
        self.assertEqual((other.state, other.merged_into_id), ("merged", order))
        self.assertFalse(other.line_ids)
        self.assertEqual(order.amount_total, 88 + 36 + 68)
        rooms = {ticket["id"]: ticket["room"] for ticket in self._kitchen_payloads()}
        self.assertEqual({rooms[ticket.id] for ticket in other_tickets}, {"测试雅间"})
        # the retry does nothing more; the merged order refuses new work with a clear message
        order.merge_from([other.id], request)
        self.assertEqual(order.guest_count, 6)
        with self.assertRaisesRegex(UserError, "was merged into"):
            other.add_lines([self._line(self.fish)])
        with self.assertRaisesRegex(UserError, "was merged into"):
            order.merge_from([other.id], uid())
        floor = {room["id"]: room for room in self.Order.frontdesk_floor()["rooms"]}
        self.assertEqual(floor[self.table.id]["status"], "free")
        kinds = order.event_ids.mapped("kind")
        self.assertIn("merge", kinds)
        self.assertIn("merge", other.event_ids.mapped("kind"))
        with self.assertRaisesRegex(UserError, "Pick the tables"):
            order.merge_from([], uid())
        with self.assertRaisesRegex(UserError, "Pick the open tables"):
            order.merge_from([999999], uid())

    def test_split_into_two_bills(self):
        order = self._open(guest_count=4)
        order.add_lines([self._line(self.beer, 4), self._line(self.fish), self._line(self.pork)])
        order.action_send(uid())
        beer = order.line_ids.filtered(lambda line: line.product_id == self.beer)
        pork = order.line_ids.filtered(lambda line: line.product_id == self.pork)
        request = uid()
        result = order.split_lines(
            [{"line_id": beer.id, "quantity": 1}, {"line_id": pork.id}], request
        )
        new = self.Order.browse(result["new_order"]["id"])
        self.assertEqual(new.split_from_id, order)
        self.assertEqual(new.room_id, self.room)
        self.assertEqual(beer.quantity, 3)
        self.assertEqual(pork.order_id, new)
        new_beer = new.line_ids - pork
        self.assertEqual((new_beer.product_id, new_beer.quantity), (self.beer, 1))
        self.assertEqual(new_beer.ticket_id, beer.ticket_id, "the kitchen's ticket stays one")
        self.assertEqual(new_beer.state, "sent")
        self.assertEqual(order.amount_total + new.amount_total, 48 + 88 + 68)
        self.assertEqual(result["order"]["bills"][1]["id"], new.id)
        floor = {room["id"]: room for room in self.Order.frontdesk_floor()["rooms"]}
        self.assertEqual(floor[self.room.id]["order"]["id"], order.id)
        self.assertEqual([bill["id"] for bill in floor[self.room.id]["bills"]], [order.id, new.id])
        self.assertEqual(self._open().id, order.id, "opening the table finds the main bill")
        # retried: the same answer, nothing split twice
        again = order.split_lines(
            [{"line_id": beer.id, "quantity": 1}, {"line_id": pork.id}], request
        )
        self.assertEqual(again["new_order"]["id"], new.id)
        self.assertEqual(beer.quantity, 3)
        with self.assertRaisesRegex(UserError, "Leave at least one dish"):
            order.split_lines(
                [{"line_id": beer.id}, {"line_id": (order.line_ids - beer).id}], uid()
            )
        with self.assertRaisesRegex(UserError, "Split between 0 and 3"):
            order.split_lines([{"line_id": beer.id, "quantity": 5}], uid())
        with self.assertRaisesRegex(UserError, "not on this bill"):
            order.split_lines([{"line_id": pork.id}], uid())
        # each bill checks out on its own; merging a bill back adds no guests
        order.merge_from([new.id], uid())
        self.assertEqual(order.guest_count, 4)
        self.assertEqual(sum(order.line_ids.mapped("quantity")), 4 + 1 + 1)

    def test_history_is_shown_in_the_readers_language(self):
        order = self._open()
        order.move_to_table(self.table.id, uid())
        event = order.event_ids.filtered(lambda event: event.kind == "move")
        self.assertIn("Moved from", event.description)
        self.assertIn("从", event.with_context(lang="zh_CN").description)
        history = order.read_order()["history"]
        self.assertEqual([item["kind"] for item in history], ["move", "open"])

    def test_rights_and_companies(self):
        order = self._open()
        with self.assertRaisesRegex(AccessError, "Only front desk staff"):
            order.with_user(self.viewer).move_to_table(self.table.id, uid())
        with self.assertRaisesRegex(AccessError, "Only front desk staff"):
            order.with_user(self.cook).merge_from([order.id], uid())
        other_store = self.env["res.company"].create({"name": "伏羲三店"})
        foreign = (
            self.env["fuxi.frontdesk.order"]
            .sudo()
            .create({"room_id": self.table2.id, "company_id": other_store.id})
        )
        self.assertTrue(foreign.event_ids)
        self.assertFalse(
            self.env["fuxi.frontdesk.order.event"]
            .with_user(self.waiter)
            .search([("order_id", "=", foreign.id)]),
            "another store's history stays there",
        )


@tagged("post_install", "-at_install")
class TestTablesOverXmlRpc(HttpCase):
    def test_move_merge_split_answer_plain_values(self):
        waiter = new_test_user(
            self.env, "fd_tables_rpc", groups="fuxi_frontdesk.group_fuxi_frontdesk_user"
        )
        rooms = self.env["fuxi.room"].create(
            [{"name": f"远程并台桌{index}", "kind": "table"} for index in range(3)]
        )
        dish = (
            self.env["product.template"]
            .create({"name": "远程并台菜", "list_price": 20.0, "is_fuxi_dish": True})
            .product_variant_id
        )

        def call(method, args, kwargs=None):
            return self.xmlrpc_object.execute_kw(
                self.env.cr.dbname,
                waiter.id,
                waiter.login,
                "fuxi.frontdesk.order",
                method,
                args,
                kwargs or {},
            )

        first = call("open_table", [rooms[0].id])["id"]
        second = call("open_table", [rooms[1].id])["id"]
        for order_id in (first, second):
            call(
                "add_lines",
                [[order_id], [{"uid": uuid.uuid4().hex, "product_id": dish.id, "quantity": 2}]],
            )
            call("action_send", [[order_id], uuid.uuid4().hex])
        moved = call("move_to_table", [[first], rooms[2].id, uuid.uuid4().hex])
        self.assertEqual(moved["room"]["id"], rooms[2].id)
        merged = call("merge_from", [[first], [second]], {"request_uid": uuid.uuid4().hex})
        self.assertEqual(len(merged["lines"]), 2)
        self.assertIs(merged["split_from_id"], False)
        line_id = merged["lines"][0]["id"]
        split = call(
            "split_lines",
            [[first], [{"line_id": line_id, "quantity": 1}]],
            {"request_uid": uuid.uuid4().hex},
        )
        self.assertEqual(split["new_order"]["split_from_id"], first)
        self.assertEqual(split["new_order"]["lines"][0]["quantity"], 1)
        self.assertEqual(len(split["order"]["bills"]), 2)
        fired = call("fire", [[first]], {"course": "hot", "request_uid": uuid.uuid4().hex})
        self.assertEqual(fired["id"], first)
        rushed = call("rush", [[first]], {"request_uid": uuid.uuid4().hex})
        self.assertEqual({line["rush_count"] for line in rushed["lines"]}, {1})
        served = call("mark_served", [[first], [line_id]])
        self.assertTrue(served["lines"][0]["served"])
        self.assertEqual(served["lines"][0]["status"], "served")
        call("add_lines", [[first], [{"uid": uuid.uuid4().hex, "product_id": dish.id}]])
        draft = next(
            line for line in call("read_order", [[first]])["lines"] if line["status"] == "draft"
        )
        held = call("hold_lines", [[first], [draft["id"]]])
        self.assertTrue(next(line for line in held["lines"] if line["id"] == draft["id"])["hold"])
        all_day = self.xmlrpc_object.execute_kw(
            self.env.cr.dbname,
            waiter.id,
            waiter.login,
            "fuxi.kitchen.ticket",
            "kitchen_all_day",
            [False],
        )
        self.assertIsInstance(all_day, list)
