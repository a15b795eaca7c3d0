"""A library's ``operations:`` as checked data: blocks of operations, each with ``file:line``.

``parse_operations`` reads the raw value (a mapping, or a list of mappings = blocks that can each have
a ``schedule``) plus the old library-level keys Kometa still accepts (``split_duplicates``,
``delete_unmanaged_collections``, ``assets_for_all``, ... directly in the library). Each bad key or
value becomes one located :class:`~kometa.core.errors.ConfigError` in ``errors``; the other
operations still run. A source this version cannot reach (TMDb, IMDb, MDBList, ...) is such an error
naming the service, never a silent skip.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kometa.config.model import Located
from kometa.config.yaml_io import file_of, line_of
from kometa.core.errors import ConfigError
from kometa.operations.sources import (
    ACTIONS,
    CSM_SOURCES,
    PLEX_RATING_IMAGES,
    TMDB_DATES,
    TMDB_OPERATIONS,
    Action,
    Literal,
    PlexRating,
    ServiceLink,
    Source,
    built_link,
    external_service,
)


@dataclass(frozen=True)
class FieldSpec:
    """What a ``mass_*_update`` key edits: the Plex field, its kind and the item level."""

    plex_field: str  # the edit name (rating, audienceRating, contentRating, genre, ...)
    attr: str  # the snapshot attribute holding the current value
    kind: str  # float | text | date | epoch | tags
    level: str = "item"  # item | episode
    plex_sources: tuple[str, ...] = ()


_RATING_SOURCES = tuple(PLEX_RATING_IMAGES)
FIELD_OPS: dict[str, FieldSpec] = {
    "mass_critic_rating_update": FieldSpec("rating", "critic_rating", "float", plex_sources=_RATING_SOURCES),
    "mass_audience_rating_update": FieldSpec("audienceRating", "audience_rating", "float",
                                             plex_sources=_RATING_SOURCES),
    "mass_user_rating_update": FieldSpec("userRating", "user_rating", "float", plex_sources=_RATING_SOURCES),
    "mass_episode_critic_rating_update": FieldSpec("rating", "critic_rating", "float", "episode",
                                                   ("plex_imdb", "plex_tmdb")),
    "mass_episode_audience_rating_update": FieldSpec("audienceRating", "audience_rating", "float", "episode",
                                                     ("plex_imdb", "plex_tmdb")),
    "mass_episode_user_rating_update": FieldSpec("userRating", "user_rating", "float", "episode",
                                                 ("plex_imdb", "plex_tmdb")),
    "mass_content_rating_update": FieldSpec("contentRating", "content_rating", "text"),
    "mass_original_title_update": FieldSpec("originalTitle", "original_title", "text"),
    "mass_studio_update": FieldSpec("studio", "studio", "text"),
    "mass_originally_available_update": FieldSpec("originallyAvailableAt", "release", "date"),
    "mass_added_at_update": FieldSpec("addedAt", "added", "epoch"),
    "mass_genre_update": FieldSpec("genre", "genre", "tags"),
}
BOOL_OPS = {"assets_for_all", "assets_for_all_collections", "remove_title_parentheses", "split_duplicates",
            "update_blank_track_titles", "radarr_add_all_existing", "sonarr_add_all_existing"}
MAPPER_OPS = {"genre_mapper", "content_rating_mapper"}
COLLECTION_MODES = {"default": -1, "hide": 0, "hide_items": 1, "hide items": 1, "show_items": 2, "show items": 2,
                    "showitems": 2, "hideitems": 1}
OTHER_OPS = {"delete_collections", "mass_collection_mode", "metadata_backup",
             "mass_collection_content_rating_update", "mass_poster_update", "mass_background_update",
             "mass_imdb_parental_labels", "radarr_remove_by_tag", "sonarr_remove_by_tag"}
BLOCK_SETTINGS = {"schedule", "ignore_labels", "respect_ignore_ids", "plex_bulk_edit_batch_size"}
#: Kometa's older spellings of delete_collections (in a block or directly in the library); one block's
#: together make one delete_collections (a block's own delete_collections wins over them)
OLD_DELETE_KEYS = ("delete_unmanaged_collections", "delete_collections_with_less")
IMAGE_OPS = ("mass_poster_update", "mass_background_update")
IMAGE_SOURCES = ("tmdb", "plex", "lock", "unlock")
#: keys Kometa renames inside ``operations:`` -> the operation key
ALIASES = {"radarr_add_all": "radarr_add_all_existing", "sonarr_add_all": "sonarr_add_all_existing"}
ARR_OPS = ("radarr_add_all_existing", "sonarr_add_all_existing", "radarr_remove_by_tag", "sonarr_remove_by_tag")
ALL_KEYS = {*FIELD_OPS, *BOOL_OPS, *MAPPER_OPS, *OTHER_OPS, *BLOCK_SETTINGS, *ALIASES, *OLD_DELETE_KEYS}
#: old library-level keys -> (operation key, how the value maps)
OLD_LIBRARY_KEYS = {"split_duplicates", "assets_for_all", "mass_genre_update", "mass_audience_rating_update",
                    "mass_critic_rating_update",
                    "mass_user_rating_update", "mass_content_rating_update", "remove_title_parentheses",
                    "genre_mapper", "radarr_add_all", "sonarr_add_all"}
DEFAULT_BATCH = 100


@dataclass(frozen=True)
class Operation:
    key: str
    value: Any  # FieldOp chain, bool, mapping ... as parsed per key
    file: str | None = None
    line: int | None = None

    @property
    def where(self) -> str:
        return Located(None, self.file, self.line).where


@dataclass
class Block:
    operations: list[Operation] = field(default_factory=list)
    schedule: Located | None = None
    ignore_labels: tuple[str, ...] = ()
    respect_ignore_ids: bool = False
    batch_size: int = DEFAULT_BATCH
    given: dict[str, str] = field(default_factory=dict)  # block settings written in this block -> file:line


@dataclass
class Parsed:
    blocks: list[Block] = field(default_factory=list)
    errors: list[ConfigError] = field(default_factory=list)


def _err(message: str, node: Any, key: Any, file: str | None) -> ConfigError:
    return ConfigError(message, file=file_of(node) or file, line=line_of(node, key))


def _literal(key: str, spec: FieldSpec, raw: Any) -> Any:
    """A literal chain value for ``spec`` or raise ValueError with the reason."""
    if spec.kind == "float":
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise ValueError(f"'{raw}' is neither a source of {key} nor a number 0.0-10.0 (sources: e.g. "
                             f"{', '.join(spec.plex_sources[:3]) or 'tmdb'}, tmdb, imdb, omdb, mdb, trakt_user; "
                             f"or an action: lock, unlock, remove, reset)")
        if not 0 <= float(raw) <= 10:
            raise ValueError(f"rating {raw} is outside 0.0-10.0")
        return round(float(raw), 1)
    if spec.kind in ("date", "epoch"):
        text = raw.isoformat() if isinstance(raw, date) else str(raw)
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(f"'{raw}' is not a source or a YYYY-MM-DD date")
        try:
            date.fromisoformat(text)
        except ValueError as exc:
            raise ValueError(f"'{raw}' is not a real date ({exc})") from None
        return text
    if spec.kind == "tags":
        values = raw if isinstance(raw, list) else [raw]
        if not all(isinstance(v, str | int | float) and str(v).strip() for v in values):
            raise ValueError("a genre list holds non-empty strings")
        return tuple(str(v).strip() for v in values)
    if not isinstance(raw, str | int | float) or isinstance(raw, bool) or not str(raw).strip():
        raise ValueError("expected a source or a non-empty string")
    return str(raw).strip()


def parse_chain(key: str, raw: Any) -> tuple[Source | Action, ...]:
    """A ``mass_*_update`` value as a fallback chain; ValueError names what is wrong."""
    spec = FIELD_OPS[key]
    items = raw if isinstance(raw, list) else [raw]
    if raw is None or items == []:
        raise ValueError("needs a source, a list of sources or a value")
    chain: list[Source | Action] = []
    for entry in items:
        name = str(entry).strip().lower() if isinstance(entry, str) else None
        if name in ACTIONS:
            chain.append(Action(name))
        elif name is not None and name in spec.plex_sources:
            chain.append(PlexRating(name))
        elif name in CSM_SOURCES and key == "mass_content_rating_update":
            chain.append(ServiceLink(name, "Plex"))
        elif name is not None and name.startswith("plex_"):
            choices = ", ".join(spec.plex_sources) or "none"
            raise ValueError(f"'{entry}' is not a Plex source of {key} (Plex sources here: {choices})")
        elif name is not None and (link := built_link(key, spec.kind, spec.level, name)) is not None:
            chain.append(link)
        elif name in TMDB_DATES:
            raise ValueError(f"{entry} is a release date: a source of mass_originally_available_update and "
                             f"mass_added_at_update")
        elif name is not None and (service := external_service(name)) == "TMDb":
            raise ValueError(f"{entry} is not a TMDb source of {key} (tmdb works for "
                             f"{', '.join(sorted(TMDB_OPERATIONS))})")
        elif name is not None and spec.level == "episode" and external_service(name) is not None:
            raise ValueError(f"{entry} gives no episode ratings (episode sources: tmdb, imdb, trakt, plex_imdb, "
                             f"plex_tmdb, a number or an action)")
        elif name is not None and (service := external_service(name)) is not None:
            raise ValueError(f"{entry} is not a {service} source of {key}")
        else:
            chain.append(Literal(str(entry), _literal(key, spec, entry)))
    return tuple(chain)


def ignored_ids(settings: Mapping[str, Any]) -> tuple[frozenset[int], frozenset[str]]:
    """The library's ``ignore_ids`` (TMDb/TVDb ids) and ``ignore_imdb_ids``, for ``respect_ignore_ids``
    (a list or a comma-separated string; values that are not ids are skipped)."""
    def values(raw: Any) -> list[str]:
        items = raw if isinstance(raw, list) else [] if raw is None else str(raw).split(",")
        return [str(v).strip() for v in items if str(v).strip()]

    numbers = frozenset(int(v) for v in values(settings.get("ignore_ids")) if v.isdigit())
    imdb = frozenset(v for v in values(settings.get("ignore_imdb_ids")) if re.fullmatch(r"tt\d+", v))
    return numbers, imdb


def _mapper(raw: Any) -> dict[str, str | None]:
    if not isinstance(raw, Mapping) or not raw:
        raise ValueError("expected a mapping of old value: new value (or old value: null to remove)")
    out: dict[str, str | None] = {}
    for old, new in raw.items():
        if new is not None and (not isinstance(new, str | int | float) or isinstance(new, bool)):
            raise ValueError(f"'{old}': the new value must be a string or null")
        out[str(old)] = None if new is None else str(new)
    return out


def _delete_collections(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, Mapping):
        raise ValueError("expected a mapping with managed, configured, less and/or ignore_empty_smart_collections")
    out: dict[str, Any] = {"managed": None, "configured": None, "less": None, "ignore_empty_smart_collections": True}
    for key, value in raw.items():
        name = str(key)
        if name in ("managed", "configured", "ignore_empty_smart_collections"):
            if not isinstance(value, bool):
                raise ValueError(f"{name} must be true or false")
            out[name] = value
        elif name == "less":
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError("less must be a whole number greater than 0")
            out["less"] = value
        else:
            raise ValueError(f"unknown key '{name}' (use managed, configured, less, ignore_empty_smart_collections)")
    return out


BACKUP_KEYS = ("path", "exclude", "sync_tags", "add_blank_entries")


def _metadata_backup(raw: Any) -> dict[str, Any]:
    """``metadata_backup``: true (the defaults) or a mapping of path, exclude, sync_tags, add_blank_entries."""
    if raw is True or raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise ValueError("expected a mapping with path, exclude, sync_tags and/or add_blank_entries")
    out: dict[str, Any] = {"path": None, "exclude": (), "sync_tags": False, "add_blank_entries": True}
    for key, value in raw.items():
        name = str(key)
        if name not in BACKUP_KEYS:
            raise ValueError(f"unknown key '{name}' (use {', '.join(BACKUP_KEYS)})")
        if name == "path":
            if value is not None and (not isinstance(value, str) or not value.strip()):
                raise ValueError("path must be a file path")
            out["path"] = value.strip() if isinstance(value, str) else None
        elif name == "exclude":
            values = value if isinstance(value, list) else [] if value is None else str(value).split(",")
            out["exclude"] = tuple(str(v).strip().lower() for v in values if str(v).strip())
        else:
            if not isinstance(value, bool):
                raise ValueError(f"{name} must be true or false")
            out[name] = value
    return out


COLLECTION_CONTENT_SOURCES = ("highest", "lowest", "average", "lock", "unlock", "remove", "reset")


def _collection_content(raw: Any) -> dict[str, Any]:
    """``mass_collection_content_rating_update: {source, ranking}``, checked as Kometa checks it
    (Kometa 2.x reads it and applies nothing: see the runner)."""
    if not isinstance(raw, Mapping):
        raise ValueError("expected a mapping with source and ranking")
    unknown = [str(k) for k in raw if str(k) not in ("source", "ranking")]
    if unknown:
        raise ValueError(f"unknown key '{unknown[0]}' (use source, ranking)")
    source = raw.get("source")
    if source is not None and str(source).lower() not in COLLECTION_CONTENT_SOURCES:
        raise ValueError(f"source '{source}' is not one of {', '.join(COLLECTION_CONTENT_SOURCES)}")
    return {"source": None if source is None else str(source).lower(), "ranking": raw.get("ranking")}


@dataclass(frozen=True)
class ImageOp:
    """``mass_poster_update`` / ``mass_background_update`` as Kometa reads it."""

    source: str  # tmdb | plex | lock | unlock
    language: str | None = None
    seasons: bool = True
    episodes: bool = True
    ignore_locked: bool = False
    ignore_overlays: bool = False


def _image_op(raw: Any) -> ImageOp | bool:
    """A mapping of source, language, seasons, episodes, ignore_locked, ignore_overlays (a plain
    source is ``{source: ...}``, as Kometa takes it); ``false`` is off."""
    if raw is False:
        return False
    if isinstance(raw, str):
        raw = {"source": raw}
    if not isinstance(raw, Mapping):
        raise ValueError("expected a mapping with source (tmdb, plex, lock or unlock), language, seasons, episodes, "
                         "ignore_locked, ignore_overlays")
    allowed = ("source", "language", "seasons", "episodes", "ignore_locked", "ignore_overlays")
    for name in raw:
        if str(name) not in allowed:
            raise ValueError(f"unknown key '{name}' (use {', '.join(allowed)})")
    source = str(raw.get("source") or "").strip().lower()
    if source not in IMAGE_SOURCES:
        raise ValueError(f"source '{raw.get('source')}' is not one of {', '.join(IMAGE_SOURCES)}")
    language = raw.get("language")
    if language is not None and (not isinstance(language, str) or not re.fullmatch(r"[a-zA-Z]{2}", language.strip())):
        raise ValueError(f"language '{language}' is not an ISO 639-1 code (en, de, xx for textless)")
    flags: dict[str, bool] = {}
    for name, default in (("seasons", True), ("episodes", True), ("ignore_locked", False), ("ignore_overlays", False)):
        value = raw.get(name, default)
        if value is None:
            value = default
        if not isinstance(value, bool):
            raise ValueError(f"{name} must be true or false")
        flags[name] = value
    return ImageOp(source, language.strip().lower() if isinstance(language, str) else None, **flags)


def _operation(key: str, raw: Any) -> Any:
    """The parsed value of one operation key; ValueError says what is wrong."""
    if key in FIELD_OPS:
        return parse_chain(key, raw)
    if key in BOOL_OPS:
        if not isinstance(raw, bool):
            raise ValueError("expected true or false")
        return raw
    if key in MAPPER_OPS:
        return _mapper(raw)
    if key == "delete_collections":
        return _delete_collections(raw)
    if key == "metadata_backup":
        return _metadata_backup(raw)
    if key == "mass_collection_content_rating_update":
        return _collection_content(raw)
    if key in ("radarr_remove_by_tag", "sonarr_remove_by_tag"):
        tags = raw if isinstance(raw, list) else [] if raw is None else str(raw).split(",")
        if not all(isinstance(t, str | int) and not isinstance(t, bool) for t in tags):
            raise ValueError("expected a list or a comma-separated string of tags")
        return tuple(str(t).strip() for t in tags if str(t).strip())
    if key in IMAGE_OPS:
        return _image_op(raw)
    if key == "mass_imdb_parental_labels":
        from kometa.operations.parental import parse_level
        return parse_level(raw)
    if key == "mass_collection_mode":
        mode = COLLECTION_MODES.get(str(raw).strip().lower())
        if mode is None:
            raise ValueError(f"'{raw}' is not a collection mode (default, hide, hide_items, show_items)")
        return mode
    raise ValueError("unknown operation")  # pragma: no cover - ALL_KEYS guards


def _block(node: Mapping[Any, Any], file: str | None, parsed: Parsed) -> Block:
    block = Block()
    for key, raw in node.items():
        name = str(key)
        try:
            if name == "schedule":
                block.schedule = Located(raw, file_of(node) or file, line_of(node, key))
            elif name == "ignore_labels":
                labels = raw if isinstance(raw, list) else [raw]
                block.ignore_labels = tuple(str(x) for x in labels if x is not None)
                block.given[name] = Located(None, file_of(node) or file, line_of(node, key)).where
            elif name == "respect_ignore_ids":
                if not isinstance(raw, bool):
                    raise ValueError("expected true or false")
                block.respect_ignore_ids = raw
                block.given[name] = Located(None, file_of(node) or file, line_of(node, key)).where
            elif name == "plex_bulk_edit_batch_size":
                if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
                    raise ValueError("expected a whole number greater than 0")
                block.batch_size = raw
                block.given[name] = Located(None, file_of(node) or file, line_of(node, key)).where
            elif name not in ALL_KEYS:
                close = difflib.get_close_matches(name, sorted(ALL_KEYS), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                raise ValueError(f"unknown operation{hint}")
            elif name in OLD_DELETE_KEYS:
                continue
            else:
                target = ALIASES.get(name, name)
                block.operations.append(Operation(target, _operation(target, raw), file_of(node) or file,
                                                  line_of(node, key)))
        except ValueError as exc:
            parsed.errors.append(_err(f"{name}: {exc}", node, key, file))
    if "delete_collections" not in node:
        old = _old_delete(node, file, parsed)
        if old is not None:
            block.operations.append(old)
    return block


#: block settings -> the Block attribute holding them
SHARED_SETTINGS = {"ignore_labels": "ignore_labels", "respect_ignore_ids": "respect_ignore_ids",
                   "plex_bulk_edit_batch_size": "batch_size"}


def shared_settings(blocks: list[Block]) -> tuple[list[Block], list[str]]:
    """The blocks that run, each with the library's block settings, as Kometa reads them: ``ignore_labels``,
    ``respect_ignore_ids`` and ``plex_bulk_edit_batch_size`` apply to every block of the library, from the
    first block (of those that run) that writes them; a later block's other value is skipped (the
    returned warnings say where)."""
    from dataclasses import replace

    first: dict[str, Block] = {}
    warnings: list[str] = []
    for block in blocks:
        for name, where in block.given.items():
            if name not in first:
                first[name] = block
            else:
                warnings.append(f"{where}: {name}: already set ({first[name].given[name]}); this one is skipped")
    values = {SHARED_SETTINGS[name]: getattr(block, SHARED_SETTINGS[name]) for name, block in first.items()}
    return [replace(block, **values) for block in blocks], warnings


def _old_delete(node: Mapping[Any, Any], file: str | None, parsed: Parsed) -> Operation | None:
    """``delete_unmanaged_collections: true`` (= ``managed: false``) and ``delete_collections_with_less:
    N`` (= ``less: N``) of one block or library, as one ``delete_collections``."""
    criteria: dict[str, Any] = {}
    first = None
    for key in OLD_DELETE_KEYS:
        if key not in node:
            continue
        first = first or key
        value = node[key]
        if key == "delete_unmanaged_collections":
            if not isinstance(value, bool):
                parsed.errors.append(_err(f"{key}: expected true or false", node, key, file))
            elif value:
                criteria["managed"] = False
        else:
            criteria["less"] = value
    if not criteria or first is None:
        return None
    try:
        return Operation("delete_collections", _delete_collections(criteria), file_of(node) or file,
                         line_of(node, first))
    except ValueError as exc:
        parsed.errors.append(_err(f"delete_collections_with_less: {exc}", node, "delete_collections_with_less", file))
        return None


def _old_keys(library_node: Any) -> dict[str, Any]:
    """Library-level operation keys of older configs, as operation keys of one extra block."""
    out: dict[str, Any] = {}
    if not isinstance(library_node, Mapping):
        return out
    for key, value in library_node.items():
        if key in OLD_DELETE_KEYS:
            continue  # see _old_delete
        if key in ("radarr_add_all", "sonarr_add_all"):
            out[f"{key[:6]}_add_all_existing"] = value
        elif key in OLD_LIBRARY_KEYS:
            out[key] = value
    return out


def parse_operations(located: Located | None, library_node: Any = None) -> Parsed:
    """Every operation block of a library (old library-level keys become one more block)."""
    parsed = Parsed()
    value = located.value if located is not None else None
    file = located.file if located is not None else None
    nodes: list[Any] = [] if value is None else [value] if isinstance(value, Mapping) else value \
        if isinstance(value, list) else None  # type: ignore[assignment]
    if nodes is None or not all(isinstance(n, Mapping) for n in nodes):
        line = located.line if located is not None else None
        parsed.errors.append(ConfigError("operations must be a mapping or a list of mappings", file=file, line=line))
        nodes = [n for n in (nodes or []) if isinstance(n, Mapping)]
    for node in nodes:
        parsed.blocks.append(_block(node, file, parsed))
    old = _old_keys(library_node)
    deleting = _old_delete(library_node, None, parsed) if isinstance(library_node, Mapping) else None
    if old or deleting is not None:
        block = Block()
        for key, raw in old.items():
            try:
                block.operations.append(Operation(key, _operation(key, raw), file_of(library_node),
                                                  line_of(library_node, key)))
            except ValueError as exc:
                parsed.errors.append(_err(f"{key}: {exc}", library_node, key, None))
        if deleting is not None:
            block.operations.append(deleting)
        parsed.blocks.append(block)
    return parsed
