"""The ``mal:`` section of config.yml: ``client_id``, ``client_secret``, ``localhost_url`` (the
address MAL redirected to, for signing in by hand as Kometa documents) and ``authorization`` (the
tokens Kometa keeps: access_token, token_type, expires_in, refresh_token). Read when a run first
needs MyAnimeList or by ``kometa auth mal``; wrong keys are file:line errors."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kometa.config.model import Config
from kometa.config.service_keys import MAL_TOKENS, names
from kometa.config.services import PLACEHOLDERS, SectionError, section
from kometa.config.yaml_io import file_of, line_of

KEYS = names("mal")
TOKEN_KEYS = MAL_TOKENS


@dataclass(frozen=True)
class MalSection:
    client_id: str
    client_secret: str
    localhost_url: str | None
    authorization: dict[str, Any] | None  # None: not signed in
    where: str


def mal_section(config: Config) -> MalSection:
    try:
        s = section(config, "mal")
    except SectionError as exc:
        raise SectionError(str(exc).replace("with an apikey", "with client_id and client_secret")) from None
    node = config.raw["mal"]
    file = file_of(config.raw) or config.path.name
    # unknown keys (here and under authorization:) were warned about at load; they are ignored
    values = {k: s.values.get(k) for k in ("client_id", "client_secret")}
    for key, value in values.items():
        if value is None or str(value).strip().lower() in PLACEHOLDERS:
            raise SectionError(f"{s.where}: mal: {key} is missing (create an app at "
                               f"https://myanimelist.net/apiconfig/create and copy its {key.replace('_', ' ')})")
    auth = s.values.get("authorization")
    if auth is not None and not isinstance(auth, Mapping):
        raise SectionError(f"{file}:{line_of(node, 'authorization')}: mal: authorization must be a mapping "
                           f"({', '.join(TOKEN_KEYS)})")
    tokens = None
    if isinstance(auth, Mapping) and auth.get("access_token") \
            and str(auth["access_token"]).strip().lower() not in PLACEHOLDERS:
        tokens = {k: auth.get(k) for k in TOKEN_KEYS}
    url = s.values.get("localhost_url")
    return MalSection(str(values["client_id"]).strip(), str(values["client_secret"]).strip(),
                      str(url).strip() if url else None, tokens, s.where)
