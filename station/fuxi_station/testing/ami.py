"""A fake Asterisk manager interface (AMI) for tests without a PBX: a TCP server that
greets, checks the login and, on `call()`, sends the Newchannel events an inbound call makes
(the trunk's channel, then one channel per ringing phone, all with the same Linkedid)."""

import itertools
import socket
import threading
import time


class FakeAsterisk:
    def __init__(self, user="fuxi", secret="s3cret", host="127.0.0.1", port=0):
        self.user = user
        self.secret = secret
        self.server = socket.create_server((host, port))
        self.port = self.server.getsockname()[1]
        self.clients = []
        self.logins = []
        self.actions = []
        self._ids = itertools.count(1700000000)
        self._lock = threading.Lock()
        self._closed = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self._closed.is_set():
            try:
                conn, _address = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        conn.sendall(b"Asterisk Call Manager/5.0.1\r\n")
        buffer = b""
        try:
            while not self._closed.is_set():
                data = conn.recv(4096)
                if not data:
                    break
                buffer += data
                while b"\r\n\r\n" in buffer:
                    block, buffer = buffer.split(b"\r\n\r\n", 1)
                    fields = dict(
                        line.split(": ", 1) for line in block.decode().split("\r\n") if ": " in line
                    )
                    self._action(conn, fields)
        except OSError:
            pass
        finally:
            with self._lock:
                if conn in self.clients:
                    self.clients.remove(conn)
            conn.close()

    def _action(self, conn, fields):
        self.actions.append(fields)
        action_id = fields.get("ActionID", "")
        if fields.get("Action") == "Login":
            ok = fields.get("Username") == self.user and fields.get("Secret") == self.secret
            self.logins.append((fields.get("Username"), ok, fields.get("Events")))
            answer = (
                "Response: Success\r\nMessage: Authentication accepted"
                if ok
                else "Response: Error\r\nMessage: Authentication failed"
            )
            conn.sendall(f"{answer}\r\nActionID: {action_id}\r\n\r\n".encode())
            if ok:
                with self._lock:
                    self.clients.append(conn)
            return
        conn.sendall(f"Response: Success\r\nPing: Pong\r\nActionID: {action_id}\r\n\r\n".encode())

    def event(self, **fields):
        text = "".join(f"{key}: {value}\r\n" for key, value in fields.items()) + "\r\n"
        with self._lock:
            clients = list(self.clients)
        for conn in clients:
            try:
                conn.sendall(text.encode())
            except OSError:
                pass

    def call(self, number, did="80001234", context="from-trunk", phones=("201", "202")):
        """An inbound call from `number` to the restaurant's line `did`, ringing `phones`."""
        linked = f"{next(self._ids)}.{len(self.actions)}"
        self.event(
            Event="Newchannel",
            Privilege="call,all",
            Channel=f"PJSIP/trunk-{len(self.actions):08x}",
            ChannelState="0",
            ChannelStateDesc="Down",
            CallerIDNum=number,
            CallerIDName="",
            Context=context,
            Exten=did,
            Uniqueid=linked,
            Linkedid=linked,
        )
        for index, phone in enumerate(phones):
            self.event(
                Event="Newchannel",
                Privilege="call,all",
                Channel=f"PJSIP/{phone}-{index:08x}",
                ChannelState="5",
                ChannelStateDesc="Ringing",
                CallerIDNum=number,
                Context="from-internal",
                Exten=phone,
                Uniqueid=f"{linked}{index}",
                Linkedid=linked,
            )
        return time.time()

    def logged_in(self, timeout=5.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if self.clients:
                    return True
            time.sleep(0.02)
        return False

    def drop_clients(self):
        """Asterisk restarted: every manager connection is cut."""
        with self._lock:
            clients, self.clients = list(self.clients), []
        for conn in clients:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def close(self):
        self._closed.set()
        self.drop_clients()
        self.server.close()

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        self.close()
