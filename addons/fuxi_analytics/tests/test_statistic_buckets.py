from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.fuxi_tracking.tests.test_buckets import RandomHistoryCase, normal

PERIODS = [
    ("2026-01-01", "2026-01-31"),
    ("2025-01-01", "2025-12-31"),
    ("2025-12-31", "2026-02-01"),
    ("2025-11-15", "2026-03-10"),
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
