import io

import openpyxl

from .common import FuxiCustomerCase

HEADER = ["Name", "Restaurant Customer", "Reference", "Customer Class", "Region", "Mobile", "City"]
ROWS = [
    ["黄晓明", "1", "IMP-001", "VIP", "测试市 / 东区", "13800000101", "杭州市"],
    ["赵丽华", "1", "", "Walk-in", "", "13800000102", "杭州市"],
    ["钱国强", "1", "IMP-003", "Regular", "测试市 / 西区", "13800000103", "上海市"],
]
FIELDS = ["name", "is_fuxi_customer", "ref", "customer_class_id", "region_id", "mobile", "city"]


class TestCustomerImport(FuxiCustomerCase):
    """Guests imported from a spreadsheet keep their code, or get one, and their class."""

    def _import(self, content, mimetype, options):
        wizard = (
            self.env["base_import.import"]
            .with_user(self.manager)
            .create({"res_model": "res.partner", "file": content, "file_type": mimetype})
        )
        return wizard.execute_import(FIELDS, HEADER, options)

    def _check(self, result):
        self.assertFalse(result["messages"], result["messages"])
        partners = self.env["res.partner"].browse(result["ids"])
        by_name = {p.name: p for p in partners}
        self.assertEqual(by_name["黄晓明"].ref, "IMP-001")
        self.assertEqual(by_name["黄晓明"].customer_class_id, self.class_vip)
        self.assertEqual(by_name["黄晓明"].region_id, self.region_a)
        self.assertTrue(by_name["赵丽华"].ref, "a code is given when the file has none")
        self.assertEqual(by_name["赵丽华"].customer_class_id, self.class_walk_in)
        self.assertEqual(by_name["钱国强"].region_id, self.region_b)
        self.assertTrue(all(p.is_fuxi_customer for p in partners))

    def test_import_csv(self):
        lines = [",".join(HEADER)] + [",".join(row) for row in ROWS]
        content = ("\n".join(lines) + "\n").encode("utf-8")
        result = self._import(
            content,
            "text/csv",
            {"quoting": '"', "separator": ",", "has_headers": True, "encoding": "utf-8"},
        )
        self._check(result)

    def test_import_xlsx(self):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(HEADER)
        for row in ROWS:
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        result = self._import(
            buffer.getvalue(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            {"has_headers": True},
        )
        self._check(result)

    def test_import_duplicate_code_reported(self):
        self._customer("已有客人", ref="IMP-001")
        lines = [",".join(HEADER)] + [",".join(ROWS[0])]
        result = self._import(
            ("\n".join(lines) + "\n").encode("utf-8"),
            "text/csv",
            {"quoting": '"', "separator": ",", "has_headers": True, "encoding": "utf-8"},
        )
        self.assertTrue(result["messages"])
        self.assertIn("IMP-001", str(result["messages"][0]["message"]))
        self.assertFalse(result["ids"])

    def test_export_keeps_code_column(self):
        partner = self._customer("导出客人", customer_class_id=self.class_vip.id)
        data = partner.export_data(["ref", "name", "customer_class_id"])["datas"]
        self.assertEqual(data, [[partner.ref, "导出客人", "VIP"]])
