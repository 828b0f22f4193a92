"""Benchmark of fuxi_tracking at restaurant-chain scale (issue: customer tracking).

Loads, with PostgreSQL COPY, 100,000 customers, 1,000,000 visits and 5,000,000 lines over
two years — skewed like a real restaurant (a few guests and dishes far more frequent than
the rest) — with every stored computed value (amounts, dish/drink split, the line's copies of
customer, date and kind) consistent with what the ORM would store. Then measures, warm, the
median of several runs:

* the three rankings for one year through fuxi.ranking.action_compute (what the user runs),
  next to the same ranking as a plain SQL SELECT;
* the customer form of a guest with 2,000 visits (smart buttons, summary, history tab), its
  time and number of queries;
* the nightly customer value (RFM) recompute for all customers.

Usage (a database with fuxi_tracking installed, see `scripts/fuxi bench`):
    python bench/tracking_bench.py -c ODOO_CONF -d DB [--scale 1.0] [--runs 5]
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

HEAVY_VISITS = 2000


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


def copy_rows(cr, table, columns, rows):
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row))
        buffer.write("\n")
    buffer.seek(0)
    cr._obj.copy_from(buffer, table, columns=columns)


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
        cr,
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
    heavy = partner_ids[0]
    # visits: skewed customers (Zipf) after one guest with exactly HEAVY_VISITS visits
    weights = zipf_weights(n_customers, 0.9)
    visit_partners = [heavy] * HEAVY_VISITS + rng.choices(
        partner_ids[1:], weights=weights[1:], k=n_visits - HEAVY_VISITS
    )
    start_day = now - timedelta(days=730)
    product_weights = zipf_weights(len(product_info), 1.0)
    cr.execute("SELECT COALESCE(MAX(id), 0) FROM fuxi_consumption")
    first_visit = cr.fetchone()[0] + 1
    cr.execute("SELECT COALESCE(MAX(id), 0) FROM fuxi_consumption_line")
    line_id = cr.fetchone()[0]
    # lines per visit: around 5, varying, adding up to exactly n_lines
    counts = [max(1, round(rng.gauss(n_lines / n_visits, 1.5))) for _ in range(n_visits)]
    difference = n_lines - sum(counts)
    step = 1 if difference > 0 else -1
    while difference:
        index = rng.randrange(n_visits)
        if counts[index] + step >= 1:
            counts[index] += step
            difference -= step
    visit_rows, line_rows = [], []
    for offset, partner_id in enumerate(visit_partners):
        visit_id = first_visit + offset
        date = start_day + timedelta(seconds=rng.randint(0, 730 * 86400))
        count = counts[offset]
        dishes = drinks = 0.0
        for product_id, price, kind in rng.choices(product_info, weights=product_weights, k=count):
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
    # bulk load as Odoo's own populate does: no per-row triggers (foreign keys are consistent
    # by construction), secondary indexes rebuilt once at the end
    index_definitions = drop_indexes(cr, ("fuxi_consumption", "fuxi_consumption_line"))
    cr.execute("SET session_replication_role = replica")
    copy_rows(
        cr,
        "fuxi_consumption",
        [
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
        ],
        visit_rows,
    )
    copy_rows(
        cr,
        "fuxi_consumption_line",
        [
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
        ],
        line_rows,
    )
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
        f"loaded {n_customers:,} customers, {len(visit_rows):,} visits, {len(line_rows):,} lines "
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


def bench(env, runs):
    cr = env.cr
    cr.execute("SELECT id FROM res_partner WHERE ref = 'BENCH0000000'")
    heavy = env["res.partner"].browse(cr.fetchone()[0])
    cr.execute(
        "SELECT product_id FROM fuxi_consumption_line"
        " GROUP BY product_id ORDER BY COUNT(*) DESC LIMIT 1"
    )
    top_dish = env["product.product"].browse(cr.fetchone()[0])
    today = datetime.now().date()
    period = {"period": "custom", "date_from": today - timedelta(days=365), "date_to": today}
    Ranking = env["fuxi.ranking"].with_context(tz="Asia/Shanghai")
    cases = [
        (
            "1 customer's dishes (heavy guest)",
            {"ranking": "customer_dishes", "partner_id": heavy.id},
        ),
        ("2 top dish's customers", {"ranking": "dish_customers", "product_id": top_dish.id}),
        ("3 all customers by spend", {"ranking": "customer_spend"}),
    ]
    header = f"{'one-year ranking':38} {'ORM (ms)':>10} {'plain SQL (ms)':>15} {'ratio':>7}"
    print(f"\n{header} {'rows':>8}")
    results = []
    for label, vals in cases:
        ranking = Ranking.create({**period, **vals})

        def run_orm(ranking=ranking):
            ranking.action_compute()
            env.cr.execute("SELECT 1")  # keep the transaction as a user's request would

        def run_sql(ranking=ranking):
            # the same ranking (same rows and columns, in rank order) as a plain SELECT, with
            # the same memory for sorting as action_compute gives itself
            env.cr.execute("SET LOCAL work_mem = '64MB'")
            env.cr.execute(ranking._ranking_query())
            env.cr.fetchall()

        orm_ms, _ = timed(run_orm, runs)
        sql_ms, _ = timed(run_sql, runs)
        rows = len(ranking.line_ids)
        results.append((label, orm_ms, sql_ms))
        print(f"{label:38} {orm_ms:10.0f} {sql_ms:15.0f} {orm_ms / sql_ms:7.2f} {rows:8,}")
        cr.rollback()

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
        "consumption_ids": {"limit": 20, "fields": {"name": {}, "date": {}, "amount_total": {}}},
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
        f"\ncustomer form, {heavy.visit_count:,} visits: {form_ms:.0f} ms, {form_queries} queries"
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
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tz": "Asia/Shanghai"})
        load(env, args.scale)
        ok = check_consistency(env)
        bench(env, args.runs)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
