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
                        load: Loader | None = None) -> LoadResult:
    return _load(config, library, options, snapshot, load)


def playlist_definitions(config: Config, options: Options, load: Loader | None = None) -> LoadResult:
    return _load(config, None, options, None, load)
