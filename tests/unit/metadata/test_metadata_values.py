"""``--validate`` judges a metadata entry's values with the run's parsers (metadata/value_check.py):
each bad value is an error at its own line, in nested seasons and episodes too; good values pass."""

from __future__ import annotations

from kometa.app.validate import validate
from kometa.core.options import Options

CONFIG = "plex:\n  url: http://localhost:32400\n  token: abc\nlibraries:\n  Movies:\n    metadata_files:\n" \
         "    - file: m.yml\n"


def _validate(tmp_path, capsys, metadata: str) -> tuple[int, str]:
    (tmp_path / "m.yml").write_text("metadata:\n" + metadata)
    (tmp_path / "config.yml").write_text(CONFIG)
    lines: list[str] = []
    code = validate(Options(config=tmp_path / "config.yml", validate=True), out=lines.append, err=lines.append)
    return code, "\n".join(lines)


def test_bad_values_are_errors_at_their_lines(tmp_path, capsys):
    code, err = _validate(tmp_path, capsys, "  The Matrix:\n    critic_rating: lots\n    originally_available: notadate\n"
                          "    url_poster: [1]\n  Other:\n    year: abc\n    file_poster: nothere.jpg\n"
                          "  Show:\n    seasons:\n      1:\n        user_rating: 11\n        episodes:\n"
                          "          2:\n            originally_available: someday\n")
    assert code == 2
    for line, text in ((3, "critic_rating: expected a rating 0.0-10.0"), (4, "originally_available: expected a "
                                                                              "YYYY-MM-DD date"),
                       (5, "url_poster: expected a URL"), (7, "match: year must be a number"),
                       (8, "file_poster: file not found"), (12, "user_rating: expected a rating"),
                       (15, "episodes 2: originally_available: expected a YYYY-MM-DD date")):
        assert f"m.yml:{line}: metadata '" in err and any(f"m.yml:{line}:" in row and text in row
                                                          for row in err.splitlines()), (line, err)


def test_good_values_pass(tmp_path, capsys):
    (tmp_path / "poster.jpg").write_bytes(b"jpg")
    code, err = _validate(tmp_path, capsys, "  The Matrix:\n    critic_rating: 7.5\n    originally_available: 1999-03-31\n"
                          "    url_poster: https://example.com/p.jpg\n    file_poster: poster.jpg\n    year: 1999\n")
    assert code == 0, err
