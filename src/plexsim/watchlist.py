"""The plex.tv watchlist of an account and the online metadata behind it (stand-ins for
``https://discover.provider.plex.tv`` and ``https://metadata.provider.plex.tv``).

python-plexapi's ``MyPlexAccount.watchlist()`` reads ``{DISCOVER}/library/sections/watchlist/{filter}``
(``filter`` ``all``, ``available`` or ``released``; ``sort`` ``watchlistedAt``, ``titleSort``,
``originallyAvailableAt`` or ``rating`` with ``:asc``/``:desc``; ``type`` 1 movies, 2 shows; paged by
``X-Plex-Container-Start``/``-Size``, as headers or parameters) and, for an item's ids, the item
from ``{METADATA}/library/metadata/{ratingKey}`` with its ``<Guid id="imdb://…">`` elements. Here:

* ``GET /_discover/library/sections/watchlist/{filter}``: the caller's watchlist (the token's
  account: the admin's, or a shared user's, :mod:`plexsim.users`), a ``MediaContainer`` of
  ``<Video type="movie">`` / ``<Directory type="show">`` with plex.tv's ``ratingKey`` (24 hex digits),
  ``key``, ``guid`` (``plex://movie/…``), ``title``, ``titleSort``, ``year``,
  ``originallyAvailableAt``, ``rating`` and ``thumb``. The watchlist is a stable draw (per account)
  of the server's movies and shows and, with a world, of the world's titles the server lacks. Items
  the server holds keep their ``plex://`` guid; a legacy-agent item has a ``plex://`` guid of its own
  on plex.tv (so only its ids match it).
* ``GET /_metadata/library/metadata/{ratingKey}``: that item with its ``Guid`` elements (404 for an
  unknown key). Point a client at them by replacing the two hosts with ``<plexsim url>/_discover``
  and ``<plexsim url>/_metadata`` (kometa reads ``KOMETA_PLEX_DISCOVER_URL`` / ``KOMETA_PLEX_METADATA_URL``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .fixtures import BASE_EPOCH
from .http import PlexError, endpoint
from .users import ADMIN, ADMIN_ID
from .xml import container, element

if TYPE_CHECKING:
    from .app import Sim

SORTS = {"watchlistedAt", "titleSort", "originallyAvailableAt", "rating"}
SHARE = 4  # one in SHARE of the server's movies and shows is on an account's watchlist
_AGENTS = {"com.plexapp.agents.imdb": "imdb", "com.plexapp.agents.themoviedb": "tmdb",
           "com.plexapp.agents.thetvdb": "tvdb"}


@dataclass(frozen=True)
class Entry:
    rating_key: str  # plex.tv's (24 hex digits)
    type: str  # movie | show
    title: str
    year: int | None
    released: str  # YYYY-MM-DD or ""
    rating: float | None
    guids: tuple[str, ...]  # imdb://…, tmdb://…, tvdb://…
    watchlisted_at: int

    @property
    def guid(self) -> str:
        return f"plex://{self.type}/{self.rating_key}"


def _draw(*parts: object) -> int:
    return int(hashlib.sha1(":".join(str(p) for p in parts).encode()).hexdigest()[:12], 16)


def _ids_of_agent(guid: str, world: Any) -> tuple[str, ...]:
    scheme, _, rest = guid.partition("://")
    value = rest.split("?", 1)[0]
    kind = _AGENTS.get(scheme)
    if kind is None:
        return ()
    if world is not None:
        title = (world.by_imdb(value) if kind == "imdb" else world.by_tvdb(value) if kind == "tvdb"
                 else world.title("movie", value))
        if title is not None:
            return _title_ids(title)
    return (f"{kind}://{value}",)


def _title_ids(title: Any) -> tuple[str, ...]:
    out = [f"imdb://{title.imdb_id}"] if title.imdb_id else []
    out.append(f"tmdb://{title.tmdb_id}")
    if title.tvdb_id and title.kind == "tv":
        out.append(f"tvdb://{title.tvdb_id}")
    return tuple(out)


def entries(sim: Sim, account: int) -> list[Entry]:
    """The account's watchlist, in the order its items were added."""
    out: list[Entry] = []
    for kind in ("movie", "show"):
        for item in sim.store.by_type[kind].values():
            guid = str(item.attrs.get("guid") or "")
            if _draw(account, guid) % SHARE:
                continue
            if guid.startswith("plex://"):
                key, ids = guid.rsplit("/", 1)[1], tuple(item.guids)
            else:  # a legacy-agent item: plex.tv knows it under a plex:// guid of its own
                key, ids = hashlib.sha1(f"plextv:{guid}".encode()).hexdigest()[:24], _ids_of_agent(guid, sim.world)
            rating = item.attrs.get("rating")
            out.append(Entry(key, kind, str(item.attrs.get("title") or ""), item.attrs.get("year"),
                             str(item.attrs.get("originallyAvailableAt") or ""),
                             float(rating) if rating is not None else None, ids, _added(account, key)))
    world = sim.world
    for title in world.missing if world is not None else ():
        kind = "movie" if title.kind == "movie" else "show"
        key = hashlib.sha1(f"plextv:{title.kind}:{title.tmdb_id}".encode()).hexdigest()[:24]
        if _draw(account, key) % 2:
            continue
        out.append(Entry(key, kind, title.title, title.year, title.date_text,
                         round(title.vote_average, 1), _title_ids(title), _added(account, key)))
    out.sort(key=lambda e: (e.watchlisted_at, e.rating_key))
    return out


def _added(account: int, key: str) -> int:
    return BASE_EPOCH - _draw("watchlisted", account, key) % (400 * 86400)


def _account(sim: Sim, request: Request) -> int:
    user = getattr(request.state, "plex_user", ADMIN)
    return ADMIN_ID if user == ADMIN else int(user)


def _pairs(entry: Entry) -> list[tuple[str, Any]]:
    pairs: list[tuple[str, Any]] = [
        ("ratingKey", entry.rating_key), ("key", f"/library/metadata/{entry.rating_key}"), ("guid", entry.guid),
        ("type", entry.type), ("title", entry.title), ("titleSort", entry.title)]
    if entry.year:
        pairs.append(("year", entry.year))
    if entry.released:
        pairs.append(("originallyAvailableAt", entry.released))
    if entry.rating is not None:
        pairs.append(("rating", entry.rating))
    pairs.append(("thumb", f"https://metadata-static.plex.tv/{entry.rating_key[:1]}/gracenote/{entry.rating_key}.jpg"))
    return pairs


def _tag(entry: Entry) -> str:
    return "Video" if entry.type == "movie" else "Directory"


def _sorted(rows: list[Entry], sort: str) -> list[Entry]:
    field, _, order = sort.partition(":")
    if field not in SORTS or order not in ("", "asc", "desc"):
        raise PlexError(400, f"unknown sort {sort!r}")
    value: Any = {"watchlistedAt": lambda e: e.watchlisted_at, "titleSort": lambda e: e.title.lower(),
                  "originallyAvailableAt": lambda e: e.released or "9999", "rating": lambda e: e.rating or 0.0}[field]
    return sorted(rows, key=lambda e: (value(e), e.rating_key), reverse=order == "desc")


def _paging(request: Request) -> tuple[int, int | None]:
    def number(name: str) -> int | None:
        raw = request.headers.get(name) or request.query_params.get(name)
        if raw is None:
            return None
        if not raw.isdigit():
            raise PlexError(400, f"{name} must be a number")
        return int(raw)
    return number("X-Plex-Container-Start") or 0, number("X-Plex-Container-Size")


def watchlist(sim: Sim, request: Request) -> Response:
    which = request.path_params["filter"]
    if which not in ("all", "available", "released"):
        raise PlexError(404, f"no watchlist filter {which}")
    rows = entries(sim, _account(sim, request))
    kind = request.query_params.get("type")
    if kind is not None:
        if kind not in ("1", "2"):
            raise PlexError(400, f"unknown type {kind}")
        rows = [e for e in rows if e.type == ("movie" if kind == "1" else "show")]
    if which == "released":
        rows = [e for e in rows if e.released and e.released <= "2025-12-01"]
    if request.query_params.get("sort"):
        rows = _sorted(rows, request.query_params["sort"])
    start, size = _paging(request)
    page = rows[start:start + size] if size is not None else rows[start:]
    body = container([("totalSize", len(rows)), ("offset", start), ("identifier", "tv.plex.provider.discover"),
                      ("librarySectionID", "watchlist"), ("librarySectionTitle", "Watchlist")],
                     [element(_tag(e), _pairs(e)) for e in page])
    return Response(body, media_type="application/xml")


def metadata(sim: Sim, request: Request) -> Response:
    key = request.path_params["key"]
    account = _account(sim, request)
    found = next((e for e in entries(sim, account) if e.rating_key == key), None)
    if found is None:
        found = next((e for other in [ADMIN_ID, *(u.id for u in sim.users)] if other != account
                      for e in entries(sim, other) if e.rating_key == key), None)
    if found is None:
        raise PlexError(404, f"no metadata item {key}")
    guids = "".join(element("Guid", [("id", g)]) for g in found.guids)
    body = container([("identifier", "tv.plex.provider.metadata")], [element(_tag(found), _pairs(found), guids)])
    return Response(body, media_type="application/xml")


def routes(sim: Sim) -> list[Route]:
    return [Route("/_discover/library/sections/watchlist/{filter}", endpoint(sim, watchlist), methods=["GET"]),
            Route("/_metadata/library/metadata/{key}", endpoint(sim, metadata), methods=["GET"])]
