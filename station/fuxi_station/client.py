"""Talks to Odoo's /fuxi/card/* routes."""

import http.client
import http.cookies
import json
import socket
import ssl
import threading
import urllib.error
import urllib.parse
import urllib.request

from . import __version__


class ServerError(Exception):
    """Odoo answered, but refused (4xx): retrying the same swipe will not help."""

    def __init__(self, status, message):
        super().__init__(f"{status}: {message}")
        self.status = status


class Unreachable(Exception):
    """No answer (network, Odoo down, 5xx): retry later."""


def _error_message(raw, reason):
    try:
        return json.loads(raw or b"{}").get("error", reason)
    except (ValueError, AttributeError):
        return reason


class OdooClient:
    """Keeps its connection to Odoo open between requests (one per thread: the sender and
    the printer worker share a client): a call then costs one round trip to a server in the
    cloud, not a TCP and TLS handshake first (two or three more). Through an HTTP proxy
    (http_proxy / https_proxy) each request goes through urllib as before.

    It also keeps the session cookie the swipe and heartbeat routes give it (it asks for
    one with ``X-Fuxi-Session: keep``): a session naming the database and the language, so
    that Odoo does not look for the database (a new PostgreSQL connection) nor for the
    language (the company's) again before each call — 12 ms of a swipe's 15 before the
    route on the card bench. The cookie only spares that work: it carries no rights (the
    token does), and a call without it, or with one Odoo forgot, is answered as before."""

    def __init__(self, server, token, timeout=10):
        self.server = server.rstrip("/")
        self.token = token
        self.timeout = timeout
        url = urllib.parse.urlsplit(self.server)
        self._scheme, self._host, self._port = url.scheme, url.hostname, url.port
        self._base_path = url.path
        proxies = urllib.request.getproxies()
        self._proxied = self._scheme in proxies and not urllib.request.proxy_bypass(
            self._host or ""
        )
        self._local = threading.local()
        # the session cookie's value (one session for the sender and the printer worker)
        self._session = None

    def _headers(self):
        headers = {
            "Content-Type": "application/json",
            "Authorization": f"Bearer {self.token}",
            "User-Agent": f"fuxi-station/{__version__}",
            "X-Fuxi-Session": "keep",
        }
        session = self._session
        if session:
            headers["Cookie"] = f"session_id={session}"
        return headers

    def _keep_cookie(self, set_cookies):
        """The session id among the answer's Set-Cookie headers, if any."""
        for header in set_cookies or ():
            cookie = http.cookies.SimpleCookie()
            try:
                cookie.load(header)
            except http.cookies.CookieError:
                continue
            if "session_id" in cookie:
                self._session = cookie["session_id"].value or None

    def _answer(self, status, raw, reason):
        if 400 <= status < 500:
            raise ServerError(status, _error_message(raw, reason))
        if status >= 300:
            raise Unreachable(f"{status}: {_error_message(raw, reason)}")
        try:
            return json.loads(raw or b"{}")
        except ValueError as exc:
            raise Unreachable(f"not JSON: {exc}") from exc

    def _post(self, path, body):
        data = json.dumps(body).encode()
        if self._proxied or self._scheme not in ("http", "https") or not self._host:
            return self._post_urllib(path, data)
        # a kept connection the server closed meanwhile (idle timeout, restart) fails at
        # once: the request goes again on a new one (Odoo takes a swipe id once); a timeout
        # is not retried (the caller's back-off decides)
        for attempt in range(2):
            connection = getattr(self._local, "connection", None)
            reused = connection is not None
            try:
                if connection is None:
                    connection = self._local.connection = self._connect()
                connection.request("POST", self._base_path + path, data, self._headers())
                answer = connection.getresponse()
                raw = answer.read()
                self._keep_cookie(answer.headers.get_all("Set-Cookie"))
            except (http.client.HTTPException, OSError) as exc:
                self._drop()
                if reused and attempt == 0 and not isinstance(exc, TimeoutError):
                    continue
                raise Unreachable(str(exc) or type(exc).__name__) from exc
            if answer.will_close:
                self._drop()
            return self._answer(answer.status, raw, answer.reason)
        raise AssertionError("unreachable")  # pragma: no cover

    def _connect(self):
        if self._scheme == "https":
            connection = http.client.HTTPSConnection(
                self._host, self._port, timeout=self.timeout, context=ssl.create_default_context()
            )
        else:
            connection = http.client.HTTPConnection(self._host, self._port, timeout=self.timeout)
        connection.connect()
        # TCP keepalive probes keep a router's NAT entry of the idle connection, and tell a
        # dead one within a minute, instead of a call waiting `timeout` on it
        sock = connection.sock
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        for option, value in (("TCP_KEEPIDLE", 20), ("TCP_KEEPINTVL", 5), ("TCP_KEEPCNT", 4)):
            if hasattr(socket, option):  # Linux; other systems keep their defaults
                sock.setsockopt(socket.IPPROTO_TCP, getattr(socket, option), value)
        return connection

    def _drop(self):
        connection = getattr(self._local, "connection", None)
        self._local.connection = None
        if connection is not None:
            connection.close()

    def _post_urllib(self, path, data):
        request = urllib.request.Request(self.server + path, data, self._headers())
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                self._keep_cookie(answer.headers.get_all("Set-Cookie"))
                return self._answer(answer.status, answer.read(), answer.reason)
        except urllib.error.HTTPError as exc:
            return self._answer(exc.code, exc.read(), exc.reason)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise Unreachable(str(exc)) from exc

    def swipe(self, swipe):
        return self._post("/fuxi/card/swipe", swipe)

    def heartbeat(self):
        return self._post("/fuxi/card/heartbeat", {"version": __version__})
