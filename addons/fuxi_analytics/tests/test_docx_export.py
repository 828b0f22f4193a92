import io

from docx import Document

from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import FuxiAnalyticsCase


def read_docx(content):
    """(paragraph texts, first table as rows of cell texts) of a .docx."""
    document = Document(io.BytesIO(content))
    table = document.tables[0]
    return (
        [paragraph.text for paragraph in document.paragraphs],
        [[cell.text for cell in row.cells] for row in table.rows],
    )


class TestDocxExport(FuxiAnalyticsCase):
    """Every statistic and ranking as a Word document: title, period, table, totals — in the
    reader's language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.chinese = new_test_user(
            cls.env,
            "an_zh",
            groups="fuxi_tracking.group_fuxi_tracking_viewer",
            lang="zh_CN",
            tz="Asia/Shanghai",
        )
        cls.english = new_test_user(
            cls.env,
            "an_en",
            groups="fuxi_tracking.group_fuxi_tracking_viewer",
            lang="en_US",
            tz="Asia/Shanghai",
        )
        visit = cls._visit
        visit(cls.zhou, "2021-03-01 12:00", [(cls.fish, 2), (cls.wine, 3)])  # 176 + 174
        visit(cls.sun, "2021-03-10 12:00", [(cls.fish, 5)])  # 440
        visit(cls.qian, "2021-03-20 12:00", [(cls.shrimp, 1)])  # 128

    def _wizard(self, model, user, **vals):
        return (
            self.env[model]
            .with_user(user)
            .with_context(lang=user.lang, tz=user.tz)
            .create(
                {"period": "custom", "date_from": "2021-03-01", "date_to": "2021-03-31", **vals}
            )
        )

    def test_statistic_in_chinese(self):
        wizard = self._wizard("fuxi.statistic", self.chinese, statistic="region_city")
        paragraphs, rows = read_docx(wizard._fuxi_docx_content())
        self.assertEqual(paragraphs[0], "按城市的消费")
        self.assertIn("统计期间：2021-03-01 ~ 2021-03-31", paragraphs)
        self.assertEqual(
            rows[0], ["名次", "省份", "城市", "客户数", "消费次数", "人数", "金额", "占比"]
        )
        # 周 西湖区 → 杭州市 350; 孙 海曙区 → 宁波市 440; 钱 浦东新区 → 上海市 128
        self.assertEqual(
            [row[:3] + row[6:] for row in rows[1:-1]],
            [
                ["1", "测试浙江省", "测试宁波市", "¥\xa0440.00", "47.9%"],  # 440 / 918
                ["2", "测试浙江省", "测试杭州市", "¥\xa0350.00", "38.1%"],
                ["3", "测试上海市", "测试上海市", "¥\xa0128.00", "13.9%"],
            ],
        )
        self.assertEqual(rows[-1][1], "合计")
        self.assertEqual(rows[-1][-2:], ["¥\xa0918.00", "100.0%"])

    def test_customers_by_quantity_top_n(self):
        wizard = self._wizard(
            "fuxi.statistic", self.english, statistic="customer_quantity", limit=2
        )
        paragraphs, rows = read_docx(wizard._fuxi_docx_content())
        self.assertEqual(paragraphs[0], "Customers by Quantity")
        self.assertIn("Top 2 of Customers by Quantity", paragraphs)
        self.assertEqual(rows[0], ["Rank", "Customer", "Quantity", "Visits", "Amount", "Share"])
        self.assertEqual(
            [row[:4] for row in rows[1:]],
            [
                ["1", "孙丽红", "5", "1"],  # 5 portions each: the larger amount first
                ["2", "周文华", "5", "1"],
                ["", "Total", "10", "2"],
            ],
        )

    def test_dishes_statistic(self):
        wizard = self._wizard("fuxi.statistic", self.chinese, statistic="dish_customers")
        _paragraphs, rows = read_docx(wizard._fuxi_docx_content())
        self.assertEqual(rows[0][:4], ["名次", "菜品/酒水", "种类", "客户数"])
        self.assertEqual(rows[1][1:5], [self.fish.display_name, "菜品", "2", "7"])
        self.assertEqual(rows[-1][4], "11")  # 2 + 3 + 5 + 1 portions

    def test_bad_period_refused_before_the_download(self):
        wizard = self._wizard("fuxi.statistic", self.english, statistic="dish_quantity")
        wizard.date_to = "2021-02-01"
        with self.assertRaisesRegex(UserError, "ends before it starts"):
            wizard.action_export_docx()
        ranking = self._wizard("fuxi.ranking", self.english, ranking="dish_customers")
        with self.assertRaisesRegex(UserError, "Choose the dish"):
            ranking.action_export_docx()

    def test_the_three_rankings(self):
        spend = self._wizard("fuxi.ranking", self.chinese, ranking="customer_spend")
        paragraphs, rows = read_docx(spend._fuxi_docx_content())
        self.assertEqual(paragraphs[0], "客户消费额统计")
        self.assertEqual([row[1] for row in rows[1:]], ["孙丽红", "周文华", "钱海峰", "合计"])
        self.assertEqual(rows[-1][-2:], ["¥\xa0918.00", "¥\xa0306.00"])
        dishes = self._wizard(
            "fuxi.ranking", self.english, ranking="customer_dishes", partner_id=self.zhou.id
        )
        paragraphs, rows = read_docx(dishes._fuxi_docx_content())
        self.assertIn("Customer: 周文华", paragraphs)
        self.assertEqual([row[1] for row in rows[1:]], ["绍兴黄酒", "西湖醋鱼", "Total"])
        customers = self._wizard(
            "fuxi.ranking", self.english, ranking="dish_customers", product_id=self.fish.id
        )
        _paragraphs, rows = read_docx(customers._fuxi_docx_content())
        self.assertEqual(
            rows[1:],
            [
                ["1", "孙丽红", "5", "1", "¥\xa0440.00"],
                ["2", "周文华", "2", "1", "¥\xa0176.00"],
                ["", "Total", "7", "2", "¥\xa0616.00"],
            ],
        )


@tagged("post_install", "-at_install")
class TestDocxDownload(HttpCase):
    """The download route: the owner gets the document, others a refusal."""

    def test_download(self):
        viewer = "fuxi_tracking.group_fuxi_tracking_viewer"
        owner = new_test_user(self.env, "an_dl", groups=viewer, lang="en_US")
        new_test_user(self.env, "an_dl2", groups=viewer, lang="en_US")
        wizard = (
            self.env["fuxi.statistic"]
            .with_user(owner)
            .create({"statistic": "dish_quantity", "period": "this_year"})
        )
        action = wizard.action_export_docx()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.authenticate("an_dl", "an_dl")
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        self.assertIn("wordprocessingml", response.headers["Content-Type"])
        _paragraphs, rows = read_docx(response.content)
        self.assertEqual(rows[0][0], "Rank")
        self.authenticate("an_dl2", "an_dl2")
        self.assertEqual(self.url_open(action["url"]).status_code, 403)
        self.assertEqual(self.url_open("/fuxi_analytics/docx/res.partner/1").status_code, 404)

    def test_statistic_over_xmlrpc(self):
        """The statistic verb as an RPC client (or the benchmark) calls it: plain values."""
        user = new_test_user(
            self.env,
            "an_rpc_viewer",
            groups="fuxi_tracking.group_fuxi_tracking_viewer",
            lang="en_US",
        )
        province = self.env["fuxi.region"].create({"name": "RPC测试省"})
        guest = self.env["res.partner"].create(
            {"name": "RPC客人", "is_fuxi_customer": True, "region_id": province.id}
        )
        dish = self.env["product.product"].create(
            {"name": "RPC测试菜", "list_price": 30, "is_fuxi_dish": True}
        )
        self.env["fuxi.consumption"].create(
            {
                "partner_id": guest.id,
                "date": "2000-01-15 04:00:00",
                "line_ids": [(0, 0, {"product_id": dish.id, "quantity": 2})],
            }
        )
        result = self.xmlrpc_object.execute(
            self.env.cr.dbname,
            user.id,
            user.login,
            "fuxi.statistic",
            "get_statistic",
            "region_province",
            "2000-01-01",
            "2000-01-31",
        )
        self.assertEqual(
            [(row["province_id"], row["province_name"], row["amount"]) for row in result["rows"]],
            [(province.id, "RPC测试省", 60.0)],
        )
        self.assertEqual(result["totals"]["amount"], 60.0)
        self.assertEqual(result["date_to"], "2000-01-31")
