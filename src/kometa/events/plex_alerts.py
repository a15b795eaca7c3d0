"""``--plex-events``: Plex's notification websocket (``/:/websockets/notifications``) as an event source.

:func:`changes_from_message` is pure: a ``NotificationContainer`` message -> changes. Timeline
entries of library items (movies, shows, seasons, episodes, artists, albums, tracks) are taken:
state 0 / ``metadataState: created`` as ``added``, state 5 as ``updated``, state 9 / ``deleted``
as ``deleted``; intermediate states (matching, downloading metadata), collections, playlists and
the ``activity``/``status``/``playing`` messages are not.

:class:`PlexAlerts` is the connection: websocket-client (imported only when this source is on),
the token in the ``X-Plex-Token`` header, and reconnection with exponential backoff (1 s doubling
to 60 s, back to 1 s after a connection that worked), so a restarting Plex is picked up again.
The Plex URL and token are read again at each connection (edits to config.yml apply). A config
whose libraries use more than one Plex server (per-library ``plex:``) gets one connection per
server; each change carries its server's URL, since section ids repeat across servers.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any

from kometa.events.scope import Change

LIBRARY = "com.plexapp.plugins.library"
ITEM_TYPES = {1, 2, 3, 4, 8, 9, 10}
BACKOFF_START, BACKOFF_MAX = 1.0, 60.0
KEY = "/:/websockets/notifications"


def changes_from_message(text: str | bytes, server: str | None = None) -> list[Change]:
    """The item changes one websocket message reports (none for anything else, or unreadable text);
    ``server``: the Plex URL the message came from (its section ids are that server's)."""
    try:
        container = json.loads(text)["NotificationContainer"]
    except (ValueError, KeyError, TypeError):
        return []
    if not isinstance(container, dict) or container.get("type") != "timeline":
        return []
    changes: list[Change] = []
    for entry in container.get("TimelineEntry") or ():
        if not isinstance(entry, dict) or entry.get("identifier") != LIBRARY:
            continue
        try:
            kind_number, state = int(entry.get("type", -1)), int(entry.get("state", -1))
        except (TypeError, ValueError):
            continue
        if kind_number not in ITEM_TYPES or entry.get("itemID") in (None, ""):
            continue
        metadata_state = entry.get("metadataState")
        if state == 9 or metadata_state == "deleted":
            kind = "deleted"
        elif state == 0 or metadata_state == "created":
            kind = "added"
        elif state == 5:
            kind = "updated"
        else:
            continue
        section = entry.get("sectionID")
        changes.append(Change("plex", kind, section=str(section) if section not in (None, "", -1) else None,
                              server=server, rating_keys=(str(entry["itemID"]),), title=str(entry.get("title") or "")))
    return changes


def websocket_url(plex_url: str) -> str:
    base = plex_url.rstrip("/")
    if base.startswith("https://"):
        return "wss://" + base[len("https://"):] + KEY
    if base.startswith("http://"):
        return "ws://" + base[len("http://"):] + KEY
    raise ValueError(f"Plex URL {plex_url!r} does not start with http:// or https://")


class PlexAlerts:
    """Listen until ``stop`` is set; hand each message's changes to ``sink``."""

    def __init__(self, connection: Callable[[], tuple[str, str | None]], sink: Callable[[list[Change]], None],
                 stop: threading.Event, say: Callable[[str], None], *, verify_ssl: bool = True) -> None:
        self.connection = connection
        self.sink = sink
        self.stop = stop
        self.say = say
        self.verify_ssl = verify_ssl
        self.url: str | None = None  # the Plex URL of the current connection
        self.connects = 0  # successful connections (tests, status)
        self.delays: list[float] = []  # backoff waits taken (tests)
        self._thread: threading.Thread | None = None

    def start(self) -> PlexAlerts:
        self._thread = threading.Thread(target=self.run, name="kometa-plex-events", daemon=True)
        self._thread.start()
        return self

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def _open(self) -> Any:
        import ssl

        import websocket

        url, token = self.connection()
        self.url = url
        extra: dict[str, Any] = {} if self.verify_ssl else {"sslopt": {"cert_reqs": ssl.CERT_NONE}}
        return websocket.create_connection(websocket_url(url), timeout=10,
                                           header=[f"X-Plex-Token: {token}"] if token else [], **extra)

    def run(self) -> None:
        delay = BACKOFF_START
        problem = ""
        while not self.stop.is_set():
            try:
                conn = self._open()
            except Exception as exc:  # noqa: BLE001 - unreachable Plex, bad token, bad URL: retry later
                text = f"Plex events: cannot connect ({getattr(exc, 'message', None) or exc}); retrying"
                if text != problem:
                    self.say(text)
                    problem = text
                self.delays.append(delay)
                if self.stop.wait(delay):
                    return
                delay = min(delay * 2, BACKOFF_MAX)
                continue
            self.connects += 1
            self.say("Plex events: connected to Plex's notification websocket")
            problem, delay = "", BACKOFF_START
            self._receive(conn)
            if not self.stop.is_set():
                self.say("Plex events: connection lost; reconnecting")

    def _receive(self, conn: Any) -> None:
        import websocket

        try:
            conn.settimeout(3.0)  # wake every 3 s to notice a stop (idle CPU stays low)
            while not self.stop.is_set():
                try:
                    message = conn.recv()
                except websocket.WebSocketTimeoutException:
                    continue
                except (websocket.WebSocketException, OSError):
                    return
                if not message:  # closed by the server
                    return
                changes = changes_from_message(message, self.url)
                if changes:
                    self.sink(changes)
        finally:
            try:
                conn.close()
            except Exception:  # noqa: BLE001 - closing a broken connection
                pass
