"""Dynamic collections (spec 5.2, offline types): keys, titles, exclude/include/addons, templates."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from kometa.config.dynamic import ItemValues
from kometa.core.errors import ConfigError

from .conftest import Loader, by_name

ITEMS = [
    {"title": "A", "genres": ["Action", "Sci-Fi"], "year": 1999, "contentRating": "R", "studio": "Warner",
     "resolution": "1080", "roles": ["Keanu", "Carrie", "Laurence"], "directors": ["Lana"]},
    {"title": "B", "genres": ["Action", "Drama"], "year": 2003, "contentRating": "PG-13", "studio": "Warner",
     "resolution": "4k", "roles": ["Keanu", "Carrie"], "directors": ["Lana"]},
    {"title": "C", "genres": ["Science Fiction", "Comedy"], "year": 2010, "contentRating": "R", "studio": "Pixar",
     "resolution": "720", "roles": ["Tom", "Keanu"], "directors": ["Pete"]},
    {"title": "D", "genres": ["Comedy"], "year": 2012, "contentRating": "G", "studio": "Pixar",
     "resolution": "1080", "roles": ["Tom", "Carrie", "Keanu"], "directors": ["Pete"]},
]
VALUES = ItemValues("movie", ITEMS)


def titles(load: Loader, text: str, **kwargs: object) -> list[str]:
    return [d.name for d in load(text, values=VALUES, **kwargs)]


def test_genre_default_titles_and_default_body(load: Loader) -> None:
    definitions = load("dynamic_collections:\n  Genres:\n    type: genre\n", values=VALUES)
    assert [d.name for d in definitions] == ["Top Action Movies", "Top Comedy Movies", "Top Drama Movies",
                                             "Top Sci-Fi Movies", "Top Science Fiction Movies"]
    first = definitions[0]
    assert first.dynamic_set == "Genres" and first.line == 2 and first.title == "Top Action Movies"
    assert first.data == {"name": "Top Action Movies", "sync_mode": "sync", "label": ["Genres"], "plex_search": {
        "any": {"genre": "Action"}, "sort_by": "critic_rating.desc", "limit": 50}}


def test_year_decade_rating_resolution_studio_titles(load: Loader) -> None:
    assert titles(load, "dynamic_collections:\n  Y: {type: year}\n") == [
        "Best Movies of 1999", "Best Movies of 2003", "Best Movies of 2010", "Best Movies of 2012"]
    decades = load("dynamic_collections:\n  D: {type: decade}\n", values=VALUES)
    assert [d.name for d in decades] == ["Best Movies of the 1990s", "Best Movies of the 2000s",
                                         "Best Movies of the 2010s"]
    assert decades[0].data["plex_search"]["any"] == {"decade": 1990}
    assert titles(load, "dynamic_collections:\n  C: {type: content_rating}\n") == [
        "G Movies", "PG-13 Movies", "R Movies"]
    res = load("dynamic_collections:\n  R: {type: resolution}\n", values=VALUES)
    assert [d.name for d in res] == ["1080p Movies", "4K Movies", "720p Movies"]
    assert res[0].data["plex_search"] == {"any": {"resolution": "1080"}, "sort_by": "title.asc", "limit": 50}
    studio = load("dynamic_collections:\n  S: {type: studio}\n", values=VALUES)
    assert studio[0].data["plex_search"]["any"] == {"studio.is": "Pixar"}


def test_exclude_by_key_or_name_and_include_with_other(load: Loader) -> None:
    assert titles(load, """
dynamic_collections:
  Genres:
    type: genre
    exclude: [drama, Sci-Fi, Science Fiction]
""") == ["Top Action Movies", "Top Comedy Movies"]
    definitions = load("""
dynamic_collections:
  Genres:
    type: genre
    include: [Action, Comedy]
    other_name: Other Genres
""", values=VALUES)
    assert [d.name for d in definitions] == ["Top Action Movies", "Top Comedy Movies", "Other Genres"]
    assert definitions[-1].data["plex_search"]["any"] == {"genre": ["Drama", "Sci-Fi", "Science Fiction"]}
    assert titles(load, "dynamic_collections:\n  G: {type: genre, include: [Drama]}\n") == ["Top Drama Movies"]


def test_addons_merge_keys_and_custom_keys(load: Loader) -> None:
    definitions = load("""
dynamic_collections:
  Genres:
    type: genre
    addons:
      Sci-Fi: [Science Fiction, Missing Genre]
      Funny: [Comedy]
""", values=VALUES)
    data = by_name(definitions)
    assert list(data) == ["Top Sci-Fi Movies", "Top Funny Movies", "Top Action Movies", "Top Drama Movies"]
    assert data["Top Sci-Fi Movies"]["plex_search"]["any"] == {"genre": ["Sci-Fi", "Science Fiction"]}
    assert data["Top Funny Movies"]["plex_search"]["any"] == {"genre": "Comedy"}
    assert "Top Funny Movies" not in titles(load, """
dynamic_collections:
  Genres: {type: genre, custom_keys: false, addons: {Funny: [Comedy]}}
""")


def test_title_format_overrides_and_prefix_suffix(load: Loader) -> None:
    assert titles(load, """
dynamic_collections:
  Studios:
    type: studio
    title_format: "<<key_name>> Films"
    key_name_override: {Warner: Warner Bros.}
""") == ["Pixar Films", "Warner Bros. Films"]
    assert titles(load, """
dynamic_collections:
  Genres:
    type: genre
    include: [Science Fiction, Action]
    remove_prefix: Science
    title_override: {Action: Explosions}
""") == ["Explosions", "Top Fiction Movies"]


def test_people_depth_minimum_limit(load: Loader) -> None:
    assert titles(load, "dynamic_collections:\n  A: {type: actor, data: {depth: 3, minimum: 2}}\n") == [
        "Keanu", "Carrie", "Tom"]
    assert titles(load, "dynamic_collections:\n  A: {type: actor, data: {depth: 2, minimum: 2, limit: 1}}\n") \
        == ["Carrie"]  # Carrie and Keanu are both top-2 three times; ties go alphabetically
    assert titles(load, "dynamic_collections:\n  D: {type: director, data: {minimum: 2}}\n") == ["Lana", "Pete"]


def test_custom_template_gets_key_variables_and_per_key_variables(load: Loader) -> None:
    data = by_name(load("""
templates:
  genre_t:
    optional: [poster]
    plex_search: {any: {genre: <<value>>}}
    summary: "<<key>>|<<key_name>>|<<original_key_name>>|<<key_name_first_letter>>|<<genre>>"
    url_poster: <<poster>>
dynamic_collections:
  Genres:
    type: genre
    include: [Action, Sci-Fi]
    remove_suffix: -Fi
    template: genre_t
    template_variables:
      poster: {Action: "https://p/action"}
""", values=VALUES))
    assert data["Top Action Movies"] == {"name": "Top Action Movies", "plex_search": {"any": {"genre": "Action"}},
                                         "summary": "Action|Action|Action|A|Action",
                                         "url_poster": "https://p/action", "label": ["Genres"]}
    assert data["Top Sci Movies"]["summary"] == "Sci-Fi|Sci|Sci-Fi|S|Sci-Fi"


def test_file_variables_override_the_set(load: Loader) -> None:
    text = "dynamic_collections:\n  G: {type: genre, exclude: [Drama]}\n"
    assert titles(load, text, file_vars={"append_exclude": ["Comedy"], "remove_exclude": ["Drama"]}) == [
        "Top Action Movies", "Top Drama Movies", "Top Sci-Fi Movies", "Top Science Fiction Movies"]
    assert titles(load, text, file_vars={"include": ["Action"], "title_format": "<<key_name>>!"}) == ["Action!"]


def test_title_equal_to_a_defined_collection_is_skipped(load: Loader) -> None:
    names = titles(load, """
collections:
  Top Action Movies: {plex_search: {any: {genre: Action}}}
dynamic_collections:
  G: {type: genre, include: [Action, Drama]}
""")
    assert names == ["Top Action Movies", "Top Drama Movies"]


def test_number_and_custom_types_need_a_template(load: Loader) -> None:
    data = by_name(load("""
templates:
  t: {summary: "<<value>>-<<key_name>>"}
dynamic_collections:
  N: {type: number, data: {starting: 1, ending: 5, increment: 2}, template: t, title_format: "No <<key_name>>"}
  C: {type: custom, data: {a: Alpha}, template: t, title_format: "<<key_name>> set"}
"""))
    assert data == {"No 1": {"name": "No 1", "summary": "1-1", "label": ["N"]},
                    "No 3": {"name": "No 3", "summary": "3-3", "label": ["N"]},
                    "No 5": {"name": "No 5", "summary": "5-5", "label": ["N"]},
                    "Alpha set": {"name": "Alpha set", "summary": "a-Alpha", "label": ["C"]}}


def test_custom_addons_may_name_values_that_are_no_key(load: Loader) -> None:
    """A custom set merges any addon value into its key (TMDb ids in our show franchises); a key
    named as another's addon is merged, not made on its own."""
    data = by_name(load("""
templates:
  t: {tmdb_show: "<<value>>"}
dynamic_collections:
  F:
    type: custom
    data: {"10": Ten, "20": Twenty, "30": Thirty}
    addons: {"10": [11, 12, "30"]}
    template: t
    title_format: "<<key_name>>"
"""))
    assert data["Ten"]["tmdb_show"] == ["10", "11", "12", "30"]
    assert data["Twenty"]["tmdb_show"] == "20" and "Thirty" not in data


def test_writers_and_producers_come_from_the_items_pages_once() -> None:
    from kometa.config.dynamic import RunValues
    asked: list[int] = []

    def credits() -> dict[int, dict[str, tuple[str, ...]]]:
        asked.append(1)
        return {1: {"writer": ("Ann", "Bo"), "producer": ("Cy",)}, 2: {"writer": ("Ann",), "producer": ()},
                3: {"writer": ("Bo", "Ann"), "producer": ("Cy",)}}

    values = RunValues(VALUES, credits=credits)
    assert values.people("writer", 5) == {"Ann": 3, "Bo": 2}
    assert values.people("writer", 1) == {"Ann": 2, "Bo": 1}  # depth: the first credits of each item
    assert values.people("producer", 3) == {"Cy": 2}
    assert values.people("actor", 3) == VALUES.people("actor", 3)  # the listing's, as before
    assert asked == [1]


def test_without_values_nothing_is_generated(load: Loader) -> None:
    assert load("dynamic_collections:\n  G: {type: genre}\n") == []


def test_plexapi_like_items() -> None:
    tag = SimpleNamespace
    item = SimpleNamespace(genres=[tag(tag="Horror")], year=1980, contentRating="R", studio="X",
                           media=[SimpleNamespace(videoResolution="sd")], roles=[tag(tag="Jack")], directors=[])
    values = ItemValues("movie", [item])
    assert values.values_for("genre") == {"Horror": "Horror"}
    assert values.values_for("resolution") == {"sd": "SD"}
    assert values.people("actor", 1) == {"Jack": 1}


@pytest.mark.parametrize(("text", "line", "words"), [
    ("dynamic_collections:\n  G: {type: planet}\n", 2, "is not supported; use one of"),
    ("dynamic_collections:\n  G: {exclude: [x]}\n", 2, "needs type:"),
    ("dynamic_collections:\n  x: {type: year}\n  G: {type: genre, title_format: Top}\n", 3, "<<key_name>>"),
    ("dynamic_collections:\n  G: {type: genre, colour: red}\n", 2, "unknown key 'colour'"),
    ("dynamic_collections:\n  N: {type: number, data: {ending: 3}}\n", 2, "needs a template"),
])
def test_errors_name_the_set_line(load: Loader, text: str, line: int, words: str) -> None:
    with pytest.raises(ConfigError) as err:
        load(text, values=VALUES)
    assert err.value.line == line and words in err.value.bare_message


def test_the_engine_snapshot_is_accepted_as_values(load: Loader) -> None:
    item = SimpleNamespace(values={"genre": ("Western",), "year": 1966, "actor": ("Clint",)})
    snapshot = SimpleNamespace(item_type="show", items={1: item})
    definitions = load("dynamic_collections:\n  G: {type: genre}\n", values=snapshot)
    assert [d.name for d in definitions] == ["Top Western Movies"]  # library_type given explicitly wins


def test_synced_sets_are_reported(load: Loader) -> None:
    found = load("dynamic_collections:\n  G: {type: genre, sync: true}\n  Y: {type: year}\n", values=VALUES)
    assert found.synced_sets == {"G"}  # type: ignore[attr-defined]
    assert load("dynamic_collections:\n  G: {type: genre, sync: true}\n").synced_sets == set()  # type: ignore[attr-defined]


def test_a_dynamic_template_must_use_the_key(load: Loader) -> None:
    with pytest.raises(ConfigError) as err:
        load("templates:\n  t: {plex_all: true}\ndynamic_collections:\n  G: {type: genre, template: t}\n",
             values=VALUES)
    assert err.value.line == 4 and "must use <<value>>, <<key>> or <<genre>>" in err.value.bare_message
    names = [d.name for d in load("templates:\n  t: {plex_search: {any: {genre: <<genre>>}}}\n"
                                  "dynamic_collections:\n  G: {type: genre, template: t, include: [Drama]}\n",
                                  values=VALUES)]
    assert names == ["Top Drama Movies"]


def test_a_bad_dynamic_template_skips_the_whole_set_once(tmp_path: object) -> None:
    from pathlib import Path

    from kometa.config import load_config
    from kometa.config.definitions import load_definitions

    from .conftest import write

    folder = Path(str(tmp_path))
    write(folder, "m.yml", "templates:\n  t: {plex_all: true}\ndynamic_collections:\n  G: {type: genre, template: t}\n"
                           "collections:\n  Kept: {plex_all: true}\n")
    write(folder, "config.yml", "plex: {url: 'http://x:1', token: t}\nlibraries:\n  Movies:\n"
                                "    collection_files: [{file: m.yml}]\n")
    config = load_config(folder / "config.yml")
    errors: list[ConfigError] = []
    found = load_definitions(config, config.libraries["Movies"], None, values=VALUES, errors=errors)
    assert [d.name for d in found] == ["Kept"] and len(errors) == 1


def test_templated_collections_carry_the_set_label_beside_their_own(load: Loader) -> None:
    data = by_name(load("""
templates:
  t:
    plex_search: {any: {genre: <<value>>}}
    label: Mine, Other
dynamic_collections:
  Genres: {type: genre, include: [Action], template: t}
""", values=VALUES))
    assert data["Top Action Movies"]["label"] == ["Mine", "Other", "Genres"]


def test_number_bounds_may_be_relative_to_the_current_year(load: Loader) -> None:
    from .conftest import TODAY

    names = [d.name for d in load("""
templates:
  t: {summary: "<<value>>"}
dynamic_collections:
  N: {type: number, data: {starting: current_year-4, ending: current_year, increment: 2}, template: t}
""")]
    assert names == [f"Top {TODAY.year + n} Movies" for n in (-4, -2, 0)]
