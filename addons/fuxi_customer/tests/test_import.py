import io

import openpyxl

from odoo.tools.safe_eval import safe_eval

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


class TestImportFromCustomerList(FuxiCustomerCase):
    """An import started from the customer list: the customer flag is the action's default,
    not a column of the file."""

    def _import(self, rows, fields, lang="en_US"):
        action = self.env.ref("fuxi_customer.res_partner_action_customer")
        book = openpyxl.Workbook()
        sheet = book.active
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        wizard = (
            self.env["base_import.import"]
            .with_user(self.manager)
            .with_context(**safe_eval(action.context), lang=lang)
            .create(
                {
                    "res_model": "res.partner",
                    "file": buffer.getvalue(),
                    "file_type": "application/vnd.openxmlformats-officedocument"
                    ".spreadsheetml.sheet",
                }
            )
        )
        return wizard.execute_import(fields, rows[0], {"has_headers": True})

    def test_every_imported_guest_gets_a_code(self):
        rows = [["Name", "Mobile", "Customer Code"]]
        rows += [[f"导入客人{n}", f"1390000{n:04d}", ""] for n in range(40)]
        rows.append(["自带代码客人", "13911112222", "CARD-0001"])
        result = self._import(rows, ["name", "mobile", "ref"])
        self.assertFalse(result["messages"], result["messages"])
        partners = self.env["res.partner"].browse(result["ids"])
        self.assertEqual(len(partners), 41)
        self.assertTrue(all(partners.mapped("is_fuxi_customer")))
        self.assertTrue(all(partners.mapped("ref")), "every imported guest has a code")
        self.assertEqual(len(set(partners.mapped("ref"))), 41)
        self.assertIn("CARD-0001", partners.mapped("ref"))

    def test_code_column_named_as_on_the_screens(self):
        Import = self.env["base_import.import"].with_context(lang="zh_CN")
        ref = next(f for f in Import.get_fields_tree("res.partner") if f["id"] == "ref")
        self.assertEqual(ref["string"], "客户代码")
        # a file with the screens' column name maps by itself
        result = self._import(
            [["名称", "客户代码"], ["中文表头客人", "ZH-0001"]], ["name", "ref"], lang="zh_CN"
        )
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(self.env["res.partner"].browse(result["ids"]).ref, "ZH-0001")

    def test_duplicate_code_names_the_row_and_the_code(self):
        self._customer("已有客人", ref="DUP-0001")
        rows = [["Name", "Customer Code"]]
        rows += [[f"重复测试{n}", f"OK-{n:04d}"] for n in range(5)]
        rows.append(["撞号客人", "DUP-0001"])
        result = self._import(rows, ["name", "ref"])
        self.assertFalse(result["ids"], "nothing is imported")
        errors = [m for m in result["messages"] if m["type"] == "error"]
        self.assertEqual(len(errors), 1, errors)
        self.assertIn("DUP-0001", errors[0]["message"])
        self.assertIn("已有客人", errors[0]["message"])
        # the 6th row under the header (base_import counts them from 0)
        self.assertEqual(errors[0]["rows"]["from"], 5)
