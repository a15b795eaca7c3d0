"""JSON lists at any address (``text_file``'s ``url:`` lines): one :class:`Service` per origin on
the shared policy. A list may change any day, so it is kept for ``Policy.list_expiration_hours``;
the last copy stands in, with a warning, when its origin is down. A gzip-compressed body (a
``.json.gz`` file served as is) is unpacked; what is kept is the parsed JSON.
"""

from __future__ import annotations

import gzip
import json
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from kometa.clients.cache import Cache
from kometa.clients.policy import Policy, RawAnswer, Service, ServiceError


def _json(response: Any) -> Any:
    raw = bytes(response.content)
    if raw.startswith(b"\x1f\x8b"):
        try:
            raw = gzip.decompress(raw)
        except OSError:
            raise ServiceError("JSON list", f"{response.url} is gzip-compressed but cannot be unpacked") from None
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ServiceError("JSON list", f"{response.url} does not answer JSON") from None


class JsonLists:
    def __init__(self, cache: Cache | None, *, expiration_days: int = 60) -> None:
        self.cache = cache
        self.policy = Policy("JSON list", rate=5.0, concurrency=2, expiration_days=expiration_days)
        self.services: dict[str, Service] = {}

    def get(self, url: str) -> Any:
        """The JSON document at ``url`` (http or https)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ServiceError("JSON list", f"'{url}' is not an http(s) address")
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self.services:
            self.services[origin] = Service(self.policy, origin, cache=self.cache)
        return self.services[origin].get(parts.path or "/", dict(parse_qsl(parts.query)), revalidate=True,
                                         parse=RawAnswer(_json))
