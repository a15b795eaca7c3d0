"""Trakt's OAuth: the device-code sign-in and the token refresh, POSTs on the shared policy
(timeouts, retries of connection errors and 5xx; the answers the flow handles itself — pending,
slow down, refused — come back to it).

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

from kometa.clients.policy import Policy, Rejected, Service, ServiceError
from kometa.clients.trakt import api_root

TIMEOUT = 20.0
REFRESH_MARGIN = 86400.0  # refresh a token that expires within a day
TOKEN_KEYS = ("access_token", "token_type", "expires_in", "refresh_token", "scope", "created_at")


class AuthFailed(Exception):
    """The sign-in or refresh did not give tokens; ``str(exc)`` says why."""


#: answers the sign-in handles itself (pending, slow down, refused, expired, ...), not the policy
HANDLED = (400, 401, 403, 404, 409, 410, 418, 429)


class _Answer:
    def __init__(self, status: int, body: Any) -> None:
        self.status_code, self._body = status, body

    def json(self) -> Any:
        return self._body


def _service(base_url: str | None, session: requests.Session | None,
             sleep: Callable[[float], None] = time.sleep) -> Service:
    """Trakt's OAuth endpoints on the shared policy (timeouts, retries of 5xx and connection errors)."""
    service = Service(Policy("Trakt sign-in", rate=None, attempts=3, timeout=TIMEOUT), base_url or api_root(),
                      session=session or requests.Session(), sleep=sleep)
    service.session.headers["Content-Type"] = "application/json"
    return service


def _post(service: Service, path: str, body: dict[str, Any]) -> _Answer:
    try:
        answer = service.send(path, body, accept=HANDLED)
    except ServiceError as exc:
        raise AuthFailed(f"Trakt: {exc.detail}") from None
    if isinstance(answer, Rejected):
        return _Answer(answer.status, answer.body)
    return _Answer(200, answer)


def _tokens(response: _Answer) -> dict[str, Any]:
    data = response.json()
    if not isinstance(data, dict) or not data.get("access_token"):
        raise AuthFailed("Trakt: the token answer has no access_token")
    return {k: data.get(k) for k in TOKEN_KEYS}


def device_sign_in(client_id: str, client_secret: str, say: Callable[[str], None], *,
                   base_url: str | None = None, sleep: Callable[[float], None] = time.sleep,
                   clock: Callable[[], float] = time.monotonic,
                   session: requests.Session | None = None) -> dict[str, Any]:
    """The tokens after the user entered the shown code at Trakt. Raises AuthFailed."""
    service = _service(base_url, session, sleep)
    response = _post(service, "/oauth/device/code", {"client_id": client_id})
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
        response = _post(service, "/oauth/device/token", body)
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
    service = _service(base_url, session)
    body = {"refresh_token": refresh_token, "client_id": client_id, "client_secret": client_secret,
            "redirect_uri": "urn:ietf:wg:oauth:2.0:oob", "grant_type": "refresh_token"}
    response = _post(service, "/oauth/token", body)
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
