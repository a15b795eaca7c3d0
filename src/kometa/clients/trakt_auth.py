"""Trakt's OAuth: the device-code sign-in and the token refresh (POSTs, so outside the GET policy).

:func:`device_sign_in` asks ``/oauth/device/code`` for a code, shows it (``say``) with the address
to enter it at, then polls ``/oauth/device/token`` every ``interval`` seconds (with the injected
``sleep``) until Trakt answers the tokens (200), the user refuses (418), or the code expires.
:func:`refresh` trades the refresh token for new tokens. Both return Trakt's token mapping
(``access_token``, ``token_type``, ``expires_in``, ``refresh_token``, ``scope``, ``created_at``),
which is what Kometa keeps under ``trakt: authorization``. Errors are :class:`AuthFailed` with a
sentence for people.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import requests

from kometa.clients.trakt import api_root

TIMEOUT = 20.0
REFRESH_MARGIN = 86400.0  # refresh a token that expires within a day
TOKEN_KEYS = ("access_token", "token_type", "expires_in", "refresh_token", "scope", "created_at")


class AuthFailed(Exception):
    """The sign-in or refresh did not give tokens; ``str(exc)`` says why."""


def _post(session: requests.Session, path: str, body: dict[str, Any], base_url: str | None) -> requests.Response:
    url = f"{(base_url or api_root()).rstrip('/')}{path}"
    try:
        return session.post(url, json=body, timeout=TIMEOUT, headers={"Content-Type": "application/json"})
    except requests.RequestException as exc:
        raise AuthFailed(f"Trakt: cannot reach {url} ({type(exc).__name__})") from None


def _tokens(response: requests.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError:
        raise AuthFailed("Trakt: the token answer is not JSON") from None
    if not isinstance(data, dict) or not data.get("access_token"):
        raise AuthFailed("Trakt: the token answer has no access_token")
    return {k: data.get(k) for k in TOKEN_KEYS}


def device_sign_in(client_id: str, client_secret: str, say: Callable[[str], None], *,
                   base_url: str | None = None, sleep: Callable[[float], None] = time.sleep,
                   clock: Callable[[], float] = time.monotonic,
                   session: requests.Session | None = None) -> dict[str, Any]:
    """The tokens after the user entered the shown code at Trakt. Raises AuthFailed."""
    session = session or requests.Session()
    response = _post(session, "/oauth/device/code", {"client_id": client_id}, base_url)
    if response.status_code != 200:
        raise AuthFailed(f"Trakt refused the client_id (HTTP {response.status_code}); check trakt: client_id")
    code = response.json()
    say(f"Go to {code['verification_url']} and enter the code {code['user_code']} "
        f"(valid for {int(code.get('expires_in', 600)) // 60} minutes).")
    interval = float(code.get("interval") or 5)
    deadline = clock() + float(code.get("expires_in") or 600)
    body = {"code": code["device_code"], "client_id": client_id, "client_secret": client_secret}
    while clock() < deadline:
        sleep(interval)
        response = _post(session, "/oauth/device/token", body, base_url)
        status = response.status_code
        if status == 200:
            return _tokens(response)
        if status == 400:  # pending: the user has not entered the code yet
            continue
        if status == 429:  # polling too fast
            interval += 1
            continue
        reasons = {401: "Trakt refused the client_id/client_secret; check trakt: client_secret",
                   404: "Trakt does not know the device code", 409: "the code was already used",
                   410: "the code expired before it was entered", 418: "the sign-in was denied at Trakt"}
        raise AuthFailed(reasons.get(status, f"Trakt answered HTTP {status} while waiting for the sign-in"))
    raise AuthFailed("the code expired before it was entered; run kometa auth trakt again")


def refresh(client_id: str, client_secret: str, refresh_token: str, *, base_url: str | None = None,
            session: requests.Session | None = None) -> dict[str, Any]:
    """New tokens for the refresh token. Raises AuthFailed."""
    session = session or requests.Session()
    body = {"refresh_token": refresh_token, "client_id": client_id, "client_secret": client_secret,
            "redirect_uri": "urn:ietf:wg:oauth:2.0:oob", "grant_type": "refresh_token"}
    response = _post(session, "/oauth/token", body, base_url)
    if response.status_code != 200:
        raise AuthFailed(f"Trakt refused to refresh the token (HTTP {response.status_code}); sign in again "
                         f"with kometa auth trakt")
    return _tokens(response)


def needs_refresh(authorization: dict[str, Any], now: float) -> bool:
    """True when the token expires within a day (created_at + expires_in, epoch seconds)."""
    try:
        expires = float(authorization["created_at"]) + float(authorization["expires_in"])
    except (KeyError, TypeError, ValueError):
        return False
    return expires - now < REFRESH_MARGIN
