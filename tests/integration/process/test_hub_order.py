"""hub_priority and auto_sort_hubs: the library's collection hubs ordered in plexsim, Plex's own hubs
left behind them, nothing moved when the order is already right."""

from __future__ import annotations

from xml.etree import ElementTree

import requests
from process_helpers import TOKEN, rows

COLLECTIONS = """
    collections:
      Beta:
        plex_search: {{all: {{genre: Drama}}}}
        visible_library: true
        sort_title: "3"
      Alpha:
        plex_search: {{all: {{genre: Romance}}}}
        visible_library: true
        sort_title: "2"
      Gamma:
        plex_search: {{all: {{genre: Action}}}}
        visible_home: true
        sort_title: "1"
        {gamma}
      Delta:
        plex_search: {{all: {{genre: Comedy}}}}
        visible_home: true
        {delta}
      Hidden:
        plex_search: {{all: {{genre: Drama}}}}
        {hidden}
"""


def _hubs(runner) -> tuple[list[str], list[str]]:
    """(collection hub titles in order, Plex's own hub identifiers in order)."""
    r = requests.get(f"{runner.sim.url}/hubs/sections/1/manage", params={"X-Plex-Token": TOKEN}, timeout=10)
    hubs = [h.attrib for h in ElementTree.fromstring(r.content).iter("Hub")]
    custom = [h["title"] for h in hubs if h["identifier"].startswith("custom.collection.")]
    return custom, [h["identifier"] for h in hubs if not h["identifier"].startswith("custom.collection.")]


def _moves(runner) -> int:
    return sum(n for endpoint, n in runner.stats()["by_endpoint"].items() if endpoint.endswith("/move"))


def test_priorities_first_then_alpha_and_a_second_run_moves_nothing(runner, caplog) -> None:
    _, builtin = _hubs(runner)
    report = runner.run(COLLECTIONS.format(gamma="hub_priority: 2", delta="hub_priority: 1",
                                           hidden="hub_priority: 3"))
    assert all(r.error is None for r in rows(report).values()), rows(report)
    custom, own = _hubs(runner)
    assert custom == ["Delta", "Gamma", "Alpha", "Beta"]  # priorities, then the rest by title
    assert own == builtin  # Plex's own hubs keep their order, behind the collections'
    assert "Hidden: hub_priority is set but the collection is not promoted to a hub" in caplog.text
    assert not report.not_done
    runner.sim.reset_stats()
    runner.run()
    assert _moves(runner) == 0


def test_auto_sort_hubs_modes(runner) -> None:
    runner.write(COLLECTIONS.format(gamma="", delta="", hidden=""),
                 library_extra="    settings:\n      auto_sort_hubs: sort_title\n")
    runner.run()
    assert _hubs(runner)[0] == ["Gamma", "Alpha", "Beta", "Delta"]  # "1", "2", "3", then Delta (no sort title)
    path = runner.write(COLLECTIONS.format(gamma="", delta="hub_priority: 1", hidden=""))
    path.write_text(path.read_text() + "settings:\n  auto_sort_hubs: configured\n", encoding="utf-8")
    runner.run(dry_run=True)
    assert _hubs(runner)[0] == ["Gamma", "Alpha", "Beta", "Delta"]  # a dry run moves nothing
    assert any("collection hubs in order: Delta, Beta, Alpha, Gamma" in line for line in runner.printed)
    runner.run()
    assert _hubs(runner)[0] == ["Delta", "Beta", "Alpha", "Gamma"]  # the priority, then the files' order


def test_bad_values_are_located(runner) -> None:
    report = runner.run(COLLECTIONS.format(gamma="hub_priority: 0", delta="", hidden=""))
    gamma = rows(report)["Gamma"]
    assert gamma.status == "Builder Validation Error"
    assert "Movies.yml:15: hub_priority must be a whole number of at least 1, got 0" in gamma.error, gamma.error
