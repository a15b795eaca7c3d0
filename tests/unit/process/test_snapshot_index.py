"""The snapshot index narrows a search to candidates; the result equals scanning every item."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from kometa.plex.snapshot import Item
from kometa.sources.attributes import lookup
from kometa.sources.conditions import Cond, Group, compile_node
from kometa.sources.index import SnapshotIndex

GENRES = ["Action", "Drama", "Comedy", "Horror"]
NOW = datetime(2026, 12, 1, 5)


def _items() -> dict[int, Item]:
    items = {}
    for rk in range(1, 201):
        values = {"title": f"Movie {rk}", "genre": tuple(g for i, g in enumerate(GENRES) if (rk >> i) & 1),
                  "year": 1950 + rk % 70, "decade": (1950 + rk % 70) // 10 * 10,
                  "critic_rating": (rk % 10) + 0.5, "content_rating": ["G", "PG", "R", ""][rk % 4]}
        if rk % 7 == 0:
            values["genre"] = tuple(g.upper() for g in values["genre"])  # case differs from the search
        items[1000 - rk] = Item(1000 - rk, "movie", values)  # rating keys not in listing order
    return items


ITEMS = _items()
conds = st.one_of(
    st.sampled_from(GENRES + ["Western"]).map(lambda g: Cond(lookup("genre"), "", g)),
    st.sampled_from(GENRES).map(lambda g: Cond(lookup("genre"), "not", g)),
    st.integers(1945, 2025).map(lambda y: Cond(lookup("year"), "", y)),
    st.sampled_from([1950, 1990, 2000]).map(lambda d: Cond(lookup("decade"), "", d)),
    st.integers(0, 10).map(lambda r: Cond(lookup("critic_rating"), "gte", r)),
    st.sampled_from(["G", "pg", "R"]).map(lambda r: Cond(lookup("content_rating"), "", r)),
)
trees = st.recursive(conds, lambda inner: st.builds(
    Group, st.sampled_from(["all", "any"]), st.lists(inner, min_size=1, max_size=3).map(tuple)), max_leaves=6)


@settings(max_examples=150, deadline=None)
@given(trees)
def test_candidates_give_the_scan_result(tree):
    test = compile_node(tree, NOW)
    scanned = [item.rating_key for item in ITEMS.values() if test(item)]
    index = SnapshotIndex(ITEMS)
    candidates = index.candidates(tree)
    pool = ITEMS.values() if candidates is None else index.ordered(candidates)
    assert [item.rating_key for item in pool if test(item)] == scanned


def test_an_all_group_of_tags_is_narrowed():
    index = SnapshotIndex(ITEMS)
    tree = Group("all", (Cond(lookup("genre"), "", "Action"), Cond(lookup("genre"), "", "Drama")))
    found = index.candidates(tree)
    assert found is not None and 0 < len(found) < len(ITEMS) // 3
