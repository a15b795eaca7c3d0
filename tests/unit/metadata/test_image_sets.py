"""Image sets (pure): which sections run and in which style, Kometa's rules; located mistakes;
--validate checks image files and their style files without a server."""

from __future__ import annotations

from pathlib import Path

import pytest

from kometa.app.validate import validate
from kometa.config.yaml_io import parse_yaml
from kometa.core.errors import ConfigError
from kometa.core.options import Options
from kometa.metadata.image_sets import Variables, parse_image_set

SET = """sections:
  alpha:
    builders: {tmdb_collection: 1}
    styles:
      one: {file: one.yml}
      two:
      three: [{url: "https://example.org/three.yml"}]
    collections:
      Alpha Collection: [Alpha, The Alphas]
    movies:
      First: 11
      Second: {mapping_id: tt0000012}
  beta:
    builders: {tmdb_movie: 2}
    styles:
      one: {git_style: someone/repo, git_subfolder: /sets/beta/}
    movies:
      Third: 13
  no_builders:
    styles: {one: }
    movies: {x: 1}
"""


def _parse(variables: dict, text: str = SET):
    return parse_image_set(parse_yaml(text, "set.yml"), "set.yml", Variables(variables, "config.yml:9"), "movie")


def _chosen(variables: dict) -> dict[str, str]:
    return {s.key: s.style for s in _parse(variables).sections}


def test_which_sections_run():
    assert _chosen({}) == {}  # nothing chosen: Kometa's use_all defaults to false
    assert _chosen({"use_all": True}) == {"alpha": "one", "beta": "one"}  # no_builders is skipped
    assert _chosen({"use_all": True, "exclude": "beta"}) == {"alpha": "one"}
    assert _chosen({"use_all": True, "use_beta": False}) == {"alpha": "one"}
    assert _chosen({"include": ["beta"]}) == {"beta": "one"}
    assert _chosen({"Use_Alpha": "yes"}) == {"alpha": "one"}  # names are case-insensitive, yes is true


def test_which_style():
    assert _chosen({"use_alpha": True, "style_priority": "nope, three, two"}) == {"alpha": "three"}
    assert _chosen({"use_alpha": True, "style_alpha": "two", "style_priority": ["three"]}) == {"alpha": "two"}
    found = _parse({"use_alpha": True, "style_alpha": "four", "style_priority": ["three"]})
    assert found.sections[0].style == "three"
    assert found.warnings == ["config.yml:9: section alpha has no style 'four'; style 'three' is used "
                              "(styles: one, two, three)"]
    assert _parse({"use_alpha": True, "style_alpha": "four"}).sections[0].style == "one"


def test_style_calls_items_and_collections():
    found = {s.key: s for s in _parse({"use_all": True, "style_alpha": "two"}).sections}
    alpha, beta = found["alpha"], found["beta"]
    assert (alpha.call.kind, alpha.call.location, alpha.call.line) == ("beside", "styles/alpha/two", 6)
    assert [(i.name, i.mapping_id, i.line) for i in alpha.items] == [("First", 11, 11), ("Second", "tt0000012", 12)]
    assert alpha.collections == {"Alpha Collection": ("Alpha", "The Alphas")}
    assert (beta.call.kind, beta.call.location, beta.call.subfolder) == ("git_style", "someone/repo", "sets/beta")
    url_form = _parse({"use_beta": True}, SET.replace("someone/repo", "https://github.com/someone/repo.git"))
    assert url_form.sections[0].call.location == "someone/repo"  # a github.com address is read as owner/repo
    three = _parse({"use_alpha": True, "style_alpha": "three"}).sections[0].call
    assert (three.kind, three.location) == ("url", "https://example.org/three.yml")
    custom = _parse({"use_alpha": True, "style_file_alpha": {"file": "mine.yml"}}).sections[0].call
    assert (custom.kind, custom.location, custom.file, custom.line) == ("file", "mine.yml", "config.yml", 9)
    assert _parse({"use_all": True, "update_collections": False}).sections[0].collections == {}


@pytest.mark.parametrize(("variables", "text", "message"), [
    ({"exclude": "a"}, SET, "config.yml:9: template variable exclude works only with use_all: true"),
    ({"use_all": True, "include": "a"}, SET, "config.yml:9: template variable include works only when use_all "
                                             "is false"),
    ({"use_all": True}, "sections:\n  a:\n    builders: {x: 1}\n    styles: {s: }\n", "set.yml:2: section a "
                                                                                      "has no movies:"),
    ({"use_all": True}, "sections:\n  a:\n    builders: {x: 1}\n    movies: {m: 1}\n", "set.yml:2: section a "
                                                                                      "has no styles:"),
    ({"use_all": True}, "sections:\n  a:\n    builders: {x: 1}\n    styles: {}\n    movies: {m: 1}\n",
     "set.yml:4: section a: styles is empty"),
    ({"use_all": True}, "sections:\n  a:\n    builders: {x: 1}\n    styles: {s: }\n    movies: {}\n",
     "set.yml:5: section a: movies is empty"),
    ({"use_all": True}, "sections:\n  a:\n    builders: {x: 1}\n    styles: {s: }\n    movies:\n      m: {x: 1}\n",
     "set.yml:6: section a: m: no mapping_id"),
    ({"use_all": True}, "sections:\n  a:\n    builders: {x: 1}\n    styles:\n      s: [plain]\n    movies: {m: 1}\n",
     "set.yml:5: style s of section a: the style file must be a mapping"),
    ({"use_all": True}, "sections:\n  a:\n    builders: {x: 1}\n    styles:\n      s: {git_style: }\n"
                        "    movies: {m: 1}\n", "set.yml:5: style s of section a: git_style is blank"),
    ({"use_all": True}, "sections:\n  a: [1]\n", "set.yml:2: section a must be a mapping"),
    ({"use_all": True}, "sections:\n  a:\n    builders: {x: 1}\n    styles:\n      s: {git_style: justarepo}\n"
                        "    movies: {m: 1}\n", "set.yml:5: style s of section a: git_style must be owner/repository, "
                                               "got 'justarepo'"),
])
def test_mistakes_are_located(variables, text, message):
    with pytest.raises(ConfigError) as caught:
        _parse(variables, text)
    assert caught.value.message.startswith(message), caught.value.message


def test_a_bad_boolean_is_a_warning_and_the_default():
    found = _parse({"use_all": True, "update_seasons": "maybe"})
    assert found.update_seasons is True
    assert "template variable update_seasons must be true or false, got 'maybe'; true is used" in found.warnings[0]


def _validate(tmp_path: Path, image_set: str, styles: dict[str, str], entry: str) -> tuple[int, list[str]]:
    (tmp_path / "Set.yml").write_text(image_set, encoding="utf-8")
    for name, text in styles.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    path = tmp_path / "config.yml"
    path.write_text("plex:\n  url: http://localhost:32400\n  token: abc\nlibraries:\n  Movies:\n"
                    f"    image_files:\n{entry}", encoding="utf-8")
    lines: list[str] = []
    code = validate(Options(config=path, validate=True), out=lines.append, err=lines.append)
    return code, lines


SMALL = "sections:\n  a:\n    builders: {x: 1}\n    styles:\n      s: {file: s.yml}\n    movies: {M: 1}\n"


def test_validate_checks_image_files_and_styles(tmp_path):
    entry = "      - file: Set.yml\n        template_variables: {use_all: true}\n"
    code, lines = _validate(tmp_path, SMALL, {"s.yml": "movies: {M: {url_poster: 'https://x.example/m.jpg'}}\n"},
                            entry)
    assert code == 0, lines
    assert not [line for line in lines if "not done" in line], lines
    code, lines = _validate(tmp_path, SMALL, {"s.yml": "shows: {M: {}}\n"}, entry)
    assert code == 2
    assert f"kometa: error: {tmp_path / 's.yml'}:1: style file {tmp_path / 's.yml'} has no movies: (the images " \
           "of a movie library's items)" in lines, lines
    code, lines = _validate(tmp_path, SMALL, {}, "      - file: Set.yml\n")
    assert f"kometa: error: {tmp_path / 'config.yml'}:7: no section of this image file is chosen (turn sections " \
           "on with the template variables use_all, use_<section> or include)" in lines, lines
    code, lines = _validate(tmp_path, SMALL, {}, "      - default: bluesky\n")
    assert code == 2
    assert any(line.startswith(f"kometa: error: {tmp_path / 'config.yml'}:7: image_files: default: bluesky: no "
                               "default image sets are shipped") for line in lines), lines


def test_a_default_image_set_named_like_a_collection_default_asks_for_nothing_else():
    # "imdb" is one of our collection defaults: as an image set it is only the located "not shipped" error
    from kometa.config.defaults import not_done
    from kometa.config.model import FileRef

    variables = {"language": "zz"}
    assert not_done(FileRef("default", "imdb", template_variables=variables, section="collection_files"))
    assert not_done(FileRef("default", "imdb", template_variables=variables, section="image_files")) == []


def test_validate_reports_every_sections_mistake(tmp_path):
    text = SMALL + "  b:\n    builders: {x: 1}\n    movies: {M: 1}\n  c:\n    builders: {x: 1}\n    styles:\n" \
                   "      s: {file: missing.yml}\n    movies: {M: 1}\n"
    code, lines = _validate(tmp_path, text, {"s.yml": "movies: {M: {url_poster: 'https://x.example/m.jpg'}}\n"},
                            "      - file: Set.yml\n        template_variables: {use_all: true}\n")
    errors = [line for line in lines if line.startswith("kometa: error:")]
    assert code == 2 and len(errors) == 2, lines
    assert errors[0] == f"kometa: error: {tmp_path / 'Set.yml'}:7: section b has no styles:"
    assert errors[1].startswith(f"kometa: error: {tmp_path / 'Set.yml'}:13: file 'missing.yml' not found"), errors
