"""New items arriving in a library, as a scan that found new files would add them (``POST /_sim/items``).

A movie is generated like the fixture movies (from ``seed``), then the given fields override it:
``title``, ``year``, ``genres``, ``labels``, ``guids``, ``addedAt``. An episode goes under an existing
show (``show``: its ratingKey) in season ``season`` (created when missing), numbered after the
season's last episode. Each addition is a store write, so the notification websocket reports it
(timeline ``created`` then ``processed``), framed by a scan's ``activity`` and ``status`` messages.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from .fixtures import _Gen
from .model import Item

if TYPE_CHECKING:
    from .app import Sim

FIELDS = {"title", "year", "genres", "labels", "guids", "addedAt"}


class AdditionError(ValueError):
    """A request this module cannot honour; the message says why (one line)."""


def _tags(sim: Sim, item: Item, kind: str, names: Any) -> None:
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise AdditionError(f"{kind}s must be a list of strings")
    item.tags[kind] = [sim.store.tag_id(kind, n) for n in dict.fromkeys(names)]


def _override(sim: Sim, item: Item, spec: dict[str, Any]) -> None:
    unknown = sorted(set(spec) - FIELDS - {"type", "section", "seed", "show", "season"})
    if unknown:
        raise AdditionError(f"unknown field(s) {', '.join(unknown)}; known: {', '.join(sorted(FIELDS))}")
    if "title" in spec:
        item.attrs["title"] = str(spec["title"])
        item.attrs.pop("titleSort", None)
    if "year" in spec:
        if not isinstance(spec["year"], int):
            raise AdditionError("year must be an integer")
        item.attrs["year"] = spec["year"]
        item.attrs["originallyAvailableAt"] = f"{spec['year']:04d}-01-01"
    if "genres" in spec:
        _tags(sim, item, "genre", spec["genres"])
    if "labels" in spec:
        _tags(sim, item, "label", spec["labels"])
    if "guids" in spec:
        if not isinstance(spec["guids"], list) or not all(isinstance(g, str) and "://" in g for g in spec["guids"]):
            raise AdditionError("guids must be a list like ['imdb://tt0111161', 'tmdb://278']")
        item.guids = list(spec["guids"])
    added = spec.get("addedAt", int(time.time()))
    if not isinstance(added, int):
        raise AdditionError("addedAt must be an integer (epoch seconds)")
    item.attrs["addedAt"] = item.attrs["updatedAt"] = added


def _movie(sim: Sim, sid: int, spec: dict[str, Any], gen: _Gen) -> Item:
    item = gen.movie(sid, add=False)
    item.attrs.pop("viewCount", None)
    item.attrs.pop("lastViewedAt", None)
    item.attrs.pop("viewOffset", None)
    item.tags.pop("label", None)
    _override(sim, item, spec)
    item.attrs["thumb"] = f"/library/metadata/{item.rk}/thumb/{item.attrs['addedAt']}"
    return sim.store.add(item)


def _episode(sim: Sim, spec: dict[str, Any], gen: _Gen) -> Item:
    store = sim.store
    show = store.get(spec["show"]) if isinstance(spec.get("show"), int) else None
    if show is None or show.type != "show":
        raise AdditionError("an episode needs show: the ratingKey of an existing show")
    number = spec.get("season", 1)
    if not isinstance(number, int) or number < 0:
        raise AdditionError("season must be a non-negative integer")
    season = next((s for s in store.kids(show.rk) if s.index == number), None)
    if season is None:
        season = Item(rk=store.next_id("rk"), type="season", section=show.section, parent=show.rk, index=number)
        season.attrs.update(title=f"Season {number}", addedAt=int(time.time()), updatedAt=int(time.time()))
        store.add(season)
    index = max((e.index or 0 for e in store.kids(season.rk)), default=0) + 1
    ep = Item(rk=store.next_id("rk"), type="episode", section=show.section, parent=season.rk, index=index)
    gen.common(gen.rng, ep, "episode", int(show.attrs.get("year") or 2000), f"Episode {index}")
    ep.attrs.pop("titleSort", None)
    ep.attrs["duration"] = 45 * 60000
    ep.guids = [f"tvdb://{gen.rng.randint(10, 9999999)}"]
    title = show.attrs.get("title", "Show")
    ep.media = [gen.media(gen.rng, f"/data/TV Shows/{title}/Season {number:02d}/{title} - S{number:02d}E{index:02d}",
                          ep.attrs["duration"])]
    _override(sim, ep, spec)
    return store.add(ep)


def add_items(sim: Sim, specs: list[dict[str, Any]]) -> list[Item]:
    """Add each spec's item (one scan per call: activity started, the items, activity ended, status)."""
    if not specs:
        raise AdditionError("give one item object or a list of them")
    store = sim.store
    added: list[Item] = []
    with store.lock:
        for spec in specs:
            if not isinstance(spec, dict):
                raise AdditionError("each item must be a JSON object")
        first = specs[0]
        sid = first.get("section", 1) if first.get("type", "movie") == "movie" else None
        section = store.sections.get(sid) if isinstance(sid, int) else None
        title = section.title if section else "TV Shows"
        scan = sim.notifications.scan(title, started=True)
        try:
            for n, spec in enumerate(specs):
                gen = _Gen(store, int(spec.get("seed", store.version + n)))
                kind = spec.get("type", "movie")
                if kind == "movie":
                    sec = store.sections.get(spec.get("section", 1)) if isinstance(spec.get("section", 1), int) else None
                    if sec is None or sec.type != "movie":
                        raise AdditionError(f"section {spec.get('section', 1)!r} is not a movie library")
                    added.append(_movie(sim, sec.id, spec, gen))
                elif kind == "episode":
                    added.append(_episode(sim, spec, gen))
                else:
                    raise AdditionError(f"type {kind!r}: movie or episode")
        finally:
            sim.notifications.scan(title, started=False, ident=scan)
    return added
