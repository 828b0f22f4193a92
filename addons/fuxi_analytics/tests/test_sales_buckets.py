import random
from datetime import date, timedelta
from unittest.mock import patch

from odoo.tools import SQL

from odoo.addons.fuxi_tracking.tests.common import utc

from .common import FuxiAnalyticsCase


class TestSalesBuckets(FuxiAnalyticsCase):
    """The daily sales buckets (fuxi_sales_day.py) stay equal to the visits through random
    visits, corrections and deletions (walk-ins, another store, local-midnight edges), and
    every figure read from them equals the visit-level query's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Buckets = cls.env["fuxi.sales.day"]
        cls.branch = cls.env["res.company"].create({"name": "伏羲测试二店"})
        cls.manager.write({"company_ids": [(4, cls.branch.id)]})
        cls.guests = cls.zhou | cls.sun | cls.qian | cls.li | cls.zhao
        cls.dishes = cls.fish | cls.pork | cls.shrimp | cls.wine | cls.tea
        cls.rng = random.Random(1616)
        # local days 2021-05-01 … 2021-05-14; times include the minutes around midnight
        cls.first_day = date(2021, 5, 1)
        cls.visits = cls.env["fuxi.consumption"]
        for _i in range(16):
            cls.visits |= cls._random_visit()

    @classmethod
    def _random_when(cls):
        day = cls.first_day + timedelta(days=cls.rng.randrange(14))
        clock = cls.rng.choice(["00:00", "00:01", "12:00", "19:30", "23:59", "07:59", "08:00"])
        return f"{day} {clock}"

    @classmethod
    def _random_visit(cls):
        rng = cls.rng
        partner = rng.choice([*cls.guests, False, False])
        lines = [
            (rng.choice(cls.dishes), rng.choice([1, 2, 3]), rng.choice([18.0, 38.5, 88.0]))
            for _i in range(rng.randint(1, 3))
        ]
        company = rng.choice([cls.env.company, cls.env.company, cls.branch])
        return cls._visit(
            partner,
            cls._random_when(),
            lines,
            guest_count=rng.randint(1, 8),
            company_id=company.id,
        )

    def _assert_exact(self, step):
        self.assertEqual(self.Buckets._fuxi_check(), [], f"buckets differ after {step}")

    def test_random_writes_corrections_deletions(self):
        self._assert_exact("creating the visits")
        rng = self.rng
        visits = self.visits.with_user(self.manager)
        for step in range(3):
            visit = rng.choice(visits.exists())
            visit.write({"guest_count": rng.randint(1, 9)})
            rng.choice(visits.exists()).partner_id = rng.choice([*self.guests, False])
            rng.choice(visits.exists()).date = utc(self._random_when())
            rng.choice(visits.exists()).company_id = rng.choice([self.env.company, self.branch])
            line = rng.choice(visits.exists().line_ids)
            line.write({"quantity": rng.choice([1, 4]), "discount": rng.choice([0, 10])})
            rng.choice(visits.exists().line_ids).product_id = rng.choice(self.dishes)
            rng.choice(visits.exists()).write(
                {"line_ids": [(0, 0, {"product_id": rng.choice(self.dishes).id, "quantity": 2})]}
            )
            target = rng.choice(visits.exists())
            if len(target.line_ids) > 1:
                target.line_ids[0].unlink()
            rng.choice(visits.exists()).unlink()
            self._assert_exact(f"corrections round {step}")
        # a guest deleted: their visits become walk-ins, the walk-ins' days follow
        guest = self.env["res.partner"].create({"name": "吴临时", "is_fuxi_customer": True})
        self._visit(guest, "2021-05-03 12:00", [(self.fish, 1)], guest_count=2)
        self._visit(guest, "2021-05-03 23:59", [(self.tea, 1)])
        guest.unlink()
        self._assert_exact("deleting a guest")
        # the nightly fold: one row per key, the same figures
        self.Buckets._fuxi_compact()
        self._assert_exact("folding")
        for table, key in (
            ("fuxi_sales_guest_day", "COALESCE(partner_id, 0), company_id, day"),
            ("fuxi_sales_day", "company_id, day"),
            ("fuxi_sales_dish_day", "product_id, company_id, day"),
        ):
            self.env.cr.execute(
                SQL(
                    "SELECT COUNT(*) FROM (SELECT 1 FROM %s GROUP BY %s HAVING COUNT(*) > 1) s",
                    SQL.identifier(table),
                    SQL(key),
                )
            )
            self.assertEqual(self.env.cr.fetchone()[0], 0, table)

    def test_two_desks_closing_at_once_do_not_wait(self):
        """Two transactions bringing this addon's buckets level with a walk-in visit each of
        the same store, day and dish at the same time: neither waits for the other nor fails,
        and both count. (The visits are written by SQL so that only these buckets are
        exercised: fuxi_tracking's month buckets are kept by their own upkeep.)"""
        registry = self.env.registry
        day = date(2021, 6, 1)
        when = utc("2021-06-01 12:00")
        # committed data only: the other transactions do not see this test's dishes
        dish = self.env["product.product"].search(
            [("is_fuxi_dish", "=", True)], order="id", limit=1
        )
        company = self.env.company.id
        created = []

        def write_visit(cr, number):
            cr.execute(
                """
                INSERT INTO fuxi_consumption (name, origin, state, company_id, date, guest_count,
                                              amount_total, amount_dishes, amount_drinks)
                VALUES (%s, 'manual', 'done', %s, %s, 2, 10, 10, 0) RETURNING id
                """,
                [f"AN3-TEST-{number}", company, when],
            )
            visit = cr.fetchone()[0]
            cr.execute(
                """
                INSERT INTO fuxi_consumption_line (consumption_id, product_id, kind, quantity,
                                                   price_unit, subtotal, date, sequence)
                VALUES (%s, %s, 'dish', 1, 10, 10, %s, 10)
                """,
                [visit, dish.id, when],
            )
            self.env(cr=cr)["fuxi.sales.day"]._fuxi_refresh(
                {(0, company, day)}, {(dish.id, company, day)}
            )
            return visit

        with registry.cursor() as cr:
            before = self.env(cr=cr)["fuxi.sales.forecast"]._daily_series(day, day)[0][0]
        try:
            with registry.cursor() as cr1, registry.cursor() as cr2:
                cr1.execute("SET LOCAL lock_timeout = '2s'")
                cr2.execute("SET LOCAL lock_timeout = '2s'")
                created.append(write_visit(cr1, 1))
                created.append(write_visit(cr2, 2))
                cr1.commit()
                cr2.commit()
            with registry.cursor() as cr:
                env = self.env(cr=cr)
                self.assertEqual(env["fuxi.sales.day"]._fuxi_check(), [])
                series = env["fuxi.sales.forecast"]._daily_series(day, day)
                self.assertEqual(series[0], [before + 4.0])
        finally:
            with registry.cursor() as cr:
                cr.execute("DELETE FROM fuxi_consumption WHERE id = ANY(%s)", [created])
                env = self.env(cr=cr)
                env["fuxi.sales.day"]._fuxi_refresh({(0, company, day)}, {(dish.id, company, day)})
                env["fuxi.sales.day"]._fuxi_compact()

    def _without_buckets(self):
        return patch.object(
            type(self.env["fuxi.sales.day"]), "_fuxi_bucket_condition", lambda *a, **k: None
        )

    def test_figures_equal_the_visit_level_queries(self):
        """Dashboard, forecast series and region statistics: from the buckets (checked to be
        used) and from the visits, for one store and for two."""
        Dashboard = self.env["fuxi.analytics.dashboard"].with_user(self.manager)
        Forecast = self.env["fuxi.sales.forecast"].with_user(self.manager)
        Statistic = self.env["fuxi.statistic"].with_user(self.manager)
        companies = [self.env.company.ids, (self.env.company | self.branch).ids]

        def figures(allowed):
            dashboards = [
                Dashboard.with_context(allowed_company_ids=allowed)._dashboard_data(
                    period, date(2021, 5, 12)
                )
                for period in ("week", "month")
            ]
            for data in dashboards:
                data.pop("reservations")  # from now on, not from the history
            series = Forecast.with_context(allowed_company_ids=allowed)._daily_series(
                date(2021, 4, 28), date(2021, 5, 16)
            )
            # edge days only, and a whole month (fuxi_tracking's customer buckets)
            regions = [
                Statistic.with_context(allowed_company_ids=allowed).get_statistic(
                    statistic, "2021-05-01", last, product_kind=kind
                )
                for statistic in ("region_city", "region_province")
                for kind in ("all", "drink")
                for last in ("2021-05-10", "2021-05-31")
            ]
            return dashboards, series, regions

        original = type(self.Buckets)._fuxi_bucket_condition
        used = []

        def spy(model, alias, tz_name):
            condition = original(model, alias, tz_name)
            used.append(condition is not None)
            return condition

        for allowed in companies:
            with patch.object(type(self.Buckets), "_fuxi_bucket_condition", spy):
                from_buckets = figures(allowed)
            self.assertTrue(used and all(used), "every figure was read from the buckets")
            used.clear()
            with self._without_buckets():
                from_visits = figures(allowed)
            self.assertEqual(from_buckets, from_visits)
        self.assertGreater(from_buckets[0][1]["current"]["visits"], 0, "the month has visits")
        self.assertGreater(len(from_buckets[2][0]["rows"]), 2, "several cities")

    def test_stored_windows_of_the_dashboard(self):
        """The customer value moves from the windows stored at night equal those computed
        from the guests' days and from the visits; correcting a visit of a stored window
        drops it."""
        Dashboard = self.env["fuxi.analytics.dashboard"].sudo()
        Window = self.env["fuxi.sales.guest.window"]
        window = self.env["res.partner"]._rfm_window_days()
        today = date(2021, 5, 12)  # a Wednesday: the week from the 10th, the month from the 1st
        for day in (date(2021, 5, 9), date(2021, 4, 30)):
            Window._fuxi_fill(day, window)
        WindowClass = type(Window)

        def moves():
            return [
                Dashboard._query_segment_moves(Dashboard._periods(period, today)["current"])
                for period in ("week", "month")
            ]

        original = WindowClass._fuxi_ready
        ready = []

        def spy(model, day, window_days):
            ready.append(original(model, day, window_days))
            return ready[-1]

        with patch.object(WindowClass, "_fuxi_ready", spy):
            stored = moves()
        self.assertEqual(ready, [True, True], "both read the stored windows")
        with patch.object(WindowClass, "_fuxi_ready", lambda *a: False):
            from_days = moves()
        with self._without_buckets():
            from_visits = moves()
        self.assertEqual(stored, from_days)
        self.assertEqual(stored, from_visits)
        self.assertTrue(any(m["up"] or m["down"] for m in stored), "some guests moved")
        # the earliest visit of a guest corrected: the window ending on the 9th holds it
        cron = self.env.ref("fuxi_analytics.ir_cron_sales_guest_window")
        Trigger = self.env["ir.cron.trigger"].sudo()
        triggers = Trigger.search_count([("cron_id", "=", cron.id)])
        visit = self.visits.filtered(lambda v: v.partner_id).sorted("date")[0]
        visit.with_user(self.manager).guest_count += 1
        self.assertFalse(Window._fuxi_ready(date(2021, 5, 9), window))
        # ... and the job is woken to store it again soon, not only at night
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), triggers + 1)

    def test_other_time_zone_reads_the_visits(self):
        """A reader in another time zone than the buckets' gets the visit-level figures of
        their own local days."""
        Buckets = self.Buckets.with_user(self.manager)
        self.assertIsNone(Buckets._fuxi_bucket_condition("g", "Europe/Paris"))
        self.assertIsNotNone(Buckets._fuxi_bucket_condition("g", "Asia/Shanghai"))
        # 2021-05-20 00:30 in Shanghai is 2021-05-19 18:30 in Paris
        self._visit(self.zhou, "2021-05-20 00:30", [(self.fish, 1)], guest_count=3)
        Forecast = self.env["fuxi.sales.forecast"].with_user(self.manager)
        shanghai = Forecast._daily_series(date(2021, 5, 19), date(2021, 5, 20))
        paris = Forecast.with_context(tz="Europe/Paris")._daily_series(
            date(2021, 5, 19), date(2021, 5, 20)
        )
        self.assertEqual(shanghai[0], [0.0, 3.0])
        self.assertEqual(paris[0], [3.0, 0.0])

    def test_window_scores_read_in_guest_order(self):
        """The customer value windows computed from the guests' days (nothing stored) add
        them up guest after guest, in guest order (at scale, the guest index's, which holds
        their visits and revenue): not hashed into one group per guest (twice the time for
        a year of 400,000 guest days)."""
        Dashboard = self.env["fuxi.analytics.dashboard"].sudo()
        days = Dashboard._periods("month", date(2021, 5, 12))["current"]
        with patch.object(
            type(self.env["fuxi.sales.guest.window"]), "_fuxi_ready", lambda *a: False
        ):
            scores = Dashboard._segment_scores(days)
        self.assertIn("fuxi_sales_guest_day", scores.code)
        self.env.cr.execute(SQL("EXPLAIN (FORMAT JSON) %s", scores))
        plan = str(self.env.cr.fetchone()[0])
        self.assertIn("'Strategy': 'Sorted'", plan)
        self.assertNotIn("'Strategy': 'Hashed'", plan)
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            ["fuxi_sales_guest_day_partner_day_idx"],
        )
        self.assertIn("INCLUDE (company_id, visits, revenue)", self.env.cr.fetchone()[0])
