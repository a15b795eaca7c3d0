"""``missing_only_released``, filters on missing titles and ``only_filter_missing``, against the
paired sims (metasim's TMDb answers each missing title's details; the world's today is the run's)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from tmdb_helpers import rows

from kometa.config import load_config
from kometa.core.options import Options
from kometa.engine.process import RunContext, process_config
from metasim.world import TODAY

MOMENT = datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=UTC)


def _titles(tmdb):
    movies = [t for t in tmdb.world.titles if t.kind == "movie"]
    upcoming = sorted((t for t in movies if not t.in_library and t.release_date and t.release_date > TODAY),
                      key=lambda t: t.tmdb_id)
    out = sorted((t for t in movies if not t.in_library and t.release_date and t.release_date <= TODAY),
                 key=lambda t: t.vote_count)
    inside = sorted((t for t in movies if t.in_library), key=lambda t: t.vote_count)
    assert len(upcoming) >= 2 and len(out) >= 4 and inside[0].vote_count < inside[-1].vote_count
    return upcoming[:2], out[:4], [inside[0], inside[-1]]


def _run(tmdb, ids, *, settings="", extra=""):
    lines = "".join(f"              - {i}\n" for i in ids)
    tmdb.write(f"""
        collections:
          Picks:
            tmdb_movie:
{lines}{extra}""", tmdb=f"tmdb:\n  apikey: {tmdb.pair.meta.tmdb_key}\n  language: en\n"
                          + (f"settings:\n{settings}" if settings else ""))
    path = tmdb.folder / "config.yml"
    ctx = RunContext(config=load_config(path), options=Options(config=path, run=True), moment=MOMENT)
    return rows(process_config(ctx))["Picks"]


def test_missing_only_released_drops_the_unreleased_missing_titles(tmdb):
    upcoming, out, inside = _titles(tmdb)
    ids = [t.tmdb_id for t in (*upcoming, *out, *inside)]
    assert _run(tmdb, ids).missing == len(upcoming) + len(out)
    tmdb.pair.meta.reset_stats()
    row = _run(tmdb, ids, settings="  missing_only_released: true\n  save_report: true\n")
    assert row.missing == len(out) and row.added + row.unchanged == len(inside)
    from ruamel.yaml import YAML

    saved = YAML(typ="safe").load((tmdb.folder / "Movies_report.yml").read_text(encoding="utf-8"))
    assert set(saved["Picks"]["Movies Missing (TMDb IDs)"]) == {t.tmdb_id for t in out}


def test_a_definitions_own_key_wins(tmdb):
    upcoming, out, _ = _titles(tmdb)
    ids = [t.tmdb_id for t in (*upcoming, *out)]
    row = _run(tmdb, ids, settings="  missing_only_released: true\n", extra="            missing_only_released: false\n")
    assert row.missing == len(ids)


def test_tmdb_filters_apply_to_missing_titles(tmdb, caplog):
    _, out, inside = _titles(tmdb)
    low, high = out[:2], out[2:]
    floor = high[0].vote_count
    assert low[-1].vote_count < floor
    ids = [t.tmdb_id for t in (*out, *inside)]
    with caplog.at_level(logging.INFO, logger="kometa"):
        row = _run(tmdb, ids, extra=f"            filters: {{tmdb_vote_count.gte: {floor}}}\n"
                                    f"            show_filtered: true\n")
    assert row.missing == len(high)
    dropped = [r.getMessage() for r in caplog.records if "| missing, filtered out: " in r.getMessage()]
    assert len(dropped) == len(low)


def test_only_filter_missing_filters_only_the_missing(tmdb):
    _, out, inside = _titles(tmdb)
    floor = inside[-1].vote_count  # the library's other item fails it
    passing = [t for t in out if t.vote_count >= floor]
    ids = [t.tmdb_id for t in (*out, *inside)]
    filters = f"            filters: {{tmdb_vote_count.gte: {floor}}}\n"
    plain = _run(tmdb, ids, extra=filters + "            sync_mode: sync\n")
    assert plain.missing == len(passing) and plain.added + plain.unchanged == 1
    row = _run(tmdb, ids, settings="  only_filter_missing: true\n", extra=filters + "            sync_mode: sync\n")
    assert row.missing == len(passing)
    assert row.added + row.unchanged == len(inside)  # the library's items are not filtered
