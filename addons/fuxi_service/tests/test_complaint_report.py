import shutil

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from odoo.addons.fuxi_customer.tests.common import pdf_text_and_pages

from .common import SERVICE_MANAGER, ServiceCase


class TestComplaintReport(ServiceCase):
    """The printed complaint: its details and its whole log (handling, transfers, urges,
    messages and tracked changes) by time, in the reader's language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.lead.write({"lang": "zh_CN", "tz": "Asia/Shanghai"})

    def _complaint_with_log(self):
        # tracked changes are part of the log: tracking on for this complaint
        Complaint = self.env["fuxi.complaint"].with_context(
            tracking_disable=False, mail_notrack=False
        )
        with freeze_time("2026-05-01 02:00:00"):
            complaint = Complaint.with_user(self.lead).create(
                {
                    "partner_id": self.guest.id,
                    "category_id": self.category.id,
                    "object_type": "dish",
                    "product_id": self.fish.id,
                    "description": "上菜太慢，等了四十分钟",
                    "responsible_department_id": self.kitchen.id,
                }
            )
        with freeze_time("2026-05-01 03:00:00"):
            complaint.with_user(self.lead).action_transfer(
                to_department_id=self.hall.id, reason="前厅跟进上菜顺序"
            )
        with freeze_time("2026-05-01 04:00:00"):
            complaint.with_user(self.lead).action_urge(note="请尽快答复客人")
        with freeze_time("2026-05-01 05:00:00"):
            complaint.with_user(self.lead).handling_ids = [
                (0, 0, {"action": "赠送甜品并致歉", "result": "客人接受"})
            ]
        return complaint

    def test_log_in_order(self):
        complaint = self._complaint_with_log()
        Report = self.env["report.fuxi_service.report_complaint"].with_user(self.lead)
        log = Report.with_context(lang="zh_CN")._complaint_log(complaint)
        texts = [entry["text"] for entry in log]
        kinds = [entry["kind"] for entry in log]
        position = {
            needle: next(i for i, text in enumerate(texts) if needle in text)
            for needle in ("前厅跟进上菜顺序", "请尽快答复客人", "赠送甜品并致歉 → 客人接受")
        }
        self.assertLess(position["前厅跟进上菜顺序"], position["请尽快答复客人"])
        self.assertLess(position["请尽快答复客人"], position["赠送甜品并致歉 → 客人接受"])
        self.assertIn("移交", kinds)
        self.assertIn("催办", kinds)
        self.assertIn("处理", kinds)
        self.assertEqual([entry["date"] for entry in log], sorted(entry["date"] for entry in log))

    def test_pdf_text_in_chinese(self):
        if not shutil.which("pdftotext"):
            self.fail("poppler-utils missing (scripts/fuxi setup installs it)")
        complaint = self._complaint_with_log()
        pdf, _ = (
            self.env["ir.actions.report"]
            .with_user(self.lead)
            .with_context(lang="zh_CN", tz="Asia/Shanghai", force_report_rendering=True)
            ._render_qweb_pdf("fuxi_service.action_report_complaint", complaint.ids)
        )
        text, _pages = pdf_text_and_pages(pdf)
        for expected in (
            complaint.name,
            "投诉测试客",
            "上菜太慢，等了四十分钟",
            "前厅跟进上菜顺序",
            "请尽快答复客人",
            "赠送甜品并致歉",
            "投诉处理记录",  # the log's heading in Chinese
            "2026-05-01 12:00",  # the urge at 04:00 UTC, in Shanghai time
        ):
            self.assertIn(expected, text)

    def test_only_readable_complaints(self):
        complaint = self._complaint_with_log()
        outsider = new_test_user(self.env, "sv_outsider", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.env["report.fuxi_service.report_complaint"].with_user(outsider)._get_report_values(
                complaint.ids
            )
        manager = new_test_user(self.env, "sv_report_manager", groups=SERVICE_MANAGER)
        values = (
            self.env["report.fuxi_service.report_complaint"]
            .with_user(manager)
            ._get_report_values(complaint.ids)
        )
        self.assertEqual(values["docs"], complaint)
