"""actor, director: one collection per person credited often enough in the library."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import pytest
from more_defaults_helpers import collection_names, delete_all, load_errors, rows, section


def _people(pair, tag: str, depth: int, minimum: int, limit: int) -> list[str]:
    counts: Counter[str] = Counter()
    for item in section(pair).all():  # the listing's credits (what a run reads; Plex lists the first few)
        names = [t.tag for t in getattr(item, tag)][:depth]
        counts.update(dict.fromkeys(names, 1))
    ranked = sorted((n for n, c in counts.items() if c >= minimum), key=lambda n: (-counts[n], n.lower()))
    return ranked[:limit]


@pytest.mark.parametrize(("default", "tag"), [("actor", "roles"), ("director", "directors")])
def test_people_collections(runner, pair, default, tag):
    delete_all(pair)
    r = rows(runner.run(default, {"data": {"depth": 5, "limit": 4, "minimum": 2}}))
    people = _people(pair, tag, 5, 2, 4)
    assert people, "the world should credit someone twice"
    assert [n for n in r if n in people] == people, (list(r), people)
    assert people[0] in collection_names(pair)
    top = section(pair).collection(people[0])
    members = top.items()
    credited = {i.ratingKey for i in section(pair).all() if people[0] in [t.tag for t in getattr(i.reload(), tag)]}
    assert members and {i.ratingKey for i in members} == credited
    assert top.titleSort.startswith("!1")
    assert top.summary.startswith("Movies ")


def test_people_variables(runner, pair):
    delete_all(pair)
    people = _people(pair, "roles", 5, 2, 3)
    report = runner.run("actor", {"data": {"limit": 3, "minimum": 2}, "exclude": [people[0]],
                                  "name_format": "Starring <<key_name>>", "limit": 2})
    assert not load_errors(report), load_errors(report)
    r = rows(report)
    names = collection_names(pair)
    assert f"Starring {people[0]}" not in names and f"Starring {people[1]}" in names
    assert all(len(section(pair).collection(n).items()) <= 2 for n in names if n.startswith("Starring "))
    assert r[f"Starring {people[1]}"].status == "Created"


@pytest.mark.parametrize(("default", "tag", "section_number"), [("writer", "writers", "170"),
                                                                ("producer", "producers", "160")])
def test_writer_and_producer_collections(runner, pair, default, tag, section_number):
    delete_all(pair)
    report = runner.run(default, {"data": {"depth": 5, "limit": 3, "minimum": 2}})
    assert not load_errors(report), load_errors(report)
    r = rows(report)
    people = _people(pair, tag, 5, 2, 3)
    assert people, f"the world should credit some {tag} twice"
    label = default.capitalize()
    assert [n for n in r if n.endswith(f" ({label})")] == [f"{p} ({label})" for p in people], list(r)
    top = section(pair).collection(f"{people[0]} ({label})")
    credited = {i.ratingKey for i in section(pair).all() if people[0] in [t.tag for t in getattr(i.reload(), tag)]}
    assert {i.ratingKey for i in top.items()} == credited
    assert top.titleSort.startswith(f"!{section_number}")
    assert f"{label}s Collections" in collection_names(pair)


def test_people_birthday_runs_only_the_collections_of_people_born_this_month(runner, pair, monkeypatch):
    """tmdb_birthday: each person's collection looks its person up on TMDb (by name) and runs only
    in their birthday's month; the others are Not Scheduled."""
    monkeypatch.setenv("KOMETA_TMDB_URL", pair.meta.tmdb_url)
    monkeypatch.setenv("KOMETA_TMDB_IMAGE_URL", f"{pair.meta.url}/tmdb/t/p/original")  # the drawn posters
    delete_all(pair)
    people = _people(pair, "roles", 5, 2, 6)
    born = {}
    for person in pair.world.people.people.values():
        born.setdefault(person.name, []).append(person.birthday)
    month = next(b[0].month for p in people if len(b := born.get(p, [])) == 1 and b[0] is not None)
    report = runner.run("actor", {"data": {"depth": 5, "limit": 6, "minimum": 2},
                                  "tmdb_birthday": {"this_month": True}, "use_separator": False},
                        moment=datetime(2026, month, 15, 12, 0),
                        services={"tmdb": {"apikey": pair.meta.tmdb_key}})
    assert not load_errors(report), load_errors(report)
    r = rows(report)
    for name in people:
        days = born.get(name, [])
        if len(days) != 1:
            continue
        expected = "Created" if days[0] is not None and days[0].month == month else "Not Scheduled"
        assert r[name].status == expected, (name, days, r[name])
    assert any(r[n].status == "Created" for n in people) and any(r[n].status == "Not Scheduled" for n in people)
