"""Caller ID end to end, without hardware: a caller-ID modem on a pseudo-terminal and a fake
Asterisk manager interface → the real station bridge (fuxi-station, cards off) → a running
Odoo server → the station user's websocket: the guest for a known number, the choice for a
number several guests share, nothing for a withheld number."""

import os
import random
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
sys.path.insert(0, str(ROOT / "bench"))

from fuxi_station.testing.ami import FakeAsterisk  # noqa: E402
from fuxi_station.testing.modem import VirtualModem  # noqa: E402
from live_odoo import (  # noqa: E402
    PASSWORD,
    BusListener,
    Session,
    free_port,
    start_server,
    stop_server,
)

# the bridge of this checkout, not whichever one the shared venv has installed
STATION_ENV = {**os.environ, "PYTHONPATH": str(ROOT / "station")}


class CallListener(BusListener):
    """The station user's browser: the fuxi_card/swipe messages it receives."""

    def __init__(self, base_url, db, login):
        super().__init__(base_url, Session(base_url, db, login))
        self.messages = []

    def handle(self, message_type, payload, received, received_wall):
        if message_type == "fuxi_card/swipe":
            self.messages.append(payload)

    def wait_for(self, identifier, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for payload in list(self.messages):
                if payload["identifier"] == identifier:
                    return payload
            time.sleep(0.02)
        raise AssertionError(f"no call from {identifier}; got {self.messages}")


def _number():
    return "139" + "".join(random.choice("0123456789") for _ in range(8))


@pytest.fixture
def call_world(request, tmp_path):
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
                    "name": f"来电台 {tag}",
                    "login": f"call_station_{tag}",
                    "password": PASSWORD,
                    "lang": "zh_CN",
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
            {"name": f"来电盒 {tag}", "station": "前台", "user_ids": [(6, 0, station.ids)]}
        )
        token = reader.action_new_token()["context"]["fuxi_reader_token"]
        numbers = {name: _number() for name in ("known", "shared", "ami", "nobody")}
        Partner = env["res.partner"]
        known = Partner.create(
            {"name": f"来电熟客 {tag}", "is_fuxi_customer": True, "mobile": numbers["known"]}
        )
        ami_guest = Partner.create(
            # typed with the country code and spaces: matched all the same
            {
                "name": f"总机来电 {tag}",
                "is_fuxi_customer": True,
                "phone": "+86 " + numbers["ami"],
            }
        )
        shared = Partner.create(
            [
                {
                    "name": f"合用号码{n} {tag}",
                    "is_fuxi_customer": True,
                    "mobile": numbers["shared"],
                }
                for n in (1, 2)
            ]
        )
        info = {
            "station": station.login,
            "station_id": station.id,
            "reader_id": reader.id,
            "token": token,
            "numbers": numbers,
            "known_id": known.id,
            "ami_id": ami_guest.id,
            "shared_ids": sorted(shared.ids),
        }
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    server = start_server(config_path, db, port, str(tmp_path / "odoo.log"))
    modem = VirtualModem()
    pbx = FakeAsterisk(user="fuxi", secret="s3cret")
    log_path = tmp_path / "bridge.log"
    bridge = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "fuxi_station",
            "--server",
            base_url,
            f"--token={info['token']}",
            "--cards",
            "no",
            "--callerid-device",
            modem.device,
            "--ami-host",
            "127.0.0.1",
            "--ami-port",
            str(pbx.port),
            "--ami-user",
            "fuxi",
            "--ami-secret",
            "s3cret",
            "--queue",
            str(tmp_path / "queue.sqlite"),
            "--heartbeat",
            "0",
            "--log-level",
            "DEBUG",
        ],
        stdout=open(log_path, "w"),
        stderr=subprocess.STDOUT,
        env=STATION_ENV,
    )
    try:
        deadline = time.time() + 30
        while time.time() < deadline and not (
            len(modem.commands) >= 2 and pbx.logged_in(timeout=0.1)
        ):
            if bridge.poll() is not None:
                raise AssertionError(f"the bridge stopped:\n{log_path.read_text()}")
        assert modem.commands[:2] == ["ATZ", "AT+VCID=1"], log_path.read_text()
        time.sleep(0.3)  # the modem's OK read back: the bridge listens
        yield {
            "base_url": base_url,
            "db": db,
            "info": info,
            "modem": modem,
            "pbx": pbx,
            "registry": registry,
            "log": log_path,
        }
    finally:
        bridge.terminate()
        bridge.wait(10)
        modem.close()
        pbx.close()
        stop_server(*server)


def test_calls_reach_the_station(call_world):
    world = call_world
    info, numbers = world["info"], world["info"]["numbers"]
    listener = CallListener(world["base_url"], world["db"], info["station"])
    listener.start()
    try:
        time.sleep(0.5)
        world["modem"].ring("P")  # withheld, then a known caller
        world["modem"].ring("O")
        world["modem"].ring(numbers["known"], rings=2)
        known = listener.wait_for(numbers["known"])
        assert known["kind"] == "phone" and known["result"] == "known"
        assert known["partner_id"] == info["known_id"]
        assert known["profile"]["id"] == info["known_id"], "the guest opens at once"

        world["modem"].ring(numbers["shared"])
        shared = listener.wait_for(numbers["shared"])
        assert shared["result"] == "ambiguous"
        assert sorted(match["id"] for match in shared["matches"]) == info["shared_ids"]

        world["pbx"].call("anonymous")
        world["pbx"].call(numbers["ami"])
        via_pbx = listener.wait_for(numbers["ami"])
        assert via_pbx["result"] == "known" and via_pbx["partner_id"] == info["ami_id"]

        world["modem"].ring(numbers["nobody"])
        nobody = listener.wait_for(numbers["nobody"])
        assert nobody["result"] == "no_match" and not nobody["partner_id"]

        assert [payload["identifier"] for payload in listener.messages] == [
            numbers["known"],
            numbers["shared"],
            numbers["ami"],
            numbers["nobody"],
        ], "one message per call, none for the withheld ones"
    finally:
        listener.stop()
    with world["registry"].cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        swipes = env["fuxi.card.swipe"].search([("reader_id", "=", info["reader_id"])], order="id")
        assert swipes.mapped("identifier") == [
            numbers["known"],
            numbers["shared"],
            numbers["ami"],
            numbers["nobody"],
        ], "a withheld number is never looked up nor logged"
        assert set(swipes.mapped("kind")) == {"phone"}
