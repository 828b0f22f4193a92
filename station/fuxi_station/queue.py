"""A swipe queue on disk (SQLite): nothing read is lost if Odoo or the network is down, or
the program restarts; swipes leave in the order they were read."""

import json
import sqlite3
import threading


class SwipeQueue:
    def __init__(self, path):
        self.path = str(path)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS swipe "
            "(seq INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL)"
        )
        self._added = threading.Condition(self._lock)

    def put(self, swipe):
        with self._lock:
            self._db.execute("INSERT INTO swipe (body) VALUES (?)", (json.dumps(swipe),))
            self._added.notify_all()

    def peek(self, timeout=None):
        """The oldest swipe as (seq, swipe), waiting up to `timeout` seconds; None if empty."""
        with self._lock:
            row = self._db.execute("SELECT seq, body FROM swipe ORDER BY seq LIMIT 1").fetchone()
            if row is None and timeout:
                self._added.wait(timeout)
                row = self._db.execute(
                    "SELECT seq, body FROM swipe ORDER BY seq LIMIT 1"
                ).fetchone()
        return (row[0], json.loads(row[1])) if row else None

    def remove(self, seq):
        with self._lock:
            self._db.execute("DELETE FROM swipe WHERE seq = ?", (seq,))

    def __len__(self):
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM swipe").fetchone()[0]

    def close(self):
        with self._lock:
            self._db.close()
