"""Run a library's operation blocks: decide every change from the listing (pure), then write.

Blocks run in config order; inside a block, operations run in the order written, each seeing the
values the ones before it set (the snapshot is updated as changes are decided). Items with a label
in the block's ``ignore_labels`` are left out of item operations. Each operation gives one
:class:`OpResult` (a summary row): how many items it changed, how many it left because the user
locked the field, the requests it sent, or its located error.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kometa.operations import batch, collection_ops, decide
from kometa.operations.binding import OpFailure, bind
from kometa.operations.model import FIELD_OPS, Block, FieldSpec, Operation, Parsed, shared_settings
from kometa.operations.state import OwnedFields
from kometa.plex.snapshot import TYPE_NUMBERS, Item, Snapshot, read_episodes

log = logging.getLogger("kometa")


@dataclass
class OpResult:
    name: str
    changed: int = 0
    unchanged: int = 0
    locked: int = 0
    requests: int = 0
    seconds: float = 0.0
    error: str | None = None
    note: str | None = None


@dataclass
class OpsJob:
    library: str
    snapshot: Snapshot
    transport: Any  # kometa.plex.transport.Transport
    reader: Any  # the PlexServer (episode listings)
    owned: OwnedFields
    dry_run: bool
    say: Callable[[str], None]
    configured: set[str] = field(default_factory=set)
    is_scheduled: Callable[[Block], bool] = lambda block: True
    checkpoint: Callable[[], None] = lambda: None
    tmdb: Callable[[], Any] | None = None  # -> TmdbDetails of this library; raises ServiceError if not to be had
    mdblist: Callable[[], Any] | None = None  # -> MdbRecords of this library (idem)
    imdb: Callable[[], Any] | None = None  # -> ImdbData of this library (idem)
    tvdb: Callable[[], Any] | None = None  # -> TvdbPages of this library (idem)
    omdb: Callable[[], Any] | None = None  # -> OmdbRecords of this library (idem)
    trakt: Callable[[], Any] | None = None  # -> TraktRatings of this library (idem)
    mal: Callable[[], Any] | None = None  # -> AnimeRecords (MyAnimeList) of this library (idem)
    anidb: Callable[[], Any] | None = None  # -> AnimeRecords (AniDB) of this library (idem)
    plex_csm: Callable[[], Any] | None = None  # -> CsmAges of this library (Common Sense ages on item pages)
    ignore_ids: tuple[frozenset[int], frozenset[str]] = (frozenset(), frozenset())  # for respect_ignore_ids
    only: frozenset[int] | None = None  # an event's scoped run: decide for these items (and their episodes) only
    mappers: dict[str, Any] = field(default_factory=dict)  # update key -> its mapper's mapping (run_operations)


def _items(job: OpsJob, spec_level: str, block: Block) -> list[Item]:
    items = list(job.snapshot.items.values())
    if spec_level == "episode":
        if job.snapshot.item_type != "show":
            return []
        items = [e for show, eps in read_episodes(job.reader, job.snapshot).items()
                 if job.only is None or show in job.only for e in eps]
    elif job.only is not None:
        items = [i for i in items if i.rating_key in job.only]
    items = _not_ignored_labels(items, block)
    if block.respect_ignore_ids and any(job.ignore_ids):
        items = [i for i in items if not _ignored(job, i)]
    return items


def _not_ignored_labels(items: list[Item], block: Block) -> list[Item]:
    """``items`` without those carrying one of the block's ``ignore_labels``."""
    if not block.ignore_labels:
        return items
    skip = {label.lower() for label in block.ignore_labels}
    return [i for i in items if not any(t.lower() in skip for t in i.tags("label"))]


def _ignored(job: OpsJob, item: Item) -> bool:
    """An item (an episode: its show) whose TMDb/TVDb id is in ``ignore_ids`` or IMDb id in ``ignore_imdb_ids``."""
    from kometa.ids.guids import item_ids

    owner = job.snapshot.items.get(item.get("show_key") or 0, item) if item.type == "episode" else item
    ids = item_ids(owner.get("guid"), owner.get("guids") or ())
    numbers, imdb = job.ignore_ids
    return ids.tmdb in numbers or ids.tvdb in numbers or ids.imdb in imdb


def _titles(job: OpsJob) -> dict[int, str]:
    titles = {rk: item.title for rk, item in job.snapshot.items.items()}
    for episodes in (job.snapshot.episodes or {}).values():
        titles.update({e.rating_key: e.title for e in episodes})
    return titles


def _state_key(spec: FieldSpec) -> str:
    return f"{spec.level}:{spec.plex_field}"


def _apply_field(job: OpsJob, op: Operation, spec: FieldSpec, decision: decide.Decision, block: Block,
                 result: OpResult, total: int) -> None:
    titles = _titles(job)
    for change in decision.changes:
        job.say(f"{job.library} | {op.key} | {titles.get(change.rating_key, change.rating_key)}: {change.text}")
    result.changed, result.locked = len(decision.changes), decision.locked_skipped
    result.unchanged = total - result.changed - decision.locked_skipped
    if decision.locked_skipped:
        result.note = f"{decision.locked_skipped} item(s) left alone: field locked in Plex"
    if not decision.changes or job.dry_run:
        return
    type_number = TYPE_NUMBERS["episode" if spec.level == "episode" else job.snapshot.item_type]
    result.requests = batch.send(job.transport, job.snapshot.section_id, type_number, decision.changes,
                                 block.batch_size)
    lookup = {i.rating_key: i for i in _items(job, spec.level, Block())}
    for change in decision.changes:
        job.owned.record(job.library, _state_key(spec), change.rating_key, change.fingerprint)
        item = lookup.get(change.rating_key)
        if item is None:
            continue
        if change.sets_value:
            item.values[spec.attr] = change.new_value
        locks = set(item.tags("locked_fields"))
        if change.locked is True:
            locks.add(spec.plex_field)
        elif change.locked is False:
            locks.discard(spec.plex_field)
        item.values["locked_fields"] = tuple(sorted(locks))


def _field_op(job: OpsJob, op: Operation, block: Block, result: OpResult) -> None:
    mappers = {"genre_mapper": ("mass_genre_update", decide.decide_genre_mapper),
               "content_rating_mapper": ("mass_content_rating_update", decide.decide_value_mapper)}
    notes: list[str] = []
    if op.key in mappers:
        spec_key, fn = mappers[op.key]
        spec = FIELD_OPS[spec_key]
        items = _items(job, spec.level, block)
        decision = fn(op.value, items, job.owned.owned(job.library, _state_key(spec)), spec)
    elif op.key == "remove_title_parentheses":
        spec = decide.TITLE
        items = _items(job, spec.level, block)
        decision = decide.decide_title_parentheses(items, job.owned.owned(job.library, _state_key(spec)))
    else:
        spec = FIELD_OPS[op.key]
        items = _items(job, spec.level, block)
        chain, notes = bind({"TMDb": job.tmdb, "MDBList": job.mdblist, "IMDb": job.imdb, "TVDb": job.tvdb,
                             "OMDb": job.omdb, "Trakt": job.trakt, "MyAnimeList": job.mal, "AniDB": job.anidb,
                             "Plex": job.plex_csm},
                            op, spec, items)
        decision = decide.decide_field(spec, chain, items, job.owned.owned(job.library, _state_key(spec)),
                                       job.mappers.get(op.key))
    _apply_field(job, op, spec, decision, block, result, len(items))
    if notes:
        result.note = "; ".join(filter(None, [result.note, *notes]))


def _parental(job: OpsJob, op: Operation, block: Block, result: OpResult) -> None:
    from kometa.clients.policy import ServiceError
    from kometa.operations.binding import provider
    from kometa.operations.imdb_values import imdb_id
    from kometa.operations.parental import decide_parental

    items = _items(job, "item", block)
    guides: dict[int, Any] = {}
    if op.value != "remove":
        client = provider({"IMDb": job.imdb}, "IMDb", op).client
        wanted = [(i.rating_key, ident) for i in items if (ident := imdb_id(i))]
        try:
            found = client.parents_guides([ident for _, ident in wanted])
        except ServiceError as exc:
            raise OpFailure(f"{op.where}: {op.key}: {exc}") from None
        guides = {rk: found.get(ident) or None for rk, ident in wanted}
    decision = decide_parental(items, guides, op.value)
    titles = _titles(job)
    for change in decision.changes:
        job.say(f"{job.library} | {op.key} | {titles.get(change.rating_key, change.rating_key)}: {change.text}")
    result.changed, result.unchanged = len(decision.changes), len(items) - len(decision.changes)
    if decision.no_value:
        result.note = f"{decision.no_value} item(s) without an IMDb parents guide"
    if not decision.changes or job.dry_run:
        return
    result.requests = batch.send(job.transport, job.snapshot.section_id, job.snapshot.type_number,
                                 decision.changes, block.batch_size)
    for change in decision.changes:
        job.snapshot.items[change.rating_key].values["label"] = change.new_value


def _split_duplicates(job: OpsJob, op: Operation, block: Block, result: OpResult) -> None:
    """``split_duplicates``: every item Plex merged from several files (more than one media version;
    in a show library, such episodes) is split into one item per version. Plex has no multi-item
    split, so it is one request per merged item; a library without merged items costs nothing."""
    level = "episode" if job.snapshot.item_type == "show" else "item"
    items = _items(job, level, block)
    merged = [i for i in items if (i.get("versions") or 0) > 1]
    titles = _titles(job)
    for item in merged:
        job.say(f"{job.library} | {op.key} | {titles.get(item.rating_key, item.title)}: split into "
                f"{item.get('versions')} items")
        if not job.dry_run:
            job.transport.send("PUT", f"/library/metadata/{item.rating_key}/split")
            result.requests += 1
    result.changed, result.unchanged = len(merged), len(items) - len(merged)


def _blank_track_titles(job: OpsJob, op: Operation, block: Block, result: OpResult) -> None:
    """``update_blank_track_titles``: a music track without a title gets its sort title (one track
    listing; edits batched per title; written titles locked, as Plex does for edits)."""
    from kometa.plex.snapshot import list_all, parse_item

    if job.snapshot.item_type != "artist":
        result.note = "only music libraries have tracks"
        return
    tracks = [parse_item(e) for e in list_all(job.reader, f"/library/sections/{job.snapshot.section_id}/all",
                                              {"type": TYPE_NUMBERS["track"]}) if "ratingKey" in e.attrib]
    tracks = _not_ignored_labels(tracks, block)
    blank = [t for t in tracks if not t.title.strip() and str(t.get("title_sort") or "").strip()]
    changes = [decide.Change(t.rating_key, (("title.value", str(t.get("title_sort"))), ("title.locked", "1")),
                             f"title (blank) -> {t.get('title_sort')}", None) for t in blank]
    for change, track in zip(changes, blank, strict=True):
        job.say(f"{job.library} | {op.key} | track {track.rating_key}: {change.text}")
    result.changed, result.unchanged = len(changes), len(tracks) - len(changes)
    if changes and not job.dry_run:
        result.requests = batch.send(job.transport, job.snapshot.section_id, TYPE_NUMBERS["track"], changes,
                                     block.batch_size)


def _delete_collections(job: OpsJob, op: Operation, result: OpResult) -> None:
    doomed = collection_ops.to_delete(job.snapshot.collections, op.value, job.configured)
    unmanaged = [c.title for c in job.snapshot.collections if not collection_ops.is_managed(c)]
    if unmanaged:
        log.info("%s | unmanaged collections (not deleted unless delete_collections asks): %s", job.library,
                 ", ".join(sorted(unmanaged)))
    for collection in doomed:
        job.say(f'{job.library} | delete_collections | collection "{collection.title}": delete')
        if not job.dry_run:
            job.transport.send("DELETE", f"/library/metadata/{collection.rating_key}")
            result.requests += 1
    gone = {c.rating_key for c in doomed}
    if not job.dry_run:
        job.snapshot.collections = [c for c in job.snapshot.collections if c.rating_key not in gone]
    result.changed = len(doomed)
    result.unchanged = len(job.snapshot.collections) - (0 if not job.dry_run else len(doomed))


def _collection_mode(job: OpsJob, op: Operation, result: OpResult) -> None:
    from kometa.operations.model import COLLECTION_MODES

    name = next(k for k, v in COLLECTION_MODES.items() if v == op.value)
    changing = collection_ops.mode_changes(job.snapshot.collections, op.value)
    for collection in changing:
        job.say(f'{job.library} | mass_collection_mode | collection "{collection.title}": collection mode {name}')
        if not job.dry_run:
            job.transport.send("PUT", f"/library/metadata/{collection.rating_key}/prefs",
                               [("collectionMode", op.value)])
            result.requests += 1
    result.changed, result.unchanged = len(changing), len(job.snapshot.collections) - len(changing)


def run_operation(job: OpsJob, op: Operation, block: Block) -> OpResult:
    result = OpResult(op.key)
    started = time.monotonic()
    try:
        if op.value is False:  # written as false: nothing to do
            result.note = "off"
        elif op.key == "delete_collections":
            _delete_collections(job, op, result)
        elif op.key == "mass_collection_mode":
            _collection_mode(job, op, result)
        elif op.key == "mass_collection_content_rating_update":
            result.note = "Kometa reads this operation but applies nothing; neither does kometa"
            log.warning("%s: %s: %s", op.where, op.key, result.note)
        elif op.key == "update_blank_track_titles":
            _blank_track_titles(job, op, block, result)
        elif op.key == "split_duplicates":
            _split_duplicates(job, op, block, result)
        elif op.key == "mass_imdb_parental_labels":
            _parental(job, op, block, result)
        elif op.key in FIELD_OPS or op.key in ("genre_mapper", "content_rating_mapper", "remove_title_parentheses"):
            _field_op(job, op, block, result)
        else:
            raise RuntimeError(f"operation {op.key} has no runner")  # model rejects what is not built
    except OpFailure as exc:
        result.error = str(exc)
        log.error("%s", result.error)
    finally:
        result.seconds = time.monotonic() - started
    return result


def run_operations(job: OpsJob, parsed: Parsed, extra: Callable[[Operation, Block], OpResult | None] | None = None
                   ) -> list[OpResult]:
    """Every scheduled block's operations; ``extra`` runs the operations other packages own (assets)."""
    results = [OpResult("operations", error=error.message) for error in parsed.errors]
    for error in parsed.errors:
        log.error("%s", error.message)
    blocks, warnings = shared_settings([block for block in parsed.blocks if job.is_scheduled(block)])
    for warning in warnings:
        log.warning("%s", warning)
    plan = ordered(blocks)
    job.mappers = {MAPPED[op.key]: op.value for op, _ in plan if op.key in MAPPED}
    for op, block in plan:
        job.checkpoint()
        handled = extra(op, block) if extra is not None else None
        results.append(handled if handled is not None else run_operation(job, op, block))
    job.owned.save()
    return results


#: a mapper -> the update it maps the result of (Kometa applies it to that update's new values)
MAPPED = {"genre_mapper": "mass_genre_update", "content_rating_mapper": "mass_content_rating_update"}


def ordered(blocks: list[Block]) -> list[tuple[Operation, Block]]:
    """The operations to run, in the order written, except as Kometa reads them: an operation in
    several blocks runs once (from the first block that has it; the others are skipped with a
    warning) and a mapper runs after the update whose values it maps, wherever it is written."""
    first: dict[str, Operation] = {}
    out: list[tuple[Operation, Block]] = []
    for block in blocks:
        for op in block.operations:
            if op.key in first:
                log.warning("%s: %s: already scheduled (%s); this one is skipped", op.where, op.key,
                            first[op.key].where)
                continue
            first[op.key] = op
            out.append((op, block))
    for mapper, update in MAPPED.items():
        keys = [op.key for op, _ in out]
        if mapper in keys and update in keys and keys.index(mapper) < keys.index(update):
            moved = out.pop(keys.index(mapper))
            out.insert([op.key for op, _ in out].index(update) + 1, moved)
    return out
