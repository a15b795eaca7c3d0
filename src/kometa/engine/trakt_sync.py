"""``sync_to_trakt_list``: a collection's items written to one of the signed-in Trakt user's own
lists, as Kometa does; ``sync_missing_to_trakt_list: true`` adds the titles the builders named that
the library lacks.

After the collection is built, the list is made to hold exactly its items, in its order: the
titles not on the list are added (movies by TMDb id, else IMDb id; shows by TVDb id, else TMDb,
else IMDb id, from the listing's guids), the others removed, and the list is reordered when its
order differs. Nothing is sent when the list already matches, nor in a dry run (which says what
would change). The list must be one of the user's (``GET /users/me/lists``), so the ``trakt:``
section needs its ``authorization`` (``kometa auth trakt``). Collections of seasons or episodes
(``builder_level``) are not synced by this version (a located error).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from kometa.clients.policy import AuthError, ServiceError
from kometa.ids.guids import item_ids
from kometa.sources.conditions import ConditionError

Key = tuple[str, str, Any]  # ("movies" | "shows", id type, id)


@dataclass(frozen=True)
class SyncSpec:
    slug: str
    missing: bool = False


def parse_sync(data: Mapping[str, Any]) -> SyncSpec | None:
    slug = data.get("sync_to_trakt_list")
    missing = data.get("sync_missing_to_trakt_list")
    if missing not in (None, True, False):
        raise ConditionError(f"sync_missing_to_trakt_list must be true or false, got {missing!r}")
    if slug in (None, "", False):
        return None
    if not isinstance(slug, str) or not slug.strip():
        raise ConditionError(f"sync_to_trakt_list takes the slug of one of your Trakt lists, got {slug!r}")
    return SyncSpec(slug.strip(), missing is True)


def _key(kind: str, tmdb: Any, imdb: Any, tvdb: Any) -> Key | None:
    if kind == "movies":
        return ("movies", "tmdb", tmdb) if tmdb else ("movies", "imdb", imdb) if imdb else None
    return ("shows", "tvdb", tvdb) if tvdb else ("shows", "tmdb", tmdb) if tmdb else (
        ("shows", "imdb", imdb) if imdb else None)


def wanted_keys(items: list[Mapping[str, Any]], kind: str, missing: list[Mapping[str, Any]]) -> list[Key]:
    """The list entries a collection's items (and, when asked, its missing titles) stand for, in order."""
    out: list[Key] = []
    for item in items:
        ids = item_ids(item.get("guid"), item.get("guids") or ())
        key = _key(kind, ids.tmdb, ids.imdb, ids.tvdb)
        if key is not None and key not in out:
            out.append(key)
    for entry in missing:
        key = _key(kind, entry.get("tmdb"), entry.get("imdb"), entry.get("tvdb"))
        if key is not None and key not in out:
            out.append(key)
    return out


def _entry_keys(row: Mapping[str, Any]) -> list[Key]:
    """Every key a list entry can be known by (its TMDb, IMDb and TVDb ids)."""
    kind = "movies" if row.get("type") == "movie" else "shows" if row.get("type") == "show" else None
    if kind is None:
        return []
    ids = (row.get(row["type"]) or {}).get("ids") or {}
    return [(kind, name, ids[name]) for name in ("tmdb", "imdb", "tvdb") if ids.get(name)]


def _body(keys: list[Key]) -> dict[str, Any]:
    body: dict[str, list[dict[str, Any]]] = {}
    for kind, name, value in keys:
        body.setdefault(kind, []).append({"ids": {name: value}})
    return body


def sync_list(client: Any, spec: SyncSpec, wanted: list[Key], say: Callable[[str], None], where: str,
              dry_run: bool) -> tuple[int, int]:
    """Make the user's list ``spec.slug`` hold ``wanted`` in order; (added, removed)."""
    if not client.authorised:
        raise ConditionError("sync_to_trakt_list needs a signed-in Trakt: run kometa auth trakt")
    try:
        slugs = client.own_lists()
        if spec.slug not in slugs:
            raise ConditionError(f"sync_to_trakt_list: '{spec.slug}' is not one of your Trakt lists "
                                 f"({', '.join(slugs) or 'you have none'})")
        rows = client.own_items(spec.slug)
        known: dict[Key, dict[str, Any]] = {k: row for row in rows for k in _entry_keys(row)}
        have = [row for row in rows if _entry_keys(row)]
        add = [k for k in wanted if k not in known]
        keep = {id(known[k]) for k in wanted if k in known}
        drop = [row for row in have if id(row) not in keep]
        drop_keys = [_entry_keys(row)[0] for row in drop]
        target = "Trakt list " + spec.slug
        if add:
            say(f"{where}: {target}: add {len(add)}")
        if drop:
            say(f"{where}: {target}: remove {len(drop)}")
        if dry_run:
            return len(add), len(drop)
        if add:
            client.change_list(spec.slug, _body(add), remove=False)
        if drop:
            client.change_list(spec.slug, _body(drop_keys), remove=True)
        rows = client.own_items(spec.slug) if add or drop else rows
        position = {k: row for row in rows for k in _entry_keys(row)}
        order = [position[k]["id"] for k in wanted if k in position]
        current = [row["id"] for row in rows if _entry_keys(row) and row["id"] in set(order)]
        if order != current:
            client.reorder_list(spec.slug, list(dict.fromkeys(order)))
            say(f"{where}: {target}: reordered")
        return len(add), len(drop)
    except AuthError as exc:
        raise ServiceError("Trakt", f"sync_to_trakt_list: Trakt refused the authorization ({exc.detail})",
                           "sync_to_trakt_list") from None
    except ServiceError as exc:
        raise ServiceError(exc.service, f"sync_to_trakt_list needs {exc.service}: {exc.detail}",
                           "sync_to_trakt_list") from None


def sync_collection(job: Any, definition: Any, built: Any, keys: list[int]) -> None:
    """The collection's ``sync_to_trakt_list`` (engine/collections.py, once its items are known)."""
    spec = parse_sync(definition.data)
    if spec is None:
        return
    if job.snapshot.level is not None:
        raise ConditionError(f"sync_to_trakt_list with builder_level: {job.snapshot.level} is not supported in "
                             f"this version (collections of movies or shows only)")
    if built.smart and built.smart_label is None:
        raise ConditionError("sync_to_trakt_list with smart_filter / smart_url is not supported in this version")
    if job.trakt is None:
        raise ConditionError("sync_to_trakt_list is not supported here in this version")
    kind = "movies" if job.snapshot.item_type == "movie" else "shows"
    items = [job.snapshot.items[k] for k in keys if k in job.snapshot.items]
    wanted = wanted_keys(items, kind, built.missing_ids if spec.missing else [])
    try:
        client = job.trakt.client()
    except ServiceError as exc:
        raise ServiceError(exc.service, f"sync_to_trakt_list needs {exc.service}: {exc.detail}",
                           "sync_to_trakt_list") from None
    sync_list(client, spec, wanted, job.changes.say, f"{job.snapshot.section_title} | Collection {definition.name}",
              job.dry_run)
