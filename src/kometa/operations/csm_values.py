"""``plex_csm`` / ``plex_csm0``: the Common Sense Media age Plex's agent stores on an item, as a
``mass_content_rating_update`` source (Kometa's ``commonSenseMedia.ageRatings``, the ``official`` one).

Plex lists this data only on an item's own page, not in the library listing, so the pages are read
in multi-item requests (``GET /library/metadata/1,2,3``, :data:`PAGE_IDS` ids per request), and
each item's age is cached by its Plex guid (``plex://movie/...``) for the cache expiry: a second run
reads nothing. Only items of the new Plex agents (a ``plex://`` guid) have the data; others have no
value here (the chain's next source is used). ``plex_csm0`` pads the age to two digits (``07``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

from kometa.plex.failures import retry_read
from kometa.plex.snapshot import Item

PAGE_IDS = 100
CACHE_PREFIX = "plex_csm:"


def official_age(page: Element) -> str | None:
    """The ``official`` Common Sense age of one item page (``<CommonSenseMedia><AgeRating type=official
    age=13>``), rounded to a whole number as Kometa writes it; None when the page has none."""
    csm = page.find("CommonSenseMedia")
    if csm is None:
        return None
    for rating in csm.findall("AgeRating"):
        if rating.attrib.get("type") == "official":
            try:
                return str(int(round(float(rating.attrib.get("age", "")))))
            except ValueError:
                return None
    return None


@dataclass
class CsmAges:
    """One library's Common Sense ages by rating key, filled by :meth:`prefetch`."""

    reader: Any  # the PlexServer (query)
    cache: Any = None  # kometa.clients.cache.Cache, or None (read every run)
    expiration_days: int = 60
    ages: dict[int, str] = field(default_factory=dict)
    reads: int = 0  # page requests sent
    _asked: set[int] = field(default_factory=set)

    def prefetch(self, items: Iterable[Item]) -> None:
        wanted: dict[int, str] = {}  # rating key -> guid
        for item in items:
            guid = str(item.get("guid") or "")
            if item.rating_key in self._asked or not guid.startswith("plex://"):
                continue
            self._asked.add(item.rating_key)
            hit = self.cache.get(CACHE_PREFIX + guid) if self.cache is not None else None
            if hit is not None and hit.fresh:
                if hit.value.get("age"):
                    self.ages[item.rating_key] = str(hit.value["age"])
                continue
            wanted[item.rating_key] = guid
        keys = list(wanted)
        for start in range(0, len(keys), PAGE_IDS):
            chunk = keys[start:start + PAGE_IDS]
            path = "/library/metadata/" + ",".join(str(k) for k in chunk)
            data = retry_read(lambda path=path: self.reader.query(path), f"reading {path}")  # type: ignore[misc]
            self.reads += 1
            found: dict[int, str | None] = {}
            for page in data if data is not None else ():
                if page.attrib.get("ratingKey", "").isdigit():
                    found[int(page.attrib["ratingKey"])] = official_age(page)
            for rk in chunk:
                age = found.get(rk)
                if age is not None:
                    self.ages[rk] = age
                if self.cache is not None and rk in found:
                    self.cache.put(CACHE_PREFIX + wanted[rk], {"age": age}, self.expiration_days)

    def table(self, name: str) -> dict[int, str]:
        """Rating key -> the content rating ``plex_csm`` (or padded ``plex_csm0``) gives."""
        pad = name == "plex_csm0"
        return {rk: age.rjust(2, "0") if pad else age for rk, age in self.ages.items()}
