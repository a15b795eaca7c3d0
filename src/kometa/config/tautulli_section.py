"""The ``tautulli:`` section of config.yml: ``url`` (as the user reaches Tautulli, e.g.
``http://192.168.1.12:8181``) and ``apikey``; read when a run first needs Tautulli."""

from __future__ import annotations

from dataclasses import dataclass

from kometa.config.model import Config
from kometa.config.service_keys import names
from kometa.config.services import PLACEHOLDERS, SectionError, section
from kometa.config.yaml_io import file_of, line_of

KEYS = names("tautulli")


@dataclass(frozen=True)
class TautulliSection:
    url: str
    apikey: str
    where: str


def tautulli_section(config: Config) -> TautulliSection:
    try:
        s = section(config, "tautulli")
    except SectionError as exc:
        raise SectionError(str(exc).replace("with an apikey", "with url and apikey")) from None
    node = config.raw["tautulli"]
    file = file_of(config.raw) or config.path.name
    # an unknown key was warned about at load (kometa.config.service_keys); it is ignored here
    url = str(s.values.get("url") or "").strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        where = f"{file}:{line_of(node, 'url')}" if "url" in s.values else s.where
        raise SectionError(f"{where}: tautulli: url must be Tautulli's address (http://HOST:8181), got {url or 'nothing'!r}")
    apikey = s.values.get("apikey")
    if apikey is None or str(apikey).strip().lower() in PLACEHOLDERS:
        raise SectionError(f"{s.where}: tautulli: apikey is missing (Tautulli > Settings > Web Interface > API key)")
    return TautulliSection(url, str(apikey).strip(), s.where)
