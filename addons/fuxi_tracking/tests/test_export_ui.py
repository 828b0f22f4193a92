import io
import json

import openpyxl

from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestRankingExport(HttpCase):
    """The spend ranking exports to Excel through the web client's export route (tracking
    managers have Odoo's export right)."""

    def test_export_ranking_to_xlsx(self):
        manager = new_test_user(
            self.env,
            "tr_export",
            groups="fuxi_tracking.group_fuxi_tracking_manager",
            tz="Asia/Shanghai",
        )
        dish = self.env["product.product"].create(
            {"name": "叫化童鸡", "list_price": 168.0, "is_fuxi_dish": True, "fuxi_kind": "dish"}
        )
        Partner = self.env["res.partner"]
        big = Partner.create({"name": "导出大客户", "is_fuxi_customer": True})
        small = Partner.create({"name": "导出小客户", "is_fuxi_customer": True})
        for partner, qty in ((big, 3), (small, 1)):
            self.env["fuxi.consumption"].create(
                {
                    "partner_id": partner.id,
                    "date": "2021-03-10 04:00:00",
                    "line_ids": [(0, 0, {"product_id": dish.id, "quantity": qty})],
                }
            )
        ranking = (
            self.env["fuxi.ranking"]
            .with_user(manager)
            .create(
                {
                    "ranking": "customer_spend",
                    "period": "custom",
                    "date_from": "2021-03-01",
                    "date_to": "2021-03-31",
                }
            )
        )
        ranking.action_compute()
        rows = ranking.line_ids.filtered(lambda r: r.partner_id in big | small).sorted("rank")
        self.authenticate("tr_export", "tr_export")
        response = self.url_open(
            "/web/export/xlsx",
            data={
                "data": json.dumps(
                    {
                        "model": "fuxi.ranking.line",
                        "fields": [
                            {"name": "rank", "label": "名次", "type": "integer"},
                            {"name": "partner_id", "label": "客户", "type": "many2one"},
                            {"name": "amount", "label": "金额", "type": "monetary"},
                        ],
                        "ids": rows.ids,
                        "domain": [],
                        "import_compat": False,
                    }
                ),
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        self.assertEqual(response.status_code, 200, response.text[-800:])
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        values = [[cell.value for cell in row] for row in sheet.iter_rows()]
        self.assertEqual(values[0], ["名次", "客户", "金额"])
        self.assertEqual(
            [row[1:] for row in values[1:]], [["导出大客户", 504], ["导出小客户", 168]]
        )
        self.assertLess(values[1][0], values[2][0])
