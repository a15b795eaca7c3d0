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
