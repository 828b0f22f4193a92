"""Sends queued swipes to Odoo from its own thread, in order, retrying with back-off; a
heartbeat tells Odoo the reader is alive."""

import logging
import threading
import time

from .client import ServerError, Unreachable

_logger = logging.getLogger("fuxi_station.sender")
BACKOFF = [0.5, 1, 2, 4, 8, 15, 30]
# answers saying this swipe itself is bad (not a card number, too large): sending it again
# cannot help; anything else keeps the swipe for later
DROPPED = (400, 413, 422)


class Sender(threading.Thread):
    def __init__(self, queue, client, heartbeat=60.0):
        super().__init__(name="fuxi-station-sender", daemon=True)
        self.queue = queue
        self.client = client
        self.heartbeat = heartbeat
        self.stopping = threading.Event()
        self.failures = 0
        self.sent = 0

    def stop(self):
        self.stopping.set()
        # a peek() waiting for the next swipe returns now, not after its timeout
        self.queue.wake()

    def _wait_after_failure(self):
        delay = BACKOFF[min(self.failures, len(BACKOFF) - 1)]
        self.failures += 1
        self.stopping.wait(delay)

    def run(self):
        next_beat = 0.0
        while not self.stopping.is_set():
            if self.heartbeat and time.monotonic() >= next_beat:
                next_beat = time.monotonic() + self.heartbeat
                try:
                    self.client.heartbeat()
                except (ServerError, Unreachable) as exc:
                    _logger.warning("heartbeat failed: %s", exc)
            item = self.queue.peek(timeout=1.0)
            if item is None:
                continue
            seq, swipe = item
            body = {key: swipe.get(key) for key in ("identifier", "kind", "swipe_id", "read_at")}
            # this PC's clock now: Odoo tells a call replayed late (after an outage) from
            # one ringing now without comparing two machines' clocks
            body["sent_at"] = time.time()
            try:
                answer = self.client.swipe(body)
            except Unreachable as exc:
                _logger.warning(
                    "Odoo unreachable (%s): %d swipe(s) kept, retrying", exc, len(self.queue)
                )
                self._wait_after_failure()
                continue
            except ServerError as exc:
                if exc.status not in DROPPED:
                    # refused token, wrong address (404), rate limit…: fixing the set-up
                    # must not lose the swipes read meanwhile
                    _logger.error("Odoo refused the swipes (%s): kept, retrying", exc)
                    self._wait_after_failure()
                    continue
                _logger.error("Odoo refused swipe %s (%s): dropped", swipe["swipe_id"], exc)
                self.queue.remove(seq)
                continue
            self.failures = 0
            self.sent += 1
            self.queue.remove(seq)
            _logger.info(
                "%s %s on %s → %s%s",
                "call from" if swipe.get("kind") == "phone" else "card",
                swipe["identifier"],
                swipe.get("reader", "?"),
                answer.get("result"),
                " (already received)"
                if answer.get("duplicate")
                else " (late: logged, not shown)"
                if answer.get("late")
                else "",
            )
