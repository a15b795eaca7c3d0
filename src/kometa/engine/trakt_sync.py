"""``sync_to_trakt_list`` / ``sync_missing_to_trakt_list``: keep one of the signed-in user's Trakt
lists equal to a collection or playlist (Kometa's meaning).

After the definition has run, its items (the collection's members, or what the builders found
with ``build_collection: false``; a playlist's entries) are the list's wanted content, in order;
with ``sync_missing_to_trakt_list: true`` the titles the builders named that the library lacks
follow them. Movies go by TMDb id, shows by TVDb id (IMDb/TMDb when the listing has no other), as
Kometa sends them. The list is read, then only what differs is written: the titles it lacks are
added, the others removed, and the entries put in order when their order differs; a list already
right costs one read. The list must exist among the user's lists (Trakt has no list of that name:
a located error) and the ``trakt:`` section needs its ``authorization`` (``kometa auth trakt``).
A dry run reads the list and says what it would change.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kometa.clients.policy import NotFound, Rejected, ServiceError
from kometa.ids.guids import item_ids

log = logging.getLogger("kometa")
KEYS = ("sync_to_trakt_list", "sync_missing_to_trakt_list")


class TraktSyncError(ValueError):
    """A bad sync_to_trakt_list value (the message is for the user)."""


@dataclass(frozen=True)
class Wanted:
    kind: str  # movie | show
    ids: dict[str, Any]  # the ids sent to Trakt (and matched against the list's entries)
    label: str


def parse(data: Mapping[str, Any]) -> tuple[str | None, bool]:
    """(the list's slug or None, sync_missing_to_trakt_list)."""
    value = data.get("sync_to_trakt_list")
    missing = data.get("sync_missing_to_trakt_list")
    if missing not in (None, True, False):
        raise TraktSyncError(f"sync_missing_to_trakt_list must be true or false, got {missing!r}")
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, bool(missing)
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise TraktSyncError(f"sync_to_trakt_list must be the slug of one of your Trakt lists, got {value!r}")
    slug = str(value).strip().rstrip("/").rsplit("/", 1)[-1]  # a list URL works too
    return slug, bool(missing)


def item_wanted(item: Any, kind: str) -> Wanted | None:
    """A Plex item's entry: movies by TMDb id, shows by TVDb id (else what the guids give)."""
    ids = item_ids(item.get("guid"), item.get("guids") or ())
    order = ("tmdb", "imdb") if kind == "movie" else ("tvdb", "tmdb", "imdb")
    for name in order:
        value = getattr(ids, name)
        if value is not None:
            return Wanted(kind, {name: value}, item.title)
    return None


def missing_wanted(missing: Iterable[Mapping[str, Any]], kind: str) -> list[Wanted]:
    order = ("tmdb", "imdb") if kind == "movie" else ("tvdb", "tmdb", "imdb")
    out = []
    for entry in missing:
        name = next((n for n in order if entry.get(n)), None)
        if name is not None:
            out.append(Wanted(kind, {name: entry[name]}, str(entry.get("title") or entry[name])))
    return out


def _keys(kind: str, ids: Mapping[str, Any]) -> set[tuple[str, str, str]]:
    return {(kind, name, str(ids[name])) for name in ("tmdb", "imdb", "tvdb") if ids.get(name)}


def _entries(rows: list[dict[str, Any]]) -> list[tuple[int, str, dict[str, Any]]]:
    """(list item id, movie|show, ids) of the list's movie and show entries, in rank order."""
    return [(int(row.get("id") or 0), str(row["type"]), dict(row[row["type"]].get("ids") or {}))
            for row in rows if row.get("type") in ("movie", "show") and isinstance(row.get(row["type"]), Mapping)]


def _titles(rows: list[dict[str, Any]]) -> dict[int, str]:
    return {int(row.get("id") or 0): str(row[row["type"]].get("title") or "?") for row in rows
            if row.get("type") in ("movie", "show") and isinstance(row.get(row["type"]), Mapping)}


def _match(wanted: list[Wanted], entries: list[tuple[int, str, dict[str, Any]]]) -> tuple[list[Wanted], list[int], list[int]]:
    """(wanted titles the list lacks, list item ids of entries not wanted, list item ids in wanted order)."""
    owner: dict[tuple[str, str, str], int] = {}
    for entry_id, kind, ids in entries:
        for key in _keys(kind, ids):
            owner.setdefault(key, entry_id)
    lacking: list[Wanted] = []
    ordered: list[int] = []
    for want in wanted:
        found = next((owner[k] for k in _keys(want.kind, want.ids) if k in owner), None)
        if found is None:
            lacking.append(want)
        elif found not in ordered:
            ordered.append(found)
    kept = set(ordered)
    return lacking, [e for e, _k, _i in entries if e not in kept], ordered


def _body(items: Iterable[tuple[str, dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    body: dict[str, list[dict[str, Any]]] = {}
    for kind, ids in items:
        body.setdefault("movies" if kind == "movie" else "shows", []).append({"ids": ids})
    return body


def sync_list(client: Any, slug: str, wanted: list[Wanted], *, dry_run: bool, say: Callable[[str], None],
              where: str) -> str:
    """Make the list ``slug`` hold ``wanted`` in order; returns the summary note. Raises ServiceError."""
    if not client.authorised:
        raise ServiceError("Trakt", "sync_to_trakt_list needs Trakt's sign-in (run kometa auth trakt to add "
                                    "trakt: authorization)")
    wanted = list({tuple(sorted(w.ids.items())): w for w in wanted}.values())  # a title once
    try:
        rows = client.my_list_items(slug)
    except NotFound:
        raise ServiceError("Trakt", f"sync_to_trakt_list: you have no Trakt list '{slug}' (create it on Trakt "
                                    f"first; the value is the list's slug)") from None
    entries, titles = _entries(rows), _titles(rows)
    lacking, extra, ordered = _match(wanted, entries)
    target = f"{where}: Trakt list {slug}"
    for want in lacking:
        say(f"{target}: + {want.label}")
    for entry in extra:
        say(f"{target}: - {titles.get(entry, entry)}")
    kept = [e for e, _k, _i in entries if e not in set(extra)]
    reorder = not lacking and kept != ordered
    if dry_run or not (lacking or extra or reorder):
        done = "unchanged" if not (lacking or extra or reorder) else "would change"
        return f"Trakt list {slug}: {done}"
    by_id = {e: (kind, ids) for e, kind, ids in entries}
    if extra:
        _check(client.change_my_list(slug, _body(by_id[e] for e in extra), remove=True), slug)
    if lacking:
        _check(client.change_my_list(slug, _body((w.kind, w.ids) for w in lacking)), slug)
        now = _entries(client.my_list_items(slug))
        _, _, ordered = _match(wanted, now)
        reorder = [e for e, _k, _i in now if e in set(ordered)] != ordered
    if reorder:
        _check(client.reorder_my_list(slug, ordered), slug)
    return f"Trakt list {slug}: {len(lacking)} added, {len(extra)} removed"


def _check(answer: Any, slug: str) -> None:
    if isinstance(answer, Rejected):
        raise ServiceError("Trakt", f"sync_to_trakt_list: Trakt refused the change to list '{slug}' "
                                    f"(HTTP {answer.status}: {answer.body})")


def sync_collection(job: Any, slug: str, with_missing: bool, keys: list[int], built: Any, row: Any,
                    where: str, *, appended: bool) -> None:
    """After a collection ran: its members (``keys`` first, in order; with append, the members it
    kept too: ``appended``) and, with ``with_missing``, its missing titles go to the list. A failure is the row's
    error; the collection stays as written."""
    if row.status.startswith(("Minimum", "Deleted", "Ignored")):
        return  # nothing built this run: the list is left as it is
    snap = job.snapshot
    if snap.item_type not in ("movie", "show") or snap.level is not None:
        row.error = f"{where}: sync_to_trakt_list works with collections of movies or shows"
        log.error("%s", row.error)
        return
    kind = "movie" if snap.item_type == "movie" else "show"
    members = list(dict.fromkeys([*keys, *(snap.members_by_tag(row.name) if appended else ())]))
    wanted = [w for k in members if k in snap.items and (w := item_wanted(snap.items[k], kind)) is not None]
    if with_missing:
        wanted += missing_wanted(built.missing_ids, kind)
    try:
        note = sync_list(job.trakt.client(), slug, wanted, dry_run=job.dry_run, say=job.changes.say,
                         where=f"{snap.section_title} | Collection {row.name}")
    except ServiceError as exc:
        row.error = f"{where}: {exc.detail}"
        log.error("%s", row.error)
        return
    row.note = "; ".join(filter(None, [row.note, note]))


def sync_playlist(ctx: Any, slug: str, items: list[Any], missing: list[dict[str, Any]], row: Any,
                  say: Callable[[str], None], where: str) -> None:
    """After a playlist ran: its movies (and, with sync_missing_to_trakt_list, the movies and shows its
    builders named that the libraries lack) go to the list; its episodes are not sent by this
    version (the row's note says how many)."""
    if row.status.startswith(("Minimum", "Deleted", "Ignored", "Not Scheduled", "Unmanaged")):
        return
    wanted = [w for item in items if item.type == "movie" and (w := item_wanted(item, "movie")) is not None]
    # a missing show carries its TVDb id (a movie none): each goes as its kind
    wanted += [w for entry in missing for w in missing_wanted([entry], "show" if entry.get("tvdb") else "movie")]
    episodes = sum(1 for item in items if item.type != "movie")
    try:
        note = sync_list(ctx.online.trakt(), slug, wanted, dry_run=ctx.options.dry_run, say=say,
                         where=f"Playlists | Playlist {row.name}")
    except ServiceError as exc:
        row.error = f"{where}: {exc.detail}"
        log.error("%s", row.error)
        return
    if episodes:
        note += f" ({episodes} episode or track entries are not sent to Trakt by this version)"
    row.note = "; ".join(filter(None, [row.note, note]))
