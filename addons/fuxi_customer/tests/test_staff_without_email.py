from odoo.exceptions import UserError
from odoo.tests import new_test_user

from .common import GROUP_USER, FuxiCustomerCase


class TestStaffWithoutEmail(FuxiCustomerCase):
    """Staff log in with a login name and have no mailbox: they write messages and
    activities for colleagues, and read theirs in Odoo's inbox."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.waiter = new_test_user(cls.env, "fx_noemail_waiter", groups=GROUP_USER, email=False)
        cls.cook = new_test_user(cls.env, "fx_noemail_cook", groups=GROUP_USER, email=False)
        cls.guest = cls._customer("无邮箱测试客")

    def _inbox(self, user, message):
        return self.env["mail.notification"].search(
            [
                ("res_partner_id", "=", user.partner_id.id),
                ("mail_message_id", "=", message.id),
                ("notification_type", "=", "inbox"),
            ]
        )

    def test_staff_without_address_read_notifications_in_odoo(self):
        self.assertEqual(self.waiter.notification_type, "inbox")
        self.assertEqual(self.cook.notification_type, "inbox")
        with_address = new_test_user(self.env, "fx_with_email", groups=GROUP_USER)
        self.assertEqual(with_address.notification_type, "email", "their choice is kept")
        # a user whose address is removed reads in Odoo from then on
        with_address.email = False
        self.assertEqual(with_address.notification_type, "inbox")

    def test_message_for_a_colleague_reaches_the_inbox(self):
        message = self.guest.with_user(self.waiter).message_post(
            body="客人明天来，请准备寿面", partner_ids=self.cook.partner_id.ids
        )
        self.assertEqual(message.author_id, self.waiter.partner_id)
        self.assertIn(self.waiter.name, message.email_from)
        self.assertTrue(self._inbox(self.cook, message))

    def test_activity_for_a_colleague_reaches_the_inbox(self):
        activity = self.guest.with_user(self.waiter).activity_schedule(
            "mail.mail_activity_data_todo", summary="回访客人", user_id=self.cook.id
        )
        self.assertEqual(activity.user_id, self.cook)
        message = self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", self.guest.id)],
            order="id desc",
            limit=1,
        )
        self.assertEqual(message.author_id, self.waiter.partner_id)
        self.assertTrue(self._inbox(self.cook, message))

    def test_sender_is_the_servers_address_under_the_staff_name(self):
        alias_domain = self.env["mail.alias.domain"].create({"name": "fuxi-test.example.com"})
        self.env.company.alias_domain_id = alias_domain
        message = self.guest.with_user(self.waiter).message_post(body="测试")
        self.assertTrue(message.email_from.endswith("<notifications@fuxi-test.example.com>"))
        self.assertIn(self.waiter.name, message.email_from)

    def test_addresses_and_refusals_of_others_unchanged(self):
        with_address = new_test_user(
            self.env, "fx_has_email", groups=GROUP_USER, email="has.email@example.com"
        )
        message = self.guest.with_user(with_address).message_post(body="测试")
        self.assertEqual(message.email_from, with_address.partner_id.email_formatted)
        # a contact (not staff) without an address is still refused as an author
        with self.assertRaises(UserError) as caught:
            self.guest.with_user(self.waiter).with_context(lang="en_US").message_post(
                body="冒名", author_id=self.guest.id
            )
        self.assertIn("email address", str(caught.exception))

    def test_existing_staff_switched_on_upgrade(self):
        # as staff were before this version: e-mail preference, no address
        self.env.cr.execute(
            "UPDATE res_users SET notification_type = 'email' WHERE id = %s", [self.cook.id]
        )
        self.cook.invalidate_recordset(["notification_type"])
        self.env["res.users"]._fuxi_install_staff_inbox()
        self.assertEqual(self.cook.notification_type, "inbox")
