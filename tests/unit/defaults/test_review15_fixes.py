"""Review 15's fixes beyond its own tests (test_review15.py): what each fix must still let through,
and the run's side of the other-library-type warning."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from kometa.config.definitions import load_definitions
from kometa.config.loader import load_config

from .test_every_default import _validate


def _definitions(tmp_path: Path, section: str, name: str, kind: str, variables: str = "{}") -> list[Any]:
    path = tmp_path / "defs.yml"
    path.write_text("plex: {url: http://x, token: t}\ntmdb: {apikey: 0123456789abcdef0123456789abcdef}\n"
                    f"libraries:\n  Lib:\n    template_variables: {{library_type: {kind}}}\n    {section}:\n"
                    f"    - default: {name}\n      template_variables: {variables}\n", encoding="utf-8")
    config = load_config(path)
    return list(load_definitions(config, config.libraries["Lib"], library_type=kind,
                                 kind="overlay" if section == "overlay_files" else None))


@pytest.mark.parametrize(("name", "kind", "data", "wanted", "gone"), [
    ("universe", "movie", "{star: Star Wars}", "Star Wars", "Marvel Cinematic Universe"),
    ("universe", "show", "{star: Star Wars}", "Star Wars", "Marvel Cinematic Universe"),
    ("seasonal", "movie", "{easter: Easter}", "Easter Movies", "Christmas Movies")])
def test_data_replaces_every_custom_set(tmp_path: Path, name: str, kind: str, data: str, wanted: str,
                                        gone: str) -> None:
    before = [d.name for d in _definitions(tmp_path, "collection_files", name, kind)]
    assert gone in before
    names = [d.name for d in _definitions(tmp_path, "collection_files", name, kind, f"{{data: {data}}}")]
    assert wanted in names and gone not in names, names


def test_append_data_still_adds_to_a_custom_set(tmp_path: Path) -> None:
    names = [d.name for d in _definitions(tmp_path, "collection_files", "seasonal", "movie",
                                          "{append_data: {apes: Apes Day}, schedule_apes: daily}")]
    assert "Apes Day Movies" in names and "Christmas Movies" in names


def test_a_rating_back_color_is_that_badge_s_only(tmp_path: Path) -> None:
    found = _definitions(tmp_path, "overlay_files", "ratings", "movie",
                         "{rating1: critic, rating1_image: imdb, rating2: audience, rating2_image: tmdb, "
                         "rating1_back_color: '#112233', back_width: 170, rating2_back_width: 180}")
    overlays = {d.name: d.data["overlay"] for d in found}
    assert overlays["Rating1-High"]["back_color"] == overlays["Rating1-Low"]["back_color"] == "#112233"
    assert overlays["Rating2-High"]["back_color"] == "#00000099"  # the shared default
    assert overlays["Rating1-High"]["back_width"] == 170 and overlays["Rating2-Low"]["back_width"] == 180


@pytest.mark.parametrize(("kind", "variable", "warned"), [("show", "edition_vertical_offset", True),
                                                          ("show", "use_edition", True),
                                                          ("show", "use_extended", True),
                                                          ("movie", "use_extended", False),
                                                          ("show", "use_4k", False)])
def test_resolution_edition_variables_in_a_show_library(tmp_path: Path, kind: str, variable: str,
                                                        warned: bool) -> None:
    value: Any = 100 if variable.endswith("offset") else False
    code, out = _validate(tmp_path, "overlay_files", "resolution", kind, {variable: value})
    warnings = [line for line in out.splitlines() if "warning" in line and variable in line]
    assert code == 0, out
    assert bool(warnings) is warned, out
    assert all(f"{tmp_path / 'config.yml'}:" in line and "only for movie" in line for line in warnings)


def test_the_variable_of_the_library_s_own_key_is_not_warned(tmp_path: Path) -> None:
    code, out = _validate(tmp_path, "collection_files", "basic", "show", {"name_episodes": "Renamed"})
    assert code == 0 and "name_episodes" not in out, out


def test_a_run_logs_the_other_type_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        names = [d.name for d in _definitions(tmp_path, "collection_files", "imdb", "show", "{name_lowest: Worst}")]
    assert "Worst" not in names
    assert any("name_lowest" in r.getMessage() and "defs.yml:7" in r.getMessage() for r in caplog.records), \
        caplog.text


def test_an_unknown_rating_image_lists_the_images(tmp_path: Path) -> None:
    code, out = _validate(tmp_path, "overlay_files", "ratings", "movie", {"rating2": "user", "rating2_image": "bogus"})
    assert code == 2 and f"{tmp_path / 'config.yml'}:" in out
    assert "rating2_image must be one of anidb, imdb," in out and "trakt, got 'bogus'" in out, out
