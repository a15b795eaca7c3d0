"""Per-item stacks: groups keep the heaviest, suppressions drop, queues fill positions by weight."""

from __future__ import annotations

from kometa.overlays.model import Offset, OverlayDef, OverlaySet, OverlaySpec, Position, Queue
from kometa.overlays.stack import stacks


def _d(name: str, *, group: str | None = None, queue: str | None = None, weight: int | None = None,
       suppress: tuple[str, ...] = (), source: str = "a.yml") -> OverlayDef:
    spec = OverlaySpec(name, "text", text=name, position=Position())
    return OverlayDef(name, spec, {}, f"{source}:1", source, None, group, queue, weight, suppress)


def _names(found: dict, key: int = 1) -> list[str]:
    return [p.definition.name for p in found.get(key, [])]


def test_group_keeps_highest_weight_and_first_on_tie() -> None:
    defs = [_d("720", group="res", weight=10), _d("4K", group="res", weight=30), _d("1080", group="res", weight=20),
            _d("Rating")]
    overlays = OverlaySet(defs)
    assert _names(stacks(overlays, {0: [1], 1: [1], 2: [1], 3: [1]})) == ["4K", "Rating"]
    assert _names(stacks(overlays, {0: [1], 2: [1]})) == ["1080"]
    tie = OverlaySet([_d("A", group="g", weight=5), _d("B", group="g", weight=5)])
    assert _names(stacks(tie, {0: [1], 1: [1]})) == ["A"]


def test_suppression_drops_named_overlays_of_the_same_file_only() -> None:
    defs = [_d("HDR"), _d("DV", suppress=("HDR",)), _d("HDR", source="b.yml")]
    overlays = OverlaySet(defs)
    assert _names(stacks(overlays, {0: [1], 1: [1], 2: [1]})) == ["DV", "HDR"]
    assert [p.definition.source for p in stacks(overlays, {0: [1], 1: [1], 2: [1]})[1]] == ["a.yml", "b.yml"]
    assert _names(stacks(overlays, {0: [1]})) == ["HDR"]  # DV does not apply: nothing suppressed


def test_queue_fills_positions_by_descending_weight_and_drops_the_rest() -> None:
    positions = tuple(Position(Offset(10), "left", Offset(y), "top") for y in (10, 100))
    defs = [_d("low", queue="q", weight=1), _d("high", queue="q", weight=9), _d("mid", queue="q", weight=5),
            _d("plain")]
    overlays = OverlaySet(defs, {("a.yml", "q"): Queue("q", positions, "a.yml:1")})
    found = stacks(overlays, {0: [1], 1: [1], 2: [1], 3: [1]})[1]
    assert [p.definition.name for p in found] == ["plain", "high", "mid"]
    assert [p.position.vertical_offset.value for p in found[1:] if p.position] == [10, 100]
    alone = stacks(overlays, {0: [1]})[1]
    assert alone[0].position == positions[0]  # the only queued overlay takes the first position


def test_items_without_overlays_have_no_stack() -> None:
    overlays = OverlaySet([_d("A")])
    assert stacks(overlays, {0: [2]}) .keys() == {2}
    assert stacks(overlays, {}) == {}
