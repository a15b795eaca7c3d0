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
from kometa.core.errors import ConfigError, UsageError
from kometa.core.options import Options
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


def load_context(ns: Any, options: Options) -> Context:
    """Options (built by the command line from the main flags in ``ns``), the config and its files."""
    from kometa.timing.runtimes import resolve_zone

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
