"""``mass_poster_update`` / ``mass_background_update``: every item's (and, in show libraries, every
season's and episode's) poster or background reset from its source, as Kometa does it, incrementally.

Per target the image is, first that has one (Kometa's order): the asset folders' image (the library's
``asset_directory`` settings, Kometa's naming rules), then with ``source: tmdb`` TMDb's image (an
item's poster / backdrop, a season's poster, an episode's still; ``language`` asks TMDb in that
language, ``xx`` for textless), then Plex's own: the first image Plex's agent offers that is not an
upload, selected again (``PUT /library/metadata/RK/poster?url=…``: nothing is downloaded or uploaded). ``source: lock`` / ``unlock`` only lock or unlock the field (batched edits). ``seasons`` /
``episodes: false`` leave those out; ``ignore_locked: true`` skips targets whose field is locked,
``ignore_overlays: true`` (posters) targets labelled ``Overlay``.

Unlike Kometa (which uploads every image every run), what was put on each target is remembered in
``kometa-images.json`` beside config.yml: the image's identity (``asset:<sha1>``, ``tmdb:<path>``,
``plex:<id>``). A target whose source still gives the same image costs nothing: no download, no
upload, no request (a Plex image is not looked up again once set). So a second run uploads nothing.

Overlays: the image put on an item is never taken from the poster in Plex (which may carry overlays);
after a poster upload the ``Overlay`` label is removed (as Kometa does) and the overlay step takes
the new poster as the item's original (its listing thumb changed), draws its overlays on it and
backs it up; the next run's mass update sees the same identity and leaves the overlaid poster alone.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kometa.clients.policy import NotFound, ServiceError
from kometa.metadata.asset_run import UploadedAssets
from kometa.metadata.assets import Target, find_assets, fingerprint, media_folder
from kometa.operations import batch
from kometa.operations.binding import OpFailure
from kometa.operations.decide import Change
from kometa.operations.model import Block, ImageOp, Operation
from kometa.operations.runner import OpResult, OpsJob, _items, _not_ignored_labels
from kometa.plex.snapshot import TYPE_NUMBERS, Item, list_all, parse_item

log = logging.getLogger("kometa")
STATE_NAME = "kometa-images.json"
FIELDS = {"mass_poster_update": ("thumb", "posters", "poster"), "mass_background_update": ("art", "arts", "background")}


#: the identity of the image last put on each library's target, per kind (same store as the assets')
ImagesState = UploadedAssets


@dataclass(frozen=True)
class ImageTarget:
    item: Item
    level: str  # item | season | episode
    label: str
    show: int | None = None  # seasons and episodes: the show's rating key
    season: int | None = None
    episode: int | None = None
    asset: Target | None = None

    @property
    def type_number(self) -> int:
        return TYPE_NUMBERS[self.item.type] if self.level == "item" else TYPE_NUMBERS[self.level]


@dataclass(frozen=True)
class Pick:
    identity: str  # asset:<sha1> | tmdb:<path> | plex:<id>
    url: str | None = None  # a Plex path or an absolute URL to fetch
    path: Path | None = None  # an asset file


def _int(value: str | None) -> int | None:
    return int(value) if value and value.lstrip("-").isdigit() else None


def image_targets(reader: Any, job: OpsJob, spec: ImageOp, block: Block) -> list[ImageTarget]:
    """The library's items (and a show library's seasons / episodes when asked), with asset names."""
    snapshot = job.snapshot
    items = _items(job, "item", block)
    if snapshot.item_type != "show":
        out = []
        for item in items:
            folder = media_folder(item.tags("filepath")) if snapshot.item_type == "movie" else None
            out.append(ImageTarget(item, "item", item.title,
                                   asset=Target(item.rating_key, folder, "poster", item.title) if folder else None))
        return out
    episodes: list[tuple[Item, dict[str, str]]] = []
    show_folder: dict[int, str] = {}
    for elem in list_all(reader, f"/library/sections/{snapshot.section_id}/all", {"type": 4}):
        if "ratingKey" not in elem.attrib:
            continue
        episode = parse_item(elem)
        show = _int(elem.attrib.get("grandparentRatingKey"))
        folder = media_folder(episode.tags("filepath"))
        if show is not None and folder and show not in show_folder:
            show_folder[show] = folder
        episodes.append((episode, dict(elem.attrib)))
    out = [ImageTarget(i, "item", i.title, asset=Target(i.rating_key, show_folder[i.rating_key], "poster", i.title)
                       if i.rating_key in show_folder else None) for i in items]
    shows = {i.rating_key for i in items}
    if spec.seasons:
        for elem in list_all(reader, f"/library/sections/{snapshot.section_id}/all", {"type": 3}):
            show = _int(elem.attrib.get("parentRatingKey"))
            if "ratingKey" not in elem.attrib or show not in shows:
                continue
            season = parse_item(elem)
            number = _int(elem.attrib.get("index")) or 0
            label = f"{elem.attrib.get('parentTitle', '')} Season {number}"
            asset = Target(season.rating_key, show_folder[show], f"Season{number:02d}", label) \
                if show in show_folder else None
            out.append(ImageTarget(season, "season", label, show, number, asset=asset))
    if spec.episodes:
        kept = {id(e) for e in _not_ignored_labels([e for e, _ in episodes], block)}
        for episode, attrib in episodes:
            show = _int(attrib.get("grandparentRatingKey"))
            if show not in shows or id(episode) not in kept:
                continue
            s, e = _int(attrib.get("parentIndex")) or 0, _int(attrib.get("index")) or 0
            label = f"{attrib.get('grandparentTitle', '')} S{s:02d}E{e:02d}"
            asset = Target(episode.rating_key, show_folder[show], f"S{s:02d}E{e:02d}", label) \
                if show in show_folder else None
            out.append(ImageTarget(episode, "episode", label, show, s, e, asset))
    return out


def skipped(spec: ImageOp, field: str, target: ImageTarget) -> str | None:
    """Why a target is left alone (``ignore_locked``, ``ignore_overlays``), or None (pure)."""
    if spec.ignore_locked and field in target.item.tags("locked_fields"):
        return "locked"
    if spec.ignore_overlays and field == "thumb" and any(t.lower() == "overlay" for t in target.item.tags("label")):
        return "overlay"
    return None


def lock_changes(spec: ImageOp, field: str, targets: list[ImageTarget]) -> list[tuple[ImageTarget, Change]]:
    """``source: lock`` / ``unlock``: the targets whose field lock differs (pure)."""
    lock = spec.source == "lock"
    out = []
    for target in targets:
        if (field in target.item.tags("locked_fields")) != lock:
            out.append((target, Change(target.item.rating_key, ((f"{field}.locked", "1" if lock else "0"),),
                                       f"{spec.source} {'poster' if field == 'thumb' else 'background'}", None,
                                       sets_value=False)))
    return out


class TmdbImages:
    """TMDb's image paths for the targets (items' details, each season's details once; cached)."""

    def __init__(self, details: Any, language: str | None) -> None:
        self.details = details  # kometa.operations.tmdb_values.TmdbDetails
        self.language = language
        self._seasons: dict[tuple[int, int], dict[str, Any] | None] = {}
        self._items: dict[int, dict[str, Any] | None] = {}

    def _show_tmdb(self, rating_key: int) -> int | None:
        return next((tmdb for tmdb, rks in self.details.mapping().by_tmdb.items() if rating_key in rks), None)

    def _item(self, rating_key: int) -> dict[str, Any] | None:
        if self.language is None:
            return self.details.details.get(rating_key)  # type: ignore[no-any-return]
        if rating_key not in self._items:
            tmdb = self._show_tmdb(rating_key)
            kind = "movie" if self.details.snapshot.item_type == "movie" else "tv"
            try:
                self._items[rating_key] = dict(self.details.client.get(f"/{kind}/{tmdb}", {"language": self.language})) \
                    if tmdb else None
            except NotFound:
                self._items[rating_key] = None
        return self._items[rating_key]

    def _season(self, show: int, number: int) -> dict[str, Any] | None:
        tmdb = self._show_tmdb(show)
        if tmdb is None:
            return None
        key = (tmdb, number)
        if key not in self._seasons:
            language = self.language or self.details.client.settings.language
            try:
                self._seasons[key] = dict(self.details.client.get(f"/tv/{tmdb}/season/{number}", {"language": language}))
            except NotFound:
                self._seasons[key] = None
        return self._seasons[key]

    def path(self, target: ImageTarget, kind: str) -> str | None:
        if target.level == "item":
            found = self._item(target.item.rating_key) or {}
            return found.get("poster_path" if kind == "poster" else "backdrop_path") or None
        if kind != "poster" or target.show is None or target.season is None:
            return None  # Kometa takes seasons' and episodes' backgrounds from assets or Plex only
        season = self._season(target.show, target.season) or {}
        if target.level == "season":
            return season.get("poster_path") or None
        found = next((e for e in season.get("episodes") or () if e.get("episode_number") == target.episode), {})
        return found.get("still_path") or None


def _plex_pick(posters: Any, rating_key: int, kind: str) -> tuple[Pick | None, bool]:
    """Plex's own image (the first the agent offers that is not an upload) and whether it is selected."""
    data = posters.t.send("GET", f"/library/metadata/{rating_key}/{kind}")
    for photo in (dict(e.attrib) for e in data) if data is not None else ():
        ident, key = photo.get("ratingKey") or "", photo.get("key") or ""
        if key and not ident.startswith("upload://"):
            return Pick(f"plex:{ident}", key), photo.get("selected") in ("1", "true")
    return None, False


def _refresh(job: OpsJob, field: str, targets: list[ImageTarget]) -> None:
    """The new ``thumb``/``art`` of the targets, from one listing per level, into their listing values:
    later steps of the run (overlays) then see the new image and take it as the original."""
    by_type: dict[int, list[ImageTarget]] = {}
    for target in targets:
        by_type.setdefault(target.type_number, []).append(target)
    for type_number, group in by_type.items():
        now = {int(e.attrib["ratingKey"]): e.attrib.get(field)
               for e in list_all(job.reader, f"/library/sections/{job.snapshot.section_id}/all", {"type": type_number})
               if "ratingKey" in e.attrib}
        for target in group:
            target.item.values[field] = now.get(target.item.rating_key)


def run_image_operation(job: OpsJob, op: Operation, block: Block, *, settings: Any, state: ImagesState,
                        tmdb: Callable[[], Any] | None) -> OpResult:
    """One ``mass_poster_update`` / ``mass_background_update``. ``settings``: the library's asset
    settings (or a ValueError's message); ``tmdb``: the library's TmdbDetails provider."""
    from kometa.clients.tmdb import image_url
    from kometa.overlays.apply import PlexPosters

    result = OpResult(op.key)
    started = time.monotonic()
    spec: ImageOp = op.value
    field, plural, kind = FIELDS[op.key]
    try:
        targets = image_targets(job.reader, job, spec, block)
        if spec.source in ("lock", "unlock"):
            changes = lock_changes(spec, field, targets)
            for target, change in changes:
                job.say(f"{job.library} | {op.key} | {target.label}: {change.text}")
            result.changed, result.unchanged = len(changes), len(targets) - len(changes)
            if changes and not job.dry_run:
                by_type: dict[int, list[Change]] = {}
                for target, change in changes:
                    by_type.setdefault(target.type_number, []).append(change)
                for type_number, group in by_type.items():
                    result.requests += batch.send(job.transport, job.snapshot.section_id, type_number, group,
                                                  block.batch_size)
            return result
        if isinstance(settings, str):
            raise OpFailure(settings)
        left = {"locked": 0, "overlay": 0}
        work = []
        for target in targets:
            why = skipped(spec, field, target)
            if why is None:
                work.append(target)
            else:
                left[why] += 1
        assets = {hit.target.rating_key: hit.path for hit in find_assets(settings, [t.asset for t in work if t.asset])[0]
                  if hit.kind == kind}
        images = None
        if spec.source == "tmdb":
            if tmdb is None:
                raise OpFailure(f"{op.where}: {op.key}: source tmdb needs the tmdb: section of config.yml")
            try:
                details = tmdb()
                details.prefetch([t.item for t in work if t.level == "item"])
            except ServiceError as exc:
                raise OpFailure(f"{op.where}: {op.key}: {exc}") from None
            images = TmdbImages(details, spec.language)
        posters = PlexPosters(job.reader, job.snapshot.section_id, job.snapshot.type_number)
        uploads: list[tuple[ImageTarget, Pick]] = []
        missing = 0
        for target in work:
            key = f"{target.item.rating_key}:{kind}"
            have = state.get(job.library, key)
            pick: Pick | None = None
            if target.item.rating_key in assets:
                path = assets[target.item.rating_key]
                pick = Pick(f"asset:{fingerprint(path)}", path=path)
            elif images is not None and (tmdb_path := images.path(target, kind)) is not None:
                pick = Pick(f"tmdb:{tmdb_path}", image_url(tmdb_path))
            elif have is not None and have.startswith("plex:"):
                continue  # Plex's own image is set: not looked up again
            else:
                pick, selected = _plex_pick(posters, target.item.rating_key, plural)
                if pick is not None and selected and have is None:
                    state.put(job.library, key, pick.identity)  # already showing Plex's own image
                    continue
            if pick is None:
                missing += 1
            elif pick.identity != have:
                uploads.append((target, pick))
        for target, pick in uploads:
            where = "the asset folder" if pick.path else pick.identity.split(":", 1)[0].replace("tmdb", "TMDb")
            job.say(f"{job.library} | {op.key} | {target.label}: {kind} reset from "
                    f"{'Plex' if where == 'plex' else where}")
        result.changed = len(uploads)
        result.unchanged = len(targets) - len(uploads) - sum(left.values()) - missing
        notes = [f"{n} left alone ({'field locked' if why == 'locked' else 'Overlay label'})"
                 for why, n in left.items() if n]
        if missing:
            notes.append(f"{missing} without a {kind} anywhere")
        result.note = "; ".join(notes) or None
        if job.dry_run:
            return result
        relabel: dict[int, list[Change]] = {}
        for target, pick in uploads:
            rk = target.item.rating_key
            if pick.identity.startswith("plex:"):  # Plex has it: select it again (no download, no upload)
                job.transport.send("PUT", f"/library/metadata/{rk}/{plural[:-1]}", [("url", pick.identity[5:])])
            else:
                data = pick.path.read_bytes() if pick.path is not None else posters.fetch(str(pick.url))
                job.transport.send("POST", f"/library/metadata/{rk}/{plural}", data=data)
            result.requests += 1
            state.put(job.library, f"{target.item.rating_key}:{kind}", pick.identity)
            if field == "thumb" and any(t.lower() == "overlay" for t in target.item.tags("label")):
                relabel.setdefault(target.type_number, []).append(
                    Change(target.item.rating_key, (("label[].tag.tag-", "Overlay"),), "label -Overlay", None))
                target.item.values["label"] = tuple(t for t in target.item.tags("label") if t.lower() != "overlay")
        for type_number, group in relabel.items():
            result.requests += batch.send(job.transport, job.snapshot.section_id, type_number, group, block.batch_size)
        _refresh(job, field, [t for t, _ in uploads])
    except OpFailure as exc:
        result.error = str(exc)
        log.error("%s", result.error)
    except ServiceError as exc:
        result.error = f"{op.where}: {op.key}: {exc}"
        log.error("%s", result.error)
    finally:
        state.save()
        result.seconds = time.monotonic() - started
    return result
