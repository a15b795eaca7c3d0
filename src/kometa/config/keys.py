"""The tables of the config language: which keys each place accepts, what they mean here.

One table per place (top level, ``plex:``, ``settings:``, a library, a file entry). The loader
(:mod:`kometa.config.loader`), ``--validate`` and the published JSON Schema
(:mod:`kometa.config.schema`) all read these tables, so they cannot disagree.

Statuses
  * ``used``: honoured by this version.
  * ``unused``: Kometa accepts it; this version reads it and does not act on it (a located
    warning when it is set to something other than Kometa's default).
  * ``service``: a top-level service section; accepted structurally, its contents are the
    service's business. Until a service is built it gets "read but not used".
  * ``legacy``: an old Plex Meta Manager form; :mod:`kometa.config.legacy` says what it becomes.
  * ``inert``: Kometa's published schema lists it here but Kometa itself does not read it here; a
    located warning (``doc`` says where it does belong) when it is set.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from kometa.core.errors import UsageError
from kometa.core.options import parse_duration, parse_listen_address


@dataclass(frozen=True)
class Key:
    """One accepted key: its value type (for checks and the schema), Kometa's default, status."""

    name: str
    type: str  # bool | int | str | list | enum | enum_or_bool | mapping | any | schedule | files
    default: Any = None
    status: str = "used"  # used | unused | service | legacy | inert
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    doc: str = ""
    parse: Callable[[Any], Any] | None = None  # the value as used, or ValueError saying what is wrong


def _duration(value: Any) -> float:
    try:
        return parse_duration(str(value), source="")
    except UsageError:
        raise ValueError(f"must be a duration such as 30s, 2m or 90, got {value!r}") from None


def _listen(value: Any) -> str:
    try:
        parse_listen_address(str(value))
    except ValueError:
        raise ValueError(f"must be HOST:PORT or PORT (e.g. 127.0.0.1:8765), got {value!r}") from None
    return str(value).strip()


def _quality(value: Any) -> int:
    text = str(value).strip()
    if not text.isdigit() or not 1 <= int(text) <= 100:
        raise ValueError(f"must be a whole number from 1 to 100, got {value!r}")
    return int(text)


def _table(*keys: Key) -> dict[str, Key]:
    return {key.name: key for key in keys}


SERVICES = ("tmdb", "tautulli", "webhooks", "omdb", "mdblist", "notifiarr", "gotify", "ntfy", "apprise", "anidb",
            "radarr", "sonarr", "trakt", "mal", "github", "simkl")
#: service sections some part of this version reads; the builder of a service adds its name here
SERVICES_USED: set[str] = {"webhooks", "notifiarr", "gotify", "ntfy", "apprise",  # notify/
                           "tmdb",  # config/services.py, clients/tmdb.py
                           "trakt", "mdblist", "tautulli", "radarr", "sonarr", "mal", "omdb",  # clients/, sources/ (issue 11)
                           "github",  # clients/github.py: image_files' git_style (its token)
                           "anidb"}  # config/anidb_section.py

TOP_LEVEL = _table(
    Key("libraries", "mapping", doc="the Plex libraries to manage"),
    Key("playlist_files", "files", doc="files with playlists: definitions"),
    Key("settings", "mapping", doc="global settings"),
    Key("plex", "mapping", doc="the Plex server"),
    *(Key(name, "mapping", status="service", doc=f"the {name} service") for name in SERVICES),
    Key("cache", "mapping", status="legacy", doc="old PMM form of settings cache/cache_expiration"),
)

RUN_ORDER = ("operations", "metadata", "collections", "overlays")
SYNC_MODES = ("append", "sync")

SETTINGS = _table(
    Key("run_order", "list", list(RUN_ORDER), doc="the order of a library's parts (a part left out does not run)",
        choices=RUN_ORDER),
    Key("sync_mode", "enum", "append", choices=SYNC_MODES),
    Key("minimum_items", "int", 1, minimum=0),
    Key("delete_below_minimum", "bool", False),
    Key("delete_not_scheduled", "bool", False),
    Key("default_collection_order", "str", None),
    Key("verify_ssl", "bool", True, doc="default for plex verify_ssl"),
    Key("cache", "bool", True),
    Key("cache_expiration", "int", 60, minimum=1),
    Key("asset_directory", "any", None),
    Key("asset_folders", "bool", True),
    Key("asset_depth", "int", 0, minimum=0),
    Key("create_asset_folders", "bool", False),
    Key("prioritize_assets", "bool", False),
    Key("dimensional_asset_rename", "bool", False),
    Key("download_url_assets", "bool", False),
    Key("show_missing_season_assets", "bool", False),
    Key("show_missing_episode_assets", "bool", False),
    Key("show_asset_not_needed", "bool", True),
    Key("show_missing_assets", "bool", True),
    Key("item_refresh_delay", "int", 0, doc="seconds before each item_refresh", minimum=0),
    Key("auto_sort_hubs", "enum", None, choices=("sort_title", "sort_title.desc", "alpha", "alpha.desc", "configured",
                                                 "configured.desc", "random"),
        doc="the order of the library's collection hubs (hub_priority ones first)"),
    Key("hub_priority", "int", None, "inert", minimum=1,
        doc="Kometa reads hub_priority on a collection (or as a template variable of a default file), not under "
            "settings: (its schema lists it here; its code does not read it)"),
    *(Key(name, "bool", False, "inert", doc=f"it is a library operation: write {name}: true under the library's "
                                               f"operations: (Kometa reads it under settings: and does nothing with it)")
      for name in ("assets_for_all", "assets_for_all_collections")),
    Key("run_again_delay", "int", 0, doc="minutes to wait before run_again collections run again", minimum=0),
    Key("missing_only_released", "bool", False, doc="missing titles not yet released (TMDb dates) are not reported, saved or sent"),
    Key("only_filter_missing", "bool", False, doc="filters apply only to missing titles (the library's items all pass)"),
    Key("show_unmanaged", "bool", True, doc="list the library's collections without the Kometa label in the run log"),
    Key("show_unconfigured", "bool", True, doc="list the library's collections no definition names in the run log"),
    Key("show_filtered", "bool", False, doc="log each item a definition's filters drop"),
    Key("show_unfiltered", "bool", False, doc="log each item a definition's filters keep"),
    Key("show_options", "bool", False, doc="a plex_search/smart_filter value the library lacks: the error lists all its values"),
    Key("show_missing", "bool", True),
    Key("save_report", "bool", False),
    Key("tvdb_language", "str", "default", doc="the language TVDb titles and summaries are read in (ISO 639-2, e.g. fra)"),
    Key("ignore_ids", "any", None, doc="TMDb (movies) / TVDb (shows) ids no collection takes"),
    Key("ignore_imdb_ids", "any", None, doc="IMDb ids no collection takes"),
    Key("playlist_sync_to_users", "any", None, doc="the users playlists are shared with: all or names (plex.tv)"),
    Key("playlist_exclude_users", "any", None, doc="users no playlist is shared with (the admin: no admin copy)"),
    Key("playlist_report", "bool", True, doc="after the playlists, list each playlist of the admin and the shared users and whose copies they are"),
    Key("custom_repo", "str", None, doc="the address of your repository of config files, for repo: entries"),
    Key("overlay_artwork_filetype", "enum", None, choices=("jpg", "png", "webp_lossy", "webp_lossless", "webp"),
        doc="the file type of overlaid posters (webp: webp_lossy); unset: each keeps its original's format and "
            "quality (Kometa: webp_lossy)"),
    Key("overlay_artwork_quality", "int", None, minimum=1, parse=_quality,
        doc="JPEG / lossy WebP quality of overlaid posters, 1-100 (unset: the original's, or 90 once a file type is set)"),
    Key("take_ownership", "bool", False, doc="this version: manage same-named user collections"),
    Key("heartbeat", "str", None, doc="this version: a URL pinged at each run's start and end (notify/)"),
    # the waiter's event sources (not Kometa's: it has none); --plex-events, --listen, --settle win over them
    Key("plex_events", "bool", False, doc="this version: the waiter follows Plex's notification websocket and runs "
                                          "what changed (as --plex-events)"),
    Key("listen", "str", None, doc="this version: the waiter takes webhooks on HOST:PORT (as --listen; the token "
                                   "comes from KOMETA_LISTEN_TOKEN, never from the config)", parse=_listen),
    Key("settle", "str", "30s", doc="this version: an event run starts this long after the last change (as "
                                    "--settle)", parse=_duration),
)
#: old names Kometa still reads under settings: -> the name they mean
SETTINGS_RENAMED = {"collection_minimum": "minimum_items", "save_missing": "save_report",
                    "playlist_sync_to_user": "playlist_sync_to_users", "playlist_exclude_user": "playlist_exclude_users"}

PLEX = _table(
    Key("url", "str"), Key("token", "str"), Key("timeout", "int", 60, minimum=1),
    Key("verify_ssl", "bool", None),
    Key("db_cache", "int", None, minimum=1, doc="the Plex server's database cache size in MB (set when it differs)"),
    Key("clean_bundles", "schedule", False),
    Key("empty_trash", "schedule", False),
    Key("optimize", "schedule", False),
)
#: old PMM forms under plex: that Kometa moves to settings:
PLEX_TO_SETTINGS = ("asset_directory", "sync_mode", "show_unmanaged", "show_filtered", "show_unfiltered",
                    "show_missing", "save_missing")

LIBRARY = _table(
    Key("library_name", "str"),
    Key("schedule", "schedule"),
    Key("collection_files", "files"),
    Key("metadata_files", "files"),
    Key("overlay_files", "files"),
    Key("image_files", "files"),
    Key("operations", "any"),
    Key("template_variables", "mapping"),
    Key("settings", "mapping"),
    Key("plex", "mapping"),
    Key("radarr", "mapping", status="service"),
    Key("sonarr", "mapping", status="service"),
    Key("tautulli", "mapping", status="service"),
    Key("webhooks", "mapping", status="service"),
    Key("remove_overlays", "bool", False),
    Key("reapply_overlays", "bool", False),
    Key("reset_overlays", "any", None),
    Key("schedule_overlays", "schedule"),
    Key("report_path", "str", None),
    Key("run_order", "list", None, doc="the order of this library's parts", choices=RUN_ORDER),
    Key("metadata_path", "files", status="legacy", doc="old PMM form: collection_files + metadata_files"),
    Key("overlay_path", "files", status="legacy", doc="old PMM form of overlay_files"),
    *(Key(name, "any", status="legacy", doc="old PMM library-level operation, read as an operation (operations/)")
      for name in ("split_duplicates", "assets_for_all", "delete_unmanaged_collections",
                   "delete_collections_with_less", "mass_genre_update", "mass_audience_rating_update",
                   "mass_critic_rating_update", "mass_user_rating_update", "mass_content_rating_update",
                   "remove_title_parentheses", "genre_mapper", "radarr_add_all", "sonarr_add_all")),
)
#: old PMM library-level keys Kometa ignores; the message says where they belong now
LIBRARY_IGNORED = {
    "library_type": "Kometa reads the library type from Plex",
    "mass_trakt_rating_update": "it is an operation now: put it under operations:",
    "remove_overlay": "Kometa reads remove_overlays",
    "revert_overlays": "Kometa reads remove_overlays",
}
#: the overlay flags an old-style ``- remove_overlays: false`` overlay_files entry carries
OVERLAY_FLAGS = {"remove_overlays": "remove_overlays", "remove_overlay": "remove_overlays",
                 "revert_overlays": "remove_overlays", "reapply_overlays": "reapply_overlays",
                 "reapply_overlay": "reapply_overlays", "reset_overlays": "reset_overlays"}

FILE_KINDS = ("file", "folder", "url", "default", "pmm", "git", "repo")
FILE_ENTRY = _table(
    *(Key(kind, "str", status="legacy" if kind == "pmm" else "used") for kind in FILE_KINDS),
    Key("schedule", "schedule"),
    Key("template_variables", "mapping"),
    Key("asset_directory", "any"),
)

DEFINITION_SECTIONS = ("collections", "dynamic_collections", "metadata", "overlays", "templates", "playlists")
#: what a collection/playlist/overlay/metadata file may hold at its top level
FILE_SECTIONS = ("collections", "dynamic_collections", "metadata", "overlays", "templates", "playlists",
                 "external_templates", "queues")


def suggest(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or nothing."""
    close = difflib.get_close_matches(str(word), sorted(choices), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""
