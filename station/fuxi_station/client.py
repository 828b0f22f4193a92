"""Talks to Odoo's /fuxi/card/* routes."""

import json
import urllib.error
import urllib.request

from . import __version__


class ServerError(Exception):
    """Odoo answered, but refused (4xx): retrying the same swipe will not help."""

    def __init__(self, status, message):
        super().__init__(f"{status}: {message}")
        self.status = status


class Unreachable(Exception):
    """No answer (network, Odoo down, 5xx): retry later."""


class OdooClient:
    def __init__(self, server, token, timeout=10):
        self.server = server.rstrip("/")
        self.token = token
        self.timeout = timeout

    def _post(self, path, body):
        data = json.dumps(body).encode()
        request = urllib.request.Request(
            self.server + path,
            data,
            {
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.token}",
                "User-Agent": f"fuxi-station/{__version__}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                return json.loads(answer.read() or b"{}")
        except urllib.error.HTTPError as exc:
            try:
                message = json.loads(exc.read() or b"{}").get("error", exc.reason)
            except ValueError:
                message = exc.reason
            if 400 <= exc.code < 500:
                raise ServerError(exc.code, message) from exc
            raise Unreachable(f"{exc.code}: {message}") from exc
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise Unreachable(str(exc)) from exc

    def swipe(self, swipe):
        return self._post("/fuxi/card/swipe", swipe)

    def heartbeat(self):
        return self._post("/fuxi/card/heartbeat", {"version": __version__})
