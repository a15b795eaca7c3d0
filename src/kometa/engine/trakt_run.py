"""Trakt for one run: the ``trakt:`` section read, the token refreshed when it expires within a day
(and the new tokens written back into config.yml, comments kept), and the client made.

A config with ``client_id`` and ``client_secret`` but no ``authorization`` still reads public
lists and charts; builders that need the user (``me``, recommendations) say to sign in with
``kometa auth trakt``. A failed refresh is a warning and the run goes on with public data.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from kometa.clients.cache import Cache
from kometa.clients.policy import Service
from kometa.clients.trakt import TraktClient, TraktSettings
from kometa.clients.trakt_auth import AuthFailed, needs_refresh, refresh
from kometa.config.model import Config
from kometa.config.trakt_section import trakt_section
from kometa.config.writeback import set_in_config
from kometa.core.logs import add_secrets

log = logging.getLogger("kometa")


def open_trakt(config: Config, cache: Cache, *, clock: Callable[[], float] = time.time,
               base_url: str | None = None) -> tuple[TraktClient, str]:
    """The run's Trakt client and where its section is. Raises SectionError for a wrong section."""
    sec = trakt_section(config)
    add_secrets([sec.client_id, sec.client_secret])
    auth: dict[str, Any] | None = sec.authorization
    if auth is not None:
        add_secrets([str(auth.get("access_token")), str(auth.get("refresh_token") or "")])
        if needs_refresh(auth, clock()) and auth.get("refresh_token"):
            try:
                auth = refresh(sec.client_id, sec.client_secret, str(auth["refresh_token"]), base_url=base_url)
            except AuthFailed as exc:
                log.warning("%s: trakt: %s; Trakt builders that need the sign-in will fail", sec.where, exc)
                auth = None
            else:
                add_secrets([str(auth["access_token"]), str(auth["refresh_token"])])
                set_in_config(config.path, "trakt", "authorization", auth)
                log.info("Trakt: the access token was refreshed and written to %s", config.path.name)
    token = str(auth["access_token"]) if auth else None
    return TraktClient(TraktSettings(sec.client_id, sec.client_secret, token), cache, base_url=base_url), sec.where


def report_line(client: TraktClient | Service) -> str:
    """The run report's line for a service (Trakt, IMDb, MDBList, ...): requests, cache use, trouble."""
    s = client.service if isinstance(client, TraktClient) else client
    c = s.counters
    line = f"{s.name}: {c.requests} request(s), {c.retries} retr{'y' if c.retries == 1 else 'ies'}"
    if c.cache_hits:
        line += f", {c.cache_hits} answer(s) from the cache"
    if c.stale_used:
        why = "out of quota" if s.out_of_quota else "down"
        line += f", {c.stale_used} cached answer(s) used because {s.name} was {why}"
    if c.quota_blocked:
        line += f", {c.quota_blocked} lookup(s) not sent (daily quota reached)"
    if s.down:
        line += f"; down: {s.down}"
    return line
