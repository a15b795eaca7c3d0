"""Connecting to Plex with bounded timeouts and retries; one clear error when it cannot be done.

An unreachable server or a refused token becomes a :class:`~kometa.core.errors.PlexError` with one
line (what, which URL, how to fix) within ``CONNECT_BUDGET`` seconds, never a traceback.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING, Any

from kometa.config.model import PlexConfig
from kometa.core.errors import PlexError

if TYPE_CHECKING:
    from plexapi.server import PlexServer

log = logging.getLogger("kometa")

CONNECT_TIMEOUT = 5.0  # seconds to open a TCP connection
CONNECT_BUDGET = 25.0  # seconds for all connection attempts together
ATTEMPTS = 3


class _Retry(Exception):
    """A transient failure worth another attempt."""


def connect(plex: PlexConfig, *, session: Any = None) -> PlexServer:
    """Connect to the server in ``plex``; raises PlexError with one clear line on failure."""
    import requests
    from plexapi.exceptions import BadRequest, Unauthorized
    from plexapi.server import PlexServer
    from tenacity import (
        retry,
        retry_if_exception_type,
        stop_after_attempt,
        stop_after_delay,
        wait_exponential,
    )

    if session is None:
        session = requests.Session()
        session.verify = plex.verify_ssl
    timeout = (CONNECT_TIMEOUT, plex.timeout)

    @retry(retry=retry_if_exception_type(_Retry), stop=stop_after_attempt(ATTEMPTS) | stop_after_delay(CONNECT_BUDGET),
           wait=wait_exponential(multiplier=0.5, max=4), reraise=True)
    def attempt() -> PlexServer:
        try:
            return PlexServer(plex.url, plex.token, session=session, timeout=timeout)  # type: ignore[arg-type, no-untyped-call, unused-ignore]
        except Unauthorized:
            raise PlexError(f"Plex at {plex.url} refused the token (401 Unauthorized); check plex.token "
                            f"in your config (see support.plex.tv 'Finding an authentication token')") from None
        except requests.exceptions.SSLError:
            raise PlexError(f"TLS certificate check failed for Plex at {plex.url}; use the server's plex.direct "
                            f"URL, http://, or set plex.verify_ssl: false") from None
        except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
            raise _Retry(f"cannot reach Plex at {plex.url} ({_reason(exc)})") from None
        except BadRequest as exc:
            code = str(exc).split(")", 1)[0].lstrip("(")
            if code in ("500", "502", "503", "504"):
                raise _Retry(f"Plex at {plex.url} answered HTTP {code}") from None
            raise PlexError(f"Plex at {plex.url} answered an error: {str(exc)[:120]}") from None
        except Exception as exc:  # e.g. XML parse errors: not a Plex server at that URL
            raise PlexError(f"{plex.url} does not look like a Plex server ({type(exc).__name__})") from None

    try:
        server = attempt()
    except _Retry as exc:
        raise PlexError(f"{exc}; check plex.url and that the server is running") from None
    if not getattr(server, "machineIdentifier", None):  # an HTTP server that answered, but not as Plex does
        raise PlexError(f"{plex.url} is not a Plex server (it answered, but not with Plex's server identity); "
                        f"check plex.url")
    log.info("Connected to Plex server %s (version %s)", server.friendlyName, server.version)
    return server


def _reason(exc: Exception) -> str:
    text = str(exc)
    for marker, reason in (("refused", "connection refused"), ("timed out", "timed out"),
                           ("Name or service not known", "unknown host"), ("nodename", "unknown host"),
                           ("No route", "no route to host")):
        if marker in text:
            return reason
    return type(exc).__name__


class ServerPool:
    """One connection per (url, token) for the whole run. ``insecure`` (``--no-verify-ssl``) turns
    TLS certificate checks off for every server, whatever its ``verify_ssl`` says."""

    def __init__(self, insecure: bool = False) -> None:
        self._servers: dict[tuple[str, str], PlexServer] = {}
        self.insecure = insecure

    def get(self, plex: PlexConfig) -> PlexServer:
        key = (plex.url, plex.token)
        if key not in self._servers:
            self._servers[key] = connect(dataclasses.replace(plex, verify_ssl=False) if self.insecure else plex)
        return self._servers[key]
