import json
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import FrontdeskCase, uid


class TestFrontdeskOrder(FrontdeskCase):
    def test_open_table_twice_gives_the_same_order(self):
        order = self._open(partner_id=self.guest.id, guest_count=4)
        again = self._open(guest_count=2)
        self.assertEqual(order, again)
        self.assertEqual(order.guest_count, 4)
        self.assertEqual(order.partner_id, self.guest)
        floor = {room["id"]: room for room in self.Order.frontdesk_floor()["rooms"]}
        self.assertEqual(floor[self.room.id]["status"], "occupied")
        self.assertEqual(floor[self.table.id]["status"], "free")

    def test_send_makes_one_ticket_per_station_with_only_unsent_lines(self):
        order = self._open()
        order.add_lines(
            [
                self._line(self.fish, 1, "少辣"),
                self._line(self.cucumber),
                self._line(self.beer, 2),
            ]
        )
        order.action_send(uid())
        tickets = order.ticket_ids
        self.assertEqual(sorted(tickets.mapped("station")), ["bar", "cold", "hot"])
        hot = tickets.filtered(lambda t: t.station == "hot")
        self.assertEqual(hot.line_ids.product_id, self.fish)
        self.assertEqual(hot.line_ids.note, "少辣")
        self.assertTrue(all(line.state == "sent" for line in order.line_ids))
        # more later: only the new line goes, on a new hot ticket
        order.add_lines([self._line(self.pork)])
        order.action_send(uid())
        self.assertEqual(len(order.ticket_ids), 4)
        second = order.ticket_ids - tickets
        self.assertEqual(second.station, "hot")
        self.assertEqual(second.line_ids.product_id, self.pork)
        # nothing new: nothing sent
        order.action_send(uid())
        self.assertEqual(len(order.ticket_ids), 4)

    def test_retried_requests_do_not_duplicate(self):
        order = self._open()
        line = self._line(self.fish)
        order.add_lines([line])
        order.add_lines([line])  # the answer was lost, the screen retries
        self.assertEqual(len(order.line_ids), 1)
        send_uid = uid()
        order.action_send(send_uid)
        order.add_lines([self._line(self.pork)])
        order.action_send(send_uid)  # retry of the first send: the new line stays unsent
        self.assertEqual(len(order.ticket_ids), 1)
        self.assertEqual(
            order.line_ids.filtered(lambda ln: ln.state == "draft").product_id, self.pork
        )

    def test_void_sent_line_needs_reason_and_reaches_kitchen(self):
        order = self._open()
        order.add_lines([self._line(self.fish), self._line(self.pork)])
        order.action_send(uid())
        fish_line = order.line_ids.filtered(lambda ln: ln.product_id == self.fish)
        with self.assertRaises(UserError):
            fish_line.with_user(self.waiter).void_line("  ")
        self.env.cr.precommit.run()
        self.env["bus.bus"].search([]).unlink()
        fish_line.with_user(self.waiter).void_line("客人不要了")
        self.assertEqual(fish_line.state, "void")
        self.assertEqual(fish_line.void_reason, "客人不要了")
        self.assertEqual(order.amount_total, 68.0)
        self.env.cr.precommit.run()
        messages = self.env["bus.bus"].search([("message", "like", "fuxi_kitchen/ticket")])
        self.assertTrue(messages, "the kitchen is told")
        line = json.loads(messages[0].message)["payload"]["lines"][0]
        self.assertEqual((line["void"], line["void_reason"]), (True, "客人不要了"))
        # a sent line cannot just be edited or removed
        pork_line = order.line_ids - fish_line
        with self.assertRaises(UserError):
            pork_line.with_user(self.waiter).update_line(quantity=3)
        with self.assertRaises(UserError):
            pork_line.with_user(self.waiter).remove_line()

    def test_unsent_line_edit_and_remove(self):
        order = self._open()
        order.add_lines([self._line(self.fish), self._line(self.beer)])
        fish_line = order.line_ids.filtered(lambda ln: ln.product_id == self.fish)
        fish_line.with_user(self.waiter).update_line(quantity=2, note="微辣")
        self.assertEqual((fish_line.quantity, fish_line.note), (2, "微辣"))
        beer_line = order.line_ids - fish_line
        beer_line.with_user(self.waiter).remove_line()
        self.assertEqual(order.line_ids, fish_line)
        self.assertEqual(order.amount_total, 176.0)

    def test_checkout_writes_the_consumption_record(self):
        order = self._open(partner_id=self.guest.id, guest_count=3)
        order.add_lines(
            [self._line(self.fish, 1, "少辣"), self._line(self.beer, 3), self._line(self.pork)]
        )
        order.action_send(uid())
        pork_line = order.line_ids.filtered(lambda ln: ln.product_id == self.pork)
        pork_line.with_user(self.waiter).void_line("上错了")
        # nothing was marked served: the checkout asks first (issue 12), then closes
        self.assertTrue(order.action_checkout()["confirm_needed"])
        result = order.action_checkout(confirm=True)
        consumption = self.env["fuxi.consumption"].browse(result["consumption_id"])
        self.assertEqual(consumption.partner_id, self.guest)
        self.assertEqual(consumption.room_id, self.room)
        self.assertEqual(consumption.guest_count, 3)
        self.assertEqual(consumption.origin, "frontdesk")
        self.assertEqual(consumption.waiter_id, self.waiter)
        self.assertEqual(
            sorted((ln.product_id.name, ln.quantity) for ln in consumption.line_ids),
            [("测试啤酒", 3.0), ("测试醋鱼", 1.0)],
        )
        self.assertEqual(consumption.amount_total, 88.0 + 36.0)
        self.assertEqual(
            consumption.line_ids.filtered(lambda ln: ln.product_id == self.fish).note, "少辣"
        )
        self.assertEqual(order.state, "done")
        self.assertTrue(all(t.state == "served" for t in order.ticket_ids))
        # the table is free again and a new order can open
        floor = {room["id"]: room for room in self.Order.frontdesk_floor()["rooms"]}
        self.assertEqual(floor[self.room.id]["status"], "free")
        self.assertNotEqual(self._open(), order)
        with self.assertRaises(UserError):
            order.action_checkout()

    def test_checkout_refuses_unsent_or_empty(self):
        order = self._open()
        with self.assertRaises(UserError):
            order.action_checkout()
        order.add_lines([self._line(self.fish)])
        with self.assertRaises(UserError):
            order.action_checkout()
        self.assertEqual(order.state, "open")

    def test_cancel_only_before_sending(self):
        order = self._open()
        order.add_lines([self._line(self.fish)])
        order.action_cancel_order("开错台")
        self.assertEqual(order.state, "cancel")
        other = self._open(self.table)
        other.add_lines([self._line(self.fish)])
        other.action_send(uid())
        with self.assertRaises(UserError):
            other.action_cancel_order()

    def test_reservation_guest_arrives(self):
        reservation = self.env["fuxi.reservation"].create(
            {
                "subject": "生日宴",
                "partner_id": self.guest.id,
                "room_id": self.room.id,
                "start": fields.Datetime.now() + timedelta(minutes=30),
                "party_size": 6,
            }
        )
        order = self._open(reservation_id=reservation.id, guest_count=6)
        self.assertEqual(order.partner_id, self.guest)
        self.assertEqual(reservation.state, "arrived")
        order.add_lines([self._line(self.fish)])
        order.action_send(uid())
        order.action_checkout(confirm=True)
        self.assertEqual(reservation.consumption_id, order.consumption_id)

    def test_other_stores_bookings_stay_there(self):
        """Stores of a chain are companies: a desk sees and opens only its own store's
        bookings, although it reads them with sudo."""
        other_store = self.env["res.company"].create({"name": "伏羲二店"})
        booking = self.env["fuxi.reservation"].create(
            {
                "subject": "二店的生日宴",
                "partner_id": self.guest.id,
                "room_id": self.room.id,
                "start": fields.Datetime.now() + timedelta(minutes=30),
                "party_size": 6,
                "company_id": other_store.id,
            }
        )
        floor = self.Order._floor_payload()
        self.assertNotIn(booking.id, [r["id"] for r in floor["reservations"]])
        with self.assertRaisesRegex(UserError, "does not exist"):
            self._open(reservation_id=booking.id)
        self.assertEqual(booking.state, "booked")
        booking.company_id = self.env.company
        floor = self.Order._floor_payload()
        self.assertIn(booking.id, [r["id"] for r in floor["reservations"]])

    def test_bad_input_is_refused(self):
        order = self._open()
        with self.assertRaises(UserError):
            order.add_lines([])
        with self.assertRaises(UserError):
            order.add_lines([self._line(self.fish, 0)])
        with self.assertRaises(UserError):
            order.add_lines([self._line(self.fish, 5000)])
        with self.assertRaises(ValidationError):
            order.add_lines([{"uid": "x", "product_id": self.fish.id}])
        service = self.env["product.product"].create({"name": "包间服务费"})
        with self.assertRaises(UserError):
            order.add_lines([self._line(service)])
        with self.assertRaises(UserError):
            self.Order.open_table(self.table.id, guest_count=0)
        with self.assertRaises(UserError):
            self.Order.open_table(999999)
        self.assertFalse(order.line_ids)

    def test_rights(self):
        refused = "Only front desk staff can take orders."
        with self.assertRaisesRegex(AccessError, refused):
            self.env["fuxi.frontdesk.order"].with_user(self.viewer).open_table(self.room.id)
        with self.assertRaisesRegex(AccessError, refused):
            self.env["fuxi.frontdesk.order"].with_user(self.cook).open_table(self.room.id)
        order = self._open()
        with self.assertRaisesRegex(AccessError, refused):
            order.with_user(self.cook).add_lines([self._line(self.fish)])
        outsider = self.env["res.users"].create({"name": "外人", "login": "fd_outsider"})
        with self.assertRaises(AccessError):
            order.with_user(outsider).read_order()
        # the viewer sees the floor
        rooms = self.env["fuxi.frontdesk.order"].with_user(self.viewer).frontdesk_floor()["rooms"]
        self.assertIn(self.room.id, [room["id"] for room in rooms])

    def test_guest_search(self):
        self.guest.write({"mobile": "13912345678", "ref": "TK0099"})
        for term in ("测试客", "1391234", "TK0099"):
            found = self.Order.search_guests(term)
            self.assertIn(self.guest.id, [g["id"] for g in found], term)
        self.assertEqual(self.Order.search_guests(""), [])

    def test_prebill_pdf_renders_chinese(self):
        from odoo.addons.fuxi_customer.tests.common import pdf_text_and_pages

        order = self._open(partner_id=self.guest.id)
        order.add_lines([self._line(self.fish, 2, "少辣")])
        pdf, _ = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("fuxi_frontdesk.action_report_prebill", order.ids)
        )
        text, pages = pdf_text_and_pages(pdf)
        self.assertIn("测试醋鱼", text)
        self.assertIn("测试客人", text)
        self.assertIn("176", text)
        self.assertGreaterEqual(pages, 1)
