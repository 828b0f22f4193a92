import base64
import io

from reportlab.pdfgen import canvas

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user


def make_pdf(text):
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, text)
    pdf.save()
    return base64.b64encode(buffer.getvalue())


class TestDocuments(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.employee = new_test_user(cls.env, "doc_employee", groups="base.group_user")
        cls.knowledge_user = new_test_user(
            cls.env, "doc_user", groups="fuxi_knowledge.group_fuxi_knowledge_user"
        )
        cls.manager = new_test_user(
            cls.env, "doc_manager", groups="fuxi_knowledge.group_fuxi_knowledge_manager"
        )
        Folder = cls.env["fuxi.document.folder"]
        cls.root = Folder.create({"name": "规章制度"})
        cls.kitchen = Folder.create({"name": "厨房", "parent_id": cls.root.id})

    def _document(self, name, content, file_name, user=None):
        Document = self.env["fuxi.document"].with_user(user or self.manager)
        return Document.create(
            {"name": name, "folder_id": self.kitchen.id, "datas": content, "file_name": file_name}
        )

    def test_new_upload_keeps_old_versions(self):
        first = base64.b64encode("冷藏温度 0-4℃".encode())
        document = self._document("冷库记录表", first, "cold_v1.txt")
        self.assertEqual(document.version, 1)
        self.assertEqual(document.uploaded_by_id, self.manager)
        second = base64.b64encode("冷藏温度 0-5℃，每日两次记录".encode())
        document.write({"datas": second, "file_name": "cold_v2.txt"})
        document.invalidate_recordset()
        self.assertEqual(document.version, 2)
        self.assertEqual(document.version_count, 2)
        self.assertEqual(document.file_name, "cold_v2.txt")
        self.assertEqual(document.datas, second)
        versions = document.version_ids.sorted("version")
        self.assertEqual(versions.mapped("file_name"), ["cold_v1.txt", "cold_v2.txt"])
        self.assertEqual(versions[0].datas, first)
        # saving the same file again adds nothing
        document.write({"datas": second})
        self.assertEqual(len(document.version_ids), 2)
        self.assertEqual(self.kitchen.complete_name, "规章制度 / 厨房")

    def test_everyone_reads_only_managers_write(self):
        document = self._document("卫生制度", base64.b64encode(b"wash hands"), "rules.txt")
        for user in (self.employee, self.knowledge_user):
            self.assertEqual(document.with_user(user).name, "卫生制度")
            self.assertEqual(document.with_user(user).datas, base64.b64encode(b"wash hands"))
            with self.assertRaises(AccessError):
                document.with_user(user).write({"name": "改名"})
            with self.assertRaises(AccessError):
                self._document("私自上传", base64.b64encode(b"x"), "x.txt", user=user)
            with self.assertRaises(AccessError):
                document.with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.root.with_user(user).write({"name": "x"})
        document.with_user(self.manager).unlink()

    def test_search_finds_text_inside_files(self):
        text_doc = self._document(
            "开店检查表", base64.b64encode("检查冷藏温度并记录留样".encode()), "open.txt"
        )
        pdf_doc = self._document(
            "Fire drill", make_pdf("Evacuation route through the kitchen door"), "fire.pdf"
        )
        other = self._document("Banquet", base64.b64encode(b"ten dishes per table"), "banquet.txt")
        mine = text_doc | pdf_doc | other
        Document = self.env["fuxi.document"].with_user(self.employee)

        def search(words, operator="ilike"):
            # only this test's documents: the demo library may contain the same words
            return Document.search([("content_search", operator, words), ("id", "in", mine.ids)])

        self.assertEqual(search("留样"), text_doc)
        self.assertEqual(search("evacuation"), pdf_doc)
        self.assertEqual(search("banquet.txt"), other)
        self.assertFalse(search("不存在的词"))
        self.assertTrue(pdf_doc.is_pdf)
        with self.assertRaises(UserError):
            search("x", "=")

    def test_chinese_text_file_from_windows(self):
        gbk = self._document(
            "值班表", base64.b64encode("周六值班：张伟、李娜".encode("gb18030")), "duty.txt"
        )
        found = self.env["fuxi.document"].search(
            [("content_search", "ilike", "值班：张伟"), ("id", "=", gbk.id)]
        )
        self.assertEqual(found, gbk)

    def test_old_version_text_still_found(self):
        document = self._document("菜单", base64.b64encode("旧菜单：狮子头".encode()), "menu.txt")
        document.write({"datas": base64.b64encode("新菜单：东坡肉".encode())})
        Document = self.env["fuxi.document"]
        for words in ("狮子头", "东坡肉"):
            found = Document.search([("content_search", "ilike", words), ("id", "=", document.id)])
            self.assertEqual(found, document, words)

    def test_empty_document_has_no_file(self):
        document = self.env["fuxi.document"].create({"name": "待上传"})
        self.assertFalse(document.version)
        with self.assertRaises(UserError):
            document.action_open_file()
