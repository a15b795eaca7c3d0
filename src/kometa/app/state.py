"""Run history and waiter presence, in an SQLite file beside config.yml (``kometa.db``).

Each run is a row (trigger, scheduled moment, start, end, result, per-library outcome); the waiter
keeps one row while it lives (pid, next run).
Times are stored as ISO-8601 strings with UTC offset and microseconds.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from kometa.core.errors import ExitCode, KometaError

STATE_FILE = "kometa.db"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    trigger TEXT NOT NULL,
    scheduled_for TEXT,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    result TEXT NOT NULL,
    pid INTEGER,
    message TEXT,
    libraries TEXT
);
CREATE TABLE IF NOT EXISTS waiter (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    pid INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    next_run TEXT,
    config TEXT
);
"""
# Columns added later: an older kometa.db gains them on first use. ``dry_run``: 1 for --dry-run;
# ``entry``: 1 when the run was the container's own command (not one started by hand in it).
_ADDED_COLUMNS = {"dry_run": "INTEGER NOT NULL DEFAULT 0", "entry": "INTEGER NOT NULL DEFAULT 0",
                  "progress": "TEXT"}  # a running run's phase, counts and ETA (JSON; kometa.app.progress)


@dataclass(frozen=True)
class RunRecord:
    id: int
    trigger: str
    scheduled_for: str | None
    started_at: str
    ended_at: str | None
    result: str
    pid: int | None
    message: str | None
    libraries: dict[str, Any]
    dry_run: bool = False
    entry: bool = False
    progress: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        data = {"trigger": self.trigger, "scheduled_for": self.scheduled_for, "started_at": self.started_at,
                "ended_at": self.ended_at, "result": self.result, "dry_run": self.dry_run}
        if self.progress is not None and self.result == "running":
            data["progress"] = self.progress
        if self.message and self.trigger == "event":
            data["message"] = self.message
        return data


@dataclass(frozen=True)
class WaiterRecord:
    pid: int
    started_at: str
    next_run: str | None
    config: str | None = None


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="microseconds") if moment is not None else None


class State:
    """A short-lived connection per call: safe across processes (waiter, runs, status, trigger)."""

    def __init__(self, config_dir: Path) -> None:
        self.path = config_dir / STATE_FILE

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            conn.execute("PRAGMA busy_timeout=10000")
            conn.executescript(_SCHEMA)
            have = {row[1] for row in conn.execute("PRAGMA table_info(runs)")}
            for column, kind in _ADDED_COLUMNS.items():
                if column not in have:
                    try:
                        conn.execute(f"ALTER TABLE runs ADD COLUMN {column} {kind}")
                    except sqlite3.OperationalError as exc:  # another process (status, the waiter) added it
                        if "duplicate column" not in str(exc):
                            raise
        except sqlite3.DatabaseError as exc:
            conn.close()
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise
            raise KometaError(
                f"{self.path}: cannot use the run history ({exc}); if the file is damaged, move it aside "
                f"and kometa starts a new history", exit_code=ExitCode.USAGE) from None
        return conn

    def exists(self) -> bool:
        return self.path.exists()

    # runs -----------------------------------------------------------------------------------
    def start_run(self, trigger: str, scheduled_for: datetime | None, started_at: datetime, *,
                  dry_run: bool = False, entry: bool = False) -> int:
        """Record a run's start. A history that cannot be written (a full disk, a read-only folder)
        is a one-line :class:`KometaError`: the run does not start, so it writes nothing to Plex."""
        try:
            with self._connect() as conn:
                cur = conn.execute(
                    "INSERT INTO runs (trigger, scheduled_for, started_at, result, pid, dry_run, entry) "
                    "VALUES (?, ?, ?, 'running', ?, ?, ?)",
                    (trigger, iso(scheduled_for), iso(started_at), os.getpid(), int(dry_run), int(entry)))
                return int(cur.lastrowid or 0)
        except sqlite3.OperationalError as exc:
            raise KometaError(f"{self.path}: cannot record the run ({exc}); free disk space or make the config "
                              "folder writable") from None

    def end_run(self, run_id: int, ended_at: datetime, result: str, message: str = "",
                libraries: dict[str, Any] | None = None) -> None:
        """Close the run's row. On a full disk the rollback journal cannot be created: the row is then
        updated in place with the journal in memory (it needs no new space), with a short message."""
        values = (iso(ended_at), result, message, json.dumps(libraries or {}), run_id)
        sql = "UPDATE runs SET ended_at = ?, result = ?, message = ?, libraries = ? WHERE id = ?"
        try:
            with self._connect() as conn:
                conn.execute(sql, values)
            return
        except (sqlite3.OperationalError, KometaError):
            pass
        conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=MEMORY")
            conn.execute(sql, (values[0], result, message[:200], "{}", run_id))
        except sqlite3.Error as exc:
            raise KometaError(f"{self.path}: cannot record the end of the run ({exc})") from None
        finally:
            conn.close()

    def set_progress(self, run_id: int, progress: dict[str, Any]) -> None:
        """A running run's phase, counts and ETA, for ``kometa status`` while it runs."""
        with self._connect() as conn:
            conn.execute("UPDATE runs SET progress = ? WHERE id = ? AND result = 'running'",
                         (json.dumps(progress), run_id))

    def last_duration(self, trigger_kind: str) -> float | None:
        """Seconds the newest successful real run of this kind (``event`` or not) took."""
        if not self.exists():
            return None
        op = "=" if trigger_kind == "event" else "!="
        with self._connect() as conn:
            row = conn.execute(f"SELECT started_at, ended_at FROM runs WHERE result = 'success' AND dry_run = 0 AND "
                               f"trigger {op} 'event' AND ended_at IS NOT NULL ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            return None
        return (datetime.fromisoformat(row[1]) - datetime.fromisoformat(row[0])).total_seconds()

    def end_orphan_runs(self, pid: int, ended_at: datetime, result: str, message: str) -> int:
        """Close the still-``running`` rows of a run process that died without recording its end."""
        with self._connect() as conn:
            cur = conn.execute("UPDATE runs SET ended_at = ?, result = ?, message = ? WHERE pid = ? AND result = 'running'",
                               (iso(ended_at), result, message, pid))
            return int(cur.rowcount or 0)

    def record_run(self, trigger: str, scheduled_for: datetime | None, started_at: datetime, ended_at: datetime,
                   result: str, message: str = "") -> None:
        run_id = self.start_run(trigger, scheduled_for, started_at)
        self.end_run(run_id, ended_at, result, message)

    def last_run(self, *, real: bool = False) -> RunRecord | None:
        """The newest run (with ``real``: the newest that was not a dry run)."""
        runs = self.runs(limit=1, real=real)
        return runs[0] if runs else None

    def runs(self, limit: int = 20, *, real: bool = False) -> list[RunRecord]:
        if not self.exists():
            return []
        where = "WHERE dry_run = 0 " if real else ""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT id, trigger, scheduled_for, started_at, ended_at, result, pid, message, libraries, dry_run, "
                f"entry, progress FROM runs {where}ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return [RunRecord(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], json.loads(r[8] or "{}"), bool(r[9]),
                          bool(r[10]), json.loads(r[11]) if r[11] else None) for r in rows]

    # waiter ---------------------------------------------------------------------------------
    def set_waiter(self, pid: int, started_at: datetime, next_run: datetime | None, config: str) -> None:
        with self._connect() as conn:
            conn.execute("INSERT OR REPLACE INTO waiter (id, pid, started_at, next_run, config) VALUES (1, ?, ?, ?, ?)",
                         (pid, iso(started_at), iso(next_run), config))

    def set_next_run(self, pid: int, next_run: datetime | None) -> None:
        with self._connect() as conn:
            conn.execute("UPDATE waiter SET next_run = ? WHERE pid = ?", (iso(next_run), pid))

    def clear_waiter(self, pid: int) -> None:
        with self._connect() as conn:
            conn.execute("DELETE FROM waiter WHERE pid = ?", (pid,))

    def waiter(self) -> WaiterRecord | None:
        if not self.exists():
            return None
        with self._connect() as conn:
            row = conn.execute("SELECT pid, started_at, next_run, config FROM waiter WHERE id = 1").fetchone()
        return WaiterRecord(row[0], row[1], row[2], row[3]) if row else None
