"""tmdb_birthday / tmdb_deathday: a definition runs only near its tmdb_person's day (TMDb's person
record through metasim); otherwise it is Not Scheduled, and delete_not_scheduled deletes it."""

from __future__ import annotations

from datetime import datetime

from plexapi.server import PlexServer
from tmdb_helpers import rows

from kometa.config import load_config
from kometa.core.options import Options
from kometa.engine.process import RunContext, process_config
from metasim.testing import PLEX_TOKEN


def _run(tmdb, moment: datetime):
    path = tmdb.folder / "config.yml"
    ctx = RunContext(config=load_config(path), options=Options(config=path, run=True), moment=moment.astimezone())
    return process_config(ctx)


def test_birthday_collection_runs_on_the_day_and_is_deleted_after(tmdb):
    person = next(p for p in tmdb.world.people.people.values() if p.birthday is not None and 3 <= p.birthday.day < 28)
    tmdb.write(f"""
        collections:
          Birthday:
            plex_all: true
            tmdb_person: {person.id}
            tmdb_birthday:
              before: 2
            delete_not_scheduled: true
          No Person:
            plex_all: true
            tmdb_birthday: {{this_month: true}}
    """)
    on_day = datetime(2026, person.birthday.month, person.birthday.day, 12, 0)
    report = _run(tmdb, on_day.replace(day=on_day.day - 2))  # two days before: within before: 2
    got = rows(report)
    assert got["Birthday"].status == "Created", got["Birthday"]
    assert got["No Person"].status == "Not Scheduled"
    assert got["No Person"].note == "tmdb_birthday needs tmdb_person (the person whose day it is)"
    later = _run(tmdb, on_day.replace(day=on_day.day + 1))  # the day after: outside (after: 0)
    row = rows(later)["Birthday"]
    assert row.status == "Deleted Not Scheduled", row
    assert f"tmdb_birthday: {person.birthday.month}/{person.birthday.day} is" in (row.note or "")
    section = PlexServer(tmdb.pair.plex.url, PLEX_TOKEN).library.section("Movies")
    assert "Birthday" not in {c.title for c in section.collections()}


def test_no_deathday_is_not_scheduled(tmdb):
    person = next(p for p in tmdb.world.people.people.values() if p.deathday is None)
    tmdb.write(f"""
        collections:
          In Memoriam:
            plex_all: true
            tmdb_person: {person.id}
            tmdb_deathday: {{this_month: true}}
    """)
    row = rows(_run(tmdb, datetime(2026, 5, 5, 12, 0)))["In Memoriam"]
    assert row.status == "Not Scheduled" and row.note == f"tmdb_deathday: TMDb gives no deathday for {person.name}"
