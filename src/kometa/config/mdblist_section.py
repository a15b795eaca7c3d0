"""The ``mdblist:`` section of config.yml: ``apikey`` and ``cache_expiration`` (days), read when a
run first needs MDBList; wrong values are file:line errors (unknown keys: located warnings at load)."""

from __future__ import annotations

from kometa.config.model import Config
from kometa.config.service_keys import names
from kometa.config.services import KeyedSection, keyed_section

KEYS = names("mdblist")
MdblistSection = KeyedSection


def mdblist_section(config: Config) -> KeyedSection:
    return keyed_section(config, "mdblist", "https://mdblist.com/preferences/")
