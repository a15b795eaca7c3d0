"""The persistent cache of external services' answers: one SQLite file beside config.yml.

Kometa's ``settings.cache`` (default true) turns it on and ``settings.cache_expiration`` (default
60 days) bounds it; each stored answer expires at a random moment between 1 and N days after it
was fetched (as Kometa does), so a big library's cache does not all expire on the same night.
An expired answer is kept: the policy (:mod:`kometa.clients.policy`) uses it, with a warning, when
the service is down or out of quota. The file also counts requests per service per day, for
daily quotas, and records what was sent to Radarr/Sonarr (so nothing is sent twice).
"""

from __future__ import annotations

import json
import random
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

CACHE_NAME = "kometa-cache.db"
DAY = 86400.0


@dataclass(frozen=True)
class Hit:
    value: Any
    fresh: bool
    fetched: float = 0.0  # when the answer was stored (the cache's clock)


class Cache:
    """A key -> JSON store with per-entry expiry. ``path=None`` keeps it in memory (cache: false)."""

    def __init__(self, path: Path | None, *, clock: Callable[[], float] = time.time,
                 rng: random.Random | None = None) -> None:
        self.path = path
        self.clock = clock
        self.rng = rng or random.Random()
        self._lock = threading.Lock()
        # several caches of one run may share the file (remote files, services): wait for a writer
        self._db = sqlite3.connect(str(path) if path else ":memory:", check_same_thread=False, timeout=30)
        with self._lock:
            self._set_up()
        self._pending = 0

    def _set_up(self) -> None:
        """WAL mode and the tables. Two connections creating a new file at once: SQLite answers the
        second one's switch to WAL with "database is locked" at once, without waiting (its busy
        timeout does not apply there), so the set-up is tried again for up to the same 30 s."""
        deadline = time.monotonic() + 30
        delay = 0.01
        while True:
            try:
                self._db.execute("PRAGMA journal_mode=WAL" if self.path else "PRAGMA journal_mode=MEMORY")
                self._db.execute("PRAGMA synchronous=NORMAL")
                self._db.execute("CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, value TEXT NOT NULL, "
                                 "fetched REAL NOT NULL, expires REAL NOT NULL)")
                self._db.execute("CREATE TABLE IF NOT EXISTS usage (service TEXT, day TEXT, requests INTEGER, "
                                 "PRIMARY KEY (service, day))")
                self._db.execute("CREATE TABLE IF NOT EXISTS sent (namespace TEXT, key TEXT, at REAL NOT NULL, "
                                 "PRIMARY KEY (namespace, key))")
                self._db.commit()
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                self._db.rollback()
                time.sleep(delay)
                delay = min(0.2, delay * 2)

    def get(self, key: str) -> Hit | None:
        with self._lock:
            row = self._db.execute("SELECT value, expires, fetched FROM answers WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        return Hit(json.loads(row[0]), row[1] > self.clock(), float(row[2]))

    def age(self, hit: Hit) -> float:
        """Seconds since ``hit`` was stored."""
        return max(0.0, self.clock() - hit.fetched)

    def put(self, key: str, value: Any, expiration_days: int) -> None:
        now = self.clock()
        expires = now + self.rng.uniform(1, max(1, expiration_days)) * DAY
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?)",
                             (key, json.dumps(value, separators=(",", ":")), now, expires))
            self._tick()

    def _day(self) -> str:
        return datetime.fromtimestamp(self.clock(), UTC).date().isoformat()

    def count_request(self, service: str) -> None:
        with self._lock:
            self._db.execute("INSERT INTO usage VALUES (?, ?, 1) ON CONFLICT(service, day) DO UPDATE SET "
                             "requests = requests + 1", (service, self._day()))
            self._tick()

    def used_today(self, service: str) -> int:
        """Requests sent to ``service`` today (UTC), by every run that used this cache file."""
        with self._lock:
            row = self._db.execute("SELECT requests FROM usage WHERE service = ? AND day = ?",
                                   (service, self._day())).fetchone()
        return int(row[0]) if row else 0

    def sent(self, namespace: str) -> set[str]:
        """Keys recorded with :meth:`mark_sent` under ``namespace`` (e.g. what was added to a Radarr),
        by every run that used this cache file. They never expire."""
        with self._lock:
            rows = self._db.execute("SELECT key FROM sent WHERE namespace = ?", (namespace,)).fetchall()
        return {str(r[0]) for r in rows}

    def mark_sent(self, namespace: str, key: str) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO sent VALUES (?, ?, ?)", (namespace, key, self.clock()))
            self._tick()

    def _tick(self) -> None:
        self._pending += 1
        if self._pending >= 1:  # WAL + synchronous=NORMAL: a commit is cheap, and a stopped run keeps its answers
            self._db.commit()
            self._pending = 0

    def flush(self) -> None:
        with self._lock:
            self._db.commit()
            self._pending = 0

    def close(self) -> None:
        self.flush()
        with self._lock:
            self._db.close()
