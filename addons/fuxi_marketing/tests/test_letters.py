import shutil

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.fuxi_customer.tests.common import pdf_text_and_pages


@tagged("post_install", "-at_install")
class TestGreetingLetters(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not shutil.which("pdftotext") or not shutil.which("wkhtmltopdf"):
            raise RuntimeError("wkhtmltopdf and poppler-utils are needed (scripts/fuxi setup)")
        cls.env = cls.env(context=dict(cls.env.context, lang="zh_CN", tz="Asia/Shanghai"))
        cls.env["res.lang"]._activate_lang("zh_CN")
        mister = cls.env["res.partner.title"].create({"name": "先生", "shortcut": "先生"})
        address = {"street": "文三路100号", "city": "杭州市", "is_fuxi_customer": True}
        cls.guests = cls.env["res.partner"].create(
            [
                {"name": "黄建国", "title": mister.id, **address},
                {"name": "周小云", **address},
            ]
        )
        cls.template = cls.env["fuxi.marketing.letter.template"].create(
            {
                "name": "新春贺信",
                "paper": "a4",
                "salutation": "尊敬的{name}{title}：",
                "body": "感谢您对{company}的厚爱。\n\n祝您新年快乐！",
                "closing": "{company}\n{date}",
            }
        )

    def wizard(self, **values):
        wizard = self.env["fuxi.marketing.letter.wizard"].create(
            {
                "partner_ids": [(6, 0, self.guests.ids)],
                "template_id": self.template.id,
                "body": "-",
                **values,
            }
        )
        wizard._onchange_template_id()
        return wizard

    def test_letter_pdf_one_page_per_guest(self):
        wizard = self.wizard()
        action = wizard.action_print()
        self.assertEqual(action["report_name"], "fuxi_marketing.report_letter")
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("fuxi_marketing.action_report_letter_a4", wizard.ids)
        )
        text, pages = pdf_text_and_pages(pdf)
        self.assertEqual(pages, 2)
        compact = text.replace(" ", "")
        self.assertIn("尊敬的黄建国先生：", compact)
        self.assertIn("尊敬的周小云：", compact)
        self.assertIn(f"感谢您对{self.env.company.name.replace(' ', '')}的厚爱", compact)
        self.assertIn("年", compact)  # the date, written the Chinese way

    def test_unknown_placeholder_refused(self):
        with self.assertRaisesRegex(ValidationError, r"Unknown placeholder \{nmae\}|\{nmae\}"):
            self.env["fuxi.marketing.letter.template"].create(
                {"name": "x", "salutation": "{nmae}", "body": "x"}
            )
        wizard = self.wizard()
        wizard.body = "亲爱的{guest}"
        with self.assertRaisesRegex(ValidationError, r"\{guest\}"):
            wizard.action_print()

    def test_labels_for_the_same_guests(self):
        action = self.wizard().action_print_labels()
        self.assertEqual(action["res_model"], "report.label.wizard")
        self.assertEqual(action["context"]["active_ids"], self.guests.ids)

    def test_guest_profile_lists_latest_news(self):
        News = self.env["fuxi.marketing.news"]
        News.search([]).state = "draft"
        News.create({"name": "今日新闻", "state": "published"})
        News.create({"name": "草稿新闻"})
        profile = self.guests[0].get_fuxi_guest_profile()
        self.assertEqual([n["title"] for n in profile["news"]], ["今日新闻"])

    def test_staff_read_news_marketing_users_publish(self):
        news = self.env["fuxi.marketing.news"].create({"name": "员工须知"})
        waiter = new_test_user(self.env, "mk_news_waiter", groups="base.group_user")
        self.assertEqual(news.with_user(waiter).name, "员工须知")
        with self.assertRaisesRegex(AccessError, "fuxi.marketing.news"):
            news.with_user(waiter).action_publish()
        writer = new_test_user(
            self.env, "mk_news_writer", groups="fuxi_marketing.group_fuxi_marketing_user"
        )
        self.assertTrue(news.with_user(writer).action_publish())
        self.assertEqual(news.state, "published")
