"""The ``mdblist:`` section of config.yml: ``apikey`` and ``cache_expiration`` (days), read when a
run first needs MDBList; wrong or unknown keys are file:line errors."""

from __future__ import annotations

from dataclasses import dataclass

from kometa.config.model import Config
from kometa.config.services import PLACEHOLDERS, SectionError, section
from kometa.config.yaml_io import file_of, line_of

KEYS = ("apikey", "cache_expiration")


@dataclass(frozen=True)
class MdblistSection:
    apikey: str
    cache_expiration: int
    where: str


def mdblist_section(config: Config) -> MdblistSection:
    s = section(config, "mdblist")
    node = config.raw["mdblist"]
    file = file_of(config.raw) or config.path.name
    for key in s.values:
        if key not in KEYS:
            raise SectionError(f"{file}:{line_of(node, key)}: mdblist: unknown key '{key}' (mdblist takes "
                               f"{', '.join(KEYS)})")
    apikey = s.values.get("apikey")
    if apikey is None or str(apikey).strip().lower() in PLACEHOLDERS:
        raise SectionError(f"{s.where}: mdblist: apikey is missing (get one at https://mdblist.com/preferences/)")
    days = s.values.get("cache_expiration", config.settings.get("cache_expiration", 60))
    if days is None:
        days = 60
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise SectionError(f"{file}:{line_of(node, 'cache_expiration') or s.where.rsplit(':', 1)[-1]}: mdblist: "
                           f"cache_expiration must be a whole number of days (at least 1), got {days!r}")
    return MdblistSection(str(apikey).strip(), days, s.where)
