"""The oscars default: Best Picture / Best Director winners of every year and one collection per recent year."""

from __future__ import annotations

from more_defaults_helpers import collection_names, delete_all, held, members, rows, section, winners

PICTURE = {"best motion picture of the year"}
DIRECTOR = {"best achievement in directing"}


def test_oscars_collections_and_members(runner, pair):
    delete_all(pair)
    report = runner.run("oscars")
    r = rows(report)
    years = [f"Oscars {y}" for y in range(2025, 2019, -1)]  # latest-5 .. latest
    assert [n for n in r if n.startswith("Oscars ") and n[-1].isdigit()] == years
    every = range(1929, 2026)
    want = held(pair, winners(pair, "ev0000003", every, categories=PICTURE))
    assert want and members(pair, "Oscars Best Picture Winners") == want
    assert members(pair, "Oscars Best Director Winners") == held(pair, winners(pair, "ev0000003", every,
                                                                           categories=DIRECTOR))
    for year in range(2020, 2026):
        expected = held(pair, winners(pair, "ev0000003", [year]))
        if expected:
            assert members(pair, f"Oscars {year}") == expected
    picture = section(pair).collection("Oscars Best Picture Winners")
    assert picture.titleSort == "!13001_Oscars Best Picture Winners"
    assert "Best Picture" in picture.summary
    year = next(c for c in section(pair).collections() if c.title.startswith("Oscars 20"))
    assert year.titleSort.startswith("!131_") and "Academy Awards" in year.summary


def test_oscars_variables(runner, pair):
    delete_all(pair)
    r = rows(runner.run("oscars", {"use_best_director": False, "data": {"starting": "latest-1"},
                                   "name_format": "Academy Awards <<key_name>>", "exclude": ["2024"],
                                   "name_best_picture": "Best Pictures", "year_collection_section": "200"}))
    names = collection_names(pair)
    assert "Oscars Best Director Winners" not in names and "Best Pictures" in names
    assert "Academy Awards 2025" in names and "Academy Awards 2024" not in names
    assert not any(n.startswith("Oscars 20") for n in names)
    assert section(pair).collection("Academy Awards 2025").titleSort.startswith("!200_")
    assert r["Best Pictures"].status == "Created"
    delete_all(pair)
    runner.run("oscars", {"use_year_collections": False})
    names = collection_names(pair)
    assert {"Oscars Best Picture Winners", "Oscars Best Director Winners"} <= names
    assert not any(n.startswith("Oscars 20") for n in names)


def test_second_run_changes_nothing_and_asks_imdb_nothing(runner, pair):
    delete_all(pair)
    runner.run("oscars")
    report = runner.run("oscars")
    assert all(row.status in ("Unchanged", "Not Created") or row.status.startswith("Unchanged")
               for row in report.library("Movies").rows), [(r.name, r.status) for r in report.library("Movies").rows]
    pages = [line for line in report.online if line.startswith("IMDb pages")]
    assert not pages or pages[0].startswith("IMDb pages: 0 request(s)"), pages


def test_delete_collections_configured_false_keeps_the_year_collections(runner, pair):
    delete_all(pair)
    runner.run("oscars")
    before = {c.title: c.ratingKey for c in section(pair).collections() if c.title.startswith("Oscars ")}
    assert "Oscars 2025" in before
    runner.run("oscars", operations={"delete_collections": {"managed": True, "configured": False}})
    after = {c.title: c.ratingKey for c in section(pair).collections() if c.title.startswith("Oscars ")}
    assert after == before  # the same collections: not deleted and made again


def test_delete_collections_configured_false_keeps_language_collections(runner, pair):
    delete_all(pair)
    runner.run("audio_language")
    before = {c.title: c.ratingKey for c in section(pair).collections() if c.title.endswith(" Audio")}
    assert before
    runner.run("audio_language", operations={"delete_collections": {"managed": True, "configured": False}})
    assert {c.title: c.ratingKey for c in section(pair).collections() if c.title.endswith(" Audio")} == before
