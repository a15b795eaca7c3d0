"""The parts of AniList's graph beyond single anime and pages: tags, relations, studios and users'
lists, drawn from the seeded world.

* **Tags** (``Media.tags { name category rank }``, ``MediaTagCollection { name category }``): an
  anime's tags are its title's keywords, title-cased (``time travel`` -> ``Time Travel``), each with
  a category from :data:`CATEGORIES` and a rank (40-100, the percentage AniList shows).
* **Relations** (``Media.relations { edges { relationType node { id type } } }``): the catalogue is
  cut into franchises of one to three anime (in catalogue order); within one the anime are chained
  by date (``PREQUEL``/``SEQUEL``), so reaching the third needs a second hop. Every anime also has
  a ``CHARACTER`` and an ``OTHER`` relation to an anime outside its franchise and an ``ADAPTATION``
  to a manga (``type: MANGA``), which Kometa's ``anilist_relations`` leaves out.
* **Studios** (``Studio(id) { name media(page, perPage) { nodes { id type } pageInfo { hasNextPage } } }``):
  a studio id is a TMDb company id of the world; its anime are those whose title names the company.
  An id no anime and no listed company has is 404.
* **Users' lists** (``MediaListCollection(userName, type: ANIME, sort) { lists { name entries {
  score(format: POINT_10) media { id } } } }``): every user name has the lists ``Watching``,
  ``Completed``, ``Paused``, ``Dropped``, ``Planning`` and a custom ``Favourites``, drawn from the
  catalogue per user; a user whose name starts with ``missing`` does not exist (404 ``User not
  found``).
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from ..model import derive

if TYPE_CHECKING:
    from ..anime import Anime
    from ..world import World

CATEGORIES = ("Theme-Action", "Theme-Drama", "Theme-Fantasy", "Setting-Universe", "Cast-Main Cast", "Demographic",
              "Theme-Other")
LISTS = ("Watching", "Completed", "Paused", "Dropped", "Planning", "Favourites")
#: MediaListSort values -> the key an entry is ordered by (descending)
LIST_SORTS = ("SCORE_DESC", "STATUS_DESC", "PROGRESS_DESC", "UPDATED_TIME_DESC", "ADDED_TIME_DESC",
              "STARTED_ON_DESC", "FINISHED_ON_DESC", "MEDIA_POPULARITY_DESC")


def tag_of(seed: int, name: str) -> dict[str, str]:
    return {"name": name.title(), "category": CATEGORIES[derive(seed, "anilist-tag", name) % len(CATEGORIES)]}


def tags(world: World, a: Anime) -> list[dict[str, Any]]:
    out = []
    for kid in a.title.keyword_ids:
        name = world.keywords.get(kid)
        if name:
            out.append({**tag_of(world.seed, name), "rank": 40 + derive(world.seed, "tag-rank", a.anilist_id, kid) % 61})
    return out


def tag_collection(world: World) -> list[dict[str, str]]:
    return [tag_of(world.seed, name) for name in sorted(world.keywords.values())]


def _franchises(world: World) -> dict[int, list[Anime]]:
    from ..anime import catalogue
    found: dict[int, list[Anime]] | None = getattr(world, "_anilist_franchises", None)
    if found is None:
        found = {}
        anime = catalogue(world)
        i = 0
        while i < len(anime):
            size = 1 + derive(world.seed, "franchise", i) % 3
            group = sorted(anime[i:i + size], key=lambda a: (a.title.date_text, a.anilist_id))
            for a in group:
                found[a.anilist_id] = group
            i += size
        world._anilist_franchises = found  # type: ignore[attr-defined]
    return found


def relations(world: World, a: Anime) -> list[dict[str, Any]]:
    """The relation edges of one anime."""
    from ..anime import catalogue
    group = _franchises(world).get(a.anilist_id, [a])
    place = group.index(a)
    edges = []
    if place > 0:
        edges.append({"relationType": "PREQUEL", "node": {"id": group[place - 1].anilist_id, "type": "ANIME"}})
    if place + 1 < len(group):
        edges.append({"relationType": "SEQUEL", "node": {"id": group[place + 1].anilist_id, "type": "ANIME"}})
    others = [o for o in catalogue(world) if o not in group]
    if others:
        r = random.Random(derive(world.seed, "anilist-other", a.anilist_id))
        edges.append({"relationType": "CHARACTER", "node": {"id": r.choice(others).anilist_id, "type": "ANIME"}})
        edges.append({"relationType": "OTHER", "node": {"id": r.choice(others).anilist_id, "type": "ANIME"}})
    edges.append({"relationType": "ADAPTATION", "node": {"id": 500_000 + a.anilist_id, "type": "MANGA"}})
    return edges


def studio(world: World, studio_id: int) -> tuple[str, list[Anime]] | None:
    """The studio's name and anime, or None when the world has no such studio."""
    from ..anime import catalogue
    members = [a for a in catalogue(world) if studio_id in a.title.company_ids]
    group = world.companies.get(studio_id)
    if not members and group is None:
        return None
    return (group.name if group is not None else f"Studio {studio_id}"), members


def user_lists(world: World, user: str) -> list[dict[str, Any]] | None:
    """A user's anime lists (entries with their POINT_10 score and what sorts them), or None."""
    from ..anime import catalogue
    if user.lower().startswith("missing"):
        return None
    anime = catalogue(world)
    r = random.Random(derive(world.seed, "anilist-user", user.lower()))
    out = []
    for name in LISTS:
        chosen = r.sample(anime, min(len(anime), r.randint(3, 12))) if anime else []
        entries = [{"score": 0 if name == "Planning" else r.randint(1, 10), "media": {"id": a.anilist_id},
                    "_sort": {"STATUS_DESC": LISTS.index(name), "PROGRESS_DESC": r.randint(0, 24),
                              "UPDATED_TIME_DESC": r.randint(0, 10**6), "ADDED_TIME_DESC": r.randint(0, 10**6),
                              "STARTED_ON_DESC": r.randint(0, 10**6), "FINISHED_ON_DESC": r.randint(0, 10**6),
                              "MEDIA_POPULARITY_DESC": a.title.vote_count}} for a in chosen]
        out.append({"name": name, "entries": entries})
    return out


def sorted_lists(lists: list[dict[str, Any]], sort: str) -> list[dict[str, Any]]:
    def key(e: dict[str, Any]) -> tuple[int, int]:
        value = e["score"] if sort == "SCORE_DESC" else e["_sort"][sort]
        return (-value, e["media"]["id"])
    return [{"name": lst["name"], "entries": [{"score": e["score"], "media": e["media"]}
                                              for e in sorted(lst["entries"], key=key)]} for lst in lists]
