"""The station bridge's printer side: fetch the print jobs of this PC's printers from Odoo,
print each one exactly once, in order, and say so.

Exactly once: a job has an id. Before sending its bytes the bridge writes "started <id>" to
a journal on disk (SQLite, synchronous), after the printer took them "printed <id>", then it
acknowledges the job to Odoo. A job Odoo hands out again (the answer to the acknowledgement
was lost, the bridge restarted) is looked up in the journal first:

- printed: not printed again, only acknowledged again;
- started but not printed (the bridge was killed while sending it): it may be on paper or
  not, so it is not printed again by itself — a kitchen ticket printed twice is a dish cooked
  twice; Odoo marks it "interrupted" and people reprint it if it is missing.

A printer that cannot print (off, unplugged, paper out) fails its job: Odoo shows the
printer offline with the number of waiting jobs; the bridge tries that printer again after a
back-off, and its jobs print in their order once it is back.
"""

import argparse
import base64
import binascii
import configparser
import logging
import os
import signal
import socket
import sqlite3
import sys
import threading
import time
from pathlib import Path

from .arguments import join_secret_values
from .client import OdooClient, ServerError, Unreachable

_logger = logging.getLogger("fuxi_station.printing")
STATUS_QUERY = b"\x10\x04\x04"  # DLE EOT 4: paper roll sensor
PAPER_END = 0x60
RETRY = [2, 4, 8, 15, 30]
ACK_BATCH = 50


class PrinterError(Exception):
    """The printer did not take the job; ``reason`` is what Odoo is told."""

    def __init__(self, reason, message=""):
        super().__init__(message or reason)
        self.reason = reason


class PrintJournal:
    """Which job ids this bridge started and printed, kept across restarts."""

    def __init__(self, path):
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS job (job_id INTEGER PRIMARY KEY, state TEXT NOT NULL, "
            "acked INTEGER NOT NULL DEFAULT 0, at REAL NOT NULL)"
        )

    def state(self, job_id):
        with self._lock:
            row = self._db.execute("SELECT state FROM job WHERE job_id = ?", (job_id,)).fetchone()
        return row[0] if row else None

    def mark(self, job_id, state):
        with self._lock:
            self._db.execute(
                "INSERT INTO job (job_id, state, at) VALUES (?, ?, ?) ON CONFLICT(job_id) "
                "DO UPDATE SET state = excluded.state, at = excluded.at, acked = 0",
                (job_id, state, time.time()),
            )

    def forget(self, job_id):
        with self._lock:
            self._db.execute("DELETE FROM job WHERE job_id = ? AND acked = 0", (job_id,))

    def acked(self, job_ids):
        with self._lock:
            self._db.executemany(
                "UPDATE job SET acked = 1 WHERE job_id = ?", [(i,) for i in job_ids]
            )

    def unacked(self):
        """(job_id, state) of jobs whose result Odoo has not confirmed yet."""
        with self._lock:
            return self._db.execute(
                "SELECT job_id, state FROM job WHERE acked = 0 ORDER BY job_id"
            ).fetchall()

    def prune(self, days=30):
        with self._lock:
            self._db.execute(
                "DELETE FROM job WHERE acked = 1 AND at < ?", (time.time() - days * 86400,)
            )

    def close(self):
        with self._lock:
            self._db.close()


def send_to_printer(job, data, timeout=5.0):
    """Write the job's bytes to its printer; raises PrinterError if it cannot print."""
    if job.get("connection") == "device":
        try:
            with open(job["device"], "wb", buffering=0) as device:
                device.write(data)
        except OSError as exc:
            raise PrinterError("offline", f"{job['device']}: {exc}") from exc
        return
    try:
        connection = socket.create_connection((job["host"], int(job["port"])), timeout=timeout)
    except OSError as exc:
        raise PrinterError("offline", f"{job['host']}:{job['port']}: {exc}") from exc
    with connection:
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            connection.sendall(STATUS_QUERY)
            connection.settimeout(0.5)
            try:
                status = connection.recv(1)
            except TimeoutError:
                status = b""  # a printer that does not answer status queries: print anyway
            if status and status[0] & PAPER_END:
                raise PrinterError("paper_out", f"{job['printer']}: paper out")
            connection.settimeout(timeout)
            connection.sendall(data)
            # the printer reads in order: its answer to a status query after the ticket
            # says the ticket's bytes were taken
            connection.sendall(STATUS_QUERY)
            connection.recv(1)
        except TimeoutError:
            # the bytes left; whether they printed is unknown: not sent again
            return
        except OSError as exc:
            raise PrinterError("offline", f"{job['host']}:{job['port']}: {exc}") from exc


class PrinterClient:
    """The printer routes of Odoo, over the bridge's authenticated client (the reader's
    token). Fetching waits on Odoo up to ``wait`` seconds (long polling): its own client
    allows for that wait. ``server`` (print_server): where the fetches go if not to the
    bridge's server — Odoo's gevent port, which holds a waiting fetch without taking one
    of Odoo's HTTP workers (see fuxi_station_printer's README)."""

    def __init__(self, client, wait=20, server=None):
        self.client = client
        self.poller = OdooClient(server or client.server, client.token, timeout=wait + 15)

    def jobs(self, wait=0, acks=()):
        """(jobs to print, whether Odoo took ``acks``). ``acks`` (at most ACK_BATCH) are the
        previous round's results, sent with the fetch: one request per round. An Odoo from
        before results rode on fetches ignores them (its answer has no "results")."""
        body = {"wait": wait}
        if acks:
            body["acks"] = self._acks_body(acks)
        answer = self.poller._post("/fuxi/station/printer/jobs", body)
        return answer.get("jobs", []), "results" in answer

    @staticmethod
    def _acks_body(acks):
        return [
            {"job_id": job_id, "status": status, **({"reason": reason} if reason else {})}
            for job_id, status, reason in acks
        ]

    def ack_many(self, acks):
        """[(job_id, status, reason)] in one request (at most ACK_BATCH)."""
        return self.client._post("/fuxi/station/printer/ack", {"acks": self._acks_body(acks)})


class PrintWorker(threading.Thread):
    """Fetches and prints the jobs of this bridge's printers from its own thread."""

    def __init__(self, client, journal, wait=20, send=send_to_printer, server=None):
        super().__init__(name="fuxi-station-printer", daemon=True)
        self.printers = PrinterClient(client, wait, server)
        self.journal = journal
        self.wait = wait
        self.send = send
        self.stopping = threading.Event()
        self.blocked = {}  # printer id → (retry at, failures)
        self.printed = 0
        self.failures = 0
        self.pending = []  # failures not told to Odoo yet: (job_id, "failed", reason)

    def stop(self):
        self.stopping.set()

    # -- acknowledgements
    def flush_acks(self):
        """Tell Odoo every result it does not have yet, in batches: the printed and
        interrupted jobs of the journal, the failures of this round. False if Odoo cannot
        be reached (they are sent with the next round)."""
        return self._send_acks(self.results())

    def results(self):
        """[(job_id, status, reason)] that Odoo has not confirmed yet."""
        acks = []
        for job_id, state in self.journal.unacked():
            if state == "printed":
                acks.append((job_id, "printed", ""))
            elif state in ("started", "interrupted"):
                acks.append((job_id, "failed", "interrupted"))
        return acks + self.pending

    def _acked(self, batch):
        self.journal.acked([job_id for job_id, _status, _reason in batch])
        sent = {job_id for job_id, _status, _reason in batch}
        self.pending = [ack for ack in self.pending if ack[0] not in sent]

    def _send_acks(self, acks):
        for start in range(0, len(acks), ACK_BATCH):
            batch = acks[start : start + ACK_BATCH]
            try:
                self.printers.ack_many(batch)
            except Unreachable as exc:
                _logger.warning("Odoo unreachable (%s): %d result(s) sent later", exc, len(acks))
                return False
            except ServerError as exc:
                _logger.error("Odoo refused the results %s: %s", batch, exc)
            self._acked(batch)
        return True

    # -- printing
    def handle(self, job):
        """Print one job once; returns False if its printer failed. The result is sent to
        Odoo by flush_acks (the journal holds it meanwhile)."""
        job_id = job["job_id"]
        known = self.journal.state(job_id)
        if known == "printed":
            self.journal.mark(job_id, "printed")  # printed before a restart or a lost answer
            return True
        if known in ("started", "interrupted"):
            _logger.error("job %s was interrupted: check printer %s", job_id, job["printer"])
            self.journal.mark(job_id, "interrupted")
            return True
        try:
            data = base64.b64decode(job["data"], validate=True)
        except (binascii.Error, KeyError, TypeError):
            self.pending.append((job_id, "failed", "error"))
            return True
        self.journal.mark(job_id, "started")
        try:
            self.send(job, data)
        except PrinterError as exc:
            self.journal.forget(job_id)  # nothing reached the paper: print it later
            _logger.warning("printer %s: %s", job["printer"], exc)
            self.pending.append((job_id, "failed", exc.reason))
            return False
        self.journal.mark(job_id, "printed")
        self.printed += 1
        return True

    def run_once(self, wait=None):
        """One round: the jobs, printed printer by printer in order. The previous round's
        results ride on the fetch (one request per round: a job queued while the bridge
        printed waits for one request to a busy Odoo, not two). Returns the number of jobs
        Odoo handed out (None: results still waiting for Odoo)."""
        acks = self.results()
        if len(acks) > ACK_BATCH and not self._send_acks(acks[ACK_BATCH:]):
            return None
        acks = acks[:ACK_BATCH]
        now = time.monotonic()
        if self.blocked:
            retry = min(at for at, _count in self.blocked.values())
            wait = max(0, min(self.wait if wait is None else wait, int(retry - now)))
        jobs, taken = self.printers.jobs(self.wait if wait is None else wait, acks)
        if acks and not taken:
            # an older Odoo: the results go apart (they print nothing twice meanwhile: the
            # journal knows these jobs)
            self._send_acks(acks)
        else:
            self._acked(acks)
        failed_now = set()
        for job in sorted(jobs, key=lambda item: (item["printer_id"], item["sequence"])):
            printer = job["printer_id"]
            if printer in failed_now:
                continue  # keep the order: the later jobs wait for the failed one
            retry_at, count = self.blocked.get(printer, (0, 0))
            if retry_at > time.monotonic():
                continue
            if self.handle(job):
                self.blocked.pop(printer, None)
            else:
                failed_now.add(printer)
                self.failures += 1
                self.blocked[printer] = (
                    time.monotonic() + RETRY[min(count, len(RETRY) - 1)],
                    count + 1,
                )
        if not self.wait:
            # a polling bridge may not fetch again soon: its results go now; a long-polling
            # one sends them with its next fetch, which follows at once
            self.flush_acks()
        return len(jobs)

    def run(self):
        backoff = 0
        while not self.stopping.is_set():
            try:
                handed_out = self.run_once()
                backoff = 0
                if not handed_out and not self.wait:
                    self.stopping.wait(1.0)  # no long polling: fetch again in a second
            except Unreachable as exc:
                _logger.warning("Odoo unreachable (%s): jobs fetched later", exc)
                backoff = min(backoff + 1, len(RETRY) - 1)
                self.stopping.wait(RETRY[backoff])
            except ServerError as exc:
                _logger.error("Odoo refused the job request (%s): check the token", exc)
                self.stopping.wait(30)
            if self.blocked and not self.stopping.is_set():
                self.stopping.wait(0.2)


# ---------------------------------------------------------------- command line
DEFAULTS = {
    "server": "http://localhost:8069",
    "token": "",
    "journal": str(Path.home() / ".local/state/fuxi-station/printed.sqlite"),
    "print_wait": "20",
    "print_server": "",
    "log_level": "INFO",
}


def enabled(settings):
    """`printers = yes` in the bridge's configuration: fuxi-station prints too."""
    return str(settings.get("printers", "no")).strip().lower() in ("1", "yes", "true", "on")


def start_worker(client, journal_path, wait=20, server=None):
    """The printer side of a running bridge: its journal and its thread, started."""
    path = Path(journal_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    worker = PrintWorker(client, PrintJournal(path), wait=wait, server=server or None)
    worker.start()
    return worker


def parse_settings(argv=None):
    """The printer side's settings: defaults, the config file, FUXI_STATION_TOKEN, flags."""
    parser = argparse.ArgumentParser(
        prog="fuxi-station-printing",
        description="Print the jobs of this PC's ticket printers (Fuxi station bridge).",
    )
    parser.add_argument("-c", "--config", help="INI file with a [fuxi-station] section")
    parser.add_argument("--server", help="Odoo's address, e.g. https://crm.example.cn")
    parser.add_argument("--token", help="the reader's token (or FUXI_STATION_TOKEN)")
    parser.add_argument("--journal", help="where the ids of printed jobs are kept")
    parser.add_argument("--print-wait", type=int, help="seconds a fetch waits on Odoo")
    parser.add_argument(
        "--print-server",
        help="where the job fetches go if not to --server: Odoo's gevent port "
        "(e.g. http://odoo:8072), so a waiting fetch holds no Odoo worker",
    )
    parser.add_argument("--log-level", help="DEBUG, INFO, WARNING, ERROR")
    args = parser.parse_args(join_secret_values(sys.argv[1:] if argv is None else argv))
    settings = dict(DEFAULTS)
    if args.config:
        config = configparser.ConfigParser(interpolation=None)
        if not config.read(args.config, encoding="utf-8"):
            parser.error(f"cannot read {args.config}")
        if config.has_section("fuxi-station"):
            settings.update({k.replace("-", "_"): v for k, v in config["fuxi-station"].items()})
    if os.environ.get("FUXI_STATION_TOKEN"):
        settings["token"] = os.environ["FUXI_STATION_TOKEN"]
    for key in DEFAULTS:
        value = getattr(args, key, None)
        if value is not None:
            settings[key] = str(value)
    if not settings["token"]:
        parser.error("no token: give --token, FUXI_STATION_TOKEN or token= in the config file")
    return settings


def main(argv=None):
    """`python -m fuxi_station.printing`: the bridge's printer side alone (a kitchen PC
    with printers and no card reader)."""
    settings = parse_settings(argv)
    logging.basicConfig(
        level=getattr(logging, settings["log_level"].upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    client = OdooClient(settings["server"], settings["token"])
    worker = start_worker(
        client, settings["journal"], int(settings["print_wait"]), settings["print_server"]
    )
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_args: stop.set())
    while not stop.wait(1.0) and worker.is_alive():
        pass
    worker.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
