"""The keys each service section of config.yml takes (``tmdb:``, ``radarr:``, ``webhooks:``, ...).

One table per section, the single source for three readers: the loader, which warns at a key's own
line when a section holds a key its table lacks (Kometa ignores such a key, so the run goes on; the
warning says which key was probably meant), each section's parser (``config/*_section.py``,
``notify/config.py``), which reads only these keys, and the published JSON Schema
(:mod:`kometa.config.schema`), which describes each section's properties from the same tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kometa.config.arr_options import AVAILABILITY, SERIES_TYPES, SONARR_MONITOR
from kometa.config.keys import Key, suggest
from kometa.config.problems import Problems


def _t(*keys: Key) -> dict[str, Key]:
    return {key.name: key for key in keys}


def _days(service: str) -> Key:
    return Key("cache_expiration", "int", 60, minimum=1, doc=f"days {service} answers are kept in the cache")


def _apikey(service: str) -> Key:
    return Key("apikey", "str", doc=f"your {service} API key")


TMDB = _t(_apikey("TMDb (v3)"), Key("language", "str", "en", doc="ISO 639-1 code, optionally with a country (pt-BR)"),
          Key("region", "str", doc="two-letter country code (e.g. US)"), _days("TMDb"))
OMDB = _t(_apikey("OMDb"), _days("OMDb"))
MDBLIST = _t(_apikey("MDBList"), _days("MDBList"))
TRAKT_TOKENS = ("access_token", "token_type", "expires_in", "refresh_token", "scope", "created_at")
TRAKT = _t(Key("client_id", "str"), Key("client_secret", "str"), Key("pin", "str", doc="the PIN of a first sign-in"),
           Key("force_refresh", "bool", False, "unused"),
           Key("authorization", "mapping", doc="the tokens of the sign-in (written by this tool)"))
MAL_TOKENS = ("access_token", "token_type", "expires_in", "refresh_token")
MAL = _t(Key("client_id", "str"), Key("client_secret", "str"),
         Key("localhost_url", "str", doc="the address MyAnimeList sent the browser to at sign-in"), _days("MyAnimeList"),
         Key("authorization", "mapping", doc="the tokens of the sign-in (written by this tool)"))
ANIDB = _t(Key("language", "str", "en", doc="the language of anidb_official titles (ISO 639-1)"), _days("AniDB"),
           Key("enable_mature", "bool", False),
           *(Key(name, "str", status="unused", doc="older Kometa login key (AniDB needs no login here)")
             for name in ("client", "version", "username", "password")))
TAUTULLI = _t(Key("url", "str", doc="Tautulli's address (http://HOST:8181)"), _apikey("Tautulli"))
_ARR = (Key("url", "str", doc="the app's address (http://HOST:PORT)"), Key("token", "str", doc="the app's API key"),
        Key("add_missing", "bool", False), Key("add_existing", "bool", False), Key("upgrade_existing", "bool", False),
        Key("monitor_existing", "bool", False), Key("ignore_cache", "bool", False),
        Key("root_folder_path", "str"), Key("quality_profile", "str"), Key("tag", "any"), Key("search", "bool", False),
        Key("plex_path", "str", doc="the part of Plex's folders the app sees as its own path"))
RADARR = _t(*_ARR, Key("monitor", "bool", True), Key("availability", "enum", "announced", choices=tuple(AVAILABILITY)),
            Key("radarr_path", "str"))
SONARR = _t(*_ARR, Key("monitor", "enum_or_bool", "all", choices=tuple(SONARR_MONITOR),
                       doc="true: all, false: none"), Key("language_profile", "str"),
            Key("series_type", "enum", "standard", choices=SERIES_TYPES), Key("season_folder", "bool", True),
            Key("cutoff_search", "bool", False), Key("sonarr_path", "str"))
NOTIFIARR = _t(_apikey("Notifiarr"))
GOTIFY = _t(Key("url", "str"), Key("token", "str"))
NTFY = _t(Key("url", "str"), Key("topic", "str"), Key("token", "str"))
APPRISE = _t(Key("config", "str", doc="an Apprise config file or URL"))
GITHUB = _t(Key("token", "str", doc="a GitHub personal access token"))
WEBHOOK_EVENTS = ("error", "version", "run_start", "run_end", "changes", "delete")
#: Plex Meta Manager's change events, which Kometa reads as ``changes``
OLD_CHANGES = ("collection_creation", "collection_addition", "collection_removal", "collection_changes")
WEBHOOKS = _t(*(Key(name, "any", doc="a webhook or a list of them") for name in WEBHOOK_EVENTS),
              *(Key(name, "any", status="legacy", doc="old PMM form of changes") for name in OLD_CHANGES))

SECTION_KEYS: dict[str, dict[str, Key]] = {
    "tmdb": TMDB, "omdb": OMDB, "mdblist": MDBLIST, "trakt": TRAKT, "mal": MAL, "anidb": ANIDB,
    "tautulli": TAUTULLI, "radarr": RADARR, "sonarr": SONARR, "notifiarr": NOTIFIARR, "gotify": GOTIFY,
    "ntfy": NTFY, "apprise": APPRISE, "github": GITHUB, "webhooks": WEBHOOKS,
}
#: a section's nested mapping -> the keys it takes
NESTED: dict[tuple[str, str], tuple[str, ...]] = {("trakt", "authorization"): TRAKT_TOKENS,
                                                  ("mal", "authorization"): MAL_TOKENS}
#: a library's own ``radarr:``/``sonarr:`` mapping also takes PMM's ``add`` (read as add_missing)
LIBRARY_EXTRA = ("add",)


def names(section: str) -> tuple[str, ...]:
    """The keys ``section`` takes, in the table's order."""
    return tuple(SECTION_KEYS[section])


def _unknown(node: Mapping[Any, Any], allowed: tuple[str, ...], label: str, problems: Problems) -> None:
    for key in node:
        if str(key) not in allowed:
            problems.warn_at(f"{label}: unknown key '{key}' is ignored{suggest(str(key), allowed)}; {label} takes "
                             f"{', '.join(allowed)}", node, key)


def check_section_keys(name: str, node: Any, problems: Problems, *, label: str | None = None,
                       extra: tuple[str, ...] = ()) -> None:
    """A located warning for each key of the ``name:`` section ``node`` its table lacks (and of its
    nested mappings); a node that is not a mapping is its parser's business."""
    if name not in SECTION_KEYS or not isinstance(node, Mapping):
        return
    label = label or name
    _unknown(node, names(name) + extra, label, problems)
    for (section, key), allowed in NESTED.items():
        if section == name and isinstance(node.get(key), Mapping):
            _unknown(node[key], allowed, f"{label}: {key}", problems)


def check_services(raw: Any, problems: Problems) -> None:
    """Every top-level service section's keys checked (warnings only: Kometa ignores unknown keys)."""
    if not isinstance(raw, Mapping):
        return
    for name in SECTION_KEYS:
        check_section_keys(name, raw.get(name), problems)


def check_library_services(library: str, node: Any, problems: Problems) -> None:
    """A library's own ``radarr:``/``sonarr:``/``tautulli:`` mapping's keys checked likewise."""
    if not isinstance(node, Mapping):
        return
    for name in ("radarr", "sonarr", "tautulli"):
        check_section_keys(name, node.get(name), problems, label=f"library '{library}' {name}",
                           extra=LIBRARY_EXTRA if name != "tautulli" else ())
