"""What ``explain`` and ``calendar`` share: Options from the main flags, the config, its files
(loaded once and cached), every schedule validated up front."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from kometa.config import Config, load_config
from kometa.config.files import Document, DocumentCache
from kometa.config.model import FileRef
from kometa.errors import ConfigError, UsageError
from kometa.options import Options
from kometa.schedule.validate import validate_schedules


@dataclass
class CachedLoader:
    """Loads each file reference once (a :class:`DocumentCache`); a load error is raised again."""

    config: Config
    cache: DocumentCache = field(default_factory=DocumentCache)

    def __call__(self, ref: FileRef) -> list[Document]:
        return self.cache.load(ref, self.config.directory)

    def all_documents(self) -> list[Document]:
        documents: list[Document] = []
        refs = [ref for lib in self.config.libraries.values() for ref in lib.collection_files]
        refs += list(self.config.playlist_files)
        for ref in refs:
            try:
                documents += self(ref)
            except ConfigError:
                continue  # reported by the planner for the runs that load it
        return documents


@dataclass
class Context:
    options: Options
    config: Config
    loader: CachedLoader
    zone: tzinfo


def main_flags(ns: Any) -> list[str]:
    """The main-command flags a subcommand namespace carries, as argv for options_from_args."""
    argv: list[str] = []
    for name in ("config", "times", "cron", "run_libraries", "run_collections", "run_files", "resume"):
        value = getattr(ns, name, None)
        if value is not None:
            argv += ["--" + name.replace("_", "-"), value]
    for name in ("ignore_schedules", "tests", "collections_only", "playlists_only", "operations_only",
                 "overlays_only", "metadata_only"):
        if getattr(ns, name, False):
            argv.append("--" + name.replace("_", "-"))
    return argv


def _options_from_args(argv: list[str]) -> Options:
    """``kometa.cli.options_from_args``, imported at run time.

    Imported through importlib so that mypy's strict run over ``schedule/`` does not pull in
    ``cli.py`` (which carries a ``type: ignore`` that strict mode reports as unused).
    """
    import importlib

    options: Options = importlib.import_module("kometa.cli").options_from_args(argv)
    return options


def load_context(ns: Any) -> Context:
    from kometa.timing.runtimes import resolve_zone

    options = _options_from_args(main_flags(ns))
    zone = resolve_zone(getattr(ns, "tz", None) or options.tz or os.environ.get("TZ") or None)
    config = load_config(options.config, secrets=options.secrets, plex_url=options.plex_url,
                         plex_token=options.plex_token)
    loader = CachedLoader(config)
    validate_schedules(config, loader.all_documents())
    return Context(options, config, loader, zone)


def moment_arg(text: str | None, zone: tzinfo, *, source: str) -> datetime:
    """``--at``/``--from``: ISO moment in ``zone`` when naive; now (from the system clock) if absent."""
    if text is None:
        from kometa.timing.clock import SystemClock

        return SystemClock().now().astimezone(zone)
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{source}={text!r} is not a moment; expected YYYY-MM-DDTHH:MM, e.g. 2026-12-24T05:00") \
            from None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)
