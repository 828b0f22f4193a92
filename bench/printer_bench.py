"""Benchmark of fuxi_station_printer: front desks send orders, the station bridge prints them.

N simulated front desks (bench/frontdesk_bench.py's desks: open a table, add a hot, a cold
and a bar dish, send, check out, through JSON-RPC like the browser) against a real Odoo
process; one station bridge (fuxi_station.printing, long polling) prints the kitchen tickets on
three virtual ESC/POS printers on TCP (fuxi_station.testing.printer), one per station. For
every ticket, the latency is the time from the start of the send request to the ticket's cut
received by its printer (one clock, one process). Prints p50/p95/max over the tickets, how many
were printed twice or never, and errors; then the stages of that latency, p50/p95 each: the
send request, its answer → the bridge holds the job (the long poll's wake-up), the bridge →
the cut at the printer, and the bridge's own requests (fetches, acknowledgements).

The headline figure is that run: every desk sends its orders back to back (``--think`` between
its requests), far above a real Saturday night. ``--interval S`` adds a second, paced run
reported on its own after it: each desk starts an order every S seconds (a busy evening is
one order per table every few minutes). With prefork workers the bridge fetches on Odoo's
gevent port (as nginx routes /websocket and /fuxi/station/printer/jobs in production, see
fuxi_station_printer's README): its waiting fetch holds no HTTP worker, and its next fetch
does not queue behind the desks' requests. ``--fetch-on-workers`` fetches on the HTTP port
instead (the design before, for comparison).

Usage (see `scripts/fuxi bench-printer`):
    python bench/printer_bench.py -c ODOO_CONF -d DB [--desks 20] [--orders 5] [--port 8289]
        [--workers 3] [--think 0.5] [--interval 0] [--fetch-on-workers]
"""

import argparse
import os
import re
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg2

import odoo
from odoo.modules.registry import Registry

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "station"))  # this checkout's bridge
import uuid  # noqa: E402

from frontdesk_bench import cleanup, desk_loop, percentile, prepare  # noqa: E402
from fuxi_station.client import OdooClient  # noqa: E402
from fuxi_station.printing import PrintJournal, PrintWorker  # noqa: E402
from fuxi_station.testing.printer import VirtualPrinter  # noqa: E402
from live_odoo import Session, start_server, stop_server  # noqa: E402

TOKEN = "printer-bench-token-0123456789abcdefgh"
NUMBER = re.compile(r"No\.: (\S+)")


def prepare_printers(env, devices):
    """A reader (the bridge's token) and one network printer per station."""
    from odoo.addons.fuxi_card_reader.models.fuxi_card_reader import hash_token

    reader = env["fuxi.card.reader"].create({"name": "printer bench bridge"})
    reader.sudo().token_hash = hash_token(TOKEN)
    printers = env["fuxi.station.printer"]
    for code, device in devices.items():
        station = env["fuxi.kitchen.station"].search([("code", "=", code)])
        printers |= printers.create(
            {
                "name": f"bench {code}",
                "kitchen_station_id": station.id,
                "reader_id": reader.id,
                "host": "127.0.0.1",
                "port": device.port,
                "lang": "en_US",
            }
        )
    return {"reader_id": reader.id, "printer_ids": printers.ids}


class TimedWorker(PrintWorker):
    """The bridge's printer side, timing its requests and when each job reached it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fetches = []  # (start, end, jobs handed out)
        self.acks = []  # (start, end, acknowledgements)
        self.handed = {}  # job id → (fetch start, fetch end)
        fetch, ack_many = self.printers.jobs, self.printers.ack_many

        def timed_fetch(*args, **kwargs):
            start = time.perf_counter()
            answer = fetch(*args, **kwargs)
            end = time.perf_counter()
            jobs = answer[0] if isinstance(answer, tuple) else answer
            self.fetches.append((start, end, len(jobs)))
            for job in jobs:
                self.handed.setdefault(job["job_id"], (start, end))
            return answer

        def timed_ack(acks):
            start = time.perf_counter()
            try:
                return ack_many(acks)
            finally:
                self.acks.append((start, time.perf_counter(), len(acks)))

        self.printers.jobs, self.printers.ack_many = timed_fetch, timed_ack


def paced_loop(base_url, db, login, room_id, dish_ids, orders, sends, errors, interval, offset):
    """A desk at a restaurant's pace: an order every ``interval`` seconds (open, three
    dishes, send, check out, back to back), the desks' starts spread over one interval."""
    try:
        session = Session(base_url, db, login)
    except Exception as exc:  # noqa: BLE001 - counted as an error of the run
        errors.append(f"login {login}: {exc}")
        return
    model = "fuxi.frontdesk.order"
    begin = time.perf_counter() + offset
    for number in range(orders):
        delay = begin + number * interval - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        try:
            order = session.call(model, "open_table", [room_id, False, 2])
            lines = [
                {"uid": uuid.uuid4().hex, "product_id": dish, "quantity": 1, "note": "压测"}
                for dish in dish_ids
            ]
            session.call(model, "add_lines", [[order["id"]], lines])
            before = {ticket["id"] for ticket in order["tickets"]}
            start = time.perf_counter()
            order = session.call(model, "action_send", [[order["id"]], uuid.uuid4().hex])
            answered = time.perf_counter()
            sends.append(
                (start, answered, [t["id"] for t in order["tickets"] if t["id"] not in before])
            )
            session.call(model, "action_checkout", [[order["id"]]], {"confirm": True})
        except Exception as exc:  # noqa: BLE001 - counted as an error of the run
            errors.append(f"{login} order {number}: {exc}")


def run_phase(target, argument_lists):
    """Run one thread per desk; (sends, errors, (start, end) on the bench's clock)."""
    sends, errors = [], []
    threads = [
        threading.Thread(target=target, args=(*arguments, sends, errors, *extra))
        for arguments, extra in argument_lists
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sends, errors, (started, time.perf_counter())


def stage_line(label, values):
    return (
        f"  {label}: p50 {percentile(values, 0.5):.0f} ms, p95 {percentile(values, 0.95):.0f} ms"
        f" (n={len(values)})"
    )


def cleanup_printers(env, info):
    env["fuxi.station.printer"].browse(info["printer_ids"]).unlink()
    env["fuxi.card.reader"].browse(info["reader_id"]).unlink()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--desks", type=int, default=20)
    parser.add_argument("--orders", type=int, default=5, help="orders per desk (3 tickets each)")
    parser.add_argument("--port", type=int, default=8289)
    parser.add_argument("--workers", type=int, default=3, help="Odoo HTTP workers (0: threaded)")
    parser.add_argument(
        "--think", type=float, default=0.5, help="seconds between a desk's requests"
    )
    parser.add_argument(
        "--interval",
        type=float,
        default=0,
        help="also a paced run, reported apart: each desk starts an order every N seconds",
    )
    parser.add_argument(
        "--fetch-on-workers",
        action="store_true",
        help="the bridge fetches on the HTTP port (a waiting fetch holds a worker)",
    )
    parser.add_argument("--log", default="/tmp/fuxi_printer_bench.log", help="Odoo's log")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config])
    registry = Registry(args.database)
    devices = {
        code: VirtualPrinter(clock=time.perf_counter).start() for code in ("hot", "cold", "bar")
    }
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        info = prepare(env, args.desks)
        info.update(prepare_printers(env, devices))
    process, log = start_server(args.config, args.database, args.port, args.log, args.workers)
    base_url = f"http://127.0.0.1:{args.port}"
    # the gevent port in prefork mode (see the docstring); threaded Odoo has one port
    fetch_url = (
        f"http://127.0.0.1:{args.port + 1}"
        if args.workers and not args.fetch_on_workers
        else base_url
    )
    # the gevent process loads the database's registry at its first request (tens of
    # seconds on a loaded machine): not part of any ticket's latency
    OdooClient(fetch_url, TOKEN, timeout=180)._post("/fuxi/station/printer/jobs", {"wait": 0})
    folder = tempfile.TemporaryDirectory()
    journal = PrintJournal(Path(folder.name) / "printed.sqlite")
    worker = TimedWorker(OdooClient(base_url, TOKEN), journal, wait=20, server=fetch_url)
    worker.start()
    phases = []
    desks = list(zip(info["waiters"], info["room_ids"], strict=True))
    try:
        time.sleep(1.0)
        common = (base_url, args.database)
        sends, errors, elapsed = run_phase(
            desk_loop,
            [
                ((*common, login, room_id, info["dish_ids"], args.orders), (args.think,))
                for login, room_id in desks
            ],
        )
        phases.append(("back to back (headline)", sends, errors, elapsed))
        if args.interval > 0:
            time.sleep(2.0)  # the first run's last tickets print
            spread = args.interval / max(1, len(desks))
            sends, errors, elapsed = run_phase(
                paced_loop,
                [
                    (
                        (*common, login, room_id, info["dish_ids"], args.orders),
                        (args.interval, index * spread),
                    )
                    for index, (login, room_id) in enumerate(desks)
                ],
            )
            phases.append(
                (f"paced: an order per desk every {args.interval:g} s", sends, errors, elapsed)
            )
        expected = sum(len(tickets) for _l, sends, _e, _t in phases for _s, _a, tickets in sends)
        deadline = time.time() + 15
        while time.time() < deadline and sum(len(d.tickets) for d in devices.values()) < expected:
            time.sleep(0.05)
    finally:
        worker.stop()
        stop_server(process, log)
        for device in devices.values():
            device.stop()
        worker.join(30)  # its last long poll ends with the server
        names, job_of = {}, {}
        for attempt in range(5):
            try:
                with registry.cursor() as cr:
                    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                    ticket_ids = [
                        ticket
                        for _l, sends, _e, _t in phases
                        for _s, _a, tickets in sends
                        for ticket in tickets
                    ]
                    names = {
                        ticket.id: ticket.name
                        for ticket in env["fuxi.kitchen.ticket"].browse(ticket_ids)
                    }
                    job_of = {
                        job.ticket_id.id: job.id
                        for job in env["fuxi.station.printer.job"].search(
                            [("ticket_id", "in", ticket_ids), ("kind", "=", "kitchen")]
                        )
                    }
                    cleanup_printers(env, info)
                    cleanup(env, info)
                break
            except psycopg2.errors.SerializationFailure:
                time.sleep(1 + attempt)
        journal.close()
        folder.cleanup()
    arrivals, printed_twice = printed_tickets(devices)
    print(f"server: {args.workers} workers" if args.workers else "server: threaded (no workers)")
    print(
        f"the bridge fetches on {'the HTTP port' if fetch_url == base_url else 'the gevent port'}"
    )
    status = 0
    for label, sends, errors, elapsed in phases:
        print(f"== {label}")
        status |= report(args, sends, errors, worker, names, job_of, elapsed, arrivals)
    print(f"printed twice: {printed_twice}, bridge printer failures: {worker.failures}")
    print(f"uptime: {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} (load 1 / 5 min)")
    return 1 if status or printed_twice else 0


def printed_tickets(devices):
    """{ticket number: when its cut reached the printer}, and how many printed twice."""
    arrivals, printed_twice = {}, 0
    for device in devices.values():
        for received, ticket in device.received:
            match = next(
                (NUMBER.search(text) for text in ticket.texts if NUMBER.search(text)), None
            )
            if not match:
                continue
            if match.group(1) in arrivals:
                printed_twice += 1
            arrivals.setdefault(match.group(1), received)
    return arrivals, printed_twice


def report(args, sends, errors, worker, names, job_of, elapsed, arrivals):
    """One run's figures; the bridge's requests are those begun during the run."""
    begin, end = elapsed
    elapsed = end - begin
    fetches = [fetch for fetch in worker.fetches if begin <= fetch[0] <= end]
    acks = [ack for ack in worker.acks if begin <= ack[0] <= end]
    expected = sum(len(tickets) for _s, _a, tickets in sends)
    answers = [(answered - start) * 1000 for start, answered, _tickets in sends]
    latencies, missing = [], 0
    to_bridge, printing, woken, waited = [], [], [], []
    for start, answered, tickets in sends:
        for ticket in tickets:
            if names.get(ticket) in arrivals:
                latencies.append((arrivals[names[ticket]] - start) * 1000)
            else:
                missing += 1
                continue
            handed = worker.handed.get(job_of.get(ticket))
            if handed:
                fetch_start, fetch_end = handed
                to_bridge.append((fetch_end - answered) * 1000)
                printing.append((arrivals[names[ticket]] - fetch_end) * 1000)
                # the fetch that brought it was waiting before the send's commit: the NOTIFY
                # woke it; otherwise the job waited for the bridge's next request
                (woken if fetch_start <= answered else waited).append(to_bridge[-1])
    print(
        f"front desks: {args.desks}, orders sent: {len(sends)}, kitchen tickets: {expected}, "
        f"think time {args.think:g} s, {len(sends) / elapsed:.1f} orders/s"
    )
    print(
        "send → ticket bytes at the printer: "
        f"p50 {percentile(latencies, 0.5):.0f} ms, p95 {percentile(latencies, 0.95):.0f} ms, "
        f"max {max(latencies, default=float('nan')):.0f} ms (target p95 ≤ 300 ms)"
    )
    print(
        f"send request answered (the desk's wait, before printing): "
        f"p50 {percentile(answers, 0.5):.0f} ms, p95 {percentile(answers, 0.95):.0f} ms"
    )
    print("stages of send → ticket (one clock):")
    print(stage_line("send request (start → answer)", answers))
    print(stage_line("answer → the bridge holds the job (< 0: before the answer)", to_bridge))
    print(stage_line("bridge holds the job → cut at the printer", printing))
    print(stage_line("  of which by a fetch waiting at the send's commit (NOTIFY)", woken))
    print(stage_line("  of which by a fetch begun after it (the bridge was busy)", waited))
    busy = [(end - begin) * 1000 for begin, end, count in fetches if count]
    print(stage_line("bridge fetches that returned jobs (request time)", busy))
    print(f"  jobs per fetch: {sum(c for _b, _e, c in fetches) / max(1, len(busy)):.1f}")
    print(
        stage_line(
            "bridge acknowledgements (request time)",
            [(end - begin) * 1000 for begin, end, _count in acks],
        )
    )
    print(f"never printed: {missing}, errors: {len(errors)}")
    for error in errors[:5]:
        print("  ", error)
    return 1 if errors or missing else 0


if __name__ == "__main__":
    sys.exit(main())
