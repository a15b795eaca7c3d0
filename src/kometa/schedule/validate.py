"""Check every schedule in a config before a run: each malformed one is a located ConfigError.

Places (spec 3.6): library ``schedule`` and ``schedule_overlays``; ``schedule`` of every
collection/metadata/image/playlist file block; each operations block; the ``plex`` maintenance keys
(``clean_bundles``, ``empty_trash``, ``optimize``: a boolean or a schedule); and in loaded files
every collection and playlist definition's ``schedule`` and ``visible_library``/``visible_home``/
``visible_shared`` (a boolean-like value or a schedule), also inside ``templates`` (values holding
a ``<<variable>>`` are left to template expansion).

Deliberate differences from Kometa: an overlay file block with its own ``schedule`` is an error
(overlays are all-or-nothing per library; use ``schedule_overlays``), and ``non_existing`` outside a
collection or playlist is a located error instead of an aborted load.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from kometa.config.files import Document
from kometa.config.model import Config, FileRef, Located
from kometa.config.problems import Notice
from kometa.config.yaml_io import file_of, line_of
from kometa.core.errors import ConfigError
from kometa.schedule.combine import AllOf, AnyOf
from kometa.schedule.evaluate import check_level
from kometa.schedule.parse import parse_schedule
from kometa.schedule.rules import Daily, Rule

VISIBLE_KEYS = ("visible_library", "visible_home", "visible_shared")
PLEX_MAINTENANCE = ("clean_bundles", "empty_trash", "optimize")
_TRUE = {"t", "true", "y", "yes"}
_FALSE = {"f", "false", "n", "no"}


def bool_like(value: Any) -> bool | None:
    """Kometa's boolean reading for ``visible_*`` and plex maintenance keys; None = a schedule."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value > 0
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    return None


def find_key(mapping: Mapping[Any, Any], name: str) -> Any:
    """The actual key spelling of ``name`` in ``mapping`` (definition keys are case-insensitive)."""
    for key in mapping:
        if str(key).lower() == name:
            return key
    return None


def located_rule(located: Located, level: str) -> Rule:
    rule = parse_schedule(located.value, file=located.file, line=located.line)
    check_level(rule, level, file=located.file, line=located.line)
    return rule


def node_schedule(node: Mapping[Any, Any], name: str, file: str | None = None) -> Located | None:
    """``node[name]`` (case-insensitive key) with its location, or None when absent/blank."""
    key = find_key(node, name)
    if key is None or node[key] is None:
        return None
    return Located(node[key], file_of(node) or file, line_of(node, key))


def operation_blocks(located: Located | None) -> list[Mapping[Any, Any]]:
    """The operations value as a list of blocks (a mapping or a list of mappings)."""
    if located is None or located.value is None:
        return []
    value = located.value
    if isinstance(value, Mapping):
        return [value]
    if isinstance(value, list):
        blocks = [block for block in value if isinstance(block, Mapping)]
        if len(blocks) != len(value):
            raise ConfigError("operations must be a mapping or a list of mappings", file=located.file,
                              line=located.line)
        return blocks
    raise ConfigError("operations must be a mapping or a list of mappings", file=located.file, line=located.line)


def _file_refs(config: Config) -> Iterator[tuple[str, FileRef]]:
    for library in config.libraries.values():
        for kind in ("collection_files", "metadata_files", "image_files", "overlay_files"):
            for ref in getattr(library, kind):
                yield kind, ref
    for ref in config.playlist_files:
        yield "playlist_files", ref


def definition_schedules(document: Document) -> Iterator[tuple[str, str, Located]]:
    """(level, key, located value) for each schedule-like key of the document's definitions."""
    data = document.data
    if not isinstance(data, Mapping):
        return
    for section, level in (("collections", "collection"), ("playlists", "playlist"), ("templates", "collection")):
        definitions = data.get(section)
        if not isinstance(definitions, Mapping):
            continue
        for definition in definitions.values():
            if not isinstance(definition, Mapping):
                continue
            for key in ("schedule", *VISIBLE_KEYS):
                located = node_schedule(definition, key, document.source)
                if located is None:
                    continue
                if section == "templates" and "<<" in str(located.value):
                    continue
                yield level, key, located


def schedule_places(config: Config, documents: Iterable[Document] = ()) -> Iterator[tuple[str, Located]]:
    """(level, located value) of every schedule the config and its documents hold; an overlay file
    block's own schedule comes as level ``overlay_file`` (an error, see the module's docstring)."""
    for library in config.libraries.values():
        if library.schedule is not None:
            yield "library", library.schedule
        if library.schedule_overlays is not None:
            yield "overlays", library.schedule_overlays
        try:
            blocks = operation_blocks(library.operations)
        except ConfigError:
            blocks = []  # an error of schedule_errors (and operation_errors)
        for block in blocks:
            located = node_schedule(block, "schedule", library.operations.file if library.operations else None)
            if located is not None:
                yield "operations", located
    for kind, ref in _file_refs(config):
        if ref.schedule is not None:
            yield ("overlay_file" if kind == "overlay_files" else "file"), ref.schedule
    plex = config.raw.get("plex") if isinstance(config.raw, Mapping) else None
    if isinstance(plex, Mapping):
        for key in PLEX_MAINTENANCE:
            located = node_schedule(plex, key)
            if located is not None and bool_like(located.value) is None:
                yield "plex", located
    for document in documents:
        for level, key, located in definition_schedules(document):
            if key != "schedule":
                if bool_like(located.value) is not None:
                    continue
                level = "visible"
            yield level, located


def schedule_errors(config: Config, documents: Iterable[Document] = ()) -> list[ConfigError]:
    """Every malformed schedule as a located :class:`ConfigError`, in config order: a bad library
    schedule does not hide its file entries' or definitions' schedule errors."""
    errors: list[ConfigError] = []
    for library in config.libraries.values():
        try:
            operation_blocks(library.operations)
        except ConfigError as error:
            errors.append(error)
    for level, located in schedule_places(config, documents):
        if level == "overlay_file":
            errors.append(ConfigError("overlay files cannot have their own schedule (overlays are all-or-nothing "
                                      "per library); move it to the library as schedule_overlays",
                                      file=located.file, line=located.line))
            continue
        try:
            located_rule(located, level)
        except ConfigError as error:
            errors.append(error)
    return errors


def validate_schedules(config: Config, documents: Iterable[Document] = ()) -> None:
    """Raise the first :class:`ConfigError` (with ``file:line``) for any malformed schedule (a run's
    check; ``--validate`` lists them all with :func:`schedule_errors`)."""
    errors = schedule_errors(config, documents)
    if errors:
        raise errors[0]


def schedule_warnings(config: Config, documents: Iterable[Document] = ()) -> list[Notice]:
    """Located warnings for schedules Kometa reads other than they look: an item that starts with
    ``day``/``daily`` is daily whatever follows (``daily(abc)``, ``days``), so the rest is ignored."""
    notices: list[Notice] = []
    for _level, located in schedule_places(config, documents):
        try:
            rule = parse_schedule(located.value, file=located.file, line=located.line)
        except ConfigError:
            continue  # validate_schedules reports it
        for text in _loose_daily(rule):
            notice = Notice(f"schedule item '{text}' is read as daily (what follows 'daily' is ignored, as "
                            f"Kometa does); write daily", located.file, located.line)
            if notice not in notices:
                notices.append(notice)
    return notices


def _loose_daily(rule: Rule) -> Iterator[str]:
    if isinstance(rule, AllOf | AnyOf):
        for part in rule.rules:
            yield from _loose_daily(part)
    elif isinstance(rule, Daily) and rule.text and rule.text.strip().lower() not in ("daily", "day"):
        yield rule.text.strip()
