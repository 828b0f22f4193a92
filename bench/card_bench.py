"""Benchmark of fuxi_card_reader: a card put on a reader → the guest's profile on the
station's websocket, with 100,000 customers and their cards.

The real chain runs: pcscd + vsmartcard's virtual reader + a simulated card → the
station bridge (fuxi-station, pyscard) → Odoo (2 workers, as in production) → the station
user's websocket. For every swipe:

* PC/SC delay: card inserted (simulator) → UID read by the bridge (pcscd polls the virtual
  reader every ~0.4 s: this is the reader, not Fuxi);
* bridge → station: UID read → the swipe message (with the profile) on the websocket —
  the figure Fuxi is responsible for (target p95 ≤ 150 ms).

Guests come as they really do: the swiped cards are drawn Zipf-weighted over the guests
ranked by their number of visits, so the busiest regulars (tens of thousands of visits) are
among them and their profile costs what a newcomer's does (issue 16).

In the same run, Odoo's own hr_attendance kiosk badge scan (/hr_attendance/
attendance_barcode_scanned, 10,000 employees with badges) is measured, one scan after each
swipe (the same load on the machine) and 200 back to back after them: the target is a
card read → profile p95 not above the lower of the two badge scan p95s.

Usage (see `scripts/fuxi bench-card`):
    python bench/card_bench.py -c ODOO_CONF -d DB [--swipes 200] [--port 8289]
"""

import argparse
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

import odoo
from odoo.modules.registry import Registry

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "station"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

import live_odoo as live  # noqa: E402
from fuxi_station.testing.card import SimulatedCard  # noqa: E402
from pcsc_fixtures import VIRTUAL_READER, virtual_reader  # noqa: E402

CUSTOMERS = 100_000
EMPLOYEES = 10_000


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def ensure_cards(env):
    """One active card per Fuxi customer, loaded with COPY once."""
    cr = env.cr
    cr.execute("SELECT COUNT(*) FROM fuxi_card WHERE number LIKE 'BE%'")
    if cr.fetchone()[0] >= CUSTOMERS:
        return
    cr.execute(
        "SELECT id FROM res_partner WHERE is_fuxi_customer AND active ORDER BY id LIMIT %s",
        [CUSTOMERS],
    )
    partners = [row[0] for row in cr.fetchall()]
    if len(partners) < CUSTOMERS:
        needed = CUSTOMERS - len(partners)
        print(f"creating {needed} customers")
        buffer = io.StringIO()
        for index in range(needed):
            buffer.write(f"压测客户{index}\t压测客户{index}\tt\tt\tcontact\ten_US\n")
        buffer.seek(0)
        cr._obj.copy_from(
            buffer,
            "res_partner",
            columns=["name", "complete_name", "is_fuxi_customer", "active", "type", "lang"],
        )
        cr.execute(
            "SELECT id FROM res_partner WHERE is_fuxi_customer AND active ORDER BY id LIMIT %s",
            [CUSTOMERS],
        )
        partners = [row[0] for row in cr.fetchall()]
    print(f"loading {len(partners)} cards")
    buffer = io.StringIO()
    for index, partner_id in enumerate(partners):
        buffer.write(f"BE{index:012X}\tcontactless\t{partner_id}\tactive\t2025-01-01\n")
    buffer.seek(0)
    cr._obj.copy_from(
        buffer, "fuxi_card", columns=["number", "kind", "partner_id", "state", "issue_date"]
    )
    cr.execute("ANALYZE fuxi_card")


def cards_by_visits(env):
    """The bench cards of the guests, busiest guest first (then the guests without a visit)."""
    env.cr.execute(
        """
        SELECT c.number, COALESCE(s.visits, 0)
          FROM fuxi_card c
          LEFT JOIN (SELECT partner_id, SUM(visit_count) AS visits
                       FROM fuxi_guest_stat GROUP BY partner_id) s ON s.partner_id = c.partner_id
         WHERE c.number LIKE 'BE%%' AND c.state = 'active'
         ORDER BY 2 DESC, c.id
        """
    )
    return env.cr.fetchall()


def ensure_employees(env):
    """10,000 employees with badges for the hr_attendance comparison."""
    Employee = env["hr.employee"].with_context(tracking_disable=True, mail_create_nolog=True)
    have = Employee.search_count([("barcode", "=like", "BADGE%")])
    if have >= EMPLOYEES:
        return
    print(f"creating {EMPLOYEES - have} employees with badges")
    for start in range(have, EMPLOYEES, 1000):
        Employee.create(
            [
                {"name": f"压测员工{n}", "barcode": f"BADGE{n:06d}"}
                for n in range(start, min(start + 1000, EMPLOYEES))
            ]
        )
        env.cr.commit()


def ensure_attendance_installed(conf, db):
    registry = Registry(db)
    with registry.cursor() as cr:
        cr.execute("SELECT state FROM ir_module_module WHERE name = 'hr_attendance'")
        installed = cr.fetchone()[0] == "installed"
    if not installed:
        print("installing hr_attendance for the comparison")
        subprocess.run(
            [
                str(Path(sys.executable).with_name("odoo")),
                "-c",
                conf,
                "-d",
                db,
                "-i",
                "hr_attendance",
                "--stop-after-init",
                "--no-http",
                "--log-level",
                "warn",
            ],
            check=True,
        )
    return Registry.new(db) if not installed else registry


def prepare(env):
    tag = uuid.uuid4().hex[:6]
    station = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            {
                "name": f"压测刷卡台 {tag}",
                "login": f"card_bench_{tag}",
                "password": live.PASSWORD,
                "groups_id": [
                    (
                        6,
                        0,
                        (
                            env.ref("fuxi_customer.group_fuxi_customer_viewer")
                            | env.ref("fuxi_tracking.group_fuxi_tracking_viewer")
                        ).ids,
                    )
                ],
            }
        )
    )
    reader = env["fuxi.card.reader"].create(
        {"name": f"压测读卡器 {tag}", "station": "前台", "user_ids": [(6, 0, station.ids)]}
    )
    # the token is shown once: only the dialog's action holds it
    token = reader.action_new_token()["context"]["fuxi_reader_token"]
    kiosk_key = env.company.attendance_kiosk_key
    return {
        "station": station.login,
        "station_id": station.id,
        "reader_id": reader.id,
        "token": token,
        "kiosk_key": kiosk_key,
    }


def cleanup(env, info):
    env["fuxi.card.swipe"].search([("reader_id", "=", info["reader_id"])]).unlink()
    env["fuxi.card.reader"].browse(info["reader_id"]).unlink()
    env["res.users"].browse(info["station_id"]).active = False


class Station(live.BusListener):
    """The station's browser: when each swipe message arrives (wall clock, like read_at)."""

    def __init__(self, base_url, ws_url, db, login):
        super().__init__(base_url, live.Session(base_url, db, login), ws_url)
        self.arrivals = {}

    def handle(self, message_type, payload, received, received_wall):
        if message_type == "fuxi_card/swipe":
            self.arrivals[payload["identifier"]] = (received_wall, payload)


def measure_swipes(base_url, ws_url, db, info, prefix, swipes, tmp, card_port, cards):
    station = Station(base_url, ws_url, db, info["station"])
    station.start()
    bridge = subprocess.Popen(
        [
            *prefix,
            sys.executable,
            "-m",
            "fuxi_station",
            "--server",
            base_url,
            # one argument: a token may begin with "-", read by argparse as an option
            f"--token={info['token']}",
            "--reader",
            VIRTUAL_READER,
            "--queue",
            str(tmp / "queue.sqlite"),
            "--debounce",
            "0.2",
            "--heartbeat",
            "0",
            "--log-level",
            "WARNING",
        ],
        # the bridge of this checkout, not whichever one the venv has installed
        env={**os.environ, "PYTHONPATH": str(ROOT / "station")},
    )
    rng = random.Random(7)
    # the busiest regulars come most often (Zipf), each card at least once among the top
    weights = [1.0 / rank**1.1 for rank in range(1, len(cards) + 1)]
    drawn = [number for number, _visits in cards[:3]]
    drawn += [number for number, _visits in rng.choices(cards, weights, k=swipes - len(drawn))]
    pcsc, chain, profiles, missing = [], [], 0, 0
    # a badge scan after each swipe: both under the same load (the machine's other work
    # comes and goes over the 4 minutes of swipes), each with the worker idle before it
    badges, badge_rng = [], random.Random(13)
    # the chain in two: UID read → the server starts the station's message (the bridge's
    # queue, its HTTP request, the token, the card, the swipe's record), then → on the
    # websocket (the profile, the commit, the bus); same machine, same clock
    before_payload, after_payload = [], []
    try:
        time.sleep(2.0)
        for number in drawn:
            card = SimulatedCard(number, port=card_port)
            card.hold(1.0)
            deadline = time.time() + 3
            while number not in station.arrivals and time.time() < deadline:
                time.sleep(0.005)
            arrival = station.arrivals.pop(number, None)
            if not arrival:
                missing += 1
                continue
            received, payload = arrival
            pcsc.append((payload["read_at"] - card.inserted_at) * 1000)
            chain.append((received - payload["read_at"]) * 1000)
            before_payload.append((payload["sent_at"] - payload["read_at"]) * 1000)
            after_payload.append((received - payload["sent_at"]) * 1000)
            profiles += bool(payload.get("profile"))
            time.sleep(0.1)
            badges.append(badge_scan(base_url, info, badge_rng))
    finally:
        bridge.terminate()
        bridge.wait(10)
        station.stop()
    return pcsc, chain, profiles, missing, before_payload, after_payload, badges


def badge_scan(base_url, info, rng):
    """One hr_attendance kiosk badge scan (HTTP round trip), in ms."""
    body = json.dumps(
        {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "token": info["kiosk_key"],
                "barcode": f"BADGE{rng.randrange(EMPLOYEES):06d}",
            },
        }
    ).encode()
    request = urllib.request.Request(
        base_url + "/hr_attendance/attendance_barcode_scanned",
        body,
        {"Content-Type": "application/json"},
    )
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as answer:
        data = json.loads(answer.read())
    elapsed = (time.perf_counter() - start) * 1000
    if data.get("error") or not data.get("result"):
        raise RuntimeError(f"badge scan failed: {data}")
    return elapsed


def measure_attendance(base_url, info, scans=200):
    rng = random.Random(11)
    return [badge_scan(base_url, info, rng) for _ in range(scans)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--swipes", type=int, default=200)
    parser.add_argument("--port", type=int, default=8289)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config])
    registry = ensure_attendance_installed(args.config, args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        ensure_cards(env)
        cr.commit()
        ensure_employees(env)
        info = prepare(env)
        cards = cards_by_visits(env)
    tmp = Path(tempfile.mkdtemp(prefix="fuxi-card-bench-"))
    process, log = live.start_server(
        args.config, args.database, args.port, str(tmp / "odoo.log"), args.workers
    )
    base_url = f"http://127.0.0.1:{args.port}"
    ws_url = f"ws://127.0.0.1:{args.port + 1 if args.workers else args.port}"
    try:
        with virtual_reader() as (prefix, card_port):
            pcsc, chain, profiles, missing, before_payload, after_payload, interleaved = (
                measure_swipes(
                    base_url,
                    ws_url,
                    args.database,
                    info,
                    prefix,
                    args.swipes,
                    tmp,
                    card_port,
                    cards,
                )
            )
        attendance = measure_attendance(base_url, info)
    finally:
        live.stop_server(process, log)
        with registry.cursor() as cr:
            cleanup(odoo.api.Environment(cr, odoo.SUPERUSER_ID, {}), info)
    with registry.cursor() as cr:
        cr.execute("SELECT COUNT(*) FROM fuxi_card WHERE state = 'active'")
        active = cr.fetchone()[0]
    print(f"active cards: {active}, swipes: {args.swipes}, server: {args.workers} workers")
    print(
        f"swipes Zipf-weighted by visits: the busiest card's guest has {cards[0][1]:,} visits "
        f"(always swiped), the median card's {cards[len(cards) // 2][1]:,}"
    )
    print(
        "PC/SC delay (card on the reader → UID read by the bridge): "
        f"p50 {percentile(pcsc, 0.5):.0f} ms, p95 {percentile(pcsc, 0.95):.0f} ms "
        "(pcscd polls the virtual reader)"
    )
    print(
        f"UID read → profile on the station's websocket: p50 {percentile(chain, 0.5):.0f} ms, "
        f"p95 {percentile(chain, 0.95):.0f} ms, max {max(chain):.0f} ms "
        "(target: p95 ≤ the badge scan's p95 below)"
    )
    print(
        "  of which UID read → the server starts the message (bridge queue, HTTP, token, "
        f"card, swipe record): p50 {percentile(before_payload, 0.5):.0f} ms, "
        f"p95 {percentile(before_payload, 0.95):.0f} ms"
    )
    print(
        "  and the message started → on the websocket (profile, commit, bus): "
        f"p50 {percentile(after_payload, 0.5):.0f} ms, p95 {percentile(after_payload, 0.95):.0f} ms"
    )
    print(f"swipes with the profile in the message: {profiles}/{len(chain)}, lost: {missing}")
    print(
        f"hr_attendance kiosk badge scan ({EMPLOYEES} employees, HTTP round trip): "
        f"p50 {statistics.median(attendance):.0f} ms, p95 {percentile(attendance, 0.95):.0f} ms"
    )
    print(
        f"  the same, one after each swipe: p50 {statistics.median(interleaved):.0f} ms, "
        f"p95 {percentile(interleaved, 0.95):.0f} ms"
    )
    print(
        f"card read → profile max {max(chain):.0f} ms, badge scan max "
        f"{max(attendance + interleaved):.0f} ms"
    )
    # against the lower of the two badge figures
    badge_p95 = min(percentile(attendance, 0.95), percentile(interleaved, 0.95))
    verdict = "met" if percentile(chain, 0.95) <= badge_p95 else "MISSED"
    print(f"card read → profile p95 ≤ badge scan p95: {verdict}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
