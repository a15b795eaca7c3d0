"""Overlay files -> specs; every bad input is one file:line message and the other definitions still load."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from kometa.overlays.model import Offset, OverlaySet
from kometa.overlays.parse import parse_color, parse_offset

Load = Callable[[str], OverlaySet]  # the ``load`` fixture (conftest.py)


def _one_error(found: OverlaySet) -> str:
    errors = found.errors
    assert len(errors) == 1, errors
    return str(errors[0])


TEXT = """
overlays:
  Badge:
    overlay:
      name: text(4K)
{extra}
    plex_all: true
"""


def _text(extra: str) -> str:
    return TEXT.format(extra="\n".join(f"      {line}" for line in extra.strip().splitlines()))


def test_text_overlay_parses_with_defaults(load: Load) -> None:
    found = load(_text("horizontal_offset: 10\nvertical_offset: 5%"))
    assert found.errors == []
    spec = found.definitions[0].spec
    assert (spec.kind, spec.text, spec.style.font_size, spec.style.font_color) == ("text", "4K", 36, (255, 255, 255, 255))
    assert spec.position is not None and spec.position.vertical_offset == Offset(5, True)
    assert spec.position.horizontal_align == "left" and spec.position.vertical_align == "top"


@pytest.mark.parametrize(("extra", "line", "words"), [
    ("horizontal_offset: 10", 5, "vertical_offset is missing"),
    ("vertical_offset: 10", 5, "horizontal_offset is missing"),
    ("horizontal_offset: 10\nvertical_offset: 10\nfont_color: '#12345'", 7, "font_color"),
    ("horizontal_offset: 10\nvertical_offset: 10\nback_color: blue", 7, "not a colour"),
    ("horizontal_offset: -5\nvertical_offset: 10", 5, "0 or more unless the alignment is center"),
    ("horizontal_offset: 120%\nvertical_offset: 10", 5, "between 0% and 100%"),
    ("horizontal_align: center\nhorizontal_offset: 60%\nvertical_offset: 10", 6, "between -50% and 50%"),
    ("horizontal_offset: 10\nvertical_offset: 10\nfont: nowhere/Missing.ttf", 7, "font file 'nowhere/Missing.ttf' not found"),
    ("horizontal_offset: 10\nvertical_offset: 10\nhorizontal_align: middle", 7, "horizontal_align must be one of"),
    ("horizontal_offset: 10\nvertical_offset: 10\nsize: 3", 7, "unknown overlay key 'size'"),
    ("horizontal_offset: 10\nvertical_offset: 10\nback_align: left", 7, "back_align only works together with back_width"),
    ("group: g", 5, "group and queue need a weight"),
])
def test_bad_overlay_keys_are_located(load: Load, extra: str, line: int, words: str) -> None:
    message = _one_error(load(_text(extra)))
    assert f"Overlays.yml:{line}:" in message and words in message


def test_text_without_coordinates_is_an_error(load: Load) -> None:
    message = _one_error(load(_text("font_size: 40")))
    assert "Overlays.yml:4:" in message and "needs horizontal_offset and vertical_offset" in message


def test_missing_image_and_unsupported_sources(load: Load) -> None:
    message = _one_error(load("""
    overlays:
      Ribbon:
        overlay:
          name: ribbon
          file: images/ribbon.png
        plex_all: true
    """))
    assert "Overlays.yml:5:" in message and "image file 'images/ribbon.png' not found" in message
    message = _one_error(load("""
    overlays:
      Ribbon:
        plex_all: true
    """))
    assert "no image for 'Ribbon'" in message and "overlays/Ribbon.png" in message
    message = _one_error(load("""
    overlays:
      Ribbon:
        overlay:
          name: ribbon
          default: ribbon/purple/imdb.png
        plex_all: true
    """))
    assert "Overlays.yml:5:" in message and "no bundled image 'ribbon/purple/imdb.png'" in message
    assert "ribbon/<yellow|gray|black|red>" in message


def test_image_found_beside_the_config(load: Load, tmp_path: Path) -> None:
    (tmp_path / "overlays").mkdir()
    Image.new("RGBA", (10, 10)).save(tmp_path / "overlays" / "Ribbon.png")
    found = load("""
    overlays:
      Ribbon:
        plex_all: true
    """)
    assert found.errors == [] and found.definitions[0].spec.image == str(tmp_path / "overlays" / "Ribbon.png")


def test_unknown_text_variable_is_located(load: Load) -> None:
    overlays = load(TEXT.replace("text(4K)", "text(<<trakt_rating>> <<imdb_rating>> <<anidb_score_rating>>)").format(
        extra="      horizontal_offset: 0\n      vertical_offset: 0"))
    assert overlays.errors == []  # service ratings are known variables
    message = _one_error(load(TEXT.replace("text(4K)", "text(<<rating>>)").format(
        extra="      horizontal_offset: 0\n      vertical_offset: 0")))
    assert "unknown text variable <<rating>>" in message


QUEUED = """
queues:
  right:
    - horizontal_align: right
      horizontal_offset: 10
      vertical_offset: 10
    - vertical_offset: 100
overlays:
  A:
    overlay:
      name: text(A)
      queue: right
      weight: 20
    plex_all: true
  B:
    overlay:
      name: text(B)
      queue: right
      weight: {weight}
    plex_all: true
"""


def test_queue_positions_inherit_from_the_previous(load: Load) -> None:
    found = load(QUEUED.format(weight=10))
    assert found.errors == []
    queue = next(iter(found.queues.values()))
    assert [p.vertical_offset.value for p in queue.positions] == [10, 100]
    assert [p.horizontal_align for p in queue.positions] == ["right", "right"]


def test_equal_queue_weights_are_an_error(load: Load) -> None:
    found = load(QUEUED.format(weight=20))
    message = _one_error(found)
    assert "Overlays.yml:14:" in message and "weight 20 is already used by 'A'" in message
    assert [d.name for d in found.definitions] == ["A"]


def test_unknown_queue_and_group_with_queue(load: Load) -> None:
    message = _one_error(load(QUEUED.format(weight=10).replace("queue: right\n      weight: 20", "queue: left\n      weight: 20")))
    assert "queue 'left' is not defined" in message
    message = _one_error(load(_text("group: g\nqueue: q\nweight: 1")))
    assert "both group and queue" in message


def test_collection_only_key_and_builder_level(load: Load) -> None:
    message = _one_error(load(_text("horizontal_offset: 1\nvertical_offset: 1").replace(
        "    plex_all: true", "    plex_all: true\n    collection_order: alpha")))
    assert "Overlays.yml:8:" in message and "collection setting" in message
    message = _one_error(load(_text("horizontal_offset: 1\nvertical_offset: 1").replace(
        "    plex_all: true", "    plex_all: true\n    builder_level: film")))
    assert "builder_level must be season or episode (show libraries) or album or track (music" in message


def test_show_filtered_is_not_an_overlay_key(load: Load) -> None:
    message = _one_error(load(_text("horizontal_offset: 1\nvertical_offset: 1").replace(
        "    plex_all: true", "    plex_all: true\n    show_filtered: true")))
    assert "Overlays.yml:8:" in message and "'show_filtered' cannot be set on an overlay definition" in message


def test_templates_apply_to_overlays(load: Load) -> None:
    found = load("""
    templates:
      badge:
        overlay:
          name: text(<<label>>)
          horizontal_offset: <<x>>
          vertical_offset: 10
        plex_all: true
    overlays:
      HDR:
        template: {name: badge, label: HDR, x: 30}
    """)
    assert found.errors == []
    spec = found.definitions[0].spec
    assert spec.text == "HDR" and spec.position is not None and spec.position.horizontal_offset == Offset(30)


def test_blur_and_backdrop(load: Load) -> None:
    found = load("""
    overlays:
      Blur:
        overlay: blur(20)
        plex_all: true
      Band:
        overlay:
          name: backdrop
          back_color: "#00000099"
          back_height: 100
          vertical_align: bottom
        plex_all: true
    """)
    assert found.errors == []
    blur, band = (d.spec for d in found.definitions)
    assert (blur.kind, blur.blur) == ("blur", 20)
    assert band.kind == "backdrop" and band.position is not None and band.position.vertical_align == "bottom"
    assert band.back.color == (0, 0, 0, 0x99) and band.back.height == 100


@pytest.mark.parametrize(("text", "rgba"), [
    ("#FFF", (255, 255, 255, 255)), ("#0F08", (0, 255, 0, 136)), ("#102030", (16, 32, 48, 255)),
    ("#10203040", (16, 32, 48, 64)), ("abc", (170, 187, 204, 255)),
])
def test_colours(text: str, rgba: tuple[int, int, int, int]) -> None:
    assert parse_color(text) == rgba


@pytest.mark.parametrize("bad", ["#12345", "#GGG", "red", ""])
def test_bad_colours(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_color(bad)


def test_offsets() -> None:
    assert parse_offset("10%", False) == Offset(10, True)
    assert parse_offset(-20, True) == Offset(-20)
    with pytest.raises(ValueError):
        parse_offset("10.5%", False)
    with pytest.raises(ValueError):
        parse_offset("1.5", False)


def test_run_definition_and_allowed_library_types(load: Load) -> None:
    found = load("""
    overlays:
      Off:
        run_definition: false
        overlay: {name: text(A), horizontal_offset: 0, vertical_offset: 0}
        plex_all: true
      ShowsOnly:
        allowed_library_types: show
        overlay: {name: text(B), horizontal_offset: 0, vertical_offset: 0}
        plex_all: true
      Movies:
        run_definition: movie, show
        allowed_library_types: [movie]
        overlay: {name: text(C), horizontal_offset: 0, vertical_offset: 0}
        plex_all: true
      Both:
        run_definition: true
        allowed_library_types: show
        overlay: {name: text(D), horizontal_offset: 0, vertical_offset: 0}
        plex_all: true
      Listed:
        run_definition: [true, true, movie]
        overlay: {name: text(E), horizontal_offset: 0, vertical_offset: 0}
        plex_all: true
      OneFalse:
        run_definition: [true, false]
        overlay: {name: text(F), horizontal_offset: 0, vertical_offset: 0}
        plex_all: true
    """)
    assert found.errors == []
    assert [d.name for d in found.definitions] == ["Movies", "Listed"]  # the library here is a movie library
    assert "run_definition" not in found.definitions[0].data


@pytest.mark.parametrize("key", ["smart_filter", "smart_label", "smart_url"])
def test_smart_builders_are_a_located_error(load: Load, key: str) -> None:
    message = _one_error(load(_text("horizontal_offset: 1\nvertical_offset: 1").replace(
        "    plex_all: true", f"    plex_all: true\n    {key}: {{all: {{genre: Action}}}}")))
    assert "Overlays.yml:8:" in message and f"'{key}' makes a smart collection" in message
    assert "plex_search" in message
