"""A swipe queue on disk (SQLite): nothing read is lost if Odoo or the network is down, or
the program restarts; swipes leave in the order they were read."""

import json
import sqlite3
import threading
from collections import deque


class _Item:
    """One waiting swipe; `seq` is its row once written."""

    __slots__ = ("seq", "stored", "swipe")

    def __init__(self, swipe, seq=None):
        self.swipe = swipe
        self.seq = seq
        self.stored = threading.Event()
        if seq is not None:
            self.stored.set()


class SwipeQueue:
    """What waits is on disk before put() returns (synchronous=FULL: a power cut loses
    nothing) and mirrored in memory. The sender reads the memory: it sends a new swipe while
    the disk is still writing it (an fsync takes milliseconds, tens on a station PC's eMMC)
    instead of waiting for it. A swipe sent before its row is written is still written, then
    deleted when Odoo has answered; a crash in between sends it again, and Odoo takes each
    swipe id once."""

    def __init__(self, path):
        self.path = str(path)
        self._db_lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS swipe "
            "(seq INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL)"
        )
        self._items = deque()
        self._changed = threading.Condition()
        self._load()
        # puts enter the memory and the disk in the same order
        self._put_lock = threading.Lock()

    def _load(self):
        """The rows on disk when nothing waits in memory: those of an earlier run, or
        written into the file by another process."""
        with self._db_lock:
            rows = self._db.execute("SELECT seq, body FROM swipe ORDER BY seq").fetchall()
        self._items.extend(_Item(json.loads(body), seq) for seq, body in rows)

    def put(self, swipe):
        item = _Item(swipe)
        body = json.dumps(swipe)
        with self._put_lock:
            with self._changed:
                self._items.append(item)
                self._changed.notify_all()
            try:
                with self._db_lock:
                    item.seq = self._db.execute(
                        "INSERT INTO swipe (body) VALUES (?)", (body,)
                    ).lastrowid
            except BaseException:
                # not on disk: not queued, as before (the device's thread sees the error)
                with self._changed:
                    if item in self._items:
                        self._items.remove(item)
                raise
            finally:
                item.stored.set()

    def peek(self, timeout=None):
        """The oldest swipe as (key for remove(), swipe), waiting up to `timeout` seconds;
        None if empty."""
        with self._changed:
            if not self._items and timeout:
                self._changed.wait(timeout)
            if not self._items:
                # the file is the queue: what was put into it from outside goes too
                self._load()
            if not self._items:
                return None
            item = self._items[0]
            return item, item.swipe

    def wake(self):
        """Ends the waits of peek() at once (the sender stopping)."""
        with self._changed:
            self._changed.notify_all()

    def remove(self, item):
        # its row is deleted after it was written, not before
        item.stored.wait()
        if item.seq is not None:
            with self._db_lock:
                self._db.execute("DELETE FROM swipe WHERE seq = ?", (item.seq,))
        with self._changed:
            if item in self._items:
                self._items.remove(item)

    def __len__(self):
        with self._changed:
            return len(self._items)

    def close(self):
        with self._db_lock:
            self._db.close()
