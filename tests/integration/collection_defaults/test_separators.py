"""separator_award and separator_chart: one empty collection sorted before its section."""

from __future__ import annotations

import pytest
from more_defaults_helpers import collection_names, delete_all, rows, section


@pytest.mark.parametrize(("default", "name", "prefix"), [("separator_award", "Award Collections", "!130"),
                                                         ("separator_chart", "Chart Collections", "!020")])
def test_separator(runner, pair, default, name, prefix):
    delete_all(pair)
    r = rows(runner.run(default))
    assert r[name].status == "Created"
    made = section(pair).collection(name)
    assert made.titleSort.startswith(prefix) and made.items() == []


def test_separator_variables(runner, pair):
    delete_all(pair)
    runner.run("separator_award", {"name_separator": "Awards", "collection_section": "050"})
    assert section(pair).collection("Awards").titleSort.startswith("!050")
    delete_all(pair)
    runner.run("separator_award", {"use_separator": False})
    assert "Award Collections" not in collection_names(pair)
    report = runner.run("separator_award", {"sep_style": "purple"})  # not done: a located line, the file still runs
    assert any("sep_style" in line for line in report.not_done), report.not_done
    assert "Award Collections" in collection_names(pair)
