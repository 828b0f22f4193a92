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

Usage (see `scripts/fuxi bench-printer`):
    python bench/printer_bench.py -c ODOO_CONF -d DB [--desks 20] [--orders 5] [--port 8289]
        [--workers 3] [--think 0.5]
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
from frontdesk_bench import cleanup, desk_loop, percentile, prepare  # noqa: E402
from fuxi_station.client import OdooClient  # noqa: E402
from fuxi_station.printing import PrintJournal, PrintWorker  # noqa: E402
from fuxi_station.testing.printer import VirtualPrinter  # noqa: E402
from live_odoo import start_server, stop_server  # noqa: E402

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
    folder = tempfile.TemporaryDirectory()
    journal = PrintJournal(Path(folder.name) / "printed.sqlite")
    worker = TimedWorker(OdooClient(base_url, TOKEN), journal, wait=20)
    worker.start()
    sends, errors = [], []
    try:
        time.sleep(1.0)
        threads = [
            threading.Thread(
                target=desk_loop,
                args=(
                    base_url,
                    args.database,
                    login,
                    room_id,
                    info["dish_ids"],
                    args.orders,
                    sends,
                    errors,
                    args.think,
                ),
            )
            for login, room_id in zip(info["waiters"], info["room_ids"], strict=True)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        expected = sum(len(tickets) for _s, _a, tickets in sends)
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
                    ticket_ids = [ticket for _s, _a, tickets in sends for ticket in tickets]
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
    return report(args, sends, errors, devices, worker, names, job_of, expected, elapsed)


def report(args, sends, errors, devices, worker, names, job_of, expected, elapsed):
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
    print(f"server: {args.workers} workers" if args.workers else "server: threaded (no workers)")
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
    busy = [(end - begin) * 1000 for begin, end, count in worker.fetches if count]
    print(stage_line("bridge fetches that returned jobs (request time)", busy))
    print(f"  jobs per fetch: {sum(c for _b, _e, c in worker.fetches) / max(1, len(busy)):.1f}")
    print(
        stage_line(
            "bridge acknowledgements (request time)",
            [(end - begin) * 1000 for begin, end, _count in worker.acks],
        )
    )
    print(
        f"printed twice: {printed_twice}, never printed: {missing}, errors: {len(errors)}, "
        f"bridge printer failures: {worker.failures}"
    )
    print(f"uptime: {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} (load 1 / 5 min)")
    for error in errors[:5]:
        print("  ", error)
    return 1 if errors or missing or printed_twice else 0


if __name__ == "__main__":
    sys.exit(main())
