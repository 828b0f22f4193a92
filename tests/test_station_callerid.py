"""Caller ID in the station bridge, without hardware or Odoo: the Hayes report parser, withheld
numbers, a caller-ID modem on a pseudo-terminal (the bridge opens its device as it would
/dev/ttyACM0), and a fake Asterisk manager interface."""

import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "station"))

from fuxi_station.callerid import (
    AmiCallerId,
    CallMaker,
    HayesParser,
    SerialCallerId,
    caller_number,
)
from fuxi_station.cli import check, parse_args
from fuxi_station.queue import SwipeQueue
from fuxi_station.testing.ami import FakeAsterisk
from fuxi_station.testing.modem import VirtualModem


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def wait_for(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    return predicate()


@pytest.mark.parametrize(
    "reported, number",
    [
        ("13800138000", "13800138000"),
        (" +86 138-0013-8000 ", "+8613800138000"),
        ("(010) 6552 1234", "01065521234"),
        ("P", None),
        ("O", None),
        ("p", None),
        ("", None),
        ("<unknown>", None),
        ("anonymous", None),
        ("Restricted", None),
        ("201", None),  # an extension inside the PBX
        ("1380013800O", None),
        ("１３８００１３８０００", None),  # full-width digits are no report a box makes
        ("1" * 21, None),
        (None, None),
    ],
)
def test_caller_number(reported, number):
    assert caller_number(reported) == number


def test_hayes_reports_in_the_formats_modems_print():
    parser = HayesParser()
    lines = ["RING", "", "DATE = 1201", "TIME = 1930", "NMBR = 13800138000", "NAME = ZHANG"]
    reports = [report for line in lines if (report := parser.feed(line))]
    assert reports == [{"date": "1201", "time": "1930", "number": "13800138000"}]
    # without spaces, colon-separated, the dialled line before the caller, lower case
    reports = [
        parser.feed(line)
        for line in ["RING", "date=0105", "DDN_NMBR=80001234", "nmbr: 02161234567", "RING"]
    ]
    assert [r for r in reports if r] == [{"date": "0105", "number": "02161234567"}]
    assert parser.feed("NMBR = P") == {"number": "P"}, "the parser reports; the maker ignores"
    assert parser.feed("OK") is None and parser.feed("+VCID: 1") is None


def test_call_maker_ignores_withheld_and_repeated_reports():
    swipes, clock = [], Clock()
    maker = CallMaker(swipes.append, debounce=15, clock=clock)
    assert maker.call("P") is None and maker.call("O") is None
    first = maker.call("13800138000", line="/dev/ttyACM0")
    assert first["kind"] == "phone" and first["identifier"] == "13800138000"
    assert first["reader"] == "/dev/ttyACM0" and len(first["swipe_id"]) == 32
    clock.now += 5  # the box repeats the report at the next ring
    assert maker.call("13800138000") is None
    assert maker.call("13900139000") is not None, "another caller"
    clock.now += 16
    assert maker.call("13800138000") is not None, "calls again later"
    assert [s["identifier"] for s in swipes] == ["13800138000", "13900139000", "13800138000"]


def test_a_modem_on_a_pty_puts_calls_in_the_queue(tmp_path):
    queue = SwipeQueue(tmp_path / "q.sqlite")
    with VirtualModem() as modem:
        watcher = SerialCallerId(
            modem.device, CallMaker(queue.put), init="ATZ AT+VCID=1", reopen=0.2
        )
        watcher.start()
        try:
            assert modem.wait_for_commands(2) == ["ATZ", "AT+VCID=1"], "init string sent"
            assert watcher.ready.wait(5), "listening after the init"
            modem.ring("13800138000", rings=2)
            modem.ring("P")  # withheld: not looked up
            modem.ring("O")
            modem.ring("13800138000")  # the same call's report at the next ring
            modem.ring("(021) 6123-4567", name="LI SI")
            assert wait_for(lambda: len(queue) == 2), len(queue)
            time.sleep(0.3)
            assert len(queue) == 2
            calls = []
            while (item := queue.peek()) is not None:
                calls.append(item[1])
                queue.remove(item[0])
            assert [c["identifier"] for c in calls] == ["13800138000", "02161234567"]
            assert {c["kind"] for c in calls} == {"phone"}
            assert all(abs(c["read_at"] - time.time()) < 10 for c in calls)
        finally:
            watcher.stop()
            watcher.join(3)
    queue.close()


def test_a_serial_device_that_is_missing_or_goes_away_is_reopened(tmp_path):
    opened = []
    modem = VirtualModem()

    def opener(device):
        opened.append(device)
        if len(opened) == 1:
            raise OSError(2, "No such file or directory")  # not plugged in yet
        import serial

        return serial.serial_for_url(device, timeout=0.1)

    swipes = []
    watcher = SerialCallerId(modem.device, CallMaker(swipes.append), init="", reopen=0.1)
    watcher.opener = opener
    watcher.start()
    try:
        assert watcher.ready.wait(5) and len(opened) == 2
        modem.ring("13800138000")
        assert wait_for(lambda: swipes)
        modem.close()  # unplugged
        assert wait_for(lambda: not watcher.ready.is_set()), "the lost device is noticed"
        assert watcher.is_alive(), "and reopened later, the bridge keeps running"
    finally:
        watcher.stop()
        watcher.join(3)


def test_a_box_without_at_commands_still_reports(tmp_path):
    """USB caller-ID boxes that are no modem ignore AT commands: the reports still count."""
    swipes = []
    with VirtualModem(answer_init=False) as modem:
        watcher = SerialCallerId(
            modem.device, CallMaker(swipes.append), init="AT+VCID=1", reopen=0.1
        )
        watcher._command = lambda port, command, timeout=2.0: None  # no answer, quickly
        watcher.start()
        try:
            assert watcher.ready.wait(5)
            modem.ring("13800138000")
            assert wait_for(lambda: swipes)
        finally:
            watcher.stop()
            watcher.join(3)


def test_asterisk_inbound_calls_become_calls_once(tmp_path):
    swipes = []
    with FakeAsterisk(user="fuxi", secret="s3cret") as pbx:
        watcher = AmiCallerId(
            "127.0.0.1",
            CallMaker(swipes.append),
            port=pbx.port,
            user="fuxi",
            secret="s3cret",
            reconnect=0.1,
        )
        watcher.start()
        try:
            assert watcher.ready.wait(5) and pbx.logged_in()
            assert pbx.logins == [("fuxi", True, "call")], "only the call events"
            pbx.call("13800138000")  # trunk + two ringing phones: one call
            pbx.call("anonymous")
            pbx.call("<unknown>")
            pbx.call("13900139000", context="from-internal")  # a colleague's transfer
            pbx.call("02161234567", context="from-pstn")
            assert wait_for(lambda: len(swipes) == 2)
            time.sleep(0.3)
            assert [s["identifier"] for s in swipes] == ["13800138000", "02161234567"]
            assert swipes[0]["reader"] == "Asterisk 80001234"
            # Asterisk restarts: the bridge logs in again and goes on
            pbx.drop_clients()
            assert wait_for(lambda: len(pbx.logins) == 2 and pbx.logged_in())
            assert watcher.ready.wait(5)
            pbx.call("13700137000")
            assert wait_for(lambda: len(swipes) == 3)
        finally:
            watcher.stop()
            watcher.join(3)


def test_asterisk_refusing_the_login_is_logged_and_retried(caplog):
    swipes = []
    with FakeAsterisk(user="fuxi", secret="right") as pbx:
        watcher = AmiCallerId(
            "127.0.0.1", CallMaker(swipes.append), port=pbx.port, user="fuxi", secret="wrong"
        )
        watcher.start()
        try:
            assert wait_for(lambda: pbx.logins)
            assert wait_for(lambda: "refused the login" in caplog.text), caplog.text
            assert not watcher.ready.is_set() and watcher.is_alive()
        finally:
            watcher.stop()
            watcher.join(3)
    assert pbx.logins[0][:2] == ("fuxi", False)


def test_caller_id_settings(tmp_path, monkeypatch):
    monkeypatch.delenv("FUXI_CARD_TOKEN", raising=False)
    monkeypatch.delenv("FUXI_STATION_TOKEN", raising=False)
    config = tmp_path / "station.ini"
    config.write_text(
        "[fuxi-station]\ntoken = t\ncards = no\ncallerid-device = /dev/ttyACM0\n"
        "callerid-init = ATZ AT#CID=1\nami-host = 192.168.1.10\nami-user = fuxi\n"
        "ami-secret = 50%off\n",
        encoding="utf-8",
    )
    settings = parse_args(["-c", str(config)])
    assert settings["cards"] is False
    assert settings["callerid_device"] == "/dev/ttyACM0"
    assert settings["callerid_init"] == "ATZ AT#CID=1"
    assert (settings["ami_host"], settings["ami_port"], settings["ami_secret"]) == (
        "192.168.1.10",
        "5038",
        "50%off",
    ), "a secret with % is read as written"
    monkeypatch.setenv("FUXI_AMI_SECRET", "from-env")
    assert parse_args(["-c", str(config)])["ami_secret"] == "from-env"
    assert parse_args(["--token", "t"])["cards"] is True, "card readers by default"
    with pytest.raises(SystemExit):
        parse_args(["--token", "t", "--cards", "no"])  # nothing to watch
    with pytest.raises(SystemExit):
        parse_args(["--token", "t", "--callerid-debounce", "soon"])


class FakeClient:
    def heartbeat(self):
        return {"reader": "来电", "station": "前台"}


def test_check_opens_the_modem_and_logs_into_asterisk(capsys):
    with VirtualModem() as modem, FakeAsterisk(user="fuxi", secret="s3cret") as pbx:
        settings = {
            "cards": False,
            "callerid_device": modem.device,
            "ami_host": "127.0.0.1",
            "ami_port": str(pbx.port),
            "ami_user": "fuxi",
            "ami_secret": "s3cret",
        }
        assert check(settings, FakeClient()) == 0
        out = capsys.readouterr().out
        assert "caller ID: ATZ → OK" in out and "caller ID: AT+VCID=1 → OK" in out
        assert f"Asterisk: logged in at 127.0.0.1:{pbx.port}" in out
        assert check({**settings, "ami_secret": "wrong"}, FakeClient()) == 1
        assert "Asterisk: no login" in capsys.readouterr().out
    assert check({"cards": False, "callerid_device": "/dev/nonexistent-modem"}, FakeClient()) == 1
    assert "caller ID: cannot open /dev/nonexistent-modem" in capsys.readouterr().out
