"""Plex maintenance after all libraries: ``empty_trash``, ``clean_bundles``, ``optimize`` (spec 9).

Each key of the ``plex:`` section (a boolean or a schedule) runs once per server, after every
library of the run: ``empty_trash`` empties the trash of each library this run processed on that
server, ``clean_bundles`` and ``optimize`` are server-wide. Not in playlists-only runs. A dry run
lists them and sends nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from kometa.config.yaml_io import file_of, line_of
from kometa.engine.changes import ChangeLog
from kometa.engine.context import RunContext, _scheduled
from kometa.engine.report import ItemRow
from kometa.plex.failures import describe
from kometa.plex.transport import Transport
from kometa.schedule.validate import PLEX_MAINTENANCE, bool_like, find_key

log = logging.getLogger("kometa")
PATHS = {"clean_bundles": "/library/clean/bundles", "optimize": "/library/optimize"}


def _wanted(ctx: RunContext, node: Mapping[str, object], key: str) -> bool:
    found = find_key(node, key)
    if found is None or node[found] is None:
        return False
    value = node[found]
    flag = bool_like(value)
    if flag is not None:
        return flag
    return _scheduled(value, ctx, "plex", file_of(node), line_of(node, found))


def run_maintenance(ctx: RunContext, changes: ChangeLog, processed: list[str]) -> list[ItemRow]:
    """The maintenance rows of this run (none when the ``plex:`` section asks for nothing)."""
    node = ctx.config.raw.get("plex") if isinstance(ctx.config.raw, Mapping) else None
    if not isinstance(node, Mapping):
        return []
    keys = [key for key in PLEX_MAINTENANCE if _wanted(ctx, node, key)]
    rows: list[ItemRow] = []
    if not keys:
        return rows
    by_server: dict[int, tuple[object, list[int]]] = {}
    for name in processed:
        if name not in ctx.snapshots:
            continue
        server, snapshot = ctx.snapshots[name]
        by_server.setdefault(id(server), (server, []))[1].append(snapshot.section_id)
    for server, sections in by_server.values():
        transport = Transport(server)
        for key in ("empty_trash", "clean_bundles", "optimize"):
            if key not in keys:
                continue
            paths = [f"/library/sections/{sid}/emptyTrash" for sid in sections] if key == "empty_trash" \
                else [PATHS[key]]
            row = ItemRow(key, "operation", status="Done")
            try:
                for path in paths:
                    changes.say(f"Plex | {key}: PUT {path}")
                    if not ctx.options.dry_run:
                        transport.send("PUT", path)
            except Exception as exc:  # one failed maintenance call is reported; the run's work stands
                row.status, row.error = "Failed", describe(exc)
                log.error("Plex %s failed: %s", key, row.error)
            rows.append(row)
    return rows
