"""Heartbeats: ``settings: heartbeat: URL`` pings a dead-man's-switch monitor (healthchecks.io style).

* run start: ``URL/start`` (the monitor starts timing the run);
* success (exit 0): ``URL``;
* failure: ``URL/<exit code>`` (``/1`` failed run, ``/2`` config error, ``/130``/``/143``
  interrupted), which healthchecks.io reads as a failure;

the success and failure pings carry the run summary as a text body. A query string in the URL
(``?rid=...``) stays at the end. A monitor that is down never fails a run: each ping has a
bounded timeout, and the first failure is one warning, after which the run pings no more.
Dry runs do not ping (they are not the runs the monitor watches).
"""

from __future__ import annotations

import logging
from typing import Any

from kometa.notify.config import describe

log = logging.getLogger("kometa")

TIMEOUT = 10.0
MAX_BODY = 100_000  # healthchecks.io keeps the first 100 kB of a ping body


def ping_url(url: str, suffix: str = "") -> str:
    """``URL`` with ``/suffix`` added to its path (before any query string)."""
    if not suffix:
        return url
    base, sep, query = url.partition("?")
    return f"{base.rstrip('/')}/{suffix}{sep}{query}"


class Heartbeat:
    def __init__(self, url: str, *, timeout: float = TIMEOUT) -> None:
        self.url = url
        self.timeout = timeout
        self.down = False
        self.pings: list[str] = []  # suffixes sent ("start", "", "1", ...), for the log and tests

    def start(self) -> None:
        self._ping("start", "")

    def finish(self, exit_code: int, summary: str) -> None:
        self._ping("" if exit_code == 0 else str(exit_code), summary)

    def _ping(self, suffix: str, body: str) -> None:
        if self.down:
            return
        import requests

        target = ping_url(self.url, suffix)
        try:
            response: Any = requests.post(target, data=body.encode("utf-8")[:MAX_BODY], timeout=self.timeout,
                                          headers={"Content-Type": "text/plain; charset=utf-8"})
            problem = f"HTTP {response.status_code} {response.reason}" if response.status_code >= 400 else None
        except requests.Timeout:
            problem = f"no answer within {self.timeout:g} s"
        except requests.RequestException as exc:
            problem = "could not connect" if isinstance(exc, requests.ConnectionError) else type(exc).__name__
        if problem is None:
            self.pings.append(suffix)
            log.debug("Heartbeat %s sent to %s", suffix or "success", describe(self.url))
            return
        self.down = True
        log.warning("Heartbeat to %s failed (%s); the run goes on without heartbeats", describe(self.url), problem)
