"""fuxi-station (alias: fuxi-card-proxy, its name before it drove more than card readers):
the command line."""

import argparse
import configparser
import logging
import os
import signal
import sys
import threading
import time
from pathlib import Path

from . import __version__, printing
from .arguments import join_secret_values
from .callerid import DEFAULT_CONTEXTS, AmiCallerId, CallMaker, SerialCallerId
from .client import OdooClient, ServerError, Unreachable
from .monitor import SwipeMaker, start_pcsc_monitor
from .queue import SwipeQueue
from .sender import Sender

EXIT_PCSC_LOST = 3
EXIT_SENDER_LOST = 4
EXIT_DEVICE_LOST = 5

DEFAULTS = {
    "server": "http://localhost:8069",
    "token": "",
    "reader": "",
    "station": "",
    "queue": "",
    "debounce": "2.0",
    "heartbeat": "60",
    "log_level": "INFO",
    # PC/SC card readers: "no" on a PC with only a caller-ID device (no pcscd needed)
    "cards": "yes",
    # caller ID from a modem or box on a serial port
    "callerid_device": "",
    "callerid_init": "ATZ AT+VCID=1",
    "callerid_baud": "9600",
    "callerid_debounce": "15",
    # caller ID from an Asterisk PBX (manager interface)
    "ami_host": "",
    "ami_port": "5038",
    "ami_user": "",
    "ami_secret": "",
    "ami_contexts": DEFAULT_CONTEXTS,
}
YES = ("1", "yes", "true", "on")


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
    parser.add_argument(
        "--token", help="the reader's token (or FUXI_STATION_TOKEN; --token=VALUE also works)"
    )
    parser.add_argument("--reader", help="only readers whose name contains this")
    parser.add_argument("--station", help="a name for this PC in the logs")
    parser.add_argument("--queue", help="where swipes wait when Odoo cannot be reached")
    parser.add_argument("--debounce", type=float, help="seconds a card read again is ignored")
    parser.add_argument("--heartbeat", type=float, help="seconds between heartbeats (0: none)")
    parser.add_argument("--log-level", help="DEBUG, INFO, WARNING, ERROR")
    parser.add_argument("--cards", help="watch the PC/SC card readers: yes (default) or no")
    parser.add_argument(
        "--callerid-device", help="caller-ID modem or box: /dev/ttyACM0, /dev/ttyUSB0, COM3…"
    )
    parser.add_argument(
        "--callerid-init", help="AT commands sent to it, space-separated ('ATZ AT+VCID=1')"
    )
    parser.add_argument("--callerid-baud", type=int, help="its serial speed (9600)")
    parser.add_argument(
        "--callerid-debounce", type=float, help="seconds the same caller is not reported again"
    )
    parser.add_argument("--ami-host", help="Asterisk's address, for caller ID from the PBX")
    parser.add_argument("--ami-port", type=int, help="its manager port (5038)")
    parser.add_argument("--ami-user", help="the manager user ([fuxi] in manager.conf)")
    parser.add_argument("--ami-secret", help="its secret (or FUXI_AMI_SECRET)")
    parser.add_argument(
        "--ami-contexts",
        help=f"dialplan contexts of inbound calls, comma-separated, * for any ({DEFAULT_CONTEXTS})",
    )
    parser.add_argument(
        "--check", action="store_true", help="list the readers, test the token, and exit"
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    args = parser.parse_args(join_secret_values(sys.argv[1:] if argv is None else argv))
    settings = dict(DEFAULTS)
    if args.config:
        # no interpolation: a token or an AMI secret may contain "%"
        config = configparser.ConfigParser(interpolation=None)
        if not config.read(args.config, encoding="utf-8"):
            parser.error(f"cannot read {args.config}")
        for section in SECTIONS:
            if config.has_section(section):
                settings.update({k.replace("-", "_"): v for k, v in config[section].items()})
    for variable in TOKEN_VARIABLES:
        if os.environ.get(variable):
            settings["token"] = os.environ[variable]
    if os.environ.get("FUXI_AMI_SECRET"):
        settings["ami_secret"] = os.environ["FUXI_AMI_SECRET"]
    for key in DEFAULTS:
        value = getattr(args, key, None)
        if value is not None:
            settings[key] = str(value)
    settings["check"] = args.check
    settings["queue"] = settings["queue"] or default_queue_path()
    if not settings["token"]:
        parser.error("no token: give --token, FUXI_STATION_TOKEN or token= in the config file")
    settings["cards"] = str(settings["cards"]).strip().lower() in YES
    for key in ("debounce", "heartbeat", "callerid_baud", "callerid_debounce", "ami_port"):
        try:
            float(settings[key])
        except ValueError:
            parser.error(f"{key.replace('_', '-')}: a number, not {settings[key]!r}")
    if not (settings["cards"] or settings["callerid_device"] or settings["ami_host"]):
        parser.error("nothing to watch: cards = no, and no callerid-device nor ami-host")
    return settings


def check(settings, client):
    """--check: which readers and caller-ID devices are there, does Odoo accept the token."""
    settings = {**DEFAULTS, "cards": True, **settings}
    ok = True
    if settings["cards"]:
        ok = _check_readers(settings) and ok
    if settings["callerid_device"]:
        ok = _check_serial(settings) and ok
    if settings["ami_host"]:
        ok = _check_ami(settings) and ok
    try:
        answer = client.heartbeat()
        print(f"Odoo: token accepted for reader “{answer['reader']}” ({answer['station']})")
    except (ServerError, Unreachable) as exc:
        print(f"Odoo: {exc}")
        ok = False
    return 0 if ok else 1


def _check_readers(settings):
    try:
        from smartcard.System import readers  # pyscard: only when cards are watched

        names = [str(reader) for reader in readers()]
    except Exception as exc:  # noqa: BLE001 - pcscd not running, no PC/SC library
        print(f"PC/SC: not available ({exc}). Is pcscd running?")
        return False
    for name in names:
        used = settings["reader"].lower() in name.lower()
        print(f"reader: {name}{'' if used else '  (not used: --reader filter)'}")
    if not names:
        print("PC/SC: no reader connected")
    return bool(names)


def _check_serial(settings):
    watcher = _serial_watcher(settings, CallMaker(lambda _swipe: None))
    try:
        port = watcher._open()
    except Exception as exc:  # noqa: BLE001 - missing device, permission denied
        print(f"caller ID: cannot open {settings['callerid_device']}: {exc}")
        return False
    try:
        for command in watcher.init:
            print(f"caller ID: {command} → {watcher._command(port, command) or 'no answer'}")
    finally:
        port.close()
    return True


def _check_ami(settings):
    watcher = _ami_watcher(settings, CallMaker(lambda _swipe: None))
    watcher.reconnect = 0
    watcher.start()
    deadline = time.monotonic() + 8
    while not (watcher.ready.is_set() or watcher.failed.is_set()) and time.monotonic() < deadline:
        time.sleep(0.05)
    logged_in = watcher.ready.is_set()
    watcher.stop()
    address = f"{settings['ami_host']}:{settings['ami_port']}"
    print(f"Asterisk: {'logged in at' if logged_in else 'no login at'} {address}")
    return logged_in


def _serial_watcher(settings, maker):
    return SerialCallerId(
        settings["callerid_device"],
        maker,
        init=settings["callerid_init"],
        baud=int(float(settings["callerid_baud"])),
    )


def _ami_watcher(settings, maker):
    return AmiCallerId(
        settings["ami_host"],
        maker,
        port=int(float(settings["ami_port"])),
        user=settings["ami_user"],
        secret=settings["ami_secret"],
        contexts=settings["ami_contexts"],
    )


class NoCardMonitor:
    """Stands for the card monitor on a PC without card readers (cards = no)."""

    def alive(self):
        return True

    def stop(self):
        pass


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
            settings.get("print_server") or None,
        )
    # every device feeds the same queue: one sender, in the order things happened
    devices = []
    calls = CallMaker(queue.put, float(settings["callerid_debounce"]))
    if settings["callerid_device"]:
        devices.append(_serial_watcher(settings, calls))
    if settings["ami_host"]:
        devices.append(_ami_watcher(settings, calls))
    for device in devices:
        device.start()
    if settings["cards"]:
        maker = SwipeMaker(queue.put, settings["reader"], float(settings["debounce"]))
        monitor = start_pcsc_monitor(maker)
    else:
        monitor = NoCardMonitor()
    log.info(
        "fuxi-station %s: %s, readers matching “%s”, caller ID %s, station %s",
        __version__,
        settings["server"],
        (settings["reader"] or "*") if settings["cards"] else "(cards off)",
        " + ".join(
            filter(
                None,
                [
                    settings["callerid_device"],
                    settings["ami_host"] and f"Asterisk {settings['ami_host']}",
                ],
            )
        )
        or "-",
        settings["station"] or "-",
    )
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_args: stop.set())
    code = supervise(stop, monitor, sender, devices=devices)
    log.info("stopping (%d swipe(s) left in the queue)", len(queue))
    monitor.stop()
    for device in devices:
        device.stop()
    sender.stop()
    sender.join(5)
    if printer:
        printer.stop()
    queue.close()
    return code


def supervise(stop, monitor, sender, interval=2.0, devices=()):
    """Waits for a stop signal (exit 0) while checking that cards are still watched and
    sent. When pcscd goes away pyscard's card monitor ends for good: the bridge then exits
    (EXIT_PCSC_LOST) so that its service manager starts it again once pcscd is back — the
    swipes waiting in the queue are kept on disk. Caller-ID watchers reopen their device
    themselves; one that ended anyway (a bug) makes the bridge exit too (EXIT_DEVICE_LOST)."""
    log = logging.getLogger("fuxi_station")
    while not stop.wait(interval):
        if not monitor.alive():
            log.error("the PC/SC card monitor stopped (pcscd stopped or restarted): exiting")
            return EXIT_PCSC_LOST
        if not sender.is_alive():
            log.error("the sender thread stopped: exiting")
            return EXIT_SENDER_LOST
        for device in devices:
            if not device.alive():
                log.error("the %s thread stopped: exiting", device.name)
                return EXIT_DEVICE_LOST
    return 0


if __name__ == "__main__":
    sys.exit(main())
