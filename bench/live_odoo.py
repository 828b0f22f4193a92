"""A real Odoo server for benchmarks and live tests, and clients that act like browsers.

Used by bench/frontdesk_bench.py, bench/card_bench.py and the live tests in tests/: Odoo in
its own process (not the test transaction, so the bus delivers to websockets as in
production), JSON-RPC sessions, and websocket listeners.
"""

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

PASSWORD = "fuxi-bench-pass"
WEBSOCKET_VERSION = "18.0-5"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------- server
def start_server(conf, db, port, log_path, workers=0):
    """Odoo on `port`; with workers (prefork, as in production) the websocket is served
    on port + 1 (gevent)."""
    log = open(log_path, "w")
    process = subprocess.Popen(
        [
            # the odoo script, not `python -m odoo`: prefork re-executes its own argv
            str(Path(sys.executable).with_name("odoo")),
            "-c",
            conf,
            "-d",
            db,
            "--http-port",
            str(port),
            "--gevent-port",
            str(port + 1),
            "--workers",
            str(workers),
            "--max-cron-threads",
            "0",
            "--db-filter",
            f"^{db}$",
            "--log-level",
            "warn",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.time() + 90
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Odoo stopped at start, see {log_path}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/web/health", timeout=2):
                pass
            if workers:  # the websocket (gevent) process starts on its own
                socket.create_connection(("127.0.0.1", port + 1), timeout=2).close()
            return process, log
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise RuntimeError(f"Odoo did not answer on port {port}, see {log_path}")


def stop_server(process, log):
    process.terminate()
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


# ---------------------------------------------------------------- clients
class Session:
    """One browser: a cookie jar and JSON-RPC calls."""

    def __init__(self, base_url, db, login):
        self.base_url = base_url
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self._post("/web/session/authenticate", {"db": db, "login": login, "password": PASSWORD})

    def _post(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode()
        request = urllib.request.Request(
            self.base_url + path, body, {"Content-Type": "application/json"}
        )
        with self.opener.open(request, timeout=60) as answer:
            data = json.loads(answer.read())
        if data.get("error"):
            raise RuntimeError(data["error"].get("data", {}).get("message") or data["error"])
        return data["result"]

    def call(self, model, method, args, kwargs=None):
        return self._post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    @property
    def session_id(self):
        return next(cookie.value for cookie in self.jar if cookie.name == "session_id")


class BusListener(threading.Thread):
    """A browser's websocket: calls handle() for every bus notification it receives."""

    def __init__(self, base_url, session, websocket_url=None):
        super().__init__(daemon=True)
        import websocket

        websocket_url = websocket_url or base_url.replace("http", "ws", 1)
        self.ws = websocket.create_connection(
            f"{websocket_url}/websocket?version={WEBSOCKET_VERSION}",
            header=[f"Cookie: session_id={session.session_id}"],
            origin=base_url,
        )
        self.ws.send(json.dumps({"event_name": "subscribe", "data": {"channels": [], "last": 0}}))
        self.lock = threading.Lock()
        self.stopped = False

    def handle(self, message_type, payload, received, received_wall):
        """Override: one notification, with its arrival (perf_counter and wall clock)."""

    def run(self):
        while not self.stopped:
            try:
                raw = self.ws.recv()
            except Exception:  # noqa: BLE001 - the server stopped, or we closed
                return
            received, received_wall = time.perf_counter(), time.time()
            for notification in json.loads(raw or "[]"):
                message = notification.get("message", {})
                with self.lock:
                    self.handle(
                        message.get("type"), message.get("payload"), received, received_wall
                    )

    def stop(self):
        self.stopped = True
        self.ws.close()
