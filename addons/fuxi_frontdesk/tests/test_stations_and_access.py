import json
import re
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError

from ..upgrade import narrow_kitchen_rights
from .common import FrontdeskCase, uid


class TestStations(FrontdeskCase):
    """The kitchen stations are records of fuxi_knowledge: a new one is data, not code."""

    def test_fourth_station_gets_its_own_ticket(self):
        self.env["fuxi.kitchen.station"].create({"name": "点心间", "code": "dimsum_test"})
        bun = self.env["product.template"].create(
            {"name": "测试小笼包", "list_price": 28.0, "is_fuxi_dish": True}
        )
        bun.fuxi_station = "dimsum_test"
        bun = bun.product_variant_id
        order = self._open()
        order.add_lines([self._line(self.fish), self._line(bun, 2), self._line(self.beer)])
        order.action_send(uid())
        tickets = order.ticket_ids
        self.assertEqual(sorted(tickets.mapped("station")), ["bar", "dimsum_test", "hot"])
        dimsum = tickets.filtered(lambda ticket: ticket.station == "dimsum_test")
        self.assertEqual(dimsum.line_ids.product_id, bun)
        # no line lost: every line sent is on exactly one ticket
        self.assertEqual(sorted(tickets.line_ids.ids), sorted(order.line_ids.ids))
        self.assertTrue(all(line.state == "sent" for line in order.line_ids))
        # the kitchen screens learn the station from the server
        Ticket = self.env["fuxi.kitchen.ticket"].with_user(self.cook)
        data = Ticket.kitchen_load("dimsum_test")
        self.assertIn({"code": "dimsum_test", "name": "点心间"}, data["stations"])
        self.assertEqual([ticket["id"] for ticket in data["tickets"]], dimsum.ids)


class TestFloorOrder(FrontdeskCase):
    def test_tables_sort_naturally(self):
        Room = self.env["fuxi.room"]
        rooms = Room.create(
            [
                {"name": name, "kind": "table", "sequence": 7}
                for name in ("自然桌 10", "自然桌 2", "自然桌 1")
            ]
        )
        floor = self.Order.frontdesk_floor()["rooms"]
        names = [room["name"] for room in floor if room["id"] in rooms.ids]
        self.assertEqual(names, ["自然桌 1", "自然桌 2", "自然桌 10"])


class TestReservationArrival(FrontdeskCase):
    """open_table marks a reservation arrived only after checking it (it runs in sudo)."""

    def _reservation(self, **vals):
        return self.env["fuxi.reservation"].create(
            {
                "subject": "午宴",
                "partner_id": self.guest.id,
                "room_id": self.room.id,
                "start": fields.Datetime.now() + timedelta(minutes=20),
                "party_size": 4,
                **vals,
            }
        )

    def test_reservation_of_another_room_is_refused(self):
        reservation = self._reservation()
        with self.assertRaisesRegex(UserError, "is for 测试雅间, not for 测试T9"):
            self._open(self.table, reservation_id=reservation.id)
        self.assertEqual(reservation.state, "booked")

    def test_reservation_of_another_day_is_refused(self):
        reservation = self._reservation(start=fields.Datetime.now() + timedelta(days=3))
        with self.assertRaisesRegex(UserError, "not for now"):
            self._open(reservation_id=reservation.id)
        self.assertEqual(reservation.state, "booked")

    def test_reservation_no_longer_expected_is_refused(self):
        reservation = self._reservation()
        reservation.state = "cancelled"
        with self.assertRaisesRegex(UserError, "it cannot open a table"):
            self._open(reservation_id=reservation.id)
        with self.assertRaisesRegex(UserError, "This reservation does not exist any more"):
            self._open(reservation_id=999999999)
        self.assertEqual(reservation.state, "cancelled")
        floor = {room["id"]: room for room in self.Order.frontdesk_floor()["rooms"]}
        self.assertEqual(floor[self.room.id]["status"], "free")

    def test_reservation_of_this_table_arrives(self):
        reservation = self._reservation()
        order = self._open(reservation_id=reservation.id)
        self.assertEqual(order.reservation_id, reservation)
        self.assertEqual(reservation.state, "arrived")


class TestKitchenAccess(FrontdeskCase):
    """A cook needs the ticket and the guest's taboos, not the bill nor the history."""

    def test_cook_sees_tickets_with_taboos_but_not_the_bills(self):
        taboo = self.env["fuxi.taste"].create({"name": "测试花生过敏", "kind": "taboo"})
        self.guest.taboo_ids = taboo
        earlier = self._open(self.table, partner_id=self.guest.id)
        earlier.add_lines([self._line(self.pork)])
        earlier.action_send(uid())
        earlier.action_checkout(confirm=True)
        order = self._open(partner_id=self.guest.id)
        order.add_lines([self._line(self.fish, 1, "不要花生")])
        order.action_send(uid())

        self.assertFalse(self.cook.has_group("fuxi_tracking.group_fuxi_tracking_viewer"))
        self.assertFalse(self.cook.has_group("fuxi_frontdesk.group_fuxi_frontdesk_viewer"))
        Ticket = self.env["fuxi.kitchen.ticket"].with_user(self.cook)
        tickets = {ticket["id"]: ticket for ticket in Ticket.kitchen_load()["tickets"]}
        payload = tickets[order.ticket_ids.id]
        self.assertEqual(payload["taboos"], ["测试花生过敏"])
        self.assertEqual(payload["lines"][0]["note"], "不要花生")
        self.assertEqual(payload["room"], "测试雅间")
        # the cook works the ticket
        order.ticket_ids.with_user(self.cook).action_bump()
        self.assertEqual(order.ticket_ids.state, "cooking")
        # … but reads neither the visits and their amounts nor the orders' bills
        # (the refusal names the model, in any language)
        for model in ("fuxi.consumption", "fuxi.consumption.line", "fuxi.frontdesk.order"):
            with self.assertRaisesRegex(AccessError, re.escape(model) + r"\W"):
                self.env[model].with_user(self.cook).search_read([], ["id"])
        with self.assertRaisesRegex(AccessError, r"fuxi\.consumption\W"):
            earlier.consumption_id.with_user(self.cook).read(["amount_total"])


class TestTicketLanguage(FrontdeskCase):
    def test_ticket_pushed_in_each_readers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["res.lang"]._activate_lang("en_US")
        taboo = self.env["fuxi.taste"].create({"name": "Test peanut allergy", "kind": "taboo"})
        taboo.with_context(lang="zh_CN").name = "测试花生过敏"
        self.cook.lang = "zh_CN"
        self.waiter.lang = "en_US"
        self.guest.taboo_ids = taboo
        order = self._open(partner_id=self.guest.id)
        order.add_lines([self._line(self.fish)])
        self.env.cr.precommit.run()
        self.env["bus.bus"].search([]).unlink()
        order.action_send(uid())
        self.env.cr.precommit.run()

        def taboos_sent_to(user):
            notes = self._subscribed_notes(user)
            self.assertEqual(len(notes), 1, user.login)
            return json.loads(notes.message)["payload"]["taboos"]

        self.assertEqual(taboos_sent_to(self.cook), ["测试花生过敏"])
        self.assertEqual(taboos_sent_to(self.waiter), ["Test peanut allergy"])


class TestKitchenRightsUpgrade(FrontdeskCase):
    def test_upgrade_takes_back_what_kitchen_used_to_imply(self):
        old_cook = self.cook
        old_cook.groups_id = [
            (4, self.env.ref("fuxi_frontdesk.group_fuxi_frontdesk_viewer").id),
            (4, self.env.ref("fuxi_tracking.group_fuxi_tracking_viewer").id),
        ]
        narrowed = narrow_kitchen_rights(self.env)
        self.assertIn(old_cook, narrowed)
        self.assertNotIn(self.waiter, narrowed)
        self.assertTrue(old_cook.has_group("fuxi_frontdesk.group_fuxi_kitchen"))
        self.assertFalse(old_cook.has_group("fuxi_tracking.group_fuxi_tracking_viewer"))
        self.assertTrue(self.waiter.has_group("fuxi_tracking.group_fuxi_tracking_viewer"))
