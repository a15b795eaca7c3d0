"""Apply a library's metadata files: match entries to items, edit what differs, upload new images.

Per item one edit request (``PUT /library/sections/SID/all?type=T&id=RK&...``) carrying every field
and tag that differs; nothing when all already match, so a second run writes nothing. Seasons and
episodes (``seasons: {1: {..., episodes: {3: {...}}}}``) are read with one listing each, only when
a file has them. Images are uploaded once per value (URL, or the file's sha1). Each file gives one
summary row; a bad entry is a located error line and the other entries still apply; an entry that
matches nothing is a located warning.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kometa.clients.policy import ServiceError
from kometa.config.files import Document
from kometa.config.yaml_io import file_of, line_of
from kometa.core.errors import ConfigError
from kometa.metadata.advanced import ADVANCED, current_prefs, differing, wanted
from kometa.metadata.asset_run import ENTRY_MARK, UploadedAssets
from kometa.metadata.fields import DETAIL_TAGS, IMAGE_SLOTS, TAGS, Edit, check_key, decide
from kometa.metadata.match import find, parse_rule
from kometa.plex.snapshot import TYPE_NUMBERS, Item, Snapshot, list_all, parse_item

log = logging.getLogger("kometa")


@dataclass
class MetadataResult:
    name: str
    changed: int = 0
    unchanged: int = 0
    unmatched: int = 0
    requests: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass
class Children:
    """A show library's seasons and episodes, read on first use."""

    seasons: dict[int, dict[int, Item]] = field(default_factory=dict)  # show rk -> season index -> season
    episodes: dict[int, dict[int, Item]] = field(default_factory=dict)  # season rk -> episode index -> episode
    unnumbered: dict[int, list[Item]] = field(default_factory=dict)  # season rk -> its episodes without an index
    titled: dict[int, list[Item]] = field(default_factory=dict)  # show or season rk -> its seasons / episodes


def _children(reader: Any, snapshot: Snapshot) -> Children:
    out = Children()
    for level, target in ((3, out.seasons), (4, out.episodes)):
        for elem in list_all(reader, f"/library/sections/{snapshot.section_id}/all", {"type": level}):
            if "ratingKey" not in elem.attrib:
                continue
            parent = elem.attrib.get("parentRatingKey")
            if not parent:
                continue
            item = parse_item(elem)
            out.titled.setdefault(int(parent), []).append(item)
            if elem.attrib.get("index") is not None:
                target.setdefault(int(parent), {})[int(elem.attrib["index"])] = item
            elif level == 4:
                out.unnumbered.setdefault(int(parent), []).append(item)
    return out


def _season_of(children: Children, show: Item, key: Any) -> Item | None:
    """A show's season by number (``0``/``specials``: the specials) or by its title, as Kometa finds it."""
    text = str(key).strip()
    if text.lower() == "specials":
        text = "0"
    if text.isdigit():
        return children.seasons.get(show.rating_key, {}).get(int(text))
    return next((s for s in children.titled.get(show.rating_key, ()) if s.title == text), None)


_DAY = re.compile(r"(\d{1,2})[/-](\d{1,2})")


def _episode_of(children: Children, season: Item, key: Any) -> Item | None:
    """A season's episode by number, by title, or (an episode without a number) by its air date as
    ``MM/DD``, ``M/D``, ``MM-DD`` or ``M-D``: Kometa's keys."""
    text = str(key).strip()
    if text.isdigit():
        return children.episodes.get(season.rating_key, {}).get(int(text))
    found = next((e for e in children.titled.get(season.rating_key, ()) if e.title == text), None)
    day = _DAY.fullmatch(text)
    if found is None and day is not None:
        month, number = int(day.group(1)), int(day.group(2))
        found = next((e for e in children.unnumbered.get(season.rating_key, ())
                      if isinstance(e.get("release"), date) and (e.get("release").month, e.get("release").day)
                      == (month, number)), None)
    return found


@dataclass
class Music:
    """A music library's albums (by artist, by title) and tracks (by album: by number and by title),
    read with one listing each on first use. Titles are exact, case included, as Kometa's."""

    albums: dict[int, dict[str, Item]] = field(default_factory=dict)
    tracks: dict[int, dict[str, Item]] = field(default_factory=dict)


def _music(reader: Any, snapshot: Snapshot) -> Music:
    out = Music()
    for elem in list_all(reader, f"/library/sections/{snapshot.section_id}/all", {"type": 9}):
        if "ratingKey" in elem.attrib and elem.attrib.get("parentRatingKey"):
            item = parse_item(elem)
            out.albums.setdefault(int(elem.attrib["parentRatingKey"]), {})[item.title] = item
    for elem in list_all(reader, f"/library/sections/{snapshot.section_id}/all", {"type": 10}):
        if "ratingKey" in elem.attrib and elem.attrib.get("parentRatingKey"):
            item = parse_item(elem)
            tracks = out.tracks.setdefault(int(elem.attrib["parentRatingKey"]), {})
            tracks.setdefault(item.title, item)
            if item.get("index") is not None:
                tracks[str(item.get("index"))] = item
    return out


@dataclass
class MetadataJob:
    library: str
    reader: Any
    transport: Any
    snapshot: Snapshot
    uploaded: UploadedAssets
    dry_run: bool
    say: Callable[[str], None]
    children: Children | None = None
    details: dict[int, Item] = field(default_factory=dict)  # items read one by one (writer/producer tags)
    music: Music | None = None
    only: frozenset[int] | None = None  # an event's scoped run: the items entries may edit; None: every item
    config_dir: Path | None = None  # where external_templates paths start (default: the metadata file's folder)
    tmdb: Callable[[], Any] | None = None  # -> the run's TMDb client (tmdb_movie / tmdb_show); ServiceError if none
    assets: Any = None  # the library's AssetSettings: entries' items also take their asset-folder images
    asset_index: Any = None  # the asset directories' index, built on first use
    ergast: Callable[[], Any] | None = None  # -> the run's Ergast client (f1_season)
    today: date | None = None  # the run's day (f1_season's latest season)
    owned: set[str] = field(default_factory=set)  # image slots the entries gave this run (asset_run.ENTRY_MARK)


def with_detail_tags(reader: Any, item: Item, cache: dict[int, Item] | None = None) -> Item:
    """``item`` with the tags Plex lists only on the item's own page (writer, producer): one
    ``GET /library/metadata/RK``, only for items an entry edits those tags of."""
    if cache is not None and item.rating_key in cache:
        return cache[item.rating_key]
    data = reader.query(f"/library/metadata/{item.rating_key}")
    page = next((e for e in data if "ratingKey" in e.attrib), None) if data is not None else None
    detailed = parse_item(page) if page is not None else None
    values = dict(item.values)
    for kind in DETAIL_TAGS:
        values[kind] = detailed.tags(kind) if detailed is not None else ()
    out = Item(item.rating_key, item.type, values)
    if cache is not None:
        cache[item.rating_key] = out
    return out


def _where(node: Any, key: Any, source: str) -> str:
    line = line_of(node, key)
    return f"{file_of(node) or source}:{line}" if line is not None else (file_of(node) or source)


def _write(job: MetadataJob, item: Item, level: str, edit: Edit, label: str, result: MetadataResult,
           owned: frozenset[str] = frozenset()) -> bool:
    """Edit what differs and upload new images. ``owned``: the image kinds the entry itself gives (not
    its asset folder): remembered as ``entry:<fingerprint>``, so ``assets_for_all`` leaves that slot
    to the entry (one decision per slot: no upload back and forth between the two every run)."""
    for line in edit.lines:
        job.say(f"{job.library} | metadata | {label}: {line}")
    changed = bool(edit.params)
    if edit.params and not job.dry_run:
        pairs = [("type", TYPE_NUMBERS[level]), ("id", item.rating_key), *edit.params]
        job.transport.send("PUT", f"/library/sections/{job.snapshot.section_id}/all", pairs)
        result.requests += 1
    for slot in IMAGE_SLOTS.values():  # an entry that no longer gives a slot hands it back to the assets
        key = f"{item.rating_key}:{slot}"
        if (job.uploaded.get(job.library, key) or "").startswith(ENTRY_MARK) \
                and slot not in {IMAGE_SLOTS[kind] for kind, _how, _value in edit.images}:
            job.uploaded.drop(job.library, key)
    for kind, how, value in edit.images:
        key = f"{item.rating_key}:{IMAGE_SLOTS[kind]}"
        data = Path(value).read_bytes() if how == "file" else None
        fp = hashlib.sha1(data).hexdigest() if data is not None else f"url:{value}"  # noqa: S324 - fingerprint
        if kind in owned:
            fp = ENTRY_MARK + fp
            job.owned.add(key)
        if job.uploaded.get(job.library, key) == fp:
            continue
        changed = True
        job.say(f"{job.library} | metadata | {label}: upload {kind[:-1]} {value}")
        if job.dry_run:
            continue
        if data is not None:
            job.transport.send("POST", f"/library/metadata/{item.rating_key}/{kind}", data=data)
        else:
            job.transport.send("POST", f"/library/metadata/{item.rating_key}/{kind}", [("url", value)])
        result.requests += 1
        job.uploaded.put(job.library, key, fp)
    return changed


def _checked(entry: Mapping[str, Any], source: str, result: MetadataResult, what: str) -> None:
    for key in entry:
        reason = check_key(str(key))
        if reason is not None:
            result.errors.append(f"{_where(entry, key, source)}: metadata {what}: {reason}")


def asset_folder(item: Item, children: Children | None = None) -> str | None:
    """The folder name an item's assets go by: a movie's media folder; a show's (or artist's) own
    folder (its ``Location``, else the folder above its episodes' ``Season NN``)."""
    from pathlib import PurePosixPath

    from kometa.metadata.assets import media_folder

    if item.type in ("show", "artist"):
        found = next((PurePosixPath(p.replace("\\", "/")).name for p in item.tags("folder")), None)
        if found is None and children is not None:
            files = [f for season in children.titled.get(item.rating_key, ())
                     for episode in children.titled.get(season.rating_key, ()) for f in episode.tags("filepath")]
            found = media_folder(files)
        return found
    return media_folder(item.tags("filepath"))


def _asset_images(job: MetadataJob, item: Item, asset: tuple[str | None, str] | None,
                  label: str) -> list[tuple[str, str, str]]:
    """The item's poster / background from the asset folders (Kometa's naming rules), as entry images."""
    if job.assets is None or asset is None or asset[0] is None:
        return []
    from kometa.metadata.assets import UPLOAD_KINDS, Target, asset_indexes, find_assets

    if job.asset_index is None:
        job.asset_index = asset_indexes(job.assets)
    found, _ = find_assets(job.assets, [Target(item.rating_key, asset[0], asset[1], label)], job.asset_index)
    return [(UPLOAD_KINDS[hit.kind], "file", str(hit.path)) for hit in found]


def _apply(job: MetadataJob, entry: Mapping[str, Any], item: Item, level: str, label: str, base: Path,
           source: str, result: MetadataResult, key: Any, asset: tuple[str | None, str] | None = None) -> bool:
    if any(TAGS.get(str(k).split(".", 1)[0]) in DETAIL_TAGS for k in entry):
        item = with_detail_tags(job.reader, item, job.details)
    edit = decide(entry, item, base)
    found = _asset_images(job, item, asset, label)
    if job.assets is not None and job.assets.download_url and asset is not None and asset[0] is not None:
        from kometa.metadata.asset_run import download_url_images

        found, edit.images = download_url_images(job.assets, found, edit.images, (asset[0], asset[1]), label,
                                                 dry_run=job.dry_run)
    if found:  # an entry's own image wins unless prioritize_assets, as in Kometa
        kinds = {kind for kind, _how, _value in found}
        if job.assets.prioritize:
            edit.images = [image for image in edit.images if image[0] not in kinds] + found
        else:
            edit.images += [image for image in found if image[0] not in {k for k, _h, _v in edit.images}]
    owned = frozenset(image[0] for image in edit.images if image not in found)
    want, bad = wanted(entry, level) if any(str(k) in ADVANCED for k in entry) else ({}, [])
    for name, reason in [*edit.errors, *bad]:
        message = f"{_where(entry, name, source)}: metadata {label}: {name}: {reason}"
        if message not in result.errors:
            result.errors.append(message)
    changed = _write(job, item, level, edit, label, result, owned)
    return _prefs(job, item, want, label, result) or changed


def _prefs(job: MetadataJob, item: Item, want: Mapping[str, tuple[str, str]], label: str,
           result: MetadataResult) -> bool:
    """Advanced settings: read the item's preferences (one request), write only the differing ones."""
    if not want:
        return False
    page = job.reader.query(f"/library/metadata/{item.rating_key}", params={"includePreferences": 1})
    changes = differing(want, current_prefs(page))
    for _pref, key, value in changes:
        job.say(f"{job.library} | metadata | {label}: {key} -> {value or 'default'}")
    if changes and not job.dry_run:
        job.transport.send("PUT", f"/library/metadata/{item.rating_key}/prefs", [(p, v) for p, _k, v in changes])
        result.requests += 1
    return bool(changes)


def _show_children(job: MetadataJob, value: Any, show: Item, source: str, result: MetadataResult,
                   parent: Mapping[str, Any], key: str, what: str) -> bool:
    """False (and a located error) when ``value`` is not a mapping; else the seasons and episodes are read."""
    if not isinstance(value, Mapping):
        result.errors.append(f"{_where(parent, key, source)}: metadata '{show.title}': {key} must be a mapping of "
                             f"{what}")
        return False
    if job.children is None:
        job.children = _children(job.reader, job.snapshot)
    return True


def _seasons(job: MetadataJob, seasons: Any, show: Item, base: Path, source: str, result: MetadataResult,
             parent: Mapping[str, Any]) -> bool:
    if not _show_children(job, seasons, show, source, result, parent, "seasons", "season numbers or names"):
        return False
    assert job.children is not None
    changed = False
    for number, season_entry in seasons.items():
        season_entry = season_entry or {}
        season = _season_of(job.children, show, number)
        if season is None or not isinstance(season_entry, Mapping):
            log.warning("%s: metadata '%s': no season %s", _where(seasons, number, source), show.title, number)
            continue
        index = season.get("index") or 0
        what = f"'{show.title}' season {index}"
        if parent.get("update_seasons") is not False:  # false: the season's own edits are skipped, not its episodes
            _checked({k: v for k, v in season_entry.items() if k != "episodes"}, source, result, what)
            changed |= _apply(job, season_entry, season, "season", what, base, source, result, number,
                              (asset_folder(show, job.children), f"Season{index:02d}"))
        episodes = season_entry.get("episodes") if parent.get("update_episodes") is not False else None
        for ep_key, ep_entry in (episodes or {}).items() if isinstance(episodes, Mapping) else ():
            episode = _episode_of(job.children, season, ep_key)
            if episode is None or not isinstance(ep_entry or {}, Mapping):
                log.warning("%s: metadata %s: no episode %s", _where(episodes, ep_key, source), what, ep_key)
                continue
            changed |= _episode(job, ep_entry or {}, episode, show, index, base, source, result)
    return changed


def _episode(job: MetadataJob, entry: Mapping[str, Any], episode: Item, show: Item, season: int, base: Path,
             source: str, result: MetadataResult) -> bool:
    number = episode.get("index")
    what = f"'{show.title}' S{season:02d}E{number:02d}" if number is not None else \
        f"'{show.title}' S{season:02d} '{episode.title}'"
    _checked(entry, source, result, what)
    stem = f"S{season:02d}E{number:02d}" if number is not None else None
    return _apply(job, entry, episode, "episode", what, base, source, result, number,
                  (asset_folder(show, job.children), stem) if stem else None)


_SXXEXX = re.compile(r"[Ss](\d+)[Ee](\d+)")


def _show_episodes(job: MetadataJob, episodes: Any, show: Item, base: Path, source: str, result: MetadataResult,
                   parent: Mapping[str, Any]) -> bool:
    """``episodes: {S01E02: {...}}`` directly in a show's entry (Kometa's other form)."""
    if not _show_children(job, episodes, show, source, result, parent, "episodes", "S##E## keys"):
        return False
    assert job.children is not None
    changed = False
    for key, entry in episodes.items():
        found = _SXXEXX.search(str(key))
        if found is None:
            result.errors.append(f"{_where(episodes, key, source)}: metadata '{show.title}': episode '{key}' must "
                                 f"have the S##E## form")
            continue
        season = job.children.seasons.get(show.rating_key, {}).get(int(found.group(1)))
        episode = job.children.episodes.get(season.rating_key, {}).get(int(found.group(2))) if season else None
        if episode is None or not isinstance(entry or {}, Mapping):
            log.warning("%s: metadata '%s': no episode %s", _where(episodes, key, source), show.title, key)
            continue
        changed |= _episode(job, entry or {}, episode, show, int(found.group(1)), base, source, result)
    return changed


def _by_name_or_alt(found: Mapping[str, Item], name: Any, entry: Any) -> tuple[Item | None, Any]:
    """An album or track by its mapping name (a track also by its number), else by the entry's
    ``alt_title`` — then, as Kometa does, it is renamed to the mapping name (unless the entry gives a
    ``title``)."""
    entry = entry if entry is not None else {}
    item = found.get(str(name))
    if item is not None or not isinstance(entry, Mapping) or not entry.get("alt_title"):
        return item, entry
    item = found.get(str(entry["alt_title"]))
    if item is not None and "title" not in entry:
        entry = {**entry, "title": str(name)}
    return item, entry


def _albums(job: MetadataJob, albums: Any, artist: Item, base: Path, source: str, result: MetadataResult,
            parent: Mapping[str, Any]) -> bool:
    """``albums: {Album title: {..., tracks: {number or title: {...}}}}`` of an artist entry."""
    if not isinstance(albums, Mapping):
        result.errors.append(f"{_where(parent, 'albums', source)}: metadata '{artist.title}': albums must be a "
                             f"mapping of album titles")
        return False
    if job.music is None:
        job.music = _music(job.reader, job.snapshot)
    changed = False
    for name, album_entry in albums.items():
        found = job.music.albums.get(artist.rating_key, {})
        album, album_entry = _by_name_or_alt(found, name, album_entry)
        if album is None or not isinstance(album_entry, Mapping):
            log.warning("%s: metadata '%s': no album %r", _where(albums, name, source), artist.title, name)
            continue
        what = f"'{artist.title}' album '{album.title}'"
        _checked({k: v for k, v in album_entry.items() if k != "tracks"}, source, result, what)
        changed |= _apply(job, album_entry, album, "album", what, base, source, result, name,
                          (asset_folder(artist), album.title))
        tracks = album_entry.get("tracks")
        for key, track_entry in (tracks or {}).items() if isinstance(tracks, Mapping) else ():
            track, track_entry = _by_name_or_alt(job.music.tracks.get(album.rating_key, {}), key, track_entry)
            if track is None or not isinstance(track_entry, Mapping):
                log.warning("%s: metadata %s: no track %r", _where(tracks, key, source), what, key)
                continue
            track_what = f"{what} track '{track.title}'"
            _checked(track_entry or {}, source, result, track_what)
            changed |= _apply(job, track_entry or {}, track, "track", track_what, base, source, result, key)
    return changed


def run_document(job: MetadataJob, document: Document) -> MetadataResult | None:
    """Apply one metadata document; None when it has no ``metadata:`` (a collections-only file)."""
    data = document.data
    if not isinstance(data, Mapping) or data.get("metadata") is None:
        return None
    result = MetadataResult(f"metadata: {document.ref.name}")
    entries = data["metadata"]
    if not isinstance(entries, Mapping):
        result.errors.append(f"{_where(data, 'metadata', document.source)}: metadata must be a mapping of entries")
        return result
    base = Path(document.source).parent
    items = list(job.snapshot.items.values())
    templates: Any = None
    for key, entry in entries.items():
        entry = entry if entry is not None else {}
        where = _where(entries, key, document.source)
        if not isinstance(entry, Mapping):
            result.errors.append(f"{where}: metadata '{key}' must be a mapping of attributes")
            continue
        try:
            entry, templates = _templated(job, document, key, entry, templates)
        except ConfigError as exc:
            result.errors.append(str(exc))
            continue
        try:
            runs = run_definition(entry, job.snapshot.item_type)
        except ValueError as exc:
            result.errors.append(f"{_where(entry, 'run_definition', document.source)}: metadata '{key}': {exc}")
            continue
        if not runs:
            log.info("%s: metadata '%s' skipped: run_definition", where, key)
            continue
        try:
            rule = parse_rule(key, entry, job.snapshot.item_type)
        except ValueError as exc:
            result.errors.append(f"{_where(entry, 'match', document.source)}: metadata '{key}': {exc}")
            continue
        _checked(entry, document.source, result, f"'{key}'")
        matched = find(rule, items)
        if not matched:
            result.unmatched += 1
            log.warning("%s: metadata '%s' matches no item in %s", where, key, job.library)
            continue
        if job.only is not None:  # a scoped run edits the event's items only; a full run does the rest
            matched = [item for item in matched if item.rating_key in job.only]
            if not matched:
                continue
        try:
            entry = _with_tmdb(job, entry)
        except (ValueError, ServiceError) as exc:
            result.errors.append(f"{where}: metadata '{key}': {exc}")
            continue
        for item in matched:
            label = f"{item.title} ({item.get('year')})" if item.get("year") else item.title
            changed = _apply(job, entry, item, job.snapshot.item_type, label, base, document.source, result, key,
                             (asset_folder(item), "poster") if item.type in ("movie", "show", "artist") else None)
            if entry.get("seasons") is not None and job.snapshot.item_type == "show" \
                    and (entry.get("update_seasons") is not False or entry.get("update_episodes") is not False):
                changed |= _seasons(job, entry["seasons"], item, base, document.source, result, entry)
            if entry.get("episodes") is not None and job.snapshot.item_type == "show" \
                    and entry.get("update_episodes") is not False:
                changed |= _show_episodes(job, entry["episodes"], item, base, document.source, result, entry)
            if "f1_season" in entry:
                from kometa.metadata.f1_apply import apply_f1

                changed |= apply_f1(job, entry, item, base, document.source, result)
            if entry.get("albums") is not None and job.snapshot.item_type == "artist":
                changed |= _albums(job, entry["albums"], item, base, document.source, result, entry)
            if changed:
                result.changed += 1
            else:
                result.unchanged += 1
    for error in result.errors:
        log.error("%s", error)
    job.uploaded.save()
    return result


def _with_tmdb(job: MetadataJob, entry: Mapping[str, Any]) -> Mapping[str, Any]:
    """The entry with the fields its ``tmdb_movie`` / ``tmdb_show`` gives (kometa.metadata.tmdb_fill)."""
    from kometa.metadata import tmdb_fill

    if tmdb_fill.wanted(entry) is None:
        return entry
    if job.tmdb is None:
        raise ValueError("tmdb_movie / tmdb_show need the tmdb: section of config.yml")
    client = job.tmdb()
    return tmdb_fill.fill(entry, lambda kind, number: client.movie(number) if kind == "movie" else client.show(number))


def _templated(job: MetadataJob | None, document: Document, key: Any, entry: Mapping[str, Any],
               templates: Any) -> tuple[Mapping[str, Any], Any]:
    """The entry with its ``template:`` calls rendered (see kometa.metadata.templates), and the file's
    templates (read on the first entry that calls one)."""
    from kometa.metadata import templates as meta_templates

    if not meta_templates.has_template(entry):
        return entry, templates
    source = document.source
    if templates is None:
        config_dir = job.config_dir if job is not None and job.config_dir is not None else Path(source).parent
        templates = meta_templates.templates_of(document.data, source, config_dir)
    context = meta_templates.context_for(job.snapshot.item_type if job is not None else "movie",
                                         job.library if job is not None else None, document.ref.template_variables)
    return meta_templates.expand(key, entry, document.data["metadata"], templates, context, source), templates


RUN_TYPES = ("movie", "show", "artist", "true", "false")


def run_definition(entry: Mapping[str, Any], library_type: str) -> bool:
    """Kometa's ``run_definition``: the entry runs unless a value is ``false`` (or empty) or names
    another library type (``movie``, ``show``, ``artist``); ValueError for another value."""
    if "run_definition" not in entry:
        return True
    raw = entry["run_definition"]
    if raw is None:
        return False
    values = [str(v).strip().lower() for v in (raw if isinstance(raw, list) else str(raw).split(",")) if str(v).strip()]
    bad = next((v for v in values if v not in RUN_TYPES), None)
    if bad is not None:
        raise ValueError(f"run_definition '{bad}' is not one of {', '.join(RUN_TYPES)}")
    return all(v == "true" or v == library_type for v in values)


def document_errors(document: Document, today: date | None = None) -> list[str]:
    """Located mistakes of a metadata document found without Plex (for ``--validate``): entries that
    are not mappings, bad ``match:`` rules, unknown or unsupported keys, bad ``f1_season`` options
    (with ``today``)."""
    data = document.data
    if not isinstance(data, Mapping) or data.get("metadata") is None:
        return []
    entries = data["metadata"]
    result = MetadataResult("validate")
    if not isinstance(entries, Mapping):
        return [f"{_where(data, 'metadata', document.source)}: metadata must be a mapping of entries"]
    templates: Any = None
    for key, entry in entries.items():
        if entry is None:
            continue
        if not isinstance(entry, Mapping):
            result.errors.append(f"{_where(entries, key, document.source)}: metadata '{key}' must be a mapping "
                                 f"of attributes")
            continue
        try:
            entry, templates = _templated(None, document, key, entry, templates)
        except ConfigError as exc:
            result.errors.append(str(exc))
            continue
        try:
            parse_rule(key, entry, "movie")
        except ValueError as exc:  # at match:, else at the old top-level key (year: ...) it names
            at = "match" if "match" in entry else next((k for k in entry if str(exc).startswith(f"match: {k} ")), None)
            place = _where(entry, at, document.source) if at is not None else _where(entries, key, document.source)
            result.errors.append(f"{place}: metadata '{key}': {exc}")
        from kometa.metadata.tmdb_fill import wanted as tmdb_wanted

        try:
            tmdb_wanted(entry)
        except ValueError as exc:
            result.errors.append(f"{_where(entries, key, document.source)}: metadata '{key}': {exc}")
        _checked(entry, document.source, result, f"'{key}'")
        from kometa.metadata.value_check import located_value_errors

        result.errors += located_value_errors(entry, document.source, f"'{key}'")
        if "f1_season" in entry and today is not None:
            from kometa.metadata.f1 import options

            for name, reason in options(entry, today.year)[1]:
                result.errors.append(f"{_where(entry, name, document.source)}: metadata '{key}': {name}: {reason}")
    return result.errors
