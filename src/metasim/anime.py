"""The world's anime: every title with the Animation genre or Japanese as its original language,
with AniList, MyAnimeList and AniDB ids (deterministic from the seed), and the anime id mapping
file the world provides in the shape of Kometa's Anime-IDs ``anime_ids.json``::

    {"<anidb_id>": {"anidb_id", "anilist_id", "mal_id", "tvdb_id", "tvdb_season", "tvdb_epoffset",
                    "imdb_id", "tmdb_movie_id" | "tmdb_show_id"}, ...}

served at ``GET /anime-ids/anime_ids.json`` (``KOMETA_ANIME_IDS_URL`` points kometa at it).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from .app import Service
from .model import Title, derive

if TYPE_CHECKING:
    from .app import Meta
    from .world import World

SEASONS = ("WINTER", "SPRING", "SUMMER", "FALL")
_lock = threading.Lock()


@dataclass(frozen=True)
class Anime:
    title: Title
    anilist_id: int
    mal_id: int
    anidb_id: int

    @property
    def season(self) -> str | None:
        d = self.title.release_date
        return SEASONS[(d.month - 1) // 3] if d else None


def catalogue(world: World) -> list[Anime]:
    """The world's anime, in catalogue order (kept on the world once built)."""
    with _lock:
        found: list[Anime] | None = getattr(world, "_anime", None)
        if found is None:
            found, used, used_anidb = [], set(), set()
            for t in world.titles:
                if 16 not in t.genre_ids and t.original_language != "ja":
                    continue
                n = derive(world.seed, "anime", t.kind, t.tmdb_id)
                anilist = 1 + n % 180_000
                while anilist in used:
                    anilist += 1
                used.add(anilist)
                anidb = 1 + (n // 7) % 19_000
                while anidb in used_anidb:  # one anime per AniDB id, as on AniDB
                    anidb += 1
                used_anidb.add(anidb)
                found.append(Anime(t, anilist, 1 + (n // 180_000) % 60_000 + 100_000 * (anilist % 2), anidb))
            world._anime = found  # type: ignore[attr-defined]
        return found


def by_anilist(world: World) -> dict[int, Anime]:
    return {a.anilist_id: a for a in catalogue(world)}


def by_anidb(world: World) -> dict[int, Anime]:
    return {a.anidb_id: a for a in catalogue(world)}


def by_mal(world: World) -> dict[int, Anime]:
    return {a.mal_id: a for a in catalogue(world)}


def mapping(world: World) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for a in catalogue(world):
        t = a.title
        entry: dict[str, Any] = {"anidb_id": a.anidb_id, "anilist_id": a.anilist_id, "mal_id": a.mal_id}
        if t.tvdb_id:
            entry.update(tvdb_id=t.tvdb_id, tvdb_season=1 if t.kind == "tv" else -1, tvdb_epoffset=0)
        if t.imdb_id:
            entry["imdb_id"] = t.imdb_id
        entry["tmdb_movie_id" if t.kind == "movie" else "tmdb_show_id"] = t.tmdb_id
        out.setdefault(str(a.anidb_id), entry)
    return out


def _routes(meta: Meta) -> list[BaseRoute]:
    async def ids(request: Request) -> Response:
        from .app import json_body
        return json_body(mapping(meta.world))
    return [Route("/anime_ids.json", ids, methods=["GET"])]


def _error(status: int, kind: str) -> Response:
    from starlette.responses import PlainTextResponse
    return PlainTextResponse("404: Not Found" if status == 404 else kind, status_code=status)


SERVICE = Service(name="anime-ids", prefix="/anime-ids", routes=_routes, authorised=lambda meta, request: True,
                  error=_error)
