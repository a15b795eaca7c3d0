"""Plex failures during a run: one readable line, and bounded retries for reads.

A read (GET) or an idempotent write (PUT: adds are unions, edits set values) that meets a
transient failure (HTTP 500/502/503/504, a dropped or refused connection, a timeout) is retried
twice with a short pause; POST and DELETE are not, because a repeated create would make a second
collection and a repeated delete answers 404.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from typing import TypeVar

log = logging.getLogger("kometa")
T = TypeVar("T")
TRANSIENT_CODES = ("500", "502", "503", "504")
READ_ATTEMPTS = 3
#: how a retry waits; tests replace it (no real sleeps)
SLEEP: Callable[[float], None] = time.sleep


def _code(exc: BaseException) -> str | None:
    match = re.match(r"\((\d{3})\)", str(exc))
    return match.group(1) if match else None


def is_transient(exc: BaseException) -> bool:
    import requests

    if isinstance(exc, requests.exceptions.ConnectionError | requests.exceptions.Timeout):
        return True
    return _code(exc) in TRANSIENT_CODES


def describe(exc: BaseException) -> str:
    """``Plex answered HTTP 503 (service_unavailable) for /library/sections/1/all`` and the like."""
    import requests

    text = str(exc)
    match = re.match(r"\((\d{3})\) (\w+); (\S+)", text)
    if match:
        path = re.sub(r"^https?://[^/]+", "", match.group(3)).split("?")[0]
        return f"Plex answered HTTP {match.group(1)} ({match.group(2)}) for {path}"
    if isinstance(exc, requests.exceptions.Timeout):
        return "Plex did not answer in time (timeout); raise plex.timeout or check the server's load"
    if isinstance(exc, requests.exceptions.ConnectionError):
        return "lost the connection to Plex; check that the server is running and reachable"
    return f"{type(exc).__name__}: {text[:200]}"


def retry_read(call: Callable[[], T], what: str) -> T:
    """Run a read, retrying transient failures (2 retries, 1 s then 2 s apart)."""
    for attempt in range(1, READ_ATTEMPTS + 1):
        try:
            return call()
        except Exception as exc:
            if attempt == READ_ATTEMPTS or not is_transient(exc):
                raise
            log.warning("%s: %s; retrying (%d/%d)", what, describe(exc), attempt, READ_ATTEMPTS - 1)
            SLEEP(attempt)
    raise AssertionError("unreachable")
