"""The server's shared users, from plex.tv, for playlists' ``sync_to_users``.

With the admin's token, plex.tv lists the account (``/api/v2/user``: the admin's username), its
users (``/api/users/``, each with the servers shared with it) and, per server, each user's access
token (``/api/servers/{machineIdentifier}/shared_servers``) — the calls python-plexapi's
``MyPlexAccount.users()`` and ``MyPlexUser.get_token()`` make. A playlist made with a user's token is
that user's. ``KOMETA_PLEXTV_URL`` replaces ``https://plex.tv`` (a proxy, or plexsim's stand-in at
``<plexsim url>/_plextv``). Read once per server and run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

from kometa.core.errors import KometaError

PLEXTV = "https://plex.tv"


class PlexTvError(KometaError):
    """plex.tv could not tell the server's users: one line saying why."""


@dataclass(frozen=True)
class SharedUser:
    id: int
    title: str  # what configs name (Kometa matches users by their title)
    username: str
    token: str | None  # their access token for this server (None: plex.tv gave none)


@dataclass(frozen=True)
class Users:
    admin: str  # the admin's username
    shared: tuple[SharedUser, ...]

    def names(self) -> list[str]:
        return [u.title for u in self.shared] + [self.admin]


def base_url() -> str:
    return (os.environ.get("KOMETA_PLEXTV_URL") or PLEXTV).rstrip("/")


def _get(server: Any, url: str) -> ElementTree.Element:
    import requests

    session = server._session
    try:
        response = session.get(url, headers={"X-Plex-Token": server._token, "Accept": "application/xml"},
                               timeout=(10, 30))
    except requests.RequestException as exc:
        raise PlexTvError(f"plex.tv could not be reached ({url.split('?')[0]}: {type(exc).__name__}); "
                          f"sync_to_users needs it to find the server's users") from None
    if response.status_code in (401, 403):
        raise PlexTvError(f"plex.tv refused the server's token ({response.status_code}) at {url}; sync_to_users "
                          f"needs the server owner's token in plex.token")
    if response.status_code != 200:
        raise PlexTvError(f"plex.tv answered {response.status_code} at {url}")
    try:
        return ElementTree.fromstring(response.content)
    except ElementTree.ParseError:
        raise PlexTvError(f"plex.tv's answer at {url} is not XML") from None


def server_users(server: Any) -> Users:
    """The admin's username and the users this server (``server.machineIdentifier``) is shared with."""
    root = base_url()
    machine = server.machineIdentifier
    account = _get(server, f"{root}/api/v2/user")
    admin = account.attrib.get("username") or account.attrib.get("title") or ""
    tokens = {int(s.attrib["userID"]): s.attrib.get("accessToken")
              for s in _get(server, f"{root}/api/servers/{machine}/shared_servers").iter("SharedServer")
              if s.attrib.get("userID", "").isdigit()}
    shared = []
    for user in _get(server, f"{root}/api/users/").iter("User"):
        if machine not in {s.attrib.get("machineIdentifier") for s in user.iter("Server")}:
            continue  # a friend of the account this server is not shared with
        ident = int(user.attrib.get("id", "0") or 0)
        shared.append(SharedUser(ident, user.attrib.get("title") or user.attrib.get("username", ""),
                                 user.attrib.get("username", ""), tokens.get(ident)))
    return Users(admin, tuple(shared))
