"""``/discover/movie`` and ``/discover/tv``: TMDb's filter and sort parameters over the catalogue.

List parameters follow TMDb: ``a,b`` means AND (every one must match), ``a|b`` means OR (any).
Supported: ``with_genres``/``without_genres``, ``with_keywords``/``without_keywords``,
``with_companies``/``without_companies``, ``with_networks`` (tv), ``with_cast``/``with_crew``/
``with_people`` (movie), ``with_original_language``, ``with_origin_country``, date ranges
(movie ``primary_release_date``/``release_date``; tv ``first_air_date``/``air_date``), ``year``,
``primary_release_year``, ``first_air_date_year``, ``vote_average``/``vote_count``/``with_runtime``
``.gte``/``.lte``, ``with_watch_providers`` + ``watch_region`` (+ ``with_watch_monetization_types``),
``certification``/``certification.gte``/``certification.lte`` + ``certification_country``,
``with_status``/``with_type`` (tv), ``include_adult`` (no title is adult) and ``sort_by``.
Synthetic titles (ids outside the catalogue) never appear in discover results.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from ..model import Title
from ..world import World
from .shapes import MOVIE_CERT_ORDER, TV_CERT_ORDER


class ParamError(Exception):
    """A parameter TMDb would reject: ``code`` is TMDb's status_code (22 page, 23 date, 5 other)."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TV_STATUS = {0: "Returning Series", 1: "Planned", 2: "In Production", 3: "Ended", 4: "Canceled", 5: "Pilot"}
TV_TYPE = {0: "Documentary", 1: "News", 2: "Miniseries", 3: "Reality", 4: "Scripted", 5: "Talk Show", 6: "Video"}


def id_terms(raw: str) -> tuple[str, list[str]]:
    """("and"|"or", terms) of a TMDb list parameter."""
    if "|" in raw:
        return "or", [p.strip() for p in raw.split("|") if p.strip()]
    return "and", [p.strip() for p in raw.split(",") if p.strip()]


def _match(raw: str, has: Callable[[str], bool]) -> bool:
    mode, terms = id_terms(raw)
    if not terms:
        return True
    return any(has(t) for t in terms) if mode == "or" else all(has(t) for t in terms)


def _date(params: dict[str, str], name: str) -> date | None:
    raw = params.get(name)
    if not raw:
        return None
    if not _DATE.match(raw):
        raise ParamError(23, "Invalid date: Format needs to be YYYY-MM-DD.")
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ParamError(23, "Invalid date: Format needs to be YYYY-MM-DD.") from None


def _num(params: dict[str, str], name: str) -> float | None:
    raw = params.get(name)
    if raw is None or raw == "":
        return None
    try:
        return float(raw)
    except ValueError:
        raise ParamError(5, "Invalid parameters: Your request parameters are incorrect.") from None


def _int_id(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _terms(raw: str, has: Callable[[Title, str], bool]) -> Callable[[Title], bool]:
    """A title test for a TMDb list parameter (``a,b`` all of, ``a|b`` any of)."""
    return lambda t: _match(raw, lambda term: has(t, term))


def _none_of(raw: str, has: Callable[[Title, str], bool]) -> Callable[[Title], bool]:
    terms = [x for x in re.split(r"[|,]", raw) if x]
    return lambda t: not any(has(t, term) for term in terms)


def _bound(attr: str, bound: Any, above: bool) -> Callable[[Title], bool]:
    def check(t: Title) -> bool:
        value = getattr(t, attr)
        return value is not None and (value >= bound if above else value <= bound)
    return check


def _equal(attr: str, wanted: Any) -> Callable[[Title], bool]:
    return lambda t: bool(getattr(t, attr) == wanted)


def _coded(table: dict[int, str], attr: str) -> Callable[[Title, str], bool]:
    def has(t: Title, term: str) -> bool:
        code = _int_id(term)
        return code is not None and table.get(code) == getattr(t, attr)
    return has


def _cert_bound(country: str, order: list[str], bound: int, above: bool) -> Callable[[Title], bool]:
    def check(t: Title) -> bool:
        cert = t.certifications.get(country)
        if cert not in order:
            return False
        rank = order.index(cert)
        return rank >= bound if above else rank <= bound
    return check


class Discover:
    """One discover query over one kind ("movie" or "tv")."""

    def __init__(self, world: World, kind: str, params: dict[str, str]) -> None:
        self.world = world
        self.kind = kind
        self.params = params
        self._groups: dict[tuple[str, str], set[tuple[str, int]]] = {}
        self._people: dict[tuple[str, str], set[tuple[str, int]]] = {}

    def _in_group(self, group_kind: str, term: str, t: Title) -> bool:
        key = (group_kind, term)
        if key not in self._groups:
            group = self.world.group(group_kind, term)
            self._groups[key] = {m.key for m in group.members} if group else set()
        return t.key in self._groups[key]

    def _credited(self, role: str, term: str, t: Title) -> bool:
        key = (role, term)
        if key not in self._people:
            pid = _int_id(term)
            found: set[tuple[str, int]] = set()
            if pid is not None:
                for title, credit in self.world.credits(pid):
                    acting = credit.department == "Acting"
                    if role == "people" or (role == "cast") == acting:
                        found.add(title.key)
            self._people[key] = found
        return t.key in self._people[key]

    def filters(self) -> list[Callable[[Title], bool]]:
        p = self.params
        out: list[Callable[[Title], bool]] = []
        movie = self.kind == "movie"
        if p.get("with_genres"):
            out.append(_terms(p["with_genres"], lambda t, g: _int_id(g) in t.genre_ids))
        if p.get("without_genres"):
            out.append(_none_of(p["without_genres"], lambda t, g: _int_id(g) in t.genre_ids))
        for param, group_kind in (("keywords", "keyword"), ("companies", "company"), ("networks", "network")):
            has = self._group_test(group_kind)
            if p.get(f"with_{param}"):
                out.append(_terms(p[f"with_{param}"], has))
            if p.get(f"without_{param}"):
                out.append(_none_of(p[f"without_{param}"], has))
        for role in ("cast", "crew", "people"):
            if p.get(f"with_{role}"):
                out.append(_terms(p[f"with_{role}"], self._credit_test(role)))
        if p.get("with_original_language"):
            out.append(_terms(p["with_original_language"].replace(",", "|"),
                              lambda t, lang: t.original_language == lang))
        if p.get("with_origin_country"):
            out.append(_terms(p["with_origin_country"], lambda t, c: c.upper() in t.origin_countries))
        names = ("primary_release_date", "release_date") if movie else ("first_air_date", "air_date")
        for name in names:
            attr = "last_air_date" if name == "air_date" else "release_date"
            for suffix, above in ((".gte", True), (".lte", False)):
                day = _date(p, name + suffix)
                if day is not None:
                    out.append(_bound(attr, day, above))
        for name in (("year", "primary_release_year") if movie else ("first_air_date_year",)):
            year = _num(p, name)
            if year is not None:
                out.append(_equal("year", int(year)))
        for name, attr in (("vote_average", "vote_average"), ("vote_count", "vote_count"), ("with_runtime", "runtime")):
            for suffix, above in ((".gte", True), (".lte", False)):
                value = _num(p, name + suffix)
                if value is not None:
                    out.append(_bound(attr, value, above))
        if p.get("with_watch_providers"):
            out.append(self._providers())
        out += self._certification(movie)
        if not movie:
            for param, table, attr in (("with_status", TV_STATUS, "status"), ("with_type", TV_TYPE, "show_type")):
                if p.get(param):
                    out.append(_terms(p[param], _coded(table, attr)))
        return out

    def _group_test(self, group_kind: str) -> Callable[[Title, str], bool]:
        return lambda t, term: self._in_group(group_kind, term, t)

    def _credit_test(self, role: str) -> Callable[[Title, str], bool]:
        return lambda t, term: self._credited(role, term, t)

    def _providers(self) -> Callable[[Title], bool]:
        p = self.params
        raw = p["with_watch_providers"]
        region = (p.get("watch_region") or "").upper()
        modes_raw = p.get("with_watch_monetization_types")
        modes = set(re.split(r"[|,]", modes_raw)) if modes_raw else {"flatrate", "rent", "buy", "free", "ads"}

        def offered(t: Title, pid: int) -> bool:
            regions = [region] if region else list(t.providers)
            return any(pid in t.providers.get(r, {}).get(m, []) for r in regions for m in modes)

        return lambda t: _match(raw, lambda term: _int_id(term) is not None and offered(t, int(term)))

    def _certification(self, movie: bool) -> list[Callable[[Title], bool]]:
        p = self.params
        country = (p.get("certification_country") or "").upper()
        if not country:
            return []
        order = (MOVIE_CERT_ORDER if movie else TV_CERT_ORDER).get(country, [])
        out: list[Callable[[Title], bool]] = []
        if p.get("certification"):
            out.append(_terms(p["certification"].replace(",", "|"), lambda t, c: t.certifications.get(country) == c))
        for suffix, above in ((".gte", True), (".lte", False)):
            raw = p.get(f"certification{suffix}")
            if raw and raw in order:
                out.append(_cert_bound(country, order, order.index(raw), above))
        return out

    def sort_key(self) -> tuple[Callable[[Title], Any], bool]:
        raw = self.params.get("sort_by") or "popularity.desc"
        field, _, direction = raw.partition(".")
        keys: dict[str, Callable[[Title], Any]] = {
            "popularity": lambda t: t.popularity, "vote_average": lambda t: t.vote_average,
            "vote_count": lambda t: t.vote_count, "revenue": lambda t: t.revenue,
            "primary_release_date": lambda t: t.date_text, "release_date": lambda t: t.date_text,
            "first_air_date": lambda t: t.date_text, "title": lambda t: t.title.casefold(),
            "name": lambda t: t.title.casefold(), "original_title": lambda t: t.original_title.casefold(),
            "original_name": lambda t: t.original_title.casefold(),
        }
        return keys.get(field, keys["popularity"]), (direction or "desc") != "asc"

    def run(self) -> list[Title]:
        pool = self.world.movies if self.kind == "movie" else self.world.shows
        checks = self.filters()
        found = [t for t in pool if all(check(t) for check in checks)]
        key, reverse = self.sort_key()
        found.sort(key=lambda t: t.tmdb_id)
        found.sort(key=key, reverse=reverse)
        return found
