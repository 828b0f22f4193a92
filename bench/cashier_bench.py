"""Benchmark of fuxi_cashier (issue 13) on the benchmark database (100,000 customers):
checkouts with member rules and two payments. For each bill, a member drawn from the
customers, a table opened with four dishes, sent and served by the kitchen (not timed; with
``--unserved`` the dishes are still in the kitchen and the checkout closes their tickets),
then timed, each in its own
committed transaction as an RPC would be, what the payment panel sends for such a bill:

- the member swiped at the table (the issue's tour: "open a table, swipe a VIP member,
  order, send, checkout"): cashier_bill (the panel opens, a read) → cashier_settle (the
  member's rules, stored value + cash with change, and the close, in one request). The
  checkout is the settle: target p95 ≤ 50 ms.
- the member swiped in the panel instead (``--panel-bills``): cashier_bill →
  cashier_set_member → cashier_settle; printed as set_member + settle.
- for comparison (``--old-bills``, default none), the verbs one by one (the path of partial
  payments): cashier_set_member → cashier_pay (stored value) → cashier_pay (cash) →
  cashier_close.

After each checkout, the front desk's job writes the visit as a cron worker would, in its
own transaction (the checkout no longer waits for it): its time is printed apart.

Prints p50/p95 of each verb and of each checkout (server time: the call, the flush and the
commit), and the median number of queries of each verb. The context is the web client's
(language, time zone, the user's company).

Usage (`make bench-cashier`):
    python bench/cashier_bench.py -c ODOO_CONF -d DB [--bills 500] [--panel-bills N]
        [--old-bills N] [--tables 20]
"""

import argparse
import os
import random
import statistics
import sys
import time
import uuid

import odoo
from odoo.modules.registry import Registry

TARGET_MS = 50


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def bench_user(env, login, name, group):
    """The bench's user of that group (made once, kept)."""
    Users = env["res.users"].with_context(active_test=False)
    user = Users.search([("login", "=", login)])
    if not user:
        user = Users.create(
            {"name": name, "login": login, "groups_id": [(6, 0, [env.ref(group).id])]}
        )
    user.active = True
    return user


def prepare(env, tables):
    """Cashier, tables, rules and methods of the bench (made once, kept)."""
    cashier = bench_user(env, "bench_cashier", "压测收银员", "fuxi_cashier.group_fuxi_cashier")
    cook = bench_user(env, "bench_cook", "压测厨师", "fuxi_frontdesk.group_fuxi_kitchen")
    Room = env["fuxi.room"]
    rooms = Room.search([("name", "like", "收银压测桌%")], order="id")
    if len(rooms) < tables:
        rooms |= Room.create(
            [{"name": f"收银压测桌 {n}", "kind": "table"} for n in range(len(rooms), tables)]
        )
    Rule = env["fuxi.cashier.price.rule"]
    if not Rule.search([("kind", "=", "member_class")]):
        vip = env["fuxi.customer.class"].search([("is_vip", "=", True)], limit=1)
        Rule.create(
            [
                {
                    "name": "VIP 9折",
                    "kind": "member_class",
                    "percent": 10,
                    "customer_class_ids": [(6, 0, vip.ids)],
                },
                {"name": "生日月8折", "kind": "birthday", "percent": 20},
                {"name": "抹零", "kind": "rounding", "rounding_step": 1.0},
            ]
        )
    if not env["fuxi.cashier.topup.rule"].search([]):
        env["fuxi.cashier.topup.rule"].create(
            {"name": "充1000送100", "min_amount": 1000, "bonus": 100}
        )
    # a run stopped in the middle of a bill leaves its table open: the next run would open
    # that order again and find its dishes already served
    leftovers = env["fuxi.frontdesk.order"].search(
        [("room_id", "in", rooms.ids), ("state", "=", "open")]
    )
    if leftovers:
        print(f"{len(leftovers)} bench table(s) left open by an interrupted run: cancelled")
        leftovers.write({"state": "cancel"})
    methods = {m.kind: m for m in env["fuxi.cashier.payment.method"].search([])}
    dishes = env["product.product"].search(
        [("product_tmpl_id.is_fuxi_dish", "=", True), ("sale_ok", "=", True)], limit=50
    )
    env.cr.commit()
    return cashier, cook, rooms, methods, dishes


def bench(registry, bills, old_bills, tables, panel_bills=0, unserved=False):
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tz": "Asia/Shanghai", "lang": "zh_CN"})
        cashier, cook, rooms, methods, dishes = prepare(env, tables)
        cook_id = cook.id
        company_ids = cashier.company_id.ids
        cr.execute("SELECT id FROM res_partner WHERE is_fuxi_customer ORDER BY id")
        customers = [row[0] for row in cr.fetchall()]
    print(f"data: {len(customers):,} customers, {len(dishes)} dishes, {len(rooms)} tables")
    # the machine's load next to the figures: timings are only comparable at a like load
    load_before = os.getloadavg()
    rng = random.Random(13)
    names = (
        "topup",
        "open_bill",
        "settle",
        "panel_open_bill",
        "panel_set_member",
        "panel_settle",
        "old_set_member",
        "old_pay_stored",
        "old_pay_cash",
        "old_close",
        "visit_job",
    )
    timings = {name: [] for name in names}
    queries = {name: [] for name in names}
    # the commit apart: PostgreSQL waits for the disk to have the WAL (fdatasync), and on a
    # virtual machine's disk that wait has a long tail of its own
    commits = {name: [] for name in names}
    checkouts = {"settle": [], "panel": [], "old": []}
    context = {
        "tz": "Asia/Shanghai",
        "lang": "zh_CN",
        "tracking_disable": True,
        "allowed_company_ids": company_ids,
    }

    def timed(name, func):
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, cashier.id, context)
            start = time.perf_counter()
            count0 = cr.sql_log_count
            result = func(env)
            env.flush_all()
            queries[name].append(cr.sql_log_count - count0)
            committing = time.perf_counter()
            cr.commit()
            end = time.perf_counter()
            timings[name].append((end - start) * 1000)
            commits[name].append((end - committing) * 1000)
            return result

    def untimed(func):
        with registry.cursor() as cr:
            return func(odoo.api.Environment(cr, cashier.id, context))

    def new_bill(number, at_table):
        member_id = rng.choice(customers)
        room = rooms[number % len(rooms)]
        timed(
            "topup",
            lambda env: env["fuxi.frontdesk.order"].cashier_topup(
                member_id, methods["cash"].id, 1000, uuid.uuid4().hex
            ),
        )
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, cashier.id, context)
            Order = env["fuxi.frontdesk.order"]
            # the member swiped at the table when it opens, or later in the panel
            order = Order.browse(
                Order.open_table(room.id, member_id if at_table else False, 2)["id"]
            )
            order.add_lines(
                [
                    {"uid": uuid.uuid4().hex, "product_id": dish.id}
                    for dish in rng.sample(list(dishes), 4)
                ]
            )
            order.action_send(uuid.uuid4().hex)
            order_id = order.id
            if not unserved:
                # the meal is over: the kitchen served every dish before the bill
                tickets = order.ticket_ids.with_user(cook_id)
                for __ in range(3):  # new → cooking → ready → served
                    tickets.action_bump()

        def on_order(env):
            return env["fuxi.frontdesk.order"].browse(order_id)

        return member_id, on_order

    def by_verbs(member_id, on_order):
        """The verbs one by one (partial payments; the panel before the settle)."""
        timed("old_set_member", lambda env: on_order(env).cashier_set_member(member_id))
        timed(
            "old_pay_stored",
            lambda env: on_order(env).cashier_pay(
                methods["stored_value"].id, 50, client_id=uuid.uuid4().hex
            ),
        )
        due = untimed(lambda env: on_order(env).cashier_bill())["due"]
        timed(
            "old_pay_cash",
            lambda env: on_order(env).cashier_pay(
                methods["cash"].id, due, tendered=due + 20, client_id=uuid.uuid4().hex
            ),
        )
        result = timed("old_close", lambda env: on_order(env).cashier_close())
        record_visit()
        verbs = ("old_set_member", "old_pay_stored", "old_pay_cash", "old_close")
        checkouts["old"].append(sum(timings[name][-1] for name in verbs))
        return result

    def two_payments(due):
        return [
            {"method_id": methods["stored_value"].id, "amount": 50},
            {
                "method_id": methods["cash"].id,
                "amount": round(due - 50, 2),
                "tendered": round(due - 50 + 20, 2),
            },
        ]

    def by_table(member_id, on_order):
        """The member swiped at the table: the panel opens on their bill, one settle."""
        due = timed("open_bill", lambda env: on_order(env).cashier_bill())["due"]
        result = timed(
            "settle",
            lambda env: on_order(env).cashier_settle(
                two_payments(due), uuid.uuid4().hex, member_id=member_id, due=due
            ),
        )
        checkouts["settle"].append(timings["settle"][-1])
        record_visit()
        return result

    def by_panel(member_id, on_order):
        """The member swiped in the panel: open, the member, the settle."""
        timed("panel_open_bill", lambda env: on_order(env).cashier_bill())
        due = timed("panel_set_member", lambda env: on_order(env).cashier_set_member(member_id))[
            "due"
        ]
        result = timed(
            "panel_settle",
            lambda env: on_order(env).cashier_settle(
                two_payments(due), uuid.uuid4().hex, member_id=member_id, due=due
            ),
        )
        checkouts["panel"].append(timings["panel_set_member"][-1] + timings["panel_settle"][-1])
        record_visit()
        return result

    def record_visit():
        """The front desk's job writing the visit after the checkout's commit, as a cron
        worker runs it (its time is the server's, not the cashier's: printed apart)."""
        done = timed(
            "visit_job",
            lambda env: env["fuxi.frontdesk.order"].sudo()._cron_record_visits(),
        )
        assert done == 1, done

    # the paths alternate: all see the same load of the machine
    schedule = []
    for number in range(max(bills, panel_bills, old_bills)):
        schedule += (
            ([(by_table, True)] if number < bills else [])
            + ([(by_panel, False)] if number < panel_bills else [])
            + ([(by_verbs, False)] if number < old_bills else [])
        )
    for number, (path, at_table) in enumerate(schedule):
        result = path(*new_bill(number, at_table))
        assert result["bill"]["state"] == "paid", result["bill"]
    load_after = os.getloadavg()
    print(
        "load average (1, 5, 15 min): "
        f"before {' '.join(f'{v:.2f}' for v in load_before)}, "
        f"after {' '.join(f'{v:.2f}' for v in load_after)}"
    )
    return report(timings, queries, checkouts, commits)


def report(timings, queries, checkouts, commits):
    """Prints the figures; answers whether the checkout missed its target."""
    print(
        f"{'bills (ms)':32} {'p50':>8} {'p95':>8}  queries (median)   bills"
        "   of which the commit: p50    p95"
    )
    for name, values in timings.items():
        if values:
            print(
                f"  {name:30} {statistics.median(values):8.1f} {percentile(values, 0.95):8.1f}"
                f"  {statistics.median(queries[name]):8.0f}  {len(values):14d}"
                f"  {statistics.median(commits[name]):25.1f} {percentile(commits[name], 0.95):6.1f}"
            )
    every = [value for values in commits.values() for value in values]
    if every:
        print(
            f"  commits (the disk's WAL flush), all {len(every)}: p50 "
            f"{statistics.median(every):.1f}, p95 {percentile(every, 0.95):.1f}, p99 "
            f"{percentile(every, 0.99):.1f} ms"
        )
    slow = False
    for name, label in (
        ("settle", "checkout (settle)"),
        ("panel", "swiped in the panel (2 verbs)"),
        ("old", "verbs one by one (4 verbs)"),
    ):
        values = checkouts[name]
        if values:
            p95 = percentile(values, 0.95)
            print(
                f"  {label:30} {statistics.median(values):8.1f} {p95:8.1f}"
                + (f"  target p95 ≤ {TARGET_MS}" if name == "settle" else "")
            )
            if name == "settle":
                slow = p95 > TARGET_MS
                # what the code costs, the disk's wait set aside (see the commits' line)
                work = [
                    total - commit
                    for total, commit in zip(timings["settle"], commits["settle"], strict=True)
                ]
                print(
                    f"  {'  the settle before its commit':30} {statistics.median(work):8.1f}"
                    f" {percentile(work, 0.95):8.1f}"
                )
    return slow


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument(
        "--bills", type=int, default=500, help="checkouts of a member swiped at the table"
    )
    parser.add_argument(
        "--panel-bills",
        type=int,
        default=None,
        help="checkouts of a member swiped in the panel (default: --bills)",
    )
    parser.add_argument("--old-bills", type=int, default=0, help="checkouts verb by verb")
    parser.add_argument(
        "--unserved",
        action="store_true",
        help="pay while every dish is still in the kitchen (the checkout closes the tickets)",
    )
    parser.add_argument("--tables", type=int, default=20)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = Registry(args.database)
    panel_bills = args.bills if args.panel_bills is None else args.panel_bills
    slow = bench(
        registry, args.bills, args.old_bills, args.tables, panel_bills, unserved=args.unserved
    )
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
