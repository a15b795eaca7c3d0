"""Regression tests from the engine review: nothing lost, request economy, one-line mistakes."""

from __future__ import annotations

from process_helpers import rows

DECADES = """
    dynamic_collections:
      Decades:
        type: decade
        sync: true
"""


def _titles(runner):
    return sorted(c.title for c in runner.plex().library.section("Movies").collections())


def test_a_load_error_in_the_file_does_not_sync_delete_a_dynamic_set(runner):
    runner.run(DECADES)
    created = _titles(runner)
    assert len(created) >= 3
    # a typo in another set makes the whole file fail to load: Decades' collections must survive
    report = runner.run(DECADES + "      Broken:\n        type: genre\n        bogus: 1\n")
    assert report.errors and "bogus" in report.errors[0]
    assert not any(row.status == "Deleted" for row in rows(report).values())
    assert _titles(runner) == created
