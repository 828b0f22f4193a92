"""A virtual ESC/POS receipt printer for tests (no hardware): a TCP server like a network
printer's port 9100 that decodes what it receives — the ESC/POS commands Fuxi uses and
GB18030 text — into printed tickets (lines with their style, a cut at the end).

Pure Python (no Odoo): fuxi_station_printer's tests decode the bytes the server renders
with it and make the bridge print to it; the printing benchmark measures with it.
"""

import socket
import threading
import time
from dataclasses import dataclass, field

# DLE EOT 4 (paper roll sensor): bits 1 and 4 always set; 5 and 6 say "paper end"
STATUS_OK = 0x12
STATUS_PAPER_OUT = 0x12 | 0x60


@dataclass
class Line:
    text: str = ""
    big: bool = False  # any text of the line in double width and height
    bold: bool = False
    invert: bool = False
    align: str = "left"
    spans: list = field(default_factory=list)  # [(text, big, bold, invert)]


@dataclass
class Ticket:
    lines: list = field(default_factory=list)
    cut: bool = False

    @property
    def texts(self):
        return [line.text for line in self.lines]

    @property
    def big_texts(self):
        return [line.text for line in self.lines if line.big]

    @property
    def highlighted(self):
        return [line.text for line in self.lines if line.invert]


class EscposDecoder:
    """Feeds on bytes; ``tickets`` holds the tickets completed by a cut."""

    ALIGNS = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center", 50: "right"}

    def __init__(self, encoding="gb18030", on_status=None):
        self.encoding = encoding
        self.on_status = on_status
        self.tickets = []
        self.commands = []  # every command seen, e.g. "ESC @", "GS V"
        self._buffer = b""
        self._reset()
        self._current = Ticket()

    def _reset(self):
        self.big = self.bold = self.invert = False
        self.align = "left"
        self._text = b""
        self._spans = []

    def _flush_span(self):
        if self._text:
            self._spans.append((self._text, self.big, self.bold, self.invert))
            self._text = b""

    def _end_line(self):
        self._flush_span()
        spans = [
            (raw.decode(self.encoding, errors="replace"), big, bold, invert)
            for raw, big, bold, invert in self._spans
        ]
        text = "".join(span[0] for span in spans)
        self._current.lines.append(
            Line(
                text=text,
                big=any(span[1] for span in spans if span[0].strip()),
                bold=any(span[2] for span in spans if span[0].strip()),
                invert=any(span[3] for span in spans if span[0].strip()),
                align=self.align,
                spans=spans,
            )
        )
        self._spans = []

    def feed(self, data):
        self._buffer += data
        while self._buffer:
            used = self._step(self._buffer)
            if used == 0:
                return  # an incomplete command: wait for more bytes
            self._buffer = self._buffer[used:]

    def _step(self, data):
        """Decode one command or run of text at the start of ``data``; returns the number
        of bytes used (0: the command is incomplete)."""
        first = data[0]
        if first == 0x0A:
            self._end_line()
            return 1
        handler = {0x1B: self._esc, 0x1D: self._gs, 0x1C: self._fs, 0x10: self._dle}.get(first)
        if handler:
            return handler(data)
        if first < 0x20 and first != 0x09:
            return 1  # other control bytes: ignored as a printer would
        # text: up to the next control byte (GB18030 never uses bytes < 0x20 in characters)
        end = 1
        while end < len(data) and data[end] >= 0x20:
            end += 1
        self._text += data[:end]
        return end

    def _esc(self, data):
        if len(data) < 2:
            return 0
        command = data[1:2]
        self.commands.append("ESC " + chr(data[1]))
        if command == b"@":
            self._flush_span()
            self._reset()
            return 2
        if len(data) < 3:
            return 0
        value = data[2]
        if command == b"a":
            self.align = self.ALIGNS.get(value, "left")
        elif command == b"E":
            self._flush_span()
            self.bold = bool(value & 1)
        elif command == b"!":
            self._flush_span()
            self.bold = bool(value & 0x08)
            self.big = bool(value & 0x30)
        return 3

    def _gs(self, data):
        if len(data) < 3:
            return 0
        command, value = data[1:2], data[2]
        self.commands.append("GS " + chr(data[1]))
        if command == b"!":
            self._flush_span()
            self.big = value != 0
        elif command == b"B":
            self._flush_span()
            self.invert = bool(value & 1)
        elif command == b"V":
            size = 4 if value in (65, 66) else 3
            if len(data) < size:
                return 0
            if self._text or self._spans:
                self._end_line()
            self._current.cut = True
            self.tickets.append(self._current)
            self._current = Ticket()
            return size
        return 3

    def _fs(self, data):
        """FS & / FS . : Chinese character mode on / off."""
        if len(data) < 2:
            return 0
        self.commands.append("FS " + chr(data[1]))
        return 2

    def _dle(self, data):
        """DLE EOT n: a real-time status request, answered at once."""
        if len(data) < 3:
            return 0
        self.commands.append("DLE EOT")
        if self.on_status:
            self.on_status(data[2])
        return 3


def decode(data, encoding="gb18030"):
    decoder = EscposDecoder(encoding)
    decoder.feed(data)
    return decoder.tickets


class VirtualPrinter:
    """A network ticket printer on 127.0.0.1:``port``. ``stop()`` closes the port (the
    printer is off: connections are refused), ``start()`` opens it again on the same port.
    ``paper_out`` makes it answer the status query with "paper end" and print nothing."""

    def __init__(self, port=0, encoding="gb18030", clock=time.monotonic):
        self.port = port
        self.clock = clock
        self.encoding = encoding
        self.tickets = []
        self.received = []  # (clock time the cut arrived, ticket) per ticket
        self.paper_out = False
        self.hold_status = False  # do not answer status queries (a stuck printer)
        self._lock = threading.Condition()
        self._server = None
        self._thread = None

    # -- life
    def start(self):
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(16)
        self.port = server.getsockname()[1]
        self._server = server
        self._thread = threading.Thread(target=self._accept, args=(server,), daemon=True)
        self._thread.start()
        return self

    def stop(self):
        server, self._server = self._server, None
        if server:
            # close() alone leaves a thread blocked in accept() holding the port
            try:
                server.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            server.close()
        if self._thread:
            self._thread.join(2)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def _accept(self, server):
        while True:
            try:
                connection, _address = server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection):
        def answer(_request):
            if self.hold_status:
                return
            status = STATUS_PAPER_OUT if self.paper_out else STATUS_OK
            try:
                connection.sendall(bytes([status]))
            except OSError:
                pass

        decoder = EscposDecoder(self.encoding, on_status=answer)
        seen = 0
        with connection:
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            while True:
                try:
                    data = connection.recv(65536)
                except OSError:
                    break
                if not data:
                    break
                if self.paper_out:
                    decoder.feed(data)
                    decoder.tickets.clear()  # nothing comes out without paper
                    seen = 0
                    continue
                decoder.feed(data)
                if len(decoder.tickets) > seen:
                    with self._lock:
                        now = self.clock()
                        for ticket in decoder.tickets[seen:]:
                            self.tickets.append(ticket)
                            self.received.append((now, ticket))
                        self._lock.notify_all()
                    seen = len(decoder.tickets)

    # -- checks
    def wait_for(self, count, timeout=10.0):
        """Wait until ``count`` tickets were printed; returns the tickets."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self.tickets) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._lock.wait(remaining)
            return list(self.tickets)
