"""Templates (spec 5.1): every feature, and every error with its file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kometa.core.errors import ConfigError

from .conftest import Loader, by_name

GENRE_TEMPLATE = """
templates:
  genre:
    plex_search:
      any: {genre: <<genre>>}
      limit: <<limit>>
    summary: "<<collection_name>> in <<library_name>>"
"""


def test_whole_value_placeholder_keeps_type_and_text_placeholder_becomes_text(load: Loader) -> None:
    data = by_name(load(GENRE_TEMPLATE + """
collections:
  Action:
    template: {name: genre, genre: [Action, Thriller], limit: 25}
"""))["Action"]
    assert data["plex_search"] == {"any": {"genre": ["Action", "Thriller"]}, "limit": 25}
    assert data["summary"] == "Action in Movies"


def test_placeholders_in_keys_and_lowercased_keys(load: Loader) -> None:
    data = by_name(load("""
templates:
  t:
    plex_search:
      any: {<<field>>: <<value>>}
    Sort_Title: x
collections:
  Mine:
    Collection_Mode: hide
    template: {name: t, field: Genre, value: Drama}
"""))["Mine"]
    assert data == {"collection_mode": "hide", "plex_search": {"any": {"genre": "Drama"}}, "sort_title": "x"}


def test_arithmetic_and_encoded(load: Loader) -> None:
    data = by_name(load("""
templates:
  t:
    plex_search: {any: {year.gte: <<year-9>>, year.lte: <<year+0>>}}
    summary: "next <<year+1>>"
    url_poster: "https://example.org/?q=<<query_encoded>>"
collections:
  Nineties:
    template: {name: t, year: 1999, query: "sci fi & more"}
"""))["Nineties"]
    assert data["plex_search"]["any"] == {"year.gte": 1990, "year.lte": 1999}
    assert data["summary"] == "next 2000"
    assert data["url_poster"] == "https://example.org/?q=sci%20fi%20%26%20more"


def test_arithmetic_on_text_is_an_error_with_line(load: Loader, tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load("""
templates:
  t:
    summary: "<<year+1>>"
collections:
  X:
    template: {name: t, year: abc}
""")
    assert err.value.file == str(tmp_path / "movies.yml") and err.value.line == 3
    assert "whole number" in err.value.bare_message


def test_default_may_use_other_variables(load: Loader) -> None:
    data = by_name(load("""
templates:
  t:
    default:
      limit: 10
      summary: "Best <<genre>> (top <<limit>>)"
    summary: <<summary>>
    plex_search: {any: {genre: <<genre>>}, limit: <<limit>>}
collections:
  A:
    template: {name: t, genre: Action}
  B:
    template: {name: t, genre: Drama, limit: 5}
"""))
    assert data["A"]["summary"] == "Best Action (top 10)" and data["A"]["plex_search"]["limit"] == 10
    assert data["B"]["summary"] == "Best Drama (top 5)" and data["B"]["plex_search"]["limit"] == 5


def test_optional_drops_attributes_list_entries_keys_and_emptied_parents(load: Loader) -> None:
    data = by_name(load("""
templates:
  t:
    optional: [poster, extra_genre, more]
    url_poster: <<poster>>
    summary: "text <<poster>>"
    label: [keep, <<extra_genre>>]
    plex_search:
      any:
        genre: [<<extra_genre>>]
        <<more>>: x
      limit: 5
    filters:
      year: <<more>>
collections:
  A:
    template: {name: t}
"""))["A"]
    assert data == {"label": ["keep"], "plex_search": {"limit": 5}}


def test_null_in_call_is_optional_for_that_call(load: Loader) -> None:
    data = by_name(load("""
templates:
  t:
    default: {poster: "https://p"}
    url_poster: <<poster>>
    summary: s
collections:
  A:
    template: {name: t, poster: null}
  B:
    template: {name: t}
"""))
    assert "url_poster" not in data["A"] and data["B"]["url_poster"] == "https://p"


def test_conditionals_first_passing_block_default_and_optional(load: Loader) -> None:
    data = by_name(load("""
templates:
  t:
    optional: [mode]
    conditionals:
      sort:
        default: title.asc
        conditions:
          - kind: [top, best]
            value: critic_rating.desc
          - kind.not: top
            year.exists: true
            value: year.desc
      mode:
        conditions:
          - kind: hidden
            value: hide
    plex_search: {any: {genre: x}, sort_by: <<sort>>}
    collection_mode: <<mode>>
collections:
  Top:
    template: {name: t, kind: best}
  Yearly:
    template: {name: t, kind: other, year: 2000}
  Plain:
    template: {name: t, kind: other}
  Hidden:
    template: {name: t, kind: hidden}
  Given:
    template: {name: t, kind: best, sort: random}
"""))
    assert data["Top"]["plex_search"]["sort_by"] == "critic_rating.desc"
    assert data["Yearly"]["plex_search"]["sort_by"] == "year.desc"
    assert data["Plain"]["plex_search"]["sort_by"] == "title.asc"
    assert "collection_mode" not in data["Plain"]
    assert data["Hidden"]["collection_mode"] == "hide"
    assert data["Given"]["plex_search"]["sort_by"] == "random"


def test_move_prefix_and_builtins(load: Loader) -> None:
    data = by_name(load("""
templates:
  t:
    move_prefix: [The, A]
    sort_title: <<collection_sort>>
    summary: "<<mapping_name>>|<<collection_name>>|<<library_type>>|<<library_typeU>>|<<library_name>>"
    label: ["<<current_year>>-<<current_month>>-<<current_day>>", <<mapping_sort>>]
collections:
  The Matrix Films:
    name: The Matrix
    template: {name: t}
"""))["The Matrix Films"]
    assert data["sort_title"] == "Matrix, The"
    assert data["summary"] == "The Matrix Films|The Matrix|movie|Movie|Movies"
    assert data["label"] == ["2026-11-26", "Matrix Films, The"]
    assert data["name"] == "The Matrix"


def test_definition_keys_win_and_earlier_templates_win(load: Loader) -> None:
    data = by_name(load("""
templates:
  first: {summary: one, sort_title: one, collection_mode: hide}
  second: {summary: two, sort_title: two, url_poster: two}
collections:
  A:
    sort_title: mine
    template: [{name: first}, {name: second}]
"""))["A"]
    assert data == {"sort_title": "mine", "summary": "one", "collection_mode": "hide", "url_poster": "two"}


def test_template_name_shorthand(load: Loader) -> None:
    assert by_name(load("""
templates:
  t: {summary: <<collection_name>>}
collections:
  A: {template: t}
"""))["A"] == {"summary": "A"}


def test_variable_precedence(load: Loader) -> None:
    text = """
templates:
  t:
    default: {v: default}
    summary: <<v>>
collections:
  A:
    variables: {v: definition}
    template: {name: t, v: call}
  B:
    variables: {v: definition}
    template: {name: t}
  C:
    template: {name: t}
"""
    data = by_name(load(text))
    assert [data[n]["summary"] for n in "ABC"] == ["call", "definition", "default"]
    data = by_name(load(text, library_vars={"v": "library"}))
    assert [data[n]["summary"] for n in "ABC"] == ["library"] * 3
    data = by_name(load(text, library_vars={"v": "library"}, file_vars={"v": "file"}))
    assert [data[n]["summary"] for n in "ABC"] == ["file"] * 3


def test_external_templates_local_wins_and_block_variables(load: Loader) -> None:
    data = by_name(load("""
external_templates:
  file: shared.yml
  template_variables: {who: block}
templates:
  both: {summary: local}
collections:
  A:
    template: [{name: ext}, {name: both}]
  B:
    variables: {who: definition}
    template: {name: ext}
  C:
    template: {name: ext, who: call}
""", extra={"shared.yml": """
templates:
  ext: {sort_title: "<<who>>"}
  both: {summary: external}
"""}))
    assert data["A"] == {"sort_title": "block", "summary": "local"}
    assert data["B"]["sort_title"] == "block"
    assert data["C"]["sort_title"] == "call"


def test_passthrough_placeholders_stay(load: Loader) -> None:
    data = by_name(load("""
templates:
  t: {sort_title: "!<<title>>", smart_label: "<<smart_label>>"}
collections:
  A: {template: t}
"""))["A"]
    assert data == {"sort_title": "!<<title>>", "smart_label": "<<smart_label>>"}


def test_playlists_get_playlist_name(load: Loader) -> None:
    definitions = load("""
templates:
  t: {summary: "<<playlist_name>>", libraries: Movies}
playlists:
  Marathon: {template: t}
""", playlists=True)
    assert [(d.kind, d.name, d.data) for d in definitions] == [
        ("playlist", "Marathon", {"summary": "Marathon", "libraries": "Movies"})]


# -- errors: each names file:line ----------------------------------------------------------------

def _error(load: Loader, text: str, **kwargs: object) -> ConfigError:
    with pytest.raises(ConfigError) as err:
        load(text, **kwargs)
    return err.value


def test_unknown_template_points_at_the_call(load: Loader, tmp_path: Path) -> None:
    err = _error(load, """
templates:
  genre: {summary: x}
collections:
  A:
    template:
      name: genra
""")
    assert (err.file, err.line) == (str(tmp_path / "movies.yml"), 6)
    assert "unknown template 'genra'" in err.bare_message and "did you mean 'genre'" in err.bare_message


def test_unknown_template_in_a_list_of_calls(load: Loader) -> None:
    err = _error(load, """
templates:
  a: {summary: x}
collections:
  A:
    template:
      - name: a
      - name: b
""")
    assert err.line == 7 and "'b'" in err.bare_message


def test_missing_variable_points_at_its_use(load: Loader, tmp_path: Path) -> None:
    err = _error(load, """
templates:
  t:
    summary: ok
    plex_search:
      any: {genre: <<genre>>}
collections:
  A:
    template: {name: t, genr: Action}
""")
    assert (err.file, err.line) == (str(tmp_path / "movies.yml"), 5)
    assert "needs variable 'genre'" in err.bare_message and "collection 'A'" in err.bare_message
    assert "did you mean 'genr'" in err.bare_message


def test_missing_variable_in_a_list_item(load: Loader) -> None:
    err = _error(load, """
templates:
  t:
    label:
      - a
      - <<missing>>
collections:
  A: {template: t}
""")
    assert err.line == 5


def test_nested_call_is_an_error(load: Loader) -> None:
    err = _error(load, """
templates:
  inner: {summary: x}
  outer:
    sort_title: y
    template: {name: inner}
collections:
  A: {template: outer}
""")
    assert err.line == 5 and "cannot call templates" in err.bare_message


def test_call_without_name(load: Loader) -> None:
    err = _error(load, """
templates:
  t: {summary: x}
collections:
  A:
    template: {genre: x}
""")
    assert err.line == 5 and "needs 'name:'" in err.bare_message


def test_empty_definition_and_circular_variables(load: Loader) -> None:
    err = _error(load, "collections:\n  A:\n")
    assert err.line == 2 and "is empty" in err.bare_message
    err = _error(load, """
templates:
  t:
    default: {a: "<<b>>", b: "<<a>>"}
    summary: <<a>>
collections:
  A: {template: t}
""")
    assert err.line == 4 and "circle" in err.bare_message


def test_file_without_collections_section(load: Loader) -> None:
    err = _error(load, "templates: {}\n")
    assert err.line == 1 and "no 'collections:'" in err.bare_message


def test_errors_list_skips_the_bad_definition_and_keeps_the_rest(tmp_path: Path) -> None:
    from kometa.config import load_config
    from kometa.config.definitions import load_definitions

    from .conftest import write

    write(tmp_path, "good.yml", "collections:\n  Fine: {plex_search: {any: {genre: Action}}}\n"
                                "  Broken: {template: nothing}\n  Also fine: {plex_all: true}\n")
    write(tmp_path, "config.yml", "plex: {url: 'http://x:1', token: t}\nlibraries:\n  Movies:\n"
                                  "    collection_files: [{file: good.yml}, {file: missing.yml}]\n")
    config = load_config(tmp_path / "config.yml")
    errors: list[ConfigError] = []
    found = load_definitions(config, config.libraries["Movies"], None, errors=errors)
    assert [d.name for d in found] == ["Fine", "Also fine"]
    assert [(e.file, e.line) for e in errors] == [(str(tmp_path / "config.yml"), 4),
                                                  (str(tmp_path / "good.yml"), 3)]


def test_collection_name_key_is_an_alias_of_name(load: Loader) -> None:
    definition = load("""
templates:
  t: {summary: <<collection_name>>}
collections:
  key:
    Collection_Name: Shown Title
    template: t
""")[0]
    assert definition.title == "Shown Title" and definition.data["summary"] == "Shown Title"


def test_where_of_points_at_the_definition_or_the_template_line(load: Loader, tmp_path: Path) -> None:
    definition = load("""
templates:
  t:
    summary: from template
    plex_search: {any: {genre: x}}
collections:
  A:
    sort_title: mine
    template: t
""")[0]
    movies = str(tmp_path / "movies.yml")
    assert definition.where_of("sort_title") == f"{movies}:7"
    assert definition.where_of("Plex_Search") == f"{movies}:4"
    assert definition.where_of("summary") == f"{movies}:3"
    assert definition.where_of("missing") == definition.where == f"{movies}:6"
    assert definition.node is not None and "sort_title" in definition.node


def test_variable_values_holding_lists_with_placeholders(load: Loader) -> None:
    data = by_name(load("""
templates:
  t:
    optional: [extra]
    default:
      genres: [<<main>>, <<extra>>]
    plex_search: {any: {genre: <<genres>>}}
collections:
  A:
    template: {name: t, main: Drama}
  B:
    template: {name: t, main: Drama, extra: Crime}
"""))
    assert data["A"]["plex_search"]["any"]["genre"] == ["Drama"]
    assert data["B"]["plex_search"]["any"]["genre"] == ["Drama", "Crime"]


def test_null_variable_from_variables_gives_null(load: Loader) -> None:
    data = by_name(load("""
templates:
  t: {summary: <<s>>, sort_title: "x<<s>>"}
collections:
  A:
    variables: {s: null}
    template: t
"""))["A"]
    assert data == {"summary": None, "sort_title": "x"}


@pytest.mark.parametrize(("text", "line", "words"), [
    ("templates: [a]\ncollections:\n  A: {plex_all: true}\n", 1, "templates must be a mapping"),
    ("templates:\n  t: [x]\ncollections:\n  A: {template: t}\n", 2, "must be a mapping of attributes"),
    ("templates:\n  t:\n    default: [x]\ncollections:\n  A: {template: t}\n", 3, "default in template 't'"),
    ("templates:\n  t:\n    conditionals:\n      v:\n        conditions:\n          - x: 1\n"
     "    summary: <<v>>\ncollections:\n  A: {template: t}\n", 6, "needs a 'value'"),
    ("collections:\n  A:\n    Summary: x\n    summary: y\n", 4, "appears twice"),
    ("collections:\n  A:\n    variables: [x]\n    plex_all: true\n", 3, "variables must be a mapping"),
    ("collections:\n  A: [x]\n", 2, "must be a mapping of attributes"),
    ("collections: [x]\n", 1, "must be a mapping of name"),
    ("templates:\n  t: {summary: x}\ncollections:\n  A:\n    template: [{name: t}, 5]\n", 5, "template name or a mapping"),
])
def test_structure_errors_have_lines(load: Loader, text: str, line: int, words: str) -> None:
    err = _error(load, text)
    assert err.line == line and words in err.bare_message, err.message


def test_external_templates_file_without_templates(load: Loader, tmp_path: Path) -> None:
    err = _error(load, "external_templates: {file: other.yml}\ncollections:\n  A: {plex_all: true}\n",
                 extra={"other.yml": "collections: {}\n"})
    assert (err.file, err.line) == (str(tmp_path / "other.yml"), 1) and "'templates:'" in err.bare_message
    err = _error(load, "external_templates: {file: nowhere.yml}\ncollections:\n  A: {plex_all: true}\n")
    assert err.line == 1 and "not found" in err.bare_message


def test_overlay_text_variables_are_not_passed_through_in_collection_files(load: Loader) -> None:
    with pytest.raises(ConfigError, match="needs variable 'audience_rating'"):
        load("""
templates:
  t:
    summary: "rated <<audience_rating>>"
    plex_all: true
collections:
  Mine:
    template: {name: t}
""")
