"""default: imdb, tmdb, trakt, tautulli — chart collections: names, members, order, variables."""

from __future__ import annotations

from pathlib import Path

from defaults_helpers import DefaultsRunner, rows


def _same_as(runner: DefaultsRunner, tmp_path: Path, library: str, builders: dict[str, str]) -> dict[str, set[str]]:
    """Members of plain collections made with the builder each default collection should use."""
    body = "".join(f"  Plain {name}:\n    {builder}\n    sync_mode: sync\n" for name, builder in builders.items())
    (tmp_path / "plain.yml").write_text(f"collections:\n{body}", encoding="utf-8")
    entry = "- file: plain.yml\n"
    runner.run(**({"movies": entry} if library == "Movies" else {"shows": entry}))
    return {name: runner.members(f"Plain {name}", library) for name in builders}


def test_imdb_movies_and_shows(runner: DefaultsRunner, tmp_path: Path) -> None:
    report = runner.run(movies="- default: imdb\n", shows="- default: imdb\n")
    made = rows(report)
    assert {"IMDb Popular", "IMDb Top 250", "IMDb Lowest Rated"} <= set(made)
    shows = rows(report, "TV Shows")
    assert {"IMDb Popular", "IMDb Top 250"} <= set(shows) and "IMDb Lowest Rated" not in shows
    top = runner.collections()["IMDb Top 250"]
    assert top.titleSort == "!020_IMDb Top 250" and top.summary == "IMDb's 250 top rated movies."
    assert top.collectionSort == 2  # custom: the chart's order
    want = _same_as(runner, tmp_path, "Movies", {"top": "imdb_chart: top_movies",
                                                 "popular": "imdb_chart: popular_movies"})
    assert want["top"] and runner.members("IMDb Top 250") == want["top"]
    assert runner.members("IMDb Popular") == want["popular"]
    show_top = _same_as(runner, tmp_path, "TV Shows", {"top": "imdb_chart: top_shows"})["top"]
    assert show_top and runner.members("IMDb Top 250", "TV Shows") == show_top


def test_imdb_variables(runner: DefaultsRunner) -> None:
    report = runner.run(movies="- default: imdb\n  template_variables:\n    use_lowest: false\n"
                               "    name_top: Best 250\n    summary_top: Mine.\n    collection_order: alpha\n"
                               "    sort_prefix: '~'\n    order_top: 1\n")
    made = rows(report)
    assert made["IMDb Lowest Rated"].status == "Skipped Run Definition"
    best = runner.collections()["Best 250"]
    assert best.summary == "Mine." and best.collectionSort == 1 and best.titleSort == "~0201_Best 250"


def test_tmdb_limits_and_show_charts(runner: DefaultsRunner, tmp_path: Path) -> None:
    report = runner.run(movies="- default: tmdb\n  template_variables:\n    limit: 15\n    limit_popular: 5\n",
                        shows="- default: tmdb\n")
    assert {"TMDb Popular", "TMDb Top Rated", "TMDb Trending"} <= set(rows(report))
    assert {"TMDb Airing Today", "TMDb On The Air", "TMDb Popular", "TMDb Top Rated", "TMDb Trending"} <= \
        set(rows(report, "TV Shows"))
    popular, top = runner.members("TMDb Popular"), runner.members("TMDb Top Rated")
    want = _same_as(runner, tmp_path, "Movies", {"popular": "tmdb_popular: 5", "top": "tmdb_top_rated: 15",
                                                 "trending": "tmdb_trending_weekly: 15"})
    assert popular == want["popular"] and top == want["top"] and top
    assert runner.members("TMDb Trending") == want["trending"]


def test_trakt_charts(runner: DefaultsRunner, tmp_path: Path) -> None:
    report = runner.run(movies="- default: trakt\n  template_variables:\n    use_recommended: false\n    limit: 30\n")
    made = rows(report)
    for name in ("Trakt Collected", "Trakt Popular", "Trakt Trending", "Trakt Watched"):
        assert made[name].status in ("Created", "Updated", "Unchanged"), (name, made[name])
    assert made["Trakt Recommended"].status == "Skipped Run Definition"
    want = _same_as(runner, tmp_path, "Movies", {"trending": "trakt_trending: 30",
                                                 "watched": "trakt_watched_weekly: 30"})
    assert runner.members("Trakt Trending") == want["trending"] and want["trending"]
    assert runner.members("Trakt Watched") == want["watched"]


def test_tautulli_charts(runner: DefaultsRunner, tmp_path: Path) -> None:
    report = runner.run(movies="- default: tautulli\n  template_variables:\n    list_size_popular: 3\n")
    made = rows(report)
    assert made["Plex Popular"].status == "Created", made
    want = _same_as(runner, tmp_path, "Movies", {"popular": "tautulli_popular: {list_days: 30, list_size: 3}",
                                                 "watched": "tautulli_watched: {list_days: 30, list_size: 20}"})
    assert runner.members("Plex Popular") == want["popular"] and len(want["popular"]) <= 3
    assert runner.members("Plex Watched") == want["watched"]
