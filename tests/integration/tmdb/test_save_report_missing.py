"""save_report lists the titles an online builder named that the library lacks (TMDb ids)."""

from __future__ import annotations

from ruamel.yaml import YAML
from tmdb_helpers import rows


def test_missing_titles_are_reported_by_tmdb_id(tmdb):
    group = next(g for g in tmdb.world.collections.values()
                 if any(t.in_library for t in g.members) and any(not t.in_library for t in g.members))
    key = tmdb.pair.meta.tmdb_key
    report = tmdb.run(f"""
        collections:
          Franchise:
            tmdb_collection: {group.id}
    """, tmdb=f"tmdb:\n  apikey: {key}\n  language: en\nsettings:\n  save_report: true\n")
    assert rows(report)["Franchise"].status == "Created"
    saved = YAML(typ="safe").load((tmdb.folder / "Movies_report.yml").read_text(encoding="utf-8"))
    missing = {t.tmdb_id: t.title for t in group.members if not t.in_library}
    assert saved["Franchise"]["Movies Missing (TMDb IDs)"] == missing
    assert set(saved["Franchise"]["Movies Added (TMDb IDs)"].values()) == {t.title for t in group.members
                                                                          if t.in_library}
