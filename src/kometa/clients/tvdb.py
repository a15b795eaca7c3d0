"""TheTVDB as Kometa reads it: the public title pages of ``https://www.thetvdb.com`` (no key), on
the shared policy. ``KOMETA_TVDB_URL`` replaces the root (metasim's ``http://HOST:PORT/tvdb``).

``/dereferrer/series/ID`` (``/dereferrer/movie/ID``) redirects to the title's page; from it this
client reads the title and summary (the English translation block), the first-aired / released
date, the status and the genres, with the standard library's HTML parser. Pages are cached for
``cache_expiration`` days (60 by default), so a second run asks nothing.
"""

from __future__ import annotations

import os
from datetime import datetime
from html.parser import HTMLParser
from typing import Any

from kometa.clients.cache import Cache
from kometa.clients.policy import Policy, Service

API_ROOT = "https://www.thetvdb.com"
URL_ENV = "KOMETA_TVDB_URL"


def api_root() -> str:
    return (os.environ.get(URL_ENV) or API_ROOT).rstrip("/")


class _Facts(HTMLParser):
    """``<li><strong>Name</strong><span>value</span></li>`` pairs (links inside a span: a list) and
    the translation blocks' ``data-title`` and first paragraph."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.facts: dict[str, list[str]] = {}
        self.titles: dict[str, tuple[str, str]] = {}  # language -> (title, summary)
        self._label: str | None = None
        self._in: str | None = None  # strong | span | a | p
        self._span: list[str] = []
        self._text = ""
        self._lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "div" and "change_translation_text" in (a.get("class") or ""):
            self._lang = a.get("data-language") or ""
            self.titles[self._lang] = (a.get("data-title") or "", "")
        elif tag == "p" and self._lang is not None:
            self._in, self._text = "p", ""
        elif tag == "strong":
            self._in, self._text = "strong", ""
        elif tag == "span" and self._label is not None:
            self._in, self._span, self._text = "span", [], ""
        elif tag == "a" and self._in == "span":
            self._text = ""

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "strong" and self._in == "strong":
            self._label, self._in = self._text.strip(), None
        elif tag == "a" and self._in == "span":
            if self._text.strip():
                self._span.append(self._text.strip())
            self._text = ""
        elif tag == "span" and self._in == "span" and self._label is not None:
            if self._text.strip(" ,\n"):
                self._span.append(self._text.strip(" ,\n"))
            self.facts[self._label] = self._span
            self._label = self._in = None
        elif tag == "p" and self._in == "p" and self._lang is not None:
            title, _ = self.titles[self._lang]
            self.titles[self._lang] = (title, self._text.strip())
            self._in = None
        elif tag == "div":
            self._lang = None


def parse_page(text: str, is_movie: bool) -> dict[str, Any]:
    """A title page as ``{title, summary, release (YYYY-MM-DD or None), status, genres}``."""
    parser = _Facts()
    parser.feed(text)
    title, summary = parser.titles.get("eng") or next(iter(parser.titles.values()), ("", ""))
    released = (parser.facts.get("Released" if is_movie else "First Aired") or [""])[0]
    try:
        release = datetime.strptime(released, "%B %d, %Y").date().isoformat() if released else None
    except ValueError:
        release = None
    return {"title": title or None, "summary": summary or None, "release": release,
            "status": next(iter(parser.facts.get("Status") or ()), None), "genres": parser.facts.get("Genres") or []}


class TvdbClient:
    def __init__(self, cache: Cache | None, *, expiration_days: int = 60, base_url: str | None = None,
                 policy: Policy | None = None) -> None:
        self.service = Service(policy or Policy("TVDb", rate=2.0, concurrency=2, expiration_days=expiration_days),
                               base_url or api_root(), cache=cache)

    def title(self, tvdb_id: int, *, is_movie: bool) -> dict[str, Any]:
        """The title's page facts; NotFound for an id TVDb does not know."""
        text = self.service.get_text(f"/dereferrer/{'movie' if is_movie else 'series'}/{tvdb_id}")
        return parse_page(text, is_movie)
