"""Request counters and a bounded request log (``/_sim/stats``, ``/_sim/log``).

Snapshot: ``requests`` (total), ``by_service`` ({"tmdb": n}), ``by_method``, ``by_endpoint``
("METHOD /path/template", e.g. ``GET /tmdb/3/movie/{movie_id}``) and ``by_status`` ({"200": n}).
Log entries: ``time`` (epoch), ``service``, ``method``, ``endpoint``, ``path``, ``query`` (raw,
``api_key`` blanked), ``status`` and ``ms`` (time to the response headers, injected latency included).
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter, deque
from typing import Any

_KEY = re.compile(r"(api_key|apikey|token)=[^&]*", re.IGNORECASE)


class Stats:
    def __init__(self, log_size: int = 5000) -> None:
        self._lock = threading.Lock()
        self.requests = 0
        self.by_service: Counter[str] = Counter()
        self.by_method: Counter[str] = Counter()
        self.by_endpoint: Counter[str] = Counter()
        self.by_status: Counter[str] = Counter()
        self.log: deque[dict[str, Any]] = deque(maxlen=log_size)

    def count(self, service: str, method: str, pattern: str, path: str, query: str) -> dict[str, Any]:
        entry: dict[str, Any] = {"time": time.time(), "service": service, "method": method,
                                 "endpoint": f"{method} {pattern}", "path": path,
                                 "query": _KEY.sub(r"\1=", query), "status": None, "ms": None}
        with self._lock:
            self.requests += 1
            self.by_service[service] += 1
            self.by_method[method] += 1
            self.by_endpoint[f"{method} {pattern}"] += 1
            self.log.append(entry)
        return entry

    def status(self, entry: dict[str, Any], status: int, ms: float) -> None:
        with self._lock:
            entry["status"] = status
            entry["ms"] = ms
            self.by_status[str(status)] += 1

    def reset(self) -> None:
        with self._lock:
            self.requests = 0
            for counter in (self.by_service, self.by_method, self.by_endpoint, self.by_status):
                counter.clear()
            self.log.clear()

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {"requests": self.requests, "by_service": dict(sorted(self.by_service.items())),
                    "by_method": dict(sorted(self.by_method.items())),
                    "by_endpoint": dict(sorted(self.by_endpoint.items())),
                    "by_status": dict(sorted(self.by_status.items()))}

    def entries(self, limit: int | None = None) -> list[dict[str, Any]]:
        with self._lock:
            items = list(self.log)
        return items[-limit:] if limit else items
