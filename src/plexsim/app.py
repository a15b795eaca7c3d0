"""The Starlette application: routing, token check, request counting and fault injection.

``Sim`` bundles the state one server instance needs (store, token, faults, stats, caches) and
``build_app(sim)`` returns the ASGI app. Requests under ``/_sim/`` are neither counted nor faulted.
"""

from __future__ import annotations

import time
from typing import Any

from starlette.applications import Starlette
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match
from starlette.types import Message, Receive, Scope, Send

from .faults import Faults
from .http import error_response
from .stats import Stats
from .store import Store


class Sim:
    """Everything one running simulator needs. Route modules receive it as their first argument."""

    def __init__(self, store: Store, token: str | None = "plexsim", faults: Faults | None = None,
                 friendly_name: str = "plexsim", users: Any = ()) -> None:
        from .collection import Collections
        from .notifications import Notifications
        from .playlists import Playlists
        self.store = store
        self.token = token
        self.faults = faults or Faults()
        self.stats = Stats()
        self.friendly_name = friendly_name
        self.world: Any = None  # a metasim.world.World when the server serves one (plexsim.watchlist)
        self.query_cache: dict[Any, tuple[int, list[Any]]] = {}
        self.collections = Collections(self)
        self.playlists = Playlists(self)
        self.notifications = Notifications()
        from .users import make_users
        self.users = make_users(tuple(users), token)  # shared users (plexsim.users)
        self.user_tokens = {u.token: u.id for u in self.users}
        store.observers.append(self.notifications.item_changed)

    def hubs_forget(self, coll: Any) -> None:
        from .routes_hubs import forget
        forget(self, coll)

    @property
    def machine_id(self) -> str:
        return str(self.store.meta["machineIdentifier"])


class SimMiddleware:
    def __init__(self, app: Starlette, sim: Sim) -> None:
        self.app = app
        self.sim = sim

    def _pattern(self, scope: Scope) -> str:
        for route in self.app.router.routes:
            match, _child = route.matches(scope)
            if match in (Match.FULL, Match.PARTIAL):
                return str(getattr(route, "path", scope["path"]))
        return "<unmatched>"

    def _caller(self, scope: Scope) -> int | None:
        """0 for the admin's token, a shared user's id for theirs (plexsim.users), None for no/bad token."""
        if self.sim.token is None:
            return 0
        token = None
        for name, value in scope["headers"]:
            if name == b"x-plex-token":
                token = value.decode("latin-1")
                break
        if token is None:
            token = HTTPConnection(scope).query_params.get("X-Plex-Token")  # an http request or a websocket
        if token == self.sim.token:
            return 0
        return self.sim.user_tokens.get(token) if token is not None else None

    def _authorised(self, scope: Scope) -> bool:
        caller = self._caller(scope)
        scope.setdefault("state", {})["plex_user"] = caller if caller is not None else 0
        return caller is not None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":  # the notification websocket: same token, counted, never faulted
            entry = self.sim.stats.count("GET", self._pattern(scope), scope["path"],
                                         scope.get("query_string", b"").decode("latin-1"))
            if not self._authorised(scope):
                entry["status"] = 403
                await send({"type": "websocket.close", "code": 1008, "reason": "X-Plex-Token missing or invalid"})
                return
            entry["status"] = 101
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if not self._authorised(scope):
            if not scope["path"].startswith("/_sim/"):
                self.sim.stats.count(scope["method"], self._pattern(scope), scope["path"],
                                     scope.get("query_string", b"").decode("latin-1"))["status"] = 401
            await error_response(401, "X-Plex-Token missing or invalid")(scope, receive, send)
            return
        if scope["path"].startswith("/_sim/"):
            await self.app(scope, receive, send)
            return
        if (scope["state"]["plex_user"] and scope["method"] != "GET" and not scope["path"].startswith("/playlists")):
            self.sim.stats.count(scope["method"], self._pattern(scope), scope["path"],
                                 scope.get("query_string", b"").decode("latin-1"))["status"] = 403
            await error_response(403, "a shared user cannot change this server's library")(scope, receive, send)
            return
        entry = self.sim.stats.count(scope["method"], self._pattern(scope), scope["path"],
                                     scope.get("query_string", b"").decode("latin-1"))

        started = time.perf_counter()

        async def logging_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                entry["status"] = message["status"]
                entry["ms"] = round((time.perf_counter() - started) * 1000, 2)
            await send(message)

        faults = self.sim.faults
        if faults.active:
            await faults.apply(self.app, scope, receive, logging_send)
        else:
            await self.app(scope, receive, logging_send)


async def _not_found(request: Request, exc: Exception) -> Response:
    return error_response(404, f"no such endpoint {request.method} {request.url.path}")


async def _bad_method(request: Request, exc: Exception) -> Response:
    return error_response(404 if request.method == "GET" else 400,
                          f"{request.method} is not supported on {request.url.path}")


def build_app(sim: Sim) -> SimMiddleware:
    from . import routes_library, routes_sim
    route_list: list[BaseRoute] = []
    route_list += routes_sim.routes(sim)
    route_list += routes_library.routes(sim)
    for module_name in ("users", "notifications", "routes_extra", "routes_edit", "routes_collections", "routes_playlists", "routes_media", "routes_hubs",
                        "routes_search", "watchlist"):
        module = __import__(f"plexsim.{module_name}", fromlist=["routes"])
        route_list += module.routes(sim)
    route_list += routes_library.choice_routes(sim)
    app = Starlette(routes=route_list, exception_handlers={404: _not_found, 405: _bad_method})
    return SimMiddleware(app, sim)
