"""Parsing of the ``uri=`` values plexapi and Kometa send for collections and playlists."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from .filters import QueryError

_SECTION = re.compile(r"^/library/sections/(\d+)/all(?:\?(.*))?$")
_ITEMS = re.compile(r"^/library/metadata/?([0-9,]*)$")


@dataclass
class Uri:
    rks: list[int] = field(default_factory=list)  # regular: items in order
    section: int | None = None  # smart: section id
    query: list[tuple[str, str]] = field(default_factory=list)  # smart: decoded pairs

    @property
    def smart(self) -> bool:
        return self.section is not None


def parse_uri(uri: str) -> Uri:
    """Accepts ``server://MID/com.plexapp.plugins.library/library/...`` and bare ``/library/...``."""
    idx = uri.find("/library/")
    if idx < 0:
        raise QueryError(f"unsupported uri {uri!r}")
    path = uri[idx:]
    m = _ITEMS.match(path)
    if m:
        rks = [int(x) for x in m.group(1).split(",") if x]
        return Uri(rks=rks)
    m = _SECTION.match(path)
    if m:
        return Uri(section=int(m.group(1)), query=parse_qsl(m.group(2) or "", keep_blank_values=True))
    raise QueryError(f"unsupported uri {uri!r}")
