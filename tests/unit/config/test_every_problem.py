"""--validate reports every problem of a definition, a file's entries list, a dynamic_collections
section, a library's settings/template_variables/operations and a default entry's variables at once
(review finding 7), and a file's unreadable templates do not hide its other errors."""

from __future__ import annotations

from validate_cli_helpers import PLEX, clean_env, validate  # noqa: F401 (clean_env: autouse)


def _validate(tmp_path, capsys, config: str, **files: str) -> tuple[int, list[str]]:
    code, err = validate(tmp_path, capsys, config, **files)
    return code, [line for line in err.splitlines() if ": error: " in line]


def _at(errors: list[str], place: str) -> list[str]:
    return [e for e in errors if f"{place}: " in e]


def test_every_bad_setting_of_one_definition(tmp_path, capsys):
    code, errors = _validate(tmp_path, capsys, PLEX + "libraries:\n  Movies:\n    collection_files:\n"
                             "    - file: c.yml\n",
                             **{"c.yml": "collections:\n  A:\n    plex_all: true\n    collection_mode: nonsense\n"
                                         "    minimum_items: lots\n    sync_mode: mirror\n"
                                         "  B:\n    plex_al: true\n"})
    assert code == 2
    assert _at(errors, "c.yml:4") and _at(errors, "c.yml:5") and _at(errors, "c.yml:6"), errors
    assert len(_at(errors, "c.yml:8")) == 1 and not _at(errors, "c.yml:7"), errors  # no "no builder" besides


def test_every_bad_dynamic_set_and_the_collections_beside_unreadable_templates(tmp_path, capsys):
    sets = "".join(f"  D{n}: {{type: nonsense{n}}}\n" for n in range(1, 9))
    code, errors = _validate(tmp_path, capsys, PLEX + "libraries:\n  Movies:\n    collection_files:\n"
                             "    - file: dyn.yml\n    - file: t.yml\n",
                             **{"dyn.yml": "dynamic_collections:\n" + sets,
                                "t.yml": "templates: [1]\ncollections:\n  B:\n    plex_all: true\n"
                                         "    collection_mode: nonsense\n  C:\n    template: {name: T}\n"})
    assert code == 2
    assert all(_at(errors, f"dyn.yml:{line}") for line in range(2, 10)), errors
    assert _at(errors, "t.yml:1") and _at(errors, "t.yml:5"), errors
    assert not _at(errors, "t.yml:7"), errors  # C calls a template of the unreadable templates: said once (line 1)


def test_every_bad_entry_and_library_block(tmp_path, capsys):
    code, errors = _validate(tmp_path, capsys, PLEX + "settings: [1, 2]\nlibraries:\n  Movies:\n"
                             "    collection_files:\n    - default: [imdb]\n    - file:\n    - {}\n    - 5\n"
                             "    - default: genre\n      template_variables:\n        nosuchvar1: 1\n"
                             "        nosuchvar2: 2\n"
                             "    settings:\n      sync_mode: mirror\n      minimum_items: lots\n"
                             "    template_variables: [1]\n    operations: 5\n")
    assert code == 2
    for line in (4, 8, 9, 10, 11, 12, 17, 18, 19, 20):
        assert _at(errors, f"config.yml:{line}"), (line, errors)
    [default] = _at(errors, "config.yml:12")
    assert "'nosuchvar1', 'nosuchvar2'" in default


def test_the_key_an_error_names():
    from kometa.app.validate_definitions import _named_key
    data = {"collection_mode": 1, "minimum_items": 2, "label": 3, "label.remove": 4, 5: "x"}
    assert _named_key("collection_mode must be one of default, hide", data) == "collection_mode"
    assert _named_key("'x' is in both label and label.remove", data) is None
    assert _named_key("label.remove must be a name or a list of names", data) == "label.remove"
    assert _named_key("unknown attribute 'minimum_items'", data) == "minimum_items"
    assert _named_key("5 must be text", data) == 5
    assert _named_key("no builder: add plex_all", data) is None
