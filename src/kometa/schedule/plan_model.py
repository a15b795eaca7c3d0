"""What a run will do, as data: the result of :func:`kometa.schedule.plan.plan_run`.

A :class:`Plan` holds, per library, a :class:`Decision` (run / skip and why) for the library, each
file, each collection definition, the overlays and each operations block; the global playlist files
with their playlists; and the plex maintenance keys. ``to_dict()`` gives the JSON form.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

from kometa.schedule.rules import Rule, Verdict


class Status(Enum):
    RUN = "run"
    SKIP = "skip"
    NON_EXISTING = "non_existing"  # runs only if the collection/playlist does not exist yet


@dataclass(frozen=True)
class Decision:
    """Whether one part runs, and why. ``schedule`` is the expression as written."""

    status: Status
    reason: str
    schedule: str | None = None
    describe: str | None = None
    explanation: tuple[str, ...] = ()
    verdict: Verdict | None = None
    where: str | None = None
    rule: Rule | None = field(default=None, compare=False, repr=False)

    @property
    def runs(self) -> bool:
        return self.status is Status.RUN

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status.value,
            "reason": self.reason,
            "schedule": self.schedule,
            "describe": self.describe,
            "explanation": list(self.explanation),
            "verdict": self.verdict.value if self.verdict else None,
            "where": self.where,
        }


@dataclass
class DefinitionPlan:
    """A collection or playlist definition: run, skip, or run only if it does not exist."""

    name: str
    kind: str  # "collection" | "playlist"
    decision: Decision
    delete_not_scheduled: bool = False  # skipped by its own schedule and the setting is on
    visible: dict[str, bool] = field(default_factory=dict)  # visible_* key -> visible at this run

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, **self.decision.to_dict(),
                "delete_not_scheduled": self.delete_not_scheduled, "visible": dict(self.visible)}


@dataclass
class FilePlan:
    kind: str  # collection_files | metadata_files | image_files | overlay_files | playlist_files
    name: str  # the --run-files name
    location: str
    decision: Decision
    definitions: list[DefinitionPlan] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "name": self.name, "location": self.location, **self.decision.to_dict(),
                "sources": list(self.sources), "error": self.error,
                "definitions": [d.to_dict() for d in self.definitions]}


@dataclass
class OperationPlan:
    index: int
    operations: tuple[str, ...]
    decision: Decision

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "operations": list(self.operations), **self.decision.to_dict()}


@dataclass
class LibraryPlan:
    mapping_name: str
    library_name: str
    decision: Decision
    files: list[FilePlan] = field(default_factory=list)
    overlays: Decision | None = None
    operations: list[OperationPlan] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"mapping_name": self.mapping_name, "library_name": self.library_name, **self.decision.to_dict(),
                "files": [f.to_dict() for f in self.files],
                "overlays": self.overlays.to_dict() if self.overlays else None,
                "operations": [o.to_dict() for o in self.operations]}


@dataclass
class Plan:
    moment: datetime
    run_hour: int
    libraries: list[LibraryPlan] = field(default_factory=list)
    playlist_files: list[FilePlan] = field(default_factory=list)
    plex: dict[str, Decision] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def definitions(self) -> Iterator[tuple[str | None, FilePlan, DefinitionPlan]]:
        """(library mapping name or None for playlists, file, definition) for every definition."""
        for library in self.libraries:
            for file in library.files:
                for definition in file.definitions:
                    yield library.mapping_name, file, definition
        for file in self.playlist_files:
            for definition in file.definitions:
                yield None, file, definition

    def parts(self) -> Iterator[tuple[str, str, str, str, Decision]]:
        """(part, library, file, name, decision) for everything decided, in plan order.

        ``part`` is library, collection_files/metadata_files/..., collection, playlist, overlays,
        operations or plex; ``library``/``file`` are "" where they do not apply.
        """
        for library in self.libraries:
            lib = library.mapping_name
            yield "library", lib, "", lib, library.decision
            for operation in library.operations:
                yield "operations", lib, "", ", ".join(operation.operations), operation.decision
            for file in library.files:
                yield file.kind, lib, file.name, file.name, file.decision
                for definition in file.definitions:
                    yield definition.kind, lib, file.name, definition.name, definition.decision
            if library.overlays is not None:
                yield "overlays", lib, "", "overlays", library.overlays
        for file in self.playlist_files:
            yield file.kind, "", file.name, file.name, file.decision
            for definition in file.definitions:
                yield definition.kind, "", file.name, definition.name, definition.decision
        for key, decision in self.plex.items():
            yield "plex", "", "", key, decision

    def library(self, mapping_name: str) -> LibraryPlan:
        for library in self.libraries:
            if library.mapping_name == mapping_name:
                return library
        raise KeyError(mapping_name)

    def to_dict(self) -> dict[str, Any]:
        return {"moment": self.moment.isoformat(), "run_hour": self.run_hour,
                "libraries": [lib.to_dict() for lib in self.libraries],
                "playlist_files": [f.to_dict() for f in self.playlist_files],
                "plex": {k: v.to_dict() for k, v in self.plex.items()},
                "warnings": list(self.warnings)}
