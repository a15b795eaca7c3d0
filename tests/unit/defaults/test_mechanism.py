"""``- default: NAME``: files found by kind and library type, default_info stripped, variables checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from kometa.config import defaults
from kometa.config.definitions import load_definitions
from kometa.config.loader import load_config
from kometa.config.unbuilt import config_lines
from kometa.core.errors import ConfigError

SHARED = (Path(defaults.__file__).resolve().parent.parent / "defaults" / "templates" / "shared.yml").read_text()

DEMO = """default_info:
  title: Demo Charts
  libraries: [movie, show]
  keys: [alpha, beta]
  shared: collection
  variables:
    limit: how many items each chart keeps
    limit_<key>: how many items the key's chart keeps
    strict: {meaning: "true or false", example: true, values: [true, false]}
external_templates:
  default: shared
templates:
  chart:
    default:
      limit: 10
      limit_<<key>>: <<limit>>
    plex_all: true
    limit: <<limit_<<key>>>>
collections:
  Demo Alpha:
    variables: {key: alpha}
    template: [{name: shared, summary: The alpha chart}, {name: chart}]
  Demo Beta:
    variables: {key: beta}
    template: [{name: shared}, {name: chart}]
"""


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "defaults"
    for folder in ("collections", "overlays", "playlists", "templates"):
        (root / folder).mkdir(parents=True)
    (root / "templates" / "shared.yml").write_text(SHARED)
    (root / "collections" / "demo.yml").write_text(DEMO)
    monkeypatch.setattr(defaults, "DATA_DIR", root)
    return root


def _config(tmp_path: Path, entry: str, section: str = "collection_files") -> Path:
    path = tmp_path / "config.yml"
    path.write_text(f"libraries:\n  Movies:\n    {section}:\n{entry}plex:\n  url: http://x\n  token: t\n")
    return path


def _load(tmp_path: Path, entry: str, library_type: str = "movie") -> list:
    config = load_config(_config(tmp_path, entry))
    return list(load_definitions(config, config.libraries["Movies"], library_type=library_type))


def test_default_and_pmm_load_with_shared_template(tmp_path: Path, data_dir: Path) -> None:
    for key in ("default", "pmm"):
        found = _load(tmp_path, f"      - {key}: demo\n")
        assert [d.title for d in found] == ["Demo Alpha", "Demo Beta"]
        alpha = found[0].data
        assert alpha["summary"] == "The alpha chart" and alpha["limit"] == 10
        assert alpha["run_definition"] is True and alpha["sort_title"] == "!_<<title>>"
        assert "summary" not in found[1].data and "default_info" not in alpha


def test_template_variables_reach_every_collection(tmp_path: Path, data_dir: Path) -> None:
    found = _load(tmp_path, "      - default: demo\n        template_variables:\n          use_beta: false\n"
                            "          name_alpha: Alpha!\n          limit: 3\n          collection_section: '020'\n"
                            "          order_alpha: 1\n          visible_home: true\n          visible_home_beta: false\n"
                            "          sync_mode: sync\n")
    alpha, beta = (d.data for d in found)
    assert alpha["name"] == "Alpha!" and alpha["limit"] == 3 and alpha["sort_title"] == "!0201_<<title>>"
    assert alpha["visible_home"] is True and beta["visible_home"] is False
    assert alpha["run_definition"] is True and beta["run_definition"] is False
    assert alpha["sync_mode"] == beta["sync_mode"] == "sync"


def test_use_all_false_and_one_back_on(tmp_path: Path, data_dir: Path) -> None:
    found = _load(tmp_path, "      - default: demo\n        template_variables:\n          use_all: false\n"
                            "          use_alpha: true\n")
    assert [d.data["run_definition"] for d in found] == [True, False]


def test_unknown_default_lists_valid_names(tmp_path: Path, data_dir: Path) -> None:
    config = load_config(_config(tmp_path, "      - default: dem\n"))
    with pytest.raises(ConfigError) as caught:
        load_definitions(config, config.libraries["Movies"], library_type="movie")
    assert caught.value.line == 4 and caught.value.file == str(tmp_path / "config.yml")
    assert "no default 'dem' for collection_files (did you mean 'demo'?); the defaults are: demo" in str(caught.value)


def test_kometa_default_not_written_yet_is_not_done(tmp_path: Path, data_dir: Path) -> None:
    config = load_config(_config(tmp_path, "      - default: simkl\n"))
    with pytest.raises(ConfigError) as caught:
        load_definitions(config, config.libraries["Movies"], library_type="movie")
    assert caught.value.line == 4
    assert "Kometa's default 'simkl' for collection_files is not done by this version yet; the defaults " \
           "this version has: demo" in str(caught.value)


def test_overlay_kind_has_its_own_names(tmp_path: Path, data_dir: Path) -> None:
    (data_dir / "overlays" / "ribbon.yml").write_text("default_info: {title: R, libraries: [movie], shared: none}\n"
                                                      "overlays: {}\n")
    config = load_config(_config(tmp_path, "      - default: demo\n", section="overlay_files"))
    with pytest.raises(ConfigError, match="no default 'demo' for overlay_files; the defaults are: ribbon"):
        load_definitions(config, config.libraries["Movies"], library_type="movie", kind="overlay")


def test_unknown_variable_is_located_with_suggestions(tmp_path: Path, data_dir: Path) -> None:
    config = load_config(_config(tmp_path, "      - default: demo\n        template_variables:\n"
                                           "          use_alhpa: false\n"))
    with pytest.raises(ConfigError) as caught:
        load_definitions(config, config.libraries["Movies"], library_type="movie")
    text = str(caught.value)
    assert caught.value.line == 4
    assert "default 'demo' has no template variable 'use_alhpa'; did you mean 'use_alpha'" in text
    assert "valid: limit, limit_<key>, strict;" in text and "per key (alpha, beta)" in text


@pytest.mark.parametrize(("value", "ok"), [("true", True), ("False", True), ("'yes'", False), ("2", False)])
def test_a_variable_with_listed_values_takes_only_those(tmp_path: Path, data_dir: Path, value: str, ok: bool) -> None:
    entry = f"      - default: demo\n        template_variables:\n          strict: {value}\n"
    if ok:
        assert _load(tmp_path, entry)
        return
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, entry)
    assert caught.value.line == 4 and "default 'demo': strict must be true or false, got" in str(caught.value)


def test_language_other_than_english_is_not_pretended(tmp_path: Path, data_dir: Path) -> None:
    config = load_config(_config(tmp_path, "      - default: demo\n        template_variables:\n"
                                           "          language: fr\n"))
    assert len(load_definitions(config, config.libraries["Movies"], library_type="movie")) == 2  # the file runs
    assert config_lines(config) == [f"{tmp_path / 'config.yml'}:4: default demo: language: names and summaries in "
                                    f"'fr' (only English is written) is not done by this version yet"]


def test_keys_and_variables_not_done(tmp_path: Path, data_dir: Path) -> None:
    demo = DEMO.replace("  shared: collection\n", "  shared: collection\n  keys_not_done: [gamma]\n"
                        "  variables_not_done: {style: poster styles}\n")
    (data_dir / "collections" / "demo.yml").write_text(demo)
    quiet = "      - default: demo\n        template_variables:\n          use_gamma: false\n          style: ''\n"
    assert len(_load(tmp_path, quiet)) == 2 and config_lines(load_config(tmp_path / "config.yml")) == []
    cases = (("use_gamma: true", "the 'gamma' collection of this default"),
             ("name_gamma: G", "the 'gamma' collection of this default"),
             ("limit_gamma: 3", "the 'gamma' collection of this default"),
             ("style: white", "poster styles"))
    for asks, part in cases:
        entry = f"      - default: demo\n        template_variables:\n          {asks}\n"
        assert len(_load(tmp_path, entry)) == 2  # the file still runs; the run reports the part and exits 1
        variable = asks.split(":")[0]
        lines = config_lines(load_config(tmp_path / "config.yml"))
        assert lines == [f"{tmp_path / 'config.yml'}:4: default demo: {variable}: {part} is not done by this "
                         f"version yet"], lines


def test_variant_per_library_type_wins_and_types_are_checked(tmp_path: Path, data_dir: Path) -> None:
    (data_dir / "collections" / "demo.show.yml").write_text(
        DEMO.replace("[movie, show]", "[show]").replace("Demo Alpha", "Show Alpha"))
    assert [d.title for d in _load(tmp_path, "      - default: demo\n", "show")] == ["Show Alpha", "Demo Beta"]
    assert [d.title for d in _load(tmp_path, "      - default: demo\n", "movie")] == ["Demo Alpha", "Demo Beta"]
    with pytest.raises(ConfigError, match="default 'demo' \\(Demo Charts\\) is for movie, show libraries; "
                                          "library 'Movies' is a artist library"):
        _load(tmp_path, "      - default: demo\n", "artist")


def test_only_variants_and_info_mistakes(tmp_path: Path, data_dir: Path) -> None:
    (data_dir / "collections" / "solo.movie.yml").write_text(DEMO.replace("[movie, show]", "[movie]"))
    assert defaults.available("collection_files") == ["demo", "solo"]
    assert len(_load(tmp_path, "      - default: solo\n")) == 2
    (data_dir / "collections" / "bad.yml").write_text("collections: {}\n")
    with pytest.raises(ConfigError, match="default 'bad' has no default_info"):
        _load(tmp_path, "      - default: bad\n")


@pytest.mark.parametrize(("location", "section", "name"), [
    ("chart/imdb", "collection_files", "imdb"), ("award/oscars.yml", "collection_files", "oscars"),
    ("both/genre", "collection_files", "genre"), ("movie/country", "collection_files", "country"),
    ("show/network", "collection_files", "network"), ("overlays/ribbon", "overlay_files", "ribbon"),
    ("overlays/ribbon", "collection_files", "overlays/ribbon"), ("chart/x", "overlay_files", "chart/x"),
    ("chart/", "collection_files", "chart/"), (" basic.yaml ", "collection_files", "basic")])
def test_kometa_folder_is_stripped_from_a_default_name(location: str, section: str, name: str) -> None:
    assert defaults.default_name(location, section) == name


def test_default_with_a_folder_and_old_git_form_load(tmp_path: Path, data_dir: Path) -> None:
    for entry in ("    - default: chart/demo\n", "    - git: PMM/both/demo\n"):
        assert [d.name for d in _load(tmp_path, entry)] == ["Demo Alpha", "Demo Beta"]
