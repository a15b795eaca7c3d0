"""What an event says changed (:class:`Change`) and what a scoped run covers (:class:`Scope`).

Pure data, JSON both ways: the waiter collects changes from its event sources, merges a burst of
them into one :class:`Scope`, and hands it to the child run in ``KOMETA_INTERNAL_SCOPE``. Nothing
in a scope can name a config or a command: a scope only narrows a run of the configured config to
some libraries (by Plex section id, library name or media type), collections or files.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from typing import Any

SCOPE_ENV = "KOMETA_INTERNAL_SCOPE"
KINDS = ("added", "updated", "deleted", "run")
MEDIA = ("movie", "show", "artist")


@dataclass(frozen=True)
class Change:
    """One thing that happened, as its source reported it."""

    source: str  # plex | plex-webhook | sonarr | radarr | tautulli | run
    kind: str  # added | updated | deleted | run (a generic POST /run)
    section: str | None = None  # Plex library section id
    server: str | None = None  # the Plex URL whose websocket said so (section ids repeat across servers)
    library: str | None = None  # a library name (the config's mapping name or the Plex title)
    media: str | None = None  # movie | show | artist: every library of that type
    rating_keys: tuple[str, ...] = ()
    guids: tuple[str, ...] = ()  # imdb://tt…, tmdb://…, tvdb://…
    paths: tuple[str, ...] = ()
    collections: tuple[str, ...] = ()  # POST /run: only these collections
    files: tuple[str, ...] = ()  # POST /run: only these collection files
    title: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"change kind {self.kind!r} is not one of {', '.join(KINDS)}")
        if self.media is not None and self.media not in MEDIA:
            raise ValueError(f"media {self.media!r} is not one of {', '.join(MEDIA)}")

    @property
    def whole_config(self) -> bool:
        """A change that names no library, type, collection or file: a run of everything."""
        return not (self.section or self.library or self.media or self.collections or self.files)

    def describe(self) -> str:
        what = self.title or ", ".join(self.rating_keys[:3]) or ", ".join(self.guids[:2])
        where = self.library or (f"section {self.section}" if self.section else self.media or "")
        return " ".join(part for part in (self.source, self.kind, what and f"'{what}'", where and f"in {where}")
                        if part)


@dataclass(frozen=True)
class Scope:
    """The changes one scoped run covers (a coalesced burst)."""

    changes: tuple[Change, ...] = field(default_factory=tuple)

    @classmethod
    def of(cls, changes: Iterable[Change]) -> Scope:
        unique = tuple(dict.fromkeys(changes))  # a burst repeats itself (created, then processed)
        return cls(unique)

    @property
    def whole_config(self) -> bool:
        return any(change.whole_config for change in self.changes)

    def sections(self) -> set[str]:
        return {c.section for c in self.changes if c.section}

    def library_names(self) -> set[str]:
        return {c.library for c in self.changes if c.library}

    def media(self) -> set[str]:
        return {c.media for c in self.changes if c.media and not (c.section or c.library)}

    def collections(self) -> set[str]:
        """Collection names, when every change is limited to collections (else: no such limit)."""
        if any(not c.collections for c in self.changes):
            return set()
        return {name for c in self.changes for name in c.collections}

    def files(self) -> set[str]:
        if any(not c.files for c in self.changes):
            return set()
        return {name for c in self.changes for name in c.files}

    def rating_keys(self) -> set[str]:
        return {key for c in self.changes for key in c.rating_keys}

    def describe(self) -> str:
        if not self.changes:
            return "nothing"
        shown = "; ".join(c.describe() for c in self.changes[:3])
        more = f"; and {len(self.changes) - 3} more" if len(self.changes) > 3 else ""
        return f"{len(self.changes)} change(s): {shown}{more}"

    def to_json(self) -> str:
        return json.dumps([{k: v for k, v in asdict(c).items() if v not in (None, (), "")} for c in self.changes])

    @classmethod
    def from_json(cls, text: str) -> Scope:
        """The waiter's own hand-over; raises ValueError on anything else."""
        data = json.loads(text)
        if not isinstance(data, list):
            raise ValueError("a scope is a JSON list of changes")
        names = {f.name for f in fields(Change)}
        changes = []
        for raw in data:
            if not isinstance(raw, dict) or not set(raw) <= names:
                raise ValueError(f"not a change: {raw!r}")
            values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()}
            changes.append(Change(**values))
        return cls(tuple(changes))
