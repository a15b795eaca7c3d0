"""What the engine tells the run's :class:`~kometa.notify.notifier.Notifier`: collections and
playlists written (``changes``) or deleted (``delete``), after the write succeeded.

Each hook does nothing when the run has no notifier. ``changes`` lists every added and removed
item by title, with ``tmdb_id`` (movies) or ``tvdb_id`` (shows) when the library listing carries
that guid. A definition's ``changes_webhooks`` replaces the library's and the global targets.
"""

from __future__ import annotations

import logging
from typing import Any

from kometa.core.errors import ConfigError
from kometa.engine.diff import Plan
from kometa.notify.config import Target, parse_targets
from kometa.notify.payloads import Change, ItemRef
from kometa.plex.snapshot import Item, Snapshot

log = logging.getLogger("kometa")


def _guid_id(item: Item, scheme: str) -> int | None:
    values = [*item.tags("guids"), str(item.get("guid") or "")]
    for guid in values:
        low = guid.lower()
        for prefix in (f"{scheme}://", f"com.plexapp.agents.{'themoviedb' if scheme == 'tmdb' else 'thetvdb'}://"):
            if low.startswith(prefix):
                digits = low[len(prefix):].split("?", 1)[0].split("/", 1)[0]
                if digits.isdigit():
                    return int(digits)
    return None


def item_ref(snapshot: Snapshot | None, key: int, title: str | None = None) -> ItemRef:
    item = snapshot.items.get(key) if snapshot is not None else None
    if item is None:
        return ItemRef(title or str(key))
    if item.type == "movie":
        return ItemRef(title or item.title, tmdb_id=_guid_id(item, "tmdb"))
    if item.type == "show":
        return ItemRef(title or item.title, tvdb_id=_guid_id(item, "tvdb"))
    return ItemRef(title or item.title)


def definition_targets(definition: Any) -> tuple[Target, ...] | None:
    """A definition's ``changes_webhooks`` (None when it has none or leaves it blank: the library's
    or global ones apply). A wrong value raises a located ConfigError."""
    data = definition.data
    try:
        return parse_targets(data.get("changes_webhooks"), data, "changes_webhooks", "changes_webhooks") or None
    except ConfigError as exc:
        if exc.file:
            raise
        where = definition.where_of("changes_webhooks") if hasattr(definition, "where_of") else definition.where
        raise ConfigError(f"{where}: {exc.bare_message}") from None


def _queue(notifier: Any, change: Change, definition: Any) -> None:
    try:
        targets = definition_targets(definition)
    except ConfigError as exc:  # the collection is written already: say so, send nothing for it
        log.error("%s", exc.message)
        return
    notifier.changes(change, targets)


def _server_name(server: Any) -> str:
    return str(getattr(server, "friendlyName", "") or "")


def collection_changed(job: Any, definition: Any, plan: Plan, poster: tuple[str, str] | None,
                       background: tuple[str, str] | None) -> None:
    """After a collection's plan was written: queue its ``changes`` when it was created or its
    items changed."""
    notifier = getattr(job, "notifier", None)
    if notifier is None or not (plan.create or plan.recreate or plan.add or plan.remove):
        return
    snapshot = job.snapshot
    change = Change(plan.title, "collection", snapshot.section_title, _server_name(job.transport.server),
                    job.name, created=bool(plan.create),
                    additions=[item_ref(snapshot, key) for key in plan.add],
                    removals=[item_ref(snapshot, key) for key in plan.remove],
                    poster_url=poster[1] if poster and poster[0] == "url" else None,
                    background_url=background[1] if background and background[0] == "url" else None)
    _queue(notifier, change, definition)


def collection_deleted(job: Any, title: str, why: str) -> None:
    notifier = getattr(job, "notifier", None)
    if notifier is None:
        return
    library = job.snapshot.section_title
    notifier.delete(f'Collection "{title}" deleted from {library} ({why})',
                    server_name=_server_name(job.transport.server), library_name=library, mapping_name=job.name)


def playlist_changed(ctx: Any, definition: Any, server: Any, plan: Plan, titles: dict[int, str],
                     poster: tuple[str, str] | None = None) -> None:
    notifier = getattr(ctx, "notifier", None)
    if notifier is None or not (plan.create or plan.add or plan.remove):
        return
    snapshots = [snap for _, snap in getattr(ctx, "snapshots", {}).values()]

    def ref(key: int) -> ItemRef:
        owner = next((snap for snap in snapshots if key in snap.items), None)
        return item_ref(owner, key, titles.get(key))

    change = Change(plan.title, "playlist", "", _server_name(server), "", created=bool(plan.create),
                    additions=[ref(key) for key in plan.add], removals=[ref(key) for key in plan.remove],
                    poster_url=poster[1] if poster and poster[0] == "url" else None)
    _queue(notifier, change, definition)


def playlist_deleted(ctx: Any, server: Any, title: str, why: str) -> None:
    notifier = getattr(ctx, "notifier", None)
    if notifier is not None:
        notifier.delete(f'Playlist "{title}" deleted ({why})', server_name=_server_name(server))
