"""Fault injection: added latency, error answers (500/503), dropped connections, slow bodies.

Settable at start (``Faults(...)``, CLI flags) and at runtime (``POST /_sim/faults`` with a JSON
object of the same field names, or ``PlexSim.set_faults(**kw)``). Applied to every request except
``/_sim/*``. Random draws come from a seeded generator so a run with faults is repeatable.
"""

from __future__ import annotations

import asyncio
import random
import threading
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from starlette.types import Message, Receive, Scope, Send

from .http import error_response


@dataclass
class Faults:
    latency_ms: float = 0.0  #: added before every answer
    error_rate: float = 0.0  #: fraction of requests answered with an error status
    error_statuses: list[int] = field(default_factory=lambda: [500, 503])
    drop_rate: float = 0.0  #: fraction of requests whose connection is closed mid-response
    slow_body_ms: float = 0.0  #: body trickled out in pieces over this long
    seed: int = 0
    #: ``"METHOD /path-prefix"`` (either part may be left out): faults hit only matching requests
    only: str = ""

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._lock = threading.Lock()
        self.validate()

    def validate(self) -> None:
        for name in ("error_rate", "drop_rate"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1, got {value}")
        for name in ("latency_ms", "slow_body_ms"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")
        if not self.error_statuses or any(s not in (500, 503) for s in self.error_statuses):
            raise ValueError("error_statuses must be a non-empty list of 500 and/or 503")

    def update(self, **changes: Any) -> None:
        known = {f.name for f in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise ValueError(f"unknown fault setting(s): {', '.join(sorted(unknown))}")
        backup = self.as_dict()
        try:
            for key, value in changes.items():
                if key == "error_statuses":
                    parts = value.split(",") if isinstance(value, str) else value
                    value = [int(v) for v in parts]
                elif key == "seed":
                    value = int(value)
                    self._rng = random.Random(value)
                elif key == "only":
                    value = str(value)
                else:
                    value = float(value)
                setattr(self, key, value)
            self.validate()
        except (TypeError, ValueError):
            for key, value in backup.items():
                setattr(self, key, value)
            raise

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def draw(self) -> float:
        with self._lock:
            return self._rng.random()

    def pick_status(self) -> int:
        with self._lock:
            return self._rng.choice(self.error_statuses)

    def _matches(self, scope: Scope) -> bool:
        method, _, prefix = self.only.strip().partition(" ") if not self.only.startswith("/") else ("", "", self.only)
        if method and scope.get("method", "").upper() != method.upper():
            return False
        return str(scope.get("path", "")).startswith(prefix.strip())

    @property
    def active(self) -> bool:
        return bool(self.latency_ms or self.error_rate or self.drop_rate or self.slow_body_ms)

    async def apply(self, app: Any, scope: Scope, receive: Receive, send: Send) -> None:
        """Run ``app`` for one request with the configured faults."""
        if self.only and not self._matches(scope):
            await app(scope, receive, send)
            return
        if self.latency_ms:
            await asyncio.sleep(self.latency_ms / 1000)
        if self.error_rate and self.draw() < self.error_rate:
            status = self.pick_status()
            await error_response(status, "fault injected by plexsim")(scope, receive, send)
            return
        if self.drop_rate and self.draw() < self.drop_rate:
            await _drop(receive, send)
            return
        if self.slow_body_ms:
            await app(scope, receive, _slow_sender(send, self.slow_body_ms))
            return
        await app(scope, receive, send)


async def _drop(receive: Receive, send: Send) -> None:
    """Close the connection without an answer (client: connection aborted / RemoteDisconnected).

    uvicorn's ``receive`` is a bound method of its request cycle, which holds the transport. When
    that is not available, start a response promising a body and return: the server then closes
    the connection mid-response (client: IncompleteRead).
    """
    transport = getattr(getattr(receive, "__self__", None), "transport", None)
    if transport is not None and hasattr(transport, "close"):
        transport.close()
        return
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"text/xml;charset=utf-8"), (b"content-length", b"64")]})


def _slow_sender(send: Send, total_ms: float) -> Send:
    pieces = 8

    async def slow(message: Message) -> None:
        if message["type"] != "http.response.body" or message.get("more_body"):
            await send(message)
            return
        body: bytes = message.get("body", b"")
        step = max(1, -(-len(body) // pieces))
        chunks = [body[i:i + step] for i in range(0, len(body), step)] or [b""]
        for n, chunk in enumerate(chunks):
            await asyncio.sleep(total_ms / 1000 / len(chunks))
            await send({"type": "http.response.body", "body": chunk, "more_body": n < len(chunks) - 1})

    return slow
