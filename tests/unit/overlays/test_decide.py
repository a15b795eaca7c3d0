"""Incremental decisions from the listing and the state alone: leave, render (backup or download), restore."""

from __future__ import annotations

from pathlib import Path

from kometa.overlays.decide import decide, missing_lines
from kometa.overlays.model import OverlayDef, OverlaySpec, Position
from kometa.overlays.render import Layer
from kometa.overlays.stack import Placed
from kometa.overlays.state import Entry, OverlayState, signature
from kometa.plex.snapshot import Item

CANVAS = (1000, 1500)
SPEC = OverlaySpec("text(<<audience_rating>>)", "text", text="<<audience_rating>>", position=Position())
DEF = OverlayDef("Rating", SPEC, {}, "o.yml:2", "o.yml")


def _item(key: int, thumb: str, rating: float | None = 7.5, labels: tuple[str, ...] = ()) -> Item:
    return Item(key, "movie", {"title": f"Movie {key}", "thumb": thumb, "audience_rating": rating, "label": labels,
                               "has_overlay": "Overlay" in labels})


def _state(tmp_path: Path, key: int, thumb: str, text: str = "7.5") -> OverlayState:
    state = OverlayState(tmp_path)
    sig = signature("sha-orig", CANVAS, (Layer(SPEC, SPEC.position, text),))
    state.put("Movies", key, Entry(thumb, sig, "sha-orig", f"{key}.jpg"))
    return state


def test_first_time_downloads() -> None:
    found = decide({1: _item(1, "/t/1")}, {1: [Placed(DEF, SPEC.position)]}, OverlayState(Path("/nonexistent")),
                   "Movies", CANVAS)
    assert [(w.rating_key, w.download, w.reason) for w in found.render] == [(1, True, "first overlay")]


def test_unchanged_when_thumb_and_signature_match(tmp_path: Path) -> None:
    found = decide({1: _item(1, "/t/9")}, {1: [Placed(DEF, SPEC.position)]}, _state(tmp_path, 1, "/t/9"), "Movies",
                   CANVAS)
    assert found.unchanged == [1] and found.render == [] and found.restore == []


def test_changed_text_value_renders_from_the_backup(tmp_path: Path) -> None:
    found = decide({1: _item(1, "/t/9", rating=6.0)}, {1: [Placed(DEF, SPEC.position)]},
                   _state(tmp_path, 1, "/t/9"), "Movies", CANVAS)
    assert [(w.download, w.reason) for w in found.render] == [(False, "overlays changed")]
    assert found.render[0].layers[0].text == "6.0"


def test_new_thumb_means_new_art_downloaded_as_the_new_original(tmp_path: Path) -> None:
    found = decide({1: _item(1, "/t/10")}, {1: [Placed(DEF, SPEC.position)]}, _state(tmp_path, 1, "/t/9"),
                   "Movies", CANVAS)
    assert [(w.download, w.reason) for w in found.render] == [(True, "new poster in Plex")]


def test_reapply_and_remove(tmp_path: Path) -> None:
    state = _state(tmp_path, 1, "/t/9")
    stacks = {1: [Placed(DEF, SPEC.position)]}
    assert decide({1: _item(1, "/t/9")}, stacks, state, "Movies", CANVAS, reapply=True).render[0].reason == \
        "reapply_overlays"
    removed = decide({1: _item(1, "/t/9")}, stacks, state, "Movies", CANVAS, remove=True)
    assert [key for key, _, _ in removed.restore] == [1] and removed.render == []


def test_no_longer_matching_is_restored_foreign_label_is_left(tmp_path: Path) -> None:
    items = {1: _item(1, "/t/9"), 2: _item(2, "/t/2", labels=("Overlay",))}
    found = decide(items, {}, _state(tmp_path, 1, "/t/9"), "Movies", CANVAS)
    assert [key for key, _, _ in found.restore] == [1] and found.foreign == [2]


def test_missing_text_value_leaves_that_overlay_off_with_a_warning(tmp_path: Path) -> None:
    found = decide({1: _item(1, "/t/1", rating=None)}, {1: [Placed(DEF, SPEC.position)]}, OverlayState(tmp_path),
                   "Movies", CANVAS)
    assert found.render == []
    [line] = missing_lines(found.missing)
    assert "o.yml:2" in line and "'Movie 1'" in line and "(1 item:" in line and "left off its poster" in line


def test_signature_covers_image_file_contents(tmp_path: Path) -> None:
    image = tmp_path / "i.png"
    image.write_bytes(b"one")
    spec = OverlaySpec("i", "image", image=str(image), position=Position())
    first = signature("o", CANVAS, (Layer(spec, spec.position),))
    image.write_bytes(b"two!")
    assert signature("o", CANVAS, (Layer(spec, spec.position),)) != first
    assert signature("other", CANVAS, (Layer(spec, spec.position),)) != signature("o", CANVAS, (Layer(spec, spec.position),))
