"""default: basic — Newly Released, a smart collection of what was released in the last N days."""

from __future__ import annotations

from datetime import datetime, timedelta

from defaults_helpers import DefaultsRunner, rows


def _released_since(runner: DefaultsRunner, days: int, library: str = "Movies") -> set[str]:
    start = datetime.now() - timedelta(days=days)
    return {i.title for i in runner.section(library).all()
            if i.originallyAvailableAt is not None and i.originallyAvailableAt >= start}


def test_newly_released_with_its_variables(runner: DefaultsRunner) -> None:
    report = runner.run(movies="- default: basic\n  template_variables:\n    in_the_last_released: 700\n"
                               "    visible_home_released: true\n",
                        shows="- pmm: basic\n  template_variables:\n    in_the_last_released: 900\n"
                              "    name_released: Fresh Shows\n")
    assert rows(report)["Newly Released"].status == "Created", rows(report)
    collection = runner.collections()["Newly Released"]
    assert collection.smart and collection.titleSort == "!010_Newly Released"
    assert collection.summary == "Movies released in the last 700 days."
    want = _released_since(runner, 700)
    assert want and runner.members("Newly Released") == want
    shows = runner.collections("TV Shows")
    assert "Fresh Shows" in shows and shows["Fresh Shows"].summary == "Shows released in the last 900 days."
    assert runner.members("Fresh Shows", "TV Shows") == _released_since(runner, 900, "TV Shows")


def test_use_false_leaves_it_and_a_second_run_writes_nothing(runner: DefaultsRunner) -> None:
    report = runner.run(movies="- default: basic\n  template_variables:\n    use_released: false\n"
                               "    name_released: Not Made\n")
    assert rows(report)["Not Made"].status == "Skipped Run Definition"
    assert "Not Made" not in runner.collections()
    assert runner.second_run_writes(movies="- default: basic\n  template_variables:\n    in_the_last_released: 365\n") == 0


def _aired(runner: DefaultsRunner, days_ago: list[int]) -> list[int]:
    """Episodes of different shows given air dates ``days_ago`` days back (real HTTP edits before
    the run); every other episode aired over a year ago. Their rating keys, in that order."""
    section = runner.section("TV Shows")
    today = datetime.now().replace(hour=0, minute=0, second=0, microsecond=0)
    chosen = []
    for show, days in zip(section.all(), days_ago, strict=False):
        episode = show.episodes()[0]
        episode.editOriginallyAvailable(today - timedelta(days=days))
        chosen.append(int(episode.ratingKey))
    for episode in section.searchEpisodes():
        if int(episode.ratingKey) not in chosen and episode.originallyAvailableAt is not None \
                and episode.originallyAvailableAt >= today - timedelta(days=60):
            episode.editOriginallyAvailable(today - timedelta(days=400))
    return chosen


def test_new_episodes_in_a_show_library(runner: DefaultsRunner) -> None:
    keys = _aired(runner, [1, 3, 10])
    report = runner.run(shows="- default: basic\n")
    got = rows(report, "TV Shows")
    # an earlier test's run may have made it (then its drawn poster is uploaded again: this test's
    # config folder, so its ledger, is new)
    assert got["New Episodes"].status in ("Created", "Unchanged", "Updated Metadata"), got
    collection = runner.collections("TV Shows")["New Episodes"]
    assert collection.smart and collection.subtype == "episode"
    assert collection.titleSort == "!010_New Episodes"
    assert collection.summary == "Episodes released in the last 7 days."
    assert [int(i.ratingKey) for i in collection.items()] == keys[:2]  # the last 7 days, newest first
    report = runner.run(shows="- default: basic\n  template_variables:\n    in_the_last_episodes: 14\n"
                              "    limit_episodes: 2\n")
    assert rows(report, "TV Shows")["New Episodes"].status.startswith("Modified")  # the filter and summary
    collection = runner.collections("TV Shows")["New Episodes"]
    assert collection.summary == "Episodes released in the last 14 days."
    assert [int(i.ratingKey) for i in collection.items()] == keys[:2]  # limit 2 of the three
    assert runner.second_run_writes(shows="- default: basic\n  template_variables:\n    in_the_last_episodes: 14\n") \
        == 0
    assert [int(i.ratingKey) for i in runner.collections("TV Shows")["New Episodes"].items()] == keys


def test_new_episodes_is_for_show_libraries_only(runner: DefaultsRunner) -> None:
    report = runner.run(movies="- default: basic\n  template_variables:\n    in_the_last_episodes: 14\n")
    got = rows(report)
    assert "New Episodes" not in got and not got["Newly Released"].error
    assert "New Episodes" not in runner.collections()
    report = runner.run(shows="- default: basic\n  template_variables:\n    use_episodes: false\n")
    assert rows(report, "TV Shows")["New Episodes"].status == "Skipped Run Definition"
