import random
from datetime import date, timedelta

from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.fuxi_analytics.models.fuxi_statistic import BUCKET_COST, signed_plan
from odoo.addons.fuxi_tracking.tests.test_buckets import RandomHistoryCase, normal

PERIODS = [
    ("2026-01-01", "2026-01-31"),
    ("2025-01-01", "2025-12-31"),
    ("2025-12-31", "2026-02-01"),
    ("2025-11-15", "2026-03-10"),
    # January's bucket minus its first day (visits at 00:00 on New Year's Day), February's
    ("2026-01-02", "2026-02-28"),
    # a rolling year: November's bucket minus its first day, December's, and 2026's year
    # bucket minus its last days (each plan's terms, whatever today is)
    ("2025-11-02", "2026-11-01"),
    ("2025-12-01", "2026-12-30"),
    # the dish statistics: 2025's year bucket minus its first months and its last day
    # (guests whose only dish of the year was on New Year's Eve drop out)
    ("2025-06-01", "2025-12-30"),
]


@tagged("post_install", "-at_install")
class TestStatisticBuckets(RandomHistoryCase):
    """The customer × dish statistics from fuxi_tracking's buckets == from the lines, for
    whole months, whole years and ranges with edge days, each kind, one store or both."""

    def test_statistics_from_buckets_equal_the_lines(self):
        Statistic = self.env["fuxi.statistic"]
        checked = 0
        for date_from, date_to in PERIODS:
            for statistic in ("customer_quantity", "dish_customers", "dish_quantity"):
                for kind in ("all", "dish", "drink"):
                    for stores in ([], [self.branch.id], [self.env.company.id, self.branch.id]):
                        wizard = Statistic.new(
                            {
                                "statistic": statistic,
                                "period": "custom",
                                "date_from": date_from,
                                "date_to": date_to,
                                "product_kind": kind,
                                "store_ids": [(6, 0, stores)],
                            }
                        )
                        self.env.cr.execute(wizard._statistic_query())
                        from_buckets = [normal(row) for row in self.env.cr.fetchall()]
                        start, end = wizard._utc_bounds()
                        self.env.cr.execute(wizard._statistic_line_query(start, end, SQL()))
                        self.assertEqual(
                            from_buckets,
                            [normal(row) for row in self.env.cr.fetchall()],
                            f"{statistic} {kind} {stores} {date_from}~{date_to}",
                        )
                        checked += bool(from_buckets)
        self.assertGreater(checked, 50)

    def test_customer_correction_merges_in_order(self):
        """A one-store dish statistic whose plan adds terms to a base bucket (a rolling year:
        this year's bucket plus last December minus its first days) corrects the distinct
        customers by merging the other terms' guests with the base's rows in dish and
        guest order, read from fuxi_tracking's pair index: no hash of a year bucket's rows."""
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            ["fuxi_bucket_customer_dish_pair_idx"],
        )
        self.assertIn(
            "(grain, day, company_id, product_id, kind, partner_id) INCLUDE (visits)",
            self.env.cr.fetchone()[0],
        )
        wizard = self.env["fuxi.statistic"].new(
            {
                "statistic": "dish_customers",
                "period": "custom",
                "date_from": "2025-12-03",
                "date_to": "2026-12-02",
                "store_ids": [(6, 0, [self.branch.id])],
            }
        )
        self.env.cr.execute(SQL("EXPLAIN (FORMAT JSON) %s", wizard._statistic_query()))
        joins = []

        def walk(node, join=None):
            if node["Node Type"] in ("Hash Join", "Merge Join", "Nested Loop"):
                join = node["Node Type"]
            if node.get("Alias") == "base":
                joins.append(join)
            for child in node.get("Plans", ()):
                walk(child, join)

        walk(self.env.cr.fetchone()[0][0]["Plan"])
        self.assertEqual(joins, ["Merge Join"], "the base's rows, merged")

    def test_signed_plan_counts_each_day_once(self):
        """Whatever the plan (a year bucket minus months and days, a month minus days, or
        the parts), each day of the period counts once and no other day counts."""

        def days(first, last):
            return {first + timedelta(days=n) for n in range((last - first).days + 1)}

        def bucket_days(grain, first):
            if grain == "year":
                return days(first, date(first.year, 12, 31))
            following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return days(first, following - timedelta(days=1))

        rng = random.Random(17)
        today = date(2026, 12, 1)
        self.assertEqual(
            signed_plan(date(2025, 12, 2), today, today, BUCKET_COST["customer"]),
            (
                [(1, "month", date(2025, 12, 1)), (1, "year", date(2026, 1, 1))],
                [
                    (-1, date(2025, 12, 1), date(2025, 12, 1)),
                    (-1, date(2026, 12, 2), date(2026, 12, 31)),
                ],
            ),
        )
        for _n in range(100):
            first = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 1000))
            last = first + timedelta(days=rng.choice([0, 5, 40, 200, 364, 365, 700]))
            for cost in (*BUCKET_COST.values(), {"month": 19, "year": 1}):
                buckets, lines = signed_plan(first, last, today, cost)
                count = {}
                for sign, grain, start in buckets:
                    for day in bucket_days(grain, start):
                        count[day] = count.get(day, 0) + sign
                for sign, start, end in lines:
                    for day in days(start, end):
                        count[day] = count.get(day, 0) + sign
                counted = {day for day, times in count.items() if times}
                self.assertEqual(counted, days(first, last), (first, last, cost))
                self.assertEqual({count[day] for day in counted}, {1}, (first, last, cost))
