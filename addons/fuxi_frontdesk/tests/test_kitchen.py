from odoo.exceptions import AccessError, UserError

from .common import FrontdeskCase, uid


class TestKitchen(FrontdeskCase):
    def setUp(self):
        super().setUp()
        self.order = self._open(partner_id=self.guest.id)
        self.order.add_lines([self._line(self.fish, 1, "不要香菜"), self._line(self.pork)])
        self.order.action_send(uid())
        self.ticket = self.order.ticket_ids
        self.Ticket = self.env["fuxi.kitchen.ticket"].with_user(self.cook)

    def test_ticket_reaches_kitchen_bus(self):
        self.env.cr.precommit.run()
        self.env["bus.bus"].search([]).unlink()
        order = self._open(self.table)
        order.add_lines([self._line(self.cucumber, 1, "多放蒜")])
        order.action_send(uid())
        self.env.cr.precommit.run()
        # each kitchen user gets the ticket (built in their language) on their language's
        # channel, which their websocket subscribes to; nobody else does
        kitchen = self.env.ref("fuxi_frontdesk.group_fuxi_kitchen")
        for user in kitchen.users.filtered(lambda user: user.active and not user.share):
            self.assertEqual(len(self._subscribed_notes(user)), 1, user.login)
        self.assertFalse(self._subscribed_notes(self.env.ref("base.public_user")))
        outsider = self.env["res.users"].create({"name": "测试会计", "login": "fd_outsider"})
        self.assertFalse(outsider.has_group("fuxi_frontdesk.group_fuxi_kitchen"))
        self.assertFalse(self._subscribed_notes(outsider))
        tickets = self._kitchen_payloads()
        self.assertEqual(len(tickets), 1)
        self.assertEqual(tickets[0]["station"], "cold")
        self.assertEqual(tickets[0]["lines"][0]["note"], "多放蒜")
        self.assertEqual(tickets[0]["room"], "测试T9")

    def test_bump_through_states_and_recall(self):
        ticket = self.ticket.with_user(self.cook)
        ticket.action_bump()
        self.assertEqual(ticket.state, "cooking")
        ticket.action_bump()
        self.assertEqual(ticket.state, "ready")
        self.assertTrue(all(ticket.line_ids.mapped("kitchen_done")))
        self.Ticket.action_recall("hot")
        self.assertEqual(ticket.state, "cooking")
        self.assertFalse(any(ticket.line_ids.mapped("kitchen_done")))
        ticket.action_bump()
        ticket.action_bump()
        self.assertEqual(ticket.state, "served")
        with self.assertRaises(UserError):
            ticket.action_bump()

    def test_bump_lines_one_by_one(self):
        ticket = self.ticket.with_user(self.cook)
        first, second = ticket.line_ids
        ticket.action_bump_line(first.id)
        self.assertEqual(ticket.state, "cooking")
        self.assertTrue(first.kitchen_done)
        ticket.action_bump_line(second.id)
        self.assertEqual(ticket.state, "ready", "all lines ready: the ticket is ready")

    def test_voided_line_does_not_block_ready(self):
        first, second = self.ticket.line_ids
        first.with_user(self.waiter).void_line("退菜")
        ticket = self.ticket.with_user(self.cook)
        ticket.action_bump_line(second.id)
        self.assertEqual(ticket.state, "ready")
        with self.assertRaises(UserError):
            ticket.action_bump_line(first.id)

    def test_kitchen_load_filters_station(self):
        order = self._open(self.table)
        order.add_lines([self._line(self.beer)])
        order.action_send(uid())
        hot = self.Ticket.kitchen_load("hot")["tickets"]
        bar = self.Ticket.kitchen_load("bar")["tickets"]
        self.assertIn(self.ticket.id, [t["id"] for t in hot])
        self.assertNotIn(self.ticket.id, [t["id"] for t in bar])
        self.assertEqual(hot[[t["id"] for t in hot].index(self.ticket.id)]["taboos"], [])
        with self.assertRaises(UserError):
            self.Ticket.kitchen_load("pastry")

    def test_kitchen_thresholds_from_settings(self):
        self.env["res.config.settings"].create(
            {"fuxi_kitchen_warn_minutes": 7, "fuxi_kitchen_late_minutes": 15}
        ).execute()
        data = self.Ticket.kitchen_load()
        self.assertEqual((data["warn_minutes"], data["late_minutes"]), (7, 15))

    def test_only_kitchen_staff_bump(self):
        with self.assertRaisesRegex(AccessError, "Only kitchen and front desk staff can bump"):
            self.ticket.with_user(self.viewer).action_bump()
        self.assertEqual(self.ticket.state, "new")
