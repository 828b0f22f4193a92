import shutil

from odoo.tests import tagged

from odoo.addons.fuxi_customer.tests.common import pdf_text_and_pages

from .common import CashierCase, uid


@tagged("post_install", "-at_install")
class TestReceiptAndDailyClose(CashierCase):
    """The 80 mm receipt and the daily close, as PDFs read back in Chinese."""

    def test_receipt_and_daily_close_pdfs(self):
        if not shutil.which("pdftotext"):
            self.fail("poppler-utils missing (scripts/fuxi setup installs it)")
        self.cashier.lang = "zh_CN"
        self._topup(self.vip, 1000)
        order = self._order([(self.fish, 2), (self.wine, 1)], self.vip)  # 287.00
        order.cashier_pay(self.stored.id, 100, client_id=uid())
        order.cashier_pay(self.cash.id, 187, tendered=200, client_id=uid())
        result = order.cashier_close()
        bill = self.env["fuxi.cashier.bill"].browse(result["bill"]["id"])
        Report = (
            self.env["ir.actions.report"]
            .with_user(self.cashier)
            .with_context(lang="zh_CN", tz="Asia/Shanghai", force_report_rendering=True)
        )
        pdf, _ = Report._render_qweb_pdf("fuxi_cashier.action_report_cashier_receipt", bill.ids)
        text, _pages = pdf_text_and_pages(pdf)
        for expected in (
            bill.name,
            "收银测试贵宾",
            "会员9折",
            "17.76",
            "287.00",
            "测试储值",
            "200.00",  # cash handed over
            "13.00",  # change
            "找零",
            "储值余额",
            "1,000.00",  # balance after the bill
            "积分余额",
            "118",  # 100 from the top-up, 18 from the bill
        ):
            self.assertIn(expected, text)
        day = self.env["fuxi.frontdesk.order"].with_user(self.manager).cashier_day_close()
        self.assertEqual(day["day"]["net"], 287.0)
        self.assertEqual(day["day"]["topups"]["amount"], 1000.0)
        day_record = self.env["fuxi.cashier.day"].search([], limit=1)
        pdf, _ = Report._render_qweb_pdf("fuxi_cashier.action_report_cashier_day", day_record.ids)
        text, _pages = pdf_text_and_pages(pdf)
        for expected in ("收市日结", "会员9折", "287.00", "1,000.00", "测试现金"):
            self.assertIn(expected, text)
