"""Watches the PC/SC readers and turns each card put on a reader into one swipe."""

import logging
import threading
import time
import uuid

_logger = logging.getLogger("fuxi_station.monitor")

GET_UID = [0xFF, 0xCA, 0x00, 0x00, 0x00]  # PC/SC part 3 GET DATA: the card's UID


def hex_string(data):
    return "".join(f"{byte:02X}" for byte in data)


def read_uid(card):
    """UID of a card from the GET DATA APDU; the ATR when the card refuses it (e.g. some
    contact cards). Returns (identifier, source)."""
    connection = card.createConnection()
    connection.connect()
    try:
        data, sw1, sw2 = connection.transmit(GET_UID)
        if (sw1, sw2) == (0x90, 0x00) and data:
            return hex_string(data), "uid"
        _logger.info("card refused GET DATA (%02X %02X): using its ATR", sw1, sw2)
        return hex_string(connection.getATR()), "atr"
    finally:
        try:
            connection.disconnect()
        except Exception:  # noqa: BLE001 - the card may already be gone
            pass


class SwipeMaker:
    """Decides which reads are swipes: not the cards present at start, not the same card
    read again on the same reader within `debounce` seconds."""

    # the card monitor reports the cards lying on the readers as soon as it starts
    STARTUP_GRACE = 10.0

    def __init__(self, on_swipe, reader_filter="", debounce=2.0, clock=time.monotonic):
        self.on_swipe = on_swipe
        self.reader_filter = reader_filter.lower()
        self.debounce = debounce
        self.clock = clock
        self.started = clock()
        self.present_at_start = set()
        self.last = {}
        self.lock = threading.Lock()

    def wants(self, reader_name):
        return self.reader_filter in reader_name.lower()

    def card_read(self, reader_name, identifier, read_at=None, atr=None):
        """One card read; returns the swipe made, or None when ignored."""
        with self.lock:
            now = self.clock()
            if (reader_name, atr) in self.present_at_start:
                self.present_at_start.discard((reader_name, atr))
                if now - self.started < self.STARTUP_GRACE:
                    _logger.info("ignoring the card already on %s at start", reader_name)
                    return None
            previous = self.last.get(reader_name)
            if previous and previous[0] == identifier and now - previous[1] < self.debounce:
                _logger.debug("same card again on %s: ignored", reader_name)
                return None
            self.last[reader_name] = (identifier, now)
        swipe = {
            "identifier": identifier,
            "kind": "card",
            "swipe_id": uuid.uuid4().hex,
            "read_at": read_at if read_at is not None else time.time(),
            "reader": reader_name,
        }
        self.on_swipe(swipe)
        return swipe


def start_pcsc_monitor(maker):
    """Starts pyscard's card monitor; returns an object with stop()."""
    from smartcard.CardMonitoring import CardMonitor, CardObserver
    from smartcard.System import readers

    for reader in readers():
        name = str(reader)
        if not maker.wants(name):
            continue
        try:
            connection = reader.createConnection()
            connection.connect()
            maker.present_at_start.add((name, hex_string(connection.getATR())))
            connection.disconnect()
        except Exception:  # noqa: BLE001 - no card on this reader
            pass

    class Observer(CardObserver):
        def update(self, observable, actions):
            added, _removed = actions
            for card in added:
                name = str(card.reader)
                if not maker.wants(name):
                    continue
                read_at = time.time()
                try:
                    identifier, _source = read_uid(card)
                except Exception as exc:  # noqa: BLE001 - a card pulled away too fast
                    _logger.warning("could not read the card on %s: %s", name, exc)
                    continue
                maker.card_read(name, identifier, read_at, atr=hex_string(card.atr))

    monitor = CardMonitor()
    observer = Observer()
    monitor.addObserver(observer)

    class Handle:
        def alive(self):
            """False once pyscard's monitoring thread has ended: it stops for good when
            pcscd goes away (stopped, restarted, upgraded)."""
            from smartcard.CardMonitoring import CardMonitoringThread

            thread = CardMonitoringThread.instance
            return thread is not None and thread.is_alive()

        def stop(self):
            monitor.deleteObserver(observer)

    return Handle()
