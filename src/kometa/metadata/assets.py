"""Asset folders: posters and backgrounds from local image files, found by Kometa's naming rules.

Each ``asset_directory`` (one or several; relative ones beside config.yml; default ``assets``) is
searched for an item's folder name: the folder its media lives in (a movie's folder, a show's folder
above ``Season NN``), found directly or up to ``asset_depth`` sub-folders deep. With
``asset_folders: true`` (the default) the images are inside that folder::

    <asset_directory>/<folder>/poster.jpg            background.jpg            logo.png   square.jpg
                              Season01.jpg           Season01_background.jpg   (Season00 = specials)
                              S01E02.jpg             S01E02_background.jpg     S01E02_logo, S01E02_square

and with ``asset_folders: false`` they sit in the asset directory itself as ``<folder>.jpg``,
``<folder>_background.jpg`` (``_logo``, ``_square``), ``<folder>_Season01.jpg``, ``<folder>_S01E02.jpg``. Extensions tried:
``.png``, ``.jpg``, ``.jpeg``, ``.webp``. The first asset directory holding a match wins.

The choice is pure (:func:`find_assets`); uploads then send only images whose bytes (sha1) differ
from the one kometa uploaded last time for that item (remembered in the state file), so an unchanged
asset is never re-uploaded. ``create_asset_folders: true`` creates the missing folders of items
(asset_folders mode); ``show_missing_assets`` (default true) logs the items with no asset,
``show_missing_season_assets`` / ``show_missing_episode_assets`` (default false) the seasons (and
albums) / episodes with none; ``show_asset_not_needed`` (default true) logs an asset not uploaded
because it is unchanged.

Collections find theirs by their name (characters a file name cannot hold replaced), as
``<dir>/<name>/poster.jpg`` or ``<dir>/<name>.jpg`` (:func:`collection_images`); a definition's own
``url_poster``/``file_poster`` wins unless ``prioritize_assets: true``. With
``dimensional_asset_rename: true`` (asset_folders mode) a top-level folder without ``poster.*`` /
``background.*`` has its first portrait image renamed ``poster.<ext>`` and its first landscape
image ``background.<ext>`` (season and episode images are never picked).
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
    prioritize: bool = False
    dimensional_rename: bool = False
    download_url: bool = False
    show_missing_seasons: bool = False  # show_missing_season_assets (seasons and albums)
    show_missing_episodes: bool = False  # show_missing_episode_assets
    show_not_needed: bool = True  # show_asset_not_needed: log assets not uploaded because unchanged


@dataclass(frozen=True)
class Target:
    """Something that can get an asset: an item, season or episode, with its image names."""

    rating_key: int
    folder: str  # the folder name its assets are looked up by
    stem: str  # poster, Season01, S01E02
    label: str  # for log lines
    owner: int | None = None  # a season's or episode's show (the item it belongs to)


#: an asset kind other than the poster -> its file name suffix (``background.jpg``, ``S01E02_logo.png``)
SUFFIXES = {"background": "background", "logo": "logo", "square_art": "square"}
#: an asset kind -> Plex's image kind it is uploaded as
UPLOAD_KINDS = {"poster": "posters", "background": "arts", "logo": "clearLogos", "square_art": "squareArts"}


@dataclass(frozen=True)
class Found:
    target: Target
    kind: str  # poster | background | logo | square_art
    path: Path


def _directory(value: str, config_dir: Path) -> Path:
    """An ``asset_directory`` entry as a folder: absolute as is, relative beside config.yml; Kometa's
    ``config/assets`` (relative to its install folder) is ``assets`` beside config.yml unless a
    ``config`` folder really sits there, as for file references."""
    path = Path(value).expanduser()
    if path.is_absolute():
        return path
    direct = config_dir / path
    if len(path.parts) > 1 and path.parts[0] == "config" and not direct.exists():
        return config_dir.joinpath(*path.parts[1:])
    return direct


def settings_from(raw: Mapping[str, Any], config_dir: Path) -> AssetSettings:
    """The asset settings of a library (ValueError names a bad value)."""
    value = raw.get("asset_directory")
    entries = [] if value is None else value if isinstance(value, list) else [value]
    dirs = tuple(_directory(str(e), config_dir) for e in entries if e)
    depth = raw.get("asset_depth", 0)
    if depth is None:
        depth = 0
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 0:
        raise ValueError(f"asset_depth must be a whole number of at least 0, got {depth!r}")
    flags = {}
    for key, default in (("asset_folders", True), ("create_asset_folders", False), ("show_missing_assets", True),
                         ("prioritize_assets", False), ("dimensional_asset_rename", False),
                         ("download_url_assets", False), ("show_missing_season_assets", False),
                         ("show_missing_episode_assets", False), ("show_asset_not_needed", True)):
        flag = raw.get(key, default)
        flag = default if flag is None else flag
        if not isinstance(flag, bool):
            raise ValueError(f"{key} must be true or false, got {flag!r}")
        flags[key] = flag
    return AssetSettings(dirs or (config_dir / "assets",), flags["asset_folders"], depth,
                         flags["create_asset_folders"], flags["show_missing_assets"], flags["prioritize_assets"],
                         flags["dimensional_asset_rename"], flags["download_url_assets"],
                         flags["show_missing_season_assets"], flags["show_missing_episode_assets"],
                         flags["show_asset_not_needed"])


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


Indexes = list[tuple[Path, dict[str, Path], dict[str, Path]]]


def asset_indexes(settings: AssetSettings) -> Indexes:
    """Each asset directory with its folders (by lower-case name) and its files: what
    :func:`find_assets` searches (build it once to look up many targets one by one)."""
    return [(d, _index(d, settings.depth) if settings.folders else {}, _files(d)) for d in settings.directories]


def find_assets(settings: AssetSettings, targets: Iterable[Target],
                indexes: Indexes | None = None) -> tuple[list[Found], list[Target]]:
    """The images for each target (first directory with a match wins) and the targets with none."""
    indexes = asset_indexes(settings) if indexes is None else indexes
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
                top = target.stem == "poster"
                names = {"poster": target.stem, **{kind: suffix if top else f"{target.stem}_{suffix}"
                                                   for kind, suffix in SUFFIXES.items()}}
            else:
                files = flat
                base = target.folder if target.stem == "poster" else f"{target.folder}_{target.stem}"
                names = {"poster": base, **{kind: f"{base}_{suffix}" for kind, suffix in SUFFIXES.items()}}
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


_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*]')
_EPISODIC = re.compile(r"^(s\d+e\d+|season\d+)", re.IGNORECASE)


def safe_name(name: str) -> str:
    """``name`` as a folder/file name: characters Windows or POSIX refuse removed, trailing dots and
    spaces dropped (a collection called ``Marvel: Phase 1`` looks for ``Marvel Phase 1``)."""
    cleaned = re.sub(r"\s{2,}", " ", _UNSAFE.sub("", name)).strip().rstrip(". ")
    return cleaned or "_"


def _named_folder(settings: AssetSettings, name: str) -> Path | None:
    for directory in settings.directories:
        direct = directory / name
        if direct.is_dir():
            return direct
        pattern = name
        for _ in range(settings.depth):
            pattern = f"*/{pattern}"
            matches = sorted(p for p in directory.glob(pattern) if p.is_dir())
            if matches:
                return matches[0]
    return None


def dimensional_rename(folder: Path) -> dict[str, Path]:
    """``dimensional_asset_rename`` in one asset folder: a missing ``poster`` / ``background`` taken
    from the first portrait / landscape image there (renamed on disk). Returns what it renamed."""
    from PIL import Image, UnidentifiedImageError

    files = _files(folder)
    need = {kind for kind in ("poster", "background") if _pick(files, kind) is None}
    done: dict[str, Path] = {}
    for path in sorted(files.values()):
        if not need:
            break
        if path.suffix.lower() not in EXTENSIONS or _EPISODIC.match(path.stem):
            continue
        try:
            with Image.open(path) as image:
                width, height = image.size
        except (OSError, UnidentifiedImageError):
            continue
        kind = "poster" if height >= width else "background"
        if kind in need:
            target = path.with_name(f"{kind}{path.suffix.lower()}")
            path.rename(target)
            done[kind] = target
            need.discard(kind)
    return done


def rename_folders(settings: AssetSettings, targets: Iterable[Target]) -> int:
    """``dimensional_asset_rename`` for the top-level targets' folders; how many images it renamed."""
    indexes = [_index(d, settings.depth) for d in settings.directories]
    renamed = 0
    for target in targets:
        folder = next((index[target.folder.lower()] for index in indexes if target.folder.lower() in index), None)
        if folder is not None:
            renamed += len(dimensional_rename(folder))
    return renamed


def collection_folder(settings: AssetSettings, name: str, *, create: bool = False) -> Path | None:
    """A collection's asset folder (asset_folders mode), created in the first asset directory when
    ``create`` (``create_asset_folders``) and it does not exist."""
    if not settings.folders:
        return None
    folder = _named_folder(settings, safe_name(name))
    if folder is None and create and settings.directories:
        folder = settings.directories[0] / safe_name(name)
        folder.mkdir(parents=True, exist_ok=True)
    return folder


_TYPES = {"image/png": ".png", "image/jpeg": ".jpg", "image/jpg": ".jpg", "image/webp": ".webp"}


def download_image(url: str, folder: Path, stem: str, *, timeout: float = 30.0) -> Path:
    """``download_url_assets``: the image at ``url`` saved as ``<folder>/<stem>.<ext>`` (the
    extension from its content type, else from the URL). ValueError says why it could not be."""
    import requests

    try:
        answer = requests.get(url, timeout=timeout)
    except requests.RequestException as exc:
        raise ValueError(f"cannot download {url} ({type(exc).__name__})") from None
    kind = (answer.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
    suffix = _TYPES.get(kind) or next((e for e in EXTENSIONS if url.lower().split("?", 1)[0].endswith(e)), None)
    if answer.status_code != 200 or suffix is None:
        raise ValueError(f"{url} gave HTTP {answer.status_code} {kind or 'without a content type'}, not an image")
    target = folder / f"{stem}{suffix}"
    partial = target.with_name(target.name + ".part")
    partial.write_bytes(answer.content)
    partial.replace(target)
    return target


def collection_images(settings: AssetSettings, name: str, *, rename: bool = True) -> dict[str, Path]:
    """A collection's asset images by kind (``poster``, ``background``) found by its name."""
    folder_name = safe_name(name)
    if settings.folders:
        folder = _named_folder(settings, folder_name)
        if folder is None:
            return {}
        if settings.dimensional_rename and rename:
            dimensional_rename(folder)
        files = _files(folder)
        names = {"poster": "poster", "background": "background"}
    else:
        directory = next((d for d in settings.directories
                          if _pick(_files(d), folder_name) or _pick(_files(d), f"{folder_name}_background")), None)
        if directory is None:
            return {}
        files = _files(directory)
        names = {"poster": folder_name, "background": f"{folder_name}_background"}
    return {kind: path for kind, stem in names.items() if (path := _pick(files, stem)) is not None}
