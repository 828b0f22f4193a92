from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .messages_common import GuestMessagesCase

NOON = datetime(2026, 12, 30, 4, 0)  # 12:00 in Shanghai


@tagged("post_install", "-at_install")
class TestNews(GuestMessagesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        News = cls.env["fuxi.marketing.news"]
        News.search([]).state = "draft"
        cls.other_company = cls.env["res.company"].create({"name": "别家饭店"})
        cls.news = News.create(
            {
                "name": "新春菜单上市",
                "summary": "十二道新春菜品今日起供应。",
                "body": "<p>佛跳墙、腊味煲仔饭</p>",
                "company_id": cls.company.id,
                "audience_id": cls.audience.id,
                "push_sms": True,
                "push_mail": True,
                "publish_date": NOON - timedelta(hours=1),
            }
        )
        cls.draft = News.create({"name": "尚未发布的草稿", "company_id": cls.company.id})
        cls.elsewhere = News.create(
            {"name": "别家的新闻", "company_id": cls.other_company.id, "state": "published"}
        )

    def test_news_pushed_once_on_publication(self):
        with freeze_time(NOON):
            self.news.action_publish()
            self.assertEqual(self.news.state, "published")
            # withdrawn and published again: nobody gets it twice
            self.news.action_draft()
            self.news.action_publish()
            self.run_queue()
            self.send_mail_queue()
        sends = self.env["fuxi.marketing.send"].search([("occasion", "=", f"news:{self.news.id}")])
        sent = sends.filtered(lambda s: s.state != "refused")
        self.assertEqual(
            sorted((s.partner_id.name, s.channel) for s in sent),
            [("王小明", "mail"), ("王小明", "sms")],
        )
        self.assertEqual(
            sends.filtered(lambda s: s.partner_id == self.no_consent).mapped("state"),
            ["refused", "refused"],
        )
        texts = [s["text"] for s in self.sent_sms()]
        self.assertEqual(len(texts), 1)
        self.assertIn("新春菜单上市", texts[0])
        self.assertIn(f"/fuxi/news/{self.news.id}", texts[0])
        self.assertTrue(texts[0].endswith("回T退订"))
        self.assertEqual(len(self.inbox.messages), 1)
        self.assertEqual(self.inbox.messages[0]["to"], ["wang@guest.example"])
        self.assertIn("佛跳墙", self.inbox.messages[0]["data"])

    def test_scheduled_news_published_by_the_job(self):
        later = fields.Datetime.now() + timedelta(days=2)
        news = self.env["fuxi.marketing.news"].create(
            {"name": "下周新品", "company_id": self.company.id, "publish_date": later}
        )
        news.action_publish()
        self.assertEqual(news.state, "scheduled")
        self.env["fuxi.marketing.news"]._cron_publish_scheduled()
        self.assertEqual(news.state, "scheduled")
        with freeze_time(later + timedelta(minutes=1)):
            self.env["fuxi.marketing.news"]._cron_publish_scheduled()
        self.assertEqual(news.state, "published")

    def test_public_page_shows_published_news_of_the_company(self):
        self.news.state = "published"
        self.env.flush_all()
        page = self.url_open(f"/fuxi/news?company={self.company.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("新春菜单上市", page.text)
        self.assertNotIn("尚未发布的草稿", page.text)
        self.assertNotIn("别家的新闻", page.text)
        detail = self.url_open(f"/fuxi/news/{self.news.id}?company={self.company.id}")
        self.assertEqual(detail.status_code, 200)
        self.assertIn("佛跳墙", detail.text)
        for news in (self.draft, self.elsewhere):
            refused = self.url_open(f"/fuxi/news/{news.id}?company={self.company.id}")
            self.assertEqual(refused.status_code, 404, news.name)
        other = self.url_open(f"/fuxi/news?company={self.other_company.id}")
        self.assertIn("别家的新闻", other.text)
        self.assertNotIn("新春菜单上市", other.text)
