import json
from datetime import timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user
from odoo.tools import mute_logger

from odoo.addons.bus.models.bus import channel_with_db, json_dump

from .common import FuxiTrackingCase, utc


class TestReservation(FuxiTrackingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.activity_type = cls.env.ref("fuxi_tracking.mail_activity_type_reservation")

    def _book(self, start, room=None, **vals):
        return self.env["fuxi.reservation"].create(
            {
                "subject": vals.pop("subject", "生日宴"),
                "partner_id": self.zhou.id,
                "start": utc(start),
                "duration": 2.0,
                "room_id": (room or self.room).id,
                "party_size": 8,
                "reminder_user_ids": [(6, 0, (self.waiter | self.waiter_2).ids)],
                "remind_before": 90,
                **vals,
            }
        )

    def _activities(self, reservation):
        return reservation.activity_ids.filtered(lambda a: a.activity_type_id == self.activity_type)

    def test_overlap_refused_naming_the_other(self):
        first = self._book("2026-06-01 18:00", subject="商务宴请")
        with self.assertRaises(ValidationError) as caught:
            self._book("2026-06-01 19:30")
        self.assertIn(first.name, str(caught.exception))
        self.assertIn("商务宴请", str(caught.exception))
        # back to back, another room, or once the first is cancelled: fine
        self._book("2026-06-01 20:00")
        self._book("2026-06-01 18:30", room=self.table)
        first.action_cancel()
        self._book("2026-06-01 18:00")

    def test_moving_into_a_booked_slot_refused(self):
        self._book("2026-06-01 18:00")
        later = self._book("2026-06-01 21:00")
        with self.assertRaises(ValidationError):
            later.start = utc("2026-06-01 19:00")

    def test_numbered_by_the_sequence_of_its_company(self):
        """fuxi.sequence.mixin: the number comes from the reservation's company's sequence."""
        branch = self.env["res.company"].create({"name": "伏羲二店"})
        self.env["ir.sequence"].create(
            {
                "name": "二店预约",
                "code": "fuxi.reservation",
                "prefix": "YB-",
                "padding": 3,
                "company_id": branch.id,
            }
        )
        there = self._book("2026-06-01 18:00", company_id=branch.id, reminder_user_ids=False)
        self.assertEqual(there.name, "YB-001")
        self.assertTrue(self._book("2026-06-02 18:00").name.startswith("YY"))

    def test_reminders_scheduled_moved_removed(self):
        reservation = self._book("2026-06-01 09:00")
        activities = self._activities(reservation)
        self.assertEqual(activities.user_id, self.waiter | self.waiter_2)
        # 09:00 in Shanghai, 90 minutes before: 07:30 the same local day
        self.assertEqual(str(reservation.reminder_at), "2026-05-31 23:30:00")
        self.assertEqual({str(d) for d in activities.mapped("date_deadline")}, {"2026-06-01"})
        reservation.start = utc("2026-06-03 12:00")
        activities = self._activities(reservation)
        self.assertEqual(len(activities), 2)
        self.assertEqual({str(d) for d in activities.mapped("date_deadline")}, {"2026-06-03"})
        reservation.reminder_user_ids = self.waiter
        self.assertEqual(self._activities(reservation).user_id, self.waiter)
        reservation.action_cancel()
        self.assertFalse(self._activities(reservation))

    def _bus_messages(self, user):
        self.env.cr.precommit.run()  # bus rows are written just before the commit
        channel = json_dump(channel_with_db(self.env.cr.dbname, user.partner_id))
        return (
            self.env["bus.bus"]
            .sudo()
            .search([("channel", "=", channel)], order="id")
            .filtered(lambda m: "simple_notification" in m.message)
        )

    def test_live_reminder_sent_at_the_right_time(self):
        reservation = self._book("2026-06-01 18:00", subject="周年纪念")
        Reservation = self.env["fuxi.reservation"]
        before = len(self._bus_messages(self.waiter))
        with freeze_time(utc("2026-06-01 16:29")):
            self.assertNotIn(reservation, Reservation._cron_send_reminders())
        self.assertEqual(len(self._bus_messages(self.waiter)), before)
        with freeze_time(utc("2026-06-01 16:30")):
            self.assertIn(reservation, Reservation._cron_send_reminders())
        self.assertTrue(reservation.reminder_sent)
        messages = self._bus_messages(self.waiter)
        self.assertEqual(len(messages), before + 1)
        payload = json.loads(messages[-1:].message)["payload"]
        self.assertIn("周年纪念", payload["message"])
        self.assertIn(self.zhou.name, payload["message"])
        self.assertTrue(self._bus_messages(self.waiter_2))
        with freeze_time(utc("2026-06-01 16:31")):
            self.assertNotIn(reservation, Reservation._cron_send_reminders())  # once only
        # moving the reservation re-arms the reminder
        reservation.start = reservation.start + timedelta(days=1)
        self.assertFalse(reservation.reminder_sent)

    def test_reminders_in_each_recipients_language_and_time_zone(self):
        """The cron runs as an English user in UTC; a Chinese waiter in Shanghai gets the
        reminder (notification and activity) in Chinese, at Shanghai time."""
        self.env["res.lang"]._activate_lang("zh_CN")
        cron_user = new_test_user(
            self.env,
            "tr_cron",
            groups="fuxi_tracking.group_fuxi_tracking_manager",
            lang="en_US",
            tz="UTC",
        )
        self.waiter.write({"lang": "zh_CN", "tz": "Asia/Shanghai"})
        self.waiter_2.write({"lang": "en_US", "tz": "UTC"})
        reservation = (
            self.env["fuxi.reservation"]
            .with_user(cron_user)
            .with_context(lang="en_US", tz="UTC")
            .create(
                {
                    "subject": "寿宴",
                    "partner_id": self.zhou.id,
                    "start": utc("2026-06-01 00:30"),  # 31 May 16:30 in UTC
                    "room_id": self.room.id,
                    "reminder_user_ids": [(6, 0, (self.waiter | self.waiter_2).ids)],
                    "remind_before": 60,
                }
            )
        )
        activities = self._activities(reservation)
        chinese = activities.filtered(lambda a: a.user_id == self.waiter)
        english = activities.filtered(lambda a: a.user_id == self.waiter_2)
        self.assertEqual(chinese.summary, f"预约 06-01 00:30 · {self.room.name} · 周文华 · 寿宴")
        self.assertEqual(str(chinese.date_deadline), "2026-05-31")  # 23:30 in Shanghai
        self.assertEqual(
            english.summary, f"Reservation 05-31 16:30 · {self.room.name} · 周文华 · 寿宴"
        )
        Cron = (
            self.env["fuxi.reservation"].with_user(cron_user).with_context(lang="en_US", tz="UTC")
        )
        with freeze_time(utc("2026-05-31 23:30")):
            self.assertIn(reservation, Cron._cron_send_reminders())
        payload = json.loads(self._bus_messages(self.waiter)[-1:].message)["payload"]
        self.assertEqual(payload["title"], "预约提醒")
        self.assertEqual(payload["message"], f"预约 06-01 00:30 · {self.room.name} · 周文华 · 寿宴")
        payload = json.loads(self._bus_messages(self.waiter_2)[-1:].message)["payload"]
        self.assertEqual(payload["title"], "Reservation reminder")
        self.assertIn("05-31 16:30", payload["message"])

    def test_cron_skips_cancelled_and_past(self):
        cancelled = self._book("2026-06-01 18:00")
        cancelled.action_cancel()
        past = self._book("2026-06-01 08:00", room=self.table)
        with freeze_time(utc("2026-06-01 17:00")):
            sent = self.env["fuxi.reservation"]._cron_send_reminders()
        self.assertNotIn(cancelled, sent)
        self.assertNotIn(past, sent)

    def test_arrival_opens_the_visit(self):
        reservation = self._book("2026-06-01 18:00")
        reservation.action_confirm()
        action = reservation.with_user(self.waiter).action_arrive()
        visit = self.env["fuxi.consumption"].browse(action["res_id"])
        self.assertEqual(reservation.state, "arrived")
        self.assertEqual(reservation.consumption_id, visit)
        self.assertEqual(
            (visit.partner_id, visit.room_id, visit.guest_count, visit.state, visit.origin),
            (self.zhou, self.room, 8, "open", "reservation"),
        )
        self.assertFalse(self._activities(reservation))
        with self.assertRaises(UserError):
            reservation.action_arrive()

    def test_illegal_transitions_refused(self):
        reservation = self._book("2026-06-01 18:00")
        with self.assertRaises(UserError):
            reservation.action_reset()
        reservation.action_no_show()
        with self.assertRaises(UserError):
            reservation.action_confirm()
        reservation.action_reset()
        self.assertEqual(reservation.state, "booked")

    def test_bad_input_refused(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self._book("2026-06-01 18:00", party_size=0)


class TestReservationAccess(FuxiTrackingCase):
    def test_access_matrix(self):
        vals = {
            "subject": "家庭聚餐",
            "partner_id": self.sun.id,
            "start": utc("2026-07-01 18:00"),
            "room_id": self.table.id,
            "party_size": 4,
        }
        with self.assertRaises(AccessError):
            self.env["fuxi.reservation"].with_user(self.viewer).create(dict(vals))
        booking = self.env["fuxi.reservation"].with_user(self.waiter).create(dict(vals))
        self.assertEqual(booking.reminder_user_ids, self.waiter, "the booker is reminded")
        self.assertEqual(booking.with_user(self.viewer).subject, "家庭聚餐")
        booking.with_user(self.waiter).action_confirm()
        with self.assertRaises(AccessError):
            booking.with_user(self.viewer).write({"party_size": 6})
        with self.assertRaises(AccessError):
            booking.with_user(self.waiter).unlink()
        with self.assertRaises(AccessError):
            self.env["fuxi.room"].with_user(self.waiter).create({"name": "新包间"})
        booking.with_user(self.manager).unlink()
