"""The overlays part of a library (run_order's ``overlays``): load, select, decide, then apply or print.

Selection reuses what collections use (builders and ``filters`` against the snapshot), so an
overlay definition picks items exactly as a collection definition with the same keys would. The
rest lives in :mod:`kometa.overlays`: stacks, decision, rendering, state. The run summary gets
one ``overlays`` row per library (rendered +, unchanged =, restored -) and one row per overlay
definition that failed to load.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from kometa.clients.policy import ServiceError
from kometa.config.files import Document
from kometa.config.model import Config, FileRef, LibraryConfig
from kometa.config.yaml_io import line_of
from kometa.engine.filters import Streams, parse_filters
from kometa.engine.report import ItemRow
from kometa.engine.run_listings import log_filter_lines
from kometa.engine.tmdb_filters import TmdbItemDetails
from kometa.overlays.decide import Decision, decide, display, missing_lines
from kometa.overlays.model import CANVAS, OverlaySet
from kometa.overlays.parse import load_overlays
from kometa.overlays.render import Output
from kometa.overlays.reset import Base, parse_reset
from kometa.overlays.sheet import contact_sheet
from kometa.overlays.stack import Placed, stacks
from kometa.overlays.state import OverlayState
from kometa.plex.snapshot import Snapshot
from kometa.sources.builders import Builders
from kometa.sources.conditions import ConditionError

log = logging.getLogger("kometa")

__all__ = ["LevelOverlays", "LibraryOverlays", "level_reader", "contact_sheet", "overlay_file_errors", "plan", "preview_posters", "preview_state",
           "run_overlays", "select"]

Loader = Callable[[FileRef, Path], list[Document]]
#: the levels below a library's own items that take overlays (builder_level), by library type
SUB_LEVELS = {"show": ("season", "episode"), "artist": ("album", "track")}
LIBRARY_KINDS = {"artist": "music", "show": "show", "movie": "movie"}
FILETYPE_NAMES = {"webp": "webp_lossy"}  # Kometa's reading of overlay_artwork_filetype: webp


@dataclass
class LevelOverlays:
    """The overlays of one level of a library: its items' listing, their stacks, the canvas."""

    level: str  # "" the library's own items (movies, shows); "season" / "episode" (builder_level)
    snapshot: Snapshot
    stacks: dict[int, list[Placed]]
    canvas: tuple[int, int]


@dataclass
class LibraryOverlays:
    overlays: OverlaySet
    levels: list[LevelOverlays]

    @property
    def stacks(self) -> dict[int, list[Placed]]:
        """Every item's stack, of every level (rating keys are unique across levels)."""
        return {key: stack for level in self.levels for key, stack in level.stacks.items()}

    def level_of(self, rating_key: int) -> LevelOverlays | None:
        return next((lv for lv in self.levels if rating_key in lv.snapshot.items), None)


#: reads the seasons or episodes of the library (one listing each); None: no server (no levels)
LevelReader = Callable[[str], Snapshot]


def _library_value(library: LibraryConfig, key: str) -> Any:
    """A library's overlay flag: from the library, else an old-style ``overlay_files`` entry."""
    node = library.node
    if node is not None and hasattr(node, "get") and node.get(key) is not None:
        return node.get(key)
    return library.overlay_flags.get(key)


def _library_flag(library: LibraryConfig, key: str) -> bool:
    return bool(_library_value(library, key))


def level_reader(server: Any, snapshot: Snapshot) -> LevelReader:
    """Season/episode listings of ``snapshot``'s section, each read once (on first use)."""
    from kometa.plex.levels import level_view

    def read(level: str) -> Snapshot:
        fresh = level not in snapshot.levels
        view = level_view(server, snapshot, level)  # one listing per level per run, shared with collections
        if fresh:
            log.info("Library %s: %d %ss read for overlays", snapshot.section_title, len(view.items), level)
        return view

    return read


def _remote(server: Any, section_id: int) -> Callable[[str], list[int]]:
    """Searches only Plex can answer (``hdr``, ``dovi``, languages, ...), each distinct query asked
    once per run (our defaults ask the same ``hdr=1`` of many definitions), never per item."""
    from kometa.plex.snapshot import list_all, rating_keys

    asked: dict[str, list[int]] = {}

    def search(query: str) -> list[int]:
        if query not in asked:
            asked[query] = rating_keys(list_all(server, f"/library/sections/{section_id}/all?{query}"))
        return list(asked[query])

    return search


def _streams(server: Any, snapshot: Snapshot, search: Callable[[str], list[int]]) -> Streams:
    """Each item's audio (subtitle) languages for the ``audio_language``/``subtitle_language``
    filters: the section's languages as Plex lists them (one request), then one search per
    language (shared with the languages default's searches), never a request per item. At a
    season/episode level (``builder_level``) the searches ask for seasons or episodes
    (``type=3``/``4``, ``episode.audioLanguage``): a season has its episodes' languages, as Plex answers."""
    from urllib.parse import quote

    from kometa.plex.snapshot import read_choices

    fields = {"audio_language": "audioLanguage", "subtitle_language": "subtitleLanguage"}
    found: dict[str, dict[int, tuple[str, ...]]] = {}
    # (a show library's season/episode searches name the episodes' field: episode.audioLanguage)
    of_level = f"type={snapshot.type_number}&episode." if snapshot.level is not None else ""

    def lend(name: str) -> dict[int, tuple[str, ...]]:
        if name not in found:
            per: dict[int, list[str]] = {}
            for key, title in read_choices(server, snapshot.section_id, fields[name]).items():
                for rating_key in search(f"{of_level}{fields[name]}={quote(key)}"):
                    per.setdefault(rating_key, []).append(title)
            found[name] = {k: tuple(v) for k, v in per.items()}
        return found[name]

    return lend


def _select_level(overlays: OverlaySet, indexes: list[int], snapshot: Snapshot, moment: datetime,
                  selected: dict[int, list[int]], server: Any, sources: dict[str, Any],
                  settings: Mapping[str, Any] | None = None) -> None:
    """Each definition's items; with ``show_filtered`` / ``show_unfiltered`` (the library's or the
    global settings: an overlay definition cannot set them, as in Kometa) the items its filters drop /
    keep are logged, one line each, as for collections."""
    from kometa.plex.credits import credits_reader

    remote = _remote(server, snapshot.section_id) if server is not None else None
    streams = _streams(server, snapshot, remote) if remote is not None else None
    builders = Builders(snapshot, moment, remote, **sources)
    details = TmdbItemDetails(sources["tmdb"]) if sources.get("tmdb") is not None else None  # TMDb filters
    for index in indexes:
        definition = overlays.definitions[index]
        try:
            data = dict(definition.data)
            limit = data.pop("limit", None)
            built = builders.build(definition.name, data)
            if built.smart:
                raise ConditionError("smart builders make no item list; use plex_search or plex_all")
            items = builders.items(built.items)
            filters = parse_filters(data.get("filters"), snapshot.item_type, moment)
            if filters is not None:
                before = items
                items = filters.apply(items, moment, tmdb=details if filters.tmdb else None, streams=streams,
                                      credits=credits_reader(server) if server is not None else None)
                titles = {item.rating_key: item.title for item in before}
                log_filter_lines(f"{snapshot.section_title} | Overlay {definition.name}", {}, settings or {},
                                 list(titles), [item.rating_key for item in items], titles.__getitem__)
            if limit is not None:
                items = items[: int(limit)]
        except (ConditionError, ValueError, ServiceError) as exc:
            overlays.errors.append(f"{definition.where}: overlay '{definition.name}': {exc}")
            continue
        selected[index] = [item.rating_key for item in items]


def select(config: Config, library: LibraryConfig, snapshot: Snapshot, moment: datetime, load: Loader,
           refs: tuple[FileRef, ...] | None = None, levels: LevelReader | None = None,
           keep: Iterable[str] = (), server: Any = None, sources: dict[str, Any] | None = None) -> LibraryOverlays:
    """Load the library's overlay files and decide every item's stack, per level (pure but for the
    loading). A season/episode level is read (one listing, through ``levels``) only when a definition
    asks for it or ``keep`` names it (we hold posters of that level to restore). ``server``: Plex for
    searches the listing cannot answer (hdr, languages, ...); ``sources``: the library's online
    builder sources (TMDb, IMDb, Trakt, MDBList, ...: they select the library's own items; at a season or
    episode level a show they find stands for its seasons or episodes, an IMDb episode id for that episode)."""
    overlays = load_overlays(config, library, load, snapshot.item_type, refs)
    wanted: dict[str, list[int]] = {"": []}
    below = SUB_LEVELS.get(snapshot.item_type, ())
    for index, definition in enumerate(overlays.definitions):
        level = definition.builder_level or ""
        if level in ("show", snapshot.item_type):  # the library's own items (show: as before, in any library)
            level = ""
        if level and level not in below:
            kind = next((k for k, v in SUB_LEVELS.items() if level in v or level == k), "")
            overlays.errors.append(f"{definition.where}: overlay '{definition.name}': builder_level {level} "
                                   f"needs a {LIBRARY_KINDS.get(kind, kind)} library ({snapshot.section_title} is a "
                                   f"{LIBRARY_KINDS.get(snapshot.item_type, snapshot.item_type)} library)")
            continue
        if level and levels is None:
            overlays.errors.append(f"{definition.where}: overlay '{definition.name}': builder_level {level} "
                                   f"needs the Plex server to list the {level}s")
            continue
        wanted.setdefault(level, []).append(index)
    if levels is not None and below:
        for level in keep:
            wanted.setdefault(level, [])
    selected: dict[int, list[int]] = {}
    found: list[LevelOverlays] = []
    for level, indexes in wanted.items():
        level_snapshot = snapshot if not level else levels(level)  # type: ignore[misc]
        _select_level(overlays, indexes, level_snapshot, moment, selected, server, sources or {}, library.settings)
        chosen = {key: keys for key, keys in selected.items() if key in indexes}
        canvas = CANVAS.get(level or snapshot.item_type, (1000, 1500))
        found.append(LevelOverlays(level, level_snapshot, stacks(overlays, chosen), canvas))
    return LibraryOverlays(overlays, found)


def plan(chosen: LevelOverlays, library: LibraryConfig, state: OverlayState,
         bases: dict[int, Base] | None = None, extra: dict[int, dict[str, Any]] | None = None,
         only: frozenset[int] | None = None) -> Decision:
    return decide(chosen.snapshot.items, chosen.stacks, state, library.mapping_name, chosen.canvas,
                  reapply=_library_flag(library, "reapply_overlays"),
                  remove=_library_flag(library, "remove_overlays"), level=chosen.level, bases=bases, extra=extra,
                  only=only)


def _scope(chosen: LibraryOverlays, only: frozenset[int] | None, title: str) -> frozenset[int] | None:
    """An event's items, when overlays may decide for them alone: not when an overlay ranks items
    (``limit``: one item entering moves another out) or a season/episode level is involved."""
    if only is None:
        return None
    if any(d.data.get("limit") is not None for d in chosen.overlays.definitions) or \
            any(level.level for level in chosen.levels):
        log.info("Scoped run: overlays of %s run whole (an overlay with limit, or season/episode overlays)", title)
        return None
    log.info("Scoped run: overlays of %s decided for %d item(s)", title, len(only))
    return only


def _row_name(message: str) -> str:
    """The summary row of a load error: the overlay's name (``...: overlay 'NAME': ...``), else the file."""
    if ": overlay '" in message:
        return message.split(": overlay '", 1)[1].split("'", 1)[0]
    return "overlay file"


def _level_row(chosen: LevelOverlays, decision: Decision, library: LibraryConfig, server: Any, state: OverlayState,
               dry_run: bool, say: Callable[[str], None], row: ItemRow, failures: list[str]) -> list[int]:
    """Carry out one level's decision (or print it, dry run); adds its counts to ``row``; returns
    [rendered, uploaded, restored, re-checked]."""
    from kometa.overlays.apply import PlexPosters, run

    snapshot = chosen.snapshot
    row.unchanged += len(decision.unchanged)
    where = f"{snapshot.section_title} | Overlays"
    if dry_run:
        for work in decision.render:
            say(f"{where} | poster of '{work.title}': render and upload overlays "
                f"{', '.join(layer.spec.name for layer in work.layers)} ({work.reason})")
        for _, title, _ in decision.restore:
            say(f"{where} | poster of '{title}': restore the original (no overlay applies)")
        for _, title, base in decision.reset:
            say(f"{where} | poster of '{title}': reset to its {base.source.split(':', 1)[0]} poster (no overlay "
                f"applies)")
        row.added += len(decision.render)
        row.removed += len(decision.restore) + len(decision.reset)
        return [0, 0, 0, 0]
    posters = PlexPosters(server, snapshot.section_id, snapshot.type_number)
    thumbs = {key: item.get("thumb") for key, item in snapshot.items.items()}
    labelled = {key for key, item in snapshot.items.items() if "overlay" in (t.lower() for t in item.tags("label"))}
    counts = run(decision, posters, state, library.mapping_name, chosen.canvas, thumbs, labelled, say, where,
                 chosen.level, artwork(library))
    row.added += counts.uploaded
    row.removed += counts.restored
    row.unchanged += len(counts.refreshed)  # the address moved, the poster is still ours
    failures.extend(counts.errors)
    return [counts.rendered, counts.uploaded, counts.restored, len(counts.refreshed)]


def artwork(library: LibraryConfig) -> Output:
    """How overlaid posters are saved: the library's (else the top-level) ``overlay_artwork_filetype``
    and ``overlay_artwork_quality``. Unset, a poster keeps its original's format and quality (Kometa
    writes lossy WebP then); as in Kometa, a change applies to posters rendered after it and does
    not by itself re-render any."""
    filetype = library.settings.get("overlay_artwork_filetype")
    quality = library.settings.get("overlay_artwork_quality")
    return Output(FILETYPE_NAMES.get(filetype, filetype) if filetype else None, quality)


def _reset_problem(library: LibraryConfig) -> str | None:
    """``file:line: ...`` when the library's reset_overlays value is not plex/tmdb (or a list of them)."""
    try:
        parse_reset(_library_value(library, "reset_overlays"))
    except ValueError as exc:
        node = library.node
        line = line_of(node, "reset_overlays") if node is not None and "reset_overlays" in node else None
        return f"{library.file}:{line if line else library.line}: {exc}"
    return None


def _reset_order(library: LibraryConfig, rows: list[ItemRow]) -> tuple[str, ...]:
    message = _reset_problem(library)
    if message is None:
        return parse_reset(_library_value(library, "reset_overlays"))
    log.error("%s", message)
    rows.append(ItemRow("reset_overlays", "overlay", "Validation Error", error=message))
    return ()


def run_overlays(config: Config, library: LibraryConfig, server: Any, snapshot: Snapshot, moment: datetime,
                 load: Loader, dry_run: bool, say: Callable[[str], None], rows: list[ItemRow],
                 errors: list[str], online: Any = None, sources: dict[str, Any] | None = None,
                 only: frozenset[int] | None = None) -> None:
    """``online``: the run's engine.online.OnlineServices (TMDb and MDBList for text variables and
    reset_overlays: tmdb); ``sources``: the library's online builder sources (engine.process);
    ``only``: an event's items (kometa.events.item_scope): decide for them alone where that gives
    what a full run gives them."""
    from kometa.engine.overlay_assets import asset_bases, asset_posters
    from kometa.engine.overlay_reset import find_bases, finder
    from kometa.engine.overlay_text import episode_totals, online_values

    started = time.monotonic()
    reset = _reset_order(library, rows)
    state = OverlayState(config.directory, writable=not dry_run)
    read = level_reader(server, snapshot)
    chosen = select(config, library, snapshot, moment, load, levels=read, keep=state.levels(library.mapping_name),
                    server=server, sources=sources)
    for message in chosen.overlays.errors:
        log.error("%s", message)
        rows.append(ItemRow(_row_name(message), "overlay", "Validation Error", error=message))
    only = _scope(chosen, only, snapshot.section_title)
    remove = _library_flag(library, "remove_overlays")
    extra, problems = online_values(chosen.levels, snapshot, online) if not remove else ({}, [])
    if not remove:
        episode_totals(chosen.levels, read, extra)
    for problem in problems:
        message = f"{library.where}: {problem}"
        log.error("%s", message)
        rows.append(ItemRow("overlay text", "overlay", "Failed", error=message))
    row = ItemRow("overlays", "overlay", "Unchanged")
    totals = [0, 0, 0, 0]
    failures: list[str] = []
    find = finder(reset, server, snapshot, online) if reset and not remove else None
    assets = asset_posters(library, config.directory, server, snapshot) if not remove else {}
    for level in chosen.levels:
        ours = set(state.keys(library.mapping_name, level.level))
        # items that get overlays, and items another tool overlaid that get none now (their asset goes back)
        bases = asset_bases(assets, [key for key, item in level.snapshot.items.items() if (only is None or key in only)
                                     and (key in level.stacks or (key not in ours and item.get("has_overlay")))])
        if find is not None:
            found, problems = find_bases(find, {k: v for k, v in level.snapshot.items.items()
                                                if (only is None or k in only) and k not in bases},
                                         level.stacks, level.level,
                                         lambda text: log.warning("%s | %s", snapshot.section_title, text),
                                         set(state.keys(library.mapping_name, level.level)))
            bases = {**found, **bases}  # an asset poster wins over reset_overlays, as in Kometa
            for problem in problems:
                message = f"{library.where}: {problem}"
                log.error("%s", message)
                rows.append(ItemRow("reset_overlays", "overlay", "Failed", error=message))
        decision = plan(level, library, state, bases, extra, only)
        for warning in [*decision.warnings, *missing_lines(decision.missing)]:
            log.warning("%s", warning)
        for key in decision.foreign:
            log.warning("%s | '%s' carries the Overlay label but kometa holds no backup of its original; its "
                        "poster is left as it is", snapshot.section_title, display(level.snapshot.items[key]))
        done = _level_row(level, decision, library, server, state, dry_run, say, row, failures)
        totals = [t + d for t, d in zip(totals, done, strict=True)]
    if not dry_run:
        row.note = (f"{totals[0]} rendered, {totals[1]} uploaded, {totals[2]} restored, {totals[3]} re-checked")
        for message in failures:
            log.error("%s", message)
        if failures:
            row.error = f"{len(failures)} poster(s) failed; first: {failures[0]}"
    if row.added or row.removed:
        row.status = "Modified"
    row.seconds = time.monotonic() - started
    rows.append(row)


def preview_state(config: Config) -> OverlayState:
    """The run's overlay state, read-only (a preview never writes it)."""
    return OverlayState(config.directory, writable=False)


def preview_posters(chosen: LibraryOverlays, library: LibraryConfig, server: Any, state: OverlayState,
                    keys: list[int], extra: dict[int, dict[str, Any]] | None = None,
                    bases: dict[int, Base] | None = None) -> Iterator[tuple[int, str, bytes | None, str]]:
    """What a run would upload for ``keys`` (of any level), rendered here and not sent: (key, title,
    bytes or None, a note: where the original came from, or why there is nothing); ``extra``: the
    service values of text variables (:func:`kometa.engine.overlay_text.online_values`); ``bases``:
    the items' base posters (:func:`preview_bases`: asset posters, reset_overlays), which win as in a run."""
    from kometa.overlays.apply import PlexPosters
    from kometa.overlays.decide import layers_for
    from kometa.overlays.render import RenderError, RenderJob, has_marker, render

    for key in keys:
        level = chosen.level_of(key)
        if level is None:
            yield key, str(key), None, "no such item"
            continue
        item = level.snapshot.items[key]
        title = display(item)
        stack = level.stacks.get(key)
        if not stack:
            yield key, title, None, "no overlay applies"
            continue
        missing: dict[str, list[str]] = {}
        layers = layers_for(item, stack, missing, extra.get(key) if extra else None)
        for warning in missing_lines(missing):
            log.warning("%s", warning)
        entry = state.get(library.mapping_name, key)
        data = state.original(library.mapping_name, entry) if entry and entry.thumb == item.get("thumb") else None
        source = "original from the backup"
        posters = PlexPosters(server, level.snapshot.section_id, level.snapshot.type_number)
        base = bases.get(key) if bases else None
        if base is not None and (entry is None or entry.source != base.source or data is None):
            data, source = posters.fetch(base.url), f"original: its {base.source.split(':', 1)[0]} poster"
            if has_marker(data):
                yield key, title, None, f"its {base.source.split(':', 1)[0]} poster carries an overlay mark"
                continue
        if data is None:
            data = posters.download(key, item.get("thumb"))
            source = "original: the current poster in Plex"
            if has_marker(data):
                yield key, title, None, ("its poster in Plex already carries an overlay mark and there is no "
                                         "backup of the original")
                continue
        try:
            yield key, title, render(RenderJob(key, data, level.canvas, layers, artwork(library))), source
        except RenderError as exc:
            yield key, title, None, str(exc)


def preview_bases(chosen: LibraryOverlays, library: LibraryConfig, config: Config, server: Any, snapshot: Snapshot,
                  state: OverlayState, online: Any, keys: list[int]) -> dict[int, Base]:
    """The base posters a run would take for ``keys``: asset posters, then reset_overlays' bases
    (problems are warnings here: a preview writes nothing)."""
    from kometa.engine.overlay_assets import asset_bases, asset_posters
    from kometa.engine.overlay_reset import find_bases, finder

    wanted = set(keys)
    bases = asset_bases(asset_posters(library, config.directory, server, snapshot), keys)
    reset = _reset_order(library, [])
    if reset:
        find = finder(reset, server, snapshot, online)
        for level in chosen.levels:
            items = {k: v for k, v in level.snapshot.items.items() if k in wanted and k not in bases}
            found, problems = find_bases(find, items, level.stacks, level.level, log.warning,
                                         set(state.keys(library.mapping_name, level.level)))
            for problem in problems:
                log.warning("%s: %s", library.where, problem)
            bases.update({k: v for k, v in found.items() if k not in bases})
    return bases


def overlay_file_errors(config: Config, load: Loader) -> list[str]:
    """``--validate``: every library's overlay files parsed. Without a server the library's type is
    the one ``template_variables: {library_type: show}`` names, else unknown: each default is then
    read as a library of the first type it supports (a show-only default is no error), and the
    user's own files see ``<<library_type>>`` as ``movie``."""
    errors: list[str] = []
    for library in config.libraries.values():
        if library.overlay_files:
            kind = library.template_variables.get("library_type")
            known = str(kind) if kind in ("movie", "show", "artist") else None
            errors.extend(load_overlays(config, library, load, known, type_placeholder="movie").errors)
            problem = _reset_problem(library)
            if problem is not None:
                errors.append(problem)
    return errors
