"""Templates: what ``.exists`` / ``.notdefault`` look at, and ``default:`` / ``conditionals:`` given with
the variables of any layer (Kometa modules/meta.py apply_template; review 14 #3-#5)."""

from __future__ import annotations

import pytest

from kometa.core.errors import ConfigError

from .conftest import Loader, by_name


def test_exists_sees_given_builtin_and_earlier_conditional_but_not_a_default(load: Loader) -> None:
    data = by_name(load("""
templates:
  t:
    default: {e: x}
    conditionals:
      first:
        default: d
        conditions:
          - {e.exists: true, value: given}
      second:
        default: d
        conditions:
          - {first.exists: true, library_type.exists: true, value: chained}
    summary: <<first>>
    sort_title: <<second>>
collections:
  Default:
    template: {name: t}
  Given:
    template: {name: t, e: y}
  Definition:
    variables: {e: z}
    template: t
"""))
    assert [data[n]["summary"] for n in ("Default", "Given", "Definition")] == ["d", "given", "given"]
    assert {data[n]["sort_title"] for n in data} == {"chained"}


def test_exists_false_passes_for_a_default_only_variable(load: Loader) -> None:
    data = by_name(load("""
templates:
  t:
    default: {url: http://x}
    conditionals:
      c:
        default: given
        conditions:
          - {url.exists: false, value: none}
    summary: <<c>>
collections:
  A: {template: t}
  B: {template: {name: t, url: http://y}}
"""))
    assert [data[n]["summary"] for n in "AB"] == ["none", "given"]


def test_notdefault_compares_the_given_or_default_value(load: Loader) -> None:
    data = by_name(load("""
templates:
  t:
    default: {d: five}
    conditionals:
      c:
        default: same
        conditions:
          - {d.notdefault: [five, 5], value: other}
    summary: <<c>>
collections:
  Default: {template: t}
  Six: {template: {name: t, d: six}}
  Five: {template: {name: t, d: 5}}
"""))
    assert [data[n]["summary"] for n in ("Default", "Six", "Five")] == ["same", "other", "same"]


def test_default_block_from_every_layer_later_layers_win(load: Loader) -> None:
    text = """
templates:
  t:
    default: {a: template, b: template, c: template}
    summary: <<a>>/<<b>>/<<c>>
collections:
  A:
    variables: {default: {b: definition, c: definition}}
    template: {name: t, default: {a: call, b: call, c: call}}
"""
    assert by_name(load(text))["A"]["summary"] == "call/definition/definition"
    data = by_name(load(text, file_vars={"default": {"c": "file"}}))
    assert data["A"]["summary"] == "call/definition/file"


def test_default_block_does_not_beat_a_given_variable(load: Loader) -> None:
    data = by_name(load("""
templates:
  t: {summary: <<mode>>}
collections:
  A: {template: {name: t, mode: show}}
  B: {template: t}
""", file_vars={"default": {"mode": "hide"}}))
    assert [data[n]["summary"] for n in "AB"] == ["show", "hide"]


def test_conditionals_from_a_layer_replace_the_templates(load: Loader) -> None:
    data = by_name(load("""
templates:
  t:
    conditionals:
      c: {default: template, conditions: [{k: x, value: template_x}]}
    summary: <<c>>
collections:
  A:
    template: {name: t, k: x}
  B:
    variables: {conditionals: {c: {default: mine, conditions: [{k: x, value: mine_x}]}}}
    template: {name: t, k: x}
"""))
    assert [data[n]["summary"] for n in "AB"] == ["template_x", "mine_x"]


@pytest.mark.parametrize("value", ["3", "[a]", "{}"])
def test_a_default_block_that_is_not_a_mapping_is_an_error(load: Loader, value: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load(f"templates:\n  t: {{summary: x}}\ncollections:\n  A:\n    template: {{name: t, default: {value}}}\n")
    assert "default given with the variables of template 't'" in caught.value.bare_message
    assert caught.value.line == 5, caught.value.message


def test_a_default_files_entry_takes_a_default_block(tmp_path) -> None:
    import datetime as dt

    from kometa.config import load_config
    from kometa.config.definitions import load_definitions

    (tmp_path / "config.yml").write_text(
        "plex: {url: 'http://localhost:32400', token: abc}\nlibraries:\n  Movies:\n    collection_files:\n"
        "    - default: basic\n      template_variables:\n        default: {summary: Mine}\n")
    config = load_config(tmp_path / "config.yml")
    found = load_definitions(config, config.libraries["Movies"], None, library_type="movie",
                             today=dt.date(2026, 1, 1))
    assert found and {d.data["summary"] for d in found} == {"Mine"}
