"""Benchmark of fuxi_tracking at restaurant-chain scale (issue: customer tracking).

Loads, with PostgreSQL COPY, 100,000 customers, 1,000,000 visits and 5,000,000 lines over
two years — skewed like a real restaurant (a few guests and dishes far more frequent than
the rest; the first customer, BENCH0000000, is the busiest) — with every stored computed value
(amounts, dish/drink split, the line's copies of customer, date and kind) consistent with what
the ORM would store, then fills fuxi_tracking's buckets (one statement per table and grain, as
the 18.0.3.0.0 migration does). Then measures, warm, the median of several runs:

* the spend and per-dish rankings as the manager gets them (fuxi.ranking.get_ranking: compute
  + first 80 rows + exact count) for last month, this year and two years, next to Odoo's own
  group-by list over the lines (web_read_group, first 80 groups + their count) and to raw SQL
  over the lines (top 80 + count), in the same run;
* the consumption write p95 (a new visit of 5 lines, a correction of the busiest guest's line)
  with the buckets kept and with their upkeep switched off;
* the customer form of the busiest guest (smart buttons, summary, history tab), its time and
  number of queries;
* the nightly customer value (RFM) recompute for all customers.

Usage (a database with fuxi_tracking installed, see `scripts/fuxi bench`):
    python bench/tracking_bench.py -c ODOO_CONF -d DB [--scale 1.0] [--runs 5]
        [--only writes|rankings]

``--only writes`` measures only the write p95 (with the upkeep: fuxi_tracking's buckets and
fuxi_analytics' day tables, which ride on the same keeper; without: neither); ``--only
rankings`` only the rankings.

20 M lines: `FUXI_BENCH_DB=fuxi_bench_20m scripts/fuxi bench --scale 4 --only rankings`
generates them into a database of their own (made on first use; visits and lines are
generated and copied in chunks; about 23 minutes on 2 cores, then the buckets), then times
the rankings there.
"""

import argparse
import io
import random
import statistics
import sys
import time
from datetime import datetime, timedelta

import odoo
from odoo.modules.registry import Registry
from odoo.tools import SQL

CONSUMPTION_COLUMNS = [
    "id",
    "name",
    "partner_id",
    "is_walk_in",
    "customer_class_id",
    "date",
    "room_id",
    "guest_count",
    "waiter_id",
    "company_id",
    "amount_dishes",
    "amount_drinks",
    "amount_total",
    "origin",
    "state",
    "create_date",
    "write_date",
    "create_uid",
    "write_uid",
]
LINE_COLUMNS = [
    "id",
    "consumption_id",
    "product_id",
    "kind",
    "quantity",
    "price_unit",
    "discount",
    "subtotal",
    "partner_id",
    "date",
    "sequence",
    "create_date",
    "write_date",
    "create_uid",
    "write_uid",
]


def zipf_weights(n, s=1.1):
    return [1.0 / (rank**s) for rank in range(1, n + 1)]


def timed(func, runs):
    """Median and all timings (ms) of `runs` warm runs, after one warm-up."""
    func()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), times


def copy_rows(env, table, columns, rows):
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row))
        buffer.write("\n")
    buffer.seek(0)
    filled = set_copy_defaults(env, table, columns)
    env.cr._obj.copy_from(buffer, table, columns=columns)
    for column in filled:
        env.cr.execute(
            SQL(
                "ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT",
                SQL.identifier(table),
                SQL.identifier(column),
            )
        )


def set_copy_defaults(env, table, columns):
    """COPY leaves the columns it is not given NULL: the NOT NULL ones that addons installed
    in the same database add (account's res_partner.autopost_bills, …) get the ORM's default
    as a column default for the load. Returns those columns (the caller drops the defaults)."""
    cr = env.cr
    cr.execute(
        """SELECT column_name FROM information_schema.columns
            WHERE table_name = %s AND is_nullable = 'NO' AND column_default IS NULL""",
        [table],
    )
    missing = [name for (name,) in cr.fetchall() if name not in columns]
    if not missing:
        return []
    model = next(
        env[name] for name, cls in env.registry.items() if cls._table == table and cls._auto
    )
    defaults = model.default_get(missing)
    for name in missing:
        if name not in defaults:
            sys.exit(f"{table}.{name} is NOT NULL and has no default: the bench cannot load it")
        value = model._fields[name].convert_to_column(defaults[name], model)
        cr.execute(
            SQL(
                "ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s",
                SQL.identifier(table),
                SQL.identifier(name),
                value,
            )
        )
    return missing


def drop_indexes(cr, tables):
    """Drop the secondary indexes of `tables` for the bulk load; returns their definitions."""
    cr.execute(
        """
        SELECT i.indexname, i.indexdef
          FROM pg_indexes i
          LEFT JOIN pg_constraint c ON c.conname = i.indexname
         WHERE i.tablename = ANY(%s) AND c.conname IS NULL
        """,
        [list(tables)],
    )
    definitions = cr.fetchall()
    for name, _definition in definitions:
        cr.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in definitions]


def load(env, scale, seed=7):
    """Bulk-load the data set (once per database)."""
    cr = env.cr
    rng = random.Random(seed)
    n_customers = int(100_000 * scale)
    n_visits = int(1_000_000 * scale)
    n_lines = int(5_000_000 * scale)
    cr.execute("SELECT COUNT(*) FROM res_partner WHERE ref LIKE 'BENCH%%'")
    if cr.fetchone()[0]:
        print("data already loaded")
        return
    t0 = time.perf_counter()
    company = env.company
    # dishes: 120 dishes and 30 drinks
    Product = env["product.product"].with_context(tracking_disable=True)
    products = Product.create(
        [
            {
                "name": f"BENCH 菜品 {i}" if i < 120 else f"BENCH 酒水 {i}",
                "list_price": rng.choice([18, 28, 38, 48, 58, 68, 88, 128, 168, 288]),
                "is_fuxi_dish": True,
                "fuxi_kind": "dish" if i < 120 else "drink",
            }
            for i in range(150)
        ]
    )
    env.flush_all()
    product_info = [(p.id, p.lst_price, p.fuxi_kind) for p in products]
    rooms = env["fuxi.room"].create([{"name": f"BENCH 桌 {i}", "capacity": 6} for i in range(40)])
    # customers
    cr.execute("SELECT COALESCE(MAX(id), 0) FROM res_partner")
    first_partner = cr.fetchone()[0] + 1
    classes = env["fuxi.customer.class"].search([]).ids
    now = datetime.now().replace(microsecond=0)
    copy_rows(
        env,
        "res_partner",
        [
            "id",
            "name",
            "complete_name",
            "ref",
            "is_fuxi_customer",
            "customer_class_id",
            "active",
            "type",
            "is_company",
            "commercial_partner_id",
            "lang",
            "create_date",
            "write_date",
            "create_uid",
            "write_uid",
            "company_id",
        ],
        (
            (
                first_partner + i,
                f"BENCH 客人 {i}",
                f"BENCH 客人 {i}",
                f"BENCH{i:07d}",
                "t",
                classes[i % len(classes)],
                "t",
                "contact",
                "f",
                first_partner + i,
                "zh_CN",
                now,
                now,
                1,
                1,
                company.id,
            )
            for i in range(n_customers)
        ),
    )
    cr.execute("SELECT setval('res_partner_id_seq', (SELECT MAX(id) FROM res_partner))")
    partner_ids = list(range(first_partner, first_partner + n_customers))
    # visits: skewed customers (Zipf); the first customer (BENCH0000000) is the busiest
    weights = zipf_weights(n_customers, 0.9)
    visit_partners = rng.choices(partner_ids, weights=weights, k=n_visits)
    start_day = now - timedelta(days=730)
    product_weights = zipf_weights(len(product_info), 1.0)
    cr.execute("SELECT COALESCE(MAX(id), 0) FROM fuxi_consumption")
    first_visit = cr.fetchone()[0] + 1
    cr.execute("SELECT COALESCE(MAX(id), 0) FROM fuxi_consumption_line")
    line_id = first_line = cr.fetchone()[0]
    # lines per visit: around 5, varying, adding up to exactly n_lines
    counts = [max(1, round(rng.gauss(n_lines / n_visits, 1.5))) for _ in range(n_visits)]
    difference = n_lines - sum(counts)
    step = 1 if difference > 0 else -1
    while difference:
        index = rng.randrange(n_visits)
        if counts[index] + step >= 1:
            counts[index] += step
            difference -= step
    # bulk load as Odoo's own populate does: no per-row triggers (foreign keys are consistent
    # by construction), secondary indexes rebuilt once at the end; generated and copied in
    # chunks of visits so that 20 M lines (--scale 4) fit in memory
    index_definitions = drop_indexes(cr, ("fuxi_consumption", "fuxi_consumption_line"))
    cr.execute("SET session_replication_role = replica")
    chunk = 200_000
    for first in range(0, n_visits, chunk):
        visit_rows, line_rows = [], []
        for offset in range(first, min(first + chunk, n_visits)):
            partner_id = visit_partners[offset]
            visit_id = first_visit + offset
            date = start_day + timedelta(seconds=rng.randint(0, 730 * 86400))
            count = counts[offset]
            dishes = drinks = 0.0
            for product_id, price, kind in rng.choices(
                product_info, weights=product_weights, k=count
            ):
                line_id += 1
                qty = rng.choice((1, 1, 1, 2, 2, 3))
                subtotal = qty * price
                if kind == "drink":
                    drinks += subtotal
                else:
                    dishes += subtotal
                line_rows.append(
                    (
                        line_id,
                        visit_id,
                        product_id,
                        kind,
                        qty,
                        price,
                        0,
                        subtotal,
                        partner_id,
                        date,
                        10,
                        now,
                        now,
                        1,
                        1,
                    )
                )
            visit_rows.append(
                (
                    visit_id,
                    f"BENCH{visit_id}",
                    partner_id,
                    "f",
                    classes[partner_id % len(classes)],
                    date,
                    rooms[offset % len(rooms)].id,
                    rng.randint(1, 8),
                    1,
                    company.id,
                    dishes,
                    drinks,
                    dishes + drinks,
                    "manual",
                    "done",
                    now,
                    now,
                    1,
                    1,
                )
            )
        copy_rows(env, "fuxi_consumption", CONSUMPTION_COLUMNS, visit_rows)
        copy_rows(env, "fuxi_consumption_line", LINE_COLUMNS, line_rows)
        print(f"  copied visits {first + len(visit_rows):,} / {n_visits:,}", flush=True)
    cr.execute("RESET session_replication_role")
    t_index = time.perf_counter()
    for definition in index_definitions:
        cr.execute(definition)
    print(f"rebuilt {len(index_definitions)} indexes in {time.perf_counter() - t_index:.0f} s")
    cr.execute("SELECT setval('fuxi_consumption_id_seq', (SELECT MAX(id) FROM fuxi_consumption))")
    cr.execute(
        "SELECT setval('fuxi_consumption_line_id_seq', (SELECT MAX(id) FROM fuxi_consumption_line))"
    )
    cr.execute("ANALYZE res_partner; ANALYZE fuxi_consumption; ANALYZE fuxi_consumption_line")
    cr.commit()
    env.invalidate_all()
    print(
        f"loaded {n_customers:,} customers, {n_visits:,} visits, {line_id - first_line:,} lines "
        f"in {time.perf_counter() - t0:.0f} s"
    )


def check_consistency(env):
    """Stored totals equal the sum of their lines (sampled), as the ORM would have stored."""
    env.cr.execute(
        """
        SELECT COUNT(*) FROM (
            SELECT c.id
              FROM fuxi_consumption c
              JOIN fuxi_consumption_line l ON l.consumption_id = c.id
             WHERE c.id IN (SELECT id FROM fuxi_consumption ORDER BY random() LIMIT 2000)
             GROUP BY c.id, c.amount_total, c.partner_id
            HAVING ROUND(SUM(l.subtotal)::numeric, 2) <> ROUND(c.amount_total::numeric, 2)
                OR BOOL_OR(l.partner_id IS DISTINCT FROM c.partner_id)
        ) bad
        """
    )
    bad = env.cr.fetchone()[0]
    print(f"consistency: {bad} of 2,000 sampled visits differ from their lines")
    return bad == 0


TARGET_YEAR_MS = 150  # issue 16: a ranking for a year at 5 M lines, compute + first page + count
PAGE = 80  # the list's first page


def fill_buckets(env):
    """Fill fuxi_tracking's buckets after a bulk load (COPY bypasses the ORM that keeps them)."""
    cr = env.cr
    cr.execute("SELECT EXISTS (SELECT 1 FROM fuxi_bucket_customer)")
    if cr.fetchone()[0]:
        print("buckets already filled")
        return
    start = time.perf_counter()
    env["fuxi.bucket.keeper"]._fuxi_fill_all()
    cr.execute("ANALYZE fuxi_bucket_customer_dish; ANALYZE fuxi_bucket_dish")
    cr.execute("ANALYZE fuxi_bucket_customer")
    cr.commit()
    sizes = []
    for table in ("fuxi_bucket_customer_dish", "fuxi_bucket_dish", "fuxi_bucket_customer"):
        cr.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 (fixed names)
        sizes.append(f"{table} {cr.fetchone()[0]:,} rows")
    print(f"filled the buckets in {time.perf_counter() - start:.0f} s: {', '.join(sizes)}")


def fill_guest_stats(env):
    """Fill fuxi_tracking's per-guest figures after a bulk load (the load's COPY runs with
    triggers off): the guest, card, cashier and marketing benches read them (busiest guest,
    win-back and all-time spend audiences)."""
    cr = env.cr
    cr.execute("SELECT EXISTS (SELECT 1 FROM fuxi_guest_stat)")
    if cr.fetchone()[0]:
        return
    start = time.perf_counter()
    env["fuxi.guest.stat"]._fuxi_refill()
    cr.execute("ANALYZE fuxi_guest_stat; ANALYZE fuxi_guest_dish_stat")
    cr.commit()
    cr.execute("SELECT COUNT(*) FROM fuxi_guest_stat")
    print(
        f"filled the guest figures in {time.perf_counter() - start:.0f} s: "
        f"{cr.fetchone()[0]:,} guest rows"
    )


def bench_manager(env):
    """The user the rankings are timed as: a tracking manager in Shanghai."""
    user = env["res.users"].search([("login", "=", "bench_manager")])
    if not user:
        user = env["res.users"].create(
            {
                "name": "Bench Manager",
                "login": "bench_manager",
                "tz": "Asia/Shanghai",
                "groups_id": [(6, 0, [env.ref("fuxi_tracking.group_fuxi_tracking_manager").id])],
            }
        )
        env.cr.commit()
    return user


def p95(times):
    ordered = sorted(times)
    return ordered[round(0.95 * (len(ordered) - 1))]


def bench_rankings(env, runs, busiest, top_dish):
    """Spend and per-dish rankings as the manager gets them, next to Odoo's own group-by list
    over the lines and to raw SQL over the lines (top 80 + count), in the same run."""
    cr = env.cr
    manager = bench_manager(env)
    menv = env(user=manager.id, context={"tz": "Asia/Shanghai", "lang": "en_US"})
    Ranking, Line = menv["fuxi.ranking"], menv["fuxi.consumption.line"]
    today = datetime.now().date()
    month_start = today.replace(day=1)
    last_month = (month_start - timedelta(days=1)).replace(day=1)
    periods = [
        ("last month", last_month, month_start - timedelta(days=1)),
        ("this year", today.replace(month=1, day=1), today.replace(month=12, day=31)),
        (
            "two years",
            today.replace(year=today.year - 1, month=1, day=1),
            today.replace(month=12, day=31),
        ),
    ]
    print(
        f"\nrankings as the manager gets them (compute + first {PAGE} rows + exact count), "
        f"median of {runs} warm runs, ms"
    )
    print(
        f"{'period':11} {'ranking':22} {'ours':>7} {'Odoo group-by':>14} {'raw SQL':>8} "
        f"{'rows':>8}  target"
    )
    results = []
    for label, date_from, date_to in periods:
        start, end = Ranking.new(
            {"period": "custom", "date_from": date_from, "date_to": date_to}
        )._utc_bounds()
        window = [("date", ">=", start), ("date", "<", end)]
        cases = [
            (
                "customer spend",
                {"ranking": "customer_spend"},
                lambda window=window: Line.web_read_group(
                    [*window, ("partner_id", "!=", False)],
                    ["subtotal:sum"],
                    ["partner_id"],
                    limit=PAGE,
                    orderby="subtotal desc",
                ),
                SQL(
                    """SELECT partner_id, SUM(subtotal), COUNT(DISTINCT consumption_id),
                              COUNT(*) OVER ()
                         FROM fuxi_consumption_line
                        WHERE date >= %s AND date < %s AND partner_id IS NOT NULL
                        GROUP BY partner_id ORDER BY 2 DESC LIMIT %s""",
                    start,
                    end,
                    PAGE,
                ),
            ),
            (
                "top dish's customers",
                {"ranking": "dish_customers", "product_id": top_dish.id},
                lambda window=window: Line.web_read_group(
                    [*window, ("product_id", "=", top_dish.id)],
                    ["quantity:sum"],
                    ["partner_id"],
                    limit=PAGE,
                    orderby="quantity desc",
                ),
                SQL(
                    """SELECT partner_id, SUM(quantity), SUM(subtotal),
                              COUNT(DISTINCT consumption_id), COUNT(*) OVER ()
                         FROM fuxi_consumption_line
                        WHERE product_id = %s AND date >= %s AND date < %s
                        GROUP BY partner_id ORDER BY 2 DESC LIMIT %s""",
                    top_dish.id,
                    start,
                    end,
                    PAGE,
                ),
            ),
        ]
        for name, subject, odoo_group_by, raw in cases:
            answer = {}

            def ours(subject=subject, answer=answer, date_from=date_from, date_to=date_to):
                menv.invalidate_all()
                answer.update(
                    Ranking.get_ranking(
                        date_from=str(date_from), date_to=str(date_to), limit=PAGE, **subject
                    )
                )

            def group_by(odoo_group_by=odoo_group_by):
                menv.invalidate_all()
                odoo_group_by()

            def raw_sql(raw=raw):
                cr.execute(raw)  # the server's default work_mem, as every request gets
                cr.fetchall()

            ours_ms, _ = timed(ours, runs)
            odoo_ms, _ = timed(group_by, runs)
            sql_ms, _ = timed(raw_sql, runs)
            target = f"≤ {TARGET_YEAR_MS} ms, < both" if label == "this year" else "< both"
            print(
                f"{label:11} {name:22} {ours_ms:7.0f} {odoo_ms:14.0f} {sql_ms:8.0f} "
                f"{answer['count']:8,}  {target}"
            )
            results.append((label, name, ours_ms, odoo_ms, sql_ms))
    cr.rollback()
    return results


def bench_writes(env, busiest, n=40):
    """Consumption write p95 (a visit of 5 lines created; a line of the busiest guest's
    visit corrected), with the buckets kept and with their upkeep switched off."""
    cr = env.cr
    Keeper = type(env["fuxi.bucket.keeper"])
    Consumption = env["fuxi.consumption"].with_context(tracking_disable=True)
    cr.execute("SELECT id FROM res_partner WHERE ref LIKE 'BENCH%%' ORDER BY id LIMIT 2000")
    partners = [row[0] for row in cr.fetchall()]
    cr.execute(
        "SELECT id FROM product_product WHERE id IN (SELECT product_id FROM fuxi_bucket_dish)"
    )
    products = [row[0] for row in cr.fetchall()]
    cr.execute(
        "SELECT id FROM fuxi_consumption_line WHERE partner_id = %s ORDER BY id DESC LIMIT %s",
        [busiest.id, n],
    )
    busy_lines = env["fuxi.consumption.line"].browse([row[0] for row in cr.fetchall()])
    rng = random.Random(3)

    def measure():
        creates, corrections = [], []
        for i in range(n):
            start = time.perf_counter()
            Consumption.create(
                {
                    "partner_id": busiest.id if i % 10 == 0 else rng.choice(partners),
                    "date": datetime.now() - timedelta(days=rng.randrange(300)),
                    "line_ids": [
                        (0, 0, {"product_id": rng.choice(products), "quantity": 1})
                        for _line in range(5)
                    ],
                }
            )
            env.flush_all()
            creates.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            busy_lines[i % len(busy_lines)].quantity += 1
            env.flush_all()
            corrections.append((time.perf_counter() - start) * 1000)
        cr.rollback()
        env.invalidate_all()
        return p95(creates), p95(corrections)

    measure()  # warm-up (the first writes read cold pages: they would count for the first side)
    kept = measure()
    apply, snapshot = Keeper._fuxi_apply, Keeper._fuxi_snapshot
    Keeper._fuxi_apply = lambda self, before, after: None
    Keeper._fuxi_snapshot = lambda self, consumption_ids=(): {"visits": ()}
    try:
        without = measure()
    finally:
        Keeper._fuxi_apply, Keeper._fuxi_snapshot = apply, snapshot
    print(f"\nconsumption write p95 over {n} writes, ms   with buckets  without")
    print(f"{'new visit, 5 lines':38} {kept[0]:12.0f} {without[0]:8.0f}")
    print(f"{'line correction, busiest guest':38} {kept[1]:12.0f} {without[1]:8.0f}")


def busiest_guest(env):
    """The guest with the most visits."""
    env.cr.execute(
        "SELECT partner_id FROM fuxi_consumption WHERE partner_id IS NOT NULL"
        " GROUP BY partner_id ORDER BY COUNT(*) DESC LIMIT 1"
    )
    return env["res.partner"].browse(env.cr.fetchone()[0])


def top_dish(env):
    """The dish most often ordered (the per-dish ranking's worst case)."""
    env.cr.execute(
        "SELECT product_id FROM fuxi_bucket_dish WHERE grain = 'year'"
        " GROUP BY product_id ORDER BY SUM(line_count) DESC LIMIT 1"
    )
    return env["product.product"].browse(env.cr.fetchone()[0])


def bench(env, runs):
    cr = env.cr
    # the heavy guest is the busiest one (most visits)
    heavy = busiest_guest(env)
    results = bench_rankings(env, runs, heavy, top_dish(env))
    bench_writes(env, heavy)

    # the customer form of the heavy guest
    form_fields = {
        "name": {},
        "ref": {},
        "visit_count": {},
        "total_spend": {},
        "average_spend": {},
        "last_visit": {},
        "favourite_dishes": {},
        "reservation_count": {},
        "rfm_segment": {},
        "recent_consumption_ids": {
            "limit": 20,
            "fields": {"name": {}, "date": {}, "amount_total": {}},
        },
    }

    def read_form():
        env.invalidate_all()
        heavy.web_read(form_fields)

    form_ms, _ = timed(read_form, runs)
    env.invalidate_all()
    before = cr.sql_log_count
    heavy.web_read(form_fields)
    form_queries = cr.sql_log_count - before
    print(
        f"\ncustomer form of the busiest guest, {heavy.visit_count:,} visits: {form_ms:.0f} ms, "
        f"{form_queries} queries"
    )

    rfm_ms, _ = timed(lambda: env["res.partner"]._compute_rfm(), max(1, runs // 2))
    cr.execute("SELECT COUNT(*) FROM res_partner WHERE rfm_segment IS NOT NULL")
    print(f"RFM recompute, {cr.fetchone()[0]:,} customers with a segment: {rfm_ms:.0f} ms")
    cr.rollback()
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 100k/1M/5M")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--only",
        choices=["writes", "rankings"],
        help="only the consumption write p95 (with and without the buckets' upkeep), or only "
        "the rankings (e.g. at 20 M lines, next to the 5 M run)",
    )
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tz": "Asia/Shanghai"})
        load(env, args.scale)
        fill_buckets(env)
        fill_guest_stats(env)
        ok = check_consistency(env)
        if args.only == "writes":
            bench_writes(env, busiest_guest(env))
        elif args.only == "rankings":
            bench_rankings(env, args.runs, busiest_guest(env), top_dish(env))
        else:
            bench(env, args.runs)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
