"""``--validate`` of every default file we ship, with every template variable it documents.

Walks every ``default_info`` under ``src/kometa/defaults/`` (collections, overlays, playlists), so a
default anyone adds is covered without touching this test. For each default and each library type
it supports, a config using it is validated three times: with no variables, with every documented
variable that this version acts on (sample values, ``url_*`` and ``file_*`` artwork in separate
runs since a collection takes one of them), and with the variables whose keys are not done yet,
which must be refused with located lines, never passed over.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kometa.app.validate import validate
from kometa.config import default_variables as dv
from kometa.config import defaults
from kometa.config.yaml_io import load_yaml
from kometa.core.options import Options

SECTIONS = {"collections": "collection_files", "overlays": "overlay_files", "playlists": "playlist_files"}
#: variables whose collection keys this version refuses or warns about (none since tvdb_show landed;
#: add a prefix here when a default's variable asks for a builder not done yet)
NOT_DONE_PREFIXES: tuple[str, ...] = ()
#: what each of those asks for, as the run names it (an error "not supported"/"not done" or a warning
#: "not applied by this version")
ASKS: dict[str, str] = {}
#: a small library for dynamic defaults (``--validate`` cannot see the library, so it generates nothing)
ITEMS = [{"title": "A", "genres": ["Action", "Sci-Fi"], "year": 1999, "contentRating": "R", "studio": "Pixar",
          "network": "HBO", "countries": ["United States of America"], "resolution": "1080", "roles": ["Ann"] * 1,
          "directors": ["Dee"]},
         {"title": "B", "genres": ["Drama"], "year": 2012, "contentRating": "PG", "studio": "A24", "network": "NBC",
          "countries": ["France"], "resolution": "4k", "roles": ["Ann"], "directors": ["Dee"]}]


def _defaults() -> list[tuple[str, str, str]]:
    found = []
    for section in SECTIONS.values():
        for name in defaults.available(section):
            files = defaults.files_for(section, name)
            types: set[str] = set()
            for kind, path in files.items():
                info = defaults.read_info(load_yaml(path), name, str(path))
                types |= {kind} if kind else set(info.libraries)
            found += [(section, name, kind) for kind in sorted(types)]
    return found


CASES = _defaults()
#: a value that asks for a not-done variable and that the templates it still reaches accept
NOT_DONE_SAMPLES: dict[str, Any] = {"addon_position": "left", "addon_offset": 10}


def sample(name: str, info: defaults.DefaultInfo, tmp_path: Path) -> Any:
    if name in info.examples:
        return info.examples[name]
    own = next((p for p in info.own_prefixes if name.startswith(f"{p}_")), None)
    if own is not None and f"{own}{defaults.PER_KEY_MARK}" in info.examples:
        return info.examples[f"{own}{defaults.PER_KEY_MARK}"]
    base = next((p for p in dv.PER_KEY.get(info.shared, {}) if name.startswith(f"{p}_")), name)
    table: dict[str, Any] = {
        "use": False, "use_all": True, "name": "Renamed", "order": 5, "summary": "A summary",
        "sort_title": "Sorted <<title>>", "minimum_items": 2, "schedule": "daily", "sync_mode": "sync",
        "collection_mode": "hide", "visible_home": True, "visible_shared": True, "visible_library": True,
        "hub_priority": 3,
        "url_poster": "https://example.org/poster.png", "url_background": "https://example.org/bg.png",
        "collection_section": "050", "sort_prefix": "~", "language": "default", "limit": 5,
        "delete_collections_named": ["Old Collection"], "ignore_ids": "603, 1399",
        "ignore_imdb_ids": ["tt0133093"], "name_mapping": "Folder <<title>>", "radarr_add_missing": True, "sonarr_add_missing": True,
        "radarr_search": True, "sonarr_search": True, "radarr_folder": "/movies", "sonarr_folder": "/tv",
        "radarr_tag": "kometa", "sonarr_tag": "kometa", "radarr_monitor_existing": True,
        "sonarr_monitor_existing": True, "radarr_upgrade_existing": True, "sonarr_upgrade_existing": True,
        "item_radarr_tag": "kometa", "item_sonarr_tag": "kometa", "use_separator": False,
        "name_separator": "Section", "summary_separator": "The section", "collection_order": "alpha",
        "url_poster_separator": "https://example.org/sep.png", "sep_style": "purple", "placeholder_imdb_id": "tt0068646",
        "placeholder_tmdb_movie": 238, "placeholder_tvdb_show": 81189, "name_format": "All <<key_name>>",
        "exclude": ["Nothing"], "append_exclude": ["Nothing"], "remove_exclude": ["Nothing"],
        "include": ["Nothing"], "append_include": ["Nothing"], "remove_include": ["Nothing"],
        "addons": {"Sample": ["Other"]}, "append_addons": {"Sample": ["Other"]}, "remove_addons": {"Sample": []},
        "key_name_override": {"Sample": "Renamed"}, "title_override": {"Sample": "Renamed"},
        "remove_prefix": ["The "], "remove_suffix": [" Films"],
        "delete_playlist": False, "sync_to_users": "all", "exclude_users": "someone", "libraries": "Lib",
    }
    if name in table:
        base = name
    if base == "name":  # each collection its own title
        return f"Renamed {name}"
    if base in ("file_poster", "file_background"):
        image = tmp_path / "poster.png"
        image.write_bytes(b"\x89PNG\r\n\x1a\n")
        return str(image)
    return table.get(base, "Sample")


def _documented(info: defaults.DefaultInfo) -> list[str]:
    names = info.valid_names()
    if info.keys is None:  # dynamic: every per-key prefix with a made-up key
        names += [f"{p}_samplekey" for p in dv.PER_KEY.get(info.shared, {})]
    return names


#: the service sections a default's online builders need (--validate refuses a builder without one)
SERVICES = ("tmdb:\n  apikey: 0123456789abcdef0123456789abcdef\ntrakt:\n  client_id: abc\n  client_secret: def\n"
            "mdblist:\n  apikey: abc\ntautulli:\n  url: http://localhost:8181\n  apikey: abc\n"
            "mal:\n  client_id: abc\n  client_secret: def\n")


def _validate(tmp_path: Path, section: str, name: str, kind: str, variables: dict[str, Any]) -> tuple[int, str]:
    lines = "".join(f"          {k}: {_yaml(v)}\n" for k, v in variables.items())
    block = f"        template_variables:\n{lines}" if variables else ""
    entry = f"      - default: {name}\n{block}"
    library = f"  Lib:\n    template_variables:\n      library_type: {kind}\n"
    if section == "playlist_files":  # and the libraries the playlist default names unless told otherwise
        library += "  Movies:\n    template_variables: {library_type: movie}\n  TV Shows:\n" \
                   "    template_variables: {library_type: show}\n"
        text = f"libraries:\n{library}playlist_files:\n  - default: {name}\n" + \
            "".join(line[4:] + "\n" for line in block.splitlines())
    else:
        text = f"libraries:\n{library}    {section}:\n{entry}"
    path = tmp_path / "config.yml"
    path.write_text(text + "plex:\n  url: http://localhost:1\n  token: t\n" + SERVICES, encoding="utf-8")
    out: list[str] = []
    code = validate(Options(config=path, validate=True), out=out.append, err=out.append)
    return code, "\n".join(out)


def _yaml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_yaml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_yaml(k)}: {_yaml(v)}" for k, v in value.items()) + "}"
    if isinstance(value, int | float):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def _info(section: str, name: str) -> defaults.DefaultInfo:
    files = defaults.files_for(section, name)
    infos = {kind: defaults.read_info(load_yaml(path), name, str(path)) for kind, path in files.items()}
    return defaults.merged_info(infos)


def test_the_walk_finds_the_shipped_defaults() -> None:
    assert ("collection_files", "basic", "movie") in CASES and ("collection_files", "basic", "show") in CASES
    assert "shared" in defaults.available("external_templates")


@pytest.mark.parametrize(("section", "name", "kind"), CASES, ids=[f"{s[:-6]}-{n}-{k}" for s, n, k in CASES])
def test_default_validates_with_every_variable(tmp_path: Path, section: str, name: str, kind: str) -> None:
    code, text = _validate(tmp_path, section, name, kind, {})
    assert code == 0, text
    info = _info(section, name)
    documented = {v: sample(v, info, tmp_path) for v in _documented(info)}
    not_done = {k: v for k, v in documented.items() if k.startswith(NOT_DONE_PREFIXES)}
    refused = {k: "red" for k in dv.NOT_DONE if k not in info.variables and info.shared == "collection"}
    refused.update({k: NOT_DONE_SAMPLES.get(k, True) for k in info.variables_not_done})
    refused.update({f"use_{k}": True for k in info.keys_not_done})
    if "language" in dv.SHARED[info.shared] and "language" not in info.variables:
        refused["language"] = "fr"
    done = {k: v for k, v in documented.items() if k not in not_done}
    for placeholder, works_in in (("placeholder_tmdb_movie", "movie"), ("placeholder_tvdb_show", "show")):
        if kind != works_in:  # a movie id in a show library (and the reverse) is refused, as by the run
            done.pop(placeholder, None)
    for artwork in ("url_", "file_"):
        other = "file_" if artwork == "url_" else "url_"
        chosen = {k: v for k, v in done.items() if not k.startswith(other)}
        code, text = _validate(tmp_path, section, name, kind, chosen)
        assert code == 0, f"{name} ({kind}) with {sorted(chosen)}:\n{text}"
    if refused:
        code, text = _validate(tmp_path, section, name, kind, refused)  # the file loads; the parts are listed
        lines = [line for line in text.splitlines() if "is not done by this version yet" in line]
        assert code == 1 and len(lines) == len(refused), text
    if info.keys is None:
        for artwork in ("url_", "file_"):
            other = "file_" if artwork == "url_" else "url_"
            _check_generated(tmp_path, section, name, kind, {k: v for k, v in done.items() if not k.startswith(other)})
    # an error (the TVDb placeholder) stops a definition's checks, so the warned ones go on their own
    groups = [{k: v for k, v in not_done.items() if k.startswith("placeholder_")},
              {k: v for k, v in not_done.items() if not k.startswith("placeholder_")}]
    for group in (g for g in groups if g):
        code, text = _validate(tmp_path, section, name, kind, group)
        errors = [line for line in text.splitlines() if "error:" in line]
        said = text
        if info.keys is None:  # dynamic: only the generated collections use them
            found = _check_generated(tmp_path, section, name, kind, group, expect_errors=True)
            errors += [line for line in found if not line.startswith("warning: ")]
            said += "\n".join(found)
        assert all("not supported" in line or "not done" in line for line in errors), errors
        for variable in group:  # each is refused or warned about, never passed over in silence
            asked = next(v for k, v in ASKS.items() if variable.startswith(k))
            assert asked in said, (variable, said)


def _check_generated(tmp_path: Path, section: str, name: str, kind: str, variables: dict[str, Any], *,
                     expect_errors: bool = False) -> list[str]:
    """A dynamic default on a small library: every generated definition checks clean with the variables."""
    from kometa.app.validate_definitions import check_definitions
    from kometa.config.definitions import load_definitions
    from kometa.config.dynamic import ItemValues
    from kometa.config.loader import load_config
    from kometa.config.problems import Problems

    _validate(tmp_path, section, name, kind, variables)  # writes config.yml
    config = load_config(tmp_path / "config.yml")
    library = config.libraries["Lib"]
    class SampleValues(ItemValues):  # what a run's values answer for the online types (TMDb collections)
        online = True

        def values_for(self, attribute: str) -> dict[str, str]:
            if attribute == "tmdb_collection":
                return {"10": "Star Wars Collection", "1241": "Harry Potter Collection"}
            return dict(super().values_for(attribute))

    found = load_definitions(config, library, values=SampleValues(kind, ITEMS), library_type=kind)
    generated = [d for d in found if d.dynamic_set]
    problems = Problems(collect=True)
    check_definitions(found, library.settings, kind, problems)
    if expect_errors:
        return [e.message for e in problems.errors] + [f"warning: {w.text}" for w in problems.warnings]
    assert not problems.errors, [e.message for e in problems.errors]
    if section == "collection_files" and not any(v for k, v in variables.items() if k in ("include", "exclude")):
        assert generated, f"{name}: no collection generated from the sample library"
    return []


def test_myanimelist_starting_only_reaches_the_season_search(tmp_path: Path) -> None:
    from kometa.config.definitions import load_definitions
    from kometa.config.loader import load_config

    path = tmp_path / "config.yml"
    path.write_text("plex: {url: http://x, token: t}\nlibraries:\n  TV Shows:\n    collection_files:\n"
                    "    - default: myanimelist\n      template_variables: {starting_only: true}\n")
    config = load_config(path)
    found = {d.name: d.data for d in load_definitions(config, config.libraries["TV Shows"], library_type="show")}
    assert found["MyAnimeList Season"]["mal_season"]["starting_only"] is True


@pytest.mark.parametrize(("section", "name", "kind", "variable", "value"), [
    ("collection_files", "aspect", "movie", "name_format", "<<key_name>> Films"),
    ("collection_files", "aspect", "movie", "exclude", ["1.33"]),
    ("collection_files", "aspect", "movie", "limit_1.85", 5),
    ("overlay_files", "commonsense", "movie", "addon_offset", 10),
    ("overlay_files", "content_rating_us_movie", "movie", "addon_position", "right"),
    ("overlay_files", "content_rating_us_show", "show", "color", True)])
def test_kometa_variables_we_lack_are_not_done_not_refused(tmp_path: Path, section: str, name: str, kind: str,
                                                          variable: str, value: Any) -> None:
    code, out = _validate(tmp_path, section, name, kind, {variable: value})
    assert code == 1 and f"default {name}: {variable}:" in out and "not done by this version" in out, out
