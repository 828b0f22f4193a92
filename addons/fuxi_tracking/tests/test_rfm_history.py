from datetime import date, timedelta

from odoo.exceptions import AccessError

from .common import FuxiTrackingCase


class TestHistory(FuxiTrackingCase):
    def test_summary_figures_and_favourites(self):
        self._visit(self.zhou, "2026-03-01 12:00", [(self.fish, 2), (self.wine, 3)])
        self._visit(self.zhou, "2026-03-05 12:00", [(self.fish, 2), (self.pork, 1)])
        last = self._visit(self.zhou, "2026-03-09 19:00", [(self.tea, 1)])
        self.zhou.invalidate_recordset()
        self.assertEqual(self.zhou.visit_count, 3)
        self.assertEqual(self.zhou.total_spend, 176 + 174 + 176 + 68 + 38)
        self.assertAlmostEqual(self.zhou.average_spend, (176 + 174 + 176 + 68 + 38) / 3, places=2)
        self.assertEqual(self.zhou.last_visit, last.date)
        self.assertTrue(self.zhou.favourite_dishes.startswith("西湖醋鱼 ×4、绍兴黄酒 ×3"))
        self.assertEqual(self.sun.visit_count, 0)
        self.assertFalse(self.sun.favourite_dishes)
        action = self.zhou.action_view_consumptions()
        self.assertEqual(self.env["fuxi.consumption"].search_count(action["domain"]), 3)
        lines = self.zhou.action_view_consumption_lines()
        self.assertEqual(self.env["fuxi.consumption.line"].search_count(lines["domain"]), 5)

    def test_summary_query_count_does_not_grow_with_visits(self):
        for day in range(1, 4):
            self._visit(self.sun, f"2026-03-{day:02d} 12:00", [(self.fish, 1)])
        for day in range(1, 29):
            self._visit(self.qian, f"2026-03-{day:02d} 12:00", [(self.fish, 1), (self.tea, 1)])
        self.env["fuxi.consumption"].flush_model()

        def queries(partners):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            partners.mapped("favourite_dishes")
            return self.env.cr.sql_log_count - before

        queries(self.sun)  # warm-up: company and currency caches
        few, many = queries(self.sun), queries(self.qian)
        self.assertEqual(few, many, "3 visits or 28: the same queries")
        self.assertLessEqual(many, 6)
        self.assertEqual(queries(self.zhou | self.sun | self.qian), many)


class TestCustomerValue(FuxiTrackingCase):
    """Eight constructed guests, one per segment: recency 5 or 200 days, 1 or 10 visits,
    spend 100 or 10,000. The averages (102.5 days, 5.5 visits, 5,050) split them evenly."""

    TODAY = date(2026, 6, 30)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.guests = {}
        for recent in (True, False):
            for frequent in (True, False):
                for big in (True, False):
                    name = "RFM-" + "".join(
                        letter if flag else letter.lower()
                        for letter, flag in (("R", recent), ("F", frequent), ("M", big))
                    )
                    guest = Partner.create({"name": name, "is_fuxi_customer": True})
                    cls.guests[recent, frequent, big] = guest
                    visits = 10 if frequent else 1
                    first_day = 5 if recent else 200
                    spend = (10000 if big else 100) / visits
                    for offset in range(visits):
                        day = cls.TODAY - timedelta(days=first_day + offset)
                        cls._visit(guest, f"{day} 12:00", [(cls.fish, 1, spend)])
        cls.lapsed = Partner.create({"name": "RFM-lapsed", "is_fuxi_customer": True})
        cls._visit(cls.lapsed, "2024-01-01 12:00", [(cls.fish, 1)])

    def test_segments(self):
        expected = {
            (True, True, True): "important_value",
            (True, False, True): "important_develop",
            (False, True, True): "important_keep",
            (False, False, True): "important_win_back",
            (True, True, False): "general_value",
            (True, False, False): "general_develop",
            (False, True, False): "general_keep",
            (False, False, False): "general_win_back",
        }
        # other customers' visits (demo data) would move the averages: use only ours
        self.env["fuxi.consumption"].search(
            [("partner_id", "not in", [g.id for g in self.guests.values()] + [self.lapsed.id])]
        ).sudo().unlink()
        count = self.env["res.partner"]._compute_rfm(today=self.TODAY)
        self.assertEqual(count, 8)
        for key, guest in self.guests.items():
            self.assertEqual(guest.rfm_segment, expected[key], guest.name)
        top = self.guests[True, True, True]
        self.assertEqual((top.rfm_recency, top.rfm_frequency, top.rfm_monetary), (5, 10, 10000))
        self.assertEqual(top.rfm_date, self.TODAY)
        self.assertRegex(top.rfm_score, r"^R\d F\d M\d$")
        self.assertFalse(self.lapsed.rfm_segment, "no visit in the window")
        # usable as a filter
        important = self.env["res.partner"].search(
            [("rfm_segment", "=", "important_value"), ("name", "like", "RFM-")]
        )
        self.assertEqual(important, top)
        # a guest who stops coming loses the segment at the next computation
        self.env["res.partner"]._compute_rfm(today=self.TODAY + timedelta(days=400))
        self.assertFalse(top.rfm_segment)

    def test_on_demand_action_needs_manager(self):
        result = self.env["res.partner"].with_user(self.manager).action_compute_rfm()
        self.assertEqual(result["params"]["type"], "success")
        action = self.env.ref("fuxi_tracking.action_compute_rfm")
        self.assertIn(self.env.ref("fuxi_tracking.group_fuxi_tracking_manager"), action.groups_id)
        with self.assertRaises(AccessError):
            action.with_user(self.waiter).run()

    def test_window_setting_read_as_an_integer_setting(self):
        """fuxi_tracking.rfm_window_days goes through ir.config_parameter._fuxi_get_int:
        a value that is not a whole number is reported in the log and the default used."""
        Param = self.env["ir.config_parameter"].sudo()
        Partner = self.env["res.partner"]
        Param.set_param("fuxi_tracking.rfm_window_days", "90")
        self.assertEqual(Partner._rfm_window_days(), 90)
        Param.set_param("fuxi_tracking.rfm_window_days", "0")
        self.assertEqual(Partner._rfm_window_days(), 1)
        Param.set_param("fuxi_tracking.rfm_window_days", "一年")
        with self.assertLogs("odoo.addons.fuxi_customer", level="WARNING") as logs:
            self.assertEqual(Partner._rfm_window_days(), 365)
        self.assertIn("fuxi_tracking.rfm_window_days", logs.output[0])
