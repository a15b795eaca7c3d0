"""The ``trakt:`` section of config.yml: ``client_id``, ``client_secret``, ``pin`` and
``authorization`` (the OAuth tokens Kometa keeps: access_token, token_type, expires_in,
refresh_token, scope, created_at). Read when a run first needs Trakt; wrong keys are file:line
errors. ``pin`` is Kometa's older sign-in; here the sign-in is ``kometa auth trakt`` (device code),
so a pin without tokens says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kometa.config.model import Config
from kometa.config.service_keys import TRAKT_TOKENS, names
from kometa.config.services import PLACEHOLDERS, SectionError, section
from kometa.config.yaml_io import file_of, line_of

KEYS = names("trakt")
TOKEN_KEYS = TRAKT_TOKENS


@dataclass(frozen=True)
class TraktSection:
    client_id: str
    client_secret: str
    authorization: dict[str, Any] | None  # None: not signed in (public data only)
    where: str


def _blank(value: Any) -> bool:
    return value is None or str(value).strip().lower() in PLACEHOLDERS


def trakt_section(config: Config) -> TraktSection:
    """The ``trakt:`` section checked; SectionError (file:line) if wrong."""
    try:
        s = section(config, "trakt")
    except SectionError as exc:
        raise SectionError(str(exc).replace("with an apikey", "with client_id and client_secret")) from None
    node = config.raw["trakt"]
    file = file_of(config.raw) or config.path.name
    # unknown keys (here and under authorization:) were warned about at load; they are ignored
    for key in ("client_id", "client_secret"):
        if _blank(s.values.get(key)):
            raise SectionError(f"{s.where}: trakt: {key} is missing (create an app at "
                               f"https://trakt.tv/oauth/applications and copy its {key.replace('_', ' ')})")
    auth = s.values.get("authorization")
    tokens: dict[str, Any] | None = None
    if auth is not None and not isinstance(auth, Mapping):
        raise SectionError(f"{file}:{line_of(node, 'authorization')}: trakt: authorization must be a mapping "
                           f"({', '.join(TOKEN_KEYS)})")
    if isinstance(auth, Mapping):
        where = f"{file}:{line_of(node, 'authorization')}"
        if not _blank(auth.get("access_token")):
            for key in ("expires_in", "created_at"):
                value = auth.get(key)
                if value is not None and (isinstance(value, bool) or not str(value).strip().isdigit()):
                    raise SectionError(f"{where}: trakt: authorization: {key} must be a whole number of "
                                       f"seconds, got {value!r}")
            tokens = {k: auth.get(k) for k in TOKEN_KEYS}
    return TraktSection(str(s.values["client_id"]).strip(), str(s.values["client_secret"]).strip(), tokens, s.where)
