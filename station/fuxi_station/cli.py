"""fuxi-station (alias: fuxi-card-proxy, its name before it drove more than card readers):
the command line."""

import argparse
import configparser
import logging
import os
import signal
import sys
import threading
from pathlib import Path

from . import __version__, printing
from .client import OdooClient, ServerError, Unreachable
from .monitor import SwipeMaker, start_pcsc_monitor
from .queue import SwipeQueue
from .sender import Sender

EXIT_PCSC_LOST = 3
EXIT_SENDER_LOST = 4

DEFAULTS = {
    "server": "http://localhost:8069",
    "token": "",
    "reader": "",
    "station": "",
    "queue": "",
    "debounce": "2.0",
    "heartbeat": "60",
    "log_level": "INFO",
}


# config sections read, in order (a later one wins): installations made before the rename
# keep their [fuxi-card-proxy] file
SECTIONS = ("fuxi-card-proxy", "fuxi-station")
# token variables, in order (a later one wins)
TOKEN_VARIABLES = ("FUXI_CARD_TOKEN", "FUXI_STATION_TOKEN")


def default_queue_path():
    """The queue of an installation made before the rename is kept (swipes waiting in it are
    still sent); otherwise the bridge's own folder."""
    state = Path.home() / ".local/state"
    old = state / "fuxi-card-proxy/queue.sqlite"
    return str(old if old.exists() else state / "fuxi-station/queue.sqlite")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog="fuxi-station",
        description="The station bridge: send what this PC's devices read (PC/SC card "
        "readers) to Fuxi (Odoo).",
    )
    parser.add_argument(
        "-c", "--config", help="INI file with a [fuxi-station] (or [fuxi-card-proxy]) section"
    )
    parser.add_argument("--server", help="Odoo's address, e.g. https://crm.example.cn")
    parser.add_argument("--token", help="the reader's token (or FUXI_STATION_TOKEN)")
    parser.add_argument("--reader", help="only readers whose name contains this")
    parser.add_argument("--station", help="a name for this PC in the logs")
    parser.add_argument("--queue", help="where swipes wait when Odoo cannot be reached")
    parser.add_argument("--debounce", type=float, help="seconds a card read again is ignored")
    parser.add_argument("--heartbeat", type=float, help="seconds between heartbeats (0: none)")
    parser.add_argument("--log-level", help="DEBUG, INFO, WARNING, ERROR")
    parser.add_argument(
        "--check", action="store_true", help="list the readers, test the token, and exit"
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    args = parser.parse_args(argv)
    settings = dict(DEFAULTS)
    if args.config:
        config = configparser.ConfigParser()
        if not config.read(args.config, encoding="utf-8"):
            parser.error(f"cannot read {args.config}")
        for section in SECTIONS:
            if config.has_section(section):
                settings.update({k.replace("-", "_"): v for k, v in config[section].items()})
    for variable in TOKEN_VARIABLES:
        if os.environ.get(variable):
            settings["token"] = os.environ[variable]
    for key in DEFAULTS:
        value = getattr(args, key, None)
        if value is not None:
            settings[key] = str(value)
    settings["check"] = args.check
    settings["queue"] = settings["queue"] or default_queue_path()
    if not settings["token"]:
        parser.error("no token: give --token, FUXI_STATION_TOKEN or token= in the config file")
    return settings


def check(settings, client):
    """--check: which readers are there, does Odoo accept the token."""
    ok = True
    try:
        from smartcard.System import readers

        names = [str(reader) for reader in readers()]
    except Exception as exc:  # noqa: BLE001 - pcscd not running, no PC/SC library
        print(f"PC/SC: not available ({exc}). Is pcscd running?")
        names, ok = [], False
    if names:
        for name in names:
            used = settings["reader"].lower() in name.lower()
            print(f"reader: {name}{'' if used else '  (not used: --reader filter)'}")
    elif ok:
        print("PC/SC: no reader connected")
        ok = False
    try:
        answer = client.heartbeat()
        print(f"Odoo: token accepted for reader “{answer['reader']}” ({answer['station']})")
    except (ServerError, Unreachable) as exc:
        print(f"Odoo: {exc}")
        ok = False
    return 0 if ok else 1


def main(argv=None):
    settings = parse_args(argv)
    logging.basicConfig(
        level=getattr(logging, settings["log_level"].upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    log = logging.getLogger("fuxi_station")
    client = OdooClient(settings["server"], settings["token"])
    if settings["check"]:
        return check(settings, client)
    queue_path = Path(settings["queue"])
    queue_path.parent.mkdir(parents=True, exist_ok=True)
    queue = SwipeQueue(queue_path)
    if len(queue):
        log.info("%d swipe(s) waiting from before: sending them first", len(queue))
    sender = Sender(queue, client, heartbeat=float(settings["heartbeat"]))
    sender.start()
    # the printer side (printers = yes in the configuration: see station/README.md)
    printer = None
    if printing.enabled(settings):
        printer = printing.start_worker(
            client,
            settings.get("journal") or printing.DEFAULTS["journal"],
            int(settings.get("print_wait") or printing.DEFAULTS["print_wait"]),
        )
    maker = SwipeMaker(queue.put, settings["reader"], float(settings["debounce"]))
    monitor = start_pcsc_monitor(maker)
    log.info(
        "fuxi-station %s: %s, readers matching “%s”, station %s",
        __version__,
        settings["server"],
        settings["reader"] or "*",
        settings["station"] or "-",
    )
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_args: stop.set())
    code = supervise(stop, monitor, sender)
    log.info("stopping (%d swipe(s) left in the queue)", len(queue))
    monitor.stop()
    sender.stop()
    sender.join(5)
    if printer:
        printer.stop()
    queue.close()
    return code


def supervise(stop, monitor, sender, interval=2.0):
    """Waits for a stop signal (exit 0) while checking that cards are still watched and
    sent. When pcscd goes away pyscard's card monitor ends for good: the bridge then exits
    (EXIT_PCSC_LOST) so that its service manager starts it again once pcscd is back — the
    swipes waiting in the queue are kept on disk."""
    log = logging.getLogger("fuxi_station")
    while not stop.wait(interval):
        if not monitor.alive():
            log.error("the PC/SC card monitor stopped (pcscd stopped or restarted): exiting")
            return EXIT_PCSC_LOST
        if not sender.is_alive():
            log.error("the sender thread stopped: exiting")
            return EXIT_SENDER_LOST
    return 0


if __name__ == "__main__":
    sys.exit(main())
