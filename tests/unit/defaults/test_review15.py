"""Review 15: defects in our ``default:`` files, each an xfail(strict) test that passes once fixed.

Checked against Kometa's docs (``docs/defaults/...``) and, where the docs are silent, its behaviour
(``modules/meta.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kometa.config.definitions import load_definitions
from kometa.config.loader import load_config

from .test_every_default import _validate


def _names(tmp_path: Path, name: str, kind: str, variables: str = "{}") -> list[str]:
    path = tmp_path / "names.yml"
    path.write_text("plex: {url: http://x, token: t}\ntmdb: {apikey: 0123456789abcdef0123456789abcdef}\n"
                    f"libraries:\n  Lib:\n    template_variables: {{library_type: {kind}}}\n    collection_files:\n"
                    f"    - default: {name}\n      template_variables: {variables}\n", encoding="utf-8")
    config = load_config(path)
    return [d.name for d in load_definitions(config, config.libraries["Lib"], library_type=kind)]


def test_data_replaces_a_custom_sets_data(tmp_path: Path) -> None:
    names = _names(tmp_path, "seasonal", "movie", "{data: {christmas: Xmas}}")
    assert "Xmas Movies" in names
    assert "Easter Movies" not in names and "Halloween Movies" not in names, names


@pytest.mark.parametrize(("kind", "title"), [("movie", "Apple TV Movies"), ("show", "Apple TV Shows")])
def test_streaming_apple_tv_is_named_as_kometa(tmp_path: Path, kind: str, title: str) -> None:
    assert title in _names(tmp_path, "streaming", kind)


def test_seasonal_aapi_is_named_as_kometa(tmp_path: Path) -> None:
    assert "Asian American Pacific Islander Movies" in _names(tmp_path, "seasonal", "movie")


def test_ratings_takes_a_per_rating_back_color(tmp_path: Path) -> None:
    code, out = _validate(tmp_path, "overlay_files", "ratings", "movie",
                          {"rating1": "critic", "rating1_image": "imdb", "rating1_back_color": "#000000"})
    assert code == 0, out


@pytest.mark.parametrize("variable", ["git", "repo", "rating1_git", "rating1_repo"])
def test_ratings_git_and_repo_are_not_done_not_unknown(tmp_path: Path, variable: str) -> None:
    code, out = _validate(tmp_path, "overlay_files", "ratings", "movie", {variable: "images/logo"})
    assert code == 1 and "not done by this version" in out, out


def test_ratings_unknown_image_is_an_error(tmp_path: Path) -> None:
    code, out = _validate(tmp_path, "overlay_files", "ratings", "movie", {"rating1": "critic", "rating1_image": "bogus"})
    assert code == 2 and "rating1_image" in out, out


@pytest.mark.parametrize(("section", "name", "kind", "variables", "variable"), [
    ("collection_files", "streaming", "movie", {"limit": "abc"}, "limit"),
    ("collection_files", "streaming", "movie", {"sort_by": "nonsense"}, "sort_by"),
    ("collection_files", "basic", "show", {"in_the_last_episodes": "abc"}, "in_the_last_episodes"),
    ("overlay_files", "ratings", "movie", {"rating1": "critic", "rating1_image": "imdb", "font": "/nope.ttf"}, "font")])
def test_bad_variable_value_is_located_in_the_users_config(tmp_path: Path, section: str, name: str, kind: str,
                                                            variables: dict[str, Any], variable: str) -> None:
    code, out = _validate(tmp_path, section, name, kind, variables)
    errors = [line for line in out.splitlines() if "error:" in line]
    assert code == 2 and errors, out
    assert all(str(tmp_path / "config.yml") in line and variable in line for line in errors), errors


@pytest.mark.parametrize(("name", "kind", "variable"), [("basic", "movie", "name_episodes"),
                                                        ("imdb", "show", "name_lowest"),
                                                        ("streaming", "movie", "name_hayu")])
def test_a_key_of_the_other_library_type_is_warned_about(tmp_path: Path, name: str, kind: str, variable: str) -> None:
    code, out = _validate(tmp_path, "collection_files", name, kind, {variable: "Renamed"})
    assert code == 0 and any("warning" in line and variable in line for line in out.splitlines()), out
