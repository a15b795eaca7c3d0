"""engine.save_report: Kometa's report sections, where the file goes, written only when it changes."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML

from kometa.engine.save_report import ReportBook, book_for, report_path


def test_sections_by_id_and_by_title():
    book = ReportBook(Path("r.yml"), is_movie=True)
    book.add("Old", "Added", [("Alien", 348), ("Home Video", None)])
    book.add_missing("Old", [{"title": "Aliens", "year": 1986, "tmdb": 679}, {"title": "Lost One"}], [])
    shows = ReportBook(Path("s.yml"), is_movie=False)
    shows.add_missing("Best", [], ["Some Show (2001)"])
    assert YAML(typ="safe").load(book.render()) == {"Old": {
        "Movies Added (TMDb IDs)": {348: "Alien"}, "Movies Added": ["Home Video"],
        "Movies Missing (TMDb IDs)": {679: "Aliens"}, "Movies Missing": ["Lost One"]}}
    assert YAML(typ="safe").load(shows.render()) == {"Best": {"Shows Missing": ["Some Show (2001)"]}}


def test_where_the_report_goes(tmp_path):
    assert report_path(None, tmp_path, "Movies") == tmp_path / "Movies_report.yml"
    assert report_path("config/reports/M.yml", tmp_path, "Movies") == tmp_path / "reports" / "M.yml"
    assert report_path("/abs/M.yml", tmp_path, "Movies") == Path("/abs/M.yml")
    assert book_for({"save_report": True}, {"report_path": "x.yml"}, tmp_path, "Movies", "show").path == tmp_path / "x.yml"


def test_written_only_when_asked_and_when_the_text_changes(tmp_path):
    off = book_for({}, None, tmp_path, "Movies", "movie")
    assert not off.wants({}) and off.write(dry_run=False) is None and not off.path.exists()
    book = book_for({"save_report": True}, None, tmp_path, "Movies", "movie")
    assert book.wants({}) and not book.wants({"save_report": False})
    book.add("Old", "Removed", [("Alien", 348)])
    assert book.write(dry_run=True).endswith("a dry run writes no report)") and not book.path.exists()
    assert book.write(dry_run=False).startswith("wrote report")
    stamp = book.path.stat().st_mtime_ns
    assert book.write(dry_run=False) is None and book.path.stat().st_mtime_ns == stamp
    assert not list(tmp_path.glob(".*.tmp"))
