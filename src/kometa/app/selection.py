"""Run-selection flags checked against the config before a run: a name that matches nothing is an
error listing what exists (``--run-libraries``, ``--run-collections``, ``--resume``).

Library names match a library's mapping name (as the run's plan does). Collection names are matched
against the definitions that can be known without Plex; a file with ``dynamic_collections`` makes
names that only Plex's values decide, so then an unknown collection name is not an error.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from kometa.config.definitions import load_definitions
from kometa.config.files import Document, load_documents
from kometa.config.model import Config, FileRef
from kometa.core.errors import ConfigError, UsageError
from kometa.core.options import Options

Loader = Callable[[FileRef, Path], list[Document]]


def _listed(names: list[str] | set[str], limit: int = 12) -> str:
    shown = sorted(names)
    more = f", ... ({len(shown) - limit} more)" if len(shown) > limit else ""
    return ", ".join(shown[:limit]) + more if shown else "none"


def check_selection(config: Config, options: Options, load: Loader = load_documents) -> None:
    wanted = Options.split_names(options.run_libraries)
    if wanted:
        known = set(config.libraries)
        missing = [name for name in wanted if name not in known]
        if missing:
            raise UsageError(f"--run-libraries: no library '{missing[0]}' in {config.path} (libraries: "
                             f"{_listed(set(config.libraries))})")
    collections = Options.split_names(options.run_collections)
    resume = [options.resume] if options.resume else []
    if not collections and not resume:
        return
    names: set[str] = set()
    dynamic = False
    for library in config.libraries.values():
        if wanted and library.mapping_name not in wanted:
            continue
        errors: list[ConfigError] = []
        found = load_definitions(config, library, options, errors=errors, load=load)
        names.update(d.name for d in found)
        names.update(d.title for d in found)
        dynamic = dynamic or bool(found.synced_sets) or _has_dynamic(library.collection_files, config, load)
    if dynamic:
        return
    for flag, chosen in (("--run-collections", collections), ("--resume", resume)):
        missing = [name for name in chosen if name not in names]
        if missing:
            raise UsageError(f"{flag}: no collection '{missing[0]}' in the config's collection files "
                             f"(collections: {_listed(names)})")


def _has_dynamic(refs: tuple[FileRef, ...], config: Config, load: Loader) -> bool:
    for ref in refs:
        try:
            documents = load(ref, config.directory)
        except ConfigError:
            continue
        if any(isinstance(d.data, Mapping) and d.data.get("dynamic_collections") for d in documents):
            return True
    return False
