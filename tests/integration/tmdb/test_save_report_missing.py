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


def test_a_playlist_reports_in_its_first_librarys_report(tmdb, capsys):
    """save_report in a playlist: its added, filtered and missing titles join its first library's
    report (beside that library's collections), as Kometa writes it; a dry run writes none."""
    group = next(g for g in tmdb.world.collections.values()
                 if sum(t.in_library for t in g.members) >= 2 and any(not t.in_library for t in g.members))
    inside = sorted((t for t in group.members if t.in_library), key=lambda t: t.tmdb_id)
    dropped = inside[0]
    key = tmdb.pair.meta.tmdb_key
    tmdb.write(f"""
        collections:
          Franchise:
            tmdb_collection: {group.id}
    """, tmdb=f"tmdb:\n  apikey: {key}\n  language: en\nsettings:\n  save_report: true\n")
    (tmdb.folder / "Playlists.yml").write_text(f"""
playlists:
  Franchise Night:
    libraries: Movies
    tmdb_collection: {group.id}
    filters:
      title.not: "{dropped.title}"
  Quiet:
    libraries: Movies
    tmdb_collection: {group.id}
    save_report: false
""", encoding="utf-8")
    path = tmdb.folder / "config.yml"
    path.write_text(path.read_text() + "playlist_files:\n  - file: Playlists.yml\n", encoding="utf-8")
    tmdb.run(dry_run=True)
    assert not (tmdb.folder / "Movies_report.yml").exists()
    assert "would Movies (playlists) | write report" in capsys.readouterr().out
    report = tmdb.run()
    assert {r.name: r.status for r in report.playlists} == {"Franchise Night": "Created", "Quiet": "Created"}
    saved = YAML(typ="safe").load((tmdb.folder / "Movies_report.yml").read_text(encoding="utf-8"))
    assert set(saved) == {"Franchise", "Franchise Night"}  # the library's collection stays; Quiet asked none
    night = saved["Franchise Night"]
    assert night["Movies Missing (TMDb IDs)"] == {t.tmdb_id: t.title for t in group.members if not t.in_library}

    def titles(kind: str) -> set[str]:  # by TMDb id, or by title alone for an item whose guids lack one
        return set((night.get(f"Movies {kind} (TMDb IDs)") or {}).values()) | set(night.get(f"Movies {kind}") or [])

    assert titles("Filtered") == {dropped.title}
    assert titles("Added") == {t.title for t in inside[1:]}
