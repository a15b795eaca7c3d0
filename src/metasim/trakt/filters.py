"""Trakt's chart filters (query parameters on ``/movies|shows/{chart}``), as Trakt documents them:
``query`` (text in the title), ``years`` (``2016`` or ``2010-2020``), ``genres`` (slugs, comma-
separated), ``languages`` and ``countries`` (two-letter codes), ``runtimes`` (minutes, ``30-90``),
``certifications`` (``pg-13``, ``tv-ma``), ``ratings`` (Trakt's rating, ``0-100``), ``votes``,
``tmdb_ratings`` (``0.0-10.0``), ``tmdb_votes``, ``imdb_ratings`` (``0.0-10.0``), ``imdb_votes``,
``rt_meters``, ``rt_user_meters`` and ``metascores`` (``0-100``), ``studio_ids`` and ``network_ids``
(ids, comma-separated; metasim's Trakt studio and network ids are the world's TMDb company and
network ids) and ``status`` (shows: ``returning series``, ``in production``, ``planned``,
``canceled``, ``ended``). IMDb's numbers are those metasim's IMDb serves, the Rotten Tomatoes
tomatometer and Metacritic score OMDb's. A malformed value is HTTP 400."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..model import Title, derive
from ..tables import MOVIE_GENRES, TV_GENRES

NAMES = ("query", "years", "genres", "languages", "countries", "runtimes", "certifications", "ratings", "votes",
         "tmdb_ratings", "tmdb_votes", "imdb_ratings", "imdb_votes", "rt_meters", "rt_user_meters", "metascores",
         "studio_ids", "network_ids", "status")
FLOATS = ("tmdb_ratings", "imdb_ratings")


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


def _numbers(seed: int) -> dict[str, Callable[[Title], Any]]:
    from ..imdb.graphql import rating, votes
    from ..omdb import scores

    def user_meter(t: Title) -> int:
        return max(0, min(100, round(t.vote_average * 10 + derive(seed, "rt-user", t.kind, t.tmdb_id) % 21 - 10)))

    return {"years": lambda t: t.year, "runtimes": lambda t: t.runtime, "ratings": trakt_rating,
            "votes": lambda t: t.vote_count, "tmdb_ratings": lambda t: t.vote_average,
            "tmdb_votes": lambda t: t.vote_count, "imdb_ratings": lambda t: rating(seed, t),
            "imdb_votes": votes, "rt_meters": lambda t: scores(seed, t)[1],
            "metascores": lambda t: scores(seed, t)[0], "rt_user_meters": user_meter}


def compile_filters(params: Mapping[str, str], seed: int = 0) -> Callable[[Title], bool]:
    tests: list[Callable[[Title], bool]] = []
    numbers = _numbers(seed)
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
        elif name in ("studio_ids", "network_ids"):
            try:
                ids = {int(w) for w in raw.split(",") if w.strip()}
            except ValueError:
                raise BadFilter(f"{name} must be ids separated by commas") from None
            ids_of: Callable[[Title], list[int]] = (lambda t: t.company_ids) if name == "studio_ids" \
                else (lambda t: t.network_ids)
            tests.append(lambda t, w=ids, f=ids_of: bool(w & set(f(t))))
        elif name == "status":
            wanted = {w.strip().lower() for w in raw.split(",") if w.strip()}
            tests.append(lambda t, w=wanted: t.kind == "tv" and t.status.lower() in w)
        else:
            cast: Callable[[str], float] = float if name in FLOATS else int
            low, high = _range(name, raw, cast)
            tests.append(lambda t, f=numbers[name], a=low, b=high: f(t) is not None and a <= f(t) <= b)
    return lambda t: all(test(t) for test in tests)
