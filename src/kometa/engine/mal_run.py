"""MyAnimeList for one run: the ``mal:`` section read and the client made. When MAL refuses the
access token (it expired), the refresh token is traded for new tokens once, the new tokens are
written back into config.yml under ``mal: authorization`` (comments kept) and the request asked
again; a failed refresh is one warning and the request fails as refused."""

from __future__ import annotations

import logging

from kometa.clients.cache import Cache
from kometa.clients.mal import AuthFailed, MalAuth, MalClient
from kometa.config.mal_section import mal_section
from kometa.config.model import Config
from kometa.config.writeback import set_in_config
from kometa.core.logs import add_secrets

log = logging.getLogger("kometa")


def open_mal(config: Config, cache: Cache, expiration_days: int) -> MalClient:
    """Raises SectionError for a missing or wrong section."""
    sec = mal_section(config)
    add_secrets([sec.client_id, sec.client_secret])
    auth = sec.authorization or {}
    add_secrets([str(auth.get("access_token") or ""), str(auth.get("refresh_token") or "")])

    def refresh() -> str | None:
        token = auth.get("refresh_token")
        if not token:
            return None
        try:
            tokens = MalAuth(sec.client_id, sec.client_secret).refresh(str(token))
        except AuthFailed as exc:
            log.warning("%s: mal: the token could not be refreshed (%s); sign in again with kometa auth mal",
                        sec.where, exc)
            return None
        add_secrets([str(tokens.get("access_token")), str(tokens.get("refresh_token") or "")])
        try:
            set_in_config(config.path, "mal", "authorization", tokens)
        except OSError as exc:
            log.warning("%s: mal: the refreshed token could not be written to %s (%s)", sec.where, config.path, exc)
        log.info("MyAnimeList: the token was refreshed and written to %s", config.path)
        return str(tokens["access_token"])

    return MalClient(sec.client_id, auth.get("access_token"), cache, expiration_days=expiration_days,
                     on_refused=refresh)
