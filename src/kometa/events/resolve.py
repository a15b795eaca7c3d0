"""A scoped run's side: which parts of the configured config a :class:`Scope` touches.

:func:`narrow` turns the scope into the run-selection options a user could have typed
(``--run-libraries``, ``--run-collections``, ``--run-files``), so a scoped run is the same engine,
snapshot-then-differences, on less of the config. A change names libraries by Plex section id
(the websocket, Plex and Tautulli webhooks), by name (``POST /run``, Tautulli) or by media type
(Sonarr: show libraries, Radarr: movie libraries). A library the config does not have is no part
of the run; a scope that touches no configured library runs nothing.

Within a library, :mod:`kometa.events.item_scope` keeps only the collection definitions the
changed items could enter or leave (``ctx.definition_filter``), and overlays, operations and
metadata files decide for those items only (``ctx.item_scope``).
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from kometa.core.options import Options
from kometa.engine.context import RunContext, library_section
from kometa.events.scope import Change, Scope

log = logging.getLogger("kometa")


def same_server(change: Change, server: Any) -> bool:
    """Whether ``change`` can be about a library on ``server`` (a change from one Plex server's
    websocket is about that server's libraries only)."""
    if change.server is None:
        return True
    url = getattr(server, "_baseurl", None)
    return url is None or str(url).rstrip("/") == change.server.rstrip("/")


def touches(change: Change, library: Any, section_key: str, section_type: str, server: Any = None) -> bool:
    """Whether ``change`` is about ``library`` (whose Plex section, on ``server``, has that key and type)."""
    if not same_server(change, server):
        return False
    if change.section is None and change.library is None and change.media is None:
        return True  # e.g. POST /run with collections only: every library (that has them)
    if change.section is not None and section_key == change.section:
        return True
    names = {library.mapping_name.lower(), library.library_name.lower()}
    if change.library is not None and change.library.lower() in names:
        return True
    return change.section is None and change.library is None and change.media is not None \
        and section_type == change.media


def libraries_touched(ctx: RunContext, scope: Scope) -> list[str]:
    """Mapping names of the configured libraries the scope touches, in config order."""
    touched = []
    for library in ctx.config.libraries.values():
        if scope.whole_config:
            touched.append(library.mapping_name)
            continue
        server, section = library_section(ctx, library)
        if any(touches(change, library, str(section.get("key")), str(section.get("type")), server)
               for change in scope.changes):
            touched.append(library.mapping_name)
    return touched


def narrow(ctx: RunContext, scope: Scope) -> Options | None:
    """The run's options narrowed to the scope; None when it touches no configured library."""
    options = ctx.options
    if scope.whole_config and not scope.collections() and not scope.files():
        return options
    names = libraries_touched(ctx, scope)
    if not names:
        return None
    changes: dict[str, Any] = {"run_libraries": "|".join(names)}
    if scope.collections():
        changes["run_collections"] = "|".join(sorted(scope.collections()))
    if scope.files():
        changes["run_files"] = "|".join(sorted(scope.files()))
    narrowed = dataclasses.replace(options, **changes)
    if not scope.collections() and not scope.files():  # within each library: the definitions items X touch
        from kometa.events.item_scope import ItemScope

        ctx.item_scope = ItemScope(list(scope.changes), ctx.moment)
        ctx.definition_filter = ctx.item_scope.definitions
    log.info("Scoped run: libraries %s%s%s", ", ".join(names),
             f"; collections {changes['run_collections']}" if "run_collections" in changes else "",
             f"; files {changes['run_files']}" if "run_files" in changes else "")
    return narrowed
