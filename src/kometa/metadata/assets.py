"""Asset folders: posters and backgrounds from local image files, found by Kometa's naming rules.

Each ``asset_directory`` (one or several; relative ones beside config.yml; default ``assets``) is
searched for an item's folder name: the folder its media lives in (a movie's folder, a show's folder
above ``Season NN``), found directly or up to ``asset_depth`` sub-folders deep. With
``asset_folders: true`` (the default) the images are inside that folder::

    <asset_directory>/<folder>/poster.jpg            background.jpg
                              Season01.jpg           Season01_background.jpg   (Season00 = specials)
                              S01E02.jpg             S01E02_background.jpg

and with ``asset_folders: false`` they sit in the asset directory itself as ``<folder>.jpg``,
``<folder>_background.jpg``, ``<folder>_Season01.jpg``, ``<folder>_S01E02.jpg``. Extensions tried:
``.png``, ``.jpg``, ``.jpeg``, ``.webp``. The first asset directory holding a match wins.

The choice is pure (:func:`find_assets`); uploads then send only images whose bytes (sha1) differ
from the one kometa uploaded last time for that item (remembered in the state file), so an unchanged
asset is never re-uploaded. ``create_asset_folders: true`` creates the missing folders of items
(asset_folders mode); ``show_missing_assets`` (default true) logs the items with no asset.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

EXTENSIONS = (".png", ".jpg", ".jpeg", ".webp")
_SEASON_DIR = re.compile(r"^(season\s*\d+|specials|series\s*\d+|s\d+)$", re.IGNORECASE)


@dataclass(frozen=True)
class AssetSettings:
    directories: tuple[Path, ...]
    folders: bool = True
    depth: int = 0
    create_folders: bool = False
    show_missing: bool = True


@dataclass(frozen=True)
class Target:
    """Something that can get an asset: an item, season or episode, with its image names."""

    rating_key: int
    folder: str  # the folder name its assets are looked up by
    stem: str  # poster, Season01, S01E02
    label: str  # for log lines


@dataclass(frozen=True)
class Found:
    target: Target
    kind: str  # poster | background
    path: Path


def settings_from(raw: Mapping[str, Any], config_dir: Path) -> AssetSettings:
    """The asset settings of a library (ValueError names a bad value)."""
    value = raw.get("asset_directory")
    entries = [] if value is None else value if isinstance(value, list) else [value]
    dirs = tuple((Path(str(e)) if Path(str(e)).is_absolute() else config_dir / str(e)) for e in entries if e)
    depth = raw.get("asset_depth", 0)
    if depth is None:
        depth = 0
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 0:
        raise ValueError(f"asset_depth must be a whole number of at least 0, got {depth!r}")
    flags = {}
    for key, default in (("asset_folders", True), ("create_asset_folders", False), ("show_missing_assets", True)):
        flag = raw.get(key, default)
        flag = default if flag is None else flag
        if not isinstance(flag, bool):
            raise ValueError(f"{key} must be true or false, got {flag!r}")
        flags[key] = flag
    return AssetSettings(dirs or (config_dir / "assets",), flags["asset_folders"], depth,
                         flags["create_asset_folders"], flags["show_missing_assets"])


def media_folder(paths: Iterable[str]) -> str | None:
    """The folder name an item's assets go by: its media's folder (above a ``Season NN`` folder)."""
    for path in paths:
        parts = PurePosixPath(path.replace("\\", "/")).parts[:-1]
        if parts and _SEASON_DIR.match(parts[-1]) and len(parts) > 1:
            parts = parts[:-1]
        if parts:
            return parts[-1]
    return None


def _index(directory: Path, depth: int) -> dict[str, Path]:
    """Folder name (lower case) -> folder, searched ``depth`` levels below ``directory``."""
    out: dict[str, Path] = {}
    level = [directory]
    for _ in range(depth + 1):
        nxt: list[Path] = []
        for folder in level:
            try:
                children = sorted(p for p in folder.iterdir() if p.is_dir())
            except OSError:
                continue
            for child in children:
                out.setdefault(child.name.lower(), child)
                nxt.append(child)
        level = nxt
    return out


def _files(directory: Path) -> dict[str, Path]:
    try:
        return {p.name.lower(): p for p in directory.iterdir() if p.is_file()}
    except OSError:
        return {}


def _pick(files: Mapping[str, Path], stem: str) -> Path | None:
    for ext in EXTENSIONS:
        found = files.get(f"{stem}{ext}".lower())
        if found is not None:
            return found
    return None


def find_assets(settings: AssetSettings, targets: Iterable[Target]) -> tuple[list[Found], list[Target]]:
    """The images for each target (first directory with a match wins) and the targets with none."""
    indexes = [(d, _index(d, settings.depth) if settings.folders else {}, _files(d)) for d in settings.directories]
    folder_files: dict[Path, dict[str, Path]] = {}
    found: list[Found] = []
    missing: list[Target] = []
    for target in targets:
        hit = False
        for _directory, index, flat in indexes:
            if settings.folders:
                folder = index.get(target.folder.lower())
                if folder is None:
                    continue
                files = folder_files.setdefault(folder, _files(folder))
                names = {"poster": target.stem, "background": "background" if target.stem == "poster"
                         else f"{target.stem}_background"}
            else:
                files = flat
                base = target.folder if target.stem == "poster" else f"{target.folder}_{target.stem}"
                names = {"poster": base, "background": f"{base}_background"}
            matches = [(kind, _pick(files, stem)) for kind, stem in names.items()]
            matches = [(kind, path) for kind, path in matches if path is not None]
            if matches:
                found += [Found(target, kind, path) for kind, path in matches]  # type: ignore[arg-type]
                hit = True
                break
        if not hit:
            missing.append(target)
    return found, missing


def fingerprint(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()  # noqa: S324 - a content fingerprint, not security
