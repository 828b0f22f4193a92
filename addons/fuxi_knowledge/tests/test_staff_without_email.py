import base64

from odoo.tests import TransactionCase, new_test_user


class TestStaffWithoutEmail(TransactionCase):
    """Staff log in with a login name and have no e-mail address (fuxi_customer)."""

    def test_upload_a_document(self):
        manager = new_test_user(
            self.env,
            "doc_noemail_manager",
            groups="fuxi_knowledge.group_fuxi_knowledge_manager",
            email=False,
        )
        folder = self.env["fuxi.document.folder"].create({"name": "无邮箱测试"})
        document = (
            self.env["fuxi.document"]
            .with_user(manager)
            .create(
                {
                    "name": "排班表",
                    "folder_id": folder.id,
                    "datas": base64.b64encode("周一 张伟".encode()),
                    "file_name": "duty.txt",
                }
            )
        )
        self.assertEqual(document.version, 1)
        # a second version is another message from the same author
        document.with_user(manager).write({"datas": base64.b64encode("周二 李娜".encode())})
        self.assertEqual(document.version, 2)
        uploads = document.message_ids.filtered(
            lambda m: m.author_id == manager.partner_id and "duty.txt" in str(m.body)
        )
        self.assertEqual(len(uploads), 2, "one message per version")
        self.assertTrue(all(manager.name in m.email_from for m in uploads))
