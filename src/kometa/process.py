"""Process the config: for each library, what the config asks of Plex.

At this stage a run connects to each library's Plex server and checks that every configured
library exists there; collection and playlist processing arrives with its own feature.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime

from kometa.config.model import Config
from kometa.errors import KometaError
from kometa.options import Options
from kometa.plex.connection import ServerPool
from kometa.report import RunReport

log = logging.getLogger("kometa")


class Interrupted(Exception):
    """Raised at a safe point when the run was asked to stop (SIGTERM/SIGINT)."""


@dataclass
class RunContext:
    config: Config
    options: Options
    moment: datetime  # the run's scheduled moment (aware, local zone); "now" for immediate runs
    servers: ServerPool = field(default_factory=ServerPool)
    report: RunReport = field(default_factory=RunReport)
    stop: threading.Event = field(default_factory=threading.Event)

    @property
    def run_hour(self) -> int:
        return self.moment.hour

    def checkpoint(self) -> None:
        """A safe point: stop here if a signal asked the run to end."""
        if self.stop.is_set():
            raise Interrupted()


def process_config(ctx: RunContext) -> RunReport:
    wanted = set(ctx.options.split_names(ctx.options.run_libraries))
    for library in ctx.config.libraries.values():
        ctx.checkpoint()
        if wanted and library.mapping_name not in wanted and library.library_name not in wanted:
            continue
        result = ctx.report.library(library.mapping_name)
        started = time.monotonic()
        try:
            plex = library.plex or ctx.config.plex
            assert plex is not None  # the loader guarantees a server per library
            server = ctx.servers.get(plex)
            sections = {s.title: s for s in server.library.sections()}
            if library.library_name not in sections:
                names = ", ".join(sorted(sections)) or "none"
                raise KometaError(f"library '{library.library_name}' not found on Plex (it has: {names})")
            section = sections[library.library_name]
            log.info("Library %s: %s section with %d items", library.library_name, section.type, section.totalSize)
        except KometaError as exc:
            result.result, result.message = "failed", exc.message
            log.error("Library %s: %s", library.mapping_name, exc.message)
        result.seconds = time.monotonic() - started
    return ctx.report
