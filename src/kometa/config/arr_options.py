"""What to do with a collection's missing titles in Radarr/Sonarr: the ``radarr:``/``sonarr:``
section's adding keys and a definition's ``radarr_*``/``sonarr_*`` overrides, as Kometa documents
them (``add_missing``, ``root_folder_path``/``*_folder``, ``monitor``, ``availability``,
``quality_profile``/``*_quality``, ``tag``, ``search``; Sonarr also ``language_profile``,
``series_type``, ``season_folder``, ``cutoff_search``; ``ignore_cache``), what to do with the
collection's titles the app already has or the library holds (``add_existing``, ``upgrade_existing``,
``monitor_existing``, with ``plex_path`` -> ``radarr_path``/``sonarr_path`` for folders) and the
definition's ``item_radarr_tag`` / ``item_sonarr_tag`` (``.sync``, ``.remove``). Pure: values in,
:class:`AddSettings` or a ``ValueError`` whose message starts with the key out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

AVAILABILITY = {"announced": "announced", "cinemas": "inCinemas", "released": "released", "db": "preDB"}
SONARR_MONITOR = {"all": "all", "future": "future", "missing": "missing", "existing": "existing", "pilot": "pilot",
                  "first": "firstSeason", "latest": "latestSeason", "none": "none"}
SERIES_TYPES = ("standard", "daily", "anime")
#: definition key -> section key it overrides, per app
OVERRIDES = {
    "radarr": {"radarr_add_missing": "add_missing", "radarr_folder": "root_folder_path", "radarr_monitor": "monitor",
               "radarr_availability": "availability", "radarr_quality": "quality_profile", "radarr_tag": "tag",
               "radarr_search": "search", "radarr_ignore_cache": "ignore_cache"},
    "sonarr": {"sonarr_add_missing": "add_missing", "sonarr_folder": "root_folder_path", "sonarr_monitor": "monitor",
               "sonarr_quality": "quality_profile", "sonarr_language": "language_profile",
               "sonarr_series": "series_type", "sonarr_season": "season_folder", "sonarr_tag": "tag",
               "sonarr_search": "search", "sonarr_cutoff_search": "cutoff_search", "sonarr_ignore_cache": "ignore_cache"},
}
EXISTING = ("add_existing", "upgrade_existing", "monitor_existing")
for _app in OVERRIDES:
    OVERRIDES[_app].update({f"{_app}_{what}": what for what in EXISTING})
#: ``item_radarr_tag`` / ``item_sonarr_tag`` modifiers -> Radarr/Sonarr's editor ``applyTags``
TAG_MODES = {"": "add", ".sync": "replace", ".remove": "remove"}
ITEM_TAG_KEYS = frozenset(f"item_{app}_tag{mod}" for app in OVERRIDES for mod in TAG_MODES)
DEFINITION_KEYS = frozenset(OVERRIDES["radarr"]) | frozenset(OVERRIDES["sonarr"])


@dataclass(frozen=True)
class AddSettings:
    app: str
    add_missing: bool = False
    root_folder: str | None = None
    monitor: str = "true"  # Radarr: "true"/"false"; Sonarr: one of SONARR_MONITOR (see defaults())
    availability: str = "announced"  # Radarr
    quality_profile: str | None = None
    tags: tuple[str, ...] = ()
    search: bool = False
    language_profile: str | None = None  # Sonarr v3
    series_type: str = "standard"  # Sonarr
    season_folder: bool = True  # Sonarr
    cutoff_search: bool = False  # Sonarr
    ignore_cache: bool = False  # send even what an earlier run already sent
    add_existing: bool = False  # the collection's titles the library holds and the app lacks are added
    upgrade_existing: bool = False  # titles the app has get the quality profile
    monitor_existing: bool = False  # titles the app has get the monitor setting
    plex_path: str = ""  # the part of Plex's folders that the app sees as arr_path
    arr_path: str = ""
    item_tags: tuple[str, ...] = ()  # item_radarr_tag / item_sonarr_tag
    item_tags_mode: str | None = None  # add | replace | remove (None: no item tags)

    @property
    def edits_existing(self) -> bool:
        """Something is done to the collection's titles the app already has (or the library holds)."""
        return self.add_existing or self.upgrade_existing or self.monitor_existing or self.item_tags_mode is not None

    @property
    def monitored(self) -> bool:
        return self.monitor == "true" if self.app == "radarr" else self.monitor != "none"


def defaults(app: str) -> AddSettings:
    """Kometa's defaults: Radarr monitors new movies; Sonarr monitors ``all`` episodes."""
    return AddSettings(app, monitor="true" if app == "radarr" else "all")


def _bool(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be true or false, got {value!r}")
    return value


def _text(name: str, value: Any) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"{name} must be text, got {value!r}")
    return str(value).strip()


def _tags(name: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list | str | int) or isinstance(value, bool):
        raise ValueError(f"{name} must be a tag or a list of tags, got {value!r}")
    raw = value if isinstance(value, list) else str(value).split(",")
    if not all(isinstance(v, str | int) and not isinstance(v, bool) for v in raw):
        raise ValueError(f"{name} must be a tag or a list of tags, got {value!r}")
    return tuple(dict.fromkeys(str(v).strip().lower() for v in raw if str(v).strip()))


def _apply(settings: AddSettings, key: str, name: str, value: Any) -> AddSettings:
    """``settings`` with the section key ``key`` (written as ``name``) set to ``value``."""
    app = settings.app
    if key in ("add_missing", "search", "season_folder", "cutoff_search", "ignore_cache", *EXISTING):
        flag: dict[str, Any] = {key: _bool(name, value)}
        return replace(settings, **flag)
    if key == "plex_path":
        return replace(settings, plex_path=_text(name, value) or "")
    if key == f"{app}_path":
        return replace(settings, arr_path=_text(name, value) or "")
    if key == "root_folder_path":
        return replace(settings, root_folder=_text(name, value))
    if key == "quality_profile":
        return replace(settings, quality_profile=_text(name, value))
    if key == "language_profile":
        return replace(settings, language_profile=_text(name, value))
    if key == "tag":
        return replace(settings, tags=_tags(name, value))
    if key == "monitor":
        if app == "radarr":
            return replace(settings, monitor="true" if _bool(name, value) else "false")
        text = str(value).strip().lower() if isinstance(value, str) else ("all" if value is True else "none"
                                                                           if value is False else "")
        if text not in SONARR_MONITOR:
            raise ValueError(f"{name} must be one of {', '.join(SONARR_MONITOR)}, got {value!r}")
        return replace(settings, monitor=text)
    if key == "availability":
        text = str(value).strip().lower()
        if text not in AVAILABILITY:
            raise ValueError(f"{name} must be one of {', '.join(AVAILABILITY)}, got {value!r}")
        return replace(settings, availability=text)
    if key == "series_type":
        text = str(value).strip().lower()
        if text not in SERIES_TYPES:
            raise ValueError(f"{name} must be one of {', '.join(SERIES_TYPES)}, got {value!r}")
        return replace(settings, series_type=text)
    return settings


def section_settings(app: str, values: Mapping[str, Any]) -> tuple[AddSettings, str | None]:
    """The section's adding settings, or (defaults, "key: message") for the first wrong value."""
    settings = defaults(app)
    for key, value in values.items():
        if value is None and key != "monitor":
            continue
        try:
            settings = _apply(settings, str(key), str(key), value)
        except ValueError as exc:
            return defaults(app), f"{key}|{exc}"
    return settings, None


def definition_settings(app: str, base: AddSettings, data: Mapping[str, Any]) -> AddSettings:
    """``base`` with the definition's overrides; ValueError (message starting with the key) if wrong."""
    settings = base
    for key, target in OVERRIDES[app].items():
        if key in data and data[key] is not None:
            settings = _apply(settings, target, key, data[key])
    named = [f"item_{app}_tag{mod}" for mod in TAG_MODES if f"item_{app}_tag{mod}" in data]
    if len(named) > 1:
        raise ValueError(f"{named[0]}: {' and '.join(named)} cannot be used together")
    if named:
        tags = _tags(named[0], data[named[0]])
        mode = TAG_MODES[named[0][len(f"item_{app}_tag"):]]
        if tags or mode == "replace":  # .sync with no tags clears them, as Kometa does
            settings = replace(settings, item_tags=tags, item_tags_mode=mode)
    return settings


def wants_app(app: str, data: Mapping[str, Any]) -> bool:
    """The definition names one of the app's adding keys."""
    return any(k in data for k in OVERRIDES[app]) or any(f"item_{app}_tag{mod}" in data for mod in TAG_MODES)
