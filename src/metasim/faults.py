"""Fault injection and rate limiting: added latency, random error answers, N requests per second.

Settable at start (``Faults(...)``, CLI flags ``--latency-ms``, ``--fail-rate``, ``--rate-limit``)
and at runtime (``POST /_sim/faults`` with a JSON object of the same field names, or
``MetaSim.set_faults(**kw)``). Applied to every service request, never to ``/_sim/*``. Random
draws come from a seeded generator, so a run with faults is repeatable.

``rate_limit`` is per service: more than that many requests to one service within one second of
the server's monotonic clock are answered ``429`` with ``Retry-After`` (whole seconds until the
window ends, at least 1) and the service's own error body.
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass
class Faults:
    latency_ms: float = 0.0  #: added before every answer
    error_rate: float = 0.0  #: fraction of requests answered with an error status
    error_statuses: list[int] = field(default_factory=lambda: [503])
    rate_limit: int = 0  #: requests per second per service; 0 = unlimited
    seed: int = 0

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._lock = threading.Lock()
        self._windows: dict[str, tuple[int, int]] = {}
        self.clock: Callable[[], float] = time.monotonic
        self.validate()

    def validate(self) -> None:
        if not 0.0 <= self.error_rate <= 1.0:
            raise ValueError(f"error_rate must be between 0 and 1, got {self.error_rate}")
        if self.latency_ms < 0:
            raise ValueError("latency_ms must not be negative")
        if self.rate_limit < 0:
            raise ValueError("rate_limit must not be negative")
        if not self.error_statuses or any(s not in (500, 502, 503, 504) for s in self.error_statuses):
            raise ValueError("error_statuses must be a non-empty list of 500, 502, 503 and/or 504")

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
                elif key in ("seed", "rate_limit"):
                    value = int(value)
                    if key == "seed":
                        self._rng = random.Random(value)
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

    def admit(self, service: str) -> int | None:
        """Count one request to ``service``; None when allowed, else the Retry-After seconds."""
        if not self.rate_limit:
            return None
        now = self.clock()
        window = math.floor(now)
        with self._lock:
            start, used = self._windows.get(service, (window, 0))
            if start != window:
                start, used = window, 0
            used += 1
            self._windows[service] = (start, used)
        if used <= self.rate_limit:
            return None
        return max(1, math.ceil(start + 1 - now))

    def reset_windows(self) -> None:
        with self._lock:
            self._windows.clear()
