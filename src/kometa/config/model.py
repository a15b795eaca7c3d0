"""The shape of ``config.yml`` once loaded and checked: plain dataclasses with locations.

Raw YAML nodes stay attached (``node``) so later stages (schedules, collection definitions) can
still report ``file:line`` for what they find inside.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any


@dataclass(frozen=True)
class Located:
    """A raw config value with where it was written."""

    value: Any
    file: str | None = None
    line: int | None = None

    @property
    def where(self) -> str:
        if self.file is None:
            return "<config>"
        return f"{self.file}:{self.line}" if self.line is not None else self.file


@dataclass(frozen=True)
class PlexConfig:
    url: str
    token: str
    timeout: float = 60.0
    verify_ssl: bool = True
    db_cache: int | None = None  # MB: the server's DatabaseCacheSize, set when it differs (engine/server_prefs.py)


@dataclass(frozen=True)
class FileRef:
    """One entry of ``collection_files``/``metadata_files``/``overlay_files``/``playlist_files``."""

    kind: str  # file | folder | url | default | git | repo
    location: str
    schedule: Located | None = None
    template_variables: dict[str, Any] = field(default_factory=dict)
    asset_directory: tuple[str, ...] = ()
    file: str | None = None
    line: int | None = None
    section: str = ""  # the list it was read from: collection_files, overlay_files, external_templates, ...
    # the variables the user wrote in the entry -> their lines (None: not read from a config)
    variable_lines: dict[str, int | None] | None = field(default=None, compare=False)

    @property
    def name(self) -> str:
        """The name ``--run-files`` matches: last path segment without ``.yml``/``.yaml``."""
        last = PurePath(self.location.replace("\\", "/")).name if self.kind != "url" else \
            self.location.rstrip("/").rsplit("/", 1)[-1]
        for ext in (".yml", ".yaml"):
            if last.lower().endswith(ext):
                return last[: -len(ext)]
        return last

    @property
    def where(self) -> str:
        return Located(None, self.file, self.line).where


@dataclass(frozen=True)
class LibraryConfig:
    mapping_name: str
    library_name: str
    schedule: Located | None = None
    collection_files: tuple[FileRef, ...] = ()
    metadata_files: tuple[FileRef, ...] = ()
    overlay_files: tuple[FileRef, ...] = ()
    image_files: tuple[FileRef, ...] = ()
    operations: Located | None = None
    schedule_overlays: Located | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    template_variables: dict[str, Any] = field(default_factory=dict)
    plex: PlexConfig | None = None
    file: str | None = None
    line: int | None = None
    node: Any = None
    overlay_flags: dict[str, Any] = field(default_factory=dict)  # remove_overlays, reapply_overlays, ...

    @property
    def where(self) -> str:
        return Located(None, self.file, self.line).where


@dataclass(frozen=True)
class Config:
    path: Path
    libraries: dict[str, LibraryConfig]
    playlist_files: tuple[FileRef, ...] = ()
    settings: dict[str, Any] = field(default_factory=dict)
    plex: PlexConfig | None = None
    raw: Any = None
    warnings: tuple[Any, ...] = ()  # kometa.config.problems.Notice: located warnings from loading

    @property
    def directory(self) -> Path:
        return self.path.parent

    def file_refs(self) -> list[FileRef]:
        """Every file reference in the config: each library's files, then the playlist files."""
        refs = [ref for lib in self.libraries.values()
                for ref in (*lib.collection_files, *lib.metadata_files, *lib.overlay_files, *lib.image_files)]
        return [*refs, *self.playlist_files]
