"""Where collection and playlist definitions come from: the config language's loader.

``kometa.config.definitions.load_definitions`` expands templates and generates dynamic
collections; the engine passes it the library snapshot (the values dynamic collections are made
of). A file or definition that cannot be loaded becomes one error line (``file:line``) and the
rest still load.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from kometa.config.definitions import Definition, Loader, load_definitions
from kometa.config.files import load_documents
from kometa.config.model import Config, LibraryConfig
from kometa.core.errors import ConfigError
from kometa.core.options import Options

log = logging.getLogger("kometa")

__all__ = ["Definition", "LoadResult", "library_definitions", "playlist_definitions"]


@dataclass
class LoadResult:
    definitions: list[Definition]
    errors: list[str]  # files or definitions that failed to load (one line each)
    synced_sets: set[str] = field(default_factory=set)  # dynamic sets with sync: true
    failures: list[ConfigError] = field(default_factory=list)  # the same errors, with their file and line


def _load(config: Config, library: LibraryConfig | None, options: Options, values: Any,
          load: Loader | None) -> LoadResult:
    errors: list[ConfigError] = []  # each one logged once, where it was collected
    found = load_definitions(config, library, options, values=values, errors=errors, load=load or load_documents)
    return LoadResult(list(found), [error.message for error in errors], set(getattr(found, "synced_sets", set())),
                      failures=errors)


def library_definitions(config: Config, library: LibraryConfig, options: Options, snapshot: Any,
                        load: Loader | None = None, award_years: Any = None, choices: Any = None,
                        credits: Any = None) -> LoadResult:
    """``award_years`` (``event_id -> editions``, see ``sources.imdb_award.award_years_of``) lets
    ``imdb_awards`` dynamic collections ask IMDb, ``choices`` (``filter -> {key: title}``) lets
    audio/subtitle language sets ask Plex, ``credits`` (``() -> {rating key: {role: names}}``) lets
    writer/producer sets read the credits the listing lacks; without them those sets generate
    nothing (writer/producer: from what the listing holds)."""
    if (award_years is not None or choices is not None or credits is not None) and snapshot is not None:
        from kometa.config.dynamic import RunValues, as_library_values
        snapshot = RunValues(as_library_values(snapshot), award_years, choices, credits)
    return _load(config, library, options, snapshot, load)


def run_lookups(online: Any, server: Any, snapshot: Any) -> dict[str, Any]:
    """``award_years`` and ``choices`` for :func:`library_definitions` in a run: IMDb's award editions
    (None when the run is offline) and Plex's filter values of the library (audio/subtitle languages)."""
    award_years = None
    if online is not None:
        from kometa.sources.imdb_award import award_years_of
        award_years = award_years_of(online.imdb)
    from kometa.plex.credits import read_credits
    from kometa.plex.snapshot import read_choices
    return {"award_years": award_years,
            "choices": lambda name: read_choices(server, snapshot.section_id, name),
            "credits": lambda: read_credits(server, list(snapshot.items))}


def playlist_definitions(config: Config, options: Options, load: Loader | None = None) -> LoadResult:
    return _load(config, None, options, None, load)
