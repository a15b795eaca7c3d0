"""country, region, continent: collections by where items were made (countries merged into groups)."""

from __future__ import annotations

from collections import defaultdict

from more_defaults_helpers import collection_names, delete_all, rows, section

EUROPE = {"France", "United Kingdom", "Italy", "Germany", "Spain", "Sweden"}  # some of the world's countries


def _by_country(pair) -> dict[str, set[int]]:
    out: dict[str, set[int]] = defaultdict(set)
    for item in section(pair).all():
        for tag in item.countries:
            out[tag.tag].add(item.ratingKey)
    return out


def _keys(pair, name):
    return {i.ratingKey for i in section(pair).collection(name).items()}


def test_country_collections(runner, pair):
    delete_all(pair)
    r = rows(runner.run("country"))
    countries = _by_country(pair)
    assert _keys(pair, "United States") == countries["United States of America"]
    for name in ("Japan", "France"):
        assert _keys(pair, name) == countries[name]
    assert section(pair).collection("France").summary == "Movies filmed in France."
    assert "Country Collections" in r and section(pair).collection("Japan").titleSort.startswith("!080")


def test_continent_and_region(runner, pair):
    delete_all(pair)
    runner.run("continent", {"use_other": False})
    countries = _by_country(pair)
    europe = set().union(*(v for k, v in countries.items() if k in EUROPE))
    assert europe and EUROPE & set(countries)
    assert europe <= _keys(pair, "Europe")
    assert _keys(pair, "Asia") >= countries.get("Japan", set())
    assert "Other Continents" not in collection_names(pair)
    delete_all(pair)
    runner.run("region", {"include": ["Western Europe", "Eastern Asia"]})
    west = set().union(*(countries.get(c, set()) for c in ("France", "Germany", "Netherlands", "Belgium")))
    assert _keys(pair, "Western Europe") == west
    assert "Northern Europe" not in collection_names(pair)
    assert countries.get("United Kingdom", set()) <= _keys(pair, "Other Regions")
