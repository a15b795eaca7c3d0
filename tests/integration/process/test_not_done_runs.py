"""A run against plexsim lists Kometa's parts this version does not do (a dynamic type, a filter)
under "Not done by this version", located, and does not count them as load failures."""

from __future__ import annotations

from process_helpers import rows

COLLECTIONS = """
    dynamic_collections:
      People:
        type: tmdb_popular_people
    collections:
      Drama:
        plex_search: {all: {genre: Drama}}
      Stingers:
        plex_all: true
        filters:
          has_stinger: true
"""


def test_not_done_parts_are_listed_and_the_rest_runs(runner) -> None:
    report = runner.run(COLLECTIONS)
    assert any("dynamic_collections 'People': type tmdb_popular_people:" in line and "not done" in line
               for line in report.not_done), report.not_done
    assert any("filter 'has_stinger'" in line and "not done by this version yet" in line for line in report.not_done), \
        report.not_done
    found = rows(report)
    assert found["Drama"].error is None, found
    assert not [name for name in found if name.endswith(".yml:3")], found  # the set is no load failure
