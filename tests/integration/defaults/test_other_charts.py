"""default: other_chart — charts of other sites, from the MDBList lists Kometa's docs name."""

from __future__ import annotations

from pathlib import Path

from defaults_helpers import DefaultsRunner, rows

MDBLIST = "mdblist:\n  apikey: metasim-mdblist\n"
CSS = "https://mdblist.com/lists/k0meta/cssfamiliesmovies"
PIRATED = "https://mdblist.com/lists/hdlists/top-ten-pirated-movies-of-the-week-torrent-freak-com"


def test_other_chart_movies(runner: DefaultsRunner, tmp_path: Path) -> None:
    (tmp_path / "plain.yml").write_text(
        f"collections:\n  Plain CSS:\n    mdblist_list: {CSS}\n    sync_mode: sync\n"
        f"  Plain Pirated:\n    mdblist_list: {PIRATED}\n    limit: 3\n    sync_mode: sync\n"
        f"  Plain StevenLu:\n    stevenlu_popular: true\n    limit: 4\n    sync_mode: sync\n", encoding="utf-8")
    runner.run(movies="- file: plain.yml\n", extra=MDBLIST)
    report = runner.run(movies="- default: other_chart\n  template_variables:\n    limit_pirated: 3\n"
                               "    use_metacritic: false\n    use_stevenlu: false\n", extra=MDBLIST)
    made = rows(report)
    assert made["Metacritic Must See"].status == "Skipped Run Definition"
    css = runner.members("Plain CSS")
    assert css and runner.members("Common Sense Selection") == css
    assert runner.members("Top 10 Pirated Movies of the Week") == runner.members("Plain Pirated")
    selection = runner.collections()["Common Sense Selection"]
    assert selection.titleSort == "!020_Common Sense Selection" and selection.collectionSort == 2  # custom
    assert made["StevenLu's Popular Movies"].status == "Skipped Run Definition"
    runner.run(movies="- default: other_chart\n  template_variables:\n    limit_stevenlu: 4\n", extra=MDBLIST)
    popular = runner.members("StevenLu's Popular Movies")
    assert len(popular) == 4 and popular == runner.members("Plain StevenLu")
    stevenlu = runner.collections()["StevenLu's Popular Movies"]
    assert stevenlu.titleSort == "!020_StevenLu's Popular Movies" and stevenlu.collectionSort == 2


def test_other_chart_shows(runner: DefaultsRunner) -> None:
    made = rows(runner.run(shows="- default: other_chart\n", extra=MDBLIST), "TV Shows")
    assert {"Common Sense Selection", "Metacritic Must See"} <= set(made)
    assert "Top 10 Pirated Movies of the Week" not in made
