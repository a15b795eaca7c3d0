"""plex: empty_trash / clean_bundles / optimize run once per server after all libraries."""

from __future__ import annotations

from process_helpers import TOKEN


def _config(runner, plex_extra: str) -> None:
    (runner.folder / "Movies.yml").write_text("collections: {}\n", encoding="utf-8")
    (runner.folder / "config.yml").write_text(
        f"plex:\n  url: {runner.sim.url}\n  token: {TOKEN}\n{plex_extra}"
        "libraries:\n  Movies:\n    collection_files:\n      - file: Movies.yml\n"
        "  TV Shows:\n    collection_files:\n      - file: Movies.yml\n", encoding="utf-8")


def _puts(sim):
    return [r["path"] for r in sim.request_log() if r["method"] == "PUT"]


def test_maintenance_once_after_libraries(runner, sim):
    _config(runner, "  empty_trash: true\n  optimize: true\n  clean_bundles: never\n")
    sim.reset_stats()
    report = runner.run()
    rows = {r.name: r for r in report.library("Plex maintenance").rows}
    assert set(rows) == {"empty_trash", "optimize"} and all(r.status == "Done" for r in rows.values())
    puts = _puts(sim)
    assert sorted(puts) == ["/library/optimize", "/library/sections/1/emptyTrash", "/library/sections/2/emptyTrash"]


def test_maintenance_dry_run_and_off(runner, sim):
    _config(runner, "  optimize: true\n")
    sim.reset_stats()
    runner.run(dry_run=True)
    assert _puts(sim) == []
    _config(runner, "  optimize: false\n")
    report = runner.run()
    assert not report.library("Plex maintenance").rows
