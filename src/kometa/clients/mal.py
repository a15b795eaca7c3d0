"""The MyAnimeList client: its API v2 (``https://api.myanimelist.net/v2``; ``KOMETA_MAL_URL``
replaces it) and its OAuth 2 sign-in (``https://myanimelist.net/v1/oauth2``; ``KOMETA_MAL_AUTH_URL``
replaces it), both through the shared policy.

Sign-in is MAL's authorization-code flow with PKCE (MAL accepts only the ``plain`` method: the
code verifier is sent as the challenge): :func:`authorize_url` is the address to open; after
"Allow" MAL sends the browser to ``http://localhost/?code=…``; :func:`code_of` reads the code
from that address and :meth:`MalAuth.exchange` trades it (with the verifier) for tokens
(``access_token``, ``token_type``, ``expires_in``, ``refresh_token`` — what Kometa keeps under
``mal: authorization``). :meth:`MalAuth.refresh` trades the refresh token for new ones.

API requests carry the token (``Authorization: Bearer``) or, without one, the app's
``X-MAL-CLIENT-ID`` (public data). Rankings, seasons and user lists change daily: they are kept
for ``Policy.list_expiration_hours``; an anime by id for the cache expiry. A refused token is
refreshed once (``on_refused``) and the request asked again.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

from kometa.clients.cache import Cache
from kometa.clients.policy import AuthError, Policy, Rejected, Service
from kometa.config.mal_section import TOKEN_KEYS

API_ROOT = "https://api.myanimelist.net/v2"
AUTH_ROOT = "https://myanimelist.net/v1/oauth2"
URL_ENV = "KOMETA_MAL_URL"
AUTH_ENV = "KOMETA_MAL_AUTH_URL"
#: the code challenge Kometa's documentation gives for signing in by hand (pasting ``localhost_url``)
DOCUMENTED_VERIFIER = ("k_UHwN_eHAPQVXiceC-rYGkozKqrJmKxPUIUOBIKo1noq_4XGRVCViP_dGcwB-fkPql8f56mmWj5aWCa2HDeugf6"
                       "sRvnc9Rjhbb1vKGYLY0IwWsDNXRqXdksaVGJthux")
FIELDS = "media_type,start_date,start_season,alternative_titles"
DETAIL_FIELDS = "mean,genres,rating,studios,alternative_titles,start_date"


def api_root() -> str:
    return (os.environ.get(URL_ENV) or API_ROOT).rstrip("/")


def auth_root() -> str:
    return (os.environ.get(AUTH_ENV) or AUTH_ROOT).rstrip("/")


class AuthFailed(Exception):
    """The sign-in or refresh did not give tokens; ``str(exc)`` says why."""


def new_verifier() -> str:
    return secrets.token_urlsafe(96)[:128]


def authorize_url(client_id: str, verifier: str, root: str | None = None) -> str:
    query = urlencode({"response_type": "code", "client_id": client_id, "code_challenge": verifier,
                       "code_challenge_method": "plain"})
    return f"{(root or auth_root()).rstrip('/')}/authorize?{query}"


def code_of(address: str) -> str:
    """The ``code`` of the address MAL redirected to (``http://localhost/?code=…``)."""
    codes = parse_qs(urlparse(address.strip()).query).get("code")
    if not codes or not codes[0]:
        raise AuthFailed("the address has no ?code=… (copy the whole address the browser was sent to after Allow)")
    return codes[0]


class MalAuth:
    """MAL's token endpoint for one app."""

    def __init__(self, client_id: str, client_secret: str, *, base_url: str | None = None) -> None:
        self.client_id, self.client_secret = client_id, client_secret
        self.service = Service(Policy("MyAnimeList sign-in", rate=None, attempts=3), base_url or auth_root())

    def _token(self, form: dict[str, str]) -> dict[str, Any]:
        answer = self.service.send("/token", {"client_id": self.client_id, "client_secret": self.client_secret,
                                              **form}, accept=(400, 401), form=True)
        if isinstance(answer, Rejected):
            body = answer.body if isinstance(answer.body, dict) else {}
            why = body.get("message") or body.get("error") or f"HTTP {answer.status}"
            if answer.status == 401:
                raise AuthFailed(f"MyAnimeList refused the client_id/client_secret ({why})")
            raise AuthFailed(f"MyAnimeList refused the sign-in ({why})")
        if not isinstance(answer, dict) or not answer.get("access_token"):
            raise AuthFailed("MyAnimeList's token answer has no access_token")
        return {k: answer.get(k) for k in TOKEN_KEYS}

    def exchange(self, code: str, verifier: str) -> dict[str, Any]:
        return self._token({"grant_type": "authorization_code", "code": code, "code_verifier": verifier})

    def refresh(self, refresh_token: str) -> dict[str, Any]:
        return self._token({"grant_type": "refresh_token", "refresh_token": refresh_token})


class MalClient:
    """MyAnimeList for one run (shared across libraries)."""

    def __init__(self, client_id: str, access_token: str | None, cache: Cache | None, *, expiration_days: int = 60,
                 base_url: str | None = None, on_refused: Callable[[], str | None] | None = None,
                 policy: Policy | None = None) -> None:
        policy = policy or Policy("MyAnimeList", rate=2.0, concurrency=2, expiration_days=expiration_days)
        self.service = Service(policy, base_url or api_root(), cache=cache)
        self.service.session.headers["X-MAL-CLIENT-ID"] = client_id
        self.on_refused = on_refused
        self.authorised = bool(access_token)
        self._token(access_token)

    def _token(self, token: str | None) -> None:
        if token:
            self.service.session.headers["Authorization"] = f"Bearer {token}"

    def get(self, path: str, params: dict[str, Any], *, revalidate: bool = True) -> Any:
        try:
            return self.service.get(path, params, revalidate=revalidate)
        except AuthError:
            fresh = self.on_refused() if self.on_refused is not None and self.authorised else None
            if not fresh:
                raise
            self.on_refused = None  # once a run
            self._token(fresh)
            return self.service.get(path, params, revalidate=revalidate)

    def _nodes(self, path: str, params: dict[str, Any], limit: int, page: int) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        offset = 0
        per = min(page, limit) if limit else page
        while True:
            answer = self.get(path, {**params, "limit": per, "offset": offset, "fields": FIELDS})
            rows = [r for r in (answer.get("data") or []) if isinstance(r, dict) and isinstance(r.get("node"), dict)]
            out += rows
            if (limit and len(out) >= limit) or not (answer.get("paging") or {}).get("next") or not rows:
                return out[:limit] if limit else out
            offset += len(rows)

    def ranking(self, kind: str, limit: int) -> list[dict[str, Any]]:
        return self._nodes("/anime/ranking", {"ranking_type": kind}, limit, 500)

    def season(self, year: int, season: str, sort: str, limit: int) -> list[dict[str, Any]]:
        return self._nodes(f"/anime/season/{year}/{season}", {"sort": sort}, limit, 500)

    def userlist(self, user: str, status: str | None, sort: str, limit: int) -> list[dict[str, Any]]:
        params = {"sort": sort, **({"status": status} if status else {})}
        return self._nodes(f"/users/{user}/animelist", params, limit, 1000)

    def suggestions(self, limit: int) -> list[dict[str, Any]]:
        return self._nodes("/anime/suggestions", {}, limit, 100)

    def anime(self, mal_id: int) -> dict[str, Any]:
        return dict(self.get(f"/anime/{mal_id}", {"fields": FIELDS}, revalidate=False))

    def details(self, mal_id: int) -> dict[str, Any]:
        """An anime with what operations read: ``mean``, ``genres``, ``rating``, ``studios``,
        ``alternative_titles`` and ``start_date`` (kept for the cache expiry)."""
        return dict(self.get(f"/anime/{mal_id}", {"fields": DETAIL_FIELDS}, revalidate=False))
