"""The few raw calls kometa makes to Plex beyond python-plexapi's objects, over a ``PlexServer``'s
session: idempotent ones (GET, PUT) are retried on transient failures; ``items_uri`` builds the
``server://`` URI Plex takes for a list of items."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from kometa.plex.failures import retry_read

CHUNK = 1000  # ids per request: ~10 KB URLs, well inside what Plex and proxies accept


def items_uri(machine_id: str, rating_keys: list[int]) -> str:
    base = f"server://{machine_id}/com.plexapp.plugins.library/library/metadata"
    return f"{base}/{','.join(str(k) for k in rating_keys)}" if rating_keys else base


def qs(pairs: Sequence[tuple[str, Any]]) -> str:
    return "&".join(f"{quote(str(k), safe='[].')}={quote(str(v), safe='')}" for k, v in pairs)


class Transport:
    """The few raw calls the writer makes, over a plexapi ``PlexServer``'s session."""

    def __init__(self, server: Any) -> None:
        self.server = server

    def send(self, method: str, path: str, pairs: Sequence[tuple[str, Any]] = (), data: bytes | None = None) -> Any:
        key = f"{path}?{qs(pairs)}" if pairs else path
        session = self.server._session
        call = {"GET": session.get, "PUT": session.put, "POST": session.post, "DELETE": session.delete}[method]
        kwargs = {"data": data} if data is not None else {}
        if method in ("GET", "PUT"):  # idempotent: a transient failure is retried
            return retry_read(lambda: self.server.query(key, method=call, **kwargs), f"{method} {path}")
        return self.server.query(key, method=call, **kwargs)
