"""Templates in overlay files: the overlay text variables (<<audience_rating#>>, <<runtimeH>>, ...)
are left for the overlay stage, template variables around them are filled, and a condition's name
may use variables (``file_<<key>>.exists``)."""

from __future__ import annotations

from collections.abc import Callable

from kometa.overlays.model import OverlaySet

Load = Callable[[str], OverlaySet]

FILE = """
templates:
  badge:
    default:
      label: Rated
    conditionals:
      where:
        conditions:
          - {side_<<key>>.exists: true, value: right}
        default: left
    overlay:
      name: text(<<label>> <<audience_rating#>> <<runtimeH>>h <<trakt_rating>>)
      horizontal_align: <<where>>
      horizontal_offset: 10
      vertical_offset: 10
    plex_all: true
overlays:
  A:
    template: {name: badge, key: a}
  B:
    template: {name: badge, key: b, side_b: yes, label: Score}
"""


def test_overlay_text_variables_pass_through_templates(load: Load) -> None:
    found = load(FILE.replace(" <<trakt_rating>>", ""))
    assert found.errors == []
    specs = {d.name: d.spec for d in found.definitions}
    assert specs["A"].text == "Rated <<audience_rating#>> <<runtimeH>>h"
    assert specs["B"].text == "Score <<audience_rating#>> <<runtimeH>>h"


def test_a_condition_name_may_use_variables(load: Load) -> None:
    found = load(FILE.replace(" <<trakt_rating>>", ""))
    positions = {d.name: d.spec.position for d in found.definitions}
    assert positions["A"] is not None and positions["A"].horizontal_align == "left"
    assert positions["B"] is not None and positions["B"].horizontal_align == "right"


def test_text_variables_from_services_pass_through_templates(load: Load) -> None:
    found = load(FILE)  # <<trakt_rating>> passes the template engine and is a service variable of the overlay stage
    assert found.errors == []
    assert {d.spec.text for d in found.definitions} == {"Rated <<audience_rating#>> <<runtimeH>>h <<trakt_rating>>",
                                                        "Score <<audience_rating#>> <<runtimeH>>h <<trakt_rating>>"}


def test_a_misspelt_template_variable_is_still_an_error(load: Load) -> None:
    found = load(FILE.replace("<<label>>", "<<lable>>"))
    assert found.errors and all("needs variable 'lable'" in e for e in found.errors)
