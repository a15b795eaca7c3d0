"""The parts of Kometa's config language this version does not do yet: one table, one check.

A run never pretends: a config that asks for one of these gets a located line (``file:line: KEY:
PART is not done by this version yet``), the summary lists it under "Not done by this version" and
the run exits 1. ``--validate`` reports the same lines. When a part is built, its engineer removes
its entries here (and nothing else has to change).

Keys whose value is empty (``null``, ``false``, ``[]``, ``{}``) ask for nothing and are not listed.
Credentials sections (``tmdb:``, ``trakt:``, ``radarr:``, ...) do nothing by themselves; the
builders that would use them are refused where they are written (:mod:`kometa.engine.settings`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from kometa.config.model import Config
from kometa.config.yaml_io import file_of, line_of
from kometa.core.errors import ConfigError

OPERATIONS = "library operations"
METADATA = "metadata files (item edits)"
REPORTS = "reports"
ASSETS = "asset folders"

#: library keys -> the part they ask for
LIBRARY_KEYS: dict[str, str] = {}

#: top-level sections -> the part they ask for
TOP_LEVEL_KEYS: dict[str, str] = {}

#: collection/playlist attributes that are accepted but not acted on -> the part they ask for.
#: (``template``, ``variables``, ``description`` and the missing-item keys ask for nothing offline.)
ATTRIBUTES: dict[str, str] = {}

#: Kometa's ``dynamic_collections`` types this version does not make -> the part they ask for (a
#: set of one is a located not-done line, not an unknown type)
DYNAMIC_TYPES: dict[str, str] = {
    "tmdb_popular_people": "dynamic collections of TMDb's popular people",
    **dict.fromkeys(("trakt_user_lists", "trakt_liked_lists", "trakt_people_list"),
                    "dynamic collections of Trakt lists"),
    "letterboxd_user_lists": "dynamic collections of Letterboxd lists",
    **dict.fromkeys(("mood", "style", "album_genre", "album_mood", "album_style", "track_mood"),
                    "dynamic collections of music moods, styles and album genres")}

#: ``settings:`` keys (global or a library's) whose action this version does not do, with the test
#: that says the value asks for it (most configs copy the template's settings wholesale, so a key
#: that is merely present asks for nothing)
SETTINGS: dict[str, tuple[str, Callable[[Any, Path], bool]]] = {}


#: ``item_*`` attributes this version applies (engine/item_edits.py, engine/item_updates.py, whose KEYS
#: a test keeps in step with this); every other ``item_*`` key is not done yet
ITEM_DONE = frozenset({
    *(f"{base}{mod}" for base in ("item_label", "item_genre") for mod in ("", ".remove", ".sync")),
    "item_critic_rating", "item_audience_rating", "item_user_rating", "item_edition", "item_lock_poster",
    "item_lock_background", "item_lock_square_art", "item_lock_title", "item_refresh", "item_refresh_delay",
    "item_analyze", "item_assets", "item_episode_sorting", "item_keep_episodes", "item_delete_episodes",
    "item_season_display", "item_episode_ordering", "item_metadata_language", "item_use_original_title",
    "item_credits_detection", "item_audio_language", "item_subtitle_language", "item_subtitle_mode", "item_tmdb_season_titles",
    "item_album_sorting",
    *(f"{base}{mod}" for base in ("item_radarr_tag", "item_sonarr_tag") for mod in ("", ".remove", ".sync"))})


class NotDone(ConfigError):
    """A located part of a collection file this version does not do (a run lists it under "Not done
    by this version" and exits 1; ``--validate`` lists it the same way), unlike a mistake."""

    not_done = True  # config.problems.Problems lists it apart from the errors


def asks_for_something(value: Any) -> bool:
    """``null``, ``false``, an empty string, list or mapping (or one of only such values) asks for nothing."""
    if value is None or value is False:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, Mapping):
        return any(asks_for_something(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(asks_for_something(v) for v in value)
    return True


def message(where: str, key: str, part: str) -> str:
    return f"{where}: {key}: {part} is not done by this version yet"


def attribute_part(key: str) -> str | None:
    """The unbuilt part a collection/playlist attribute asks for, or None when it is done or inert."""
    if key in ATTRIBUTES:
        return ATTRIBUTES[key]
    if key.startswith("item_") and key not in ITEM_DONE:
        return f"{key.split('.')[0]} (item edits)"
    return None


def attribute_lines(keys: Iterable[str], data: Mapping[str, Any], where_of: Callable[[str], str],
                    name: str) -> list[str]:
    """One located line per accepted-but-unbuilt attribute of a definition that asks for something."""
    lines = []
    for key in keys:
        part = attribute_part(key)
        if part is not None and data.get(key) not in (None, False):
            lines.append(message(where_of(key), f"{name}: {key}", part))
    return lines


def config_lines(config: Config) -> list[str]:
    """One located line per key of config.yml that asks for a part this version does not do."""
    lines: list[str] = []
    raw = config.raw
    if isinstance(raw, Mapping):
        for key, part in TOP_LEVEL_KEYS.items():
            if key in raw and asks_for_something(raw[key]):
                lines.append(message(_where(raw, key, config), key, part))
        _settings_lines(raw.get("settings"), "settings", config, lines)
    for library in config.libraries.values():
        node = library.node
        if not isinstance(node, Mapping):
            continue
        _settings_lines(node.get("settings"), f"{library.mapping_name}: settings", config, lines)
        for key in node:
            part = LIBRARY_KEYS.get(str(key))
            if part is not None and asks_for_something(node[key]):
                lines.append(message(_where(node, key, config), f"{library.mapping_name}: {key}", part))
    from kometa.config.defaults import not_done

    for ref in config.file_refs():  # template_variables of our default files that ask for an unbuilt part
        for variable, part in not_done(ref):
            lines.append(message(ref.where, f"default {ref.location}: {variable}", part))
    return lines


def _settings_lines(node: Any, label: str, config: Config, lines: list[str]) -> None:
    if not isinstance(node, Mapping):
        return
    for key, value in node.items():
        entry = SETTINGS.get(str(key))
        if entry is not None and entry[1](value, config.directory):
            lines.append(message(_where(node, key, config), f"{label}: {key}", entry[0]))


def _where(node: Any, key: Any, config: Config) -> str:
    file = file_of(node) or str(config.path)
    line = line_of(node, key)
    return f"{file}:{line}" if line is not None else file
