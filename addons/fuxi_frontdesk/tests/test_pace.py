import contextlib

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .common import FrontdeskCase, uid


class TestPace(FrontdeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.soup = cls.env["product.template"].create(
            {"name": "测试西湖牛肉羹", "list_price": 38.0, "is_fuxi_dish": True}
        )
        cls.soup.fuxi_station = "hot"
        cls.soup = cls.soup.product_variant_id

    def _soup_order(self):
        order = self._open()
        order.add_lines([self._line(self.fish), self._line(self.soup, 2), self._line(self.beer)])
        soup = order.line_ids.filtered(lambda line: line.product_id == self.soup)
        soup.course = "soup"
        return order, soup

    def test_course_defaults_from_the_dish(self):
        order = self._open()
        order.add_lines([self._line(self.fish), self._line(self.beer)])
        courses = {line.product_id: line.course for line in order.line_ids}
        self.assertEqual(courses[self.beer], "drink")
        self.assertIn(courses[self.fish], ("hot", "cold", "soup", "staple", "dessert"))
        payload = order.read_order()["lines"][0]
        for key in ("status", "course", "hold", "rush_count", "served"):
            self.assertIn(key, payload)
        self.assertEqual(payload["status"], "draft")

    def test_hold_a_course_and_fire_it_once(self):
        order, soup = self._soup_order()
        order.hold_lines(soup.ids)
        self.assertTrue(soup.hold)
        order.action_send(uid())
        self.assertEqual(soup.state, "sent")
        ticket = soup.ticket_id
        payload = ticket._ticket_payload()
        soup_line = next(line for line in payload["lines"] if line["id"] == soup.id)
        self.assertTrue(soup_line["held"])
        self.assertFalse(payload["held"], "the fish on the same ticket is not held")
        self.assertEqual(order.read_order()["lines"][1]["status"], "held")
        # the cook cooks the fish; the soup waits
        cook_ticket = ticket.with_user(self.cook)
        fish = order.line_ids.filtered(lambda line: line.product_id == self.fish)
        cook_ticket.action_bump_line(fish.id)
        self.assertEqual(ticket.state, "ready", "held dishes do not keep the ticket open")
        with self.assertRaisesRegex(UserError, "is held: wait until the front desk fires it"):
            cook_ticket.action_bump_line(soup.id)
        all_day = self.env["fuxi.kitchen.ticket"].with_user(self.cook).kitchen_all_day("hot")
        self.assertNotIn(self.soup.id, [item["product_id"] for item in all_day])
        with self.assertRaisesRegex(UserError, "Already sent to the kitchen"):
            order.hold_lines(soup.ids)
        # fire the soup course: the ticket is back on the kitchen screens, once
        self._clear_bus()
        request = uid()
        order.fire(course="soup", request_uid=request)
        self.assertFalse(soup.hold)
        self.assertTrue(soup.fired_at)
        self.assertEqual(ticket.state, "cooking")
        self.assertEqual(ticket.fired_at, soup.fired_at)
        sent = self._kitchen_payloads()
        self.assertEqual([item["id"] for item in sent], ticket.ids)
        self.assertTrue(sent[0]["fired_at"])
        all_day = self.env["fuxi.kitchen.ticket"].with_user(self.cook).kitchen_all_day("hot")
        counts = {item["product_id"]: item["quantity"] for item in all_day}
        self.assertEqual(counts[self.soup.id], 2)
        loaded = self.env["fuxi.kitchen.ticket"].with_user(self.cook).kitchen_load("hot")
        self.assertEqual(loaded["all_day"], all_day, "the screen gets it with its tickets")
        self.assertNotIn(self.fish.id, counts, "ready: not counted any more")
        quantities = [item["quantity"] for item in all_day]
        self.assertEqual(quantities, sorted(quantities, reverse=True), "biggest first")
        self._clear_bus()
        order.fire(course="soup", request_uid=request)  # retry
        order.fire(course="soup", request_uid=uid())  # a second desk: nothing held any more
        self.assertFalse(self._kitchen_payloads(), "a fired course is sent once")
        self.assertEqual(len(order.event_ids.filtered(lambda e: e.kind == "fire")), 1)
        with self.assertRaisesRegex(UserError, "Unknown course"):
            order.fire(course="pastry", request_uid=uid())

    def test_a_ticket_all_held_cannot_be_bumped(self):
        order, soup = self._soup_order()
        for line in order.line_ids.filtered(lambda line: line.product_id != self.soup):
            line.remove_line()
        order.hold_lines(soup.ids)
        order.action_send(uid())
        ticket = soup.ticket_id
        self.assertTrue(ticket._ticket_payload()["held"])
        with self.assertRaisesRegex(UserError, "is held"):
            ticket.with_user(self.cook).action_bump()
        order.fire(line_ids=soup.ids, request_uid=uid())
        self.assertFalse(ticket._ticket_payload()["held"])
        ticket.with_user(self.cook).action_bump()
        self.assertEqual(ticket.state, "cooking")

    def test_rush_flags_and_moves_the_ticket_up(self):
        first = self._open()
        first.add_lines([self._line(self.pork)])
        first.action_send(uid())
        order = self._open(self.table)
        order.add_lines([self._line(self.fish), self._line(self.cucumber)])
        order.action_send(uid())
        fish = order.line_ids.filtered(lambda line: line.product_id == self.fish)
        self._clear_bus()
        request = uid()
        order.rush(line_ids=fish.ids, request_uid=request)
        order.rush(line_ids=fish.ids, request_uid=request)  # retry
        self.assertEqual((fish.rush_count, fish.ticket_id.rush_count), (1, 1))
        sent = self._kitchen_payloads()
        self.assertEqual([item["id"] for item in sent], fish.ticket_id.ids)
        self.assertTrue(sent[0]["rushed"])
        self.assertEqual(sent[0]["rush_count"], 1)
        self.assertTrue(sent[0]["lines"][0]["rushed"])
        tickets = self.env["fuxi.kitchen.ticket"].with_user(self.cook).kitchen_load("hot")
        self.assertEqual(tickets["tickets"][0]["id"], fish.ticket_id.id, "rushed first")
        # the whole cold ticket, a second time for the fish
        cold = order.ticket_ids.filtered(lambda ticket: ticket.station == "cold")
        order.rush(ticket_ids=cold.ids, request_uid=uid())
        self.assertEqual(cold.rush_count, 1)
        order.rush(request_uid=uid())
        self.assertEqual(fish.rush_count, 2)
        self.assertEqual(order.read_order()["lines"][0]["rush_count"], 2)
        # ready dishes cannot be rushed
        order.ticket_ids.with_user(self.cook).action_bump()
        order.ticket_ids.with_user(self.cook).action_bump()
        with self.assertRaisesRegex(UserError, "Nothing to rush"):
            order.rush(request_uid=uid())

    def test_served_per_line_and_status(self):
        order = self._open()
        order.add_lines([self._line(self.fish), self._line(self.pork)])
        with self.assertRaisesRegex(UserError, "Only dishes sent to the kitchen"):
            order.mark_served(order.line_ids.ids)
        order.action_send(uid())
        fish, pork = order.line_ids
        ticket = order.ticket_ids

        def status():
            return [line["status"] for line in order.read_order()["lines"]]

        self.assertEqual(status(), ["waiting", "waiting"])
        ticket.with_user(self.cook).action_bump_line(fish.id)
        self.assertEqual(status(), ["ready", "cooking"])
        order.mark_served(fish.ids)
        self.assertEqual(status(), ["served", "cooking"])
        self.assertTrue(fish.served_at)
        self.assertEqual(ticket.state, "cooking")
        self._clear_bus()
        order.mark_served(pork.ids)
        self.assertEqual(ticket.state, "served", "every dish served: off the kitchen screens")
        self.assertEqual(self._kitchen_payloads()[0]["state"], "served")
        # the kitchen's recall undoes its own bumps, not the waiter's 划菜
        with contextlib.suppress(UserError):  # when there is no other bump to recall
            recalled = self.env["fuxi.kitchen.ticket"].with_user(self.cook).action_recall("hot")
            self.assertNotEqual(recalled["id"], ticket.id)
        self.assertEqual(ticket.state, "served")
        order.mark_served(pork.ids, served=False)
        self.assertEqual(ticket.state, "ready")
        self.assertEqual(status(), ["served", "ready"])
        with self.assertRaisesRegex(UserError, "not on this bill"):
            order.mark_served([999999])

    def test_a_part_voided_or_comped_keeps_the_pace_of_its_line(self):
        order, soup = self._soup_order()
        order.hold_lines(soup.ids)
        order.action_send(uid())
        order.fire(course="soup", request_uid=uid())
        order.rush(line_ids=soup.ids, request_uid=uid())
        soup.with_user(self.waiter).void_quantity(1, "客人不要了", uid())
        voided = order.line_ids.filtered(
            lambda line: line.product_id == self.soup and line.state == "void"
        )
        self.assertEqual(soup.quantity, 1)
        self.assertEqual(
            (voided.hold, voided.fired_at, voided.rush_count),
            (soup.hold, soup.fired_at, 1),
        )
        order.add_lines([self._line(self.pork, 2)])
        order.action_send(uid())
        pork = order.line_ids.filtered(lambda line: line.product_id == self.pork)
        order.mark_served(pork.ids)
        manager = new_test_user(
            self.env, "fd_pace_manager", groups="fuxi_frontdesk.group_fuxi_frontdesk_manager"
        )
        pork.with_user(manager).comp_line("老客人", 1, uid())
        comped = order.line_ids.filtered(lambda line: line.is_comp)
        self.assertEqual((pork.quantity, comped.quantity), (1, 1))
        self.assertTrue(comped.served, "a comped dish already on the table stays served")
        self.assertEqual(comped.served_at, pork.served_at)

    def test_void_and_comp_are_in_the_history(self):
        order = self._open()
        order.add_lines([self._line(self.fish)])
        order.action_send(uid())
        order.line_ids.with_user(self.waiter).void_line("上错了")
        event = order.event_ids.filtered(lambda event: event.kind == "void")
        self.assertEqual((event.product_id, event.reason), (self.fish, "上错了"))
        self.assertIn("测试醋鱼", event.description)

    def test_pace_verbs_need_the_front_desk_right(self):
        order, soup = self._soup_order()
        for verb, args in (
            ("hold_lines", (soup.ids,)),
            ("fire", ()),
            ("rush", ()),
            ("mark_served", (soup.ids,)),
        ):
            with self.assertRaisesRegex(AccessError, "Only front desk staff"):
                getattr(order.with_user(self.viewer), verb)(*args)
        with self.assertRaisesRegex(AccessError, "Only kitchen and front desk staff"):
            self.env["fuxi.kitchen.ticket"].with_user(self.viewer).kitchen_all_day()
