"""The Starlette application: one server, each service under its own path prefix.

``Meta`` bundles what one server instance needs (world, keys, faults, stats) and ``build_app(meta)``
returns the ASGI app. A service is one module with a :class:`Service` (``name``, ``prefix``, its
``routes``, how it checks credentials and how its errors look); adding Trakt, MDBList, Radarr ...
means writing that module and listing it in :data:`SERVICES`.

Order per request to a service: count it, check credentials (401, counted), rate limit (429 +
``Retry-After``), latency, random errors, then the route. ``/_sim/*`` is neither counted, limited
nor faulted and needs no key.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Match, Mount
from starlette.types import Message, Receive, Scope, Send

from .faults import Faults
from .stats import Stats
from .world import World


@dataclass(frozen=True)
class Service:
    name: str  #: stats label, e.g. "tmdb"
    prefix: str  #: path prefix, e.g. "/tmdb/3"
    routes: Callable[[Meta], list[BaseRoute]]
    authorised: Callable[[Meta, Request], bool]
    #: (status, kind) -> response; kind is "unauthorised", "rate_limited", "fault" or "not_found"
    error: Callable[[int, str], Response]


class Meta:
    """Everything one running metasim needs. Route modules receive it as their first argument."""

    def __init__(self, world: World, tmdb_key: str = "metasim-tmdb", any_key: bool = False,
                 faults: Faults | None = None) -> None:
        self.world = world
        self.tmdb_key = tmdb_key
        self.any_key = any_key
        self.faults = faults or Faults()
        self.stats = Stats()
        from .trakt.state import TraktState
        self.trakt = TraktState()  #: Trakt's app credentials, user and issued tokens
        from .mdblist import MdblistState
        self.mdblist = MdblistState()  #: MDBList's key and its daily limit
        from .arr.writes import ArrState
        self.arr = ArrState()  #: what was added to Radarr/Sonarr
        from .mal import MalState
        self.mal = MalState()  #: MyAnimeList's app credentials, codes and tokens
        from .omdb import OmdbState
        self.omdb = OmdbState()  #: OMDb's key and its daily limit
        from .github import GitHubState
        self.github = GitHubState()  #: the repositories GitHub serves (put in by tests and the demo)
        from .pypi import PypiState
        self.pypi = PypiState()  #: the release feed's projects and versions (the version webhook)


def _services() -> list[Service]:
    from . import (
        anidb,
        anilist,
        anime,
        arr,
        ergast,
        github,
        icheckmovies,
        imdb,
        jikan,
        letterboxd,
        mal,
        mdblist,
        mojo,
        omdb,
        pypi,
        simkl,
        stevenlu,
        tautulli,
        tmdb,
        tpdb,
        trakt,
        tvdb,
    )
    from .tmdb import images as tmdb_images
    return [tmdb.SERVICE, trakt.SERVICE, imdb.SERVICE, mdblist.SERVICE, tautulli.SERVICE, arr.RADARR, arr.SONARR,
            letterboxd.SERVICE, omdb.SERVICE, anilist.SERVICE, anime.SERVICE, mal.SERVICE, tmdb_images.SERVICE,
            tvdb.SERVICE, anidb.SERVICE, jikan.SERVICE, letterboxd.BOXD, anidb.WEB, github.SERVICE, github.RAW,
            tpdb.SERVICE, stevenlu.SERVICE, simkl.SERVICE, icheckmovies.SERVICE, mojo.SERVICE, ergast.SERVICE,
            pypi.SERVICE]


class MetaMiddleware:
    def __init__(self, app: Starlette, meta: Meta, services: list[Service]) -> None:
        self.app = app
        self.meta = meta
        self.services = services

    def _pattern(self, scope: Scope, service: Service) -> str:
        for route in self.app.router.routes:
            match, child = route.matches(scope)
            if match == Match.FULL and isinstance(route, Mount):
                sub = {**scope, **child}
                for inner in route.routes:
                    inner_match, _ = inner.matches(sub)
                    if inner_match == Match.FULL:
                        return service.prefix + str(getattr(inner, "path", ""))
        return service.prefix + "/<unmatched>"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        service = next((s for s in self.services if path == s.prefix or path.startswith(s.prefix + "/")), None)
        if scope["type"] != "http" or service is None:
            await self.app(scope, receive, send)
            return
        meta = self.meta
        entry = meta.stats.count(service.name, scope["method"], self._pattern(scope, service), path,
                                 scope.get("query_string", b"").decode("latin-1"))
        started = time.perf_counter()

        async def counting_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                meta.stats.status(entry, message["status"], round((time.perf_counter() - started) * 1000, 2))
            await send(message)

        faults = meta.faults
        response: Response | None = None
        if not service.authorised(meta, Request(scope)):
            response = service.error(401, "unauthorised")
        elif (retry := faults.admit(service.name)) is not None:
            response = service.error(429, "rate_limited")
            response.headers["Retry-After"] = str(retry)
        else:
            if faults.latency_ms:
                await asyncio.sleep(faults.latency_ms / 1000)
            if faults.error_rate and faults.draw() < faults.error_rate:
                response = service.error(faults.pick_status(), "fault")
        if response is not None:
            await response(scope, receive, counting_send)
            return
        await self.app(scope, receive, counting_send)


def build_app(meta: Meta) -> MetaMiddleware:
    from . import routes_sim
    services = _services()
    route_list: list[BaseRoute] = list(routes_sim.routes(meta))
    for service in services:
        route_list.append(Mount(service.prefix, routes=service.routes(meta)))

    async def not_found(request: Request, exc: Exception) -> Response:
        for service in services:
            if request.url.path.startswith(service.prefix):
                return service.error(404, "not_found")
        return JSONResponse({"error": f"no such endpoint {request.method} {request.url.path}"}, status_code=404)

    async def bad_method(request: Request, exc: Exception) -> Response:
        for service in services:
            if request.url.path.startswith(service.prefix):
                return service.error(405, "bad_method")
        return JSONResponse({"error": f"{request.method} is not supported here"}, status_code=405)

    app = Starlette(routes=route_list, exception_handlers={404: not_found, 405: bad_method})
    return MetaMiddleware(app, meta, services)


def json_body(data: Any, status: int = 200) -> Response:
    """A compact UTF-8 JSON response (TMDb sends ``application/json;charset=utf-8``)."""
    import json
    return Response(json.dumps(data, ensure_ascii=False, separators=(",", ":")), status_code=status,
                    media_type="application/json;charset=utf-8")
