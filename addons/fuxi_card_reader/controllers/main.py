import json
import logging
import os

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

_logger = logging.getLogger(__name__)
MAX_BODY = 4096
# sent by a bridge that keeps its session cookie (fuxi_station.client)
KEEP_SESSION_HEADER = "X-Fuxi-Session"


class FuxiCardReaderController(http.Controller):
    """The card-reader proxy's door into Odoo: token in the Authorization header, JSON in,
    JSON out, a 4xx answer with an error message for anything wrong."""

    def _answer(self, data, status=200):
        return request.make_json_response(data, status=status)

    def _keep_session(self, response, refresh=False):
        """Gives a bridge that keeps its cookie (it sends ``X-Fuxi-Session: keep``) a
        session naming the database and the language Odoo resolved for it.

        Without one, Odoo does before every call what it did for the first: it lists the
        databases to find this one (a new connection to PostgreSQL's ``postgres`` database,
        4 ms, 8 at p95, when no session names the database) and, the bridge sending no
        language, falls back on the company's (the public user, its company and partner
        read): 12 of the 15 ms Odoo spent before the swipe route. The session has no user
        (a public visitor's, as a kiosk browser's), is saved for authenticated readers
        only (an unknown client cannot fill the session folder), when the bridge has none
        or Odoo lost it (its file expired), and again at each heartbeat (``refresh``),
        which keeps it from expiring."""
        httprequest = request.httprequest
        if httprequest.headers.get(KEEP_SESSION_HEADER) != "keep":
            return response
        session = request.session
        if not session.db:
            return response
        store = http.root.session_store
        if (
            not refresh
            and httprequest.cookies.get("session_id") == session.sid
            and os.path.isfile(store.get_session_filename(session.sid))
        ):
            return response
        session.context["lang"] = request.env.lang
        store.save(session)
        response.set_cookie(
            "session_id",
            session.sid,
            max_age=http.get_session_max_inactivity(request.env),
            httponly=True,
        )
        return response

    def _reader_and_body(self):
        """(reader, body, None) or (None, None, error response)."""
        header = request.httprequest.headers.get("Authorization", "")
        token = header[7:].strip() if header.startswith("Bearer ") else ""
        reader = request.env["fuxi.card.reader"].sudo()._authenticate(token)
        if not reader:
            return None, None, self._answer({"error": "unknown or revoked token"}, 403)
        length = request.httprequest.content_length
        if length is not None and length > MAX_BODY:
            return None, None, self._answer({"error": "request too large"}, 413)
        raw = request.httprequest.get_data(cache=False)
        if len(raw) > MAX_BODY:
            return None, None, self._answer({"error": "request too large"}, 413)
        try:
            body = json.loads(raw.decode("utf-8")) if raw else {}
        except (UnicodeDecodeError, ValueError):
            return None, None, self._answer({"error": "the body is not JSON"}, 400)
        except RecursionError:
            # "[[[[…" a thousand deep fits in 4 KB and exhausts the decoder's stack
            return None, None, self._answer({"error": "the body is nested too deeply"}, 400)
        if not isinstance(body, dict):
            return None, None, self._answer({"error": "the body must be a JSON object"}, 400)
        return reader, body, None

    @http.route(
        "/fuxi/card/swipe",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def swipe(self, **_kwargs):
        reader, body, error = self._reader_and_body()
        if error:
            return error
        identifier = body.get("identifier")
        kind = body.get("kind", "card")
        if not isinstance(identifier, str) or not identifier or len(identifier) > 64:
            return self._answer({"error": "identifier: a string of 1 to 64 characters"}, 400)
        if kind not in ("card", "phone"):
            return self._answer({"error": "kind: 'card' or 'phone'"}, 400)
        try:
            Swipe = request.env["fuxi.card.swipe"].sudo()
            read_at = Swipe._from_epoch(body.get("read_at"))
            # the bridge's clock when it sent the request: a call's age without clock skew
            sent_at = Swipe._from_epoch(body.get("sent_at"), "sent_at")
            swipe, duplicate = Swipe._process(
                reader,
                identifier,
                kind,
                swipe_uid=body.get("swipe_id"),
                read_at=read_at,
                sent_at=sent_at,
            )
        except (UserError, ValidationError) as exc:
            return self._answer({"error": str(exc.args[0] if exc.args else exc)}, 400)
        if not swipe:  # a duplicate still being logged by a concurrent request
            return self._answer(
                {"result": False, "duplicate": True, "swipe_id": body["swipe_id"], "partner": ""}
            )
        return self._keep_session(
            self._answer(
                {
                    "result": swipe.result,
                    "duplicate": duplicate,
                    "swipe_id": swipe.swipe_uid,
                    "partner": swipe.partner_id.name or "",
                    "late": Swipe._is_late_call(swipe.kind, swipe.read_at, sent_at),
                }
            )
        )

    @http.route(
        "/fuxi/card/heartbeat",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def heartbeat(self, **_kwargs):
        reader, body, error = self._reader_and_body()
        if error:
            return error
        version = body.get("version")
        reader._touch(
            address=request.httprequest.remote_addr,
            version=version if isinstance(version, str) else None,
        )
        return self._keep_session(
            self._answer({"ok": True, "reader": reader.name, "station": reader.station or ""}),
            refresh=True,
        )
