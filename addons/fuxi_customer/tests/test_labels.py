import re
import shutil
import subprocess
import tempfile
from collections import defaultdict
from pathlib import Path

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import config, mute_logger

from .common import FuxiCustomerCase, pdf_text_and_pages

SURNAMES = "黄赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
GIVEN = ["晓明", "丽华", "国强", "文静", "海峰", "梦琪", "志远", "雪梅", "东升", "慧敏"]
ZIP_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">(3100\d\d)</word>'
)


def zip_positions(pdf):
    """Where each label's postcode is printed: {page: [(x, y), ...]} in PDF points."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "labels.pdf")
        path.write_bytes(pdf)
        html = subprocess.run(
            ["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True, text=True
        ).stdout
    positions = defaultdict(list)
    for number, page in enumerate(html.split("<page ")[1:], 1):
        for x, y, _zip in ZIP_WORD.findall(page):
            positions[number].append((round(float(x)), round(float(y))))
    return positions


def columns_per_row(points):
    """{row y: number of distinct x positions} (a label is a few points off at most)."""
    rows = defaultdict(set)
    for x, y in points:
        rows[round(y / 10)].add(round(x / 10))
    return {y: len(xs) for y, xs in rows.items()}


@tagged("post_install", "-at_install")
class TestAddressLabels(FuxiCustomerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not shutil.which("pdftotext") or not shutil.which("wkhtmltopdf"):
            raise RuntimeError("wkhtmltopdf and poppler-utils are needed (scripts/fuxi setup)")
        cls.zhejiang = cls.env.ref("base.state_cn_ZJ")
        cls.china = cls.env.ref("base.cn")
        cls.partners = cls.env["res.partner"]
        for index in range(30):
            name = SURNAMES[index] + GIVEN[index % len(GIVEN)]
            cls.partners |= cls._customer(
                name,
                street=f"西湖区文三路{100 + index}号",
                city="杭州市",
                zip=f"3100{index:02d}",
                state_id=cls.zhejiang.id,
                country_id=cls.china.id,
            )
        cls.no_address = cls._customer("韩雪", mobile="18605710012")
        # wkhtmltopdf loads the report's CSS (Bootstrap, the layout) from this server, as
        # it does in production: without it a layout defect would not show
        cls.env["ir.config_parameter"].sudo().set_param(
            "report.url", f"http://127.0.0.1:{config['http_port']}"
        )
        cls.sheet_3x8 = cls.env.ref("fuxi_customer.paperformat_label_a4_3x8")
        cls.sheet_2x7 = cls.env.ref("fuxi_customer.paperformat_label_a4_2x7")

    def _wizard(self, partners, sheet):
        action = self.env["res.partner"]._fuxi_label_wizard_action(partners, sheet)
        return self.env[action["res_model"]].with_context(**action["context"]).create({})

    def _print_pdf(self, wizard):
        # discard_logo_check: an admin would first be asked to set up the company layout
        action = wizard.with_context(discard_logo_check=True).print_report()
        report = self.env["ir.actions.report"]._get_report(action["report_name"])
        pdf, _kind = report.with_context(
            force_report_rendering=True, **action["context"]
        )._render_qweb_pdf(report.report_name, res_ids=wizard.ids, data=action["data"])
        return pdf

    def _print(self, wizard):
        return pdf_text_and_pages(self._print_pdf(wizard))

    def test_full_rows_3x8(self):
        wizard = self._wizard(self.partners, self.sheet_3x8)
        wizard.line_ids.quantity = 2  # 60 labels: 24 + 24 + 12
        positions = zip_positions(self._print_pdf(wizard))
        self.assertEqual(len(positions), 3, "60 labels on 3 sheets of 24")
        self.assertEqual(sum(len(points) for points in positions.values()), 60)
        first = columns_per_row(positions[1])
        self.assertEqual(len(first), 8, "8 rows on a full sheet")
        self.assertEqual(set(first.values()), {3}, "three labels in every row")
        self.assertEqual(len({x for x, _y in positions[1]}), 3, "three columns")

    def test_full_rows_2x7(self):
        wizard = self._wizard(self.partners, self.sheet_2x7)  # 30 labels: 14 + 14 + 2
        positions = zip_positions(self._print_pdf(wizard))
        self.assertEqual(len(positions), 3, "30 labels on 3 sheets of 14")
        first = columns_per_row(positions[1])
        self.assertEqual(len(first), 7, "7 rows on a full sheet")
        self.assertEqual(set(first.values()), {2}, "two labels in every row")

    def test_municipality_printed_once(self):
        # a municipality as Chinese staff enter it: province 上海市, city 上海市
        shanghai = self.env["res.country.state"].create(
            {"name": "上海市", "code": "FXSH", "country_id": self.china.id}
        )
        guest = self._customer(
            "沪上客", street="黄浦区南京东路1号", city="上海市", state_id=shanghai.id
        )
        self.assertEqual(guest._fuxi_label_address_lines()[0], "上海市")
        guest.city = "上海"
        self.assertEqual(guest._fuxi_label_address_lines()[0], "上海市")
        # a city of a province is still printed after it
        guest.write({"state_id": self.zhejiang.id, "city": "杭州市"})
        self.assertEqual(guest._fuxi_label_address_lines()[0], f"{self.zhejiang.name}杭州市")

    def test_batch_labels_3x8(self):
        wizard = self._wizard(self.partners, self.sheet_3x8)
        self.assertEqual(len(wizard.line_ids), 30)
        text, pages = self._print(wizard)
        compact = text.replace(" ", "")
        for partner in self.partners:
            self.assertIn(partner.name, compact)
            self.assertIn(partner.zip, compact)
        self.assertIn("西湖区文三路129号", compact)
        self.assertEqual(pages, 2, "30 labels on 24-label sheets")

    def test_batch_labels_2x7(self):
        wizard = self._wizard(self.partners, self.sheet_2x7)
        text, pages = self._print(wizard)
        compact = text.replace(" ", "")
        for partner in self.partners:
            self.assertIn(partner.name, compact)
        self.assertEqual(pages, 3, "30 labels on 14-label sheets")

    def test_single_label_and_sheet_change(self):
        wizard = self._wizard(self.partners[:1], self.sheet_3x8)
        wizard.label_paperformat_id = self.sheet_2x7
        text, pages = self._print(wizard)
        self.assertIn(self.partners[0].name, text.replace(" ", ""))
        self.assertEqual(pages, 1)

    def test_partner_without_address_is_named(self):
        wizard = self._wizard(self.partners[:3] | self.no_address, self.sheet_3x8)
        self.assertEqual(wizard.fuxi_missing_address, "韩雪")
        with self.assertRaises(UserError) as caught:
            wizard.print_report()
        self.assertIn("韩雪", str(caught.exception))
        # removing the guest from the list lets the others print
        wizard.line_ids.filtered(lambda line: line.res_id == self.no_address.id).unlink()
        self.assertFalse(wizard.fuxi_missing_address)
        _text, pages = self._print(wizard)
        self.assertEqual(pages, 1)

    def test_server_action_opens_wizard(self):
        action = self.env.ref("fuxi_customer.action_print_partner_address_labels")
        result = action.with_context(
            active_model="res.partner", active_ids=self.partners[:5].ids
        ).run()
        self.assertEqual(result["res_model"], "report.label.wizard")
        wizard = self.env["report.label.wizard"].with_context(**result["context"]).create({})
        self.assertEqual(sorted(wizard.line_ids.mapped("res_id")), sorted(self.partners[:5].ids))

    @mute_logger("odoo.models.unlink")
    def test_occasion_labels_wizard(self):
        self.partners[0].birthdate_date = "1980-01-20"
        self.env["fuxi.partner.date"].create(
            {"partner_id": self.partners[1].id, "kind": "wedding", "date": "2005-01-25"}
        )
        self.partners[2].birthdate_date = "1990-03-01"  # outside the window
        with freeze_time("2027-01-15"):
            wizard = self.env["fuxi.occasion.label.wizard"].create({"days": 30})
            self.assertEqual(wizard.partner_ids & self.partners, self.partners[:2])
            action = wizard.action_open_labels()
            labels = self.env["report.label.wizard"].with_context(**action["context"]).create({})
            self.assertEqual(set(labels.line_ids.mapped("res_id")), set(wizard.partner_ids.ids))
            wizard.customer_class_ids = self.class_vip
            self.assertFalse(wizard.partner_ids & self.partners, "test guests are regulars")
            empty_class = self.env["fuxi.customer.class"].create({"name": "无人类别"})
            wizard.write({"days": 3, "customer_class_ids": [(6, 0, empty_class.ids)]})
            self.assertFalse(wizard.partner_ids)
            with self.assertRaises(UserError):
                wizard.action_open_labels()
            wizard.days = -1
            with self.assertRaises(UserError):
                wizard.action_open_labels()
