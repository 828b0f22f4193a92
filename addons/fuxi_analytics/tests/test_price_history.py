import io
from datetime import timedelta

import openpyxl

from odoo import fields
from odoo.tests import Form, new_test_user

from .common import FuxiAnalyticsCase

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TestPriceHistory(FuxiAnalyticsCase):
    """Every path that sets a dish's price leaves a dated record of who, old and new."""

    def _history(self, template):
        return self.env["fuxi.price.history"].search(
            [("product_tmpl_id", "=", template.id)], order="date, id"
        )

    def _changes(self, template):
        return [(h.old_price, h.new_price, h.reason) for h in self._history(template)]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.editor = new_test_user(
            cls.env,
            "an_editor",
            groups="fuxi_knowledge.group_fuxi_knowledge_user",
            tz="Asia/Shanghai",
        )

    def test_create_template_and_variant(self):
        template = self.env["product.template"].create(
            {"name": "叫化童鸡", "list_price": 98, "is_fuxi_dish": True}
        )
        self.assertEqual(self._changes(template), [(0, 98, "create")])
        variant = self.env["product.product"].create(
            {"name": "宋嫂鱼羹", "list_price": 48, "is_fuxi_dish": True}
        )
        self.assertEqual(self._changes(variant.product_tmpl_id), [(0, 48, "create")])
        # not a dish: not on the menu, no history
        other = self.env["product.template"].create({"name": "餐巾纸", "list_price": 2})
        self.assertFalse(self._history(other))

    def test_write_paths(self):
        template = self.fish.product_tmpl_id
        template.with_user(self.editor).write({"list_price": 92})
        self.fish.with_user(self.editor).lst_price = 95  # the variant's price field
        template.write({"list_price": 95, "name": "西湖醋鱼（大）"})  # same price: nothing
        template.write({"description": "酸甜"})
        history = self._history(template)
        self.assertEqual(
            [(h.old_price, h.new_price, h.reason) for h in history],
            [(0, 88, "create"), (88, 92, "change"), (92, 95, "change")],
        )
        self.assertEqual(history[1].user_id, self.editor, "who changed it")
        self.assertEqual(history[1].change, 4)
        self.assertAlmostEqual(history[1].change_percent, 4 / 88 * 100)
        self.assertEqual(history[1].category_id, template.fuxi_category_id)

    def test_form(self):
        template = self.pork.product_tmpl_id
        template.fuxi_category_id = self.env["fuxi.dish.category"].create({"name": "测试热菜"})
        form = Form(
            template.with_user(self.editor),
            view="fuxi_knowledge.product_template_view_form_dish",
        )
        form.list_price = 72
        form.save()
        self.assertEqual(self._changes(template)[-1], (68, 72, "change"))

    def test_becoming_a_dish_records_its_price(self):
        template = self.env["product.template"].create({"name": "桂花糕", "list_price": 18})
        template.write({"is_fuxi_dish": True})
        self.assertEqual(self._changes(template), [(0, 18, "change")])

    def test_import_through_load_and_base_import(self):
        result = self.env["product.template"].load(
            ["name", "is_fuxi_dish", "list_price"], [["片儿川", "1", "28"]]
        )
        self.assertFalse(result["messages"], result["messages"])
        created = self.env["product.template"].browse(result["ids"])
        self.assertEqual(self._changes(created), [(0, 28, "import")])
        # a price list re-imported onto existing dishes (xml ids)
        self.env["product.template"].load(
            [".id", "list_price"], [[str(self.shrimp.product_tmpl_id.id), "138"]]
        )
        self.assertEqual(self._changes(self.shrimp.product_tmpl_id)[-1], (128, 138, "import"))
        # the spreadsheet import of the web client
        book = openpyxl.Workbook()
        book.active.append(["Name", "Dish or Drink", "Sales Price"])
        book.active.append(["猫耳朵", "1", "22"])
        buffer = io.BytesIO()
        book.save(buffer)
        wizard = (
            self.env["base_import.import"]
            .with_user(self.editor)
            .create(
                {
                    "res_model": "product.template",
                    "file": buffer.getvalue(),
                    "file_type": XLSX,
                }
            )
        )
        result = wizard.execute_import(
            ["name", "is_fuxi_dish", "list_price"],
            ["Name", "Dish or Drink", "Sales Price"],
            {"has_headers": True},
        )
        self.assertFalse(result["messages"], result["messages"])
        imported = self.env["product.template"].browse(result["ids"])
        self.assertEqual(self._changes(imported), [(0, 22, "import")])
        self.assertEqual(self._history(imported).user_id, self.editor)

    def test_price_at_the_time_of_a_past_visit(self):
        """A visit keeps the price it was charged; the history tells the price then."""
        visit = self._visit(self.zhou, "2021-03-01 12:00", [(self.fish, 1)])
        History = self.env["fuxi.price.history"]
        History.search(
            [("product_tmpl_id", "=", self.fish.product_tmpl_id.id)]
        ).date = "2021-01-01 00:00:00"
        self.fish.product_tmpl_id.list_price = 99
        self.assertEqual(visit.line_ids.price_unit, 88)
        self.assertEqual(visit.amount_total, 88)
        at = History._fuxi_price_at(self.fish.product_tmpl_id.ids, visit.date)
        self.assertEqual(at, {self.fish.product_tmpl_id.id: 88})

    def test_trend_month_by_month_and_per_category(self):
        category = self.env["fuxi.dish.category"].create({"name": "测试汤羹"})
        soup = self.env["product.template"].create(
            {
                "name": "测试鱼汤",
                "list_price": 50,
                "is_fuxi_dish": True,
                "fuxi_category_id": category.id,
            }
        )
        broth = self.env["product.template"].create(
            {
                "name": "测试鸡汤",
                "list_price": 30,
                "is_fuxi_dish": True,
                "fuxi_category_id": category.id,
            }
        )
        self._history(soup).date = "2024-01-15 02:00:00"
        self._history(broth).date = "2024-02-01 02:00:00"
        History = self.env["fuxi.price.history"]
        History.create(
            {
                "product_tmpl_id": soup.id,
                "date": "2024-03-10 02:00:00",
                "old_price": 50,
                "new_price": 60,
            }
        )
        Trend = self.env["fuxi.price.trend"].with_user(self.viewer)
        rows = Trend.search([("product_tmpl_id", "=", soup.id), ("month", "<=", "2024-04-01")])
        self.assertEqual(
            [(str(r.month), r.price) for r in rows.sorted("month")],
            [("2024-01-01", 50), ("2024-02-01", 50), ("2024-03-01", 60), ("2024-04-01", 60)],
        )
        averages = dict(
            (month, price)
            for month, price in Trend._read_group(
                [("category_id", "=", category.id), ("month", "<", "2024-04-01")],
                ["month:month"],
                ["price:avg"],
            )
        )
        # January: 鱼汤 only; February: (50 + 30) / 2; March: (60 + 30) / 2
        self.assertEqual(list(averages.values()), [50, 40, 45])
        action = soup.action_fuxi_price_trend()
        self.assertEqual(action["domain"], [("product_tmpl_id", "=", soup.id)])
        self.assertTrue(action["view_mode"].startswith("graph"))

    def test_history_company_rule(self):
        branch = self.env["res.company"].create({"name": "分店"})
        local = self.env["product.template"].create(
            {"name": "分店特色菜", "list_price": 66, "is_fuxi_dish": True, "company_id": branch.id}
        )
        self.assertEqual(self._history(local).company_id, branch)
        History = self.env["fuxi.price.history"].with_user(self.viewer)
        self.assertFalse(History.search([("product_tmpl_id", "=", local.id)]))
        self.assertTrue(History.search([("product_tmpl_id", "=", self.fish.product_tmpl_id.id)]))

    def test_demo_history_ends_at_todays_price(self):
        templates = self.fish.product_tmpl_id | self.pork.product_tmpl_id
        History = self.env["fuxi.price.history"]
        History._fuxi_create_demo_history()
        year_ago = fields.Datetime.now() - timedelta(days=365)
        for template in templates:
            history = self._history(template)
            self.assertGreaterEqual(len(history), 3, "an opening price and a rise a year")
            self.assertEqual(history[-1].new_price, template.list_price)
            self.assertEqual(history[0].reason, "opening")
            self.assertGreater((history[-1].date - history[0].date).days, 365)
            self.assertLess(history[-1].date, year_ago, "the last year's visits: today's price")
            self.assertEqual(history[1:].mapped("old_price"), history[:-1].mapped("new_price"))
            self.assertTrue(all(h.change > 0 for h in history[1:]), "rises")
