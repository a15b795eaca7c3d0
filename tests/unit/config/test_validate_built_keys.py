"""--validate judges the keys built last (run_again, hub_priority, auto_sort_hubs, tmdb_region,
sync_to_trakt_list, playlist posters) as a run does, without a server: bad values located, good
ones valid, none reported as not done."""

from __future__ import annotations

from pathlib import Path

from kometa.app.validate import validate
from kometa.core.options import Options


def _validate(tmp_path: Path, collections: str, settings: str = "") -> tuple[int, list[str]]:
    (tmp_path / "Movies.yml").write_text(collections, encoding="utf-8")
    path = tmp_path / "config.yml"
    path.write_text("plex:\n  url: http://localhost:32400\n  token: abc\n"  # tmdb_popular needs tmdb:
                    "tmdb:\n  apikey: 0123456789abcdef0123456789abcdef\n" + settings +
                    "libraries:\n  Movies:\n    collection_files:\n      - file: Movies.yml\n", encoding="utf-8")
    lines: list[str] = []
    code = validate(Options(config=path, validate=True), out=lines.append, err=lines.append)
    return code, lines


GOOD = """collections:
  A:
    tmdb_popular: 5
    tmdb_region: gb
    run_again: true
    hub_priority: 2
    visible_home: true
    sync_to_trakt_list: https://trakt.tv/users/me/lists/mine
    sync_missing_to_trakt_list: true
    tmdb_list_poster: 8411768
"""


def test_the_built_keys_validate(tmp_path):
    code, lines = _validate(tmp_path, GOOD, "settings:\n  run_again_delay: 5\n  auto_sort_hubs: sort_title.desc\n")
    assert code == 0, lines
    assert not [line for line in lines if "not done" in line or "not applied" in line], lines


def test_bad_values_are_located(tmp_path):
    for line, bad, message in ((4, "tmdb_region: Britain", "tmdb_region must be a two-letter country code"),
                               (6, "hub_priority: 0", "hub_priority must be a whole number of at least 1"),
                               (8, "sync_to_trakt_list: [a]", "sync_to_trakt_list must be the slug of one of your"),
                               (5, "run_again: maybe", "run_again must be true or false")):
        key = bad.split(":")[0]
        text = "\n".join(f"    {bad}" if row.strip().startswith(f"{key}:") else row for row in GOOD.splitlines()) + "\n"
        code, lines = _validate(tmp_path, text)
        assert code == 2, (bad, lines)
        assert any(f"Movies.yml:{line}: {message}" in row for row in lines), (bad, lines)
    code, lines = _validate(tmp_path, GOOD, "settings:\n  auto_sort_hubs: sideways\n")
    assert code == 2 and any("config.yml:7: top-level settings: auto_sort_hubs must be one of" in row
                             for row in lines), lines
