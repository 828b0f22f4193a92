import json
import shutil
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time

from .common import FuxiDashboardCase

TODAY = date(2026, 6, 17)  # a Wednesday: the week so far is 15–17 June


@freeze_time("2026-06-17 04:00:00")  # 12:00 in Shanghai
class TestDashboard(FuxiDashboardCase):
    """Hand-computed figures of the week 15–17 June 2026 against 16–18 June 2025."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.branch = cls.env["res.company"].create({"name": "伏羲二店"})
        visit = cls._visit
        # this week: 526 in 4 visits of 10 guests (walk-in included)
        visit(cls.zhou, "2026-06-15 12:00", [(cls.fish, 2)], guest_count=4)  # 176
        visit(cls.sun, "2026-06-16 19:00", [(cls.pork, 1), (cls.wine, 2)], guest_count=2)  # 184
        visit(None, "2026-06-17 12:00", [(cls.tea, 1)], guest_count=1)  # 38, walk-in
        visit(cls.qian, "2026-06-17 23:30", [(cls.shrimp, 1)], guest_count=3)  # 128
        # outside: the next local day, the days before, another store
        visit(cls.zhou, "2026-06-18 00:30", [(cls.shrimp, 5)], guest_count=9)
        visit(cls.qian, "2026-06-14 23:30", [(cls.pork, 3), (cls.fish, 1)], guest_count=2)  # 292
        visit(
            cls.sun, "2026-06-16 12:00", [(cls.fish, 9)], guest_count=99, company_id=cls.branch.id
        )
        # last year, the same weekdays: 88, 2 guests
        visit(cls.zhou, "2025-06-16 12:00", [(cls.fish, 1)], guest_count=2)
        category = cls.env.ref("fuxi_service.complaint_category_speed")
        cls.env["fuxi.complaint"].create(
            {
                "partner_id": cls.sun.id,
                "date": "2026-06-16 12:00:00",
                "category_id": category.id,
                "object_type": "dish",
                "product_id": cls.pork.id,
                "description": "上菜太慢",
            }
        )
        Reservation = cls.env["fuxi.reservation"]
        for start, state, size in (
            ("2026-06-18 10:00:00", "booked", 6),
            ("2026-06-19 10:00:00", "cancelled", 8),
            ("2026-06-30 10:00:00", "booked", 4),
        ):
            Reservation.create(
                {
                    "subject": "生日宴",
                    "partner_id": cls.zhou.id,
                    "start": start,
                    "party_size": size,
                    "state": state,
                }
            )

    def _data(self, user=None, period="week"):
        Dashboard = self.env["fuxi.analytics.dashboard"].with_user(user or self.manager)
        return Dashboard._dashboard_data(period, TODAY)

    def test_week_figures(self):
        data = self._data()
        self.assertEqual(data["dates"]["current"], ["2026-06-15", "2026-06-17"])
        self.assertEqual(data["dates"]["last_year"], ["2025-06-16", "2025-06-18"])
        self.assertEqual(data["dates"]["previous"], ["2026-06-12", "2026-06-14"])
        self.assertEqual(
            data["current"],
            {"visits": 4, "covers": 10, "revenue": 526.0, "average_per_guest": 52.6, "guests": 3},
        )
        self.assertEqual(data["last_year"]["revenue"], 88.0)
        self.assertEqual(data["last_year"]["covers"], 2)
        # Sun comes for the first time; Zhou (last year) and Qian (Sunday) come back
        self.assertEqual(data["guests"]["current"], {"new": 1, "returning": 2})
        self.assertEqual(data["guests"]["last_year"], {"new": 1, "returning": 0})
        # see the README: Zhou general retention → general win-back, Sun none → general
        # development, Qian stays important value
        self.assertEqual(data["segments"]["up"], 1)
        self.assertEqual(data["segments"]["down"], 1)
        self.assertEqual(len(data["segments"]["moves"]), 2)
        # a tracking manager without service rights sees no complaint rate
        self.assertFalse(data["complaints"]["current"])
        data_zh = self._data(self.manager_zh)
        self.assertEqual(data_zh["complaints"]["current"], {"count": 1, "per_100_visits": 25.0})
        self.assertEqual(
            data_zh["segments"], data["segments"] | {"moves": data_zh["segments"]["moves"]}
        )
        top = [(d["name"], d["quantity"], d["last_year"]) for d in data["dishes"]["top"]]
        self.assertEqual(
            top,
            [
                ("西湖醋鱼", 2, 1),
                ("绍兴黄酒", 2, 0),
                ("龙井虾仁", 1, 0),
                ("东坡肉", 1, 0),
                ("龙井茶", 1, 0),
            ],
        )
        falling = [(d["name"], d["before"], d["now"]) for d in data["dishes"]["falling"]]
        self.assertEqual(falling, [("东坡肉", 3, 1)])
        self.assertEqual(data["reservations"]["count"], 1)
        self.assertEqual(data["reservations"]["guests"], 6)
        self.assertEqual(data["reservations"]["next"][0]["start"], "06-18 18:00")
        json.dumps(data)  # an RPC answer: plain values

    def test_month_and_companies(self):
        data = self._data(period="month")
        self.assertEqual(data["dates"]["current"], ["2026-06-01", "2026-06-17"])
        self.assertEqual(data["dates"]["last_year"], ["2025-06-01", "2025-06-17"])
        self.assertEqual(data["current"]["revenue"], 526.0 + 292.0)
        both = self.env["res.users"].create(
            {
                "name": "两店经理",
                "login": "an_both",
                "company_id": self.env.company.id,
                "company_ids": [(6, 0, (self.env.company | self.branch).ids)],
                "groups_id": [
                    (6, 0, [self.env.ref("fuxi_tracking.group_fuxi_tracking_viewer").id])
                ],
            }
        )
        Dashboard = self.env["fuxi.analytics.dashboard"].with_user(both)
        one = Dashboard.with_context(allowed_company_ids=self.env.company.ids)._dashboard_data(
            "week", TODAY
        )
        self.assertEqual(one["current"]["covers"], 10, "only the current company")
        two = Dashboard.with_context(
            allowed_company_ids=(self.env.company | self.branch).ids
        )._dashboard_data("week", TODAY)
        self.assertEqual(two["current"]["covers"], 109)
        # without service rights there is no complaint rate (and no error)
        self.assertFalse(two["complaints"]["current"])

    def test_equal_to_the_reports(self):
        """The dashboard's revenue is the customer spend ranking's total plus the walk-ins',
        its dish quantities the lines', and its PDF prints the same figures."""
        data = self._data()
        ranking = (
            self.env["fuxi.ranking"]
            .with_user(self.manager)
            .create(
                {
                    "ranking": "customer_spend",
                    "period": "custom",
                    "date_from": "2026-06-15",
                    "date_to": "2026-06-17",
                }
            )
        )
        ranking.action_compute()
        walk_ins = sum(
            self.env["fuxi.consumption"]
            .search(
                [
                    ("is_walk_in", "=", True),
                    ("date", ">=", "2026-06-14 16:00:00"),
                    ("date", "<", "2026-06-17 16:00:00"),
                ]
            )
            .mapped("amount_total")
        )
        self.assertEqual(data["current"]["revenue"], ranking.total_amount + walk_ins)
        self.assertEqual(data["current"]["visits"], sum(ranking.line_ids.mapped("visits")) + 1)
        groups = dict(
            (product.name, qty)
            for product, qty in self.env["fuxi.consumption.line"]._read_group(
                [
                    ("date", ">=", "2026-06-14 16:00:00"),
                    ("date", "<", "2026-06-17 16:00:00"),
                    ("consumption_id.company_id", "=", self.env.company.id),
                ],
                ["product_id"],
                ["quantity:sum"],
            )
        )
        for dish in data["dishes"]["top"]:
            self.assertEqual(dish["quantity"], groups[dish["name"]])
        if not shutil.which("pdftotext"):
            self.fail("poppler-utils missing (scripts/fuxi setup installs it)")
        from odoo.addons.fuxi_customer.tests.common import pdf_text_and_pages

        report = (
            self.env["ir.actions.report"]
            .with_user(self.manager_zh)
            .with_context(lang="zh_CN", tz="Asia/Shanghai", force_report_rendering=True)
        )
        pdf, _ = report._render_qweb_pdf(
            "fuxi_analytics.action_report_dashboard", data={"period": "week", "today": "2026-06-17"}
        )
        text, _pages = pdf_text_and_pages(pdf)
        self.assertIn("经营看板", text)
        self.assertIn("营业额", text)
        self.assertIn("526.00", text)
        self.assertIn("52.60", text)
        self.assertIn("西湖醋鱼", text)
        self.assertIn("2026-06-15 ~ 2026-06-17", text)
        # the segment moves too (their labels are translated: a query of their own)
        self.assertRegex(text, r"上升\D*1\D*下降\D*1")

    def test_refusals(self):
        with self.assertRaisesRegex(UserError, "a week or a month"):
            self.env["fuxi.analytics.dashboard"].get_dashboard("year")
        outsider = self.env["res.users"].create({"name": "外人", "login": "an_dash_outsider"})
        with self.assertRaises(AccessError):
            self.env["fuxi.analytics.dashboard"].with_user(outsider).get_dashboard("week")
        action = self.env["fuxi.analytics.dashboard"].with_user(self.manager).action_print("month")
        self.assertEqual(action["data"], {"period": "month"})
