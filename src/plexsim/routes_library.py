"""Read routes: server identity, sections, listings, search, item details, navigation, choices."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import filters, meta
from .http import PlexError, empty, endpoint, page, pairs, param, path_int, path_item, xml
from .model import CONTAINER_TYPES, SECTION_LEVELS, TYPE_NAMES, Item
from .xml import container, element, library_item, section_pairs

if TYPE_CHECKING:
    from .app import Sim

VERSION = "1.41.3.9314-a0bfb8370"
_LIB = [("identifier", "com.plexapp.plugins.library"), ("mediaTagPrefix", "/system/bundle/media/flags/"),
        ("mediaTagVersion", 1732600000)]


def root(sim: Sim, request: Request) -> Response:
    store = sim.store
    kids = [] if request.url.path == "/identity" else [
        element("Directory", [("count", 1), ("key", d), ("title", d)]) for d in ROOT_DIRECTORIES]
    return xml(container([
        ("allowCameraUpload", 0), ("allowChannelAccess", 1), ("allowMediaDeletion", 1), ("allowSharing", 1),
        ("allowSync", 1), ("allowTuners", 0), ("backgroundProcessing", 1), ("certificate", 1),
        ("companionProxy", 1), ("countryCode", "usa"), ("diagnostics", ""), ("eventStream", 1),
        ("friendlyName", sim.friendly_name), ("livetv", 0), ("machineIdentifier", store.meta["machineIdentifier"]),
        ("musicAnalysis", 0), ("myPlex", 1), ("myPlexMappingState", "mapped"), ("myPlexSigninState", "ok"),
        ("myPlexSubscription", 1), ("myPlexUsername", "plexsim"), ("ownerFeatures", "collections,hubs"),
        ("photoAutoTag", 0), ("platform", "Linux"), ("platformVersion", "6.1.0"), ("pluginHost", 1),
        ("pushNotifications", 0), ("readOnlyLibraries", 0), ("streamingBrainABRVersion", 3),
        ("streamingBrainVersion", 2), ("sync", 1), ("transcoderActiveVideoSessions", 0),
        ("transcoderAudio", 1), ("transcoderLyrics", 0), ("transcoderPhoto", 1), ("transcoderSubtitles", 1),
        ("transcoderVideo", 1), ("updatedAt", max((s.updated_at for s in store.sections.values()), default=0)),
        ("updater", 1), ("version", VERSION), ("voiceSearch", 0),
    ], kids, size=len(kids)))


#: the Directory children of ``GET /`` (``/identity`` has none)
ROOT_DIRECTORIES = ("activities", "butler", "channels", "clients", "diagnostics", "hubs", "library", "livetv",
                    "media", "metadata", "neighborhood", "playQueues", "player", "playlists", "resources", "search",
                    "server", "servers", "statistics", "system", "transcode", "updater", "user")


def library(sim: Sim, request: Request) -> Response:
    return xml(container([("allowSync", 0), ("art", "/:/resources/library-art.png"), ("content", "secondary"),
                          ("identifier", "com.plexapp.plugins.library"), ("title1", "Plex Library")], [
        element("Directory", [("key", "sections"), ("title", "Library Sections")]),
        element("Directory", [("key", "recentlyAdded"), ("title", "Recently Added Content")]),
    ]))


def _section_xml(sim: Sim, sid: int) -> str:
    s = sim.store.sections[sid]
    return element("Directory", [
        ("allowSync", 1), ("art", f"/:/resources/{s.type}-fanart.jpg"), ("composite", f"/library/sections/{sid}/composite/{s.updated_at}"),
        ("filters", 1), ("refreshing", 0), ("thumb", f"/:/resources/{s.type}.png"), ("key", sid), ("type", s.type),
        ("title", s.title), ("agent", s.agent), ("scanner", s.scanner), ("language", s.language), ("uuid", s.uuid),
        ("updatedAt", s.updated_at), ("createdAt", s.created_at), ("scannedAt", s.updated_at), ("content", 1),
        ("directory", 1), ("contentChangedAt", sim.store.version), ("hidden", 0),
    ], element("Location", [("id", sid), ("path", s.location)]))


def sections(sim: Sim, request: Request) -> Response:
    kids = [_section_xml(sim, sid) for sid in sorted(sim.store.sections)]
    return xml(container([("allowSync", 0), ("title1", "Plex Library")], kids))


def section(sim: Sim, request: Request) -> Response:
    sid = _sid(sim, request)
    sec = sim.store.sections[sid]
    return xml(container([*_LIB, ("librarySectionID", sid), ("title1", sec.title)], [
        element("Directory", [("key", "all"), ("title", f"All {sec.title}")]),
        element("Directory", [("key", "collections"), ("title", "Collections")]),
    ]))


def _sid(sim: Sim, request: Request) -> int:
    sid = path_int(request, "sid")
    if sid not in sim.store.sections:
        raise PlexError(404, f"no library section {sid}")
    return sid


def render(sim: Sim, item: Item, detail: bool = False, guids: bool = False, prefs: bool = False) -> str:
    if item.type == "collection":
        return sim.collections.xml(item, prefs=prefs)
    if item.type == "playlist":
        return sim.playlists.xml(item)
    pref_xml = meta_prefs(sim, item) if prefs else ""
    return library_item(sim.store, item, detail=detail, guids=guids, prefs=pref_xml)


def meta_prefs(sim: Sim, item: Item) -> str:
    from .edits import item_settings
    return "<Preferences>" + "".join(element("Setting", s) for s in item_settings(item)) + "</Preferences>"


def search(sim: Sim, sid: int, query_pairs: list[tuple[str, str]], default_type: str | None = None) -> list[Item]:
    """Evaluate a section query (cached per store version)."""
    store = sim.store
    key = (sid, default_type, tuple(p for p in query_pairs if not p[0].startswith("X-Plex-")))
    hit = sim.query_cache.get(key)
    if hit is not None and hit[0] == store.version:
        return hit[1]
    q = filters.parse(store, sid, query_pairs, default_type)
    if q.type == "collection":
        candidates = sim.collections.in_section(sid)
    else:
        candidates = store.section_items(sid, q.type)
        if q.include_collections and q.pred is None and q.type == SECTION_LEVELS[store.sections[sid].type][0]:
            candidates += [c for c in sim.collections.in_section(sid)
                           if int(c.extra.get("collectionMode", -1)) != 0]
    result = filters.run(store, q, candidates)
    if len(sim.query_cache) > 256:
        sim.query_cache.clear()
    sim.query_cache[key] = (store.version, result)
    return result


def section_all(sim: Sim, request: Request) -> Response:
    sid = _sid(sim, request)
    sec = sim.store.sections[sid]
    prs = pairs(request)
    head = [*_LIB, *section_pairs(sim.store, sid)[0:1], ("librarySectionTitle", sec.title),
            ("librarySectionUUID", sec.uuid), ("title1", sec.title)]
    if param(request, "includeMeta") == "1":
        items = search(sim, sid, prs)
        chunk, info = page(items, request)
        kids = [meta.meta_xml(sim.store, sid)] + [render(sim, i) for i in chunk]
        return xml(container([*info.items(), *head], kids, size=len(chunk)))
    items = search(sim, sid, prs)
    chunk, info = page(items, request)
    guids = param(request, "includeGuids") == "1"
    kids = [render(sim, i, guids=guids) for i in chunk]
    vg = items[0].type if items else None
    return xml(container([*info.items(), *head, ("viewGroup", vg)], kids))


def section_collections(sim: Sim, request: Request) -> Response:
    sid = _sid(sim, request)
    sec = sim.store.sections[sid]
    items = search(sim, sid, [p for p in pairs(request) if p[0] != "type"] + [("type", "18")])
    chunk, info = page(items, request)
    kids = [render(sim, i) for i in chunk]
    if param(request, "includeMeta") == "1":
        kids.insert(0, meta.meta_xml(sim.store, sid, collections=True))
    head = [*_LIB, ("librarySectionID", sid), ("librarySectionTitle", sec.title), ("title1", sec.title)]
    return xml(container([*info.items(), *head], kids, size=len(chunk)))


def section_albums(sim: Sim, request: Request) -> Response:
    """``/library/sections/SID/albums`` (``MusicSection.albums()``): every album of a music section."""
    sid = _sid(sim, request)
    if sim.store.sections[sid].type != "artist":
        raise PlexError(404, f"section {sid} is not a music section")
    items = search(sim, sid, [p for p in pairs(request) if p[0] != "type"] + [("type", "9")])
    chunk, info = page(items, request)
    return xml(container([*info.items(), *_LIB, ("librarySectionID", sid), ("viewGroup", "album")],
                         [render(sim, i) for i in chunk]))


def section_choices(sim: Sim, request: Request) -> Response:
    sid = _sid(sim, request)
    name = request.path_params["name"]
    levels = SECTION_LEVELS[sim.store.sections[sid].type]
    raw_type = param(request, "type")
    if raw_type:
        try:
            level = TYPE_NAMES[int(raw_type)]
        except (ValueError, KeyError):
            raise PlexError(400, f"invalid type {raw_type!r}") from None
        if level not in levels and level != "collection":
            raise PlexError(400, f"type {raw_type} is not valid for this section")
        levels = [level]
    from .fields import FIELDS
    if not any(name in FIELDS.get(lv, {}) for lv in levels):
        raise PlexError(404, f"no filter {name!r}")
    key = ("choices", sid, name, tuple(levels))
    hit = sim.query_cache.get(key)
    if hit is None or hit[0] != sim.store.version:
        hit = (sim.store.version, meta.choices(sim.store, sid, name, levels))
        sim.query_cache[key] = hit
    kids = hit[1]
    chunk, info = page(kids, request)
    return xml(container([*info.items(), *_LIB, ("librarySectionID", sid)], chunk))


def section_prefs(sim: Sim, request: Request) -> Response:
    sid = _sid(sim, request)
    if request.method == "PUT":
        sec = sim.store.sections[sid]
        for k, v in pairs(request):
            if not k.startswith("X-Plex-"):
                sec.prefs[k] = v
        sim.store.save_section(sec)
        return empty()
    sec = sim.store.sections[sid]
    kids = [element("Setting", [("id", i), ("label", i), ("summary", ""), ("type", t),
                                ("default", d), ("value", sec.prefs.get(i, d)), ("hidden", 0), ("advanced", 0),
                                ("group", ""), ("enumValues", enum)])
            for i, d, t, enum in SECTION_SETTINGS]
    return xml(container([], kids))


#: id, default, type, enumValues (every non-bool setting lists its choices: plexapi's editAdvanced needs them)
SECTION_SETTINGS = [
    ("ratingsSource", "rottentomatoes", "text", "rottentomatoes:Rotten Tomatoes|imdb:IMDb|themoviedb:The Movie Database"),
    ("enableCinemaTrailers", "1", "bool", None),
    ("collectionMode", "0", "int", "0:Disabled|1:Hide items which are in collections|2:Show collection and its items"),
    ("hidden", "0", "int", "0:Include in home screen and global search|1:Exclude from home screen|"
                           "2:Exclude from home screen and global search"),
]


def metadata(sim: Sim, request: Request) -> Response:
    raw = request.path_params["rks"]
    try:
        rks = [int(r) for r in raw.split(",") if r]
    except ValueError:
        raise PlexError(400, f"invalid ratingKey list {raw!r}") from None
    found = [sim.store.items[rk] for rk in rks if rk in sim.store.items]
    if not found:
        raise PlexError(404, f"no item {raw}")
    prefs = param(request, "includePreferences") == "1"
    kids = [_shape(render(sim, i, detail=True, prefs=prefs), request) for i in found]
    first = found[0]
    head = [*_LIB, *section_pairs(sim.store, first.section)[:3]] if first.section else _LIB
    return xml(container(head, kids))


def _shape(fragment: str, request: Request) -> str:
    """Apply ``checkFiles=1`` (parts say ``exists``/``accessible``), ``includeReviews`` (reviews only
    when asked), ``excludeElements=Media,Genre`` and ``excludeFields=summary,..`` to one item."""
    check = param(request, "checkFiles") == "1"
    reviews = param(request, "includeReviews") == "1"
    elements = {e for e in (param(request, "excludeElements") or "").split(",") if e}
    fields = {f for f in (param(request, "excludeFields") or "").split(",") if f}
    if not (check or elements or fields or (not reviews and "<Review " in fragment)):
        return fragment
    import xml.etree.ElementTree as ET
    root = ET.fromstring(fragment)
    if not reviews:
        elements = elements | {"Review"}
    for child in list(root):
        if child.tag in elements:
            root.remove(child)
    for name in fields:
        root.attrib.pop(name, None)
    if check:
        for part in root.iter("Part"):
            part.set("exists", "1")
            part.set("accessible", "1")
    return ET.tostring(root, encoding="unicode")


def children(sim: Sim, request: Request) -> Response:
    item = path_item(sim, request)
    if item.type not in CONTAINER_TYPES:
        if item.type == "collection":
            return sim.collections.children_response(item, request)
        raise PlexError(400, f"item {item.rk} has no children")
    kid_type = {"show": "season", "season": "episode", "artist": "album", "album": "track"}.get(item.type)
    kids = sim.store.kids(item.rk)
    if kid_type is None:  # a photo album: sub-albums first, then photos, by title
        kids = sorted(filters.order(sim.store, kids, [], "photo"), key=lambda k: k.type != "photoalbum")
    else:
        kids = filters.order(sim.store, kids, [] if kid_type != "album" else [("titleSort", "asc")], kid_type)
    return _nav(sim, item, kids, request)


def all_leaves(sim: Sim, request: Request) -> Response:
    item = path_item(sim, request)
    if item.type not in CONTAINER_TYPES:
        raise PlexError(400, f"item {item.rk} has no leaves")
    leaves = sim.store.leaves(item)
    return _nav(sim, item, filters.order(sim.store, leaves, [], leaves[0].type if leaves else "episode"), request)


def _nav(sim: Sim, parent: Item, kids: list[Item], request: Request) -> Response:
    chunk, info = page(kids, request)
    guids = param(request, "includeGuids") == "1"
    head = [*info.items(), *_LIB, *section_pairs(sim.store, parent.section)[:3],
            ("key", parent.rk), ("parentTitle", parent.attrs.get("title")), ("title1", parent.attrs.get("title")),
            ("viewGroup", kids[0].type if kids else None)]
    return xml(container(head, [render(sim, k, guids=guids) for k in chunk]))


def recently_added(sim: Sim, request: Request) -> Response:
    """Movies and episodes of every section, newest first (``library.recentlyAdded()``)."""
    store = sim.store
    items = [*store.by_type["movie"].values(), *store.by_type["episode"].values()]
    items.sort(key=lambda i: (-int(i.attrs.get("addedAt", 0)), i.rk))
    chunk, info = page(items, request)
    return xml(container([*info.items(), *_LIB], [render(sim, i) for i in chunk]))


def on_deck(sim: Sim, request: Request) -> Response:
    """Items with a saved position (``viewOffset``), most recently viewed first."""
    store = sim.store
    items = [i for t in ("movie", "episode") for i in store.by_type[t].values() if i.attrs.get("viewOffset")]
    items.sort(key=lambda i: (-int(i.attrs.get("lastViewedAt", 0) or 0), i.rk))
    chunk, info = page(items, request)
    return xml(container([*info.items(), *_LIB], [render(sim, i) for i in chunk]))


def stub_container(sim: Sim, request: Request) -> Response:
    return xml(container([]))


def timeline(sim: Sim, request: Request) -> Response:
    """``/library/sections/SID/timeline`` (``LibraryTimeline``): ``latestEntryTime`` is the newest
    addedAt/updatedAt in the section; ``size`` counts its top-level items (Plex's own count is
    undocumented; python-plexapi's suite only needs it positive)."""
    sid = _sid(sim, request)
    store = sim.store
    sec = store.sections[sid]
    top = store.section_items(sid, SECTION_LEVELS[sec.type][0])
    latest = max((max(int(i.attrs.get("addedAt", 0)), int(i.attrs.get("updatedAt", 0))) for i in top), default=0)
    return xml(container([*_LIB[:1], ("allowSync", 0), ("art", f"/:/resources/{sec.type}-fanart.jpg"),
                          ("content", "secondary"), ("latestEntryTime", latest), *_LIB[1:],
                          ("thumb", f"/:/resources/{sec.type}.png"), ("title1", sec.title),
                          ("librarySectionID", sid), ("updateQueueSize", 0), ("updatedAt", store.version),
                          ("viewGroup", "secondary")], size=len(top)))


def server_prefs(sim: Sim, request: Request) -> Response:
    prefs = sim.store.meta.get("serverPrefs", {})
    if request.method == "PUT":
        prefs = dict(prefs)
        for k, v in pairs(request):
            if not k.startswith("X-Plex-"):
                prefs[k] = v
        sim.store.set_meta("serverPrefs", prefs)
        return empty()
    defaults = [("FriendlyName", sim.friendly_name, "text"), ("DatabaseCacheSize", "40", "int"),
                ("butlerUpdateChannel", "16", "text"), ("butlerStartHour", "2", "int"),
                ("butlerEndHour", "5", "int"), ("cinemaTrailersPrerollID", "", "text")]
    kids = [element("Setting", [("id", i), ("label", i), ("summary", ""), ("type", t), ("default", d),
                                ("value", prefs.get(i, d)), ("hidden", 0), ("advanced", 0), ("group", "general")])
            for i, d, t in defaults]
    return xml(container([], kids))


def routes(sim: Sim) -> list[Route]:
    def r(path: str, fn, methods: list[str] | None = None) -> Route:  # type: ignore[no-untyped-def]
        return Route(path, endpoint(sim, fn), methods=methods or ["GET"])
    return [
        r("/", root), r("/identity", root), r("/library", library), r("/library/", library),
        r("/library/sections", sections), r("/library/sections/", sections),
        r("/activities", stub_container), r("/:/prefs", server_prefs, ["GET", "PUT"]),
        r("/library/recentlyAdded", recently_added), r("/library/onDeck", on_deck),
        r("/library/sections/{sid}", section), r("/library/sections/{sid}/all", section_all),
        r("/library/sections/{sid}/collections", section_collections),
        r("/library/sections/{sid}/albums", section_albums),
        r("/library/sections/{sid}/prefs", section_prefs, ["GET", "PUT"]),
        r("/library/sections/{sid}/timeline", timeline),
        r("/library/metadata/{rk}/children", children), r("/library/metadata/{rk}/allLeaves", all_leaves),
        r("/library/metadata/{rks}", metadata),
    ]


def choice_routes(sim: Sim) -> list[Route]:
    """Registered last: ``/library/sections/SID/<filter>`` would shadow the fixed sub-paths."""
    return [Route("/library/sections/{sid}/{name}", endpoint(sim, section_choices), methods=["GET"])]

