"""Less central endpoints python-plexapi's own test suite exercises (see docs/plexsim-fidelity.md).

Library-wide search (``/library/all``), media part downloads, play progress and the Continue
Watching / On Deck lists, agents and matches, media providers (section duration/storage), tag
lists, section hubs, multi-edit "common" values, butler tasks, system accounts/devices, sessions,
play queues, preview-index deletion and subtitle uploads. Registered before ``routes_media`` (its
``/library/metadata/{rk}/{kind}`` would shadow ``.../matches`` and ``.../related``).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .filters import QueryError
from .http import PlexError, empty, endpoint, int_param, page, pairs, param, path_int, path_item, xml
from .model import LEAF_TYPES, SEARCH_TYPES, SECTION_LEVELS, TAG_KINDS, TYPE_NAMES, Item
from .xml import container, element, section_pairs

if TYPE_CHECKING:
    from .app import Sim

_LIB = [("identifier", "com.plexapp.plugins.library"), ("mediaTagPrefix", "/system/bundle/media/flags/"),
        ("mediaTagVersion", 1732600000)]


def _render(sim: Sim, item: Item) -> str:
    from .routes_library import render
    return render(sim, item)


def library_all(sim: Sim, request: Request) -> Response:
    """``GET /library/all?title=..&type=..``: the same search run over every section it applies to."""
    from .routes_library import search
    prs = pairs(request)
    raw_type = param(request, "type")
    found: list[Item] = []
    for sid, sec in sorted(sim.store.sections.items()):
        if raw_type and raw_type.isdigit() and TYPE_NAMES.get(int(raw_type)) not in (*SECTION_LEVELS[sec.type],
                                                                                       "collection"):
            continue
        try:
            found += search(sim, sid, prs)
        except QueryError:
            continue  # a filter this section does not know: no results from it
    chunk, info = page(found, request)
    return xml(container([*info.items(), *_LIB], [_render(sim, i) for i in chunk]))


def _part(sim: Sim, pid: int) -> tuple[Item, dict[str, Any]]:
    for item in sim.store.items.values():
        for m in item.media:
            for p in m["parts"]:
                if p["id"] == pid:
                    return item, p
    raise PlexError(404, f"no media part {pid}")


def part_file(sim: Sim, request: Request) -> Response:
    """The part's file. plexsim holds no media, so the body is a short placeholder (not the file)."""
    _item, part = _part(sim, path_int(request, "pid"))
    name = str(part.get("file", "file")).rsplit("/", 1)[-1]
    body = f"plexsim placeholder for {name}\n".encode()
    return Response(body, media_type="application/octet-stream",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def part_update(sim: Sim, request: Request) -> Response:
    """``PUT /library/parts/PID?audioStreamID=|subtitleStreamID=``: select a stream (0 = none)."""
    item, part = _part(sim, path_int(request, "pid"))
    for key, stype in (("audioStreamID", 2), ("subtitleStreamID", 3)):
        raw = param(request, key)
        if raw is None:
            continue
        if not raw.lstrip("-").isdigit():
            raise PlexError(400, f"{key}={raw!r} is not a stream id")
        sid = int(raw)
        streams = [s for s in part["streams"] if s["streamType"] == stype]
        if sid and not any(s["id"] == sid for s in streams):
            raise PlexError(400, f"no stream {sid} of type {stype} in part {part['id']}")
        for s in streams:
            if s["id"] == sid:
                s["selected"] = 1
            else:
                s.pop("selected", None)
    sim.store.save(item)
    return empty()


def _key_item(sim: Sim, request: Request, name: str = "key") -> Item:
    raw = param(request, name)
    if raw is None or not raw.isdigit():
        raise PlexError(400, f"{name}={raw!r}: expected a ratingKey")
    item = sim.store.get(int(raw))
    if item is None:
        raise PlexError(404, f"no item {raw}")
    return item


def progress(sim: Sim, request: Request) -> Response:
    """``/:/progress?key=RK&time=MS&state=..`` and ``/:/timeline?ratingKey=RK&time=MS&state=..``: the
    saved position. A position past 90% of the duration counts as played (as Plex does)."""
    item = _key_item(sim, request, "key" if request.url.path.endswith("progress") else "ratingKey")
    if item.type not in LEAF_TYPES:
        raise PlexError(400, f"a {item.type} has no play position")
    ms = int_param(request, "time")
    if ms is None or ms < 0:
        raise PlexError(400, "time= (milliseconds) is required")
    a = item.attrs
    duration = int(a.get("duration") or 0)
    a["lastViewedAt"] = int(time.time())
    if duration and ms > duration * 0.9:
        a["viewCount"] = int(a.get("viewCount", 0)) + 1
        a.pop("viewOffset", None)
    elif ms:
        a["viewOffset"] = ms
    else:
        a.pop("viewOffset", None)
    sim.store.save(item)
    return empty()


def _in_progress(sim: Sim, sid: int | None) -> list[Item]:
    store = sim.store
    items = [i for t in ("movie", "episode") for i in store.by_type[t].values()
             if i.attrs.get("viewOffset") and (sid is None or i.section == sid)]
    items.sort(key=lambda i: (-int(i.attrs.get("lastViewedAt", 0) or 0), i.rk))
    return items


def continue_watching(sim: Sim, request: Request) -> Response:
    """``/hubs/continueWatching/items`` and ``/hubs/sections/SID/continueWatching/items``."""
    sid = None
    if "sid" in request.path_params:
        sid = path_int(request, "sid")
        if sid not in sim.store.sections:
            raise PlexError(404, f"no library section {sid}")
    chunk, info = page(_in_progress(sim, sid), request)
    return xml(container([*info.items(), *_LIB], [_render(sim, i) for i in chunk]))


def section_on_deck(sim: Sim, request: Request) -> Response:
    sid = path_int(request, "sid")
    if sid not in sim.store.sections:
        raise PlexError(404, f"no library section {sid}")
    chunk, info = page(_in_progress(sim, sid), request)
    return xml(container([*info.items(), *_LIB, ("librarySectionID", sid)], [_render(sim, i) for i in chunk]))


#: mediaType -> (identifier, name, primary)
_AGENTS: dict[int, list[tuple[str, str]]] = {
    1: [("tv.plex.agents.movie", "Plex Movie"), ("com.plexapp.agents.imdb", "Plex Movie (Legacy)"),
        ("com.plexapp.agents.themoviedb", "The Movie Database"), ("com.plexapp.agents.none", "Personal Media")],
    2: [("tv.plex.agents.series", "Plex Series"), ("com.plexapp.agents.thetvdb", "TheTVDB"),
        ("com.plexapp.agents.themoviedb", "The Movie Database"), ("com.plexapp.agents.none", "Personal Media Shows")],
    8: [("tv.plex.agents.music", "Plex Music"), ("com.plexapp.agents.lastfm", "Last.fm"),
        ("com.plexapp.agents.none", "Personal Media Artists")],
    13: [("com.plexapp.agents.none", "Photos")],
}


def _agent_xml(ident: str, name: str, media_types: list[int], primary: bool) -> str:
    kids = "".join(element("MediaType", [("mediaType", t), ("name", TYPE_NAMES.get(t))]) for t in media_types)
    kids += element("Language", [("code", "en")]) + element("Language", [("code", "xn")])
    return element("Agent", [("hasAttribution", 1 if ident.startswith("tv.plex") else 0),
                             ("hasPrefs", 0 if ident.endswith(".none") else 1), ("identifier", ident),
                             ("name", name), ("primary", 1 if primary else 0)], kids)


def agents(sim: Sim, request: Request) -> Response:
    raw = int_param(request, "mediaType")
    kinds = [raw] if raw is not None else sorted(_AGENTS)
    seen: dict[str, tuple[str, list[int], bool]] = {}
    for kind in kinds:
        for n, (ident, name) in enumerate(_AGENTS.get(kind, [])):
            entry = seen.setdefault(ident, (name, [], n == 0))
            entry[1].append(kind)
    return xml(container([], [_agent_xml(i, e[0], e[1], e[2]) for i, e in seen.items()]))


def agent_prefs(sim: Sim, request: Request) -> Response:
    ident = request.path_params["ident"]
    if not any(ident == a for lst in _AGENTS.values() for a, _n in lst):
        raise PlexError(404, f"no agent {ident!r}")
    settings = [[("id", "country"), ("label", "Country"), ("summary", ""), ("type", "text"), ("default", "9"),
                 ("value", "9"), ("hidden", 0), ("advanced", 0), ("group", ""),
                 ("enumValues", "0:Argentina|9:United States|10:United Kingdom")],
                [("id", "collections"), ("label", "Use collection info"), ("summary", ""), ("type", "bool"),
                 ("default", "false"), ("value", "false"), ("hidden", 0), ("advanced", 0), ("group", "")]]
    return xml(container([], [element("Setting", s) for s in settings]))


def matches(sim: Sim, request: Request) -> Response:
    """``/library/metadata/RK/matches?manual=1&title=..&year=..&agent=..``: candidate matches, taken
    from the simulator's own library (an external id written ``imdb-tt123`` finds the item that
    carries ``imdb://tt123``; a plain title matches titles of the same type)."""
    item = path_item(sim, request)
    title = param(request, "title")
    year = param(request, "year")
    title = item.attrs.get("title", "") if title is None else title
    cands: list[tuple[int, Item]] = []
    if "-" in title and title.split("-", 1)[0] in ("imdb", "tmdb", "tvdb"):
        want = title.replace("-", "://", 1)
        cands = [(100, i) for i in sim.store.by_type[item.type].values() if want in i.guids]
    elif title:
        needle = title.casefold()
        for i in sim.store.by_type[item.type].values():
            t = str(i.attrs.get("title", "")).casefold()
            if needle in t and (not year or str(i.attrs.get("year")) == year):
                cands.append((100 if t == needle else 80, i))
    cands.sort(key=lambda c: (-c[0], c[1].rk))
    kids = [element("SearchResult", [("guid", i.attrs.get("guid")), ("name", i.attrs.get("title")),
                                     ("year", i.attrs.get("year")), ("score", score), ("thumb", i.attrs.get("thumb")),
                                     ("lifespanEnded", 0), ("matched", 1 if i.rk == item.rk else 0)])
            for score, i in cands]
    return xml(container([("identifier", "com.plexapp.plugins.library")], kids))


def media_providers(sim: Sim, request: Request) -> Response:
    store = sim.store
    dirs = []
    for sid, sec in sorted(store.sections.items()):
        leaves = [i for t in LEAF_TYPES for i in store.section_items(sid, t)]
        duration = sum(int(m.get("duration") or 0) for i in leaves for m in i.media[:1])
        storage = sum(int(p.get("size") or 0) for i in leaves for m in i.media for p in m["parts"])
        dirs.append(element("Directory", [("id", sid), ("key", f"/library/sections/{sid}"), ("title", sec.title),
                                          ("type", sec.type), ("durationTotal", duration),
                                          ("storageTotal", storage)],
                            element("Pivot", [("id", "library"), ("key", f"/library/sections/{sid}/all"),
                                              ("type", "list"), ("title", "Library")])))
    feature = element("Feature", [("key", "/library/sections"), ("type", "content")], "".join(dirs))
    provider = element("MediaProvider", [("identifier", "com.plexapp.plugins.library"), ("title", "Library"),
                                         ("types", "video,audio,photo"), ("protocols", "stream,download")], feature)
    return xml(container([], [provider]))


def section_indexes(sim: Sim, request: Request) -> Response:
    """``DELETE /library/sections/SID/indexes`` (delete video preview thumbnails): nothing to delete."""
    sid = path_int(request, "sid")
    if sid not in sim.store.sections:
        raise PlexError(404, f"no library section {sid}")
    return empty()


def library_tags(sim: Sim, request: Request) -> Response:
    """``/library/tags?type=N``: every tag of that tagType used by some item."""
    num = int_param(request, "type")
    kind = next((k for k, (n, _e) in TAG_KINDS.items() if n == num), None)
    if kind is None:
        raise PlexError(400, f"unknown tag type {num}")
    counts: dict[int, int] = {}
    for item in sim.store.items.values():
        for tid in item.tags.get(kind, ()):
            counts[tid] = counts.get(tid, 0) + 1
    tags = sorted((sim.store.tags[t] for t in counts if t in sim.store.tags), key=lambda t: t.tag.casefold())
    kids = [element("Directory", [("count", counts[t.id]), ("filter", f"{kind}={t.id}"), ("id", t.id),
                                  ("tag", t.tag), ("tagType", num), ("thumb", t.thumb)]) for t in tags]
    return xml(container([], kids))


def _tag_hub(sim: Sim, kind: str, needle: str, sid: int | None) -> list[str]:
    """Tag results for ``/hubs/search``: one ``Directory`` per (section, tag) whose name contains ``needle``."""
    from .filters import fold
    store = sim.store
    num = TAG_KINDS[kind][0]
    fkey = "actor" if kind == "role" else kind
    hits: dict[tuple[int, int], int] = {}
    for item in store.items.values():
        if item.section is None or (sid is not None and item.section != sid):
            continue
        for tid in item.tags.get(kind, ()):
            tag = store.tags.get(tid)
            if tag is not None and needle in fold(tag.tag):
                hits[(item.section, tid)] = hits.get((item.section, tid), 0) + 1
    out = []
    for (s, tid), count in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0])):
        sec = store.sections.get(s)
        if sec is None:
            continue
        tag = store.tags[tid]
        out.append(element("Directory", [
            ("count", count), ("filter", f"{fkey}={tid}"), ("id", tid),
            ("key", f"/library/sections/{s}/all?{fkey}={tid}"), ("librarySectionID", s),
            ("librarySectionKey", f"/library/sections/{s}"), ("librarySectionTitle", sec.title),
            ("librarySectionType", SEARCH_TYPES.get(SECTION_LEVELS[sec.type][0], 1)), ("reason", "section"),
            ("reasonID", s), ("reasonTitle", sec.title), ("score", 0.9), ("type", "tag"), ("tag", tag.tag),
            ("tagType", num), ("tagKey", f"{tid:024x}" if kind == "role" else None), ("thumb", tag.thumb)]))
    return out


TAG_HUBS = (("genre", "genre", "Genres"), ("director", "director", "Directors"), ("role", "actor", "Actors"))


def section_hubs(sim: Sim, request: Request) -> Response:
    """``/hubs/sections/SID``: the section's built-in hubs with their items (Recently Added, ...)."""
    from .routes_hubs import _hubs
    sid = path_int(request, "sid")
    store = sim.store
    hubs = _hubs(sim, sid)
    level = SECTION_LEVELS[store.sections[sid].type][0]
    count = int_param(request, "count", 6) or 6
    items = sorted(store.section_items(sid, level), key=lambda i: (-int(i.attrs.get("addedAt", 0)), i.rk))
    out = []
    for hub in hubs:
        if hub.get("metadataItemId") is not None:
            continue
        ident = hub["identifier"]
        kids = items[:count] if ident.endswith("recentlyadded") else []
        out.append(element("Hub", [
            ("hubKey", f"/library/metadata/{','.join(str(i.rk) for i in kids)}" if kids else None),
            ("key", f"/hubs/sections/{sid}/{ident.split('.')[-1]}"), ("title", hub["title"]),
            ("type", level), ("hubIdentifier", ident), ("context", f"hub.{ident}"), ("size", len(kids)),
            ("more", 1 if len(items) > len(kids) and kids else 0), ("style", "shelf"),
            ("promoted", 1)], "".join(_render(sim, i) for i in kids)))
    if store.sections[sid].type == "artist" and param(request, "includeStations") == "1":
        station = element("Playlist", [("key", f"/library/sections/{sid}/stations/1"), ("guid", "plex://station/library"),
                                       ("type", "playlist"), ("title", "Library Radio"), ("radio", 1),
                                       ("playlistType", "audio"), ("smart", 1)])
        out.append(element("Hub", [("key", f"/hubs/sections/{sid}/stations"), ("title", "Stations"),
                                   ("type", "station"), ("hubIdentifier", "music.stations"),
                                   ("context", "hub.music.stations"), ("size", 1), ("more", 0),
                                   ("style", "shelf")], station))
    return xml(container([("librarySectionID", sid), ("librarySectionTitle", store.sections[sid].title),
                          ("librarySectionUUID", store.sections[sid].uuid)], out))


def section_common(sim: Sim, request: Request) -> Response:
    """``/library/sections/SID/common?id=RK,RK&type=N``: the values the items share (multi-edit)."""
    sid = path_int(request, "sid")
    store = sim.store
    if sid not in store.sections:
        raise PlexError(404, f"no library section {sid}")
    raw = param(request, "id") or ""
    try:
        rks = [int(x) for x in raw.split(",") if x]
    except ValueError:
        raise PlexError(400, f"invalid id list {raw!r}") from None
    items = [store.items[rk] for rk in rks if rk in store.items and store.items[rk].section == sid]
    if not items:
        raise PlexError(404, "no items")
    types = {i.type for i in items}
    if len(types) > 1:
        raise PlexError(400, "items of different types")
    names = ("title", "titleSort", "summary", "tagline", "studio", "contentRating", "year",
             "originallyAvailableAt", "editionTitle")
    same: list[tuple[str, Any]] = []
    mixed = []
    for n in names:
        vals = {str(i.attrs.get(n)) for i in items}
        if len(vals) == 1:
            same.append((n, items[0].attrs.get(n)))
        else:
            mixed.append(n)
    kids = ""
    for kind, (_num, name) in TAG_KINDS.items():
        sets = [set(i.tags.get(kind, ())) for i in items]
        shared = set.intersection(*sets) if sets else set()
        if any(s != shared for s in sets):
            mixed.append(kind)
        kids += "".join(element(name, [("id", t), ("tag", store.tags[t].tag)]) for t in sorted(shared)
                        if t in store.tags)
    the_type = next(iter(types))
    common = element("Common", [("ratingKey", ",".join(str(i.rk) for i in items)), ("type", the_type),
                                ("index", items[0].index if len(items) == 1 else None),
                                ("mixedFields", ",".join(mixed)), *same], kids)
    return xml(container([*_LIB, *section_pairs(store, sid)[:3]], [common]))


_BUTLER = [("BackupDatabase", "Backup Database", 3), ("CleanOldBundles", "Remove Old Bundles", 7),
           ("CleanOldCacheFiles", "Remove Old Cache Files", 7), ("DeepMediaAnalysis", "Perform extensive media analysis", 1),
           ("OptimizeDatabase", "Optimize Database", 7), ("RefreshLibraries", "Refresh Libraries", 1),
           ("RefreshLocalMedia", "Refresh Local Metadata", 3)]


def butler(sim: Sim, request: Request) -> Response:
    """``/butler``: Plex answers with a bare ``<ButlerTasks>`` root (no MediaContainer)."""
    from .xml import XML_HEADER
    kids = [element("ButlerTask", [("name", n), ("interval", i), ("scheduleRandomized", 0), ("enabled", 1),
                                   ("title", t), ("description", t)]) for n, t, i in _BUTLER]
    return xml((XML_HEADER + element("ButlerTasks", [], "".join(kids))).encode())


def butler_run(sim: Sim, request: Request) -> Response:
    task = request.path_params["task"]
    if task not in {n for n, _t, _i in _BUTLER}:
        raise PlexError(400, f"no butler task {task!r}")
    return empty()


def accounts(sim: Sim, request: Request) -> Response:
    rows = [(0, "", "plexsim"), (1, "/accounts/1", "plexsim")]
    kids = [element("Account", [("id", i), ("key", k or f"/accounts/{i}"), ("name", n), ("defaultAudioLanguage", "en"),
                                ("autoSelectAudio", 1), ("defaultSubtitleLanguage", "en"), ("subtitleMode", 0),
                                ("thumb", "")]) for i, k, n in rows]
    return xml(container([("identifier", "com.plexapp.system.accounts")], kids))


def devices(sim: Sim, request: Request) -> Response:
    created = int(sim.store.meta.get("createdAt", 1764547200))
    kids = [element("Device", [("id", 1), ("name", ""), ("platform", ""), ("clientIdentifier", ""),
                               ("createdAt", created)]),
            element("Device", [("id", 2), ("name", "plexsim client"), ("platform", "Linux"),
                               ("clientIdentifier", "plexsim-client"), ("createdAt", created)])]
    return xml(container([("identifier", "com.plexapp.system.devices")], kids))


def stub_container(sim: Sim, request: Request) -> Response:
    return xml(container([]))


def play_queue(sim: Sim, request: Request) -> Response:
    """``POST /playQueues?uri=..&shuffle=..``: a play queue of the item (or the items under it)."""
    from .uris import parse_uri
    uri = param(request, "uri")
    if not uri:
        raise PlexError(400, "uri= is required")
    try:
        parsed = parse_uri(uri)
    except QueryError as exc:
        raise PlexError(400, str(exc)) from None
    items: list[Item] = []
    for rk in parsed.rks:
        item = sim.store.get(rk)
        if item is None:
            raise PlexError(404, f"no item {rk}")
        items += sim.store.leaves(item) if item.type not in ("collection", "playlist") else []
    if not items:
        raise PlexError(400, "nothing to play")
    qid = sim.store.next_id("playqueue")
    shuffled = param(request, "shuffle") == "1"
    head = [("identifier", "com.plexapp.plugins.library"), ("mediaTagPrefix", "/system/bundle/media/flags/"),
            ("playQueueID", qid), ("playQueueSelectedItemID", items[0].rk), ("playQueueSelectedItemOffset", 0),
            ("playQueueSelectedMetadataItemID", items[0].rk), ("playQueueShuffled", 1 if shuffled else 0),
            ("playQueueSourceURI", uri), ("playQueueTotalCount", len(items)), ("playQueueVersion", 1)]
    kids = [_render(sim, i).replace(f' ratingKey="{i.rk}"', f' playQueueItemID="{n + 1}" ratingKey="{i.rk}"', 1)
            for n, i in enumerate(items)]
    return xml(container(head, kids))


def subtitles_upload(sim: Sim, request: Request) -> Response:
    """``POST /library/metadata/RK/subtitles?title=..&format=srt``: a sidecar subtitle stream."""
    item = path_item(sim, request)
    if not item.media:
        raise PlexError(400, f"item {item.rk} has no media")
    fmt = param(request, "format") or "srt"
    title = param(request, "title") or "subtitle"
    if title.lower().endswith("." + fmt.lower()):  # Plex names the stream after the file, sans extension
        title = title[: -len(fmt) - 1]
    part = item.media[0]["parts"][0]
    sid = sim.store.next_id("stream")
    part["streams"].append({"id": sid, "streamType": 3, "codec": fmt, "index": len(part["streams"]),
                            "title": title, "displayTitle": f"Unknown ({fmt.upper()} External)",
                            "extendedDisplayTitle": f"{title} - Unknown ({fmt.upper()} External)",
                            "key": f"/library/streams/{sid}", "format": fmt})
    sim.store.save(item)
    return empty()


def stream_delete(sim: Sim, request: Request) -> Response:
    sid = path_int(request, "sid")
    for item in sim.store.items.values():
        for m in item.media:
            for p in m["parts"]:
                for s in p["streams"]:
                    if s["id"] == sid:
                        if s["streamType"] != 3 or "key" not in s:
                            raise PlexError(400, f"stream {sid} is not an uploaded subtitle")
                        p["streams"].remove(s)
                        sim.store.save(item)
                        return empty()
    raise PlexError(404, f"no stream {sid}")


def section_edit(sim: Sim, request: Request) -> Response:
    """``PUT /library/sections/SID?agent=..&prefs[X]=V&name=..`` (``LibrarySection.edit``/``editAdvanced``)."""
    import re

    from .routes_library import SECTION_SETTINGS
    sid = path_int(request, "sid")
    sec = sim.store.sections.get(sid)
    if sec is None:
        raise PlexError(404, f"no library section {sid}")
    known = {s[0]: s for s in SECTION_SETTINGS}
    changes: dict[str, str] = {}
    for key, value in pairs(request):
        m = re.fullmatch(r"prefs\[(\w+)\]", key)
        if m is None:
            continue
        spec = known.get(m.group(1))
        if spec is None:
            raise PlexError(400, f"unknown library preference {m.group(1)!r}")
        choices = [c.split(":", 1)[0] for c in spec[3].split("|")] if spec[3] else ["0", "1"]
        if value not in choices:
            raise PlexError(400, f"invalid value {value!r} for {m.group(1)}")
        changes[m.group(1)] = value
    name = param(request, "name")
    if name:
        sec.title = name
    sec.prefs.update(changes)
    sim.store.save_section(sec)
    return empty()


def split(sim: Sim, request: Request) -> Response:
    """``PUT /library/metadata/{rk}/split``: each media version after the first becomes its own item
    (same metadata, tags and guids, a new rating key), as Plex splits a merged item."""
    item = path_item(sim, request)
    if item.type not in LEAF_TYPES:
        raise PlexError(400, f"item {item.rk} ({item.type}) cannot be split")
    for media in item.media[1:]:
        rk = sim.store.next_id("rk")
        attrs = {k: (v.replace(f"/library/metadata/{item.rk}/", f"/library/metadata/{rk}/") if isinstance(v, str) else v)
                 for k, v in item.attrs.items()}
        sim.store.add(Item(rk=rk, type=item.type, section=item.section, parent=item.parent, index=item.index,
                           attrs=attrs, tags={k: list(v) for k, v in item.tags.items()}, roles=dict(item.roles),
                           guids=list(item.guids), media=[media], locked=list(item.locked)))
    if len(item.media) > 1:
        item.media = item.media[:1]
        sim.store.save(item)
    return empty()


def routes(sim: Sim) -> list[Route]:
    def r(path: str, fn: Any, methods: list[str] | None = None) -> Route:
        return Route(path, endpoint(sim, fn), methods=methods or ["GET"])
    return [
        r("/library/all", library_all), r("/library/sections/{sid}", section_edit, ["PUT"]),
        r("/library/parts/{pid}/{stamp}/{name}", part_file), r("/library/parts/{pid}", part_update, ["PUT"]),
        r("/:/progress", progress, ["GET", "PUT", "POST"]), r("/:/timeline", progress, ["GET", "PUT", "POST"]),
        r("/hubs/continueWatching/items", continue_watching),
        r("/hubs/sections/{sid}/continueWatching/items", continue_watching),
        r("/library/sections/{sid}/onDeck", section_on_deck),
        r("/system/agents", agents), r("/:/plugins/{ident}/prefs", agent_prefs),
        r("/library/metadata/{rk}/matches", matches), r("/library/metadata/{rk}/split", split, ["PUT"]),
        r("/media/providers", media_providers),
        r("/library/sections/{sid}/indexes", section_indexes, ["DELETE"]),
        r("/library/tags", library_tags),
        r("/hubs/sections/{sid}", section_hubs),
        r("/library/sections/{sid}/common", section_common),
        r("/butler", butler), r("/butler/{task}", butler_run, ["POST"]),
        r("/accounts", accounts), r("/devices", devices),
        r("/status/sessions", stub_container),
        r("/playQueues", play_queue, ["POST"]),
        r("/library/metadata/{rk}/subtitles", subtitles_upload, ["POST"]),
        r("/library/streams/{sid}", stream_delete, ["DELETE"]),
    ]
