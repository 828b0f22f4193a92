"""Benchmark of fuxi_analytics at restaurant-chain scale (issue 17): on the database that
`scripts/fuxi bench` loads (100,000 customers, 1,000,000 visits, 5,000,000 lines over two
years: bench/tracking_bench.py), the median of warm runs of

* every statistic of fuxi.statistic.get_statistic (the verb the dashboard, the Word export
  and RPC clients call) for one year, Top 100 and in full;
* every statistic as the manager's screen computes it (the wizard's Compute: all its rows
  written as the list's, pivot's and graph's rows), for one year;
* the manager's dashboard (fuxi.analytics.dashboard.get_dashboard) for a week and a month;
* the sales forecast (fuxi.sales.forecast.get_forecast: 400 days of daily history, the
  14-day forecast and its backtest);

then the forecast's backtest against seasonal-naive on that history (bench/forecast_backtest.py).
Target: ≤ 1 s each.

The dashboard is timed for a whole week and a whole month (the worst case: the last
complete month of the data, and its last week), the statistics for the manager's "this year"
and for the 365 days to today (a custom range: the worst year for the buckets).
The bench guests get a region tree first (31 provinces, their cities and districts; rolled
back at the end) so that the region statistics have something to roll up. The dashboard, the
forecast and the region statistics read the daily sales buckets (fuxi_analytics,
fuxi_sales_day.py); the script checks they match the visits (rebuilds them if the data was
loaded by SQL) and, with --reference, also times the visit-level queries they replace.

Usage (after `scripts/fuxi bench` has loaded the data; `make bench-analytics`):
    python bench/analytics_bench.py -c ODOO_CONF -d DB [--runs 5] [--load-scale S]
        [--only dashboard,region,forecast] [--reference] [--no-backtest]
--load-scale loads tracking_bench's data set at that scale first when the database has none
(e.g. 0.01 on a development database).
"""

import argparse
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from unittest.mock import patch

import odoo
from odoo.modules.registry import Registry

sys.path.insert(0, str(Path(__file__).resolve().parent))
from forecast_backtest import print_backtest

TARGET_MS = 1000
STATISTICS = (
    "customer_quantity",
    "dish_customers",
    "dish_quantity",
    "region_city",
    "region_province",
)


def timed(func, runs):
    """Median (ms) of `runs` warm runs, after one warm-up."""
    func()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def ensure_regions(env, seed=11):
    """A region tree for the guests who have none (rolled back with the bench's transaction):
    31 provinces (4 of them municipalities), 10 cities each, 3 districts per city; guests
    spread over the districts, cities and provinces, weighted towards the first provinces."""
    cr = env.cr
    cr.execute("SELECT COUNT(*) FROM res_partner WHERE region_id IS NOT NULL")
    if cr.fetchone()[0]:
        return
    t0 = time.perf_counter()
    rng = random.Random(seed)
    Region = env["fuxi.region"]
    provinces = Region.create(
        [
            {"name": f"BENCH 省 {i}", **({"fuxi_level": "municipality"} if i < 4 else {})}
            for i in range(31)
        ]
    )
    cities = Region.create(
        [
            {"name": f"BENCH 市 {p.id}-{i}", "parent_id": p.id}
            for p in provinces
            if p.fuxi_level == "province"
            for i in range(10)
        ]
    )
    districts = Region.create(
        [
            {"name": f"BENCH 区 {c.id}-{i}", "parent_id": c.id}
            for c in cities | provinces.filtered(lambda r: r.fuxi_level == "municipality")
            for i in range(3)
        ]
    )
    env.flush_all()
    regions = (districts | cities | provinces).ids
    weights = [1.0 / (1 + i // 30) for i in range(len(regions))]
    cr.execute("SELECT id FROM res_partner WHERE is_fuxi_customer ORDER BY id")
    partners = [row[0] for row in cr.fetchall()]
    chosen = rng.choices(regions, weights=weights, k=len(partners))
    cr.execute(
        """
        UPDATE res_partner p SET region_id = v.region_id
          FROM unnest(%s::int[], %s::int[]) AS v(id, region_id) WHERE p.id = v.id
        """,
        [partners, chosen],
    )
    env["res.partner"].invalidate_model(["region_id"])
    print(
        f"regions: {len(regions)} (31 provinces) given to {len(partners):,} guests "
        f"in {time.perf_counter() - t0:.1f} s (rolled back at the end)"
    )


def ensure_buckets(env):
    """The daily sales buckets must sum to the visits (data loaded by SQL bypasses the
    ORM): compared on the totals, rebuilt when they differ."""
    cr = env.cr
    cr.execute(
        """
        SELECT (SELECT COUNT(*) FROM fuxi_consumption), (SELECT SUM(amount_total)
                FROM fuxi_consumption),
               (SELECT SUM(visits) FROM fuxi_sales_guest_day),
               (SELECT SUM(revenue) FROM fuxi_sales_guest_day),
               (SELECT SUM(visits) FROM fuxi_sales_day),
               (SELECT SUM(quantity) FROM fuxi_sales_dish_day),
               (SELECT SUM(quantity) FROM fuxi_consumption_line)
        """
    )
    visits, revenue, g_visits, g_revenue, s_visits, d_qty, l_qty = cr.fetchone()
    if (visits, revenue, visits, l_qty) != (g_visits, g_revenue, s_visits, d_qty):
        t0 = time.perf_counter()
        env["fuxi.sales.day"]._fuxi_rebuild()
        cr.commit()
        print(f"daily sales buckets rebuilt in {time.perf_counter() - t0:.1f} s (committed)")
    cr.execute("SELECT COUNT(*) FROM fuxi_sales_guest_day")
    guest_days = cr.fetchone()[0]
    cr.execute("SELECT COUNT(*) FROM fuxi_sales_dish_day")
    dish_days = cr.fetchone()[0]
    print(f"daily sales buckets: {guest_days:,} guest-days, {dish_days:,} dish-days")


def write_cost(env, count=40, seed=5):
    """p50/p95 (ms) of creating a visit of a random bench guest with 5 lines today, with
    the buckets kept and without (their refresh patched out), alternating."""
    rng = random.Random(seed)
    cr = env.cr
    cr.execute("SELECT id FROM res_partner WHERE ref LIKE 'BENCH%%' ORDER BY id LIMIT 5000")
    partners = [row[0] for row in cr.fetchall()]
    products = env["product.product"].search([("is_fuxi_dish", "=", True)], limit=150).ids
    Consumption = env["fuxi.consumption"].with_context(tracking_disable=True)
    Buckets = type(env["fuxi.sales.day"])
    times = {"with": [], "without": []}

    def create():
        start = time.perf_counter()
        Consumption.create(
            {
                "partner_id": rng.choice(partners + [False]),
                "guest_count": rng.randint(1, 8),
                "line_ids": [
                    (0, 0, {"product_id": rng.choice(products), "quantity": rng.randint(1, 3)})
                    for _i in range(5)
                ],
            }
        )
        env.flush_all()
        return (time.perf_counter() - start) * 1000

    create()  # warm-up
    for _i in range(count):
        times["with"].append(create())
        with patch.object(Buckets, "_fuxi_add", lambda *a, **k: None):
            times["without"].append(create())
    for key, values in times.items():
        values.sort()
        p50 = statistics.median(values)
        p95 = values[int(0.95 * (len(values) - 1))]
        print(
            f"{'visit create (5 lines), ' + key + ' buckets':44} "
            f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms"
        )
    cr.rollback()


def bench(env, runs, only=None, reference=False):
    cr = env.cr
    cr.execute("SELECT COUNT(*) FROM fuxi_consumption")
    visits = cr.fetchone()[0]
    cr.execute("SELECT COUNT(*) FROM fuxi_consumption_line")
    lines = cr.fetchone()[0]
    print(f"data: {visits:,} visits, {lines:,} lines")
    ensure_buckets(env)
    ensure_regions(env)
    today = env["fuxi.sales.forecast"]._today()
    # the manager's "this year" (fuxi_tracking's period choice: January to December, one
    # year bucket) and the worst year: the 365 days to today, a custom range across two
    # years (fuxi_statistic.signed_plan: last December's month bucket minus its first day,
    # plus this year's bucket; the dish statistics correct the distinct customers for the
    # guests of that December)
    periods = {
        "this year": (str(today.replace(month=1, day=1)), str(today.replace(month=12, day=31))),
        "365 days": (str(today - timedelta(days=364)), str(today)),
    }
    # the dashboard's worst case: a whole month (the last complete one) and its last week
    month_end = today.replace(day=1) - timedelta(days=1)
    cases = []
    if "fuxi.statistic" in env:
        Statistic = env["fuxi.statistic"]
        for statistic in STATISTICS:
            for period, (date_from, date_to) in periods.items():
                for limit in (100, 0):
                    cases.append(
                        (
                            f"{statistic}, {period}, {'top 100' if limit else 'all'}",
                            lambda s=statistic, n=limit, f=date_from, t=date_to: (
                                Statistic.get_statistic(s, f, t, limit=n)
                            ),
                        )
                    )
        # the manager's screen: Compute fills the wizard's rows (list, pivot, graph) with
        # every row of the statistic, in the database
        for statistic in STATISTICS:
            for period, (date_from, date_to) in periods.items():
                cases.append(
                    (
                        f"screen: {statistic}, {period}, all",
                        lambda s=statistic, f=date_from, t=date_to: (
                            Statistic.create(
                                {
                                    "statistic": s,
                                    "period": "custom",
                                    "date_from": f,
                                    "date_to": t,
                                    "limit": 0,
                                }
                            ).action_compute()
                        ),
                    )
                )
    else:
        print("fuxi.statistic is not installed here (issue 17 E1): its statistics are skipped")
    Dashboard = env["fuxi.analytics.dashboard"]
    cases.append(
        (
            f"dashboard, week to {month_end}",
            lambda: Dashboard._dashboard_data("week", month_end),
        )
    )
    cases.append(
        (
            f"dashboard, month to {month_end}",
            lambda: Dashboard._dashboard_data("month", month_end),
        )
    )
    cases.append(("dashboard, this week (get_dashboard)", lambda: Dashboard.get_dashboard("week")))
    Forecast = env["fuxi.sales.forecast"]
    cases.append(("sales forecast (+ backtest)", lambda: Forecast.get_forecast(14)))
    if only:
        cases = [case for case in cases if any(word in case[0] for word in only)]
    print(f"\n{'one year, warm, median of ' + str(runs):44} {'ms':>8}  target ≤ {TARGET_MS} ms")
    slow = 0
    for label, func in cases:

        def run(func=func):
            func()
            env.invalidate_all()

        ms = timed(run, runs)
        mark = "" if ms <= TARGET_MS else "  SLOWER THAN TARGET"
        slow += ms > TARGET_MS
        print(f"{label:44} {ms:8.0f}{mark}")
        if reference and ("dashboard" in label or "region" in label or "forecast" in label):
            # the same figures from the visits (what the buckets replace), one warm run
            with patch.object(
                type(env["fuxi.sales.day"]), "_fuxi_bucket_condition", lambda *a, **k: None
            ):
                ms = timed(run, 1)
            print(f"{'  reference: from the visits':44} {ms:8.0f}")
    if not only or any("dashboard" in word for word in only):
        # what the nightly job stores (fuxi_sales_guest_window.py), then the same dashboards
        Window = env["fuxi.sales.guest.window"]
        window = env["res.partner"]._rfm_window_days()
        for period in ("week", "month"):
            day = Dashboard._periods(period, month_end)["current"][0] - timedelta(days=1)
            start = time.perf_counter()
            Window._fuxi_fill(day, window)
            print(
                f"{'  night job: window to ' + str(day):44} "
                f"{(time.perf_counter() - start) * 1000:8.0f}"
            )
        for period in ("week", "month"):
            label = f"dashboard, {period} to {month_end}, windows stored"

            def run(period=period):
                Dashboard._dashboard_data(period, month_end)
                env.invalidate_all()

            ms = timed(run, runs)
            mark = "" if ms <= TARGET_MS else "  SLOWER THAN TARGET"
            slow += ms > TARGET_MS
            print(f"{label:44} {ms:8.0f}{mark}")
    cr.rollback()
    if not only or "write" in only:
        print()
        write_cost(env)
    return slow


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--load-scale", type=float, help="load tracking_bench's data first")
    parser.add_argument(
        "--only", help="comma-separated words: time only the cases whose label has one"
    )
    parser.add_argument(
        "--reference", action="store_true", help="also time the visit-level queries"
    )
    parser.add_argument("--no-backtest", action="store_true", help="skip the backtest")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tz": "Asia/Shanghai", "lang": "zh_CN"})
        if args.load_scale:
            from tracking_bench import load

            load(env, args.load_scale)
        only = [word.strip() for word in args.only.split(",")] if args.only else None
        slow = bench(env, args.runs, only, args.reference)
        if not args.no_backtest:
            print()
            print_backtest(env)
        cr.rollback()
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
