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
        p, out = self.params, []
        movie = self.kind == "movie"

        def add(fn: Callable[[Title], bool]) -> None:
            out.append(fn)

        if p.get("with_genres"):
            raw = p["with_genres"]
            add(lambda t: _match(raw, lambda g: _int_id(g) in t.genre_ids))
        if p.get("without_genres"):
            bad = {_int_id(g) for g in re.split(r"[|,]", p["without_genres"])}
            add(lambda t: not bad.intersection(t.genre_ids))
        for param, group_kind in (("keywords", "keyword"), ("companies", "company"), ("networks", "network")):
            if p.get(f"with_{param}"):
                raw_w, gk = p[f"with_{param}"], group_kind
                add(lambda t, raw_w=raw_w, gk=gk: _match(raw_w, lambda g: self._in_group(gk, g, t)))
            if p.get(f"without_{param}"):
                terms, gk = [x for x in re.split(r"[|,]", p[f"without_{param}"]) if x], group_kind
                add(lambda t, terms=terms, gk=gk: not any(self._in_group(gk, g, t) for g in terms))
        for role in ("cast", "crew", "people"):
            if p.get(f"with_{role}"):
                raw_r, r = p[f"with_{role}"], role
                add(lambda t, raw_r=raw_r, r=r: _match(raw_r, lambda g: self._credited(r, g, t)))
        if p.get("with_original_language"):
            langs = set(re.split(r"[|,]", p["with_original_language"]))
            add(lambda t: t.original_language in langs)
        if p.get("with_origin_country"):
            raw_c = p["with_origin_country"]
            add(lambda t: _match(raw_c, lambda c: c.upper() in t.origin_countries))
        self._dates(add, movie)
        for name, attr in (("vote_average", "vote_average"), ("vote_count", "vote_count"), ("with_runtime", "runtime")):
            lo, hi = _num(p, f"{name}.gte"), _num(p, f"{name}.lte")
            if lo is not None:
                add(lambda t, a=attr, v=lo: getattr(t, a) >= v)
            if hi is not None:
                add(lambda t, a=attr, v=hi: getattr(t, a) <= v)
        if p.get("with_watch_providers"):
            add(self._providers())
        self._certification(add, movie)
        if not movie:
            for param, table, attr in (("with_status", TV_STATUS, "status"), ("with_type", TV_TYPE, "show_type")):
                if p.get(param):
                    raw_s, tbl, at = p[param], table, attr
                    add(lambda t, raw_s=raw_s, tbl=tbl, at=at: _match(
                        raw_s, lambda s: tbl.get(_int_id(s) if _int_id(s) is not None else -1) == getattr(t, at)))
        return out

    def _dates(self, add: Callable[[Callable[[Title], bool]], None], movie: bool) -> None:
        p = self.params
        names = ("primary_release_date", "release_date") if movie else ("first_air_date", "air_date")
        for name in names:
            lo, hi = _date(p, f"{name}.gte"), _date(p, f"{name}.lte")
            attr = "last_air_date" if name == "air_date" else "release_date"
            if lo is not None:
                add(lambda t, a=attr, v=lo: getattr(t, a) is not None and getattr(t, a) >= v)
            if hi is not None:
                add(lambda t, a=attr, v=hi: getattr(t, a) is not None and getattr(t, a) <= v)
        for name in (("year", "primary_release_year") if movie else ("first_air_date_year",)):
            year = _num(p, name)
            if year is not None:
                add(lambda t, y=int(year): t.year == y)

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

    def _certification(self, add: Callable[[Callable[[Title], bool]], None], movie: bool) -> None:
        p = self.params
        country = (p.get("certification_country") or "").upper()
        if not country:
            return
        order = (MOVIE_CERT_ORDER if movie else TV_CERT_ORDER).get(country, [])
        if p.get("certification"):
            wanted = set(re.split(r"[|,]", p["certification"]))
            add(lambda t: t.certifications.get(country) in wanted)
        for suffix, better in ((".gte", lambda a, b: a >= b), (".lte", lambda a, b: a <= b)):
            raw = p.get(f"certification{suffix}")
            if raw and raw in order:
                bound = order.index(raw)
                add(lambda t, bound=bound, better=better: t.certifications.get(country) in order
                    and better(order.index(t.certifications[country]), bound))

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
