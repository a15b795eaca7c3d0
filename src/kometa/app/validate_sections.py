"""``--validate``: the service sections of config.yml (``tmdb:``, ``trakt:``, ``radarr:``, ...) that are
written, each checked as a run reads it — without contacting the service.

A run reads a section only when something needs its service, so without ``--validate`` a mistake in
a section nothing uses never shows. Here every written section is read: a wrong value is a located
error; a section whose credentials are missing or left as the template's placeholder is a located
warning (Kometa logs that service as not connected and runs on; whatever uses it is reported as an
error where it is used, by the checks of operations and builders).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from kometa.config.model import Config
from kometa.config.problems import Notice, Problems
from kometa.core.errors import ConfigError


def _parsers() -> dict[str, Callable[[Config], Any]]:
    from kometa.config.anidb_section import anidb_section
    from kometa.config.arr_section import arr_section
    from kometa.config.mal_section import mal_section
    from kometa.config.services import keyed_section, tmdb_section
    from kometa.config.tautulli_section import tautulli_section
    from kometa.config.trakt_section import trakt_section

    return {
        "tmdb": tmdb_section,
        "mdblist": lambda config: keyed_section(config, "mdblist", "https://mdblist.com/preferences/"),
        "omdb": lambda config: keyed_section(config, "omdb", "https://www.omdbapi.com/apikey.aspx"),
        "trakt": trakt_section,
        "mal": mal_section,
        "tautulli": tautulli_section,
        "radarr": lambda config: arr_section(config, "radarr"),
        "sonarr": lambda config: arr_section(config, "sonarr"),
        "anidb": anidb_section,
    }


def located(message: str) -> tuple[str | None, int | None, str]:
    """(file, line, text) of a ``file:line: text`` message (file and line None when it has none)."""
    head, sep, rest = message.partition(": ")
    file, _, line = head.rpartition(":")
    if sep and file and line.isdigit():
        return file, int(line), rest
    return None, None, message


def check_service_sections(config: Config, problems: Problems) -> None:
    """Every written service section, read as a run reads it; its mistakes into ``problems``."""
    from kometa.config.services import SectionError

    raw = config.raw
    if not isinstance(raw, Mapping):
        return
    for name, parse in _parsers().items():
        if raw.get(name) is None:  # absent or blank: only what uses the service needs it
            continue
        try:
            parse(config)
        except SectionError as exc:
            if any(str(exc) in known.message for known in problems.errors):
                continue  # already reported by what uses the service ("... needs the tmdb: section (...)")
            file, line, text = located(str(exc))
            if " is missing" in text:
                notice = Notice(f"{text}; whatever uses {name} cannot run until it is set", file, line)
                if notice not in problems.warnings:
                    problems.warnings.append(notice)
            else:
                problems.error(ConfigError(text, file=file, line=line))

