"""The non-builder keys of a collection or playlist definition, checked and typed (spec 4.2).

Library ``settings`` give the defaults (``sync_mode``, ``minimum_items``, ``delete_below_minimum``,
``delete_not_scheduled``, ``default_collection_order``); a definition's own keys win.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kometa.config.arr_options import DEFINITION_KEYS, ITEM_TAG_KEYS
from kometa.defaults import posters
from kometa.engine.ignore_ids import IgnoreIdsError, parse_ignored
from kometa.engine.item_updates import KEYS as ITEM_UPDATE_KEYS
from kometa.plex.levels import LEVELS
from kometa.sources.attributes import where_type
from kometa.sources.conditions import ConditionError
from kometa.sources.registry import BUILDERS, ONLINE_BUILDERS, SEARCH_SHORTCUTS
from kometa.sources.sorting import SortKey, parse_sort

SETTINGS = frozenset({
    "name", "collection_name", "playlist_name", "sync_mode", "collection_order", "collection_mode",
    "minimum_items", "collection_minimum", "playlist_minimum", "delete_below_minimum", "build_collection",
    "test", "schedule", "delete_not_scheduled", "summary", "sort_title", "label", "label.remove",
    "label.sync", "url_poster", "file_poster", "url_background", "file_background", "url_theme", "file_theme",
    "url_square_art", "file_square_art", "content_rating", "visible_library", "visible_home", "visible_shared",
    "filters", "limit", "ignore_blank_results", "take_ownership", "libraries", "delete_playlist",
    "validate_builders", "blank_collection", "only_run_on_create", "run_definition", "allowed_library_types",
    "delete_collections_named", "tmdb_person", "tmdb_person_offset", "tmdb_summary", "tmdb_description",
    "tmdb_biography", "tmdb_poster", "tmdb_profile", "tmdb_list_poster", "tmdb_background", "tmdb_birthday",
    "tmdb_deathday", "item_label", "item_label.remove", "item_label.sync", "item_genre",
    "item_genre.remove", "item_genre.sync", "non_item_remove_label", "ignore_ids", "ignore_imdb_ids",
    "collection_filtering", "name_mapping", "server_preroll", "sync_to_users", "sync_to_user", "exclude_users",
    "exclude_user", "playlist_order",
    "changes_webhooks", "show_missing", "builder_level", "collection_level", "overlay_level",
    "default_percent", "save_report", "run_again", "hub_priority", "sync_to_trakt_list", "tmdb_region",
    "sync_missing_to_trakt_list",
    "tvdb_summary", "tvdb_description", "tvdb_poster", "tvdb_list_poster", "tvdb_background",  # sources/tvdb.py
    "letterboxd_description", "trakt_description", "icheckmovies_description",  # engine/description_keys.py
    "show_filtered", "show_unfiltered", "only_filter_missing",  # engine/run_listings.py
    "missing_only_released",  # engine/missing_filter.py
    "cache_builders",  # sources/builders.py: the builders' answers are kept N days (clients/policy.keep_answers)
}) | DEFINITION_KEYS  # radarr_*/sonarr_* (config.arr_options)
#: accepted and not acted on (yet); listed so they are not reported as typos
IGNORED = frozenset({
    "template", "variables", "description"})
#: builder families Kometa has and this version does not (yet): key prefix -> the family's name.
#: A builder registered in sources/registry.py BUILDERS is known first, so landing a family there
#: is all it takes to lift this error. (Every TVDb key Kometa has is done: another ``tvdb_`` key is a
#: misspelling, told with a "did you mean".)
PLANNED_BUILDERS = {
    "tmdb_": "TMDb", "trakt_": "Trakt", "imdb_": "IMDb", "letterboxd_": "Letterboxd", "mdblist_": "MDBList",
    "anilist_": "AniList", "mal_": "MyAnimeList", "anidb_": "AniDB", "mojo_": "Box Office Mojo",
    "simkl_": "Simkl", "icheckmovies_": "ICheckMovies", "tautulli_": "Tautulli", "radarr_": "Radarr",
    "sonarr_": "Sonarr", "plex_watchlist": "Plex watchlist",
    "stevenlu_": "StevenLu", "text_file": "text file", "reciperr_": "Reciperr", "otherreciperr_": "Reciperr",
    "flixpatrol_": "FlixPatrol", "trakttv_": "Trakt", "myanimelist_": "MyAnimeList",
}
INTERNET_PREFIXES = tuple(PLANNED_BUILDERS)
MODES = {"default": -1, "hide": 0, "hide_items": 1, "show_items": 2}
ORDERS = {"release": 0, "alpha": 1, "custom": 2}


class SettingError(ValueError):
    """A bad setting in a definition; the message is for the user."""


@dataclass
class Settings:
    name: str
    sync: bool = False
    order: int | None = None  # Plex collectionSort: 0 release, 1 alpha, 2 custom
    order_sort: tuple[SortKey, ...] | None = None  # we arrange items (custom order)
    order_reverse: bool = False
    mode: int | None = None
    minimum: int = 1
    delete_below_minimum: bool = False
    build: bool = True
    test: bool = False
    schedule: Any = None
    delete_not_scheduled: bool = False
    summary: str | None = None
    sort_title: str | None = None
    labels: tuple[str, ...] = ()
    labels_remove: tuple[str, ...] = ()
    label_sync: bool = False
    poster: tuple[str, str] | None = None  # ("url"|"file", value)
    background: tuple[str, str] | None = None
    content_rating: str | None = None
    visible: dict[str, Any] = field(default_factory=dict)
    limit: int | None = None
    ignore_blank: bool = False
    take_ownership: bool = False
    libraries: tuple[str, ...] = ()
    delete_playlist: bool = False
    not_applied: tuple[str, ...] = ()  # accepted keys this version does not act on (warned about)
    blank: bool = False
    only_on_create: bool = False
    run_definition: bool | tuple[str, ...] = True  # False, or the library types it runs for
    delete_named: tuple[str, ...] = ()
    level: tuple[str, str] | None = None  # (key, value) of builder_level / collection_level, see item_level
    filtering: int | None = None  # collection_filtering: 0 admin, 1 user (Plex collectionFilterBasedOnUser)
    name_mapping: str | None = None  # the asset folder name, when it is not the collection's name
    media: dict[str, tuple[str, str]] = field(default_factory=dict)  # themes / squareArts -> ("url"|"file", value)
    preroll: str | None = None  # server_preroll, as Plex's text box takes it
    run_again: bool = False  # run_again: run once more after the whole run (engine/run_again.py)
    trakt_list: str | None = None  # sync_to_trakt_list: the slug of the user's list (engine/trakt_sync.py)
    trakt_missing: bool = False  # sync_missing_to_trakt_list
    hub_priority: int | None = None  # the collection hub's place (engine/hub_order.py)


def _bool(data: Mapping[str, Any], key: str, default: bool) -> bool:
    value = data.get(key, default)
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise SettingError(f"{key} must be true or false, got {value!r}")


def _int(value: Any, key: str, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise SettingError(f"{key} must be a whole number of at least {minimum}, got {value!r}")
    return value


def _scalar(value: Any) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def _text(data: Mapping[str, Any], key: str) -> str | None:
    """A text setting; a mapping or list (a YAML slip) is an error, not text sent to Plex."""
    value = data.get(key)
    if value is None:
        return None
    if not _scalar(value):
        raise SettingError(f"{key} must be text, got {type(value).__name__} {value!r}")
    return str(value)


def _names(value: Any, key: str = "names") -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list):
        if not all(_scalar(v) for v in value):
            raise SettingError(f"{key} must be a name or a list of names, got {value!r}")
        raw = value
    elif _scalar(value):
        raw = str(value).split(",")
    else:
        raise SettingError(f"{key} must be a name or a list of names, got {value!r}")
    return tuple(str(v).strip() for v in raw if str(v).strip())


def check_keys(data: Mapping[str, Any]) -> None:
    """Reject unknown keys (with a suggestion) and builders that need the internet."""
    known = SETTINGS | IGNORED | BUILDERS | SEARCH_SHORTCUTS | ONLINE_BUILDERS
    for key in data:
        base = str(key).split(".")[0]
        if key in known or base in SEARCH_SHORTCUTS or base.startswith("item_"):
            continue
        family = next((name for prefix, name in PLANNED_BUILDERS.items() if str(key).startswith(prefix)), None)
        if family == "TMDb":  # the TMDb family has landed in part: a TMDb key it lacks is named on its own
            raise SettingError(f"'{key}' is not supported in this version")
        if family is not None:
            raise SettingError(f"builder '{key}' ({family}) is not supported in this version")
        close = difflib.get_close_matches(str(key), sorted(known), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise SettingError(f"unknown attribute '{key}'{hint}")


def parse_settings(name: str, data: Mapping[str, Any], defaults: Mapping[str, Any], *,
                   kind: str = "collection") -> Settings:
    check_keys(data)
    s = Settings(name=name)
    handled = {f"{base}{mod}" for base in ("item_label", "item_genre") for mod in ("", ".remove", ".sync")}
    handled |= ITEM_TAG_KEYS  # engine/arr_existing.py
    if kind == "collection":
        handled |= ITEM_UPDATE_KEYS
    elif any(k in ITEM_UPDATE_KEYS for k in data):
        key = next(k for k in data if k in ITEM_UPDATE_KEYS)
        raise SettingError(f"{key} updates the items of a collection; it does not work in a playlist (as in Kometa)")
    if "cache_builders" in data:  # checked here too, so --validate names a bad value
        from kometa.sources.builders import cache_days
        try:
            cache_days(data["cache_builders"])
        except ValueError as exc:
            raise SettingError(str(exc)) from None
    s.not_applied = tuple(k for k in data if (k in IGNORED or str(k).startswith("item_"))
                          and k not in handled and k not in ("template", "variables", "description"))
    sync_mode = str(data.get("sync_mode") or defaults.get("sync_mode") or "append").lower()
    if sync_mode not in ("append", "sync"):
        raise SettingError(f"sync_mode must be append or sync, got {sync_mode!r}")
    s.sync = sync_mode == "sync"
    s.build = _bool(data, "build_collection", True)
    if not s.build:
        s.sync = False
    minimum = data.get("minimum_items", data.get("collection_minimum", data.get("playlist_minimum")))
    s.minimum = _int(minimum if minimum is not None else defaults.get("minimum_items", 1), "minimum_items")
    s.delete_below_minimum = _bool(data, "delete_below_minimum", bool(defaults.get("delete_below_minimum")))
    s.delete_not_scheduled = _bool(data, "delete_not_scheduled", bool(defaults.get("delete_not_scheduled")))
    s.test = _bool(data, "test", False)
    s.schedule = data.get("schedule")
    s.ignore_blank = _bool(data, "ignore_blank_results", False)
    s.take_ownership = _bool(data, "take_ownership", bool(defaults.get("take_ownership")))
    s.delete_playlist = _bool(data, "delete_playlist", False)
    s.run_again = _bool(data, "run_again", False)
    for key in ("show_filtered", "show_unfiltered", "only_filter_missing", "missing_only_released"):
        _bool(data, key, False)  # read where they act (engine/run_listings.py, engine/missing_filter.py)
    from kometa.engine.tmdb_person import DAY_KEYS, parse_day_spec

    for key in DAY_KEYS:  # their TMDb part is the run's (engine/tmdb_person.py person_day_skip)
        if key in data:
            try:
                parse_day_spec(key, data[key])
            except ConditionError as exc:
                raise SettingError(str(exc)) from None
    from kometa.engine.trakt_sync import TraktSyncError
    from kometa.engine.trakt_sync import parse as trakt_list

    try:
        s.trakt_list, s.trakt_missing = trakt_list(data)
    except TraktSyncError as exc:
        raise SettingError(str(exc)) from None
    for key in ("name", "collection_name", "playlist_name"):
        _text(data, key)
    for key in ("summary", "sort_title"):
        text = _text(data, key)
        if text is not None:
            setattr(s, key, text.replace("<<title>>", name))
    if "label.sync" in data and ("label" in data or "label.remove" in data):
        raise SettingError("label.sync cannot be combined with label or label.remove")
    label_key = "label.sync" if "label.sync" in data else "label"
    s.labels = _names(data.get(label_key), label_key)
    s.label_sync = "label.sync" in data
    s.labels_remove = _names(data.get("label.remove"), "label.remove")
    both = sorted({x.lower() for x in s.labels} & {x.lower() for x in s.labels_remove})
    if both:  # it would be added and removed again on every run
        raise SettingError(f"'{both[0]}' is in both label and label.remove")
    s.poster = _artwork(data, "poster")
    s.background = _artwork(data, "background")
    s.content_rating = _text(data, "content_rating")
    if data.get("limit") is not None:
        s.limit = _int(data["limit"], "limit", 1)
    for key in ("visible_library", "visible_home", "visible_shared"):
        if key in data:
            s.visible[key] = data[key]
    if kind == "playlist":
        s.libraries = _names(data.get("libraries"), "libraries")
        for key in ("url_theme", "file_theme", "url_square_art", "file_square_art", "collection_filtering"):
            if data.get(key) is not None:
                raise SettingError(f"{key} is a collection setting; a playlist takes none")
        _parse_run_definition(s, data)
        return s
    for key in ("sync_to_users", "sync_to_user", "exclude_users", "exclude_user"):
        if key in data:
            raise SettingError(f"{key} shares a playlist with users; a collection takes none")
    if "playlist_order" in data:
        raise SettingError("playlist_order orders a playlist; a collection takes collection_order")
    for key in ("builder_level", "collection_level", "overlay_level"):
        if key in data:
            value = data[key]
            if value is None or (isinstance(value, str) and not value.strip()):
                break  # blank: the library's own level, as in Kometa
            if not _scalar(value):
                raise SettingError(f"{key} must be season or episode (show libraries), album or track (music "
                                   f"libraries), got {value!r}")
            s.level = (key, str(value).strip().lower())
            break
    s.blank = _bool(data, "blank_collection", False)
    from kometa.engine.hub_order import HubSortError, parse_priority

    try:
        s.hub_priority = parse_priority(data)
    except HubSortError as exc:
        raise SettingError(str(exc)) from None
    s.only_on_create = _bool(data, "only_run_on_create", False)
    s.delete_named = _names(data.get("delete_collections_named"), "delete_collections_named")
    _parse_run_definition(s, data)
    filtering = data.get("collection_filtering")
    if filtering is not None and not (isinstance(filtering, str) and not filtering.strip()):
        text = str(filtering).strip().lower()
        if text not in ("admin", "user"):
            raise SettingError(f"collection_filtering must be admin (always the server admin) or user (the user "
                               f"viewing), got {filtering!r}")
        s.filtering = 0 if text == "admin" else 1
    s.name_mapping = _text(data, "name_mapping")
    if "server_preroll" in data:
        s.preroll = preroll_value(data["server_preroll"])
    try:
        parse_ignored((key, data[key]) for key in ("ignore_ids", "ignore_imdb_ids") if key in data)
    except IgnoreIdsError as exc:
        raise SettingError(str(exc)) from None
    for kind, upload in (("theme", "themes"), ("square_art", "squareArts")):
        image = _artwork(data, kind)
        if image is not None:
            s.media[upload] = image
    mode = data.get("collection_mode")
    if mode is not None:
        text = str(mode).strip().lower()
        if text not in MODES:
            raise SettingError(f"collection_mode must be one of {', '.join(MODES)}, got {mode!r}")
        s.mode = MODES[text]
    order = data.get("collection_order", defaults.get("default_collection_order"))
    if order is not None:
        try:
            _parse_order(s, order)
        except SettingError as exc:  # the settings' default: say so, the definition has no such key
            if "collection_order" in data:
                raise
            raise SettingError(f"settings default_collection_order: {exc}") from None
    _check_changes_webhooks(data)
    return s


def has_builders(data: Mapping[str, Any]) -> bool:
    """Whether a definition names any builder (or is a blank collection)."""
    return any(k in BUILDERS or k in ONLINE_BUILDERS or str(k).split(".")[0] in SEARCH_SHORTCUTS
               or k == "blank_collection" for k in data)


def preroll_value(value: Any) -> str:
    """``server_preroll`` as Plex's text box takes it: a list's entries joined by ``;`` (Plex plays
    one of them at random), a nested list's by ``,`` (played in sequence)."""
    if isinstance(value, list):
        parts = [",".join(str(v) for v in entry if v not in (None, "")) if isinstance(entry, list) else str(entry)
                 for entry in value if entry not in (None, "", [])]
        text = ";".join(p for p in parts if p)
    else:
        text = "" if isinstance(value, dict | bool) or value is None else str(value).strip()
    if not text:
        raise SettingError(f"server_preroll must be a path, a list of paths or a list of lists of paths, "
                           f"got {value!r}")
    return text


def level_warning(s: Settings) -> str | None:
    """The old spellings of builder_level work, with Kometa's warning."""
    if s.level is None or s.level[0] == "builder_level":
        return None
    return f"{s.level[0]} runs as builder_level (write builder_level: {s.level[1]})"


def item_level(s: Settings, library_type: str) -> str | None:
    """The level a collection's items are at in a ``library_type`` library: None for the library's
    own (a movie library ignores ``builder_level``, as Kometa does; ``show``/``artist`` name the
    library's own level)."""
    if s.level is None or library_type not in LEVELS:
        return None
    key, value = s.level
    if value in LEVELS[library_type]:
        return value
    if value == library_type:
        return None
    options = " or ".join(LEVELS[library_type])
    raise SettingError(f"{key} '{value}' is not a level of {where_type(library_type)} (use {options})")


def _parse_order(s: Settings, order: Any) -> None:
    text = str(order).strip().lower() if not isinstance(order, list) else ""
    if text in ("release", "alpha"):
        s.order = ORDERS[text]
    elif text in ("custom", "custom.asc", "custom.desc"):
        s.order = ORDERS["custom"]
        s.order_reverse = text == "custom.desc"
    else:
        try:
            s.order_sort = parse_sort(order, "collection_order")
        except ConditionError as exc:
            raise SettingError(f"{exc} (or release, alpha, custom)") from None
        s.order = ORDERS["custom"]


def _parse_run_definition(s: Settings, data: Mapping[str, Any]) -> None:
    key = "run_definition" if "run_definition" in data else "allowed_library_types"
    if key not in data:
        return
    value = data[key]
    if value is None or value is False or (isinstance(value, str) and value.strip().lower() in ("", "false")):
        s.run_definition = False
    elif value is True or (isinstance(value, str) and value.strip().lower() == "true"):
        s.run_definition = True
    else:  # a list (or comma-separated): one false stops it; library types: it runs for those
        listed = [("true" if v else "false") if isinstance(v, bool) else v for v in value] \
            if isinstance(value, list) else value
        values = tuple(t.lower() for t in _names(listed, key))
        unknown = [t for t in values if t not in ("movie", "show", "artist", "true", "false")]
        if unknown:
            raise SettingError(f"{key}: '{unknown[0]}' is not true, false or a library type (movie, show, artist)")
        types = tuple(t for t in values if t not in ("true", "false"))
        s.run_definition = False if not values or "false" in values else (types or True)


def _artwork(data: Mapping[str, Any], kind: str) -> tuple[str, str] | None:
    url, file = _text(data, f"url_{kind}"), _text(data, f"file_{kind}")
    if url and file:
        raise SettingError(f"use url_{kind} or file_{kind}, not both")
    if url:
        return ("url", url)
    if file:
        if posters.is_reference(file):
            try:
                posters.parse(file)
                posters.lookup_offset(file)
            except posters.PosterError as exc:
                raise SettingError(f"file_{kind}: {exc}") from None
        return ("file", file)
    return None


def _check_changes_webhooks(data: Mapping[str, Any]) -> None:
    """A definition's ``changes_webhooks`` must be URLs or notifier names (checked before any write)."""
    if data.get("changes_webhooks") is None:
        return
    from kometa.core.errors import ConfigError
    from kometa.notify.config import parse_targets

    try:
        parse_targets(data["changes_webhooks"], None, None, "changes_webhooks")
    except ConfigError as exc:
        raise SettingError(exc.bare_message) from None
