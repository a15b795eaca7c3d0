"""hub_priority through a default's template variables (Kometa's shared hub_priority and
hub_priority_<key>): the collection hubs are ordered by them."""

from __future__ import annotations

from xml.etree import ElementTree

import requests
from more_defaults_helpers import delete_all, rows

from metasim.testing import PLEX_TOKEN


def test_hub_priority_variables_of_a_default(runner, pair):
    delete_all(pair)
    report = runner.run("aspect", {"visible_library": True, "hub_priority": 5, "hub_priority_1.78": 1})
    made = [name for name, row in rows(report).items() if row.status == "Created" and name[0].isdigit()]
    assert len(made) >= 2, rows(report)
    answer = requests.get(f"{pair.plex.url}/hubs/sections/1/manage", params={"X-Plex-Token": PLEX_TOKEN}, timeout=10)
    hubs = [h.attrib["title"] for h in ElementTree.fromstring(answer.content).iter("Hub")
            if h.attrib["identifier"].startswith("custom.collection.")]
    first = "1.78 - Widescreen TV"
    assert first in made  # the fixture library has such movies
    assert hubs[0] == first and len(hubs) == len(made)
    assert hubs[1:] == sorted(hubs[1:])  # the others share priority 5: by title
    assert not report.not_done
