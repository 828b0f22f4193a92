import logging
import select
import time

import psycopg2
from psycopg2 import errorcodes

from odoo import api, http, sql_db
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.fuxi_card_reader.controllers.main import FuxiCardReaderController

from ..models.fuxi_station_printer_job import FAILURE_REASONS, MAX_FETCH

_logger = logging.getLogger(__name__)
MAX_WAIT = 25
MAX_ACKS = 50
RETRY_CODES = (errorcodes.SERIALIZATION_FAILURE, errorcodes.DEADLOCK_DETECTED)
CHANNEL = "fuxi_station_printer"


def _small_int(value, low, high):
    """An int in [low, high] from JSON, or None (booleans and floats are refused)."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return None
    return value


class FuxiStationPrinterController(FuxiCardReaderController):
    """The station bridge's printer side: it fetches its print jobs (long polling: the
    answer comes as soon as a job is queued, so it works with Odoo in the cloud and the
    printers in the restaurant's network) and acknowledges each one by its id."""

    def _jobs_answer(self, env, reader, limit):
        jobs = env["fuxi.station.printer.job"]._waiting_for_reader(reader.with_env(env), limit)
        reader.with_env(env)._touch(address=request.httprequest.remote_addr)
        return [job._payload() for job in jobs]

    def _jobs_answer_retried(self, registry, reader, limit, tries=5):
        """The jobs, on a fresh cursor; a serialisation failure (a concurrent fetch or
        acknowledgement) is tried again, as Odoo does for a request."""
        for attempt in range(tries):
            try:
                with registry.cursor() as cr:
                    env = api.Environment(cr, request.env.uid, {})
                    return self._jobs_answer(env, reader, limit)
            except psycopg2.OperationalError as exc:
                if exc.pgcode not in RETRY_CODES or attempt == tries - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))
        return []

    def _wait_for_jobs(self, reader, limit, wait):
        """Wait up to ``wait`` seconds for a job of this reader (NOTIFY sent at the commit
        that queued it); the jobs are read on fresh cursors, which see that commit."""
        registry = request.env.registry
        deadline = time.monotonic() + wait
        with sql_db.db_connect(request.env.cr.dbname).cursor() as listen_cr:
            listen_cr.execute(f"LISTEN {CHANNEL}")
            listen_cr.commit()
            connection = listen_cr._cnx
            try:
                while True:
                    answer = self._jobs_answer_retried(registry, reader, limit)
                    remaining = deadline - time.monotonic()
                    if answer or remaining <= 0:
                        return answer
                    if select.select([connection], [], [], remaining) == ([], [], []):
                        continue
                    connection.poll()
                    mine = any(item.payload == str(reader.id) for item in connection.notifies)
                    connection.notifies.clear()
                    if not mine:
                        continue
            finally:
                listen_cr.execute(f"UNLISTEN {CHANNEL}")
                listen_cr.commit()

    @http.route(
        "/fuxi/station/printer/jobs",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def printer_jobs(self, **_kwargs):
        reader, body, error = self._reader_and_body()
        if error:
            return error
        wait = body.get("wait", 0)
        if isinstance(wait, float) and not isinstance(wait, bool) and 0 <= wait <= MAX_WAIT:
            wait = int(wait)
        wait = _small_int(wait, 0, MAX_WAIT)
        if wait is None:
            return self._answer({"error": f"wait: seconds from 0 to {MAX_WAIT}"}, 400)
        limit = _small_int(body.get("limit", MAX_FETCH), 1, MAX_FETCH)
        if limit is None:
            return self._answer({"error": f"limit: a number from 1 to {MAX_FETCH}"}, 400)
        # the results of the bridge's previous round ride on its next fetch: one request per
        # round, so a job queued while the bridge printed waits for one request, not two
        results = []
        if "acks" in body:
            results, error = self._acknowledge_all(reader, body["acks"])
            if error:
                return error
        answer = self._jobs_answer(request.env, reader, limit)
        # in tests the whole run is one transaction: nothing can arrive while waiting
        if not answer and wait and not request.env.registry.in_test_mode():
            # the acknowledgements (and the printers' status they change) are kept and
            # shown before the wait, which holds no lock; the snapshot holds no job
            request.env.cr.commit()  # pylint: disable=invalid-commit
            answer = self._wait_for_jobs(reader, limit, wait)
        return self._answer({"jobs": answer, **({"results": results} if "acks" in body else {})})

    def _check_ack(self, item):
        """(job_id, status, reason) or an error message."""
        if not isinstance(item, dict):
            return "an acknowledgement is an object"
        job_id = _small_int(item.get("job_id"), 1, 2**31 - 1)
        if job_id is None:
            return "job_id: the id of a print job"
        status = item.get("status")
        if status not in ("printed", "failed"):
            return "status: 'printed' or 'failed'"
        reason = item.get("reason", "")
        if status == "failed" and reason not in FAILURE_REASONS:
            return "reason: one of " + ", ".join(FAILURE_REASONS)
        return job_id, status, reason if status == "failed" else ""

    @http.route(
        "/fuxi/station/printer/ack",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def printer_ack(self, **_kwargs):
        """One job ({"job_id", "status", "reason"}) or several ({"acks": [...]}, up to
        MAX_ACKS: a bridge that printed a burst of tickets says so in one request)."""
        reader, body, error = self._reader_and_body()
        if error:
            return error
        if "acks" in body:
            results, error = self._acknowledge_all(reader, body["acks"])
            return error or self._answer({"results": results})
        checked = self._check_ack(body)
        if isinstance(checked, str):
            return self._answer({"error": checked}, 400)
        try:
            job, duplicate = (
                request.env["fuxi.station.printer.job"].sudo()._acknowledge(reader, *checked)
            )
        except UserError as exc:
            return self._answer({"error": str(exc.args[0] if exc.args else exc)}, 404)
        reader._touch(address=request.httprequest.remote_addr)
        return self._answer(
            {"ok": True, "job_id": job.id, "state": job.state, "duplicate": duplicate}
        )

    def _acknowledge_all(self, reader, items):
        """(results, None) or (None, a 400 answer) for a list of acknowledgements; an unknown
        job is an error entry, the others are applied."""
        if not isinstance(items, list) or not 1 <= len(items) <= MAX_ACKS:
            return None, self._answer({"error": f"acks: a list of 1 to {MAX_ACKS} objects"}, 400)
        checked = [self._check_ack(item) for item in items]
        for result in checked:
            if isinstance(result, str):
                return None, self._answer({"error": result}, 400)
        Job = request.env["fuxi.station.printer.job"].sudo()
        results = []
        for job_id, status, reason in checked:
            try:
                job, duplicate = Job._acknowledge(reader, job_id, status, reason)
            except UserError:
                results.append({"job_id": job_id, "error": "unknown print job"})
                continue
            results.append(
                {"ok": True, "job_id": job.id, "state": job.state, "duplicate": duplicate}
            )
        reader._touch(address=request.httprequest.remote_addr)
        return results, None
