"""Request counters and a bounded request log (``/_sim/stats``, ``/_sim/log``).

Log entries: ``time`` (epoch), ``method``, ``endpoint`` ("METHOD /path/pattern"), ``path``,
``query`` (raw), ``status`` (None when the connection was dropped) and ``ms`` (time to the
response headers, including injected latency).
"""

from __future__ import annotations

import threading
import time
from collections import Counter, deque
from typing import Any

METHODS = ("GET", "PUT", "POST", "DELETE")


class Stats:
    def __init__(self, log_size: int = 5000) -> None:
        self._lock = threading.Lock()
        self.requests = 0
        self.by_method: Counter[str] = Counter()
        self.by_endpoint: Counter[str] = Counter()
        self.log: deque[dict[str, Any]] = deque(maxlen=log_size)

    def count(self, method: str, pattern: str, path: str, query: str) -> dict[str, Any]:
        entry = {"time": time.time(), "method": method, "endpoint": f"{method} {pattern}",
                 "path": path, "query": query, "status": None, "ms": None}
        with self._lock:
            self.requests += 1
            self.by_method[method] += 1
            self.by_endpoint[f"{method} {pattern}"] += 1
            self.log.append(entry)
        return entry

    def reset(self) -> None:
        with self._lock:
            self.requests = 0
            self.by_method.clear()
            self.by_endpoint.clear()
            self.log.clear()

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            by_method = {m: self.by_method.get(m, 0) for m in METHODS}
            by_method.update({m: n for m, n in self.by_method.items() if m not in by_method})
            return {"requests": self.requests, "by_method": by_method,
                    "by_endpoint": dict(sorted(self.by_endpoint.items()))}

    def entries(self, limit: int | None = None) -> list[dict[str, Any]]:
        with self._lock:
            items = list(self.log)
        return items[-limit:] if limit else items
