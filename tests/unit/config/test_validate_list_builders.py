"""``--validate`` judges list builders' values that need no service (sources/value_checks.py)."""

from __future__ import annotations

from datetime import datetime

from kometa.app.validate_definitions import check_definitions
from kometa.config.definitions import Definition
from kometa.config.model import FileRef
from kometa.config.problems import Problems


def _errors(data: dict, library_type: str = "movie") -> list[str]:
    problems = Problems(collect=True)
    definition = Definition(name="C", kind="collection", data=data, file="Movies.yml", line=3,
                            ref=FileRef("file", "Movies.yml"), document_source="Movies.yml")
    check_definitions([definition], {}, library_type, problems, now=datetime(2026, 3, 18))
    return [str(e) for e in problems.errors]


def test_bad_values_are_errors_and_good_ones_pass():
    assert _errors({"stevenlu_popular": True, "collection_order": "custom"}) == []
    assert _errors({"simkl_dvd": {"limit": 50}}) == []
    assert _errors({"mojo_international": {"range": "monthly", "range_data": "current", "chart": "germany"}}) == []
    assert "stevenlu_popular must be true or false" in _errors({"stevenlu_popular": "maybe"})[0]
    assert "limit must be a whole number from 1 to 500" in _errors({"simkl_trending": 0})[0]
    assert "must begin with https://www.icheckmovies.com/lists/" in _errors({"icheckmovies_list": "x"})[0]
    assert "year must be from 1977 to 2026" in _errors({"mojo_world": {"year": "current-60"}})[0]
