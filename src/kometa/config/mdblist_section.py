"""The ``mdblist:`` section of config.yml: ``apikey`` and ``cache_expiration`` (days), read when a
run first needs MDBList; wrong or unknown keys are file:line errors."""

from __future__ import annotations

from kometa.config.model import Config
from kometa.config.services import KeyedSection, keyed_section

KEYS = ("apikey", "cache_expiration")
MdblistSection = KeyedSection


def mdblist_section(config: Config) -> KeyedSection:
    return keyed_section(config, "mdblist", "https://mdblist.com/preferences/")
