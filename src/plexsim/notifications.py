"""Plex's notification websocket (``/:/websockets/notifications``): what changed, as it happens.

Every client connected to the route gets each ``NotificationContainer`` JSON message, in order:

* ``timeline`` (``TimelineEntry``: ``identifier``, ``sectionID``, ``itemID``, ``type`` (the search
  type number), ``title``, ``state``, ``metadataState``, ``updatedAt``) when an item of the store is
  created (state 0, ``metadataState: "created"``, then state 5 once "processed"), edited (state 5)
  or deleted (state 9, ``metadataState: "deleted"``); ``sectionID``/``itemID`` are strings, as Plex
  sends them;
* ``activity`` (``ActivityNotification``: ``event`` started/ended, ``uuid``, ``Activity`` with
  ``type: "library.update.section"``) around a ``POST /_sim/items`` addition, as a scan would;
* ``status`` (``StatusNotification``: ``title``, ``description``, ``notificationName``
  ``LIBRARY_UPDATE``) when that "scan" completes.

The store calls :meth:`Notifications.item_changed` from whichever thread mutates it; messages are
handed to each connection's event loop with ``call_soon_threadsafe``, so a slow or absent client
never blocks a write. Items written during a bulk fixture load send nothing.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import uuid
from typing import TYPE_CHECKING, Any

from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from .model import SEARCH_TYPES, Item

if TYPE_CHECKING:
    from .app import Sim

LIBRARY = "com.plexapp.plugins.library"
STATES = {"created": 0, "processed": 5, "updated": 5, "deleted": 9}


class Notifications:
    """The connected websocket clients and the fan-out of messages to them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: list[tuple[asyncio.AbstractEventLoop, asyncio.Queue[str]]] = []
        self.sent = 0  # messages published (whether or not anyone listened), for tests and benchmarks

    @property
    def listeners(self) -> int:
        with self._lock:
            return len(self._subscribers)

    def subscribe(self) -> asyncio.Queue[str]:
        queue: asyncio.Queue[str] = asyncio.Queue()
        with self._lock:
            self._subscribers.append((asyncio.get_running_loop(), queue))
        return queue

    def unsubscribe(self, queue: asyncio.Queue[str]) -> None:
        with self._lock:
            self._subscribers = [(loop, q) for loop, q in self._subscribers if q is not queue]

    def publish(self, kind: str, entries: list[dict[str, Any]]) -> None:
        key = {"timeline": "TimelineEntry", "activity": "ActivityNotification",
               "status": "StatusNotification"}[kind]
        text = json.dumps({"NotificationContainer": {"type": kind, "size": len(entries), key: entries}})
        with self._lock:
            subscribers = list(self._subscribers)
            self.sent += 1
        for loop, queue in subscribers:
            try:
                loop.call_soon_threadsafe(queue.put_nowait, text)
            except RuntimeError:  # that connection's loop is closing
                pass

    # -- what the store reports ------------------------------------------------------------
    def item_changed(self, event: str, item: Item) -> None:
        """``event``: created | updated | deleted. Sends nothing when no client listens."""
        if not self.listeners:
            return
        events = ["created", "processed"] if event == "created" else [event]
        for name in events:
            entry: dict[str, Any] = {
                "identifier": LIBRARY, "sectionID": str(item.section), "itemID": str(item.rk),
                "type": SEARCH_TYPES.get(item.type, 0), "title": str(item.attrs.get("title", "")),
                "state": STATES[name], "updatedAt": int(item.attrs.get("updatedAt") or time.time()),
            }
            if name in ("created", "deleted"):
                entry["metadataState"] = name
            self.publish("timeline", [entry])

    def scan(self, section_title: str, started: bool, ident: str = "") -> str:
        """An ``activity`` message for a library scan starting or ending (and ``status`` at its end);
        pass the id the start returned to the end."""
        ident = ident or str(uuid.uuid4())
        self.publish("activity", [{"event": "started" if started else "ended", "uuid": ident, "Activity": {
            "uuid": ident, "type": "library.update.section", "cancellable": False, "userID": 1,
            "title": f"Scanning {section_title}", "subtitle": "", "progress": 0 if started else 100}}])
        if not started:
            self.publish("status", [{"title": "Library scan complete", "description": section_title,
                                     "notificationName": "LIBRARY_UPDATE"}])
        return ident


def routes(sim: Sim) -> list[WebSocketRoute]:
    async def notifications(websocket: WebSocket) -> None:
        await websocket.accept()
        queue = sim.notifications.subscribe()
        receiver = asyncio.ensure_future(websocket.receive())
        try:
            while True:
                getter = asyncio.ensure_future(queue.get())
                done, _pending = await asyncio.wait({getter, receiver}, return_when=asyncio.FIRST_COMPLETED)
                if getter in done:
                    await websocket.send_text(getter.result())
                else:
                    getter.cancel()
                if receiver in done:
                    if receiver.result()["type"] == "websocket.disconnect":
                        return
                    receiver = asyncio.ensure_future(websocket.receive())  # clients may send pings/text
        except WebSocketDisconnect:
            return
        finally:
            receiver.cancel()
            sim.notifications.unsubscribe(queue)

    return [WebSocketRoute("/:/websockets/notifications", notifications)]
