"""Check expanded collection/playlist definitions without a server, for ``--validate``.

Each definition goes through the same parsers a run uses: its settings (:func:`parse_settings`),
its builders (:class:`Builders` against an empty library of the right type whose tag lookups accept
any value, so only the *shape* is judged; online builders by the run's own sources asking nothing,
:mod:`kometa.app.validate_sources`), its filters and its schedule, templated values included.
A part this version does not do (a Kometa filter not built) is listed as not done, not as an error.
Titles are checked too: an empty or whitespace-only title, and two definitions of one library that
resolve to the same title, are errors.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from kometa.config.default_origin import relocate_error
from kometa.config.definitions import Definition
from kometa.config.model import Config, LibraryConfig
from kometa.config.problems import Notice, Problems
from kometa.core.errors import ConfigError
from kometa.engine.definition_errors import where_of
from kometa.engine.filters import each_problem, parse_filters
from kometa.engine.item_edits import ItemEditError
from kometa.engine.item_updates import KEYS as ITEM_UPDATE_KEYS
from kometa.engine.item_updates import parse_item_updates
from kometa.engine.settings import (
    SettingError,
    Settings,
    has_builders,
    item_level,
    level_warning,
    parse_settings,
)
from kometa.plex.levels import LevelSnapshot
from kometa.plex.snapshot import Snapshot
from kometa.schedule.evaluate import check_level
from kometa.schedule.parse import parse_schedule
from kometa.sources.builders import Builders
from kometa.sources.conditions import ConditionError
from kometa.sources.search import search_level


class _AnyValue(dict[str, str]):
    """Tag values of a library we cannot see: every value is taken as spelled."""

    def get(self, key: str, default: Any = None) -> str:  # type: ignore[override]
        return key


class _ShapeSnapshot(Snapshot):
    """An empty library of one type, for judging a definition's shape."""

    def tag_values(self, attr: str) -> dict[str, str]:
        return _AnyValue()


def _place(definition: Definition, message: str) -> tuple[str, int]:
    """(file, line) of the key a message starts with, else of the definition."""
    file, _, line = where_of(definition, message).rpartition(":")
    return (file, int(line)) if file and line.isdigit() else (definition.file, definition.line)


def _located(definition: Definition, message: str, not_done: bool = False) -> ConfigError:
    from kometa.config.unbuilt import NotDone

    kind = NotDone if not_done else ConfigError  # a part this version does not do: listed, not an error
    where = where_of(definition, message)
    file, _, line = where.rpartition(":")
    if file and line.isdigit():
        return kind(message, file=file, line=int(line))
    return kind(message, file=definition.file, line=definition.line)


def check_definitions(definitions: Sequence[Definition], settings: Mapping[str, Any], library_type: str | None,
                      problems: Problems, *, kind: str = "collection", now: datetime | None = None,
                      config: Config | None = None, library: LibraryConfig | None = None) -> None:
    """Check each definition; with ``library_type`` None (no server to ask) a definition is valid
    if it is valid for a movie, show or music library, and its errors are reported for the type that
    blames the library type least (a movie one when even).
    ``config`` and ``library`` (None: the playlists') say which service sections online builders
    find (without ``config`` every section is taken as there)."""
    now = now or datetime.now()
    types = (library_type,) if library_type else ("movie", "show", "artist")
    from kometa.app.validate_sources import offline_sources

    builders = {}
    for each in types:  # the run's own sources, asking nothing (app/validate_sources.py)
        snapshot = _ShapeSnapshot(0, "(validate)", each, "validate")
        builders[each] = Builders(snapshot, now, lambda query: [], **offline_sources(config, library, snapshot, now))
    titles: dict[str, Definition] = {}
    for definition in definitions:
        title = definition.title
        if not title.strip():
            problems.error(ConfigError(f"{kind} '{definition.name}' has an empty title; give it a name",
                                       file=definition.file, line=definition.line))
            continue
        if title in titles:
            first = titles[title]
            problems.error(ConfigError(f"{kind} '{definition.name}' has the title '{title}' of '{first.name}' "
                                       f"at {first.where}; two definitions cannot make one {kind}",
                                       file=definition.file, line=definition.line))
        else:
            titles[title] = definition
        results = []
        for each in sorted(types, key=lambda t: not _holds(definition.data, t)):  # a type: search's library first
            found = Problems(collect=True)
            _check_one(definition, settings, kind, builders[each], each, now, found)
            results.append(found)
            if not found.errors:
                break
        chosen = results[-1] if not results[-1].errors else min(results, key=_blames_type)
        for error in chosen.errors:  # a bad value given to one of our defaults: said at the user's line
            problems.error(relocate_error(definition.ref, error))
        problems.warnings.extend(w for w in chosen.warnings if w not in problems.warnings)
        problems.not_done.extend(line for line in chosen.not_done if line not in problems.not_done)


def _blames_type(found: Problems) -> tuple[int, int]:
    """How much a library type is to blame for a definition's errors (fewer first): with no type
    known, the errors of the type where the definition's own mistakes show (``netwrk``) are reported,
    not those of a type whose attributes it does not fit (``'network' is not available``)."""
    typed = sum(1 for error in found.errors if "is not available in" in error.message
                or "libraries only" in error.message)
    return typed, len(found.errors)


def _holds(data: Mapping[str, Any], library_type: str) -> bool:
    """Does a ``library_type`` library hold the items the definition's searches name (``type:``)?"""
    try:
        search_level(data, library_type)
    except ConditionError:
        return False
    return True


def _check_one(definition: Definition, settings: Mapping[str, Any], kind: str, builders: Builders,
               library_type: str, now: datetime, problems: Problems) -> None:
    before = len(problems.errors)
    parsed = _every_setting(definition, settings, kind, problems)
    if parsed is None:
        return
    misspelt = len(problems.errors) > before  # a builder's name may be the key that was wrong
    data = definition.data
    if parsed.not_applied:
        problems.warnings.append(Notice(f"{kind} '{definition.name}': {', '.join(parsed.not_applied)} not "
                                        f"applied by this version", definition.file, definition.line))
    warning = level_warning(parsed) if kind == "collection" else None
    if warning is not None and Notice(warning, *_place(definition, warning)) not in problems.warnings:
        problems.warnings.append(Notice(warning, *_place(definition, warning)))
    schedule = data.get("schedule")
    if schedule is not None:
        where = where_of(definition, "schedule")
        file, _, line = where.rpartition(":")
        try:
            rule = parse_schedule(schedule, file=file or definition.file,
                                  line=int(line) if line.isdigit() else definition.line)
            check_level(rule, kind, file=file or definition.file, line=int(line) if line.isdigit() else None)
        except ConfigError as error:
            problems.error(error)
    try:
        level = (item_level(parsed, library_type) if kind == "collection" else None) \
            or search_level(data, library_type)  # type: episodes: a search of the episodes (playlists too)
    except (ConditionError, SettingError) as exc:  # a wrong level: its filters cannot be judged either
        problems.error(_located(definition, str(exc), getattr(exc, "not_done", False)))
        return
    try:
        if level is not None:  # judged as the run judges it: against the level's (empty) items
            builders = Builders(LevelSnapshot(builders.snapshot, level, {}, {}), now, lambda query: [],
                                builders.tmdb, trakt=builders.trakt, imdb=builders.imdb, mdblist=builders.mdblist,
                                tautulli=builders.tautulli, arr=builders.arr, sources=builders.sources)
        if kind == "collection" and any(k in ITEM_UPDATE_KEYS for k in data):
            parse_item_updates(data, level or library_type)
        built = _of_kind(data, library_type) if kind == "playlist" else data
        if not parsed.blank and (parsed.preroll is None or has_builders(data)) and built is not None:
            builders.build(parsed.name, built)
    except (ConditionError, SettingError, ItemEditError) as exc:
        if not (misspelt and str(exc).startswith("no builder")):
            problems.error(_located(definition, str(exc), getattr(exc, "not_done", False)))
    try:  # the filters are checked even when a builder is wrong
        parse_filters(data.get("filters"), level or library_type, now, default_percent=data.get("default_percent"))
    except ConditionError as exc:  # each bad filter of the block on its own line
        for one in each_problem(exc):
            problems.error(_located(definition, str(one), getattr(one, "not_done", False)))
    except (SettingError, ItemEditError) as exc:
        problems.error(_located(definition, str(exc), getattr(exc, "not_done", False)))


def _every_setting(definition: Definition, settings: Mapping[str, Any], kind: str,
                   problems: Problems) -> Settings | None:
    """The definition's settings read as the run reads them, every bad one reported: the key an
    error names is left out and the rest read again. None once a message names no key."""
    data = dict(definition.data)
    for _ in range(len(data) + 1):
        try:
            return parse_settings(definition.title, data, settings, kind=kind)
        except SettingError as exc:
            problems.error(_located(definition, str(exc)))
            key = _named_key(str(exc), data)
            if key is None:
                break
            del data[key]
    return None


def _named_key(message: str, data: Mapping[Any, Any]) -> Any:
    """The key of ``data`` an error message is about: the one it starts with or quotes (longest first)."""
    for key in sorted(data, key=lambda k: len(str(k)), reverse=True):
        name = str(key)
        if message.startswith((f"{name} ", f"{name}:", f"'{name}'")) or f"'{name}'" in message:
            return key
    return None


def _of_kind(data: Mapping[str, Any], library_type: str) -> Mapping[str, Any] | None:
    """A playlist's builders a library of ``library_type`` runs: over several libraries, or with TMDb
    builders of movies and of shows, each library keeps those of its kind, as in the run (None: none)."""
    from kometa.engine.playlists import _for_kind, _mixed

    libraries = data.get("libraries")
    several = isinstance(libraries, list) and len(libraries) > 1 or isinstance(libraries, str) and "," in libraries
    return _for_kind(data, library_type) if several or _mixed(data) else data
