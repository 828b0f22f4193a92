from odoo.exceptions import UserError

from .common import FrontdeskCase, uid


class TestEnding(FrontdeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cook.lang = "zh_CN"

    def setUp(self):
        super().setUp()
        self.env["res.lang"]._activate_lang("zh_CN")

    def test_a_table_with_only_voided_lines_is_freed(self):
        order = self._open()
        order.add_lines([self._line(self.fish), self._line(self.beer)])
        order.action_send(uid())
        tickets = order.ticket_ids
        tickets.filtered(lambda t: t.station == "hot").with_user(self.cook).action_bump()
        for line in order.line_ids:
            line.with_user(self.waiter).void_line("客人走了")
        with self.assertRaisesRegex(UserError, "Nothing was served on this order"):
            order.action_checkout()
        with self.assertRaisesRegex(UserError, "Say why the table is freed"):
            order.action_cancel_order("  ")
        self._clear_bus()
        payload = order.action_cancel_order("客人临时有事")
        self.assertEqual(payload["state"], "cancel")
        self.assertEqual(set(tickets.mapped("state")), {"cancel"})
        self.assertEqual(set(tickets.mapped("cancel_reason")), {"客人临时有事"})
        sent = self._kitchen_payloads()
        self.assertEqual({item["id"] for item in sent}, set(tickets.ids))
        self.assertTrue(all(item["cancelled"] for item in sent))
        self.assertEqual({item["cancel_reason"] for item in sent}, {"客人临时有事"})
        floor = {room["id"]: room for room in self.Order.frontdesk_floor()["rooms"]}
        self.assertEqual(floor[self.room.id]["status"], "free")
        # shown a while with the mark on a reloaded kitchen screen; not bumpable
        Ticket = self.env["fuxi.kitchen.ticket"].with_user(self.cook)
        shown = {t["id"]: t for t in Ticket.kitchen_load()["tickets"]}
        self.assertTrue(all(shown[ticket.id]["cancelled"] for ticket in tickets))
        with self.assertRaisesRegex(UserError, "was cancelled"):
            tickets[0].with_user(self.cook).action_bump()
        self.assertIn("cancel", order.event_ids.mapped("kind"))

    def test_cancel_still_refused_with_live_dishes(self):
        order = self._open()
        order.add_lines([self._line(self.fish)])
        order.action_send(uid())
        with self.assertRaisesRegex(UserError, "void them or check out"):
            order.action_cancel_order("开错台")
        self.assertEqual(order.state, "open")

    def test_checkout_asks_to_confirm_unserved_dishes(self):
        order = self._open()
        order.add_lines([self._line(self.fish), self._line(self.beer, 2)])
        order.action_send(uid())
        beer = order.line_ids.filtered(lambda line: line.product_id == self.beer)
        order.mark_served(beer.ids)
        answer = order.action_checkout()
        self.assertEqual(answer["confirm_needed"], True)
        self.assertEqual(answer["unserved"], ["测试醋鱼"])
        self.assertEqual(order.state, "open", "nothing closed without the confirmation")
        self.assertFalse(order.consumption_id)
        hot = order.ticket_ids.filtered(lambda t: t.station == "hot")
        self._clear_bus()
        result = order.action_checkout(confirm=True)
        self.assertEqual(result["order"]["state"], "done")
        self.assertTrue(result["consumption_id"])
        self.assertEqual((hot.state, hot.checked_out), ("served", True))
        bar = order.ticket_ids - hot
        self.assertFalse(bar.checked_out, "served by the waiter, not closed by the checkout")
        sent = self._kitchen_payloads()
        self.assertEqual([item["id"] for item in sent], hot.ids)
        self.assertTrue(sent[0]["checked_out"])

    def test_checkout_without_question_when_everything_is_served(self):
        order = self._open()
        order.add_lines([self._line(self.fish)])
        order.action_send(uid())
        order.mark_served(order.line_ids.ids)
        result = order.action_checkout()
        self.assertEqual(result["order"]["state"], "done")
        self.assertFalse(order.ticket_ids.checked_out)

    def test_split_bill_closes_only_its_own_share_of_a_ticket(self):
        order = self._open()
        order.add_lines([self._line(self.fish), self._line(self.pork)])
        order.action_send(uid())
        pork = order.line_ids.filtered(lambda line: line.product_id == self.pork)
        result = order.split_lines([{"line_id": pork.id}], uid())
        new = self.Order.browse(result["new_order"]["id"])
        new.action_checkout(confirm=True)
        self.assertEqual(order.ticket_ids.state, "new", "the fish is still to cook")
        order.action_checkout(confirm=True)
        self.assertEqual((order.ticket_ids.state, order.ticket_ids.checked_out), ("served", True))
