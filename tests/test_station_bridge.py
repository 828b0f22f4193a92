"""The station bridge's own behaviour (fuxi-station, formerly fuxi-card-proxy), without PC/SC or
Odoo: which reads become swipes, the disk queue, the sender's retries, the command line."""

import http.server
import importlib.metadata
import sys
import threading
import time
import tomllib
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "station"))

from fuxi_station.cli import EXIT_PCSC_LOST, check, default_queue_path, parse_args, supervise
from fuxi_station.client import OdooClient, ServerError, Unreachable
from fuxi_station.monitor import SwipeMaker
from fuxi_station.queue import SwipeQueue
from fuxi_station.sender import Sender

STATION = Path(__file__).resolve().parent.parent / "station"


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_debounce_and_cards_present_at_start():
    swipes, clock = [], Clock()
    maker = SwipeMaker(swipes.append, "virtual", debounce=2.0, clock=clock)
    maker.present_at_start.add(("Virtual PCD 00 00", "3B8F"))
    assert maker.wants("Virtual PCD 00 00") and not maker.wants("ACS ACR122U")
    assert maker.card_read("Virtual PCD 00 00", "04A2", atr="3B8F") is None, (
        "on the reader at start"
    )
    assert maker.card_read("Virtual PCD 00 00", "04A2", atr="3B8F")["identifier"] == "04A2"
    clock.now += 1.0
    assert maker.card_read("Virtual PCD 00 00", "04A2", atr="3B8F") is None, "read again at once"
    assert maker.card_read("Virtual PCD 00 01", "04A2") is not None, "another reader"
    clock.now += 2.5
    assert maker.card_read("Virtual PCD 00 00", "04A2") is not None, "put back later"
    assert maker.card_read("Virtual PCD 00 00", "05B3") is not None, "another card"
    assert len({swipe["swipe_id"] for swipe in swipes}) == len(swipes) == 4


def test_a_card_present_at_start_is_ignored_only_at_start():
    swipes, clock = [], Clock()
    maker = SwipeMaker(swipes.append, "", debounce=2.0, clock=clock)
    # the card was taken away before the monitor saw it; much later a card with the same ATR
    # (all cards of a kind share it) is a real swipe
    maker.present_at_start.add(("ACS ACR122U 00 00", "3B8F"))
    clock.now += SwipeMaker.STARTUP_GRACE + 1
    assert maker.card_read("ACS ACR122U 00 00", "04C3", atr="3B8F") is not None
    assert len(swipes) == 1


def test_queue_survives_a_restart(tmp_path):
    queue = SwipeQueue(tmp_path / "q.sqlite")
    for number in range(3):
        queue.put({"identifier": f"0{number}AA", "swipe_id": f"id-{number}"})
    seq, first = queue.peek()
    queue.remove(seq)
    queue.close()
    again = SwipeQueue(tmp_path / "q.sqlite")
    assert len(again) == 2
    assert again.peek()[1]["swipe_id"] == "id-1", "in the order read"


class FakeClient:
    def __init__(self, answers):
        self.answers = answers
        self.sent = []
        self.bodies = []

    def heartbeat(self):
        return {"reader": "r", "station": "s"}

    def swipe(self, body):
        answer = self.answers.pop(0) if self.answers else {"result": "known"}
        if isinstance(answer, Exception):
            raise answer
        self.sent.append(body["swipe_id"])
        self.bodies.append(body)
        return answer


def _run_until(condition, sender, timeout=15):
    sender.start()
    deadline = time.time() + timeout
    while time.time() < deadline and not condition():
        time.sleep(0.05)
    sender.stop()
    sender.join(5)


def test_sender_retries_in_order_and_keeps_refused_tokens(tmp_path):
    queue = SwipeQueue(tmp_path / "q.sqlite")
    for number in range(3):
        queue.put(
            {"identifier": "04A2", "kind": "card", "swipe_id": f"id-{number}", "read_at": 1.0}
        )
    client = FakeClient(
        [
            Unreachable("connection refused"),
            ServerError(403, "unknown or revoked token"),
            ServerError(404, "not found"),  # wrong address or the addon not installed yet
            {"result": "known"},
            ServerError(400, "not a card number"),
            {"result": "unknown"},
        ]
    )
    sender = Sender(queue, client, heartbeat=0)
    _run_until(lambda: len(queue) == 0, sender, timeout=20)
    assert len(queue) == 0
    assert client.sent == ["id-0", "id-2"], "retried until accepted, the refused one dropped"
    # each request carries the PC's clock at sending: Odoo measures a call's age with it
    assert all(time.time() - 60 < body["sent_at"] <= time.time() for body in client.bodies)
    assert [body["read_at"] for body in client.bodies] == [1.0, 1.0]


class SlowDisk:
    """The queue's SQLite connection on a slow disk: each INSERT takes `delay` seconds (its
    fsync on a station PC's eMMC, or a busy disk)."""

    def __init__(self, db, delay):
        self.db, self.delay = db, delay

    def execute(self, sql, *args):
        if sql.startswith("INSERT"):
            time.sleep(self.delay)
        return self.db.execute(sql, *args)

    def close(self):
        self.db.close()


class TimedClient(FakeClient):
    def swipe(self, body):
        self.sent_at = time.monotonic()
        return super().swipe(body)


def test_a_new_swipe_is_sent_without_waiting_for_the_disk(tmp_path):
    """The sender sends a call as soon as it is read, while the queue writes it to disk;
    put() still returns only once it is on disk, and the row goes once Odoo answered."""
    queue = SwipeQueue(tmp_path / "q.sqlite")
    queue._db = SlowDisk(queue._db, delay=0.6)
    client = TimedClient([])
    sender = Sender(queue, client, heartbeat=0)
    sender.start()
    try:
        started = time.monotonic()
        queue.put({"identifier": "13900001111", "kind": "phone", "swipe_id": "id-slow-disk"})
        written = time.monotonic()
        assert written - started >= 0.6, "put() returns once the swipe is on disk"
        deadline = time.monotonic() + 5
        while len(queue) and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        sender.stop()
        sender.join(5)
    assert client.sent == ["id-slow-disk"]
    assert client.sent_at - started < 0.3, "sent while the disk was still writing it"
    queue.close()
    assert len(SwipeQueue(tmp_path / "q.sqlite")) == 0, "deleted once Odoo answered"


def test_a_swipe_is_on_disk_when_put_returns(tmp_path):
    queue = SwipeQueue(tmp_path / "q.sqlite")
    queue.put({"identifier": "04A2", "swipe_id": "id-durable"})
    # another process (the bridge restarted after a crash) finds it
    assert SwipeQueue(tmp_path / "q.sqlite").peek()[1]["swipe_id"] == "id-durable"


class KeepAliveOdoo(http.server.ThreadingHTTPServer):
    """An HTTP/1.1 server answering the swipe route like Odoo behind nginx; counts the
    connections it accepted, and can close an idle one as nginx's keepalive_timeout does."""

    daemon_threads = True

    def __init__(self):
        self.connections = 0
        self.close_after_answer = False
        # what each call sent (its headers), and the session cookie the next answer gives
        self.requests = []
        self.give_session = None

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(handler):
                self.connections += 1
                super().setup()

            def do_POST(handler):
                handler.rfile.read(int(handler.headers["Content-Length"]))
                self.requests.append(dict(handler.headers))
                body = b'{"result": "known"}'
                handler.send_response(200)
                handler.send_header("Content-Type", "application/json")
                handler.send_header("Content-Length", str(len(body)))
                if self.give_session:
                    handler.send_header(
                        "Set-Cookie",
                        f"session_id={self.give_session}; Max-Age=604800; HttpOnly; Path=/",
                    )
                    self.give_session = None
                handler.end_headers()
                handler.wfile.write(body)
                if self.close_after_answer:  # an idle timeout: closed without a word
                    handler.close_connection = True

            def log_message(handler, *_args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, args=(0.02,), daemon=True).start()


def test_the_client_keeps_its_connection_to_odoo(monkeypatch):
    """Calls reuse one connection (no new TCP and TLS handshake to a server in the cloud
    per call); a connection the server closed meanwhile is replaced without an error."""
    for variable in ("http_proxy", "HTTP_PROXY", "no_proxy", "NO_PROXY"):
        monkeypatch.delenv(variable, raising=False)
    server = KeepAliveOdoo()
    try:
        client = OdooClient(f"http://127.0.0.1:{server.server_address[1]}", "t" * 32)
        for number in range(3):
            assert client.swipe({"swipe_id": f"id-{number}"}) == {"result": "known"}
        assert server.connections == 1
        server.close_after_answer = True
        client.swipe({"swipe_id": "id-3"})
        server.close_after_answer = False
        assert client.swipe({"swipe_id": "id-4"}) == {"result": "known"}
        assert server.connections == 2
    finally:
        server.shutdown()
        server.server_close()


def test_the_client_keeps_the_session_odoo_gives_it(monkeypatch):
    """The bridge asks for a session (X-Fuxi-Session: keep) and sends back the cookie Odoo
    gave it, on every call and from every thread; a new one replaces it."""
    for variable in ("http_proxy", "HTTP_PROXY", "no_proxy", "NO_PROXY"):
        monkeypatch.delenv(variable, raising=False)
    server = KeepAliveOdoo()
    try:
        client = OdooClient(f"http://127.0.0.1:{server.server_address[1]}", "t" * 32)
        server.give_session = "first-session"
        client.swipe({"swipe_id": "id-0"})
        client.heartbeat()
        server.give_session = "second-session"
        client.swipe({"swipe_id": "id-1"})
        other_thread = threading.Thread(target=client.heartbeat)
        other_thread.start()
        other_thread.join()
        assert [request.get("X-Fuxi-Session") for request in server.requests] == ["keep"] * 4
        assert [request.get("Cookie") for request in server.requests] == [
            None,
            "session_id=first-session",
            "session_id=first-session",
            "session_id=second-session",
        ]
    finally:
        server.shutdown()
        server.server_close()


class FakeMonitor:
    def __init__(self):
        self.up = True

    def alive(self):
        return self.up


def test_the_bridge_exits_when_pcscd_goes_away():
    monitor, sender, stop = FakeMonitor(), threading.Thread(target=time.sleep, args=(30,)), None
    sender.daemon = True
    sender.start()
    stop = threading.Event()
    threading.Timer(0.2, stop.set).start()
    assert supervise(stop, monitor, sender, interval=0.05) == 0, "stopped by a signal"
    monitor.up = False
    assert supervise(threading.Event(), monitor, sender, interval=0.05) == EXIT_PCSC_LOST


def test_command_line_and_config(tmp_path, monkeypatch):
    config = tmp_path / "proxy.ini"
    config.write_text(
        "[fuxi-card-proxy]\nserver = https://crm.example.cn\ntoken = from-file\nreader = ACR122\n",
        encoding="utf-8",
    )
    settings = parse_args(["-c", str(config), "--reader", "Virtual"])
    assert (settings["server"], settings["token"], settings["reader"]) == (
        "https://crm.example.cn",
        "from-file",
        "Virtual",
    ), "flags win over the file"
    monkeypatch.setenv("FUXI_CARD_TOKEN", "from-env")
    assert parse_args(["-c", str(config)])["token"] == "from-env"
    monkeypatch.delenv("FUXI_CARD_TOKEN")
    with pytest.raises(SystemExit):
        parse_args(["--server", "http://x"])  # no token anywhere


def test_a_token_beginning_with_a_dash(monkeypatch):
    """Tokens issued before 2026-12 may begin with "-": typed after --token (or --ami-secret)
    argparse read them as an option and stopped."""
    from fuxi_station import printing

    for variable in ("FUXI_CARD_TOKEN", "FUXI_STATION_TOKEN"):
        monkeypatch.delenv(variable, raising=False)
    settings = parse_args(["--token", "-abc_DEF", "--ami-host", "pbx", "--ami-secret", "-s3"])
    assert (settings["token"], settings["ami_secret"]) == ("-abc_DEF", "-s3")
    assert parse_args(["--token=-abc_DEF"])["token"] == "-abc_DEF"
    monkeypatch.setenv("FUXI_STATION_TOKEN", "-from-env")
    assert parse_args(["--server", "http://x"])["token"] == "-from-env"
    # the printer side alone reads its arguments the same way
    assert printing.parse_settings([])["token"] == "-from-env"
    assert printing.parse_settings(["--token", "-printer"])["token"] == "-printer"


def test_config_of_the_station_bridge_and_of_the_old_proxy(tmp_path, monkeypatch):
    """A config written for the old command still works; the bridge's own section wins."""
    monkeypatch.delenv("FUXI_CARD_TOKEN", raising=False)
    config = tmp_path / "station.ini"
    config.write_text(
        "[fuxi-card-proxy]\ntoken = old\nreader = ACR122\n"
        "[fuxi-station]\ntoken = new\nqueue = /tmp/q.sqlite\n",
        encoding="utf-8",
    )
    settings = parse_args(["-c", str(config)])
    assert (settings["token"], settings["reader"], settings["queue"]) == (
        "new",
        "ACR122",
        "/tmp/q.sqlite",
    )
    monkeypatch.setenv("FUXI_STATION_TOKEN", "from-env")
    assert parse_args(["-c", str(config)])["token"] == "from-env"


def test_default_queue_keeps_the_old_proxys_queue(tmp_path, monkeypatch):
    monkeypatch.setattr(Path, "home", lambda: tmp_path)
    assert default_queue_path() == str(tmp_path / ".local/state/fuxi-station/queue.sqlite")
    old = tmp_path / ".local/state/fuxi-card-proxy/queue.sqlite"
    old.parent.mkdir(parents=True)
    old.touch()
    assert default_queue_path() == str(old), "swipes waiting from before the rename are sent"
    assert parse_args(["--token", "t"])["queue"] == str(old)


def test_both_commands_are_installed():
    """make setup installs the bridge as fuxi-station and keeps fuxi-card-proxy as its alias;
    the card simulator is no command (tests only); one version source."""
    project = tomllib.loads((STATION / "pyproject.toml").read_text(encoding="utf-8"))
    scripts = {"fuxi-station": "fuxi_station.cli:main", "fuxi-card-proxy": "fuxi_station.cli:main"}
    assert project["project"]["scripts"] == scripts
    assert project["project"]["dynamic"] == ["version"]
    assert project["tool"]["setuptools"]["dynamic"]["version"]["attr"] == "fuxi_station.__version__"
    installed = {
        entry.name: entry.value
        for entry in importlib.metadata.distribution("fuxi-station").entry_points
        if entry.group == "console_scripts"
    }
    assert installed == scripts, "scripts/fuxi setup installs the station bridge"
    for name in scripts:
        assert Path(sys.executable).with_name(name).exists(), name


def test_queue_is_thread_safe(tmp_path):
    queue = SwipeQueue(tmp_path / "q.sqlite")
    threads = [
        threading.Thread(target=lambda n=n: [queue.put({"n": n, "i": i}) for i in range(50)])
        for n in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(queue) == 200


class RefusingClient(FakeClient):
    def heartbeat(self):
        raise ServerError(403, "unknown or revoked token")


def test_check_lists_the_readers_and_tests_the_token(monkeypatch, capsys):
    import smartcard.System

    monkeypatch.setattr(
        smartcard.System,
        "readers",
        lambda: ["ACS ACR122U PICC Interface 00 00", "Virtual PCD 00 00"],
    )
    assert check({"reader": "ACR122"}, FakeClient([])) == 0
    out = capsys.readouterr().out
    assert "reader: ACS ACR122U PICC Interface 00 00\n" in out
    assert "reader: Virtual PCD 00 00  (not used: --reader filter)" in out
    assert "token accepted" in out
    assert check({"reader": ""}, RefusingClient([])) == 1
    assert "403: unknown or revoked token" in capsys.readouterr().out
    monkeypatch.setattr(smartcard.System, "readers", lambda: [])
    assert check({"reader": ""}, FakeClient([])) == 1
    assert "no reader connected" in capsys.readouterr().out
