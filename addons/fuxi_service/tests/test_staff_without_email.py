from odoo.tests import new_test_user

from .common import SERVICE_USER, ServiceCase


class TestStaffWithoutEmail(ServiceCase):
    """Staff log in with a login name and have no e-mail address (fuxi_customer)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # mail's messages are what fails: let this class post them as the screens do
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False, mail_notrack=False))
        cls.noemail_waiter = new_test_user(
            cls.env, "sv_noemail_waiter", groups=SERVICE_USER, email=False
        )
        cls.noemail_cook = new_test_user(
            cls.env, "sv_noemail_cook", groups=SERVICE_USER, email=False
        )

    def _inbox_notifications(self, user, record):
        return self.env["mail.notification"].search(
            [
                ("res_partner_id", "=", user.partner_id.id),
                ("mail_message_id.model", "=", record._name),
                ("mail_message_id.res_id", "=", record.id),
                ("notification_type", "=", "inbox"),
            ]
        )

    def test_complaint_with_a_responsible_person(self):
        complaint = self._complaint(user=self.noemail_waiter, user_id=self.noemail_cook.id)
        self.assertEqual(complaint.user_id, self.noemail_cook)
        self.assertTrue(complaint.activity_ids.filtered(lambda a: a.user_id == self.noemail_cook))
        self.assertTrue(self._inbox_notifications(self.noemail_cook, complaint))

    def test_new_answer_for_the_library(self):
        manager = new_test_user(
            self.env,
            "sv_noemail_knowledge",
            groups="fuxi_knowledge.group_fuxi_knowledge_manager",
            email=False,
        )
        request = (
            self.env["fuxi.support.request"]
            .with_user(self.noemail_waiter)
            .create({"question": "能带宠物吗？", "answer": "<p>露台可以。</p>"})
        )
        request.with_user(self.noemail_waiter).action_save_as_qa()
        entry = request.qa_id
        self.assertEqual(entry.state, "to_approve")
        # the knowledge managers are told in their Odoo inbox
        self.assertTrue(self._inbox_notifications(manager, entry))
