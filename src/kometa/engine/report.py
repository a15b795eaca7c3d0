"""What a run did: per-library outcomes and per-collection rows, for the summary and history."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Protocol


@dataclass
class ItemRow:
    """One collection or playlist line of the summary table."""

    name: str
    kind: str = "collection"  # collection | playlist
    status: str = "Unchanged"
    added: int = 0
    unchanged: int = 0
    removed: int = 0
    seconds: float = 0.0
    error: str | None = None
    note: str | None = None  # an explanation that is not a failure (e.g. why a row is "Ignored")
    missing: int = 0  # titles an online builder named that the library does not hold


LOAD_ERROR = "Load Error"


class Located(Protocol):
    message: str
    file: str | None
    line: int | None


def load_failure_rows(errors: Iterable[Located], kind: str = "collection") -> list[ItemRow]:
    """One summary row per file or definition that failed to load (named by file:line), so the
    library's table shows the failure beside what ran, and the run counts it once."""
    rows = []
    for error in errors:
        name = PurePath(error.file).name if error.file else "config"
        if error.file and error.line is not None:
            name += f":{error.line}"
        rows.append(ItemRow(name, kind, LOAD_ERROR, error=error.message))
    return rows


@dataclass
class LibraryResult:
    name: str
    result: str = "success"  # success | failed | skipped | interrupted
    message: str = ""
    seconds: float = 0.0
    rows: list[ItemRow] = field(default_factory=list)


@dataclass
class RunReport:
    libraries: list[LibraryResult] = field(default_factory=list)
    playlists: list[ItemRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    online: list[str] = field(default_factory=list)  # per online service: requests, cache, trouble
    convert: list[str] = field(default_factory=list)  # Convert Summary: items with no TMDb id
    not_done: list[str] = field(default_factory=list)  # located lines: parts this version does not do yet
    playlist_report: list[tuple[str, str]] = field(default_factory=list)  # (playlist, its users): playlist_report

    def library(self, name: str) -> LibraryResult:
        for item in self.libraries:
            if item.name == name:
                return item
        result = LibraryResult(name)
        self.libraries.append(result)
        return result

    @property
    def failed(self) -> bool:
        return bool(self.errors) or bool(self.not_done) or any(lib.result == "failed" for lib in self.libraries) or any(
            row.error for lib in self.libraries for row in lib.rows) or any(row.error for row in self.playlists)

    def per_library(self) -> dict[str, dict[str, str]]:
        return {lib.name: {"result": lib.result, "message": lib.message} for lib in self.libraries}

    def failure_summary(self) -> str:
        """One line naming what failed, for the run history."""
        parts = list(self.errors)
        if self.not_done:
            parts.append(f"{len(self.not_done)} part(s) not done by this version")
        parts += [f"{lib.name}: {lib.message}" for lib in self.libraries if lib.result == "failed"]
        parts += [f"{lib.name}/{row.name}: {row.error}" for lib in self.libraries for row in lib.rows if row.error]
        parts += [f"playlist {row.name}: {row.error}" for row in self.playlists if row.error]
        return "; ".join(parts)[:1000]
