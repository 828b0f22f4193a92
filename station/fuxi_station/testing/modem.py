"""A caller-ID modem on a pseudo-terminal, for tests without hardware: the bridge opens the
pty's device (`modem.device`, e.g. /dev/pts/7) as it would /dev/ttyACM0; this end answers its
AT commands and plays the RING / DATE / TIME / NMBR lines of a call. POSIX only (pty)."""

import os
import select
import threading
import time
import tty


class VirtualModem:
    def __init__(self, answer_init=True):
        self.answer_init = answer_init
        self.master, self.slave = os.openpty()
        # raw: the line discipline must not echo or translate what the bridge writes
        tty.setraw(self.slave)
        tty.setraw(self.master)
        self.device = os.ttyname(self.slave)
        self.commands = []
        self._buffer = b""
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._closed.is_set():
            # a read blocked in this thread would keep the pty open after close(): wait with
            # a timeout, so that close() unplugs the modem for the bridge at once
            if not select.select([self.master], [], [], 0.05)[0]:
                continue
            try:
                data = os.read(self.master, 1024)
            except OSError:  # no reader on the other side
                time.sleep(0.02)
                continue
            self._buffer += data
            while b"\r" in self._buffer:
                line, self._buffer = self._buffer.split(b"\r", 1)
                command = line.strip().decode("ascii", "replace")
                if not command:
                    continue
                self.commands.append(command)
                if self.answer_init:
                    self.write(
                        f"{command}\r\n{'OK' if command.upper().startswith('AT') else 'ERROR'}\r\n"
                    )

    def write(self, text):
        os.write(self.master, text.encode("ascii"))

    def ring(self, number, date="1201", clock="1930", name=None, rings=1):
        """One incoming call: the first ring, the report between the rings, more rings."""
        report = f"\r\nRING\r\n\r\nDATE = {date}\r\nTIME = {clock}\r\nNMBR = {number}\r\n"
        if name:
            report += f"NAME = {name}\r\n"
        self.write(report + "\r\nRING\r\n" * max(rings, 1))
        return time.time()

    def wait_for_commands(self, count, timeout=5.0):
        deadline = time.monotonic() + timeout
        while len(self.commands) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return list(self.commands)

    def close(self):
        """Unplugs the modem: the bridge's reads fail (EIO)."""
        if self._closed.is_set():
            return
        self._closed.set()
        self._thread.join(1)
        for fd in (self.master, self.slave):
            try:
                os.close(fd)
            except OSError:
                pass

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        self.close()
