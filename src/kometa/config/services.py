"""The online services' sections of config.yml (``tmdb:``; more later), read when a run needs them.

A section is required only when something uses its service, so it is parsed on first use, not at
load: a config without ``tmdb:`` runs its Plex-only parts. :class:`ServiceSection` carries the
values and where the section was written (for "config.yml:12: tmdb: ..." messages).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kometa.config.model import Config
from kometa.config.yaml_io import file_of, line_of

PLACEHOLDERS = {"", "none", "null", "********", "<<tmdb_apikey>>", "your_api_key", "apikey"}


class SectionError(ValueError):
    """A service's section is missing or wrong; the message names the section and its place."""


@dataclass(frozen=True)
class ServiceSection:
    name: str
    values: dict[str, Any]
    where: str  # "config.yml:12" (or the config file's name when the section is absent)


def section(config: Config, name: str) -> ServiceSection:
    """The raw ``name:`` section, or SectionError when it is absent or not a mapping."""
    raw = config.raw
    file = str(config.path)
    if not isinstance(raw, Mapping) or raw.get(name) is None:
        raise SectionError(f"{file}: the '{name}:' section is missing (add {name}: with an apikey)")
    node = raw[name]
    where = f"{file_of(raw) or file}:{line_of(raw, name)}"
    if not isinstance(node, Mapping):
        raise SectionError(f"{where}: '{name}:' must be a mapping (apikey, language, ...)")
    return ServiceSection(name, dict(node), where)


@dataclass(frozen=True)
class TmdbSection:
    apikey: str
    language: str
    region: str | None
    cache_expiration: int
    where: str


def tmdb_section(config: Config) -> TmdbSection:
    """The ``tmdb:`` section checked (apikey, language, region, cache_expiration); SectionError if wrong."""
    s = section(config, "tmdb")
    node = config.raw["tmdb"]
    file = file_of(config.raw) or str(config.path)

    def at(key: str) -> str:
        line = line_of(node, key)
        return f"{file}:{line}" if line else s.where

    # an unknown key was warned about at load (kometa.config.service_keys); it is ignored here
    apikey = s.values.get("apikey")
    if apikey is None or str(apikey).strip().lower() in PLACEHOLDERS:
        raise SectionError(f"{at('apikey') if 'apikey' in s.values else s.where}: tmdb: apikey is missing (get a v3 "
                           f"API key at https://www.themoviedb.org/settings/api)")
    language = str(s.values.get("language") or "en").strip()
    match = re.fullmatch(r"([a-zA-Z]{2})(?:-([a-zA-Z]{2}))?", language)
    if match is None:
        raise SectionError(f"{at('language')}: tmdb: language must be an ISO 639-1 code, optionally with a "
                           f"country (e.g. en, pt-BR), got {s.values.get('language')!r}")
    language = match.group(1).lower() + (f"-{match.group(2).upper()}" if match.group(2) else "")
    region = s.values.get("region")
    if region is not None and not (isinstance(region, str) and re.fullmatch(r"[a-zA-Z]{2}", region.strip())):
        raise SectionError(f"{at('region')}: tmdb: region must be a two-letter country code (e.g. US), "
                           f"got {region!r}")
    days = s.values.get("cache_expiration", config.settings.get("cache_expiration", 60))
    if days is None:
        days = 60
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise SectionError(f"{at('cache_expiration')}: tmdb: cache_expiration must be a whole number of days "
                           f"(at least 1), "
                           f"got {days!r}")
    return TmdbSection(str(apikey).strip(), language, region.strip().upper() if region else None, days, s.where)


@dataclass(frozen=True)
class KeyedSection:
    """A section of an ``apikey`` and ``cache_expiration`` (days) only: ``mdblist:``, ``omdb:``."""

    apikey: str
    cache_expiration: int
    where: str


def keyed_section(config: Config, name: str, get_key: str) -> KeyedSection:
    """The ``name:`` section checked (``apikey``, ``cache_expiration``); SectionError naming the line
    if wrong (an unknown key was warned about at load and is ignored). ``get_key`` says where a key is had."""
    s = section(config, name)
    node = config.raw[name]
    file = file_of(config.raw) or config.path.name
    apikey = s.values.get("apikey")
    if apikey is None or str(apikey).strip().lower() in PLACEHOLDERS:
        raise SectionError(f"{s.where}: {name}: apikey is missing (get one at {get_key})")
    days = s.values.get("cache_expiration", config.settings.get("cache_expiration", 60))
    if days is None:
        days = 60
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise SectionError(f"{file}:{line_of(node, 'cache_expiration') or s.where.rsplit(':', 1)[-1]}: {name}: "
                           f"cache_expiration must be a whole number of days (at least 1), got {days!r}")
    return KeyedSection(str(apikey).strip(), days, s.where)
