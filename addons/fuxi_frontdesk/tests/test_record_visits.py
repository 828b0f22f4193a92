from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import new_test_user, tagged

from .common import FrontdeskCase, uid

JOB_LOGGER = "odoo.addons.fuxi_frontdesk.models.fuxi_frontdesk_order_rpc"
# what the served order of these tests writes (_served_order), worked out by hand: the
# voided pork is not a dish eaten, the comped cucumber is one at 0, the note is the waiter's
VISIT_LINES = [
    ("测试啤酒", 3.0, 12.0, 36.0, False),
    ("测试拍黄瓜", 1.0, 0.0, 0.0, "赠送：老客人"),
    ("测试拍黄瓜", 1.0, 18.0, 18.0, False),
    ("测试醋鱼", 1.0, 88.0, 88.0, "少辣"),
]


@tagged("post_install", "-at_install")
class TestRecordVisits(FrontdeskCase):
    """A checkout that leaves the visit to the job (the cashier's settle: context
    fuxi_frontdesk_visit_later) closes the table at once; the "record visits" job then writes
    the visit the front desk's own checkout would have written, once. The job runs here as
    the cron runs it: as the superuser, without a language in its context."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the waiter's screen is in Chinese, as in the restaurant (the comped dish's note)
        cls.zh_waiter = new_test_user(
            cls.env,
            "fd_visits_waiter",
            groups="fuxi_frontdesk.group_fuxi_frontdesk_user,fuxi_frontdesk.group_fuxi_void",
            lang="zh_CN",
        )
        cls.comper = new_test_user(
            cls.env, "fd_visits_manager", groups="fuxi_frontdesk.group_fuxi_frontdesk_manager"
        )
        cls.hall = cls.env["fuxi.room"].create({"name": "测试大厅8", "kind": "table"})
        cls.Job = cls.env["fuxi.frontdesk.order"]
        cls.cron = cls.env.ref("fuxi_frontdesk.ir_cron_record_visits")
        cls.Consumption = cls.env["fuxi.consumption"]
        # the visits the database already waits for (the cashier's demo bills, closed at
        # install, where no cron runs) are written first: the counts below are the tests'
        while cls.Job._cron_record_visits():
            pass
        if cls.Job.search_count([("visit_pending", "=", True)]):
            raise AssertionError("a visit of the database cannot be written: see the log")

    def _served_order(self, room, partner=None, guest_count=3, **kwargs):
        """An order of the Chinese-speaking waiter, every line sent: a fish with a note, three
        beers, a pork voided, two cucumbers of which one comped."""
        Order = self.env["fuxi.frontdesk.order"].with_user(self.zh_waiter)
        Order = Order.with_context(lang="zh_CN")  # what the waiter's screen sends
        payload = Order.open_table(room.id, partner.id if partner else False, guest_count, **kwargs)
        order = Order.browse(payload["id"])
        order.add_lines(
            [
                self._line(self.fish, 1, "少辣"),
                self._line(self.beer, 3),
                self._line(self.pork),
                self._line(self.cucumber, 2),
            ]
        )
        order.action_send(uid())
        lines = {line.product_id: line for line in order.line_ids}
        lines[self.pork].void_line("上错了")
        lines[self.cucumber].with_user(self.comper).comp_line("老客人", 1, uid())
        return order

    @staticmethod
    def _later(order):
        """The checkout as the cashier's settle asks for it: the visit is the job's."""
        return order.with_context(fuxi_frontdesk_visit_later=True).action_checkout(confirm=True)

    def _visits_of(self, order):
        """The visits written for ``order``'s table at its time (each test's tables are
        distinct): found without order.consumption_id, which the job sets."""
        return self.Consumption.search(
            [("room_id", "=", order.room_id.id), ("date", "=", order.opened_at)]
        )

    @staticmethod
    def _rows(visit):
        return sorted(
            (line.product_id.name, line.quantity, line.price_unit, line.subtotal, line.note)
            for line in visit.line_ids
        )

    def _triggers(self):
        return self.env["ir.cron.trigger"].search([("cron_id", "=", self.cron.id)])

    def _pending(self):
        return self.Job.search([("visit_pending", "=", True)])

    def test_checkout_leaves_the_visit_to_the_job(self):
        # the same meal checked out the front desk's way, for comparison
        now = self._served_order(self.table)
        immediate = self.Consumption.browse(now.action_checkout(confirm=True)["consumption_id"])
        self.assertEqual(self._rows(immediate), VISIT_LINES)

        order = self._served_order(self.room, self.guest, guest_count=3)
        triggers = self._triggers()
        answer = self._later(order)
        # the table is closed and free, the visit not written
        self.assertEqual(answer["order"]["state"], "done")
        self.assertIs(answer["consumption_id"], False)
        self.assertEqual(order.state, "done")
        self.assertTrue(order.closed_at)
        self.assertTrue(order.visit_pending)
        self.assertFalse(order.consumption_id)
        self.assertFalse(self._visits_of(order))
        floor = {room["id"]: room for room in self.Order.frontdesk_floor()["rooms"]}
        self.assertEqual(floor[self.room.id]["status"], "free")
        # the job is woken for right after the commit
        new = self._triggers() - triggers
        self.assertEqual(len(new), 1)
        self.assertLessEqual(new.call_at, fields.Datetime.now())
        self.assertEqual(self._pending(), order)

        # the cron's own run (its server action, as its user, with its bare context)
        self.cron.method_direct_trigger()
        visit = order.consumption_id
        self.assertTrue(visit)
        self.assertFalse(order.visit_pending)
        self.assertEqual(self._visits_of(order), visit, "one visit")
        self.assertEqual(
            (visit.partner_id, visit.room_id, visit.guest_count, visit.date),
            (self.guest, self.room, 3, order.opened_at),
        )
        self.assertEqual((visit.origin, visit.waiter_id), ("frontdesk", self.zh_waiter))
        self.assertEqual(self._rows(visit), VISIT_LINES)
        self.assertEqual(self._rows(visit), self._rows(immediate))
        self.assertEqual((visit.amount_total, visit.amount_drinks), (142.0, 36.0))
        self.assertEqual(visit.amount_total, immediate.amount_total)
        self.assertFalse(self._pending())

        # run again: nothing left to write, nothing written twice
        self.assertEqual(self.Job._cron_record_visits(), 0)
        self.assertEqual(self._visits_of(order), visit)
        self.assertEqual(order.consumption_id, visit)

    def test_reservation_gets_the_visit_from_the_job(self):
        reservation = self.env["fuxi.reservation"].create(
            {
                "subject": "寿宴",
                "partner_id": self.guest.id,
                "room_id": self.room.id,
                "start": fields.Datetime.now() + timedelta(minutes=30),
                "party_size": 6,
            }
        )
        order = self._served_order(self.room, reservation_id=reservation.id)
        # opening the table for the booking marked the guests arrived
        self.assertEqual(reservation.state, "arrived")
        self._later(order)
        self.assertEqual(reservation.state, "arrived")
        self.assertFalse(reservation.consumption_id, "no visit yet")

        self.assertEqual(self.Job._cron_record_visits(), 1)
        visit = order.consumption_id
        self.assertTrue(visit)
        self.assertEqual(reservation.consumption_id, visit)
        self.assertEqual(reservation.state, "arrived")
        self.assertEqual(visit.reservation_id, reservation)
        self.assertEqual(visit.partner_id, self.guest, "the booking's guest")

    def test_a_visit_that_fails_stays_pending(self):
        first = self._served_order(self.room, self.guest)
        broken = self._served_order(self.table)
        last = self._served_order(self.hall)
        for order in (first, broken, last):
            self._later(order)
        self.assertEqual(self._pending(), first | broken | last)
        visits = self.Consumption.search_count([])
        Model = type(self.Job)
        record_visit = Model._record_visit

        def failing(order, lines):
            # the visit and its lines are written before it fails: nothing of it may stay
            visit = record_visit(order, lines)
            if order.id == broken.id:
                raise ValueError("测试：这桌的记录写不进去")
            return visit

        with (
            patch.object(Model, "_record_visit", failing),
            self.assertLogs(JOB_LOGGER, "ERROR") as logs,
        ):
            self.assertEqual(self.Job._cron_record_visits(), 2)
        self.assertEqual(len(logs.records), 1)
        self.assertIn(broken.name, logs.output[0])
        self.assertIn("这桌的记录写不进去", logs.output[0])
        # the others are written, the broken one waits for the next run, whole or nothing
        for order in (first, last):
            self.assertFalse(order.visit_pending)
            self.assertEqual(self._visits_of(order), order.consumption_id)
            self.assertEqual(self._rows(order.consumption_id), VISIT_LINES)
        self.assertEqual(first.consumption_id.partner_id, self.guest)
        self.assertTrue(broken.visit_pending)
        self.assertFalse(broken.consumption_id)
        self.assertEqual(broken.state, "done")
        self.assertFalse(self._visits_of(broken))
        self.assertEqual(self.Consumption.search_count([]), visits + 2)
        self.assertEqual(self._pending(), broken)

        # the next run (the cure found) writes it
        self.assertEqual(self.Job._cron_record_visits(), 1)
        self.assertFalse(broken.visit_pending)
        self.assertEqual(self._visits_of(broken), broken.consumption_id)
        self.assertEqual(self._rows(broken.consumption_id), VISIT_LINES)
        self.assertEqual(self.Consumption.search_count([]), visits + 3)

    def test_a_visit_that_keeps_failing_goes_behind_the_others(self):
        broken = self._served_order(self.table)
        other = self._served_order(self.hall)
        for order in (broken, other):
            self._later(order)
        self.assertLess(broken.id, other.id, "first in the queue by its id")
        Model = type(self.Job)
        record_visit = Model._record_visit

        def failing(order, lines):
            if order.id == broken.id:
                raise ValueError("测试：这桌的记录写不进去")
            return record_visit(order, lines)

        with patch.object(Model, "_record_visit", failing), self.assertLogs(JOB_LOGGER, "ERROR"):
            # a batch of one: the broken order is taken first and fails
            self.assertEqual(self.Job._cron_record_visits(limit=1), 0)
            self.assertEqual(broken.visit_attempts, 1)
            # the next batch of one is the other order, not the broken one again
            self.assertEqual(self.Job._cron_record_visits(limit=1), 1)
        self.assertFalse(other.visit_pending)
        self.assertTrue(other.consumption_id)
        self.assertTrue(broken.visit_pending)
        self.assertEqual(self.Job._cron_record_visits(limit=1), 1)
        self.assertTrue(broken.consumption_id)

    def test_front_desk_checkout_writes_the_visit_at_once(self):
        order = self._served_order(self.room, self.guest)
        triggers = self._triggers()
        answer = order.action_checkout(confirm=True)
        visit = order.consumption_id
        self.assertTrue(visit)
        self.assertEqual(answer["consumption_id"], visit.id)
        self.assertFalse(order.visit_pending)
        self.assertEqual(self._visits_of(order), visit)
        self.assertEqual(self._rows(visit), VISIT_LINES)
        self.assertEqual(visit.partner_id, self.guest)
        self.assertEqual(self._triggers(), triggers, "no job to wake")
        self.assertFalse(self._pending())
        self.assertEqual(self.Job._cron_record_visits(), 0)
        self.assertEqual(self._visits_of(order), visit)
