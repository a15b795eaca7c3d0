"""The Box Office Mojo client: its chart pages (Box Office Mojo has no API), read through the
shared policy.

The root is ``https://www.boxofficemojo.com``; ``KOMETA_MOJO_URL`` replaces it (metasim's
``http://HOST:PORT/mojo``). A chart is a table whose title cells (``mojo-field-type-release``,
``-title`` or ``-release_group``) link the title's page; 200 rows a page (``offset=N``), the count in
the ``mojo-pagination-button-center`` button ("1-200 of 1,234"). A ``/title/tt…/`` link names its
IMDb id; a release or release group page names it in its ``releasegroup-picker-navSelector`` ("All
Releases" option). The area menus (``area-navSelector`` of ``/intl/`` and ``/chart/never_in_top/``)
map a chart's name to its ``area``. Charts are kept for ``Policy.list_expiration_hours``; a release's
IMDb id and the area menus for ``cache_expiration`` days. Pages are parsed with the standard
library's HTML parser; what is cached is the parsed result.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlsplit

from kometa.clients.cache import Cache
from kometa.clients.policy import Policy, Service

API_ROOT = "https://www.boxofficemojo.com"
URL_ENV = "KOMETA_MOJO_URL"
PAGE = 200
FIELDS = ("release", "title", "release_group")
_TOTAL = re.compile(r"of\s+([\d,]+)")


def api_root() -> str:
    return (os.environ.get(URL_ENV) or API_ROOT).rstrip("/")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: dict[str, list[str]] = {f: [] for f in FIELDS}
        self.total: int | None = None
        self.options: list[tuple[str, str]] = []  # (value, text) of the select being read
        self.select: str | None = None  # the id of the select being read
        self.selects: dict[str, list[tuple[str, str]]] = {}
        self._cell: str | None = None
        self._pager = False
        self._option: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        if tag == "td":
            self._cell = next((f for f in FIELDS if f"mojo-field-type-{f}" in classes), None)
        elif tag == "a" and self._cell and a.get("href"):
            self.links[self._cell].append(a["href"])
            self._cell = None
        elif tag == "li" and "mojo-pagination-button-center" in classes:
            self._pager = True
        elif tag == "select" and a.get("id"):
            self.select = a["id"]
            self.selects[self.select] = []
        elif tag == "option" and self.select:
            self._option = a.get("value", "")
            self.selects[self.select].append((self._option, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._cell = None
        elif tag == "li":
            self._pager = False
        elif tag == "select":
            self.select = None
        elif tag == "option":
            self._option = None

    def handle_data(self, data: str) -> None:
        if self._pager and self.total is None:
            found = _TOTAL.search(data)
            if found:
                self.total = int(found.group(1).replace(",", ""))
        if self._option is not None and self.select:
            value, text = self.selects[self.select][-1]
            self.selects[self.select][-1] = (value, text + data)


def parse_chart(text: str) -> dict[str, Any]:
    """``{"links": [title page paths], "total": N or None}`` (the first kind of link the table has)."""
    page = _Page()
    page.feed(text)
    links = next((page.links[f] for f in FIELDS if page.links[f]), [])
    return {"links": [link.split("?", 1)[0] for link in links], "total": page.total}


def parse_imdb(text: str) -> dict[str, Any]:
    """``{"imdb": "tt…" or None}`` from a release (group) page's "All Releases" option."""
    page = _Page()
    page.feed(text)
    for value, label in page.selects.get("releasegroup-picker-navSelector", []):
        found = re.match(r"^/title/(tt\d+)/", value)
        if label.strip() == "All Releases" and found:
            return {"imdb": found.group(1)}
    return {"imdb": None}


def parse_areas(text: str) -> dict[str, str]:
    """The area menu: chart name (lower case) -> its ``area`` ("" for International/Domestic)."""
    page = _Page()
    page.feed(text)
    out: dict[str, str] = {}
    for value, label in page.selects.get("area-navSelector", []):
        area = parse_qs(urlsplit(value).query).get("area", [""])[0]
        out[label.strip().lower()] = area
    if not out:
        raise ValueError("no area menu")
    return out


def imdb_of_link(link: str) -> str | None:
    found = re.match(r"^/title/(tt\d+)/?$", link)
    return found.group(1) if found else None


class MojoClient:
    def __init__(self, cache: Cache | None, *, expiration_days: int = 60, base_url: str | None = None,
                 policy: Policy | None = None) -> None:
        policy = policy or Policy("Box Office Mojo", rate=20.0, concurrency=4, expiration_days=expiration_days)
        self.service = Service(policy, base_url or api_root(), cache=cache)
        self.service.session.headers["User-Agent"] = "Mozilla/5.0 (compatible; kometa)"

    def chart(self, path: str, params: dict[str, Any], limit: int) -> list[str]:
        """The title page paths of a chart in its order, up to ``limit`` (0: all)."""
        first = self.service.get(path, params, revalidate=True, parse=parse_chart)
        links = list(first.get("links") or [])
        total = int(first.get("total") or 0)
        wanted = min(limit, total) if limit and total else (limit or total)
        offset = PAGE
        while total and len(links) < wanted and offset < total:
            more = self.service.get(path, {**params, "offset": offset}, revalidate=True, parse=parse_chart)
            if not more.get("links"):
                break
            links += more["links"]
            offset += PAGE
        return links[:limit] if limit else links

    def imdb(self, link: str) -> str | None:
        """The IMDb id of a chart's title link (a release or release group page is read, cached)."""
        direct = imdb_of_link(link)
        if direct is not None:
            return direct
        found = self.service.get(link if link.endswith("/") else f"{link}/", parse=parse_imdb).get("imdb")
        return str(found) if found else None

    def areas(self, path: str) -> dict[str, str]:
        """The area menu of ``/intl/`` or ``/chart/never_in_top/``."""
        return dict(self.service.get(path, parse=parse_areas))
