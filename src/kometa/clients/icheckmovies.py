"""The ICheckMovies client: a list's page (ICheckMovies has no API), read through the shared policy.

The root is ``https://www.icheckmovies.com``; ``KOMETA_ICHECKMOVIES_URL`` replaces it (metasim's
``http://HOST:PORT/icheckmovies``). A list (``/lists/SLUG/``) is one page: each movie's IMDb button
(``<a class="optionIcon optionIMDB external" href="…imdb.com/title/tt…/">``) in the list's order, and
the list's description in ``<div class="span-19 last"><p><em>``. The page is parsed with the
standard library's HTML parser; the parsed result is cached for ``Policy.list_expiration_hours``.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from typing import Any

from kometa.clients.cache import Cache
from kometa.clients.policy import Policy, Service

API_ROOT = "https://www.icheckmovies.com"
URL_ENV = "KOMETA_ICHECKMOVIES_URL"
_IMDB = re.compile(r"/(tt\d+)")


def api_root() -> str:
    return (os.environ.get(URL_ENV) or API_ROOT).rstrip("/")


class _ListPage(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.imdb: list[str] = []
        self.description = ""
        self.items = False
        self._head = 0  # inside div.span-19.last (nesting depth)
        self._em = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        if tag == "a" and {"optionIcon", "optionIMDB"} <= set(classes):
            found = _IMDB.search(a.get("href", ""))
            if found:
                self.imdb.append(found.group(1))
        elif tag == "ol" and a.get("id") == "itemList":
            self.items = True
        elif tag == "div" and {"span-19", "last"} <= set(classes) and not self._head:
            self._head = 1
        elif tag == "div" and self._head:
            self._head += 1
        elif tag == "em" and self._head and not self.description:
            self._em = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self._head:
            self._head -= 1
        elif tag == "em":
            self._em = False

    def handle_data(self, data: str) -> None:
        if self._em:
            self.description += data


def parse_list_page(text: str) -> dict[str, Any]:
    """``{"imdb": [...], "description": str}``; ValueError for a page that is not a list page."""
    parser = _ListPage()
    parser.feed(text)
    if not parser.items and not parser.imdb:
        raise ValueError("not an ICheckMovies list page")
    return {"imdb": parser.imdb, "description": parser.description.strip()}


class IcheckmoviesClient:
    def __init__(self, cache: Cache | None, *, expiration_days: int = 60, base_url: str | None = None,
                 policy: Policy | None = None) -> None:
        policy = policy or Policy("ICheckMovies", rate=5.0, concurrency=2, expiration_days=expiration_days)
        self.service = Service(policy, base_url or api_root(), cache=cache)
        self.service.session.headers["User-Agent"] = "Mozilla/5.0 (compatible; kometa)"

    def list_page(self, slug: str) -> dict[str, Any]:
        """The list ``/lists/SLUG/``: its movies' IMDb ids in order and its description."""
        return dict(self.service.get(f"/lists/{slug}/", revalidate=True, parse=parse_list_page))
