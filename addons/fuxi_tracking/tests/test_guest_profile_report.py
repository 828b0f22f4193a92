import shutil

from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from odoo.addons.fuxi_customer.tests.common import pdf_text_and_pages

from .common import FuxiTrackingCase


class TestGuestProfileReport(FuxiTrackingCase):
    """The printed guest profile: card, customer value, a line per year, the last visits and
    the coming bookings, in the reader's language, over the visits they may read."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.viewer_zh = new_test_user(
            cls.env,
            "tr_viewer_zh",
            groups="fuxi_tracking.group_fuxi_tracking_viewer",
            tz="Asia/Shanghai",
            lang="zh_CN",
        )
        cls.zhou.write({"mobile": "13900001111", "ref": "GP0001"})
        cls._visit(cls.zhou, "2025-12-31 23:30", [(cls.fish, 1)], guest_count=2)  # 88
        cls._visit(cls.zhou, "2026-01-01 00:30", [(cls.pork, 2)], guest_count=3)  # 136
        cls._visit(cls.zhou, "2026-03-08 12:00", [(cls.shrimp, 1), (cls.wine, 2)], guest_count=4)
        branch = cls.env["res.company"].create({"name": "伏羲二店"})
        cls._visit(cls.zhou, "2026-03-09 12:00", [(cls.fish, 9)], company_id=branch.id)

    def _pdf_text(self, user):
        if not shutil.which("pdftotext"):
            self.fail("poppler-utils missing (scripts/fuxi setup installs it)")
        pdf, _ = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(lang=user.lang, tz=user.tz, force_report_rendering=True)
            ._render_qweb_pdf("fuxi_tracking.action_report_guest_profile", self.zhou.ids)
        )
        return pdf_text_and_pages(pdf)[0]

    def test_yearly_summary_in_local_years(self):
        Report = self.env["report.fuxi_tracking.report_guest_profile"].with_user(self.viewer)
        # 2025-12-31 23:30 and 2026-01-01 00:30 in Shanghai: one visit in each year; the
        # branch's visit is not the viewer's to see
        self.assertEqual(
            [tuple(row) for row in Report._yearly_summary(self.zhou)],
            [(2026, 2, 7, 136.0 + 128 + 116), (2025, 1, 2, 88.0)],
        )

    def test_pdf_text_in_chinese(self):
        text = self._pdf_text(self.viewer_zh)
        for expected in (
            "客人档案",
            "周文华",
            "GP0001",
            "13900001111",
            "消费概况",
            "龙井虾仁 ×1",
            "2025",
            "2026",
        ):
            self.assertIn(expected, text)
        self.assertIn("380.00", text)  # 2026: 136 + 128 + 116
        self.assertNotIn("×9", text, "another store's visit")

    def test_needs_tracking_rights(self):
        outsider = new_test_user(self.env, "tr_outsider", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.env["report.fuxi_tracking.report_guest_profile"].with_user(
                outsider
            )._get_report_values(self.zhou.ids)
