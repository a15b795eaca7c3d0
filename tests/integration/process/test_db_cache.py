"""``plex: db_cache``: the server's DatabaseCacheSize is set when it differs, once per server, and a
second run sends nothing; read back through python-plexapi's server settings."""

from __future__ import annotations

import pytest

from kometa.core.errors import ConfigError


def _config(runner, db_cache, library_plex=""):
    runner.write("collections: {}\n", library_extra=library_plex)
    path = runner.folder / "config.yml"
    path.write_text(path.read_text().replace("  token: plexsim-test\n", f"  token: plexsim-test\n  db_cache: {db_cache}\n",
                                             1), encoding="utf-8")


def _size(runner):
    return runner.plex().settings.get("DatabaseCacheSize").value


def test_db_cache_is_set_once_and_a_second_run_writes_nothing(runner):
    assert _size(runner) == 40  # plexsim's default, as Plex's
    _config(runner, 512)
    report = runner.run()
    row = report.library("Plex server").rows[0]
    assert (row.name, row.status, row.error) == ("db_cache", "Updated", None)
    assert _size(runner) == 512
    runner.sim.reset_stats()
    report = runner.run()
    assert report.library("Plex server").rows[0].status == "Unchanged"
    assert runner.writes() == 0


def test_a_dry_run_says_what_it_would_set_and_sends_nothing(runner):
    _config(runner, 256)
    runner.run(dry_run=True)
    assert _size(runner) == 40
    assert any("db_cache: DatabaseCacheSize 40 -> 256 MB" in line for line in runner.printed)


def test_no_db_cache_reads_and_writes_no_preference(runner):
    _config(runner, "")
    report = runner.run()
    assert "Plex server" not in [lib.name for lib in report.libraries]
    assert _size(runner) == 40


@pytest.mark.parametrize("value", ["lots", "0", "true"])
def test_a_bad_db_cache_is_a_located_error(runner, value):
    _config(runner, value)
    with pytest.raises(ConfigError) as info:
        runner.run()
    assert info.value.line == 4 and "db_cache must be the database cache size in MB" in info.value.message
