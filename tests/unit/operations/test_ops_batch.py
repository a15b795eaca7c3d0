"""Multi-item edits: a request carries every edit all of its items still need (never more requests
than one group per edit), and the requests together make exactly the decided changes."""

from __future__ import annotations

from urllib.parse import unquote

from kometa.operations.batch import requests_for, units
from kometa.operations.decide import decide_field
from kometa.operations.model import FIELD_OPS, parse_chain
from kometa.plex.snapshot import Item

GENRE = FIELD_OPS["mass_genre_update"]


def movie(rk: int, genres: tuple[str, ...]) -> Item:
    return Item(rk, "movie", {"title": f"M{rk}", "genre": genres, "locked_fields": (), "plex_ratings": {}})


def apply(requests, start: dict[int, set[str]]) -> dict[int, set[str]]:
    """What Plex holds after the requests: ``genre[N].tag.tag`` adds, ``genre[].tag.tag-`` removes."""
    held = {rk: set(g) for rk, g in start.items()}
    for params, ids in requests:
        for key, value in params:
            for rk in ids:
                if key.startswith("genre[") and key.endswith("-"):
                    held[rk] -= {unquote(v) for v in value.split(",")}
                elif key.startswith("genre["):
                    held[rk].add(value)
    return held


def genre_changes(items, target):
    return decide_field(GENRE, parse_chain("mass_genre_update", [target]), items, {}).changes


def test_removals_ride_on_the_additions_of_the_same_items():
    # 100 gain Drama, 100 gain Comedy, 50 gain nothing; all 250 lose "Old Genre"
    items = ([movie(rk, ("Old Genre",)) for rk in range(1, 101)]
             + [movie(rk, ("Old Genre", "Drama")) for rk in range(101, 201)]
             + [movie(rk, ("Old Genre", "Drama", "Comedy")) for rk in range(201, 251)])
    by_target = {"Drama": items[:100], "Comedy": items[100:200], "both": items[200:]}
    changes = (genre_changes(by_target["Drama"], ["Drama"]) + genre_changes(by_target["Comedy"], ["Drama", "Comedy"])
               + genre_changes(by_target["both"], ["Drama", "Comedy"]))
    per_unit = {u for c in changes for u in units(c.params)}
    assert len(per_unit) == 3  # add Drama, add Comedy, remove Old Genre (250 ids: 3 batches of 100)
    requests = requests_for(changes, 100)
    assert len(requests) == 3  # was 1 + 1 + 3: "remove Old Genre" rode on both additions
    assert all(len(ids) <= 100 for _, ids in requests)
    held = apply(requests, {i.rating_key: set(i.get("genre")) for i in items})
    assert all(held[rk] == {"Drama"} for rk in range(1, 101))
    assert all(held[rk] == {"Drama", "Comedy"} for rk in range(101, 251))


def test_one_request_adds_and_removes_several_tags_for_items_that_need_them_all():
    items = [movie(rk, ("A Genre", "B Genre")) for rk in range(1, 8)]
    changes = genre_changes(items, ["C Genre", "D Genre"])
    requests = requests_for(changes, 3)
    assert [ids for _, ids in requests] == [[1, 2, 3], [4, 5, 6], [7]]  # 3 requests, not 4 units x 3
    names = [k for k, _ in requests[0][0]]
    assert names.count("genre[0].tag.tag") == 1 and "genre[1].tag.tag" in names  # numbered, not repeated
    held = apply(requests, {i.rating_key: set(i.get("genre")) for i in items})
    assert set(map(frozenset, held.values())) == {frozenset({"C Genre", "D Genre"})}


def test_different_values_of_one_field_never_share_a_request():
    critic = FIELD_OPS["mass_critic_rating_update"]
    items = [Item(rk, "movie", {"title": "M", "critic_rating": None, "locked_fields": (), "plex_ratings": {}})
             for rk in (1, 2)]
    a = decide_field(critic, parse_chain("mass_critic_rating_update", 5.0), items[:1], {}).changes
    b = decide_field(critic, parse_chain("mass_critic_rating_update", 6.0), items[1:], {}).changes
    requests = requests_for(a + b, 100)
    assert sorted((dict(p)["rating.value"], ids) for p, ids in requests) == [("5.0", [1]), ("6.0", [2])]
