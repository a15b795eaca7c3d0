"""IMDb's award event pages as metasim serves them: ``GET /imdb/event/<ev>/`` (the event's editions)
and ``GET /imdb/event/<ev>/<year>/<instance>/`` (one edition's awards), at the site root
``https://www.imdb.com`` (``KOMETA_IMDB_URL`` stands in for both roots against metasim).

Shape: as IMDb's pages, HTML whose ``<script id="__NEXT_DATA__" type="application/json">`` holds
``props.pageProps``: ``historyEventEditions: [{year, instanceWithinYear}]`` (newest first) for the
event page, and ``edition.awards: [{text, nominationCategories.edges[].node: {category: {text} |
null, nominations.edges[].node: {isWinner, awardedEntities}}}]`` for an edition. A title category
names its titles in ``awardedEntities.awardTitles``; a person category names people in
``awardNames`` and their film in ``secondaryAwardTitles`` (as IMDb does).

The data: :data:`EVENTS` names the events real configs use (Academy Awards ``ev0000003``, ...)
with their award headings and categories; any other well-formed id outside the reserved range is
a small film festival. An edition's nominees are drawn, deterministically by seed, event, year and
category, from the world's titles of the category's kind (series, shows, programs: TV; the rest:
films) released in the year before the edition
(festivals and the registry: the same year; the registry: ten years or more before), widening to
every title released before the edition when that year has too few. The first nominee of each
category wins (the registry: every entry is inducted, so all win). Editions run from the event's
first year to the world's today (2025-12-01).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from ..model import TODAY, Title, derive, rng_for
from ..world import RESERVED

if TYPE_CHECKING:
    from ..app import Meta


@dataclass(frozen=True)
class Category:
    text: str | None  #: None: the award itself is the category (Kometa then uses the award's name)
    person: bool = False
    nominees: int = 5


@dataclass(frozen=True)
class Event:
    name: str
    kinds: tuple[str, ...]  #: "movie", "tv"
    first_year: int
    awards: tuple[tuple[str, tuple[Category, ...]], ...]
    when: str = "ceremony"  #: ceremony (honours the year before) | festival (the same year) | registry


def _c(*names: str, person: bool = False, nominees: int = 5) -> tuple[Category, ...]:
    return tuple(Category(n, person, nominees) for n in names)


MOVIE, TV, BOTH = ("movie",), ("tv",), ("movie", "tv")
EVENTS: dict[str, Event] = {
    "ev0000003": Event("Academy Awards, USA", MOVIE, 1929, (
        ("Oscar", _c("Best Motion Picture of the Year", nominees=10)
         + _c("Best Achievement in Directing", "Best Performance by an Actor in a Leading Role",
              "Best Performance by an Actress in a Leading Role", person=True)
         + _c("Best Animated Feature Film of the Year", "Best International Feature Film")),)),
    "ev0000223": Event("Primetime Emmy Awards", TV, 1949, (
        ("Primetime Emmy", _c("Outstanding Drama Series", "Outstanding Comedy Series", "Outstanding Limited or "
                              "Anthology Series", "Outstanding Animated Program")
         + _c("Outstanding Lead Actor in a Drama Series", person=True)),)),
    "ev0000292": Event("Golden Globes, USA", BOTH, 1944, (
        ("Golden Globe", _c("Best Motion Picture - Drama", "Best Motion Picture - Musical or Comedy",
                            "Best Motion Picture - Animated", "Best Motion Picture - Non-English Language",
                            "Best Television Series - Drama")
         + _c("Best Director - Motion Picture", person=True)),)),
    "ev0000123": Event("BAFTA Awards", MOVIE, 1949, (
        ("BAFTA Film Award", _c("Best Film", "Outstanding British Film", "Best Animated Film")
         + _c("Best Director", person=True)),)),
    "ev0000147": Event("Cannes Film Festival", MOVIE, 1946, (
        ("Palme d'Or", (Category(None, nominees=8),)),
        ("Grand Prize of the Festival", (Category(None, nominees=1),)),
        ("Jury Prize", (Category(None, nominees=1),))), "festival"),
    "ev0000558": Event("Razzie Awards", MOVIE, 1981, (
        ("Razzie Award", _c("Worst Picture") + _c("Worst Director", "Worst Actor", person=True)),)),
    "ev0000631": Event("Sundance Film Festival", MOVIE, 1985, (
        ("Grand Jury Prize", _c("U.S. Dramatic", "U.S. Documentary", "World Cinema - Dramatic", nominees=6)),
        ("Audience Award", _c("U.S. Dramatic", "U.S. Documentary", nominees=6))), "festival"),
    "ev0000349": Event("Film Independent Spirit Awards", MOVIE, 1986, (
        ("Independent Spirit Award", _c("Best Feature", "Best First Feature", "Best Documentary Feature")
         + _c("Best Director", person=True)),)),
    "ev0000530": Event("People's Choice Awards, USA", BOTH, 1975, (
        ("People's Choice Award", _c("The Movie of the Year", "The Show of the Year", "The Comedy Movie of "
                                     "the Year", "The Drama Show of the Year", nominees=8)),)),
    "ev0000598": Event("Screen Actors Guild Awards", BOTH, 1995, (
        ("Actor", _c("Outstanding Performance by a Cast in a Motion Picture",
                     "Outstanding Performance by an Ensemble in a Drama Series",
                     "Outstanding Performance by an Ensemble in a Comedy Series")
         + _c("Outstanding Performance by a Male Actor in a Leading Role", person=True)),)),
    "ev0000659": Event("Toronto International Film Festival", MOVIE, 1978, (
        ("People's Choice Award", _c("Best Film", "Documentaries", "Midnight Madness", nominees=3)),
        ("Platform Prize", (Category(None, nominees=6),))), "festival"),
    "ev0000091": Event("Berlin International Film Festival", MOVIE, 1951, (
        ("Golden Berlin Bear", _c("Best Film", nominees=10)),
        ("Silver Berlin Bear", _c("Grand Jury Prize", nominees=1) + _c("Best Director", person=True, nominees=1))),
        "festival"),
    "ev0000157": Event("César Awards, France", MOVIE, 1976, (
        ("César", _c("Best Film (Meilleur film)", "Best Foreign Film (Meilleur film étranger)",
                     "Best Animated Film (Meilleur film d'animation)")
         + _c("Best Director (Meilleur réalisateur)", person=True)),)),
    "ev0000681": Event("Venice Film Festival", MOVIE, 1932, (
        ("Golden Lion", _c("Best Film", nominees=8)),
        ("Silver Lion", _c("Grand Jury Prize", nominees=1) + _c("Best Director", person=True, nominees=1))),
        "festival"),
    "ev0000133": Event("Critics Choice Awards", BOTH, 1996, (
        ("Critics Choice Award", _c("Best Picture", "Best Animated Feature", "Best Foreign Language Film",
                                    "Best Drama Series", "Best Comedy Series")
         + _c("Best Director", person=True)),)),
    "ev0000468": Event("National Film Preservation Board, USA", MOVIE, 1989, (
        ("National Film Registry", (Category(None, nominees=25),)),), "registry"),
}
GENERIC = Event("Film Festival", MOVIE, 2000, (
    ("Jury Prize", _c("Best Film", nominees=6) + _c("Best Director", person=True, nominees=3)),), "festival")


def event(ident: str) -> Event | None:
    """The event ``ev`` + digits names (a generic festival for any unreserved id), or None."""
    match = re.fullmatch(r"ev(\d{7,})", ident)
    if not match or int(match.group(1)) in RESERVED:
        return None
    return EVENTS.get(ident, GENERIC)


def years(ev: Event) -> list[int]:
    """The event's edition years, newest first."""
    last = TODAY.year if (ev.when != "ceremony" or date(TODAY.year, 3, 1) <= TODAY) else TODAY.year - 1
    return list(range(last, ev.first_year - 1, -1))


def _pool(meta: Meta, ev: Event, year: int) -> list[Title]:
    titles = [t for t in meta.world.titles if t.imdb_id and t.release_date and not t.synthetic
              and t.kind in ev.kinds and t.release_date < date(year, 3, 1)]
    if ev.when == "registry":
        return [t for t in titles if t.release_date and t.release_date.year <= year - 10]
    window = (year - 1,) if ev.when == "ceremony" else (year, year - 1)
    near = [t for t in titles if t.release_date and t.release_date.year in window]
    return near if len(near) >= 3 else titles


def _person(meta: Meta, title: Title, seed_parts: tuple[object, ...]) -> str:
    crew = [c for c in title.cast[:3] + title.crew if c.job in (None, "Director")]
    for credit in crew:
        person = meta.world.person(credit.person_id)
        if person is not None and person.imdb_id:
            return person.imdb_id
    return f"nm{derive(meta.world.seed, 'imdb-award-person', *seed_parts) % 9_000_000 + 1_000_000:07d}"


def _nomination(meta: Meta, title: Title, cat: Category, winner: bool, parts: tuple[object, ...]) -> dict[str, Any]:
    entities: dict[str, Any]
    if cat.person:
        entities = {"awardNames": [{"name": {"id": _person(meta, title, parts)}}],
                    "secondaryAwardTitles": [{"title": {"id": title.imdb_id}}]}
    else:
        entities = {"awardTitles": [{"title": {"id": title.imdb_id}}]}
    return {"node": {"isWinner": winner, "awardedEntities": entities}}


_TV_WORDS = ("series", "show", "television", "program")


def kinds(ev: Event, cat: Category) -> tuple[str, ...]:
    """What a category honours: an event of one kind, its kind; else series/shows/programs are TV."""
    if len(ev.kinds) == 1:
        return ev.kinds
    return ("tv",) if any(w in (cat.text or "").lower() for w in _TV_WORDS) else ("movie",)


def edition(meta: Meta, ident: str, ev: Event, year: int) -> dict[str, Any]:
    """``pageProps.edition`` of one year of an event."""
    pool = sorted(_pool(meta, ev, year), key=lambda t: t.imdb_id or "")
    awards = []
    for award, categories in ev.awards:
        edges = []
        for cat in categories:
            parts = (ident, year, award, cat.text)
            rng = rng_for(meta.world.seed, "imdb-award", *parts)
            eligible = [t for t in pool if t.kind in kinds(ev, cat)]
            chosen = rng.sample(eligible, min(cat.nominees, len(eligible)))
            if not chosen:
                continue
            noms = [_nomination(meta, t, cat, ev.when == "registry" or i == 0, (*parts, i))
                    for i, t in enumerate(chosen)]
            edges.append({"node": {"category": {"text": cat.text} if cat.text else None,
                                   "nominations": {"total": len(noms), "edges": noms}}})
        if edges:
            awards.append({"text": award, "nominationCategories": {"edges": edges}})
    return {"id": f"{ident}-{year}-1", "year": year, "instanceWithinYear": 1, "event": {"id": ident, "text": ev.name},
            "awards": awards}


def page(props: dict[str, Any], title: str) -> HTMLResponse:
    data = json.dumps({"props": {"pageProps": props}, "page": "/event/[eventId]"}, separators=(",", ":"))
    data = data.replace("</", "<\\/")
    return HTMLResponse(f"<!DOCTYPE html><html><head><title>{html.escape(title)} - IMDb</title></head><body>"
                        f'<script id="__NEXT_DATA__" type="application/json">{data}</script></body></html>')


def _missing(what: str) -> Response:
    return HTMLResponse(f"<!DOCTYPE html><html><body><h1>404 Error</h1><p>{html.escape(what)}</p></body></html>",
                        404)


def routes(meta: Meta) -> list[BaseRoute]:
    async def event_page(request: Request) -> Response:
        ident = request.path_params["event"]
        ev = event(ident)
        if ev is None:
            return _missing(f"no event {ident}")
        return page({"eventId": ident, "eventName": ev.name,
                     "historyEventEditions": [{"year": y, "instanceWithinYear": 1} for y in years(ev)]}, ev.name)

    async def edition_page(request: Request) -> Response:
        ident, year, instance = (request.path_params[k] for k in ("event", "year", "instance"))
        ev = event(ident)
        if ev is None or not year.isdigit() or instance != "1" or int(year) not in years(ev):
            return _missing(f"no edition {year}/{instance} of {ident}")
        return page({"eventId": ident, "edition": edition(meta, ident, ev, int(year))}, f"{ev.name} ({year})")

    return [Route("/event/{event}", event_page, methods=["GET"]),
            Route("/event/{event}/", event_page, methods=["GET"]),
            Route("/event/{event}/{year}/{instance}", edition_page, methods=["GET"]),
            Route("/event/{event}/{year}/{instance}/", edition_page, methods=["GET"])]
