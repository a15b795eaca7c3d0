"""Trakt's chart filters (query parameters on ``/movies|shows/{chart}``), as Trakt documents them:
``query`` (text in the title), ``years`` (``2016`` or ``2010-2020``), ``genres`` (slugs, comma-
separated), ``languages`` and ``countries`` (two-letter codes), ``runtimes`` (minutes, ``30-90``),
``certifications`` (``pg-13``, ``tv-ma``), ``ratings`` (Trakt's rating, ``0-100``), ``votes``,
``tmdb_ratings`` (``0.0-10.0``) and ``tmdb_votes``. A malformed value is HTTP 400."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..model import Title
from ..tables import MOVIE_GENRES, TV_GENRES

NAMES = ("query", "years", "genres", "languages", "countries", "runtimes", "certifications", "ratings", "votes",
         "tmdb_ratings", "tmdb_votes")


class BadFilter(ValueError):
    pass


def slug(name: str) -> str:
    return name.lower().replace(" & ", "-").replace(" ", "-")


def genre_slugs(title: Title) -> set[str]:
    names = MOVIE_GENRES if title.kind == "movie" else TV_GENRES
    out = {slug(names[g]) for g in title.genre_ids if g in names}
    return out | ({"science-fiction"} if "sci-fi-fantasy" in out else set())


def trakt_rating(title: Title) -> int:
    return round(title.vote_average * 10)


def _range(name: str, text: str, cast: Callable[[str], float]) -> tuple[float, float]:
    low, _, high = text.partition("-")
    try:
        a = cast(low)
        b = cast(high) if high else a
    except ValueError:
        raise BadFilter(f"{name} must be a value or a range like 10-20") from None
    return a, b


def compile_filters(params: Mapping[str, str]) -> Callable[[Title], bool]:
    tests: list[Callable[[Title], bool]] = []
    for name in NAMES:
        raw = params.get(name)
        if raw is None or raw == "":
            continue
        if name == "query":
            text = raw.lower()
            tests.append(lambda t, text=text: text in t.title.lower())
        elif name in ("genres", "languages", "countries", "certifications"):
            wanted = {w.strip().lower() for w in raw.split(",") if w.strip()}
            value: dict[str, Callable[[Title], set[str]]] = {
                "genres": genre_slugs, "languages": lambda t: {t.original_language.lower()},
                "countries": lambda t: {c.lower() for c in t.origin_countries},
                "certifications": lambda t: {str(t.certifications.get("US") or "").lower()}}
            tests.append(lambda t, w=wanted, f=value[name]: bool(w & f(t)))
        else:
            cast: Callable[[str], float] = float if name == "tmdb_ratings" else int
            low, high = _range(name, raw, cast)
            field: dict[str, Callable[[Title], Any]] = {
                "years": lambda t: t.year, "runtimes": lambda t: t.runtime, "ratings": trakt_rating,
                "votes": lambda t: t.vote_count, "tmdb_ratings": lambda t: t.vote_average,
                "tmdb_votes": lambda t: t.vote_count}
            tests.append(lambda t, f=field[name], a=low, b=high: f(t) is not None and a <= f(t) <= b)
    return lambda t: all(test(t) for test in tests)
