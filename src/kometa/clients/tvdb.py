"""TheTVDB as Kometa reads it: the public pages of ``https://www.thetvdb.com`` (no key), on the
shared policy. ``KOMETA_TVDB_URL`` replaces the root (metasim's ``http://HOST:PORT/tvdb``).

``settings: tvdb_language`` (an ISO 639-2 code such as ``fra``, or ``fr``) picks the translation
read; without it, or when the page has none in it, the page's shown one (English here).

* A title: ``/dereferrer/series/ID`` (``/dereferrer/movie/ID``) redirects to the title's page, and
  a user may also write the page's own address (``/series/SLUG``, ``/movies/SLUG``). From the page
  this client reads the title and summary (the English translation block), the first-aired /
  released date, the status, the genres, ``TheTVDB.com Series ID`` (``Movie ID``), a movie's
  ``TheMovieDB.com`` and ``IMDB`` links, and the first poster and background of its artwork.
* A list: ``/lists/NAME`` (or ``/lists/ID``, ``/lists/custom/ID``): its items (``/series/SLUG`` or
  ``/movies/SLUG`` links, in the list's order), the visible description and the list's poster.

Pages are read with the standard library's HTML parser and what they say is cached: titles for
``cache_expiration`` days (60 by default), lists for under a day (they change), so a second run
within that asks nothing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser
from typing import Any

from kometa.clients.cache import Cache
from kometa.clients.policy import Policy, Service

API_ROOT = "https://www.thetvdb.com"
URL_ENV = "KOMETA_TVDB_URL"
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                   "track", "wbr"})


def api_root() -> str:
    return (os.environ.get(URL_ENV) or API_ROOT).rstrip("/")


@dataclass(eq=False)
class _Node:
    tag: str
    attrs: dict[str, str]
    text: str = ""


class _Page(HTMLParser):
    """Every ``<a>`` and ``<p>`` of a page with the elements around it, the facts list
    (``<li><strong>Name</strong><span>value</span></li>``, links inside a span: a list) and the
    translation blocks' ``data-title`` and first paragraph."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.facts: dict[str, list[str]] = {}
        self.titles: dict[str, tuple[str, str]] = {}  # language -> (title, summary)
        self.shown: str | None = None  # the language of the block the page shows (not display:none)
        self.links: list[tuple[_Node, tuple[_Node, ...]]] = []  # (a, the elements around it)
        self.paragraphs: list[tuple[_Node, tuple[_Node, ...]]] = []
        self._stack: list[_Node] = []
        self._labels: dict[int, str] = {}  # id(li) -> its strong's text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        node = _Node(tag, {k: v or "" for k, v in attrs})
        if tag == "div" and "change_translation_text" in node.attrs.get("class", ""):
            lang = node.attrs.get("data-language", "")
            self.titles.setdefault(lang, (node.attrs.get("data-title", ""), ""))
            if self.shown is None and "display:none" not in node.attrs.get("style", "").replace(" ", ""):
                self.shown = lang
        self._stack.append(node)

    def handle_data(self, data: str) -> None:
        for node in self._stack:
            if node.tag in ("a", "p", "strong", "span"):
                node.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not any(n.tag == tag for n in self._stack):
            return
        while self._stack:
            node = self._stack.pop()
            self._closed(node, tuple(self._stack))
            if node.tag == tag:
                break

    def _closed(self, node: _Node, around: tuple[_Node, ...]) -> None:
        parent = around[-1] if around else None
        if node.tag == "a":
            self.links.append((node, around))
        elif node.tag == "p":
            self.paragraphs.append((node, around))
            if parent is not None and "change_translation_text" in parent.attrs.get("class", ""):
                lang = parent.attrs.get("data-language", "")
                if not self.titles.get(lang, ("", ""))[1]:
                    self.titles[lang] = (parent.attrs.get("data-title", ""), node.text.strip())
        elif node.tag == "strong" and parent is not None and parent.tag == "li":
            self._labels[id(parent)] = node.text.strip()
        elif node.tag == "span" and parent is not None and id(parent) in self._labels:
            links = [a.text.strip() for a, up in self.links if node in up and a.text.strip()]
            text = node.text.strip(" ,\n")
            self.facts[self._labels[id(parent)]] = links or ([text] if text else [])

    def first_link(self, test: Callable[[_Node, tuple[_Node, ...]], bool]) -> str | None:
        return next((a.attrs["href"] for a, up in self.links if a.attrs.get("href") and test(a, up)), None)


def _feed(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    return page


def _in(up: tuple[_Node, ...], div_id: str) -> bool:
    return any(n.tag == "div" and n.attrs.get("id") == div_id for n in up)


#: ISO 639-1 -> ISO 639-2 for the common languages (``tvdb_language: fr`` reads the ``fra`` block)
ISO_639_2 = {"en": "eng", "fr": "fra", "de": "deu", "es": "spa", "it": "ita", "pt": "por", "nl": "nld", "sv": "swe",
             "da": "dan", "no": "nor", "nb": "nob", "fi": "fin", "pl": "pol", "cs": "ces", "hu": "hun", "ro": "ron",
             "el": "ell", "tr": "tur", "ru": "rus", "uk": "ukr", "he": "heb", "ar": "ara", "fa": "fas", "hi": "hin",
             "ja": "jpn", "ko": "kor", "zh": "zho", "th": "tha", "vi": "vie", "id": "ind", "ms": "msa"}


def page_language(setting: Any) -> str:
    """The translation block a ``tvdb_language`` setting asks for (``default``/blank: English)."""
    text = str(setting or "").strip().lower()
    if not text or text == "default":
        return "eng"
    return ISO_639_2.get(text, text)


def parse_page(text: str, is_movie: bool, language: str = "eng") -> dict[str, Any]:
    """A title page as ``{title, summary, release (YYYY-MM-DD or None), status, genres, tvdb_id,
    tmdb_id, imdb_id, poster, background}`` (what the page does not say is None). The title and
    summary are ``language``'s translation (ISO 639-2), else the page's shown one, else English,
    else the first."""
    page = _feed(text)
    title, summary = (page.titles.get(language) or page.titles.get(page.shown or "") or page.titles.get("eng")
                      or next(iter(page.titles.values()), ("", "")))
    released = (page.facts.get("Released" if is_movie else "First Aired") or [""])[0]
    try:
        release = datetime.strptime(released, "%B %d, %Y").date().isoformat() if released else None
    except ValueError:
        release = None
    ident = (page.facts.get(f"TheTVDB.com {'Movie' if is_movie else 'Series'} ID") or [""])[0]
    tmdb = page.first_link(lambda a, up: a.text.strip() == "TheMovieDB.com")
    imdb = page.first_link(lambda a, up: a.text.strip() == "IMDB")
    tmdb_match = re.search(r"/(\d+)", tmdb or "")
    imdb_match = re.search(r"(tt\d+)", imdb or "")
    return {"title": title or None, "summary": summary or None, "release": release,
            "status": next(iter(page.facts.get("Status") or ()), None), "genres": page.facts.get("Genres") or [],
            "tvdb_id": int(ident) if ident.isdigit() else None,
            "tmdb_id": int(tmdb_match.group(1)) if tmdb_match else None,
            "imdb_id": imdb_match.group(1) if imdb_match else None,
            "poster": page.first_link(lambda a, up: _in(up, "artwork-posters")),
            "background": page.first_link(lambda a, up: _in(up, "artwork-backgrounds"))}


def parse_list(text: str) -> dict[str, Any]:
    """A list page as ``{items: [{path, title}], description, poster}``."""
    page = _feed(text)
    items = [{"path": a.attrs["href"], "title": a.text.strip()} for a, up in page.links
             if a.attrs.get("href") and up and up[-1].tag == "h3" and _in(up, "general")]
    description = next((p.text.strip() for p, up in page.paragraphs
                        if len(up) >= 2 and up[-1].tag == "div" and "display:none" not in
                        up[-1].attrs.get("style", "").replace(" ", "") and up[-2].tag == "div"
                        and up[-2].attrs.get("class") == "block" and p.text.strip()), None)
    return {"items": items, "description": description,
            "poster": page.first_link(lambda a, up: _in(up, "artwork"))}


_SITE = re.compile(r"^(?:https?://)?(?:www\.)?thetvdb\.com(/.*)$", re.IGNORECASE)


def site_path(url: str) -> str | None:
    """The path of a TheTVDB address (``https://thetvdb.com/series/x`` -> ``/series/x``), or None."""
    match = _SITE.match(url.strip())
    return match.group(1).split("#")[0].rstrip("/") or "/" if match else None


class TvdbClient:
    def __init__(self, cache: Cache | None, *, expiration_days: int = 60, base_url: str | None = None,
                 policy: Policy | None = None, language: str = "eng") -> None:
        self.service = Service(policy or Policy("TVDb", rate=2.0, concurrency=2, expiration_days=expiration_days),
                               base_url or api_root(), cache=cache)
        self.language = language
        # as Kometa: the language is asked for (the pages answer in it when they can)
        self.service.session.headers["Accept-Language"] = language

    def title(self, tvdb_id: int, *, is_movie: bool) -> dict[str, Any]:
        """The title's page facts; NotFound for an id TVDb does not know."""
        return self.page(f"/dereferrer/{'movie' if is_movie else 'series'}/{tvdb_id}", is_movie=is_movie)

    def page(self, path: str, *, is_movie: bool) -> dict[str, Any]:
        """A title page by its path on the site (``/series/SLUG``, ``/dereferrer/movie/ID``)."""
        return dict(self.service.get(path, parse=lambda text: parse_page(text, is_movie, self.language),
                                     variant="" if self.language == "eng" else self.language))

    def list_page(self, path: str) -> dict[str, Any]:
        """A list page by its path on the site (``/lists/NAME``); NotFound for a list TVDb does not have."""
        return dict(self.service.get(path, revalidate=True, parse=parse_list))
