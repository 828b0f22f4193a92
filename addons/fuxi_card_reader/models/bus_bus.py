import logging
import os
import threading
import time

import psycopg2

from odoo import fields, models
from odoo.sql_db import MAX_IDLE_TIMEOUT, connection_info_for
from odoo.tools import SQL
from odoo.tools.misc import OrderedSet

from odoo.addons.bus.models.bus import ODOO_NOTIFY_FUNCTION, get_notify_payloads

_logger = logging.getLogger(__name__)


class _ImbusNotifier:
    """Sends the bus's NOTIFY (and the cron workers' wake-up, ir_cron.py) on one connection
    to PostgreSQL's ``postgres`` database kept by this process, instead of a new one per
    transaction.

    Odoo's pool never keeps a connection to ``postgres``, so every transaction that sends a
    bus message opened one after its commit to say so: a new PostgreSQL backend, 4 ms
    (8 at p95) on a station's server, before the websocket process could even start
    fetching the message — on every card swipe pushed to a station. Like the pool's, the
    connection is dropped after MAX_IDLE_TIMEOUT unused, on an error (then sent again on a
    new one: a NOTIFY twice only makes the websockets look twice) and in a forked process
    (a worker does not share its parent's socket)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._connection = None
        self._pid = None
        self._last_used = 0.0

    def _open(self):
        if self._connection is not None and (
            self._pid != os.getpid()
            or self._connection.closed
            or time.monotonic() - self._last_used > MAX_IDLE_TIMEOUT
        ):
            if self._pid == os.getpid():
                self._connection.close()
            # a forked process forgets its parent's connection without closing it: closing
            # would end the parent's session on the shared socket
            self._connection = None
        if self._connection is None:
            _dbname, info = connection_info_for("postgres")
            self._connection = psycopg2.connect(**info)
            self._connection.autocommit = True
            self._pid = os.getpid()
        return self._connection

    def _drop(self):
        connection, self._connection = self._connection, None
        if connection is not None and self._pid == os.getpid():
            try:
                connection.close()
            except psycopg2.Error as exc:  # already broken: what was wanted
                _logger.debug("closing the bus's NOTIFY connection: %s", exc)

    def notify(self, payloads, channel="imbus"):
        with self._lock:
            for attempt in range(2):
                try:
                    with self._open().cursor() as cr:
                        for payload in payloads:
                            query = SQL(
                                "SELECT %s(%s, %s)",
                                SQL.identifier(ODOO_NOTIFY_FUNCTION),
                                channel,
                                payload,
                            )
                            cr.execute(query.code, query.params)
                    self._last_used = time.monotonic()
                    return
                except (psycopg2.OperationalError, psycopg2.InterfaceError):
                    self._drop()
                    if attempt:
                        raise


_notifier = _ImbusNotifier()


class BusBus(models.Model):
    _inherit = "bus.bus"

    # A websocket's polls during its first 10 seconds (a station's tab opening or
    # reconnecting) ask for the notifications of the last 50 seconds by create_date; bus.bus
    # keeps a day of notifications (cleaned daily), and without this index each of those
    # polls reads the whole table: 150-200 ms at 350,000 rows, on every call pushed to the
    # station meanwhile.
    create_date = fields.Datetime(index=True)

    def _ensure_hooks(self):
        # Odoo's hook, with the NOTIFY on the process's kept connection (_ImbusNotifier):
        # registered first, Odoo's sees the channels' set and registers no second one
        postcommit = self.env.cr.postcommit
        if "bus.bus.channels" not in postcommit.data:
            postcommit.data["bus.bus.channels"] = OrderedSet()

            @postcommit.add
            def notify():
                payloads = get_notify_payloads(list(postcommit.data.pop("bus.bus.channels")))
                if len(payloads) > 1:
                    _logger.info(
                        "The imbus notification payload was too large, split into %d payloads.",
                        len(payloads),
                    )
                _notifier.notify(payloads)

        return super()._ensure_hooks()
