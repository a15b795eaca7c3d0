"""The optional ``anidb:`` section of config.yml (Kometa's): ``language`` (the official title
``anidb_official`` uses, default ``en``), ``cache_expiration`` (days an anime is kept, default 60)
and ``enable_mature`` (default false). AniDB needs no key, so a config without the section still
uses AniDB; wrong values are file:line errors, unknown keys located warnings. Kometa's older ``client``/``version``/
``username``/``password`` keys are accepted and unused (its AniDB service needs no login)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kometa.config.model import Config
from kometa.config.service_keys import names
from kometa.config.services import SectionError
from kometa.config.yaml_io import file_of, line_of

KEYS = names("anidb")


@dataclass(frozen=True)
class AnidbSection:
    language: str = "en"
    cache_expiration: int = 60
    enable_mature: bool = False


def anidb_section(config: Config) -> AnidbSection:
    raw = config.raw
    node = raw.get("anidb") if isinstance(raw, Mapping) else None
    default_days = config.settings.get("cache_expiration", 60)
    days_default = default_days if isinstance(default_days, int) and not isinstance(default_days, bool) \
        and default_days >= 1 else 60
    if node is None:
        return AnidbSection(cache_expiration=days_default)
    file = file_of(raw) or str(config.path)
    if not isinstance(node, Mapping):
        raise SectionError(f"{file}:{line_of(raw, 'anidb')}: 'anidb:' must be a mapping (language, cache_expiration, "
                           f"enable_mature)")
    # an unknown key was warned about at load (kometa.config.service_keys); it is ignored here
    language = node.get("language") or "en"
    if not isinstance(language, str) or len(language.strip()) != 2:
        raise SectionError(f"{file}:{line_of(node, 'language')}: anidb: language must be a two-letter ISO 639-1 "
                           f"code (e.g. en), got {language!r}")
    days = node.get("cache_expiration", days_default)
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise SectionError(f"{file}:{line_of(node, 'cache_expiration')}: anidb: cache_expiration must be a whole "
                           f"number of days (at least 1), got {days!r}")
    mature = node.get("enable_mature", False)
    if not isinstance(mature, bool):
        raise SectionError(f"{file}:{line_of(node, 'enable_mature')}: anidb: enable_mature must be true or false")
    return AnidbSection(language.strip().lower(), days, mature)
