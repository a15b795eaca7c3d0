"""content_rating_* and resolution: one collection per rating (other systems' ratings merged in),
the uncommon ones together; one per resolution."""

from __future__ import annotations

from collections import defaultdict

import pytest
from more_defaults_helpers import collection_names, delete_all, rows, section


def _by(pair, attr: str, library: str = "Movies") -> dict[str, set[int]]:
    out: dict[str, set[int]] = defaultdict(set)
    for item in section(pair, library).all():
        values = [getattr(item, attr)] if attr == "contentRating" else [m.videoResolution for m in item.media]
        for value in values:
            if value:
                out[value].add(item.ratingKey)
    return out


def _keys(pair, name: str, library: str = "Movies") -> set[int]:
    return {i.ratingKey for i in section(pair, library).collection(name).items()}


def test_us_movie_ratings(runner, pair):
    delete_all(pair)
    r = rows(runner.run("content_rating_us"))
    ratings = _by(pair, "contentRating")
    main = [k for k in ("G", "PG", "PG-13", "R", "NC-17") if k in ratings]
    assert len(main) >= 2, ratings.keys()
    for rating in main:
        assert _keys(pair, f"{rating} Movies") == ratings[rating]
        assert section(pair).collection(f"{rating} Movies").summary == f"Movies that are rated {rating}."
    others = set().union(*(v for k, v in ratings.items() if k not in main))
    if others:
        assert _keys(pair, "Not Rated Movies") == others
    assert section(pair).collection(f"{main[0]} Movies").titleSort.startswith("!110")
    assert all(r[f"{k} Movies"].status == "Created" for k in main)


def test_uk_ratings_merge_us_ratings(runner, pair):
    delete_all(pair)
    runner.run("content_rating_uk", {"use_other": False, "sort_by": "title.asc"})
    ratings = _by(pair, "contentRating")
    if "R" in ratings:
        assert _keys(pair, "15 Movies") == ratings["R"] | ratings.get("TV-MA", set())
    if "PG-13" in ratings:
        assert _keys(pair, "12 Movies") == ratings["PG-13"]
    assert "Not Rated Movies" not in collection_names(pair)
    biggest = max((n for n in collection_names(pair) if n.endswith(" Movies")),
                  key=lambda n: len(section(pair).collection(n).items()))
    titles = [(i.titleSort or i.title).lower() for i in section(pair).collection(biggest).items()]
    assert len(titles) > 2 and titles == sorted(titles)
    separator = section(pair).collection("Ratings Collections")
    assert separator.titleSort.startswith("!110") and len(separator.items()) == 0


def test_us_show_ratings(runner, pair):
    delete_all(pair, "TV Shows")
    runner.run("content_rating_us", library="TV Shows")
    ratings = _by(pair, "contentRating", "TV Shows")
    for rating in ("TV-14", "TV-MA", "TV-PG"):
        if rating in ratings:
            assert _keys(pair, f"{rating} Shows", "TV Shows") == ratings[rating]


def test_resolution_collections(runner, pair):
    delete_all(pair)
    r = rows(runner.run("resolution", {"exclude": ["720"]}))
    res = _by(pair, "videoResolution")
    names = {"4k": "4K Movies", "1080": "1080p Movies", "sd": "480p Movies"}
    for value, name in names.items():
        if value in res:
            assert _keys(pair, name) == res[value], name
    assert "720p Movies" not in collection_names(pair)
    assert any(n in r for n in names.values())



def test_resolution_standards_style(runner, pair):
    """style: standards names the collections by the standards (Ultra HD, Full HD, HD Ready, SD)."""
    delete_all(pair)
    runner.run("resolution", {"style": "standards"})
    res = _by(pair, "videoResolution")
    names = {"4k": "Ultra HD Movies", "1080": "Full HD Movies", "720": "HD Ready Movies", "sd": "SD Movies"}
    made = [name for value, name in names.items() if value in res]
    assert len(made) >= 2, res.keys()
    for value, name in names.items():
        if value in res:
            assert _keys(pair, name) == res[value], name
    assert not {"4K Movies", "1080p Movies"} & collection_names(pair)


def test_mal_ratings_merge_us_ones(runner, pair):
    delete_all(pair)
    runner.run("content_rating_mal", {"use_other": False})
    ratings = _by(pair, "contentRating")
    for mal, us in (("PG-13", "PG-13"), ("R", "R"), ("R+", "NC-17")):
        if us in ratings:
            assert _keys(pair, f"{mal} Movies") == ratings[us]
    assert "Not Rated Movies" not in collection_names(pair)


def test_common_sense_ages_merge_other_ratings(runner, pair):
    delete_all(pair)
    runner.run("content_rating_cs", {"use_other": False})
    ratings = _by(pair, "contentRating")
    ages = {"5": ("G", "TV-Y", "TV-G", "gb/U", "de/0"), "8": ("PG", "TV-Y7", "TV-PG", "gb/PG", "de/6"),
            "13": ("PG-13", "TV-14", "gb/12", "gb/12A", "de/12"), "16": ("R", "TV-MA", "gb/15", "de/16"),
            "18": ("NC-17", "gb/18", "de/18")}
    made = 0
    for age, merged in ages.items():
        want = set().union(*(ratings.get(r, set()) for r in (age, f"{int(age):02d}", *merged)))
        if want:
            made += 1
            assert _keys(pair, f"Age {age}+ Movies") == want, age
        else:
            assert f"Age {age}+ Movies" not in collection_names(pair)
    assert made >= 2, ratings.keys()
    assert "Not Rated Movies" not in collection_names(pair)


@pytest.mark.parametrize(("default", "merged"), [
    ("content_rating_au", {"M": ("PG-13", "TV-14"), "MA 15+": ("R", "TV-MA"), "R 18+": ("NC-17",)}),
    ("content_rating_nz", {"M": ("PG-13", "TV-14"), "R16": ("R", "TV-MA")}),
    ("content_rating_de", {"12": ("PG-13", "TV-14"), "16": ("R", "TV-MA"), "18": ("NC-17",)}),
])
def test_other_boards_merge_us_ratings(runner, pair, default, merged):
    """AU, NZ and DE: a collection per board rating, the US ratings of the world merged into theirs."""
    delete_all(pair)
    runner.run(default, {"use_other": False})
    ratings = _by(pair, "contentRating")
    made = 0
    for board, us in merged.items():
        want = set().union(*(ratings.get(r, set()) for r in us))
        if want:
            made += 1
            assert _keys(pair, f"{board} Movies") == want, board
    assert made >= 2, ratings.keys()
    assert "Not Rated Movies" not in collection_names(pair)  # use_other: false
    assert section(pair).collection("Ratings Collections").titleSort.startswith("!110")
