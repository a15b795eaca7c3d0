"""Queues as Kometa documents them: named position sets chosen by template variables, settings.default,
settings.conditionals, dynamic positions, overlay_limit; and conditionals in overlay templates."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from kometa.config import load_config
from kometa.config.files import load_documents
from kometa.overlays.model import OverlaySet
from kometa.overlays.parse import load_overlays

Loader = Callable[..., OverlaySet]

SETS = """
queues:
  rating:
    top_left:
      - horizontal_align: left
        vertical_align: top
        horizontal_offset: 15
        vertical_offset: 15
      - vertical_offset: 120
    bottom_right:
      - horizontal_align: right
        vertical_align: bottom
        horizontal_offset: 15
        vertical_offset: 15
      - vertical_offset: 120
overlays:
  A:
    overlay:
      name: text(A)
      queue: rating
      weight: 20
    plex_all: true
"""


@pytest.fixture
def load(tmp_path: Path) -> Loader:
    def run(text: str, variables: str = "", library_variables: str = "") -> OverlaySet:
        (tmp_path / "Overlays.yml").write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        entry = "      - file: Overlays.yml\n"
        if variables:
            entry += "        template_variables:\n" + textwrap.indent(textwrap.dedent(variables), " " * 10)
        lib_vars = ("    template_variables:\n" + textwrap.indent(textwrap.dedent(library_variables), " " * 6)
                    if library_variables else "")
        (tmp_path / "config.yml").write_text(
            f"plex:\n  url: http://127.0.0.1:1\n  token: x\nlibraries:\n  Movies:\n{lib_vars}    overlay_files:\n"
            f"{entry}", encoding="utf-8")
        config = load_config(tmp_path / "config.yml")
        return load_overlays(config, config.libraries["Movies"], load_documents, "movie")

    return run


def _positions(found: OverlaySet, name: str = "rating") -> list[tuple[str, str, float, float]]:
    assert found.errors == []
    queue = next(q for (_, n), q in found.queues.items() if n == name)
    return [(p.horizontal_align, p.vertical_align, p.horizontal_offset.value, p.vertical_offset.value)
            for p in queue.positions]


def test_first_set_without_a_position_variable(load: Loader) -> None:
    assert _positions(load(SETS)) == [("left", "top", 15, 15), ("left", "top", 15, 120)]


def test_position_variable_chooses_the_set(load: Loader) -> None:
    assert _positions(load(SETS, "position: bottom_right\n")) == [("right", "bottom", 15, 15),
                                                                  ("right", "bottom", 15, 120)]
    assert _positions(load(SETS, "position_rating: bottom_right\nposition: top_left\n"))[0][0] == "right"
    assert _positions(load(SETS, library_variables="position: bottom_right\n"))[0][0] == "right"


def test_position_variable_may_be_a_list_of_positions(load: Loader) -> None:
    found = load(SETS, "position:\n  - horizontal_offset: 5\n    vertical_offset: 6\n")
    assert _positions(found) == [("left", "top", 5, 6)]


def test_unknown_set_is_a_located_error_naming_the_sets(load: Loader) -> None:
    found = load(SETS, "position: middle\n")
    assert "Overlays.yml:2:" in found.errors[0] and "top_left, bottom_right" in found.errors[0]
    assert "queue 'rating' is not defined" in found.errors[1]  # its overlays are left out, named


def test_settings_default_and_conditionals(load: Loader) -> None:
    text = """
    queues:
      badges:
        settings:
          default:
            side: left
            vertical_offset: 30
          conditionals:
            horizontal_align:
              default: left
              conditions:
                - side: right
                  value: right
          position: <<side>>_set
        left_set:
          - horizontal_offset: 10
          - vertical_offset: 90
        right_set:
          - horizontal_offset: 20
    templates:
      side:
        overlay:
          name: text(<<side>>)
          queue: badges
          weight: 1
        plex_all: true
    overlays:
      A:
        template: {name: side}
    """
    found = load(text)
    assert _positions(found, "badges") == [("left", "top", 10, 30), ("left", "top", 10, 90)]
    assert found.definitions[0].spec.text == "left"  # the default is a template variable of the file too
    found = load(text, "side: right\n")
    assert _positions(found, "badges") == [("right", "top", 20, 30)]
    assert found.definitions[0].spec.text == "right"


def test_conditionals_not_modifier_works(load: Loader) -> None:
    text = SETS.replace("  rating:\n", "  rating:\n    settings:\n      position: <<corner>>\n      conditionals:\n"
                        "        corner:\n          default: top_left\n          conditions:\n"
                        "            - style.not: corner\n              value: bottom_right\n")
    assert _positions(load(text))[0][0] == "right"
    assert _positions(load(text, "style: corner\n"))[0][0] == "left"


def test_dynamic_position_and_overlay_limit(load: Loader) -> None:
    text = """
    queues:
      flags:
        settings:
          dynamic_position:
            initial_vertical_align: top
            initial_horizontal_align: left
            initial_vertical_offset: 15
            initial_horizontal_offset: 15
            vertical_spacing: 60
            horizontal_spacing: 0
            surround: false
          overlay_limit: 3
    overlays:
      A:
        overlay:
          name: text(A)
          queue: flags
          weight: 1
        plex_all: true
    """
    assert [p[3] for p in _positions(load(text), "flags")] == [15, 75, 135]  # as Kometa's docs say
    surround = text.replace("surround: false", "surround: true").replace("initial_vertical_offset: 15",
                                                                         "initial_vertical_offset: 500")
    assert [p[3] for p in _positions(load(surround), "flags")] == [500, 560, 440]
    assert len(_positions(load(text, "overlay_limit: 2\n"), "flags")) == 2


def test_bad_settings_are_located_errors(load: Loader) -> None:
    found = load(SETS.replace("  rating:\n", "  rating:\n    settings:\n      conditionals:\n        x: 1\n"))
    assert "Overlays.yml:2:" in found.errors[0] and "needs conditions" in found.errors[0]
    found = load(SETS, "overlay_limit: lots\n")
    assert "overlay_limit must be a whole number" in found.errors[0]


def test_conditionals_in_overlay_templates(load: Loader) -> None:
    text = """
    templates:
      badge:
        conditionals:
          colour:
            default: "#FFFFFF"
            conditions:
              - kind: gold
                value: "#FFD700"
        overlay:
          name: text(<<kind>>)
          horizontal_offset: 0
          vertical_offset: 0
          font_color: <<colour>>
        plex_all: true
    overlays:
      Gold:
        template: {name: badge, kind: gold}
      Plain:
        template: {name: badge, kind: plain}
    """
    found = load(text)
    assert found.errors == []
    colours = {d.name: d.spec.style.font_color for d in found.definitions}
    assert colours == {"Gold": (255, 215, 0, 255), "Plain": (255, 255, 255, 255)}
