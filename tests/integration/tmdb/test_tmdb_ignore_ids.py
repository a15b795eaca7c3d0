"""ignore_ids with an online builder: an ignored title is neither a member nor missing."""

from __future__ import annotations

from tmdb_helpers import rows


def test_ignored_titles_are_neither_members_nor_missing(tmdb):
    group = next(g for g in tmdb.world.collections.values()
                 if sum(t.in_library for t in g.members) >= 2 and any(not t.in_library for t in g.members))
    inside = next(t for t in group.members if t.in_library)
    outside = next(t for t in group.members if not t.in_library)
    report = tmdb.run(f"""
        collections:
          Franchise:
            tmdb_collection: {group.id}
            ignore_ids: {inside.tmdb_id}, {outside.tmdb_id}
    """)
    row = rows(report)["Franchise"]
    assert row.error is None
    assert tmdb.members("Franchise") == {t.title for t in group.members if t.in_library} - {inside.title}
    assert row.missing == sum(1 for t in group.members if not t.in_library) - 1
