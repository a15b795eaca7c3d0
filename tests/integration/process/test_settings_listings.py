"""The run-log lists ``settings:`` ask for (show_unmanaged, show_unconfigured, show_filtered,
show_unfiltered, only_filter_missing), against plexsim, read from the run's log."""

from __future__ import annotations

import logging

import pytest
from process_helpers import rows

DRAMAS = """
    collections:
      Dramas:
        plex_search: {{all: {{genre: Drama}}}}
        filters: {{year.gte: 2000}}
{extra}"""


def _settings(runner, text):
    path = runner.folder / "config.yml"
    path.write_text(path.read_text() + "settings:\n" + text, encoding="utf-8")


def _run(runner, caplog, extra="", settings=None):
    runner.write(DRAMAS.format(extra=extra))
    if settings is not None:
        _settings(runner, settings)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="kometa"):
        report = runner.run()
    return report, [r.getMessage() for r in caplog.records]


def _user_collection(runner, title="Users Own"):
    section = runner.plex().library.section("Movies")
    section.createCollection(title, items=section.all()[:2])


def _dramas(runner):
    section = runner.plex().library.section("Movies")
    return {m.title: m.year for m in section.search(genre="Drama")}


def test_by_default_the_log_lists_unmanaged_and_unconfigured_collections(runner, caplog):
    _user_collection(runner)
    _, lines = _run(runner, caplog)
    start = lines.index("Movies: unmanaged collections (no Kometa label; this config leaves them alone):")
    assert lines[start + 1:start + 3] == ["  Users Own", "  1 unmanaged collection"]
    start = lines.index("Movies: unconfigured collections (in Plex, named by no definition of this run):")
    assert lines[start + 1:start + 3] == ["  and the 1 unmanaged collection above", "  1 unconfigured collection"]
    assert not any(line == "  Dramas" for line in lines)  # ours and configured: in neither list


def test_with_show_unmanaged_off_the_unconfigured_list_names_every_one(runner, caplog):
    _user_collection(runner)
    _run(runner, caplog)
    runner.write("collections:\n  Other:\n    plex_search: {all: {genre: Comedy}}\n")
    _settings(runner, "  show_unmanaged: false\n")
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="kometa"):
        runner.run()
    lines = [r.getMessage() for r in caplog.records]
    start = lines.index("Movies: unconfigured collections (in Plex, named by no definition of this run):")
    assert lines[start + 1:start + 4] == ["  Dramas", "  Users Own", "  2 unconfigured collections"]


def test_a_managed_collection_no_longer_configured_is_unconfigured_only(runner, caplog):
    _run(runner, caplog)
    runner.write("collections:\n  Other:\n    plex_search: {all: {genre: Comedy}}\n")
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="kometa"):
        runner.run()
    lines = [r.getMessage() for r in caplog.records]
    assert "Movies: no unmanaged collections" in lines
    start = lines.index("Movies: unconfigured collections (in Plex, named by no definition of this run):")
    assert lines[start + 1] == "  Dramas"


def test_show_unmanaged_and_show_unconfigured_false_print_nothing(runner, caplog):
    _user_collection(runner)
    _, lines = _run(runner, caplog, settings="  show_unmanaged: false\n  show_unconfigured: false\n")
    assert not any("unmanaged" in line or "unconfigured" in line for line in lines)


def test_a_library_setting_wins_over_the_top_level_one(runner, caplog):
    _user_collection(runner)
    runner.write(DRAMAS.format(extra=""))
    path = runner.folder / "config.yml"
    text = path.read_text().replace("    collection_files:", "    settings:\n      show_unmanaged: false\n"
                                                            "    collection_files:")
    path.write_text(text + "settings:\n  show_unmanaged: true\n", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="kometa"):
        runner.run()
    lines = [r.getMessage() for r in caplog.records]
    assert not any("unmanaged" in line for line in lines)
    assert any("unconfigured collections" in line for line in lines)


@pytest.mark.parametrize("where", ["settings", "definition"])
def test_show_filtered_and_show_unfiltered_log_each_item(runner, caplog, where):
    dramas = _dramas(runner)
    old = sorted(t for t, y in dramas.items() if y < 2000)
    new = sorted(t for t, y in dramas.items() if y >= 2000)
    assert old and new
    if where == "settings":
        report, lines = _run(runner, caplog, settings="  show_filtered: true\n  show_unfiltered: true\n")
    else:
        report, lines = _run(runner, caplog, extra="        show_filtered: true\n        show_unfiltered: true\n")
    assert rows(report)["Dramas"].added == len(new)
    dropped = sorted(line.rsplit(": ", 1)[1] for line in lines if "| Collection Dramas | filtered out: " in line)
    kept = sorted(line.rsplit(": ", 1)[1] for line in lines if "| Collection Dramas | kept by the filters: " in line)
    assert dropped == old and kept == new


def test_filters_are_quiet_by_default(runner, caplog):
    _, lines = _run(runner, caplog)
    assert not any("filtered out" in line or "kept by the filters" in line for line in lines)


def test_only_filter_missing_lets_every_library_item_through(runner, caplog):
    dramas = _dramas(runner)
    report, _ = _run(runner, caplog, settings="  only_filter_missing: true\n")
    assert rows(report)["Dramas"].added == len(dramas)
    section = runner.plex().library.section("Movies")
    assert {m.title for m in section.collection("Dramas").items()} == set(dramas)


def test_show_filtered_in_a_playlist(runner, caplog):
    old = sorted(t for t, y in _dramas(runner).items() if y < 2000)
    runner.write("collections: {}\n", playlists="""
        playlists:
          Drama List:
            libraries: Movies
            plex_search: {all: {genre: Drama}}
            filters: {year.gte: 2000}
            show_filtered: true
    """)
    with caplog.at_level(logging.INFO, logger="kometa"):
        runner.run()
    lines = [r.getMessage() for r in caplog.records]
    dropped = sorted(line.rsplit(": ", 1)[1] for line in lines if "| Playlist Drama List | filtered out: " in line)
    assert dropped == old


@pytest.mark.parametrize("show", [False, True])
def test_show_options_lists_every_value_on_a_value_not_found(runner, show):
    genres = sorted({g.tag for m in runner.plex().library.section("Movies").all() for g in m.genres})
    assert len(genres) > 8
    runner.write("collections:\n  Typo:\n    plex_search: {all: {genre: Dramaa}}\n  Smart:\n"
                 "    smart_filter: {all: {genre: Dramaa}}\n")
    if show:
        _settings(runner, "  show_options: true\n")
    report = runner.run()
    for name in ("Typo", "Smart"):
        error = rows(report)[name].error
        assert "genre 'Dramaa' not found in library Movies" in error
        if show:
            assert error.endswith(f"(options: {', '.join(genres)})")
        else:
            assert f"(values include: {', '.join(genres[:8])})" in error
