"""Radarr/Sonarr for playlists: ``radarr_add_missing`` / ``sonarr_add_missing`` (with
``radarr_folder``, ``radarr_tag``, ... as for collections, :mod:`kometa.engine.arr_add`) and
``item_radarr_tag`` / ``item_sonarr_tag`` on a playlist definition (the ``playlist`` default's
``radarr_*`` / ``sonarr_*`` template variables set them).

A playlist draws from several libraries: each library's part is handled by its own app — the
titles a movie library's builders named and it lacks go to Radarr, a show library's to Sonarr
(each library's own ``radarr:`` / ``sonarr:`` mapping, if any, applies) — so a playlist over
``Movies, TV Shows`` may say both ``radarr_add_missing`` and ``sonarr_add_missing``. Sent once per
playlist (not per synced user); a dry run sends nothing. A wrong value is the playlist's located
error."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kometa.config.arr_options import wants_app
from kometa.engine.definition_errors import where_of
from kometa.sources.conditions import ConditionError
from kometa.sources.definitions import Definition

APPS = {"movie": "radarr", "show": "sonarr"}


@dataclass
class LibraryPart:
    """One library's share of a playlist: what its builders found and named but lack."""

    library: str
    item_type: str
    data: Any  # the definition's data as built for this library
    missing_ids: list[dict[str, Any]]
    items: list[Any]  # the library's items in the playlist (shows, not their episodes)


def _for_app(data: Any, app: str | None) -> dict[str, Any]:
    """The data without the other app's keys (a playlist over movies and shows names both)."""
    others = [a for a in APPS.values() if a != app]
    return {k: v for k, v in data.items() if not any(wants_app(o, {k: v}) for o in others)}


def send_to_apps(ctx: Any, definition: Definition, name: str, parts: list[LibraryPart], row: Any) -> None:
    if ctx.online is None or not any(wants_app(app, definition.data) for app in APPS.values()):
        return
    types = {part.item_type for part in parts}
    for kind, name_of_app in APPS.items():
        if wants_app(name_of_app, definition.data) and kind not in types:
            key = next(k for k in definition.data if wants_app(name_of_app, {k: True}))
            row.error = (f"{where_of(definition, key)}: {key} sends titles of the playlist's {kind} "
                         f"libraries, and none of its libraries gives {kind}s")
            row.status = "Builder Validation Error"
            return
    for part in parts:
        app = APPS.get(part.item_type)
        library = ctx.config.libraries[part.library]
        adder = ctx.online.arr_adder(ctx.options.dry_run).for_library(library)
        try:
            adding = adder.settings(part.item_type, _for_app(part.data, app))
        except ConditionError as exc:
            row.error = f"{where_of(definition, str(exc))}: {exc}"
            row.status = "Builder Validation Error"
            return
        if adding is None or not wants_app(adding.app, definition.data):
            continue  # only what the playlist asks (an app section's add_missing is for collections)
        where = f"{part.library} | Playlist {name}"
        if adding.add_missing and part.missing_ids:
            adder.send(where, adding, part.missing_ids, row)
        if adding.edits_existing:
            adder.existing(where, adding, part.items, part.missing_ids, row)
