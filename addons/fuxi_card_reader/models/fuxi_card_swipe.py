import logging
import re
import threading
import time
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime

from psycopg2 import IntegrityError

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .fuxi_card import normalize_card_number

_logger = logging.getLogger(__name__)
PHONE_DIGITS = re.compile(r"\D")
# what a caller-ID box may send around the digits: "+86 (139) 0000-1111"
PHONE_TYPED = re.compile(r"^[0-9\s+\-().]+$")
SWIPE_ID_RE = re.compile(r"^[A-Za-z0-9_.:-]{8,64}$")
# seconds after which a call is not shown as ringing any more (a bridge replaying its queue
# after an outage); ir.config_parameter, at least CALL_MIN_AGE
CALL_MAX_AGE_PARAM = "fuxi_card_reader.call_max_age"
CALL_MAX_AGE = 60
CALL_MIN_AGE = 5
RESULTS = [
    ("known", "Guest Shown"),
    ("bound", "Card Bound"),
    ("unknown", "Unknown Card"),
    ("blocked", "Blocked Card"),
    ("ambiguous", "Several Guests"),
    ("no_match", "Unknown Number"),
]


def normalize_phone(value):
    """Digits of a Chinese phone number without the country code: '+86 138-0013-8000' →
    '13800138000'; None when it is not 5 to 20 digits."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    if value.strip().startswith("+") and not value.strip().startswith("+86"):
        digits = PHONE_DIGITS.sub("", value)
        return digits if 5 <= len(digits) <= 20 else None
    digits = PHONE_DIGITS.sub("", value)
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) >= 11:
            digits = digits[len(prefix) :]
            break
    return digits if 5 <= len(digits) <= 20 else None


class _ExpectedUniqueViolation(logging.Filter):
    """Drops odoo.sql_db's "bad query" record of one expected unique violation, raised in
    this thread only: other threads' errors logged meanwhile still get through."""

    def __init__(self, constraint):
        super().__init__()
        self.constraint = constraint
        self.thread = threading.get_ident()

    def filter(self, record):
        return not (record.thread == self.thread and self.constraint in record.getMessage())


@contextmanager
def _quiet_unique_violation(constraint):
    sql_logger = logging.getLogger("odoo.sql_db")
    quiet = _ExpectedUniqueViolation(constraint)
    sql_logger.addFilter(quiet)
    try:
        yield
    finally:
        sql_logger.removeFilter(quiet)


class FuxiCardSwipe(models.Model):
    """刷卡记录: every card read and every call identified, with what the station was shown."""

    _name = "fuxi.card.swipe"
    _description = "Card Swipe"
    _order = "date desc, id desc"
    _rec_name = "identifier"

    reader_id = fields.Many2one("fuxi.card.reader", string="Reader", index=True, readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Typed By",
        readonly=True,
        help="Keyboard-wedge reader at this user's screen.",
    )
    swipe_uid = fields.Char(string="Swipe ID", required=True, readonly=True, index=True)
    kind = fields.Selection(
        [("card", "Card"), ("phone", "Caller ID")], required=True, default="card", readonly=True
    )
    identifier = fields.Char(required=True, readonly=True)
    date = fields.Datetime(string="Received", default=fields.Datetime.now, readonly=True)
    read_at = fields.Datetime(string="Read", readonly=True, help="When the proxy read the card.")
    result = fields.Selection(RESULTS, required=True, readonly=True, index=True)
    card_id = fields.Many2one("fuxi.card", readonly=True, index="btree_not_null")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", readonly=True, index="btree_not_null"
    )
    match_count = fields.Integer(readonly=True)

    _sql_constraints = [("swipe_uid_uniq", "unique(swipe_uid)", "This swipe was already received.")]

    # ------------------------------------------------------------- processing
    @api.model
    def _process(
        self, reader, identifier, kind="card", swipe_uid=None, read_at=None, user=None, sent_at=None
    ):
        """Resolve a card (or a caller's number), log the swipe once, tell the station.

        Returns (swipe, duplicate). A swipe id already received returns the logged swipe and
        notifies nobody again: a proxy replaying its queue delivers each swipe once. A late
        call (see _is_late_call) is logged and not pushed to the station.
        """
        if kind not in ("card", "phone"):
            raise UserError(self.env._("Unknown identifier kind."))
        if swipe_uid is not None and (
            not isinstance(swipe_uid, str) or not SWIPE_ID_RE.match(swipe_uid)
        ):
            raise UserError(self.env._("The swipe id must be 8 to 64 letters, digits or -_.:"))
        Swipe = self.sudo()
        if swipe_uid:
            previous = Swipe.search([("swipe_uid", "=", swipe_uid)], limit=1)
            if previous:
                return previous, True
        if kind == "phone" and isinstance(identifier, str) and not PHONE_TYPED.match(identifier):
            raise UserError(
                self.env._(
                    "A phone number has only digits, spaces and + - ( ): “%s” is refused.",
                    identifier[:40],
                )
            )
        number = (
            normalize_card_number(identifier) if kind == "card" else normalize_phone(identifier)
        )
        if not number:
            raise UserError(
                self.env._("Not a card number (4 to 32 hexadecimal digits).")
                if kind == "card"
                else self.env._("Not a phone number.")
            )
        vals = {
            "reader_id": reader.id if reader else False,
            "user_id": user.id if user else False,
            "swipe_uid": swipe_uid or f"srv-{uuid.uuid4().hex}",
            "kind": kind,
            "identifier": number,
            "read_at": read_at,
        }
        vals.update(
            self._resolve_card(reader, number) if kind == "card" else self._resolve_phone(number)
        )
        try:
            # the same swipe id sent twice at once (a proxy retrying while the first request
            # still runs) is expected: the unique index decides, and the loser is not an error
            with _quiet_unique_violation("fuxi_card_swipe_swipe_uid_uniq"):
                with self.env.cr.savepoint():
                    swipe = Swipe.create(vals)
        except IntegrityError:
            # the other request logs it and notifies the station
            _logger.info("swipe %s received twice at once: kept once", swipe_uid)
            return Swipe.search([("swipe_uid", "=", swipe_uid)], limit=1), True
        if reader:
            if self._is_late_call(kind, read_at, sent_at):
                _logger.info(
                    "call %s read at %s reached Odoo late: logged, not shown", number, read_at
                )
            else:
                swipe._notify(reader.user_ids)
            reader._touch()
        return swipe, False

    @api.model
    def _call_max_age(self):
        return self.env["ir.config_parameter"]._fuxi_get_int(
            CALL_MAX_AGE_PARAM, CALL_MAX_AGE, minimum=CALL_MIN_AGE
        )

    @api.model
    def _is_late_call(self, kind, read_at, sent_at=None):
        """A call read more than _call_max_age() seconds before it was sent is over: the
        station must not pop it up as ringing now (a bridge replaying its queue after an
        outage). Both times are the bridge's clock, so a station PC whose clock is off
        does not matter; without ``sent_at`` (an older bridge) the server's clock is used."""
        if kind != "phone" or not read_at:
            return False
        reference = sent_at or fields.Datetime.now()
        return (reference - read_at).total_seconds() > self._call_max_age()

    def _notify(self, users):
        """Push the swipe to each user's screen, built in that user's language and time zone
        and with that user's rights (what each may see of the guest differs)."""
        self.ensure_one()
        # what _fuxi_bus_send reads of the recipients (reading user.lang reads their whole
        # row and their partner's otherwise)
        users.fetch(["partner_id"])
        users.partner_id.fetch(["lang", "tz"])
        for recipient in users:
            recipient._fuxi_bus_send(
                "fuxi_card/swipe",
                lambda env, user=recipient: self.with_env(env)._payload(user=user),
            )

    def _resolve_card(self, reader, number):
        Card = self.env["fuxi.card"].sudo()
        # what the swipe and its message read of the card, with the search's query
        active = Card.search_fetch(
            [("number", "=", number), ("state", "=", "active")], ["partner_id", "state"], limit=1
        )
        if active:
            return {"result": "known", "card_id": active.id, "partner_id": active.partner_id.id}
        if (
            reader
            and reader.bind_partner_id
            and reader.bind_until
            and reader.bind_until > fields.Datetime.now()
        ):
            card = Card.create(
                {
                    "number": number,
                    "partner_id": reader.bind_partner_id.id,
                    "kind": reader.bind_kind or "contactless",
                }
            )
            reader._cancel_binding()
            return {"result": "bound", "card_id": card.id, "partner_id": card.partner_id.id}
        inactive = Card.search([("number", "=", number)], order="id desc", limit=1)
        if inactive:
            return {
                "result": "blocked",
                "card_id": inactive.id,
                "partner_id": inactive.partner_id.id,
            }
        return {"result": "unknown"}

    def _resolve_phone(self, digits):
        matches = self._partners_with_phone(digits)
        if len(matches) == 1:
            return {"result": "known", "partner_id": matches.id, "match_count": 1}
        if matches:
            return {"result": "ambiguous", "match_count": len(matches), "partner_id": False}
        return {"result": "no_match", "match_count": 0}

    @api.model
    def _partners_with_phone(self, digits):
        """Guests whose phone or mobile is this number, however it was typed: what
        normalize_phone() makes of their number is `digits`, i.e. the number's digits are
        `digits`, or `digits` behind China's country code (86, 0086) for a full number."""
        forms = [digits]
        if len(digits) >= 11:
            forms += [f"86{digits}", f"0086{digits}"]
        Partner = self.env["res.partner"].sudo()
        return Partner.browse(Partner._fuxi_search_phone_digits(forms))

    def _matches(self):
        """Guests sharing the caller's number (ambiguous caller ID)."""
        self.ensure_one()
        if self.kind != "phone":
            return self.env["res.partner"]
        return self._partners_with_phone(self.identifier)

    def _payload(self, user=None):
        """What the station's browser needs: the result, and — for `user`, with their own
        rights — the guest's profile when known, or the guests sharing a caller's number."""
        self.ensure_one()
        swipe = self.sudo()
        # the guest's and the reader's names, not their whole rows (the profile reads what
        # it shows of the guest with its own narrow query)
        swipe.partner_id.fetch(["name"])
        swipe.reader_id.fetch(["name", "station"])
        card_states = dict(self.env["fuxi.card"]._fields["state"]._description_selection(self.env))
        payload = {
            "swipe_id": swipe.swipe_uid,
            "kind": swipe.kind,
            "identifier": swipe.identifier,
            "source": "reader" if swipe.reader_id else "typed",
            "result": swipe.result,
            "reader": swipe.reader_id.name or "",
            "station": swipe.reader_id.station or "",
            "partner_id": swipe.partner_id.id or False,
            "partner_name": swipe.partner_id.name or "",
            "card_state": swipe.card_id.state or "",
            "card_state_label": card_states.get(swipe.card_id.state, ""),
            "read_at": swipe.read_at.replace(tzinfo=UTC).timestamp() if swipe.read_at else False,
            # server time of the push: a tab opened later ignores what the bus replays to it
            "sent_at": time.time(),
        }
        if user is None:
            return payload
        if swipe.result in ("known", "bound") and swipe.partner_id:
            try:
                payload["profile"] = swipe.partner_id.with_user(user).get_fuxi_guest_profile()
            except AccessError:
                payload["profile"] = False
        if swipe.result == "ambiguous":
            try:
                matches = swipe._matches().with_user(user)
                matches.check_access("read")
                payload["matches"] = [
                    {"id": partner.id, "name": partner.name, "code": partner.ref or ""}
                    for partner in matches[:10]
                ]
            except AccessError:
                payload["matches"] = []
        return payload

    # ------------------------------------------------------------- keyboard wedge
    @api.model
    def resolve_typed(self, identifier):
        """A keyboard-wedge reader typed a card number at this user's screen."""
        if not self.env.user.has_group("base.group_user"):
            raise AccessError(self.env._("Only staff can read cards."))
        swipe, _duplicate = self._process(None, identifier, "card", user=self.env.user)
        return swipe._payload(user=self.env.user)

    @api.model
    def _from_epoch(self, value, name="read_at"):
        if value in (None, False):
            return None
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise UserError(self.env._("%s must be a number of seconds.", name)) from None
        if not 946684800 <= value <= 4102444800:  # 2000-01-01 … 2100-01-01
            raise UserError(self.env._("%s is out of range.", name))
        return datetime.fromtimestamp(value, UTC).replace(tzinfo=None)
