"""The JSON bodies of each event, with Kometa's field names (spec 11, Kometa's webhooks docs).

Pure: each function returns a plain dict; :class:`~kometa.notify.notifier.Notifier` adds
``library_mapping_name`` and sends it. Times are local wall-clock text ``YYYY-MM-DD HH:MM:SS``;
``run_time`` is ``H:MM:SS``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


@dataclass
class RunStats:
    """What a run did, counted over every collection and playlist."""

    created: int = 0
    modified: int = 0
    deleted: int = 0
    added: int = 0
    removed: int = 0
    radarr: int = 0
    sonarr: int = 0
    names: list[dict[str, str]] = field(default_factory=list)  # {"name", "library"}; playlists: "PLAYLIST"


@dataclass
class ItemRef:
    """One item added to or removed from a collection/playlist."""

    title: str
    tmdb_id: int | None = None
    tvdb_id: int | None = None

    def payload(self) -> dict[str, Any]:
        found: dict[str, Any] = {"title": self.title}
        if self.tmdb_id is not None:
            found["tmdb_id"] = self.tmdb_id
        elif self.tvdb_id is not None:
            found["tvdb_id"] = self.tvdb_id
        return found


@dataclass
class Change:
    """A collection or playlist that was created or had items added/removed in this run."""

    name: str
    kind: str  # collection | playlist
    library_name: str  # the Plex library's title ("" for a playlist)
    server_name: str = ""
    mapping_name: str = ""  # the config's library mapping name ("" for a playlist)
    created: bool = False
    additions: list[ItemRef] = field(default_factory=list)
    removals: list[ItemRef] = field(default_factory=list)
    poster_url: str | None = None
    background_url: str | None = None


def run_time(started: datetime, ended: datetime) -> str:
    return str(ended - started).split(".")[0]


def run_start(started: datetime) -> dict[str, Any]:
    return {"event": "run_start", "start_time": started.strftime(TIME_FORMAT)}


def version(current: str, latest: str, notes: str | None) -> dict[str, Any]:
    return {"event": "version", "current": current, "latest": latest, "notes": notes}


def run_end(started: datetime, ended: datetime, stats: RunStats) -> dict[str, Any]:
    return {
        "event": "run_end",
        "start_time": started.strftime(TIME_FORMAT),
        "end_time": ended.strftime(TIME_FORMAT),
        "run_time": run_time(started, ended),
        "collections_created": stats.created,
        "collections_modified": stats.modified,
        "collections_deleted": stats.deleted,
        "items_added": stats.added,
        "items_removed": stats.removed,
        "added_to_radarr": stats.radarr,
        "added_to_sonarr": stats.sonarr,
        "names": [dict(n) for n in stats.names],
    }


def error(text: str, *, critical: bool = False, server_name: str | None = None, library_name: str | None = None,
          collection: str | None = None, playlist: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"event": "error", "error": text, "critical": critical}
    for key, value in (("server_name", server_name), ("library_name", library_name), ("collection", collection),
                       ("playlist", playlist)):
        if value:
            body[key] = value
    return body


def delete(message: str, *, server_name: str | None = None, library_name: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"event": "delete", "message": message}
    if server_name:
        body["server_name"] = server_name
    if library_name:  # only a deleted collection names its library; a playlist has none
        body["library_name"] = library_name
    return body


def changes(change: Change) -> dict[str, Any]:
    """A ``changes`` body. ``poster``/``background`` (base64 images read from Plex) are always null:
    this version does not download artwork for notifications; the URLs are the definition's own
    ``url_poster``/``url_background`` when it has them."""
    return {
        "event": "changes",
        "server_name": change.server_name,
        "library_name": change.library_name,
        change.kind: change.name,
        "created": change.created,
        "poster": None,
        "background": None,
        "poster_url": change.poster_url,
        "background_url": change.background_url,
        "additions": [item.payload() for item in change.additions],
        "removals": [item.payload() for item in change.removals],
        "radarr_adds": [],
        "sonarr_adds": [],
    }
