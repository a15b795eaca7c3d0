"""Collections of one library: definitions -> builders -> filters -> Diff -> Apply (or print).

For each definition :func:`run_collection` decides (schedule, ownership, builders, filters,
minimum) against the library :class:`~kometa.plex.snapshot.Snapshot`, plans the difference with
:func:`kometa.engine.diff.plan`, then writes it (or, with ``--dry-run``, prints it) and fills one
:class:`~kometa.engine.report.ItemRow`. A failing definition fills its row with the error and the library
goes on.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from kometa.clients.policy import ServiceError
from kometa.config.default_origin import relocate_text
from kometa.core.errors import ConfigError, KometaError
from kometa.core.options import Options
from kometa.engine import drawn_posters
from kometa.engine.apply import CollectionWriter, Transport
from kometa.engine.changes import ChangeLog
from kometa.engine.collection_assets import apply_collection_assets
from kometa.engine.collection_deletes import delete_collection
from kometa.engine.definition_errors import DefinitionError, _fail, where_of
from kometa.engine.description_keys import description_details
from kometa.engine.diff import Current, Plan, Wanted, plan
from kometa.engine.filters import parse_filters
from kometa.engine.hub_order import HubWishes
from kometa.engine.item_edits import ItemEditError, apply_item_edits, plan_item_edits
from kometa.engine.item_update_step import run_item_updates
from kometa.engine.levels import at_level, children_of
from kometa.engine.missing_filter import definition_missing
from kometa.engine.notify_hooks import collection_changed
from kometa.engine.online import fill_details, online_details
from kometa.engine.ownership import MANAGED_LABEL, Ledger, create_key, is_managed, poster_fingerprint
from kometa.engine.report import ItemRow
from kometa.engine.run_listings import log_filter_lines, setting
from kometa.engine.schedule_check import schedule_note, schedule_verdict, visible_flag
from kometa.engine.settings import (
    BUILDERS,
    SettingError,
    Settings,
    has_builders,
    item_level,
    level_warning,
    parse_settings,
)
from kometa.engine.tmdb_details import definition_details
from kometa.engine.tmdb_filters import details_for
from kometa.engine.tmdb_person import definition_people
from kometa.plex.failures import describe
from kometa.plex.snapshot import CollectionInfo, Snapshot, list_all, rating_keys, read_children
from kometa.sources.builders import Builders, Built
from kometa.sources.conditions import ConditionError
from kometa.sources.definitions import Definition
from kometa.sources.search import search_level
from kometa.sources.tvdb import definition_details as tvdb_details

log = logging.getLogger("kometa")
VALIDATION = "Builder Validation Error"


@dataclass
class LibraryJob:
    """Everything one library's collection run needs."""

    name: str
    settings: dict[str, Any]
    options: Options
    moment: datetime
    snapshot: Snapshot
    transport: Transport
    changes: ChangeLog
    ledger: Ledger
    base_dir: Path
    checkpoint: Callable[[], None] = lambda: None
    tmdb: Any = None  # sources.tmdb.TmdbSource for this library (None: no TMDb this run)
    trakt: Any = None  # sources.trakt.TraktSource for this library
    imdb: Any = None  # sources.imdb.ImdbSource for this library
    mdblist: Any = None  # sources.mdblist.MdblistSource for this library
    tautulli: Any = None  # sources.tautulli.TautulliSource for this library
    arr: Any = None  # sources.arr.ArrSources for this library
    sources: dict[str, Any] = field(default_factory=dict)  # more sources by family (sources.registry.FAMILIES)
    arr_add: Any = None  # engine.arr_add.ArrAdder: missing titles to Radarr/Sonarr
    notifier: Any = None  # kometa.notify.notifier.Notifier, when the config has notification targets
    report: Any = None  # engine.save_report.ReportBook (save_report / report_path)
    _hubs: dict[int, tuple[bool, bool, bool]] | None = field(default=None, repr=False)
    not_done: list[str] = field(default_factory=list)  # see kometa.config.unbuilt
    run_again: list[Definition] = field(default_factory=list)  # run_again ones that miss titles (engine/run_again.py)
    hub_wishes: HubWishes = field(default_factory=HubWishes)  # hub_priority and the order (engine/hub_order.py)
    cache: dict[str, Any] = field(default_factory=dict)  # made on first use: level views (levels.py), TMDb details
    collections_done: Callable[[int, int], None] = lambda done, total: None  # live progress (kometa status)
    style_images: dict[str, Any] = field(default_factory=dict)  # collection name -> image files' style entry

    @property
    def dry_run(self) -> bool:
        return self.options.dry_run

    @cached_property
    def writer(self) -> CollectionWriter:
        s = self.snapshot
        return CollectionWriter(self.transport, s.section_id, s.type_number, s.machine_id, self.base_dir)

    def hubs(self) -> dict[int, tuple[bool, bool, bool]]:
        """Current hub visibility per collection rating key: one read per library, on first use."""
        if self._hubs is None:
            self._hubs = {}
            for hub in list_all(self.transport.server, f"/hubs/sections/{self.snapshot.section_id}/manage"):
                ident = hub.attrib.get("identifier", "")
                if ident.startswith("custom.collection."):
                    flags = tuple(hub.attrib.get(k) == "1" for k in
                                  ("promotedToRecommended", "promotedToOwnHome", "promotedToSharedHome"))
                    self._hubs[int(ident.rsplit(".", 1)[1])] = flags  # type: ignore[assignment]
        return self._hubs

    def remote_search(self, query: str) -> list[int]:
        key = f"/library/sections/{self.snapshot.section_id}/all?{query}"
        return rating_keys(list_all(self.transport.server, key))

    def title_of(self, key: int) -> str:
        item = self.snapshot.items.get(key)
        return str(item.values.get("display") or item.title) if item else str(key)  # episodes: "Show S01E02 Title"


def run_collections(job: LibraryJob, definitions: list[Definition], rows: list[ItemRow]) -> None:
    from kometa.engine.summary import Progress

    builders = Builders(job.snapshot, job.moment, job.remote_search, tmdb=job.tmdb, trakt=job.trakt, imdb=job.imdb,
                        mdblist=job.mdblist, tautulli=job.tautulli, arr=job.arr, sources=job.sources,
                        show_options=setting({}, job.settings, "show_options"))
    with Progress(job.snapshot.section_title, len(definitions), ghost=not job.options.ignore_ghost) as progress:
        for done, definition in enumerate(definitions, 1):
            progress.start(definition.name)
            _run_one(job, builders, definition, rows)
            progress.done(rows[-1])
            job.collections_done(done, len(definitions))
    if job.report is not None:
        from kometa.engine.save_report import write_logged

        write_logged(job.report, job.dry_run, job.snapshot.section_title, job.changes.say)


def _run_one(job: LibraryJob, builders: Builders, definition: Definition, rows: list[ItemRow]) -> None:
    job.checkpoint()
    row = ItemRow(definition.name, "collection")
    started = time.monotonic()
    try:
        run_collection(job, builders, definition, row)
    except (DefinitionError, ConfigError) as exc:  # a bad value given to one of our defaults: at the user's line
        row.status, row.error = VALIDATION, relocate_text(definition.ref, str(exc))
        log.error("%s", row.error)
    except ServiceError as exc:  # an online service failed or is not configured: only this collection
        where = where_of(definition, exc.key) if exc.key else definition.where
        row.status, row.error = f"{exc.service} Failure", f"{where}: {exc.detail}"
        log.error("%s", row.error)
    except KometaError as exc:  # e.g. the ledger cannot record a create: nothing was created
        row.status, row.error = "Kometa Failure", f"{definition.where}: {exc.message}"
        log.error("Collection %s failed: %s", definition.name, row.error)
    except Exception as exc:  # a Plex failure or our bug: the library goes on
        if type(exc).__name__ == "Interrupted":
            raise
        row.status, row.error = "Kometa Failure", f"{definition.where}: {describe(exc)}"
        log.error("Collection %s failed: %s", definition.name, row.error, exc_info=job.options.debug)
    row.seconds = time.monotonic() - started
    rows.append(row)


def _settings(job: LibraryJob, definition: Definition) -> Settings:
    data = definition.data
    name = str(data.get("name") or data.get("collection_name") or definition.name)
    try:
        settings = parse_settings(name, data, job.settings)
    except SettingError as exc:
        raise _fail(definition, str(exc)) from None
    from kometa.config.unbuilt import attribute_lines

    for line in attribute_lines(settings.not_applied, data, definition.where_of, name):
        job.not_done.append(line)
        log.error("%s", line)
    if (warning := level_warning(settings)) is not None:
        log.warning("%s: %s", where_of(definition, warning), warning)
    return settings


def _existing(job: LibraryJob, title: str) -> CollectionInfo | None:
    found = job.snapshot.collection_named(title)
    managed = [c for c in found if is_managed(c.labels)]
    return next(iter(managed or found), None)


def _owned(job: LibraryJob, existing: CollectionInfo | None, s: Settings) -> bool:
    """Ours: none yet, labelled, take_ownership, or made by a run that died before labelling it."""
    return existing is None or is_managed(existing.labels) or s.take_ownership or job.ledger.adopts(
        job.snapshot.machine_id, create_key("collection", job.snapshot.section_id, s.name), s.name)


def run_collection(job: LibraryJob, builders: Builders, definition: Definition, row: ItemRow) -> None:
    s = _settings(job, definition)
    row.name = s.name
    job.hub_wishes.note(s.name, s.hub_priority)
    existing = _existing(job, s.name)
    owned = _owned(job, existing, s)
    if s.only_on_create and existing is not None:
        row.status, row.note = "Unchanged", "only_run_on_create: the collection exists"
        return
    if s.run_definition is False or (isinstance(s.run_definition, tuple)
                                     and job.snapshot.item_type not in s.run_definition):
        row.status = "Skipped Run Definition"
        return
    for named in s.delete_named:
        for collection in job.snapshot.collection_named(named):
            if is_managed(collection.labels):
                delete_collection(job, collection, "delete_collections_named")
        existing = _existing(job, s.name)  # maybe the user's namesake now: ownership is decided again
        owned = _owned(job, existing, s)
    verdict = schedule_verdict(s.schedule, job, definition, level="collection",
                               skip=bool(job.options.run_collections))
    day_note = _person_day(job, definition) if verdict == "scheduled" else None  # tmdb_birthday/_deathday
    if day_note is not None:
        verdict = "not scheduled"
    if verdict == "not scheduled" or (verdict == "non-existing" and existing is not None):
        row.status = "Not Scheduled"
        row.note = day_note or schedule_note(s.schedule, definition)
        if s.delete_not_scheduled and existing is not None and owned and verdict == "not scheduled":
            delete_collection(job, existing, "not scheduled", "smart_label" in definition.data)
            row.status = "Deleted Not Scheduled"
        return
    if s.preroll is not None:
        _server_preroll(job, definition, s, row)
        if not has_builders(definition.data):
            return  # a definition that only sets the pre-roll makes no collection (as in Kometa)
    if existing is not None and not owned:
        row.status = "Unmanaged Collection"
        row.error = (f"{definition.where}: a collection named '{s.name}' already exists in "
                     f"{job.snapshot.section_title} without the '{MANAGED_LABEL}' label (the user's own); left "
                     f"untouched. Rename the definition or add take_ownership: true to manage it")
        log.warning("%s", row.error)
        return
    try:
        adding = job.arr_add.settings(job.snapshot.library_type, definition.data) if job.arr_add is not None else None
        library_type = job.snapshot.library_type
        job, builders = at_level(job, builders, item_level(s, library_type)
                                 or search_level(definition.data, library_type))
        fill_details(s, tvdb_details(builders.sources.get("tvdb"), definition.data,  # before TMDb's (Kometa's order)
                                     job.snapshot.library_type == "movie"))
        fill_details(s, description_details(definition.data, builders.sources.get("letterboxd"), job.trakt,
                                            builders.sources.get("icheckmovies")))
        fill_details(s, definition_details(job.tmdb, definition.data, job.snapshot.library_type == "movie"))
        data, person = definition_people(job.tmdb, definition.data)
        built = _blank(definition) if s.blank else builders.build(s.name, data)
        built.details.update(person)  # tmdb_person wins over a _details builder (Kometa's priority)
        filters = parse_filters(definition.data.get("filters"), job.snapshot.item_type, job.moment,
                                default_percent=definition.data.get("default_percent"))
    except (ConditionError, SettingError) as exc:
        if getattr(exc, "not_done", False):  # engine.filters.FilterNotDone: listed as not done too
            job.not_done.append(f"{where_of(definition, str(exc))}: {exc}")
        raise _fail(definition, str(exc)) from None
    _ignore_ids(job, definition, built)
    definition_missing(built, filters, job.tmdb, job.moment, job.snapshot.library_type == "movie", definition.data,
                       job.settings, f"{job.snapshot.section_title} | Collection {s.name}")
    if s.run_again and built.smart and built.smart_label is None:
        log.warning("%s: run_again does not work with smart_filter/smart_url; ignored (as in Kometa)",
                    where_of(definition, "run_again"))
    elif s.run_again and s.build and (built.missing or built.missing_ids):  # build_collection: false: never (Kometa)
        job.run_again.append(definition)
    apply_collection_assets(job.settings, job.base_dir, s, dry_run=job.dry_run,
                            styled=job.style_images.get(definition.name) or job.style_images.get(s.name))
    online_details(f"{job.snapshot.section_title} | Collection {s.name}", s, definition.data, job.settings, built, row)
    s.poster = drawn_posters.resolve(job.tmdb, s.poster, definition.where)  # a person's picture (people defaults)
    if adding is not None and adding.add_missing and built.missing_ids:
        job.arr_add.send(f"{job.snapshot.section_title} | Collection {s.name}", adding, built.missing_ids, row)
    if built.smart and (s.order_sort is not None or (built.smart_label is None
                                                     and "collection_order" in definition.data)):
        raise _fail(definition, "collection_order: a smart collection is ordered by its filter's sort_by "
                                "(smart collections take no collection_order)")
    if s.filtering is not None and not built.smart:
        raise _fail(definition, "collection_filtering works on smart collections only (smart_filter or smart_label)")
    if built.smart and built.smart_label is None and "sync_mode" in definition.data:
        raise _fail(definition, "smart_filter takes no sync_mode (Plex keeps it in sync)")
    keys = list(built.items)
    reporting = job.report is not None and job.report.wants(definition.data)
    if reporting and (built.missing or built.missing_ids):
        job.report.add_missing(s.name, built.missing_ids, built.missing)
    if filters is not None and not setting(definition.data, job.settings, "only_filter_missing"):
        unfiltered = keys
        try:
            from kometa.plex.credits import credits_reader
            keys = filters.keep(keys, job.moment, builders.index, details_for(job) if filters.tmdb else None,
                                children_of(job.transport.server, job.snapshot),
                                credits=credits_reader(job.transport.server))
        except ConditionError as exc:  # a filter this place cannot evaluate (audio_language, ...)
            raise _fail(definition, str(exc)) from None
        log_filter_lines(f"{job.snapshot.section_title} | Collection {s.name}", definition.data, job.settings,
                         unfiltered, keys, job.title_of)
        if reporting and len(keys) < len(unfiltered):
            kept = set(keys)
            job.report.add_items(s.name, "Filtered", (job.snapshot.items[k] for k in unfiltered
                                                      if k not in kept and k in job.snapshot.items))
    if s.limit is not None:
        keys = keys[: s.limit]
    if s.order_sort is not None:
        keys = builders.index.sort_keys(keys, s.order_sort, seed=f"{s.name}|{job.moment.date()}")
    if s.order_reverse:
        keys.reverse()
    sync = s.sync or built.force_sync
    if built.force_mode_hide and s.mode is None:
        s.mode = 0
    _item_edits(job, definition, s.name, keys)
    run_item_updates(job, definition, s.name, keys)
    if adding is not None and adding.edits_existing:
        job.arr_add.existing(f"{job.snapshot.section_title} | Collection {s.name}", adding,
                             [job.snapshot.items[k] for k in keys if k in job.snapshot.items], built.missing_ids, row)
    if not s.build:
        row.status, row.unchanged = "Unchanged", len(keys)
        _trakt_sync(job, s, definition, keys, built, row)
        return
    labelled: tuple[int, int] | None = None
    if built.smart_label is not None:
        labelled = _label_items(job, s, existing, built.smart_label, keys, sync, row)
        if labelled is None:  # below the minimum: left as it is (or deleted)
            return
    _reconcile(job, s, definition, existing, keys, built.uri(job.snapshot), sync, row, built.smart_label)
    if labelled is not None and row.status == "Unchanged" and any(labelled):
        row.status = "Modified"
    if labelled is not None:
        row.added, row.removed = labelled
    _trakt_sync(job, s, definition, keys, built, row)


def _trakt_sync(job: LibraryJob, s: Settings, definition: Definition, keys: list[int], built: Built,
                row: ItemRow) -> None:
    if s.trakt_list is not None:
        from kometa.engine.trakt_sync import sync_collection

        sync_collection(job, s.trakt_list, s.trakt_missing, keys, built, row, where_of(definition, "sync_to_trakt_list"),
                        appended=s.build and not (s.sync or built.force_sync))


def _person_day(job: LibraryJob, definition: Definition) -> str | None:
    from kometa.engine.tmdb_person import person_day_skip

    try:
        return person_day_skip(job.tmdb, definition.data, job.moment.date())
    except ConditionError as exc:
        raise _fail(definition, str(exc)) from None


def _ignore_ids(job: LibraryJob, definition: Definition, built: Built) -> None:
    """``ignore_ids`` / ``ignore_imdb_ids`` (engine/ignore_ids.py): such items and titles are dropped
    from what the builders found, before anything is reported, sent or written."""
    from kometa.engine.ignore_ids import IgnoreIdsError, ignored_for, keep_items, keep_missing

    try:
        ignored = ignored_for(job.settings, definition.data)
    except IgnoreIdsError as exc:
        raise _fail(definition, str(exc)) from None
    if not ignored:
        return
    idmap = job.tmdb.known_idmap() if job.tmdb is not None else None
    built.items = keep_items(job.snapshot, built.items, ignored, idmap.by_tmdb if idmap is not None else None)
    kept = keep_missing(built.missing_ids, ignored)
    if len(kept) < len(built.missing_ids):
        dropped = {built.labels_of.get(id(e)) for e in built.missing_ids if all(e is not k for k in kept)}
        built.missing = [label for label in built.missing if label not in dropped]
        built.missing_ids = kept


def _server_preroll(job: LibraryJob, definition: Definition, s: Settings, row: ItemRow) -> None:
    """``server_preroll``: the server's "Movie pre-roll video" setting; written only when it differs."""
    wanted = s.preroll
    prefs = job.transport.server.query("/:/prefs")
    have = next((s.attrib.get("value", "") for s in prefs.iter("Setting")
                 if s.attrib.get("id") == "cinemaTrailersPrerollID"), None)
    if have is None:
        raise _fail(definition, "server_preroll: this Plex server has no cinemaTrailersPrerollID setting")
    row.status, row.note = "Unchanged", f"server pre-roll: {wanted}"
    if have == wanted:
        return
    job.changes.say(f"{job.snapshot.section_title} | {row.name or definition.name}: server pre-roll video = {wanted!r}")
    row.status = "Server Pre-roll Updated"
    if not job.dry_run:
        job.transport.send("PUT", "/:/prefs", [("cinemaTrailersPrerollID", wanted)])


def _item_edits(job: LibraryJob, definition: Definition, name: str, keys: list[int]) -> None:
    try:
        plans = plan_item_edits(definition.data, job.snapshot, keys)
    except ItemEditError as exc:
        raise _fail(definition, str(exc)) from None
    if plans:
        apply_item_edits(plans, job.snapshot, job.changes.say, job.dry_run,
                         lambda k, kind, tag, remove: job.writer.tag_items(k, kind, tag, remove=remove),
                         f'{job.snapshot.section_title} | Collection "{name}"')


def _blank(definition: Definition) -> Built:
    present = [k for k in definition.data if k in BUILDERS]
    if present:
        raise ConditionError(f"blank_collection: true takes no builders (found {present[0]})")
    return Built(builders=("blank_collection",))


def _current(job: LibraryJob, existing: CollectionInfo | None, arrange: bool, want_visibility: bool) -> Current:
    if existing is None:
        return Current()
    members: tuple[int, ...] = ()
    if not existing.smart:
        # item tags name collections by title: when two share a title, ask Plex for this one's members
        # a level view (episodes, ...) asks too: a level listing need not name its items' collections
        if arrange or job.snapshot.level is not None or len(job.snapshot.collection_named(existing.title)) > 1:
            members = tuple(rating_keys(read_children(job.transport.server,
                                                      f"/library/collections/{existing.rating_key}/children")))
        else:
            members = tuple(job.snapshot.members_by_tag(existing.title))
    visibility = job.hubs().get(existing.rating_key, (False, False, False)) if want_visibility else None
    machine = job.snapshot.machine_id
    return Current(existing.rating_key, existing.smart, existing.content, members, existing.labels,
                   existing.summary or "", existing.title_sort, existing.mode, existing.sort,
                   poster=job.ledger.poster(machine, existing.rating_key),
                   background=job.ledger.poster(machine, f"{existing.rating_key}/art"),
                   content_rating=existing.content_rating, visibility=visibility, filter_user=existing.filter_user,
                   media=tuple((kind, fp) for kind in ("themes", "squareArts")
                               if (fp := job.ledger.poster(machine, f"{existing.rating_key}/{kind}")) is not None))


def _wanted_visibility(job: LibraryJob, s: Settings, definition: Definition,
                       current: Current) -> tuple[bool, bool, bool] | None:
    if not s.visible:
        return None
    have = current.visibility or (False, False, False)
    flags = []
    for index, key in enumerate(("visible_library", "visible_home", "visible_shared")):
        if key in s.visible:
            flags.append(visible_flag(s.visible[key], job, definition, key))
        else:
            flags.append(have[index])
    return (flags[0], flags[1], flags[2])


def _reconcile(job: LibraryJob, s: Settings, definition: Definition, existing: CollectionInfo | None,
               keys: list[int], smart_uri: str | None, sync: bool, row: ItemRow,
               smart_label: str | None = None) -> None:
    arrange = s.order == 2 and smart_uri is None
    current = _current(job, existing, arrange, bool(s.visible))
    poster_fp = poster_fingerprint(*s.poster, job.base_dir) if s.poster else None
    background_fp = poster_fingerprint(*s.background, job.base_dir) if s.background else None
    media = tuple((kind, poster_fingerprint(*image, job.base_dir)) for kind, image in s.media.items())
    named = {"themes": "file_theme", "squareArts": "file_square_art"}
    for key, fingerprint in (("file_poster", poster_fp), ("file_background", background_fp),
                             *((named[kind], fp) for kind, fp in media)):
        if fingerprint is not None and fingerprint.startswith("file-missing:"):
            raise _fail(definition, f"{key} '{fingerprint.split(':', 1)[1]}' not found (relative paths are "
                                    f"looked up beside config.yml)")
    labels = (MANAGED_LABEL, *[x for x in s.labels if x.lower() != MANAGED_LABEL.lower()])
    labels_remove = tuple(x for x in s.labels_remove if not is_managed([x]))  # the label that makes it ours stays
    wanted = Wanted(title=s.name, items=tuple(keys), smart_uri=smart_uri, sync=sync,
                    minimum=0 if s.blank else s.minimum, create_empty=s.blank,
                    arrange=arrange, labels_add=labels, labels_remove=labels_remove, label_sync=s.label_sync,
                    summary=s.summary, title_sort=s.sort_title, mode=s.mode, sort=s.order, poster=poster_fp,
                    background=background_fp, content_rating=s.content_rating,
                    visibility=_wanted_visibility(job, s, definition, current), filter_user=s.filtering,
                    media=media)
    p = plan(current, wanted)
    row.added, row.removed, row.unchanged = len(p.add), len(p.remove), len(p.keep)
    if smart_uri is None and not keys and not current.exists and not s.blank:
        row.status = "Ignored" if not s.ignore_blank else "Unchanged"
        if not s.ignore_blank:
            row.note = f"{definition.where}: the builders found no items, so the collection was not created"
            log.warning("%s", row.note)
        return
    if smart_uri is None and p.below_minimum:
        row.status = f"Minimum {s.minimum} Not Met"
        row.added = row.removed = 0
        if s.delete_below_minimum and existing is not None:
            delete_collection(job, existing, f"minimum {s.minimum} not met", smart_label is not None)
            row.status = f"Deleted; Minimum {s.minimum} Not Met"
        return
    row.status = _status(p)
    if job.report is not None and job.report.wants(definition.data):
        for kind, changed in (("Added", p.add), ("Removed", p.remove)):
            job.report.add_items(s.name, kind, (job.snapshot.items[k] for k in changed if k in job.snapshot.items))
    if not p.writes:
        if smart_label is not None and current.rating_key is not None and not job.dry_run:
            job.ledger.record_smart_label(job.snapshot.machine_id, current.rating_key, s.name)
        return
    job.changes.plan(job.snapshot.section_title, "Collection", p, job.title_of)
    if job.dry_run:
        return
    shared_title = len(job.snapshot.collection_named(s.name)) > 1
    intent = create_key("collection", job.snapshot.section_id, s.name)
    if p.create:  # on disk before the create: a lost label request or a kill cannot orphan it
        job.ledger.intend_create(job.snapshot.machine_id, intent, s.name)
    rating_key = job.writer.apply(p, current.rating_key, s.poster, shared_title=shared_title,
                                  background=s.background, media=s.media)
    job.ledger.created(job.snapshot.machine_id, intent)  # labelled now (apply labels right after creating)
    collection_changed(job, definition, p, s.poster, s.background)
    if rating_key is not None:
        if smart_label is not None:
            job.ledger.record_smart_label(job.snapshot.machine_id, rating_key, s.name)
        if p.poster and poster_fp:
            job.ledger.record_poster(job.snapshot.machine_id, rating_key, poster_fp)
        if p.background and background_fp:
            job.ledger.record_poster(job.snapshot.machine_id, f"{rating_key}/art", background_fp)
        for kind, fingerprint in media:
            if kind in p.uploads:
                job.ledger.record_poster(job.snapshot.machine_id, f"{rating_key}/{kind}", fingerprint)
        _refresh_snapshot(job, p, existing, rating_key, smart_uri, labels, s)


def _status(p: Plan) -> str:
    if p.create or p.recreate:
        return "Created"
    changed = bool(p.add or p.remove or p.smart_uri)
    if changed and p.metadata_changed:
        return "Modified and Updated Metadata"
    if changed or p.moves:
        return "Modified"
    if p.metadata_changed:
        return "Updated Metadata"
    return "Unchanged"


def _refresh_snapshot(job: LibraryJob, p: Plan, existing: CollectionInfo | None, rating_key: int,
                      smart_uri: str | None, labels: tuple[str, ...], s: Settings) -> None:
    """Keep the snapshot true after our writes, so later definitions (collectionless, collection
    conditions) see this collection's new members."""
    snap = job.snapshot
    for key in p.add:
        snap.add_tag(key, "collection", s.name)
    for key in p.remove:
        snap.remove_tag(key, "collection", s.name)
    if existing is None or p.recreate:
        snap.collections = [c for c in snap.collections if c.title.lower() != s.name.lower() or
                            not is_managed(c.labels)]
        snap.collections.append(CollectionInfo(rating_key, s.name, smart_uri is not None, labels, smart_uri,
                                               title_sort=s.sort_title))
    elif "titleSort" in p.fields:  # plex_collectionless later in the run matches prefixes on sort titles
        snap.collections = [dataclasses.replace(c, title_sort=p.fields["titleSort"])
                            if c.rating_key == rating_key else c for c in snap.collections]


def _label_items(job: LibraryJob, s: Settings, existing: CollectionInfo | None, label: str, keys: list[int],
                 sync: bool, row: ItemRow) -> tuple[int, int] | None:
    """smart_label: the builders' items get the label; in sync mode the others lose it. The add/remove
    and minimum rules are a regular collection's (the labelled items are its members); below the
    minimum nothing changes (None returned, the row says so). Returns (added, removed)."""
    snap = job.snapshot
    low = label.lower()
    has = tuple(rk for rk, item in snap.items.items() if any(t.lower() == low for t in item.tags("label")))
    p = plan(Current(existing.rating_key if existing else None, members=has),
             Wanted(label, tuple(keys), sync=sync, minimum=s.minimum))
    if p.below_minimum:
        row.status, row.added, row.removed = f"Minimum {s.minimum} Not Met", 0, 0
        if s.delete_below_minimum and existing is not None:
            delete_collection(job, existing, f"minimum {s.minimum} not met", True)
            row.status = f"Deleted; Minimum {s.minimum} Not Met"
        return None
    add, remove = p.add, sorted(p.remove)
    where = f'{snap.section_title} | Collection "{label}"'
    for key in add:
        job.changes.say(f"{where}: label + {job.title_of(key)}")
    for key in remove:
        job.changes.say(f"{where}: unlabel - {job.title_of(key)}")
    if not job.dry_run:
        if add:
            job.writer.tag_items(add, "label", label)
        if remove:
            job.writer.tag_items(remove, "label", label, remove=True)
    for key in add:
        snap.add_tag(key, "label", label)
    for key in remove:
        snap.remove_tag(key, "label", label)
    return len(add), len(remove)
