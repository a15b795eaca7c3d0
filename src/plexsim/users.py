"""Shared users and the few plex.tv calls that find them (a stand-in for https://plex.tv).

A real server's admin shares it with friends and Plex Home users; each has their own access token
for the server, which plex.tv hands the admin (python-plexapi's ``MyPlexUser.get_token``). Kometa's
``sync_to_users`` uses exactly that: list the admin's users, take each one's token for this server,
and make the playlist as that user. Here:

* ``PlexSim(users=["alice", "bob"])`` (or ``plexsim serve --users alice,bob``) adds shared users,
  each with a token derived from the server's token and the name.
* ``GET /_plextv/api/v2/user`` (the admin's account), ``GET /_plextv/api/users/`` (the users, each
  with the ``<Server machineIdentifier>`` elements of the servers shared with them) and ``GET
  /_plextv/api/servers/{machineId}/shared_servers`` (one ``<SharedServer userID accessToken>`` per
  user) answer in plex.tv's XML shapes, for the admin's token only. Point a client at them by
  replacing ``https://plex.tv`` with ``<plexsim url>/_plextv`` (kometa reads ``KOMETA_PLEXTV_URL``).
* The server accepts a user's token too. A user sees the libraries, owns the playlists made with
  their token (``/playlists`` lists only the caller's; another owner's playlist is 404, as on a
  real server) and may write nothing but their own playlists (403), as a shared user cannot edit
  the admin's metadata.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .http import PlexError, endpoint
from .xml import XML_HEADER, container, element

if TYPE_CHECKING:
    from .app import Sim

ADMIN = 0  # the owner id of the admin's playlists
ADMIN_ID = 1
ADMIN_NAME = "plexsim-admin"


@dataclass(frozen=True)
class SimUser:
    id: int
    username: str
    token: str
    email: str
    home: bool = False


def make_users(names: list[str] | tuple[str, ...], server_token: str | None) -> list[SimUser]:
    out = []
    for index, name in enumerate(names, start=2):
        digest = hashlib.sha1(f"{server_token}:{name}".encode()).hexdigest()[:20]
        out.append(SimUser(1000 + index, name, f"user-{digest}", f"{name}@example.invalid"))
    return out


def _xml(attrs: list[tuple[str, Any]], children: list[str]) -> Response:
    return Response(container(attrs, children), media_type="application/xml")


def _admin_only(sim: Sim, request: Request) -> None:
    if getattr(request.state, "plex_user", ADMIN) != ADMIN:
        raise PlexError(401, "plex.tv: only the server owner's token lists its users")


def account(sim: Sim, request: Request) -> Response:
    _admin_only(sim, request)
    body = element("user", [("id", ADMIN_ID), ("uuid", "plexsim-admin-uuid"), ("username", ADMIN_NAME),
                            ("title", ADMIN_NAME), ("email", "admin@example.invalid"), ("authToken", sim.token)])
    return Response((XML_HEADER + body).encode("utf-8"), media_type="application/xml")


def users(sim: Sim, request: Request) -> Response:
    _admin_only(sim, request)
    server = [("id", 1), ("serverId", 1), ("machineIdentifier", sim.machine_id), ("name", sim.friendly_name),
              ("lastSeenAt", 0), ("numLibraries", len(sim.store.sections)), ("allLibraries", 1), ("owned", 1),
              ("pending", 0)]
    kids = [element("User", [("id", u.id), ("title", u.username), ("username", u.username), ("email", u.email),
                             ("thumb", ""), ("protected", 0), ("home", 1 if u.home else 0), ("restricted", 0)],
                    element("Server", server))
            for u in sim.users]
    return _xml([("friendlyName", "myPlex"), ("identifier", "com.plexapp.plugins.myplex"),
                                   ("machineIdentifier", sim.machine_id), ("totalSize", len(kids))], kids)


def shared_servers(sim: Sim, request: Request) -> Response:
    _admin_only(sim, request)
    if request.path_params["machine"] != sim.machine_id:
        raise PlexError(404, f"plex.tv: no server {request.path_params['machine']} of this account")
    sections = [element("Section", [("id", s.id), ("key", s.id), ("title", s.title), ("type", s.type), ("shared", 1)])
                for s in sim.store.sections.values()]
    kids = [element("SharedServer", [("id", 100 + u.id), ("username", u.username), ("email", u.email),
                                     ("userID", u.id), ("accessToken", u.token), ("name", sim.friendly_name),
                                     ("acceptedAt", 0), ("invitedAt", 0), ("allowSync", 0), ("owned", 0),
                                     ("allLibraries", 1)], "".join(sections))
            for u in sim.users]
    return _xml([("friendlyName", "myPlex"), ("identifier", "com.plexapp.plugins.myplex"),
                                   ("machineIdentifier", sim.machine_id)], kids)


def routes(sim: Sim) -> list[Route]:
    return [Route("/_plextv/api/v2/user", endpoint(sim, account), methods=["GET"]),
            Route("/_plextv/api/users/", endpoint(sim, users), methods=["GET"]),
            Route("/_plextv/api/users", endpoint(sim, users), methods=["GET"]),
            Route("/_plextv/api/servers/{machine}/shared_servers", endpoint(sim, shared_servers), methods=["GET"])]
