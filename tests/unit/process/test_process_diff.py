"""Diff: add/remove rules, metadata changes and minimal reorder moves."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kometa.engine.diff import Current, Wanted, apply_moves, minimal_moves, plan


def test_create_adds_all():
    p = plan(Current(), Wanted("A", items=(1, 2, 3), labels_add=("Kometa",)))
    assert p.create and p.add == [1, 2, 3] and p.labels_add == ["Kometa"]


def test_unchanged_is_no_write():
    current = Current(7, members=(1, 2), labels=("kometa",), summary="s", mode=1)
    p = plan(current, Wanted("A", items=(2, 1), labels_add=("Kometa",), summary="s", mode=1))
    assert not p.writes and p.keep == [2, 1]


def test_append_never_removes_sync_does():
    current = Current(7, members=(1, 2, 3))
    assert plan(current, Wanted("A", items=(3, 4))).remove == []
    p = plan(current, Wanted("A", items=(3, 4), sync=True))
    assert p.add == [4] and p.remove == [1, 2]


def test_minimum_blocks_adds_and_flags():
    p = plan(Current(), Wanted("A", items=(1, 2), minimum=3))
    assert p.add == [] and p.below_minimum and not p.create


def test_sync_empties_when_nothing_found():
    p = plan(Current(7, members=(1, 2)), Wanted("A", items=(), sync=True, minimum=1))
    assert p.remove == [1, 2] and p.below_minimum


def test_smart_switch_recreates_and_filter_update():
    p = plan(Current(7, members=(1,)), Wanted("A", smart_uri="server://x/all?type=1"))
    assert p.recreate and p.create and p.smart_uri
    p = plan(Current(7, smart=True, content="old"), Wanted("A", smart_uri="new"))
    assert not p.create and p.smart_uri == "new"
    assert not plan(Current(7, smart=True, content="new"), Wanted("A", smart_uri="new")).writes


def test_label_sync_and_remove_are_case_insensitive():
    current = Current(7, labels=("Kometa", "old", "Keep"))
    p = plan(current, Wanted("A", labels_add=("Kometa", "keep"), label_sync=True))
    assert p.labels_add == [] and p.labels_remove == ["old"]
    p = plan(current, Wanted("A", labels_add=("Kometa",), labels_remove=("OLD", "absent")))
    assert p.labels_remove == ["old"]


def test_arrange_moves():
    p = plan(Current(7, members=(1, 2, 3)), Wanted("A", items=(3, 1, 2), arrange=True))
    assert p.moves == [(3, None)]


@given(st.permutations(list(range(12))), st.permutations(list(range(12))))
def test_minimal_moves_reach_target(current, target):
    moves = minimal_moves(current, target)
    assert apply_moves(current, moves) == list(target)
    assert len(moves) <= len(target)


def test_minimal_moves_are_minimal_for_one_displacement():
    assert len(minimal_moves([1, 2, 3, 4, 5], [2, 3, 4, 5, 1])) == 1
    assert minimal_moves([1, 2, 3], [1, 2, 3]) == []


def test_smart_filter_comparison_ignores_spelling():
    from kometa.engine.diff import same_smart_filter

    ours = "server://abc/com.plexapp.plugins.library/library/sections/1/all?type=1&sort=year%3Adesc&genre=Drama"
    assert same_smart_filter(ours, ours)
    assert same_smart_filter(
        "server://abc/com.plexapp.plugins.library/library/sections/1/all?sort=year:desc&includeGuids=1&type=1"
        "&genre=Drama", ours)
    assert not same_smart_filter(ours.replace("Drama", "Crime"), ours)
    assert not same_smart_filter(ours.replace("sections/1", "sections/2"), ours)
    assert not same_smart_filter(None, ours)
    assert not plan(Current(7, smart=True, content=ours.replace("%3A", ":")), Wanted("A", smart_uri=ours)).writes
