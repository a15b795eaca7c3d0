"""``plex: db_cache``: the Plex server's database cache size (MB), as Kometa sets it.

Once per server and run, on the first library that connects to it: the server's preferences are
read (``GET /:/prefs``, setting ``DatabaseCacheSize``), the current size is logged, and only when
it differs from ``db_cache`` one ``PUT /:/prefs?DatabaseCacheSize=N`` is sent (a dry run says it
would). A server without the setting is logged and left alone; a failure is an error row and the
run goes on (the libraries' work does not depend on it).
"""

from __future__ import annotations

import logging
from typing import Any

from kometa.config.model import PlexConfig
from kometa.engine.changes import ChangeLog
from kometa.engine.report import ItemRow
from kometa.plex.failures import describe
from kometa.plex.transport import Transport

log = logging.getLogger("kometa")
SETTING = "DatabaseCacheSize"


def current_db_cache(server: Any) -> str | None:
    """The server's DatabaseCacheSize value (text, MB), or None when it has no such setting."""
    prefs = server.query("/:/prefs")
    return next((s.attrib.get("value", "") for s in prefs.iter("Setting") if s.attrib.get("id") == SETTING), None)


def apply_db_cache(plex: PlexConfig, server: Any, changes: ChangeLog, dry_run: bool, done: set[str]) -> ItemRow | None:
    """Set the server's database cache to ``plex.db_cache`` when it differs (once per server:
    ``done`` holds the servers already seen this run). Returns the row for the report, or None
    when ``db_cache`` is not set or the server was already handled."""
    if plex.db_cache is None or plex.url in done:
        return None
    done.add(plex.url)
    row = ItemRow("db_cache", "operation", status="Unchanged")
    try:
        have = current_db_cache(server)
        if have is None:
            row.status, row.note = "Unknown", "this Plex server has no DatabaseCacheSize setting; left alone"
            log.warning("Plex db_cache: %s", row.note)
            return row
        log.info("Plex DB cache setting: %s MB", have)
        row.note = f"{plex.db_cache} MB"
        if have.strip() == str(plex.db_cache):
            return row
        changes.say(f"Plex | db_cache: DatabaseCacheSize {have} -> {plex.db_cache} MB")
        row.status = "Updated"
        if not dry_run:
            Transport(server).send("PUT", "/:/prefs", [(SETTING, str(plex.db_cache))])
            log.info("Plex DB cache updated to %s MB", plex.db_cache)
    except Exception as exc:  # one preference: reported, the run's work stands
        row.status, row.error = "Failed", describe(exc)
        log.error("Plex db_cache failed: %s", row.error)
    return row
