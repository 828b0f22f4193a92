from odoo.tests import new_test_user

from .common import FuxiTrackingCase, utc


class TestStaffWithoutEmail(FuxiTrackingCase):
    """Staff log in with a login name and have no e-mail address (fuxi_customer)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.booker = new_test_user(
            cls.env,
            "tr_noemail_booker",
            groups="fuxi_tracking.group_fuxi_tracking_user",
            email=False,
            tz="Asia/Shanghai",
        )
        cls.colleague = new_test_user(
            cls.env,
            "tr_noemail_colleague",
            groups="fuxi_tracking.group_fuxi_tracking_user",
            email=False,
            tz="Asia/Shanghai",
        )

    def test_booking_reminds_a_colleague(self):
        # the activity's notification is a message authored by the booker
        env = self.env(user=self.booker, context=dict(self.env.context, tracking_disable=False))
        reservation = env["fuxi.reservation"].create(
            {
                "subject": "寿宴",
                "partner_id": self.zhou.id,
                "start": utc("2026-07-01 18:00"),
                "duration": 2.0,
                "room_id": self.room.id,
                "party_size": 6,
                "reminder_user_ids": [(6, 0, self.colleague.ids)],
                "remind_before": 60,
            }
        )
        activity = reservation.activity_ids.filtered(lambda a: a.user_id == self.colleague)
        self.assertTrue(activity)
        self.assertEqual(self.colleague.notification_type, "inbox")
        notification = self.env["mail.notification"].search(
            [
                ("res_partner_id", "=", self.colleague.partner_id.id),
                ("mail_message_id.model", "=", "fuxi.reservation"),
                ("mail_message_id.res_id", "=", reservation.id),
            ]
        )
        self.assertEqual(notification.notification_type, "inbox")
        self.assertEqual(notification.mail_message_id.author_id, self.booker.partner_id)
