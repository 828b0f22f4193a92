"""Query caps of the verbs a front desk calls on every order (open, add, send, check out):
twenty desks share a few workers, and what one verb reads is paid by every desk waiting."""

import json

from odoo.tests import new_test_user

from .common import FrontdeskCase, uid


class TestQueryCounts(FrontdeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # more kitchen screens, in two languages: the cost of a send must not follow them
        for index, lang in enumerate(("zh_CN", "en_US", "zh_CN")):
            user = new_test_user(
                cls.env, f"fd_qc_cook{index}", groups="fuxi_frontdesk.group_fuxi_kitchen"
            )
            user.partner_id.lang = lang if cls.env["res.lang"]._lang_get(lang) else "en_US"

    def _queries(self, function):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        function()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_add_lines_reads_the_dishes_together(self):
        """The dishes of an add_lines call are checked and read together: three more dishes
        cost no more queries than one (it was four more queries per dish)."""
        order = self._open()
        order.add_lines([self._line(self.fish)])  # warm the caches of the verb
        one = self._queries(lambda: order.add_lines([self._line(self.pork)]))
        four = self._queries(
            lambda: order.add_lines(
                [self._line(dish, note=uid()) for dish in (self.fish, self.cucumber, self.beer)]
                + [self._line(self.pork, note="少辣")]
            )
        )
        self.assertLessEqual(four - one, 1)

    def test_send_and_kitchen_notification_caps(self):
        """A send of three stations, and the kitchen's notification of its tickets (to every
        kitchen screen, each in its language): the recipients and their languages are read
        in one query, not user by user through the ORM (caps: 47, 28 and 38 before; then 45,
        26 and 36 before the groups were looked up from the registry's cache, the tickets
        numbered from one sequence lookup and the printers' languages read in one query)."""
        self.env.cr.precommit.run()
        self.env["bus.bus"].search([]).unlink()
        order = self._open()
        order.add_lines([self._line(self.fish), self._line(self.cucumber), self._line(self.beer)])
        self.assertLessEqual(self._queries(lambda: order.action_send(uid())), 40)
        tickets = order.ticket_ids
        self.assertEqual(len(tickets), 3)
        self.assertLessEqual(self._queries(tickets._notify_kitchen), 25)
        order.add_lines([self._line(self.pork)])
        self.assertLessEqual(self._queries(lambda: order.action_send(uid())), 32)
        # every kitchen screen still gets each ticket, in its language, on the channel of
        # its language: one bus row per ticket and language, however many screens there are
        cooks = self.env.ref("fuxi_frontdesk.group_fuxi_kitchen").users
        for cook in cooks.filtered(lambda user: user.login.startswith("fd_qc_cook")):
            notes = self._subscribed_notes(cook)
            self.assertEqual(len(notes), 3 + 3 + 1, cook.login)
            self.assertEqual(
                {json.loads(note.message)["payload"]["station"] for note in notes},
                {"hot", "cold", "bar"},
            )
        locales = self.env["fuxi.kitchen.ticket"]._kitchen_locales()
        self.assertGreater(len(cooks), len(locales))
        rows = self.env["bus.bus"].search_count([("message", "like", "fuxi_kitchen/ticket")])
        self.assertEqual(rows, (3 + 3 + 1) * len(locales))
