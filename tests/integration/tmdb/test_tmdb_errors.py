"""Each bad input gives one located line; TMDb trouble fails only what needs TMDb."""

from __future__ import annotations

import socket

import pytest
from tmdb_helpers import rows

from kometa.cli.main import main

PLEX_ONLY = """
        collections:
          Plain:
            plex_all: true
          Franchise:
            tmdb_collection: {gid}
"""


def _gid(tmdb):
    return next(iter(tmdb.world.collections.values())).id


def _one_line(row):
    assert row.error is not None and "\n" not in row.error and "Traceback" not in row.error
    return row.error


def test_missing_section_names_it_and_the_builder_plex_parts_run(tmdb):
    report = tmdb.run(PLEX_ONLY.format(gid=_gid(tmdb)), tmdb="")
    r = rows(report)
    assert r["Plain"].error is None and r["Plain"].status == "Created"
    error = _one_line(r["Franchise"])
    assert f"{tmdb.folder / 'Movies.yml'}:6: tmdb_collection needs TMDb:" in error
    assert "the 'tmdb:' section is missing" in error
    assert r["Franchise"].status == "TMDb Failure"
    assert report.failed


def test_missing_apikey_is_located_at_the_section(tmdb):
    report = tmdb.run(PLEX_ONLY.format(gid=_gid(tmdb)), tmdb="tmdb:\n  language: en\n")
    error = _one_line(rows(report)["Franchise"])
    assert f"{tmdb.folder / 'config.yml'}:4: tmdb: apikey is missing" in error


def test_bad_key_is_one_line_sent_once_and_exit_1(tmdb, capsys):
    gid = _gid(tmdb)
    tmdb.write(PLEX_ONLY.format(gid=gid) + f"""
          Second:
            tmdb_collection: {gid}
    """, tmdb="tmdb:\n  apikey: wrong-key\n")
    code = main(["--run", "--config", str(tmdb.folder / "config.yml")])
    assert code == 1
    out = capsys.readouterr()
    text = out.out + out.err
    assert "tmdb: apikey was refused by TMDb (the service refused the credentials (HTTP 401" in text
    assert "Traceback" not in text
    assert tmdb.tmdb_requests() == 1  # the second definition does not ask again


def test_good_run_exits_0(tmdb):
    tmdb.write(PLEX_ONLY.format(gid=_gid(tmdb)))
    assert main(["--run", "--config", str(tmdb.folder / "config.yml")]) == 0


@pytest.mark.parametrize(("value", "message"), [
    ("995000000", "tmdb_collection: TMDb has no collection with id 995000000"),
    ("abc", "tmdb_collection: 'abc' is not a TMDb id or a TMDb URL"),
    ("[]", "tmdb_collection has no value (give TMDb ids or URLs)"),
    ("", "tmdb_collection needs TMDb ids or TMDb URLs, got None"),
])
def test_bad_values_are_located_validation_errors(tmdb, value, message):
    report = tmdb.run(f"""
        collections:
          Bad:
            tmdb_collection: {value}
    """)
    row = rows(report)["Bad"]
    error = _one_line(row)
    assert error == f"{tmdb.folder / 'Movies.yml'}:4: {message}"
    assert row.status == "Builder Validation Error"


def test_bad_chart_count_and_wrong_library_type(tmdb):
    report = tmdb.run("""
        collections:
          Count:
            tmdb_popular: lots
          Wrong Type:
            tmdb_network: 213
    """)
    r = rows(report)
    assert "tmdb_popular takes the number of items to fetch" in _one_line(r["Count"])
    assert "tmdb_network works in show libraries only" in _one_line(r["Wrong Type"])


def test_tmdb_keys_not_known_say_so(tmdb):
    report = tmdb.run("""
        collections:
          Summary:
            tmdb_votes: 138
            plex_all: true
    """)
    assert "'tmdb_votes' is not supported in this version" in _one_line(rows(report)["Summary"])


def _closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_service_down_fails_only_tmdb_parts_then_cache_stands_in(tmdb, monkeypatch):
    gid = _gid(tmdb)
    config = PLEX_ONLY.format(gid=gid)
    first = rows(tmdb.run(config))
    assert first["Franchise"].error is None
    # TMDb gone: a fresh cache folder fails the TMDb part only, with one line
    monkeypatch.setenv("KOMETA_TMDB_URL", f"http://127.0.0.1:{_closed_port()}/tmdb/3")
    other = tmdb.folder / "other"
    other.mkdir()
    (other / "Movies.yml").write_text((tmdb.folder / "Movies.yml").read_text())
    (other / "config.yml").write_text((tmdb.folder / "config.yml").read_text())
    tmdb.folder, saved = other, tmdb.folder
    down = rows(tmdb.run())
    assert down["Plain"].error is None
    assert "tmdb_collection needs TMDb: cannot reach http://127.0.0.1:" in _one_line(down["Franchise"])
    # the first folder's cache answers (fresh): nothing to send, same result
    tmdb.folder = saved
    again = rows(tmdb.run())
    assert again["Franchise"].error is None and again["Franchise"].status == "Unchanged"


def test_429_storm_and_fail_rate_still_give_correct_results(tmdb, monkeypatch):
    world = tmdb.world
    tmdb.pair.meta.set_faults(rate_limit=5, error_rate=0.1, seed=4)
    report = tmdb.run("""
        collections:
          Popular:
            tmdb_popular: 60
          Top:
            tmdb_top_rated: 60
    """)
    r = rows(report)
    assert all(x.error is None for x in r.values()), r
    assert tmdb.members("Popular") == {t.title for t in world.kind_chart("movie", "popular")[:60] if t.in_library}
    stats = tmdb.pair.meta.stats()["by_status"]
    assert stats.get("429", 0) + stats.get("503", 0) > 0  # the faults really happened
    assert "retr" in report.online[0]


def test_validate_full_checks_the_key(tmdb, capsys):
    tmdb.write(PLEX_ONLY.format(gid=_gid(tmdb)))
    config = str(tmdb.folder / "config.yml")
    assert main(["--validate", "--validate-level", "full", "--config", config]) == 0
    tmdb.write(PLEX_ONLY.format(gid=_gid(tmdb)), tmdb="tmdb:\n  apikey: nope\n")
    capsys.readouterr()
    assert main(["--validate", "--validate-level", "full", "--config", config]) == 2
    out = capsys.readouterr()
    text = out.out + out.err
    assert f"{config}:4: tmdb: the apikey could not be checked: the service refused the credentials (HTTP 401" in text
    assert "Traceback" not in text


@pytest.mark.parametrize(("case", "value", "message"), [
    ("missing section", "{gid}", "tmdb_collection needs TMDb: "),
    ("unknown id", "995000000", "tmdb_collection: TMDb has no collection with id 995000000"),
    ("malformed value", "abc", "tmdb_collection: 'abc' is not a TMDb id or a TMDb URL"),
    ("empty list", "[]", "tmdb_collection has no value (give TMDb ids or URLs)"),
    ("service down", "{gid}", "tmdb_collection needs TMDb: cannot reach "),
])
def test_each_bad_input_is_one_line_and_exit_1_from_the_command(tmdb, capsys, monkeypatch, case, value, message):
    """Through the real command (flags, run, summary): the one line, no traceback, exit code 1; the
    Plex-only collection is still made."""
    if case == "service down":
        monkeypatch.setenv("KOMETA_TMDB_URL", f"http://127.0.0.1:{_closed_port()}/tmdb/3")
    tmdb.write(PLEX_ONLY.replace("{gid}", value.format(gid=_gid(tmdb))),
               tmdb="" if case == "missing section" else None)
    capsys.readouterr()
    assert main(["--run", "--config", str(tmdb.folder / "config.yml")]) == 1
    out = capsys.readouterr()
    text = out.out + out.err
    lines = [line for line in text.splitlines() if message in line]
    assert lines and all(f"{tmdb.folder / 'Movies.yml'}:6: " in line for line in lines), text
    assert "Traceback" not in text
    assert tmdb.members("Plain")  # the Plex-only part ran


def test_a_429_storm_the_run_rides_out_exits_0(tmdb, capsys):
    tmdb.pair.meta.set_faults(rate_limit=1, seed=5)
    tmdb.write("""
        collections:
          Popular:
            tmdb_popular: 60
    """)
    assert main(["--run", "--config", str(tmdb.folder / "config.yml")]) == 0
    assert tmdb.pair.meta.stats()["by_status"].get("429", 0) > 0  # the storm really happened
    assert tmdb.members("Popular") == {t.title for t in tmdb.world.kind_chart("movie", "popular")[:60]
                                       if t.in_library}
