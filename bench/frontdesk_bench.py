"""Benchmark of fuxi_frontdesk: front desks sending orders while a kitchen display listens.

N simulated front desks (threads, each its own logged-in session and table) loop:
open the table → add three dishes (hot, cold, bar) → send to the kitchen → check out,
through Odoo's JSON-RPC like the browser does. A kitchen display is connected to Odoo's
websocket (/websocket) as a kitchen user. For every ticket the send creates, the latency is
the time from the start of the send request to the ticket's arrival on the kitchen's
websocket (one clock, one process). Prints p50/p95/max, orders per second and errors.

The server is a real Odoo process (threaded, as `odoo-bin` runs without workers) on its own
port, against a database with fuxi_frontdesk installed; the script creates its tables,
dishes and users and removes them at the end.

Usage (see `scripts/fuxi bench-frontdesk`):
    python bench/frontdesk_bench.py -c ODOO_CONF -d DB [--desks 20] [--orders 10] [--port 8279]
        [--workers 2] [--think 0.5,0]

Two runs by default: desks pausing 0.5 s between requests (a very busy service), then no
pause at all (saturation: the orders per second the server sustains).
"""

import argparse
import sys
import threading
import time
import uuid
from pathlib import Path

import odoo
from odoo.modules.registry import Registry

sys.path.insert(0, str(Path(__file__).resolve().parent))
from live_odoo import (
    PASSWORD,
    BusListener,
    Session,
    start_server,
    stop_server,
)


# ---------------------------------------------------------------- data (in-process ORM)
def prepare(env, desks, tag=None):
    """Tables, one dish per station, a kitchen user and one waiter per desk."""
    tag = tag or uuid.uuid4().hex[:6]
    groups = env.ref("fuxi_frontdesk.group_fuxi_frontdesk_user")
    kitchen_group = env.ref("fuxi_frontdesk.group_fuxi_kitchen")
    Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
    waiters = Users.create(
        [
            {
                "name": f"压测服务员{index} {tag}",
                "login": f"fd_bench_{tag}_{index}",
                "password": PASSWORD,
                "groups_id": [(6, 0, groups.ids)],
            }
            for index in range(desks)
        ]
    )
    cook = Users.create(
        {
            "name": f"压测厨房 {tag}",
            "login": f"fd_bench_{tag}_kitchen",
            "password": PASSWORD,
            "groups_id": [(6, 0, kitchen_group.ids)],
        }
    )
    rooms = env["fuxi.room"].create(
        [{"name": f"压测桌{index} {tag}", "kind": "table"} for index in range(desks)]
    )
    dishes = []
    for station, kind in (("hot", "dish"), ("cold", "dish"), ("bar", "drink")):
        template = env["product.template"].create(
            {
                "name": f"压测{station} {tag}",
                "is_fuxi_dish": True,
                "fuxi_kind": kind,
                "list_price": 20,
            }
        )
        template.fuxi_station = station
        dishes.append(template.product_variant_id.id)
    return {
        "tag": tag,
        "waiters": waiters.mapped("login"),
        "kitchen": cook.login,
        "room_ids": rooms.ids,
        "dish_ids": dishes,
        "user_ids": (waiters | cook).ids,
    }


def cleanup(env, info):
    orders = env["fuxi.frontdesk.order"].search([("room_id", "in", info["room_ids"])])
    consumptions = orders.consumption_id
    orders.ticket_ids.unlink()
    orders.line_ids.unlink()
    orders.unlink()
    consumptions.sudo().unlink()
    env["fuxi.room"].browse(info["room_ids"]).unlink()
    env["product.product"].browse(info["dish_ids"]).product_tmpl_id.unlink()
    env["res.users"].browse(info["user_ids"]).write({"active": False})


class KitchenListener(BusListener):
    """The kitchen display: when each new ticket arrives."""

    def __init__(self, base_url, session, websocket_url):
        super().__init__(base_url, session, websocket_url)
        self.arrivals = {}

    def handle(self, message_type, payload, received, received_wall):
        if message_type == "fuxi_kitchen/ticket" and payload["state"] == "new":
            self.arrivals.setdefault(payload["id"], received)


def desk_loop(base_url, db, login, room_id, dish_ids, orders, sends, errors, think=0.0):
    try:
        session = Session(base_url, db, login)
    except Exception as exc:  # noqa: BLE001 - counted as an error of the run
        errors.append(f"login {login}: {exc}")
        return
    model = "fuxi.frontdesk.order"
    for number in range(orders):
        try:
            time.sleep(think)
            order = session.call(model, "open_table", [room_id, False, 2])
            time.sleep(think)
            lines = [
                {"uid": uuid.uuid4().hex, "product_id": dish, "quantity": 1, "note": "压测"}
                for dish in dish_ids
            ]
            session.call(model, "add_lines", [[order["id"]], lines])
            time.sleep(think)
            before = {ticket["id"] for ticket in order["tickets"]}
            start = time.perf_counter()
            order = session.call(model, "action_send", [[order["id"]], uuid.uuid4().hex])
            answered = time.perf_counter()
            new = [ticket["id"] for ticket in order["tickets"] if ticket["id"] not in before]
            sends.append((start, answered, new))
            time.sleep(think)
            session.call(model, "action_checkout", [[order["id"]]], {"confirm": True})
        except Exception as exc:  # noqa: BLE001 - counted as an error of the run
            errors.append(f"{login} order {number}: {exc}")


def run_load(base_url, db, info, orders, think=0.0, websocket_url=None):
    websocket_url = websocket_url or base_url.replace("http", "ws", 1)
    kitchen = KitchenListener(base_url, Session(base_url, db, info["kitchen"]), websocket_url)
    kitchen.start()
    time.sleep(1.0)  # the first message of a connection is slower: let it settle
    sends, errors = [], []
    threads = [
        threading.Thread(
            target=desk_loop,
            args=(base_url, db, login, room_id, info["dish_ids"], orders, sends, errors, think),
        )
        for login, room_id in zip(info["waiters"], info["room_ids"], strict=True)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    deadline = time.time() + 10
    expected = {ticket for _s, _a, tickets in sends for ticket in tickets}
    while time.time() < deadline and not expected <= set(kitchen.arrivals):
        time.sleep(0.05)
    kitchen.stop()
    latencies, answers, missing = [], [], 0
    for start, answered, tickets in sends:
        answers.append((answered - start) * 1000)
        for ticket in tickets:
            if ticket in kitchen.arrivals:
                latencies.append((kitchen.arrivals[ticket] - start) * 1000)
            else:
                missing += 1
    return {
        "orders": len(sends),
        "tickets": len(expected),
        "missing": missing,
        "errors": errors,
        "elapsed": elapsed,
        "latencies": latencies,
        "answers": answers,
    }


def percentile(values, share):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(result, desks):
    lat = result["latencies"]
    print(f"front desks: {desks}, orders sent: {result['orders']}, tickets: {result['tickets']}")
    print(
        "send → ticket on the kitchen websocket: "
        f"p50 {percentile(lat, 0.5):.0f} ms, p95 {percentile(lat, 0.95):.0f} ms, "
        f"max {max(lat, default=float('nan')):.0f} ms (target p95 ≤ 300 ms)"
    )
    print(
        f"send request answered: p50 {percentile(result['answers'], 0.5):.0f} ms, "
        f"p95 {percentile(result['answers'], 0.95):.0f} ms"
    )
    print(
        f"orders per second (open, add 3 dishes, send, check out): "
        f"{result['orders'] / result['elapsed']:.1f} over {result['elapsed']:.1f} s"
    )
    print(
        f"errors: {len(result['errors'])}, tickets never seen by the kitchen: {result['missing']}"
    )
    for error in result["errors"][:5]:
        print("  ", error)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--desks", type=int, default=20)
    parser.add_argument("--orders", type=int, default=10, help="orders per desk")
    parser.add_argument("--port", type=int, default=8279)
    parser.add_argument(
        "--workers", type=int, default=2, help="Odoo HTTP workers (0: threaded server)"
    )
    parser.add_argument(
        "--think",
        default="0.5,0",
        help="seconds a desk waits between two requests, one run per value "
        "(0: as fast as the server answers, i.e. saturation)",
    )
    parser.add_argument("--log", default="/tmp/fuxi_frontdesk_bench.log", help="Odoo's log")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config])
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        info = prepare(env, args.desks)
    process, log = start_server(args.config, args.database, args.port, args.log, args.workers)
    websocket_port = args.port + 1 if args.workers else args.port
    results = []
    try:
        for think in [float(value) for value in args.think.split(",")]:
            result = run_load(
                f"http://127.0.0.1:{args.port}",
                args.database,
                info,
                args.orders,
                think=think,
                websocket_url=f"ws://127.0.0.1:{websocket_port}",
            )
            results.append((think, result))
    finally:
        stop_server(process, log)
        with registry.cursor() as cr:
            cleanup(odoo.api.Environment(cr, odoo.SUPERUSER_ID, {}), info)
    print(f"server: {args.workers} workers" if args.workers else "server: threaded (no workers)")
    for think, result in results:
        print(f"\n--- think time between a desk's requests: {think:g} s")
        report(result, args.desks)
    failed = any(result["errors"] or result["missing"] for _think, result in results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
