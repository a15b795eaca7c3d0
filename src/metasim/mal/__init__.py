"""MyAnimeList under ``/mal``: the API v2 at ``/mal/v2`` (``KOMETA_MAL_URL=http://HOST:PORT/mal/v2``
replaces ``https://api.myanimelist.net/v2``) and its OAuth 2 at ``/mal/v1/oauth2``
(``KOMETA_MAL_AUTH_URL=http://HOST:PORT/mal/v1/oauth2`` replaces ``https://myanimelist.net/v1/oauth2``).

* OAuth (PKCE, MAL's ``plain`` method: the verifier is the challenge): ``GET /v1/oauth2/authorize?
  response_type=code&client_id=…&code_challenge=…`` answers 302 to ``http://localhost/?code=…`` (as if
  the user clicked Allow); ``POST /v1/oauth2/token`` (form-encoded) with ``grant_type=
  authorization_code`` (``client_id``, ``client_secret``, ``code``, ``code_verifier``) or
  ``grant_type=refresh_token`` (``refresh_token``) answers ``{token_type, expires_in, access_token,
  refresh_token}``; mistakes are 400 ``{"error": "invalid_grant", ...}`` / 401 ``invalid_client``.
* API: ``GET /v2/anime/ranking?ranking_type=all|airing|upcoming|tv|ova|movie|special|bypopularity|
  favorite``, ``/v2/anime/season/{year}/{season}?sort=anime_score|anime_num_list_users``,
  ``/v2/users/{user}/animelist?status=&sort=``, ``/v2/anime/suggestions`` (signed in),
  ``/v2/anime/{id}``; ``limit``/``offset`` paging with ``paging.next``; a season lists the anime that
  began in it and, as MAL does, TV anime still airing from up to three seasons before (more cours);
  ``fields`` honoured for ``media_type``, ``start_date``, ``start_season`` (``{year, season}``), ``mean``, ``num_list_users``, ``genres`` (genres, themes and
  demographics together, as MAL lists them), ``rating`` (``g`` ... ``r+``), ``studios`` and
  ``alternative_titles`` (``en``, ``ja``, ``synonyms``). Items are ``{"node": {id, title,
  main_picture, media_type, start_date, ...}}`` (ranking adds ``ranking.rank``, user lists
  ``list_status``). Requests carry ``Authorization: Bearer`` (an issued token) or, for public data,
  ``X-MAL-CLIENT-ID``; a bad or expired token is 401 ``{"error": "invalid_token"}``.

:class:`MalState` (``Meta.mal``) holds the app's credentials, issued codes and tokens; ``expire(token)``
makes a token invalid (for refresh tests). The anime are the world's (:mod:`metasim.anime`).
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute

from ..app import Service, json_body

if TYPE_CHECKING:
    from ..app import Meta

PREFIX = "/mal"


@dataclass
class MalState:
    client_id: str = "metasim-mal"
    client_secret: str = "metasim-mal-secret"
    codes: dict[str, str] = field(default_factory=dict)  # code -> challenge
    tokens: set[str] = field(default_factory=set)
    refresh: dict[str, str] = field(default_factory=dict)  # refresh token -> its access token
    refreshed: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def issue(self) -> dict[str, object]:
        with self._lock:
            access, refresh = secrets.token_hex(16), secrets.token_hex(16)
            self.tokens.add(access)
            self.refresh[refresh] = access
        return {"token_type": "Bearer", "expires_in": 2678400, "access_token": access, "refresh_token": refresh}

    def expire(self, token: str) -> None:
        with self._lock:
            self.tokens.discard(token)


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else None


def authorised(meta: Meta, request: Request) -> bool:
    if meta.any_key or request.url.path.startswith(f"{PREFIX}/v1/"):
        return True  # OAuth endpoints check their own form values
    token = bearer(request)
    if token is not None:
        return token in meta.mal.tokens
    return request.headers.get("x-mal-client-id") == meta.mal.client_id


def error(status: int, kind: str) -> Response:
    name = {"unauthorised": "invalid_token", "not_found": "not_found", "rate_limited": "too_many_requests"}
    return json_body({"message": "" if kind == "not_found" else kind, "error": name.get(kind, kind)}, status)


def _routes(meta: Meta) -> list[BaseRoute]:
    from .routes import routes
    return routes(meta)


SERVICE = Service(name="mal", prefix=PREFIX, routes=_routes, authorised=authorised, error=error)
