"""``imdb_awards`` dynamic collections: editions from starting to ending, increments, bodies, errors."""

from __future__ import annotations

import pytest

from kometa.config.dynamic import ItemValues, RunValues
from kometa.core.errors import ConfigError

from .conftest import Loader

YEARS = [str(y) for y in range(2025, 2014, -1)]  # newest first, as IMDb lists editions


def _years(event_id: str) -> list[str]:
    if event_id != "ev0000003":
        raise LookupError(f"IMDb: event {event_id} does not exist")
    return YEARS


VALUES = RunValues(ItemValues("movie", []), _years)


def _set(data: str, extra: str = "") -> str:
    return f"dynamic_collections:\n  Oscars:\n    type: imdb_awards\n    data: {data}\n" \
           f"    title_format: Oscars <<key_name>>\n{extra}"


@pytest.mark.parametrize(("data", "want"), [
    ("{event_id: ev0000003, starting: latest-2, ending: latest}", ["2025", "2024", "2023"]),
    ("{event_id: ev0000003, starting: first, ending: first+1}", ["2016", "2015"]),
    ("{event_id: ev0000003, starting: 2018, ending: 2020}", ["2020", "2019", "2018"]),
    ("{event_id: ev0000003, starting: latest-4, ending: latest-1, increment: 2}", ["2023", "2021"]),
    ("{event_id: 'https://www.imdb.com/event/ev0000003/'}", YEARS),
])
def test_editions_chosen(load: Loader, data: str, want: list[str]) -> None:
    assert [d.name for d in load(_set(data), values=VALUES)] == [f"Oscars {y}" for y in want]


def test_default_body_and_template_get_the_event(load: Loader) -> None:
    first = load(_set("{event_id: ev0000003, starting: latest, ending: latest}"), values=VALUES)[0]
    assert first.data["imdb_award"] == {"event_id": "ev0000003", "event_year": "2025", "winning": True}
    templated = load("""
templates:
  award:
    imdb_award:
      event_id: <<event_id>>
      event_year: <<value>>
      category_filter: best picture
    summary: <<key_name>> winners
""" + _set("{event_id: ev0000003, starting: latest-1, ending: latest}", "    template: {name: award}\n"),
        values=VALUES)
    assert [d.data["imdb_award"]["event_year"] for d in templated] == ["2025", "2024"]
    assert templated[0].data["imdb_award"]["event_id"] == "ev0000003" and templated[1].data["summary"] == "2024 winners"


def test_file_variables_replace_data_keys(load: Loader) -> None:
    found = load(_set("{event_id: ev0000003, starting: latest-4, ending: latest}"), values=VALUES,
                 file_vars={"data": {"starting": "latest-1"}})
    assert [d.name for d in found] == ["Oscars 2025", "Oscars 2024"]


@pytest.mark.parametrize(("data", "message"), [
    ("{starting: latest}", "needs data: event_id"),
    ("{event_id: ev0000147}", "event ev0000147 does not exist"),
    ("{event_id: ev0000003, starting: soon}", "data starting 'soon' is not first"),
    ("{event_id: ev0000003, starting: latest, ending: latest-3}", "select no edition"),
    ("{event_id: ev0000003, increment: 0}", "increment must be greater than 0"),
])
def test_mistakes_are_located(load: Loader, data: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as info:
        load(_set(data), values=VALUES)
    assert ":2" in str(info.value) or ":3" in str(info.value)


def test_without_imdb_nothing_is_generated(load: Loader) -> None:
    assert load(_set("{event_id: ev0000003}"), values=ItemValues("movie", [])) == []
