"""``assets_for_all``: every item's (and a show's seasons' and episodes') asset images, uploaded once.

Targets come from the library listing (movies, shows) and, for show libraries, one season and one
episode listing: no per-item read. An image is uploaded only when its bytes differ from the ones
kometa uploaded for that item and kind before (``kometa-assets.json`` beside the config), so a
second run with unchanged asset folders uploads nothing. A dry run lists the uploads and sends none.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kometa.metadata.assets import (
    UPLOAD_KINDS,
    AssetSettings,
    Found,
    Target,
    find_assets,
    fingerprint,
    media_folder,
    rename_folders,
)
from kometa.plex.snapshot import Snapshot, list_all

log = logging.getLogger("kometa")
_EPISODE = re.compile(r"^S\d+E\d+$")
STATE_NAME = "kometa-assets.json"
#: a slot whose image a metadata entry gives (``url_poster``, ``file_poster``, ...): its state value
#: starts with this, and ``assets_for_all`` leaves the slot to the entry (the entry's image wins
#: unless ``prioritize_assets``, as in Kometa; then the entry's step takes the asset and no mark is set)
ENTRY_MARK = "entry:"


@dataclass
class AssetResult:
    uploaded: int = 0
    unchanged: int = 0
    missing: int = 0
    requests: int = 0
    lines: list[str] = field(default_factory=list)


class UploadedAssets:
    """sha1 of the image last uploaded per library, item and kind."""

    def __init__(self, path: Path, *, writable: bool) -> None:
        self.path, self.writable, self._dirty = path, writable, False
        self.data: dict[str, dict[str, str]] = {}
        if path.exists():
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
                self.data = loaded if isinstance(loaded, dict) else {}
            except (OSError, ValueError):
                self.data = {}

    def get(self, library: str, key: str) -> str | None:
        return self.data.get(library, {}).get(key)

    def put(self, library: str, key: str, sha1: str) -> None:
        self.data.setdefault(library, {})[key] = sha1
        self._dirty = True

    def drop(self, library: str, key: str) -> None:
        if self.data.get(library, {}).pop(key, None) is not None:
            self._dirty = True

    def release(self, library: str, owned: set[str]) -> None:
        """Every slot a metadata entry had (ENTRY_MARK) but no entry gave this run goes back to the
        asset folders (the next ``assets_for_all`` uploads the asset)."""
        for key in [k for k, v in self.data.get(library, {}).items() if v.startswith(ENTRY_MARK) and k not in owned]:
            self.drop(library, key)

    def save(self) -> None:
        if self.writable and self._dirty:
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self.data, sort_keys=True), encoding="utf-8")
            os.replace(tmp, self.path)
            self._dirty = False


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _files(elem: Any) -> list[str]:
    return [p.attrib["file"] for m in elem if m.tag == "Media" for p in m if p.tag == "Part" and p.attrib.get("file")]


def targets(reader: Any, snapshot: Snapshot) -> list[Target]:
    """What can get assets in this library, with the folder names they go by."""
    out: list[Target] = []
    if snapshot.item_type == "movie":
        for item in snapshot.items.values():
            folder = media_folder(item.tags("filepath"))
            if folder:
                out.append(Target(item.rating_key, folder, "poster", item.title))
        return out
    if snapshot.item_type == "artist":
        return _music_targets(reader, snapshot)
    if snapshot.item_type != "show":
        return out
    show_folder: dict[int, str] = {}
    episodes: list[tuple[int, int, int, int]] = []  # rk, show, season, episode
    for elem in list_all(reader, f"/library/sections/{snapshot.section_id}/all", {"type": 4}):
        show = _int(elem.attrib.get("grandparentRatingKey"))
        rk = _int(elem.attrib.get("ratingKey"))
        if show is None or rk is None:
            continue
        folder = media_folder(_files(elem))
        if folder and show not in show_folder:
            show_folder[show] = folder
        episodes.append((rk, show, _int(elem.attrib.get("parentIndex")) or 0, _int(elem.attrib.get("index")) or 0))
    for item in snapshot.items.values():
        if item.rating_key in show_folder:
            out.append(Target(item.rating_key, show_folder[item.rating_key], "poster", item.title))
    for elem in list_all(reader, f"/library/sections/{snapshot.section_id}/all", {"type": 3}):
        show, rk = _int(elem.attrib.get("parentRatingKey")), _int(elem.attrib.get("ratingKey"))
        if show in show_folder and rk is not None:
            number = _int(elem.attrib.get("index")) or 0
            out.append(Target(rk, show_folder[show], f"Season{number:02d}",
                              f"{elem.attrib.get('parentTitle', '')} Season {number}", show))
    for rk, show, season, episode in episodes:
        if show in show_folder:
            out.append(Target(rk, show_folder[show], f"S{season:02d}E{episode:02d}",
                              f"{show_folder[show]} S{season:02d}E{episode:02d}", show))
    return out


def _music_targets(reader: Any, snapshot: Snapshot) -> list[Target]:
    """Artists by their folder (``<dir>/<artist folder>/poster.jpg``) and their albums by title inside
    it (``<dir>/<artist folder>/<Album title>.jpg``, ``<Album title>_background.jpg``), as Kometa names them."""
    from pathlib import PurePosixPath

    out: list[Target] = []
    folders: dict[int, str] = {}
    for item in snapshot.items.values():
        folder = next((PurePosixPath(p.replace("\\", "/")).name for p in item.tags("folder")), None)
        if folder:
            folders[item.rating_key] = folder
            out.append(Target(item.rating_key, folder, "poster", item.title))
    for elem in list_all(reader, f"/library/sections/{snapshot.section_id}/all", {"type": 9}):
        artist, rk = _int(elem.attrib.get("parentRatingKey")), _int(elem.attrib.get("ratingKey"))
        title = elem.attrib.get("title") or ""
        if artist in folders and rk is not None and title:
            out.append(Target(rk, folders[artist], title, f"{elem.attrib.get('parentTitle', '')} album {title}", artist))
    return out


def run_assets(library: str, reader: Any, transport: Any, snapshot: Snapshot, settings: AssetSettings,
               uploaded: UploadedAssets, *, dry_run: bool, say: Callable[[str], None],
               members: set[int] | None = None, op: str = "assets_for_all") -> AssetResult:
    """Every target's assets; with ``members`` (a collection's ``item_assets``) only those items and
    their seasons and episodes."""
    result = AssetResult()
    wanted = targets(reader, snapshot)
    if members is not None:
        wanted = [t for t in wanted if (t.owner if t.owner is not None else t.rating_key) in members]
    if settings.dimensional_rename and settings.folders and not dry_run:
        rename_folders(settings, [t for t in wanted if t.stem == "poster"])
    found, missing = find_assets(settings, wanted)
    result.missing = len(missing)
    for target in missing:
        if target.owner is None and not settings.show_missing:
            continue
        if target.owner is not None and not (settings.show_missing_episodes if _EPISODE.match(target.stem)
                                             else settings.show_missing_seasons):
            continue
        log.info("%s | %s | %s: no asset %r in %s", library, op, target.label,
                 target.folder if target.owner is None else f"{target.folder}/{target.stem}",
                 ", ".join(str(d) for d in settings.directories))
    if settings.create_folders and settings.folders and not dry_run:
        for target in missing:
            if target.stem == "poster":
                (settings.directories[0] / target.folder).mkdir(parents=True, exist_ok=True)
    for hit in found:
        _upload(library, op, transport, uploaded, hit, f"{hit.target.rating_key}:{hit.kind}", result,
                dry_run=dry_run, say=say, not_needed=settings.show_not_needed)
    uploaded.save()
    return result


def _upload(library: str, op: str, transport: Any, uploaded: UploadedAssets, hit: Found, key: str,
            result: AssetResult, *, dry_run: bool, say: Callable[[str], None], not_needed: bool = False) -> None:
    """Upload one found image unless its bytes are the ones uploaded last time under ``key``."""
    sha1 = fingerprint(hit.path)
    have = uploaded.get(library, key) or ""
    if have == sha1 or have.startswith(ENTRY_MARK):  # unchanged, or a metadata entry's image has the slot
        result.unchanged += 1
        if not_needed:
            log.info("%s | %s | %s: %s asset not needed (unchanged): %s", library, op, hit.target.label, hit.kind,
                     hit.path)
        return
    say(f"{library} | {op} | {hit.target.label}: upload {hit.kind} {hit.path}")
    result.uploaded += 1
    if dry_run:
        return
    kind = UPLOAD_KINDS[hit.kind]
    transport.send("POST", f"/library/metadata/{hit.target.rating_key}/{kind}", data=hit.path.read_bytes())
    result.requests += 1
    uploaded.put(library, key, sha1)


def run_collection_assets(library: str, transport: Any, snapshot: Snapshot, settings: AssetSettings,
                          uploaded: UploadedAssets, configured: set[str], *, dry_run: bool,
                          say: Callable[[str], None]) -> AssetResult:
    """``assets_for_all_collections``: asset images for the collections no definition of this run
    manages (unmanaged ones, and managed ones not in the collection files), found by their names;
    configured collections take theirs when they are built. Uploaded once per changed file."""
    from kometa.metadata.assets import collection_images

    result = AssetResult()
    names = {name.lower() for name in configured}
    for collection in snapshot.collections:
        managed = any(label.lower() in ("kometa", "pmm") for label in collection.labels)
        if managed and collection.title.lower() in names:
            continue
        target = Target(collection.rating_key, collection.title, "poster", f'collection "{collection.title}"')
        images = collection_images(settings, collection.title, rename=not dry_run)
        if not images:
            result.missing += 1
        for kind, path in images.items():
            _upload(library, "assets_for_all_collections", transport, uploaded, Found(target, kind, path),
                    f"collection:{collection.rating_key}:{kind}", result, dry_run=dry_run, say=say)
    uploaded.save()
    return result


def download_url_images(settings: AssetSettings, found: list[tuple[str, str, str]],
                        images: list[tuple[str, str, str]], asset: tuple[str, str], label: str,
                        *, dry_run: bool) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """``download_url_assets: true`` for a metadata entry's item (Kometa's): an entry's ``url_poster`` /
    ``url_background`` is saved into the item's asset folder (``<folder>/poster.jpg``,
    ``Season01_background.png``, ...; when the folder exists, or ``create_asset_folders`` makes it)
    and uploaded from there; an asset already there wins over the URL, so it is downloaded once.
    A dry run downloads nothing; a failed download is a warning and the URL is used. Returns the
    (asset images, entry images) to use."""
    from kometa.metadata.assets import collection_folder, download_image

    kept: list[tuple[str, str, str]] = []
    have = {kind for kind, _how, _value in found}
    for image in images:
        kind, how, value = image
        if how != "url" or kind not in ("posters", "arts"):
            kept.append(image)
        elif kind in have:  # the saved (or the user's) asset stands in for the URL
            continue
        elif dry_run or (folder := collection_folder(settings, asset[0], create=settings.create_folders)) is None:
            kept.append(image)
        else:
            top = asset[1] == "poster"
            stem = asset[1] if kind == "posters" else "background" if top else f"{asset[1]}_background"
            try:
                saved = download_image(value, folder, stem)
            except ValueError as exc:
                log.warning("%s: download_url_assets: %s", label, exc)
                kept.append(image)
                continue
            found = [*found, (kind, "file", str(saved))]
    return found, kept
