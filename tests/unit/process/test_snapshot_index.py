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


STRING_CONDS = st.one_of(
    st.sampled_from(["Studio A", "studio", "B", "Pictures"]).flatmap(
        lambda text: st.sampled_from(["", "is", "begins", "ends", "not"]).map(
            lambda mod: Cond(lookup("studio"), mod, text))),
    st.sampled_from([3, 5.5, 7]).flatmap(
        lambda r: st.sampled_from(["gt", "gte", "lt", "lte"]).map(lambda mod: Cond(lookup("critic_rating"), mod, r))),
    st.sampled_from([1960, 1999]).flatmap(
        lambda y: st.sampled_from(["gt", "gte", "lt", "lte"]).map(lambda mod: Cond(lookup("year"), mod, y))),
)
ALL_CONDS = st.one_of(conds, STRING_CONDS)
ALL_TREES = st.recursive(ALL_CONDS, lambda inner: st.builds(
    Group, st.sampled_from(["all", "any"]), st.lists(inner, min_size=1, max_size=3).map(tuple)), max_leaves=6)


def _with_studios() -> dict[int, Item]:
    items = {}
    studios = ["Studio A Pictures", "studio b", "", None, "Big Studio", "Pictures Studio A"]
    for rk, item in ITEMS.items():
        values = dict(item.values)
        if studios[rk % len(studios)] is not None:
            values["studio"] = studios[rk % len(studios)]
        if rk % 11 == 0:
            values.pop("critic_rating")  # items without a rating never pass a range
        items[rk] = Item(rk, "movie", values)
    return items


STUDIO_ITEMS = _with_studios()


@settings(max_examples=200, deadline=None)
@given(ALL_TREES)
def test_keys_and_residual_give_the_scan_result(tree):
    """An item matches exactly when it is in the selected keys and passes the residual."""
    scanned = [rk for rk, item in STUDIO_ITEMS.items() if compile_node(tree, NOW)(item)]
    index = SnapshotIndex(STUDIO_ITEMS)
    keys, residual = index.select(tree)
    check = (lambda item: True) if residual is None else compile_node(residual, NOW)
    assert [rk for rk, item in STUDIO_ITEMS.items() if (keys is None or rk in keys) and check(item)] == scanned


def test_conditions_the_index_answers_leave_nothing_to_test():
    index = SnapshotIndex(STUDIO_ITEMS)
    tree = Group("all", (Cond(lookup("genre"), "", "Action"), Cond(lookup("year"), "gte", 1990),
                         Cond(lookup("studio"), "", "studio a"), Cond(lookup("critic_rating"), "lt", 6)))
    keys, residual = index.select(tree)
    assert residual is None and keys
    assert sorted(keys) == sorted(rk for rk, item in STUDIO_ITEMS.items() if compile_node(tree, NOW)(item))
    # a negative text test stays with the predicate; the indexed part still narrows the pool
    keys, residual = index.select(Group("all", (Cond(lookup("genre"), "", "Action"),
                                                Cond(lookup("studio"), "not", "Big"))))
    assert residual is not None and keys is not None and len(keys) < len(STUDIO_ITEMS)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(sorted(STUDIO_ITEMS)), unique=True, max_size=40),
       st.lists(st.sampled_from(["title", "year", "critic_rating", "content_rating"]), min_size=1, max_size=2,
                unique=True), st.booleans())
def test_rank_orders_a_subset_as_sort_items_does(keys, names, desc):
    from kometa.sources.sorting import SortKey, sort_items

    order = tuple(SortKey(name, desc) for name in names)
    index = SnapshotIndex(STUDIO_ITEMS)
    expected = [item.rating_key for item in sort_items([STUDIO_ITEMS[k] for k in keys], order)]
    assert index.sort_keys(keys, order) == expected


def test_filters_keep_equals_apply():
    from kometa.engine.filters import parse_filters

    index = SnapshotIndex(STUDIO_ITEMS)
    for spec in ({"year.gte": 1990, "genre": "Drama"}, [{"studio": "studio"}, {"critic_rating.lt": 4}],
                 {"studio.not": "Big", "content_rating": ["G", "R"]}):
        filters = parse_filters(spec, "movie", NOW)
        assert filters is not None
        keys = list(STUDIO_ITEMS)
        assert filters.keep(keys, NOW, index) == [i.rating_key for i in filters.apply(STUDIO_ITEMS.values(), NOW)]
