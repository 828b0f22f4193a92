"""Caller ID: the number of each incoming call, read from a caller-ID modem or box on a serial
port (Hayes "+VCID" reports) or from an Asterisk PBX's manager interface (AMI), becomes a
"phone" swipe in the queue: Odoo opens the guest with that number at the station."""

import logging
import re
import socket
import threading
import time
import uuid

_logger = logging.getLogger("fuxi_station.callerid")

# what boxes and PBXs report instead of a number when the caller hides it or it is unknown:
# "P" private, "O" out of area (Bell 202 / ETSI), and Asterisk's spellings
WITHHELD = {
    "",
    "P",
    "O",
    "PRIVATE",
    "ANONYMOUS",
    "UNKNOWN",
    "<UNKNOWN>",
    "RESTRICTED",
    "UNAVAILABLE",
    "OUT OF AREA",
}
NUMBER_RE = re.compile(r"^\+?[0-9(][0-9 ()\-]*$")
# an extension calling inside the PBX is no guest: Odoo takes 5 to 20 digits
MIN_DIGITS = 5
MAX_DIGITS = 20


def caller_number(value):
    """The caller's number as reported, tidied; None when withheld, not a number, or too
    short to be an outside line."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.upper() in WITHHELD or not NUMBER_RE.match(text):
        return None
    digits = sum(char.isdigit() for char in text)
    if not MIN_DIGITS <= digits <= MAX_DIGITS:
        return None
    return re.sub(r"[\s()\-]", "", text)


class CallMaker:
    """Decides which call reports are new calls: not a withheld number, not the same number
    again within `debounce` seconds (boxes repeat the report at each ring, a PBX reports each
    channel of one call)."""

    def __init__(self, on_swipe, debounce=15.0, clock=time.monotonic):
        self.on_swipe = on_swipe
        self.debounce = debounce
        self.clock = clock
        self.last = {}
        self.lock = threading.Lock()

    def call(self, reported, line="", read_at=None):
        """One call report; returns the swipe made, or None when ignored."""
        number = caller_number(reported)
        if number is None:
            # withheld numbers are never looked up: nobody could be told apart by them
            _logger.info("call on %s from a withheld or invalid number %r: ignored", line, reported)
            return None
        with self.lock:
            now = self.clock()
            previous = self.last.get(number)
            if previous is not None and now - previous < self.debounce:
                _logger.debug("call from %s reported again: ignored", number)
                return None
            self.last = {n: t for n, t in self.last.items() if now - t < self.debounce}
            self.last[number] = now
        swipe = {
            "identifier": number,
            "kind": "phone",
            "swipe_id": uuid.uuid4().hex,
            "read_at": read_at if read_at is not None else time.time(),
            "reader": line or "caller ID",
        }
        self.on_swipe(swipe)
        return swipe


# ------------------------------------------------------------------ serial (Hayes modem / box)
# "NMBR = 13800138000", "NMBR=13800138000", "NMBR: …"; DATE is MMDD and TIME HHMM
REPORT_RE = re.compile(r"^\s*(DATE|TIME|NMBR|NAME|MESG|DDN_NMBR)\s*[=:]\s*(.*?)\s*$", re.I)


class HayesParser:
    """Reads the caller-ID report a modem prints between the rings once `AT+VCID=1` (or a
    box by itself) switched it on:

        RING
        DATE = 1201
        TIME = 1930
        NMBR = 13800138000
        NAME = ZHANG SAN
        RING

    `feed(line)` returns a report dict when a line completes one (at NMBR: the name, when
    sent, comes after it, and the station should not wait for it), else None."""

    def __init__(self):
        self.current = {}

    def feed(self, line):
        line = line.strip()
        if not line:
            return None
        if line.upper() == "RING":
            self.current = {}
            return None
        match = REPORT_RE.match(line)
        if not match:
            return None
        key, value = match.group(1).upper(), match.group(2)
        if key == "NMBR":
            report = dict(self.current, number=value)
            self.current = {}
            return report
        if key != "DDN_NMBR":  # the number dialled (the restaurant's own line): not the caller
            self.current[key.lower()] = value
        return None


def split_lines(buffer):
    """(complete lines, rest): modems end lines with CR LF, some boxes with CR or LF alone."""
    parts = re.split(r"\r\n|\r|\n", buffer)
    return parts[:-1], parts[-1]


class SerialCallerId(threading.Thread):
    """Watches a caller-ID modem or box on a serial port (USB ones show up as /dev/ttyACM0,
    /dev/ttyUSB0 or COM3). Sends the init commands, then turns each report into a call;
    reopens the port when it goes away (unplugged, modem reset)."""

    def __init__(self, device, maker, init="ATZ AT+VCID=1", baud=9600, reopen=5.0, opener=None):
        super().__init__(name="fuxi-station-callerid", daemon=True)
        self.device = device
        self.maker = maker
        self.init = init.split() if isinstance(init, str) else list(init or ())
        self.baud = baud
        self.reopen = reopen
        self.opener = opener
        self.stopping = threading.Event()
        self.ready = threading.Event()
        self.port = None

    def stop(self):
        self.stopping.set()

    def alive(self):
        return self.is_alive()

    def _open(self):
        if self.opener is not None:
            return self.opener(self.device)
        import serial  # pyserial: only with a caller-ID device

        return serial.serial_for_url(self.device, baudrate=self.baud, timeout=0.2)

    def _command(self, port, command, timeout=2.0):
        """Sends one AT command; returns the modem's final answer (OK, ERROR) or None."""
        port.write(command.encode("ascii", "replace") + b"\r")
        port.flush()
        deadline = time.monotonic() + timeout
        buffer = ""
        while time.monotonic() < deadline and not self.stopping.is_set():
            buffer += port.read(64).decode("ascii", "replace")
            lines, buffer = split_lines(buffer)
            for line in lines:
                if line.strip().upper() in ("OK", "ERROR"):
                    return line.strip().upper()
        return None

    def _session(self, port):
        for command in self.init:
            answer = self._command(port, command)
            if answer == "OK":
                _logger.info("caller ID %s: %s OK", self.device, command)
            else:
                # a box that is no modem ignores AT commands; a modem that says ERROR needs
                # another caller-ID command (AT#CID=1, AT%CCID=1…): the README lists some
                _logger.warning("caller ID %s: %s answered %s", self.device, command, answer)
        parser = HayesParser()
        self.ready.set()
        buffer = ""
        while not self.stopping.is_set():
            data = port.read(port.in_waiting or 1)
            if not data:
                continue
            read_at = time.time()
            buffer += data.decode("ascii", "replace")
            lines, buffer = split_lines(buffer)
            if len(buffer) > 4096:  # line noise without line ends
                buffer = ""
            for line in lines:
                report = parser.feed(line)
                if report is not None:
                    _logger.info("caller ID %s: call from %r", self.device, report["number"])
                    self.maker.call(report["number"], line=self.device, read_at=read_at)

    def run(self):
        while not self.stopping.is_set():
            try:
                self.port = self._open()
            except Exception as exc:  # noqa: BLE001 - no such device, permission denied…
                _logger.error("caller ID: cannot open %s (%s): retrying", self.device, exc)
                self.stopping.wait(self.reopen)
                continue
            _logger.info("caller ID: listening on %s", self.device)
            try:
                self._session(self.port)
            except Exception as exc:  # noqa: BLE001 - unplugged, modem reset: reopen it
                _logger.error("caller ID: %s lost (%s): reopening", self.device, exc)
            finally:
                self.ready.clear()
                try:
                    self.port.close()
                except Exception:  # noqa: BLE001 - already gone
                    pass
            self.stopping.wait(self.reopen)


# ------------------------------------------------------------------ Asterisk manager (AMI)
# the dialplan contexts calls from the outside world enter in Asterisk and FreePBX
DEFAULT_CONTEXTS = "from-trunk,from-pstn,from-external,from-did-direct"


class AmiRefused(Exception):
    """Asterisk answered the login with an error: wrong user or secret, or no rights."""


class AmiCallerId(threading.Thread):
    """Logs into Asterisk's manager interface (TCP 5038) with the "call" event class and
    turns each new channel of an inbound call (a Newchannel event in one of `contexts`) into
    a call; one call makes several channels (trunk, each ringing phone): the first one of
    a Linkedid counts. Reconnects when Asterisk restarts."""

    def __init__(
        self,
        host,
        maker,
        port=5038,
        user="",
        secret="",
        contexts=DEFAULT_CONTEXTS,
        reconnect=5.0,
        ping=30.0,
    ):
        super().__init__(name="fuxi-station-ami", daemon=True)
        self.address = (host, int(port))
        self.maker = maker
        self.user = user
        self.secret = secret
        names = [c.strip() for c in contexts.split(",")] if isinstance(contexts, str) else contexts
        self.contexts = {c for c in names if c and c != "*"}
        self.reconnect = reconnect
        self.ping = ping
        self.stopping = threading.Event()
        self.ready = threading.Event()
        # set when a connection or login failed (for --check, which should not wait long)
        self.failed = threading.Event()
        self.seen = {}
        self.sock = None

    def stop(self):
        self.stopping.set()
        sock = self.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def alive(self):
        return self.is_alive()

    def _messages(self, sock):
        """Yields each AMI message (a dict) as it arrives; None every second of silence."""
        buffer = b""
        while not self.stopping.is_set():
            try:
                data = sock.recv(65536)
            except TimeoutError:
                yield None
                continue
            if not data:
                raise ConnectionError("Asterisk closed the connection")
            buffer += data
            while b"\r\n\r\n" in buffer:
                block, buffer = buffer.split(b"\r\n\r\n", 1)
                message = {}
                for raw in block.decode("utf-8", "replace").split("\r\n"):
                    key, sep, value = raw.partition(":")
                    if sep:
                        message.setdefault(key.strip().lower(), value.strip())
                yield message
            if len(buffer) > 1 << 20:
                raise ConnectionError("an AMI message without end")

    def _send(self, sock, **fields):
        text = "".join(f"{key}: {value}\r\n" for key, value in fields.items()) + "\r\n"
        sock.sendall(text.encode("utf-8"))

    def _session(self, sock):
        sock.settimeout(5)
        banner = b""
        while not banner.endswith(b"\n"):
            chunk = sock.recv(1)
            if not chunk:
                raise ConnectionError("no AMI banner")
            banner += chunk
        sock.settimeout(1.0)
        self._send(
            sock,
            Action="Login",
            ActionID="fuxi-login",
            Username=self.user,
            Secret=self.secret,
            Events="call",
        )
        messages = self._messages(sock)
        for message in messages:
            if message is None:
                continue
            if message.get("actionid") == "fuxi-login":
                if message.get("response", "").lower() != "success":
                    raise AmiRefused(message.get("message", "login refused"))
                break
        _logger.info("caller ID: logged into Asterisk at %s:%s", *self.address)
        self.ready.set()
        next_ping = time.monotonic() + self.ping
        for message in messages:
            if time.monotonic() >= next_ping:
                # a connection silently dropped (NAT, cable) is noticed by the failed send
                self._send(sock, Action="Ping", ActionID="fuxi-ping")
                next_ping = time.monotonic() + self.ping
            if message:
                self._event(message)

    def _event(self, message):
        if message.get("event", "").lower() != "newchannel":
            return
        if self.contexts and message.get("context") not in self.contexts:
            return
        call_id = message.get("linkedid") or message.get("uniqueid") or ""
        now = time.monotonic()
        if call_id:
            if call_id in self.seen:
                return
            self.seen = {k: t for k, t in self.seen.items() if now - t < 3600}
            self.seen[call_id] = now
        line = f"Asterisk {message.get('exten') or message.get('channel') or ''}".strip()
        self.maker.call(message.get("calleridnum", ""), line=line)

    def run(self):
        while not self.stopping.is_set():
            wait = self.reconnect
            try:
                self.sock = socket.create_connection(self.address, timeout=5)
                self._session(self.sock)
            except AmiRefused as exc:
                _logger.error("caller ID: Asterisk refused the login of %r: %s", self.user, exc)
                self.failed.set()
                wait = max(self.reconnect, 30.0)  # a wrong secret does not fix itself soon
            except (OSError, ConnectionError) as exc:
                self.failed.set()
                if not self.stopping.is_set():
                    _logger.warning(
                        "caller ID: Asterisk at %s:%s unreachable (%s): retrying",
                        *self.address,
                        exc,
                    )
            finally:
                self.ready.clear()
                if self.sock is not None:
                    self.sock.close()
                    self.sock = None
            self.stopping.wait(wait)
