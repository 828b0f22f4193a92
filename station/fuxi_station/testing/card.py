"""A contactless card for vsmartcard's virtual reader (vpcd), for tests without hardware.

vpcd's protocol: each message is a 2-byte big-endian length and a payload. A 1-byte payload
is a control code (0 power off, 1 power on, 2 reset, 4 "send your ATR"); anything longer is
an APDU to answer. Connecting inserts the card, closing the connection removes it.
"""

import argparse
import socket
import struct
import threading
import time

ATR = bytes.fromhex("3B8F8001804F0CA000000306030001000000006A")
SW_OK = b"\x90\x00"
SW_NOT_SUPPORTED = b"\x6a\x81"


class SimulatedCard:
    """Inserted while `hold()` runs: answers GET DATA with its UID (or refuses it)."""

    def __init__(self, uid_hex, host="127.0.0.1", port=35963, refuse_get_uid=False, atr=ATR):
        self.uid = bytes.fromhex(uid_hex)
        self.address = (host, port)
        self.refuse_get_uid = refuse_get_uid
        self.atr = atr
        self.inserted_at = None
        self.apdus = []

    def _answer(self, payload):
        if len(payload) == 1:
            return self.atr if payload[0] == 4 else None
        self.apdus.append(payload)
        if payload[:2] == b"\xff\xca":
            return SW_NOT_SUPPORTED if self.refuse_get_uid else self.uid + SW_OK
        return SW_NOT_SUPPORTED

    def hold(self, seconds=0.8):
        """Put the card on the reader for `seconds` (≥ 0.6: pcscd polls every ~0.4 s)."""
        sock = socket.create_connection(self.address, timeout=5)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if hasattr(socket, "TCP_QUICKACK"):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        self.inserted_at = time.time()
        deadline = time.monotonic() + seconds
        try:
            while time.monotonic() < deadline:
                sock.settimeout(max(0.01, deadline - time.monotonic()))
                try:
                    header = self._recv(sock, 2)
                except TimeoutError:
                    break
                if header is None:
                    break
                (length,) = struct.unpack(">H", header)
                payload = self._recv(sock, length)
                if payload is None:
                    break
                answer = self._answer(payload)
                if answer is not None:
                    sock.sendall(struct.pack(">H", len(answer)) + answer)
                if hasattr(socket, "TCP_QUICKACK"):
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        finally:
            sock.close()

    @staticmethod
    def _recv(sock, size):
        data = b""
        while len(data) < size:
            chunk = sock.recv(size - len(data))
            if not chunk:
                return None
            data += chunk
        return data

    def hold_in_background(self, seconds=0.8):
        thread = threading.Thread(target=self.hold, args=(seconds,), daemon=True)
        thread.start()
        return thread


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m fuxi_station.testing.card",
        description="Put a simulated card on vpcd's virtual reader.",
    )
    parser.add_argument("uid", help="the card's UID in hexadecimal, e.g. 04A23B1C5D6E80")
    parser.add_argument("--port", type=int, default=35963, help="35963 = Virtual PCD 00 00")
    parser.add_argument("--seconds", type=float, default=1.0)
    parser.add_argument("--refuse-get-uid", action="store_true", help="answer GET DATA with 6A81")
    args = parser.parse_args(argv)
    SimulatedCard(args.uid, port=args.port, refuse_get_uid=args.refuse_get_uid).hold(args.seconds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
