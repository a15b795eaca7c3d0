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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from kometa.config.files import Document
from kometa.config.model import Config, FileRef, LibraryConfig
from kometa.engine.filters import parse_filters
from kometa.engine.report import ItemRow
from kometa.overlays.decide import Decision, decide
from kometa.overlays.model import CANVAS, OverlaySet
from kometa.overlays.parse import load_overlays
from kometa.overlays.sheet import contact_sheet
from kometa.overlays.stack import Placed, stacks
from kometa.overlays.state import OverlayState
from kometa.plex.snapshot import Snapshot
from kometa.sources.builders import Builders
from kometa.sources.conditions import ConditionError

log = logging.getLogger("kometa")

__all__ = ["LibraryOverlays", "contact_sheet", "overlay_file_errors", "plan", "preview_posters", "preview_state",
           "run_overlays", "select"]

Loader = Callable[[FileRef, Path], list[Document]]
UNSUPPORTED_LIBRARY_KEYS = ("reset_overlays",)


@dataclass
class LibraryOverlays:
    overlays: OverlaySet
    stacks: dict[int, list[Placed]]
    canvas: tuple[int, int]


def _library_flag(library: LibraryConfig, key: str) -> bool:
    node = library.node
    return bool(node.get(key)) if node is not None and hasattr(node, "get") else False


def plex_search(server: Any, snapshot: Snapshot) -> Callable[[str], list[int]]:
    """Searches only Plex can answer (``hdr``, ``dovi``, ...), each distinct query asked once per run
    (our defaults ask the same ``hdr=1`` of many definitions)."""
    from kometa.plex.snapshot import list_all, rating_keys

    asked: dict[str, list[int]] = {}

    def search(query: str) -> list[int]:
        if query not in asked:
            asked[query] = rating_keys(list_all(server, f"/library/sections/{snapshot.section_id}/all?{query}"))
        return list(asked[query])

    return search


def select(config: Config, library: LibraryConfig, snapshot: Snapshot, moment: datetime, load: Loader,
           refs: tuple[FileRef, ...] | None = None, server: Any = None,
           sources: dict[str, Any] | None = None) -> LibraryOverlays:
    """Load the library's overlay files and decide every item's stack (pure but for the loading and,
    given ``server``, the searches only Plex can answer; ``sources``: the online builders' sources)."""
    overlays = load_overlays(config, library, load, snapshot.item_type, refs)
    builders = Builders(snapshot, moment, plex_search(server, snapshot) if server is not None else None,
                        **(sources or {}))
    selected: dict[int, list[int]] = {}
    for index, definition in enumerate(list(overlays.definitions)):
        if definition.builder_level is not None and definition.builder_level != snapshot.item_type:
            overlays.errors.append(f"{definition.where}: overlay '{definition.name}': builder_level "
                                   f"{definition.builder_level} is not supported in this version (overlays go on "
                                   f"the library's {snapshot.item_type} posters)")
            continue
        try:
            data = dict(definition.data)
            limit = data.pop("limit", None)
            built = builders.build(definition.name, data)
            if built.smart:
                raise ConditionError("smart builders make no item list; use plex_search or plex_all")
            items = builders.items(built.items)
            filters = parse_filters(data.get("filters"), snapshot.item_type, moment)
            if filters is not None:
                items = filters.apply(items, moment)
            if limit is not None:
                items = items[: int(limit)]
        except (ConditionError, ValueError) as exc:
            overlays.errors.append(f"{definition.where}: overlay '{definition.name}': {exc}")
            continue
        selected[index] = [item.rating_key for item in items]
    return LibraryOverlays(overlays, stacks(overlays, selected), CANVAS.get(snapshot.item_type, (1000, 1500)))


def plan(chosen: LibraryOverlays, library: LibraryConfig, snapshot: Snapshot, state: OverlayState) -> Decision:
    return decide(snapshot.items, chosen.stacks, state, library.mapping_name, chosen.canvas,
                  reapply=_library_flag(library, "reapply_overlays"),
                  remove=_library_flag(library, "remove_overlays"))


def _row_name(message: str) -> str:
    """The summary row of a load error: the overlay's name (``...: overlay 'NAME': ...``), else the file."""
    if ": overlay '" in message:
        return message.split(": overlay '", 1)[1].split("'", 1)[0]
    return "overlay file"


def run_overlays(config: Config, library: LibraryConfig, server: Any, snapshot: Snapshot, moment: datetime,
                 load: Loader, dry_run: bool, say: Callable[[str], None], rows: list[ItemRow],
                 errors: list[str], sources: dict[str, Any] | None = None) -> None:
    from kometa.overlays.apply import PlexPosters, run

    started = time.monotonic()
    for name in UNSUPPORTED_LIBRARY_KEYS:
        if _library_flag(library, name):
            errors.append(f"{library.where}: {name} is not supported in this version (library "
                          f"{library.mapping_name}); use remove_overlays or reapply_overlays")
    chosen = select(config, library, snapshot, moment, load, server=server, sources=sources)
    for message in chosen.overlays.errors:
        log.error("%s", message)
        rows.append(ItemRow(_row_name(message), "overlay", "Validation Error", error=message))
    state = OverlayState(config.directory, writable=not dry_run)
    decision = plan(chosen, library, snapshot, state)
    for warning in decision.warnings:
        log.warning("%s", warning)
    for key in decision.foreign:
        log.warning("%s | '%s' carries the Overlay label but kometa holds no backup of its original; its poster "
                    "is left as it is", snapshot.section_title, snapshot.items[key].title)
    row = ItemRow("overlays", "overlay", "Unchanged", unchanged=len(decision.unchanged))
    where = f"{snapshot.section_title} | Overlays"
    if dry_run:
        for work in decision.render:
            say(f"{where} | poster of '{work.title}': render and upload overlays "
                f"{', '.join(layer.spec.name for layer in work.layers)} ({work.reason})")
        for _, title, _ in decision.restore:
            say(f"{where} | poster of '{title}': restore the original (no overlay applies)")
        row.added, row.removed = len(decision.render), len(decision.restore)
    else:
        posters = PlexPosters(server, snapshot.section_id, snapshot.type_number)
        thumbs = {key: item.get("thumb") for key, item in snapshot.items.items()}
        labelled = {key for key, item in snapshot.items.items() if "overlay" in (t.lower() for t in item.tags("label"))}
        counts = run(decision, posters, state, library.mapping_name, chosen.canvas, thumbs, labelled, say, where)
        row.added, row.removed = counts.uploaded, counts.restored
        row.unchanged += len(counts.refreshed)  # the address moved, the poster is still ours
        row.note = (f"{counts.rendered} rendered, {counts.uploaded} uploaded, {counts.restored} restored, "
                    f"{len(counts.refreshed)} re-checked")
        for message in counts.errors:
            log.error("%s", message)
        if counts.errors:
            row.error = f"{len(counts.errors)} poster(s) failed; first: {counts.errors[0]}"
    if row.added or row.removed:
        row.status = "Modified"
    row.seconds = time.monotonic() - started
    rows.append(row)


def preview_state(config: Config) -> OverlayState:
    """The run's overlay state, read-only (a preview never writes it)."""
    return OverlayState(config.directory, writable=False)


def preview_posters(chosen: LibraryOverlays, library: LibraryConfig, snapshot: Snapshot, server: Any,
                    state: OverlayState, keys: list[int]) -> Iterator[tuple[int, str, bytes | None, str]]:
    """What a run would upload for ``keys``, rendered here and not sent: (key, title, bytes or None,
    a note: where the original came from, or why there is nothing)."""
    from kometa.overlays.apply import PlexPosters
    from kometa.overlays.decide import layers_for
    from kometa.overlays.render import RenderError, RenderJob, has_marker, render

    posters = PlexPosters(server, snapshot.section_id, snapshot.type_number)
    for key in keys:
        item = snapshot.items[key]
        stack = chosen.stacks.get(key)
        if not stack:
            yield key, item.title, None, "no overlay applies"
            continue
        warnings: list[str] = []
        layers = layers_for(item, stack, warnings)
        for warning in warnings:
            log.warning("%s", warning)
        entry = state.get(library.mapping_name, key)
        data = state.original(library.mapping_name, entry) if entry and entry.thumb == item.get("thumb") else None
        source = "original from the backup"
        if data is None:
            data = posters.download(key, item.get("thumb"))
            source = "original: the current poster in Plex"
            if has_marker(data):
                yield key, item.title, None, ("its poster in Plex already carries an overlay mark and there is no "
                                              "backup of the original")
                continue
        try:
            yield key, item.title, render(RenderJob(key, data, chosen.canvas, layers)), source
        except RenderError as exc:
            yield key, item.title, None, str(exc)


def overlay_file_errors(config: Config, load: Loader) -> list[str]:
    """``--validate``: every library's overlay files parsed (no server: templates see the library type
    ``template_variables: {library_type: show}`` names, else a movie library)."""
    errors: list[str] = []
    for library in config.libraries.values():
        if library.overlay_files:
            kind = library.template_variables.get("library_type")
            errors.extend(load_overlays(config, library, load, kind if kind in ("movie", "show") else "movie").errors)
    return errors
