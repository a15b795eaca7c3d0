"""What overlays remember between runs, beside the config: backups of originals and per-item signatures.

``<config dir>/overlays/<library> Original Posters/<ratingKey>.<ext>`` holds each original
exactly as Plex served it (so a restore is byte-identical). ``<config dir>/overlays/state.json``
holds, per library and item: the poster URL the listing showed after our upload (``thumb``), the
stack's signature and the original's fingerprint. An item whose listing ``thumb`` and stack
signature both match costs nothing: no download, no render, no upload, no request.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from kometa.overlays.render import Layer

STATE_FILE = "state.json"
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


@dataclass
class Entry:
    thumb: str | None  # the listing's thumb after our upload
    signature: str
    original: str  # sha1 of the original's bytes
    file: str  # backup file name
    uploaded: str = ""  # sha1 of the poster we uploaded (tells "still ours" when Plex moves the address)
    level: str = ""  # "" the library's own items; "season" / "episode" (builder_level)
    source: str = ""  # reset_overlays: the base poster the original came from ("plex:..." / "tmdb:...")


def fingerprint(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


_FILES: dict[tuple[str, int, int], str] = {}


def file_fingerprint(path: str) -> str:
    """sha1 of a font or image file (remembered per size and mtime within a process)."""
    stat = os.stat(path)
    key = (path, stat.st_size, stat.st_mtime_ns)
    if key not in _FILES:
        _FILES[key] = fingerprint(Path(path).read_bytes())
    return _FILES[key]


@lru_cache(maxsize=4096)
def _frozen_json(value: Any) -> str:
    """A spec's or position's plain JSON (they are frozen, so shared by every item: made once)."""
    return json.dumps(asdict(value), sort_keys=True, default=str) if value is not None else "null"


def signature(original: str, canvas: tuple[int, int], layers: Iterable[Layer]) -> str:
    """Everything that decides the poster's pixels: the original, the canvas, every layer's spec,
    position and filled text, and the fingerprints of the image and font files they use."""
    parts: list[Any] = [original, list(canvas)]
    for layer in layers:
        spec = layer.spec
        files = [file_fingerprint(p) for p in (spec.image, spec.style.font) if p is not None]
        parts.append([_frozen_json(spec), _frozen_json(layer.position), layer.text, files])
    return fingerprint(json.dumps(parts).encode())


def image_extension(data: bytes) -> str:
    if data[:3] == b"\xff\xd8\xff":
        return "jpg"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return "img"


class OverlayState:
    """The state file and the backup folders of one config."""

    def __init__(self, config_dir: Path, writable: bool = True) -> None:
        self.root = config_dir / "overlays"
        self.path = self.root / STATE_FILE
        self.writable = writable
        self.data: dict[str, dict[str, dict[str, Any]]] = {}
        if self.path.is_file():
            try:
                loaded = json.loads(self.path.read_text(encoding="utf-8"))
                self.data = loaded.get("libraries", {}) if isinstance(loaded, dict) else {}
            except (OSError, ValueError):
                self.data = {}

    def library(self, name: str) -> dict[str, dict[str, Any]]:
        return self.data.setdefault(name, {})

    def get(self, library: str, rating_key: int) -> Entry | None:
        raw = self.data.get(library, {}).get(str(rating_key))
        return Entry(**raw) if raw else None

    def put(self, library: str, rating_key: int, entry: Entry) -> None:
        self.library(library)[str(rating_key)] = asdict(entry)

    def drop(self, library: str, rating_key: int) -> None:
        entry = self.get(library, rating_key)
        self.library(library).pop(str(rating_key), None)
        if entry is not None and self.writable:
            path = self.backup_dir(library) / entry.file
            if path.is_file():
                path.unlink()

    def keys(self, library: str, level: str | None = None) -> list[int]:
        """Rating keys we hold an entry for (of one ``level`` when given: "" the library's items)."""
        return [int(k) for k, raw in self.data.get(library, {}).items()
                if level is None or raw.get("level", "") == level]

    def levels(self, library: str) -> set[str]:
        """The levels (``season``, ``episode``) we hold entries of, besides the library's own items."""
        return {str(raw.get("level")) for raw in self.data.get(library, {}).values() if raw.get("level")}

    def backup_dir(self, library: str) -> Path:
        safe = "".join(c if c.isalnum() or c in " -_." else "_" for c in library)
        return self.root / f"{safe} Original Posters"

    def backup(self, library: str, rating_key: int, data: bytes) -> str:
        """Keep the original's bytes; returns the backup's file name."""
        name = f"{rating_key}.{image_extension(data)}"
        if self.writable:
            folder = self.backup_dir(library)
            folder.mkdir(parents=True, exist_ok=True)
            for old in folder.glob(f"{rating_key}.*"):
                if old.name != name:
                    old.unlink()
            tmp = folder / f".{name}.tmp"
            tmp.write_bytes(data)
            tmp.replace(folder / name)
        return name

    def original(self, library: str, entry: Entry) -> bytes | None:
        path = self.backup_dir(library) / entry.file
        return path.read_bytes() if path.is_file() else None

    def save(self) -> None:
        if not self.writable:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"version": 1, "libraries": self.data}, indent=1, sort_keys=True),
                       encoding="utf-8")
        tmp.replace(self.path)
