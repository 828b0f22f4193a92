"""End to end, with a real PC/SC stack and no hardware: pcscd + vsmartcard's virtual reader
+ a simulated card → the real station bridge (fuxi-station) → a running Odoo server → the
station user's websocket receives the swipe (the guest's profile, an unknown card, a blocked
card). Then Odoo is stopped while cards are read: the swipes wait in the bridge's queue and
are delivered exactly once when Odoo is back."""

import os
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

import odoo
from odoo.modules.registry import Registry

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "station"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "bench"))

from fuxi_station.testing.card import SimulatedCard  # noqa: E402
from live_odoo import (  # noqa: E402
    PASSWORD,
    BusListener,
    Session,
    free_port,
    start_server,
    stop_server,
)
from pcsc_fixtures import VIRTUAL_READER, virtual_reader  # noqa: E402

# the bridge of this checkout, not whichever one the shared venv has installed
STATION_ENV = {**os.environ, "PYTHONPATH": str(ROOT / "station")}


class StationListener(BusListener):
    """The station user's browser: the fuxi_card/swipe messages it receives."""

    def __init__(self, base_url, db, login):
        super().__init__(base_url, Session(base_url, db, login))
        self.messages = []

    def handle(self, message_type, payload, received, received_wall):
        if message_type == "fuxi_card/swipe":
            self.messages.append((received_wall, payload))

    def wait_for(self, predicate, timeout=8):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for _received, payload in list(self.messages):
                if predicate(payload):
                    return payload
            time.sleep(0.05)
        raise AssertionError(f"no such swipe message; got {[p for _t, p in self.messages]}")


@pytest.fixture
def card_world(request, tmp_path):
    config_path = request.config.getoption("odoo_config")
    db = request.config.getoption("odoo_database")
    if not config_path or not db:
        pytest.fail("run through `make test` (needs --odoo-config and --odoo-database)")
    tag = uuid.uuid4().hex[:6]
    registry = Registry(db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        station = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": f"刷卡台 {tag}",
                    "login": f"card_station_{tag}",
                    "password": PASSWORD,
                    "groups_id": [
                        (
                            6,
                            0,
                            env.ref("fuxi_tracking.group_fuxi_tracking_viewer").ids
                            + env.ref("fuxi_customer.group_fuxi_customer_viewer").ids,
                        )
                    ],
                }
            )
        )
        reader = env["fuxi.card.reader"].create(
            {"name": f"测试读卡器 {tag}", "station": "前台", "user_ids": [(6, 0, station.ids)]}
        )
        # the token is shown once: only the dialog's action holds it
        token = reader.action_new_token()["context"]["fuxi_reader_token"]
        Partner = env["res.partner"]
        known = Partner.create({"name": f"刷卡熟客 {tag}", "is_fuxi_customer": True})
        lost_owner = Partner.create({"name": f"挂失客人 {tag}", "is_fuxi_customer": True})
        uids = {
            name: uuid.uuid4().hex[:14].upper()
            for name in ("known", "blocked", "unknown", "late1", "late2")
        }
        cards = env["fuxi.card"].create(
            [
                {"number": uids["known"], "partner_id": known.id},
                {"number": uids["late1"], "partner_id": known.id},
                {"number": uids["blocked"], "partner_id": lost_owner.id, "state": "lost"},
            ]
        )
        info = {
            "station": station.login,
            "station_id": station.id,
            "reader_id": reader.id,
            "token": token,
            "known_id": known.id,
            "lost_owner_id": lost_owner.id,
            "uids": uids,
            "card_ids": cards.ids,
        }
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    server = {"handle": start_server(config_path, db, port, str(tmp_path / "odoo.log"))}
    try:
        with virtual_reader() as (prefix, card_port):
            queue = tmp_path / "queue.sqlite"
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
                    str(queue),
                    "--debounce",
                    "0.5",
                    "--heartbeat",
                    "0",
                    "--log-level",
                    "DEBUG",
                ],
                stdout=open(tmp_path / "bridge.log", "w"),
                stderr=subprocess.STDOUT,
                env=STATION_ENV,
            )
            try:
                _wait_for_bridge(bridge, tmp_path / "bridge.log")
                yield {
                    "base_url": base_url,
                    "db": db,
                    "info": info,
                    "queue": queue,
                    "server": server,
                    "config": config_path,
                    "port": port,
                    "tmp": tmp_path,
                    "registry": registry,
                    "card_port": card_port,
                    "bridge_log": tmp_path / "bridge.log",
                }
            finally:  # the bridge goes before its pcscd
                bridge.terminate()
                bridge.wait(10)
    finally:
        stop_server(*server["handle"])
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            env["fuxi.card.swipe"].search([("reader_id", "=", info["reader_id"])]).unlink()
            env["fuxi.card"].search(
                [("partner_id", "in", [info["known_id"], info["lost_owner_id"]])]
            ).unlink()
            env["fuxi.card"].search([("number", "in", list(info["uids"].values()))]).unlink()
            env["fuxi.card.reader"].browse(info["reader_id"]).unlink()
            env["res.users"].browse(info["station_id"]).active = False


def _wait_for_bridge(bridge, log_path, timeout=60):
    """Until the bridge logs that it watches the readers (its card monitor runs: a card put
    on the reader from now on is a swipe) — a fixed sleep is too short on a loaded machine."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if bridge.poll() is not None:
            raise AssertionError(f"the bridge stopped:\n{_tail(log_path)}")
        if "readers matching" in Path(log_path).read_text(errors="replace"):
            return
        time.sleep(0.1)
    raise AssertionError(f"the bridge did not start:\n{_tail(log_path)}")


def _queued(world):
    """The number of swipes in the bridge's queue (read-only: never creates the file)."""
    with sqlite3.connect(f"file:{world['queue']}?mode=ro", uri=True) as db:
        return db.execute("SELECT COUNT(*) FROM swipe").fetchone()[0]


def _tail(path):
    text = Path(path).read_text(errors="replace").splitlines()
    return "\n".join(line for line in text if " DEBUG " not in line)[-4000:]


def _wait_for_empty_queue(world, timeout=40):
    deadline = time.time() + timeout
    while time.time() < deadline:
        waiting = _queued(world)
        if not waiting:
            return
        time.sleep(0.3)
    raise AssertionError(f"{waiting} swipe(s) still queued:\n{_tail(world['bridge_log'])}")


def _swipe(uid, port):
    card = SimulatedCard(uid, port=port)
    card.hold(0.8)
    time.sleep(0.3)
    return card


def test_swipe_reaches_the_station(card_world):
    world = card_world
    info = world["info"]
    listener = StationListener(world["base_url"], world["db"], info["station"])
    listener.start()
    try:
        time.sleep(0.5)
        _swipe(info["uids"]["known"], world["card_port"])
        known = listener.wait_for(lambda p: p["identifier"] == info["uids"]["known"])
        assert known["result"] == "known"
        assert known["partner_id"] == info["known_id"]
        assert known["profile"]["id"] == info["known_id"], "the profile rides along"
        assert known["read_at"], "the bridge's read time is passed on"

        _swipe(info["uids"]["unknown"], world["card_port"])
        unknown = listener.wait_for(lambda p: p["identifier"] == info["uids"]["unknown"])
        assert unknown["result"] == "unknown"
        assert not unknown["partner_id"]

        _swipe(info["uids"]["blocked"], world["card_port"])
        blocked = listener.wait_for(lambda p: p["identifier"] == info["uids"]["blocked"])
        assert blocked["result"] == "blocked"
        assert blocked["partner_id"] == info["lost_owner_id"]
        assert "profile" not in blocked, "a blocked card shows a warning, not the profile"
    finally:
        listener.stop()


def test_swipes_wait_while_odoo_is_down_and_arrive_once(card_world):
    world = card_world
    info = world["info"]
    stop_server(*world["server"]["handle"])
    _swipe(info["uids"]["late1"], world["card_port"])
    _swipe(info["uids"]["late2"], world["card_port"])
    _swipe(info["uids"]["known"], world["card_port"])
    deadline = time.time() + 10
    while time.time() < deadline:
        waiting = _queued(world)
        if waiting == 3:
            break
        time.sleep(0.2)
    assert waiting == 3, f"the three swipes wait on disk:\n{_tail(world['bridge_log'])}"
    with sqlite3.connect(world["queue"]) as db:
        queued = [row[0] for row in db.execute("SELECT body FROM swipe ORDER BY seq")]
    world["server"]["handle"] = start_server(
        world["config"], world["db"], world["port"], str(world["tmp"] / "odoo2.log")
    )
    _wait_for_empty_queue(world)
    # the bridge stopped between Odoo's answer and the removal from its queue (power cut):
    # the same swipes are sent again, and Odoo takes each one once. Counted in what the
    # bridge logs from here on: on a loaded machine the restarted Odoo may answer a first
    # send after the bridge's timeout, and that retry is (rightly) a duplicate too.
    logged_before = len(Path(world["bridge_log"]).read_text(errors="replace"))
    with sqlite3.connect(world["queue"]) as db:
        db.executemany("INSERT INTO swipe (body) VALUES (?)", [(body,) for body in queued])
    _wait_for_empty_queue(world)
    deadline = time.time() + 5  # the sender logs a swipe just after taking it off the queue
    while time.time() < deadline:
        replays = Path(world["bridge_log"]).read_text(errors="replace")[logged_before:]
        if replays.count("(already received)") >= 3:
            break
        time.sleep(0.1)
    assert replays.count("(already received)") == 3, _tail(world["bridge_log"])
    with world["registry"].cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        swipes = env["fuxi.card.swipe"].search([("reader_id", "=", info["reader_id"])], order="id")
        identifiers = swipes.mapped("identifier")
        assert identifiers == [
            info["uids"]["late1"],
            info["uids"]["late2"],
            info["uids"]["known"],
        ], f"each swipe exactly once, in the order read:\n{_tail(world['bridge_log'])}"
        assert len(set(swipes.mapped("swipe_uid"))) == 3
