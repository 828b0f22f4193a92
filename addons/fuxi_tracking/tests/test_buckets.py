import random
from collections import defaultdict
from datetime import date, datetime, timedelta

import pytz

from odoo.tests import tagged
from odoo.tools import SQL

from .common import FuxiTrackingCase, run_migration

SHANGHAI = pytz.timezone("Asia/Shanghai")


def bucket_rows(env, table, columns):
    env.flush_all()
    env.cr.execute(f"SELECT {', '.join(columns)} FROM {table}")  # noqa: S608 (fixed names)
    return sorted((normal(row) for row in env.cr.fetchall()), key=repr)


def normal(row):
    return tuple(
        round(float(v), 4) if isinstance(v, float | int) and not isinstance(v, bool) else v
        for v in row
    )


CD = "fuxi_bucket_customer_dish"
CD_COLUMNS = (
    "grain",
    "day",
    "company_id",
    "partner_id",
    "product_id",
    "kind",
    "quantity",
    "amount",
    "visits",
    "line_count",
)
D_COLUMNS = (
    "grain",
    "day",
    "company_id",
    "product_id",
    "kind",
    "quantity",
    "amount",
    "visits",
    "line_count",
    "customers",
)
C_COLUMNS = (
    "grain",
    "day",
    "company_id",
    "partner_id",
    "visits",
    "guests",
    "amount_total",
    "amount_dishes",
    "amount_drinks",
    "line_visits",
    "dish_visits",
    "drink_visits",
    "dish_quantity",
    "drink_quantity",
    "dish_amount",
    "drink_amount",
)


class RandomHistoryCase(FuxiTrackingCase):
    """Random visits: walk-ins, two stores, the minutes around local midnight at month and
    year ends, visits without lines (also used by fuxi_analytics' statistics tests)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.branch = cls.env["res.company"].create({"name": "伏羲桶店"})
        cls.rng = random.Random(16)
        cls.partners = [cls.zhou, cls.sun, cls.qian, False, False]
        cls.dishes = [cls.fish, cls.pork, cls.shrimp, cls.wine, cls.tea]
        # the edges: the last and first minutes of a local month/year, in UTC
        cls.edges = [
            datetime(2025, 12, 31, 15, 59),  # 2025-12-31 23:59 Shanghai
            datetime(2025, 12, 31, 16, 0),  # 2026-01-01 00:00 Shanghai
            datetime(2026, 1, 31, 15, 59, 30),
            datetime(2026, 1, 31, 16, 0, 30),
            datetime(2026, 2, 28, 16, 0),
        ]
        cls.visits = cls.env["fuxi.consumption"]
        for _i in range(30):
            cls.visits |= cls._random_visit()

    @classmethod
    def _random_date(cls):
        if cls.rng.random() < 0.4:
            return cls.rng.choice(cls.edges)
        return datetime(2025, 11, 1) + timedelta(minutes=cls.rng.randrange(0, 200 * 24 * 60))

    @classmethod
    def _random_visit(cls):
        rng = cls.rng
        lines = [
            (0, 0, {"product_id": rng.choice(cls.dishes).id, "quantity": rng.randint(1, 4)})
            for _n in range(rng.randint(0, 4))
        ]
        partner = rng.choice(cls.partners)
        return cls.env["fuxi.consumption"].create(
            {
                "partner_id": partner.id if partner else False,
                "date": cls._random_date(),
                "guest_count": rng.randint(1, 8),
                "company_id": rng.choice([cls.env.company, cls.branch]).id,
                "line_ids": lines,
            }
        )


@tagged("post_install", "-at_install")
class TestBuckets(RandomHistoryCase):
    """The buckets kept on every write equal what the visits and lines say: random visits,
    then corrections, moves and deletions."""

    def _expected_customer_dish(self):
        """The month and year buckets worked out in Python from the lines."""
        sums = defaultdict(lambda: [0.0, 0.0, set(), 0])
        for line in self.env["fuxi.consumption.line"].search(
            [("product_id", "in", [dish.id for dish in self.dishes])]
        ):
            visit = line.consumption_id
            local = pytz.utc.localize(line.date).astimezone(SHANGHAI)
            for grain, day in (
                ("month", local.date().replace(day=1)),
                ("year", local.date().replace(month=1, day=1)),
            ):
                key = (
                    grain,
                    day,
                    visit.company_id.id,
                    line.partner_id.id or None,
                    line.product_id.id,
                    line.kind,
                )
                entry = sums[key]
                entry[0] += line.quantity
                entry[1] += line.subtotal
                entry[2].add(visit.id)
                entry[3] += 1
        return sorted(
            (normal((*key, q, a, len(v), n)) for key, (q, a, v, n) in sums.items()), key=repr
        )

    def _guest_counts(self):
        """The kept number of guests of each bucket of each store (its rows added up) and
        the number of the customer bucket's rows."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT grain, day, company_id, SUM(customers) FROM fuxi_bucket_customer_count
             GROUP BY 1, 2, 3 HAVING SUM(customers) <> 0 ORDER BY 1, 2, 3
            """
        )
        kept = self.env.cr.fetchall()
        self.env.cr.execute(
            """
            SELECT grain, day, company_id, COUNT(*) FROM fuxi_bucket_customer
             GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            """
        )
        return kept, self.env.cr.fetchall()

    def _assert_buckets_exact(self):
        kept = [
            bucket_rows(self.env, CD, CD_COLUMNS),
            bucket_rows(self.env, "fuxi_bucket_dish", D_COLUMNS),
            bucket_rows(self.env, "fuxi_bucket_customer", C_COLUMNS),
        ]
        counts, rows = self._guest_counts()
        self.assertEqual(counts, rows, "the kept guest counts are the customer buckets' rows")
        dishes = {float(dish.id) for dish in self.dishes}
        self.assertEqual(
            [row for row in kept[0] if row[4] in dishes],
            [row for row in self._expected_customer_dish() if row[4] in dishes],
        )
        # the incremental buckets are the buckets built from scratch
        self.env["fuxi.bucket.keeper"]._fuxi_fill_all()
        self.assertEqual(kept[0], bucket_rows(self.env, CD, CD_COLUMNS))
        self.assertEqual(kept[1], bucket_rows(self.env, "fuxi_bucket_dish", D_COLUMNS))
        self.assertEqual(kept[2], bucket_rows(self.env, "fuxi_bucket_customer", C_COLUMNS))
        self.assertEqual(self._guest_counts(), (counts, counts))

    def test_buckets_follow_every_write(self):
        self._assert_buckets_exact()
        rng = self.rng
        visits = self.visits.exists()
        Line = self.env["fuxi.consumption.line"]
        for _round in range(25):
            visit = rng.choice(visits.exists())
            lines = visit.line_ids
            action = rng.randrange(9)
            if action == 0 and lines:
                rng.choice(lines).quantity = rng.randint(1, 6)
            elif action == 1 and lines:
                rng.choice(lines).write({"price_unit": rng.choice([10.0, 55.5, 99.0])})
            elif action == 2 and lines:
                rng.choice(lines).product_id = rng.choice(self.dishes)
            elif action == 3:
                partner = rng.choice(self.partners)
                visit.partner_id = partner.id if partner else False
            elif action == 4:
                visit.date = self._random_date()
            elif action == 5:
                visit.company_id = rng.choice([self.env.company, self.branch])
            elif action == 6 and lines:
                rng.choice(lines).unlink()
            elif action == 7:
                Line.create({"consumption_id": visit.id, "product_id": rng.choice(self.dishes).id})
            elif action == 8:
                visit.write(
                    {
                        "guest_count": rng.randint(1, 9),
                        "line_ids": [
                            (0, 0, {"product_id": rng.choice(self.dishes).id, "quantity": 2})
                        ],
                    }
                )
        visits.exists()[:3].unlink()
        self._random_visit()
        self._assert_buckets_exact()
        # the appended guest counts folded into one row per bucket: the same counts
        self.env["fuxi.consumption"].create(
            {"partner_id": self.qian.id, "date": datetime(2027, 3, 5, 4, 0)}
        )
        self.env.cr.execute("SELECT COUNT(*) FROM fuxi_bucket_customer_count WHERE delta")
        self.assertGreaterEqual(self.env.cr.fetchone()[0], 2, "a new guest of the month, year")
        self.env["fuxi.bucket.keeper"]._fuxi_fold()
        self.env.cr.execute("SELECT COUNT(*) FROM fuxi_bucket_customer_count WHERE delta")
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        counts, rows = self._guest_counts()
        self.assertEqual(counts, rows)

    def test_rankings_from_buckets_equal_the_lines(self):
        """Every ranking, for whole months, whole years and ranges with edge days, from the
        buckets == from the lines; the page and the exact count."""
        Ranking = self.env["fuxi.ranking"]
        periods = [
            ("2026-01-01", "2026-01-31"),
            ("2025-01-01", "2025-12-31"),
            ("2025-12-31", "2026-02-01"),
            ("2025-11-15", "2026-03-10"),
            ("2025-01-01", "2026-12-31"),
            ("2026-02-01", "2026-02-14"),
            ("2026-01-01", "2026-03-01"),
        ]
        subjects = [
            {"ranking": "customer_spend"},
            {"ranking": "customer_dishes", "partner_id": self.zhou.id},
            {"ranking": "customer_dishes", "partner_id": self.sun.id, "product_kind": "drink"},
            *({"ranking": "dish_customers", "product_id": dish.id} for dish in self.dishes),
        ]
        used = 0
        for date_from, date_to in periods:
            for subject in subjects:
                wizard = Ranking.new(
                    {"period": "custom", "date_from": date_from, "date_to": date_to, **subject}
                )
                scope = wizard._bucket_scope()
                self.assertIsNotNone(scope)
                used += bool(scope[0])
                self.env.cr.execute(wizard._ranking_bucket_query(*scope))
                from_buckets = [normal(row) for row in self.env.cr.fetchall()]
                self.env.cr.execute(wizard._ranking_line_query())
                self.assertEqual(
                    from_buckets,
                    [normal(row) for row in self.env.cr.fetchall()],
                    f"{subject} {date_from}~{date_to}",
                )
                page = Ranking.get_ranking(date_from=date_from, date_to=date_to, limit=2, **subject)
                self.assertEqual(page["count"], len(from_buckets))
                self.assertEqual(
                    [
                        (r["rank"], r["partner_id"] or None, r["product_id"] or None, r["amount"])
                        for r in page["rows"]
                    ],
                    [(row[0], row[1], row[2], row[5]) for row in from_buckets[:2]],
                )
        self.assertGreater(used, 10, "whole buckets were used")

    def test_upgrade_counts_the_guests_of_the_kept_buckets(self):
        """18.0.3.2.0: the guest counts of the buckets kept before the upgrade are their
        customer rows."""
        counts, rows = self._guest_counts()
        self.assertTrue(rows)
        self.env.cr.execute("TRUNCATE fuxi_bucket_customer_count")
        run_migration(self.env.cr, "18.0.3.2.0", "post-ranking_reads.py", "18.0.3.1.0")
        self.assertEqual(self._guest_counts(), (rows, rows))
        run_migration(self.env.cr, "18.0.3.2.0", "post-ranking_reads.py", "18.0.3.1.0")
        self.assertEqual(self._guest_counts(), (rows, rows), "run twice: counted once")

    def test_one_store_bucket_pages_equal_the_lines(self):
        """A manager with one store selected: the spend and per-dish rankings of one whole
        bucket read their page from the rank indexes and their count from the kept
        figures — the same rows, pages and counts as the lines (walk-ins, ties, offsets)."""
        manager = self.manager
        manager.company_ids = self.env.company | self.branch
        periods = [
            ("2025-12-01", "2025-12-31"),
            ("2026-01-01", "2026-01-31"),
            ("2026-02-01", "2026-02-28"),
            ("2025-01-01", "2025-12-31"),
            ("2026-01-01", "2026-12-31"),
        ]
        subjects = [
            {"ranking": "customer_spend"},
            *({"ranking": "dish_customers", "product_id": dish.id} for dish in self.dishes),
        ]
        pages = [(0, 2), (1, 2), (2, 3), (0, 0)]
        for company in (self.env.company, self.branch):
            Ranking = self.env["fuxi.ranking"].with_user(manager)
            Ranking = Ranking.with_context(allowed_company_ids=company.ids)
            for date_from, date_to in periods:
                for subject in subjects:
                    wizard = Ranking.new(
                        {"period": "custom", "date_from": date_from, "date_to": date_to, **subject}
                    )
                    parts, edges, companies = wizard._bucket_scope()
                    self.assertEqual((len(parts), edges.edges, companies), (1, [], company.ids))
                    self.env.cr.execute(wizard._ranking_line_query())
                    expected = [
                        (row[0], row[1], row[2], row[4], row[5], row[6])
                        for row in (normal(row) for row in self.env.cr.fetchall())
                    ]
                    for offset, limit in pages:
                        page = Ranking.get_ranking(
                            date_from=date_from,
                            date_to=date_to,
                            offset=offset,
                            limit=limit,
                            **subject,
                        )
                        label = f"{company.name} {subject} {date_from}~{date_to} {offset}+{limit}"
                        self.assertEqual(page["count"], len(expected), label)
                        self.assertEqual(
                            [
                                normal(
                                    (
                                        r["rank"],
                                        r["partner_id"] or None,
                                        r["product_id"] or None,
                                        r["quantity"] if r["quantity"] is not False else None,
                                        r["amount"],
                                        r["visits"],
                                    )
                                )
                                for r in page["rows"]
                            ],
                            expected[offset : offset + limit] if limit else expected[offset:],
                            label,
                        )
        # the pages are read from the rank indexes, the counts from the kept figures: no
        # grouping, numbering or counting of the bucket's guests (the planner told to prefer
        # indexes: the test's buckets are a few rows)
        Ranking = self.env["fuxi.ranking"].with_user(manager)
        Ranking = Ranking.with_context(allowed_company_ids=self.env.company.ids)
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        for subject, index, count in (
            ({"ranking": "customer_spend"}, "fuxi_bucket_customer_rank_idx", "customer_count"),
            (
                {"ranking": "dish_customers", "product_id": self.fish.id},
                "fuxi_bucket_customer_dish_rank_idx",
                "fuxi_bucket_dish_row",
            ),
        ):
            wizard = Ranking.new(
                {"period": "custom", "date_from": "2026-01-01", "date_to": "2026-12-31", **subject}
            )
            self.env.cr.execute(
                SQL(
                    "EXPLAIN %s",
                    wizard._ranking_bucket_query(*wizard._bucket_scope(), page=(0, 80)),
                )
            )
            plan = "\n".join(line for (line,) in self.env.cr.fetchall())
            self.assertIn(index, plan)
            self.assertIn(count, plan)
            self.assertNotIn("WindowAgg", plan)
        self.env.cr.execute("RESET enable_seqscan")

    def test_period_ending_inside_a_month_reads_its_bucket(self):
        """ "This year" up to today: the year's bucket when no visit falls on its days after
        the period, the months and the edge days' lines when one does; the same ranking."""
        Ranking = self.env["fuxi.ranking"]
        for when, partner in (
            ("2031-01-05 12:00", self.zhou),
            ("2031-02-10 19:00", self.sun),
            ("2031-03-08 23:30", self.zhou),
            ("2031-03-10 23:59", self.qian),
        ):
            self.env["fuxi.consumption"].create(
                {
                    "partner_id": partner.id,
                    "date": SHANGHAI.localize(datetime.strptime(when, "%Y-%m-%d %H:%M"))
                    .astimezone(pytz.utc)
                    .replace(tzinfo=None),
                    "line_ids": [(0, 0, {"product_id": self.fish.id, "quantity": 2})],
                }
            )

        def plan_and_check():
            wizard = Ranking.new(
                {
                    "ranking": "customer_spend",
                    "period": "custom",
                    "date_from": "2031-01-01",
                    "date_to": "2031-03-10",
                }
            )
            scope = wizard._bucket_scope()
            self.env.cr.execute(wizard._ranking_line_query())
            expected = [normal(row) for row in self.env.cr.fetchall()]
            self.env.cr.execute(wizard._ranking_bucket_query(*scope))
            self.assertEqual([normal(row) for row in self.env.cr.fetchall()], expected)
            page = Ranking.get_ranking("customer_spend", "2031-01-01", "2031-03-10", limit=2)
            self.assertEqual(page["count"], len(expected))
            self.assertEqual(
                [(r["rank"], r["partner_id"], r["amount"]) for r in page["rows"]],
                [(row[0], row[1], row[5]) for row in expected[:2]],
            )
            return scope[0], scope[1].edges

        self.assertEqual(plan_and_check(), ([("year", date(2031, 1, 1))], []))
        # a visit later in March: March's bucket would count it
        self.env["fuxi.consumption"].create(
            {"partner_id": self.sun.id, "date": datetime(2031, 3, 20, 4, 0)}
        )
        self.assertEqual(
            plan_and_check(),
            (
                [("month", date(2031, 1, 1)), ("month", date(2031, 2, 1))],
                [(date(2031, 3, 1), date(2031, 3, 10))],
            ),
        )
