"""Trakt's simulated accounts and OAuth state, and its error bodies (``{"error": "...",
"error_description": "..."}`` as Trakt's OAuth endpoints send; the API's own errors are that
shape too here, which Trakt's clients read as text)."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.responses import Response

DEVICE_EXPIRES = 600  # seconds a device code stays valid
TOKEN_EXPIRES = 7_776_000  # 90 days, as Trakt's access tokens (expires_in)

MESSAGES = {
    "unauthorised": "invalid_api_key: the trakt-api-key header (client id) is missing or unknown",
    "not_found": "not_found",
    "rate_limited": "AUTHED_API_GET_LIMIT: rate limit exceeded",
    "bad_method": "method not allowed",
    "fault": "server error",
}


def error(status: int, kind: str, message: str | None = None) -> Response:
    from ..app import json_body
    return json_body({"error": message or MESSAGES.get(kind, kind)}, status)


@dataclass
class Device:
    device_code: str
    user_code: str
    created: float
    polls: int = 0


@dataclass
class TraktState:
    """The app (client id/secret), the user it signs in, and the tokens it has issued."""

    client_id: str = "metasim-trakt"
    client_secret: str = "metasim-trakt-secret"
    username: str = "metasim-user"
    pending_polls: int = 1  # a device code answers 400 (pending) this many times before tokens
    clock: Callable[[], float] = time.time
    devices: dict[str, Device] = field(default_factory=dict)
    tokens: dict[str, float] = field(default_factory=dict)  # access token -> expiry (epoch seconds)
    refresh_tokens: set[str] = field(default_factory=set)
    #: the signed-in user's own lists: slug -> its titles in rank order (``metasim.trakt.own_lists``;
    #: ``sync_to_trakt_list`` writes them)
    own_lists: dict[str, list[Any]] = field(default_factory=lambda: {"kometa-sync": [], "favourites-sync": []})
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def issue(self) -> dict[str, object]:
        access, refresh = secrets.token_hex(32), secrets.token_hex(32)
        now = int(self.clock())
        with self._lock:
            self.tokens[access] = now + TOKEN_EXPIRES
            self.refresh_tokens.add(refresh)
        return {"access_token": access, "token_type": "bearer", "expires_in": TOKEN_EXPIRES,
                "refresh_token": refresh, "scope": "public", "created_at": now}

    def grant(self, token: str) -> str:
        """A fixed token that is valid (for tests and ``--any-key`` style use)."""
        with self._lock:
            self.tokens[token] = self.clock() + TOKEN_EXPIRES
        return token

    def valid(self, token: str | None) -> bool:
        with self._lock:
            expiry = self.tokens.get(token or "")
        return expiry is not None and expiry > self.clock()

    def new_device(self) -> Device:
        device = Device(secrets.token_hex(20), secrets.token_hex(4).upper(), self.clock())
        with self._lock:
            self.devices[device.device_code] = device
        return device

    def use_refresh(self, token: str) -> bool:
        with self._lock:
            if token not in self.refresh_tokens:
                return False
            self.refresh_tokens.discard(token)
            return True
