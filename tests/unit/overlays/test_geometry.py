"""Kometa's overlay geometry (spec 7.2) on small canvases: every alignment, offset, percent and box rule."""

from __future__ import annotations

import pytest

from kometa.overlays.geometry import addon_layout, axis, back_box, content_in_box, place, scaled
from kometa.overlays.model import Back, Offset, Position


@pytest.mark.parametrize(("align", "offset", "expected"), [
    ("left", 0, 0), ("left", 7, 7), ("top", 7, 7),
    ("right", 0, 80), ("right", 5, 75), ("bottom", 5, 75),
    ("center", 0, 40), ("center", 5, 45), ("center", -5, 35),
])
def test_axis(align: str, offset: int, expected: int) -> None:
    assert axis(100, 20, offset, align) == expected


def test_center_truncates_both_halves_like_kometa() -> None:
    assert axis(101, 21, 0, "center") == 50 - 10  # int(101/2) - int(21/2)
    assert axis(100, 21, 0, "center") == 50 - 10


def test_place_percent_offsets_are_of_the_canvas_side_truncated() -> None:
    position = Position(Offset(10, True), "left", Offset(10, True), "bottom")
    # 10% of 105 = 10.5 -> 10; 10% of 155 = 15.5 -> 15
    assert place((105, 155), (20, 30), position) == (10, 155 - 30 - 15)


def test_place_right_bottom_and_center() -> None:
    assert place((1000, 1500), (100, 50), Position(Offset(30), "right", Offset(30), "bottom")) == (870, 1420)
    assert place((1000, 1500), (100, 50), Position(Offset(0), "center", Offset(-50), "center")) == (450, 675)
    assert place((1920, 1080), (200, 100), Position(Offset(50, True), "left", Offset(0), "top")) == (960, 0)


def test_scaled_keeps_aspect_with_one_side_and_percent_is_of_the_image() -> None:
    assert scaled((200, 100), Offset(100), None) == (100, 50)
    assert scaled((200, 100), None, Offset(25)) == (50, 25)
    assert scaled((200, 100), Offset(50, True), None) == (100, 50)
    assert scaled((200, 100), Offset(30), Offset(40)) == (30, 40)
    assert scaled((200, 100), None, None) == (200, 100)


def test_back_box_fixed_sides_and_content_fallback() -> None:
    assert back_box((40, 20), Back(width=100), (1000, 1500)) == (100, 20)
    assert back_box((40, 20), Back(height=60), (1000, 1500)) == (40, 60)
    assert back_box((0, 0), Back(height=100), (1000, 1500), backdrop=True) == (1000, 100)
    assert back_box((0, 0), Back(), (1000, 1500), backdrop=True) == (1000, 1500)


@pytest.mark.parametrize(("align", "expected"), [
    ("center", (30, 20)), ("left", (0, 20)), ("right", (60, 20)), ("top", (30, 0)), ("bottom", (30, 40)),
])
def test_content_in_fixed_box(align: str, expected: tuple[int, int]) -> None:
    assert content_in_box((100, 60), (40, 20), Back(width=100, height=60, align=align)) == expected


@pytest.mark.parametrize(("where", "size", "text_at", "image_at"), [
    ("left", (75, 30), (35, 5), (0, 0)),
    ("right", (75, 30), (0, 5), (45, 0)),
    ("top", (40, 55), (0, 35), (5, 0)),
    ("bottom", (40, 55), (0, 0), (5, 25)),
])
def test_addon_layout(where: str, size: tuple[int, int], text_at: tuple[int, int], image_at: tuple[int, int]) -> None:
    # text 40x20, image 30x30, gap 5
    assert addon_layout((40, 20), (30, 30), where, 5) == (size, text_at, image_at)
