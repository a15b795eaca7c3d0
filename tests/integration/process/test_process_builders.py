"""Builders against plexsim, verified through python-plexapi.

Every plex_search case is also built as a smart_filter with the same conditions: the local
evaluation (against the snapshot) must select exactly the items Plex's own filter engine selects.
"""

from __future__ import annotations

import yaml
from process_helpers import rows

CASES = {
    "and tags": {"all": {"genre": ["Drama", "Romance"]}},
    "or tags": {"any": {"genre": ["Drama", "Romance"]}},
    "tag not": {"all": {"genre.not": "Drama", "year.gte": 2000}},
    "nested": {"any": {"all": [{"genre": "Drama"}, {"year.lt": 2000}], "title.begins": "The"}},
    "nested list": {"all": {"any": [{"genre": "Western"}, {"genre": "Sport"}], "content_rating.not": "R"}},
    "contains": {"all": {"title": "the"}},
    "not contains": {"all": {"title.not": "the"}},
    "begins": {"all": {"title.begins": "Silent"}},
    "ends": {"all": {"title.ends": "Harbor"}},
    "is": {"all": {"title.is": "amélie"}},
    "isnot": {"all": {"title.isnot": "Amélie", "genre": "Music"}},
    "year eq": {"any": {"year": [2010, 2011, 2012]}},
    "year not": {"all": {"year.not": 2013, "genre": "Music"}},
    "decade": {"all": {"decade": 2000}},
    "rating gt": {"all": {"critic_rating.gt": 7}},
    "rating lte": {"all": {"audience_rating.lte": 5}},
    "duration": {"all": {"duration.gte": 120}},
    "added within": {"all": {"added": "4000"}},
    "added not within": {"all": {"added.not": "3000"}},
    "added before": {"all": {"added.before": "01/01/2020"}},
    "release after": {"all": {"release.after": "06/01/2015"}},
    "unplayed": {"all": {"unplayed": True}},
    "played": {"all": {"unplayed": False}},
    "content ratings": {"any": {"content_rating": ["R", "PG-13"]}},
    "label": {"all": {"label": "Kids"}},
    "label not": {"all": {"label.not": "Kids"}},
    "resolution": {"all": {"resolution": "4K"}},
    "studio contains": {"all": {"studio": "Pictures"}},
    "plays": {"all": {"plays.gt": 0}},
    "edition": {"all": {"edition": "Cut"}},
    "tag regex": {"all": {"genre.regex": "^S"}},
    "sort limit": {"all": {"year.gte": 1900}, "sort_by": "critic_rating.desc", "limit": 5},
}


def _names(case: str) -> tuple[str, str]:
    return f"L {case}", f"S {case}"


def test_local_search_matches_plex_smart_filter(runner):
    collections = {}
    for case, search in CASES.items():
        local, smart = _names(case)
        collections[local] = {"plex_search": search}
        smart_search = dict(search)
        smart_search.setdefault("sort_by", "title.asc")
        collections[smart] = {"smart_filter": smart_search}
    runner.write(yaml.safe_dump({"collections": collections}, allow_unicode=True))
    report = runner.run()
    r = rows(report)
    errors = {n: row.error for n, row in r.items() if row.error and row.status != "Ignored"}
    assert not errors
    section = runner.plex().library.section("Movies")
    by_title = {c.title: c for c in section.collections()}
    mismatches = {}
    for case in CASES:
        local, smart = _names(case)
        assert smart in by_title, (case, r[smart])
        want = {i.ratingKey for i in by_title[smart].items()}
        have = {i.ratingKey for i in by_title[local].items()} if local in by_title else set()
        if r[local].status == "Ignored":
            assert not want, case
        if want != have:
            mismatches[case] = (sorted(want - have), sorted(have - want))
        assert by_title[smart].smart
    assert not mismatches
    assert sum(1 for case in CASES if by_title.get(_names(case)[0])) >= len(CASES) - 3


def test_plex_all_and_shortcut(runner):
    report = runner.run("""
        collections:
          Everything:
            plex_all: true
          Dramas:
            genre: Drama
    """)
    r = rows(report)
    assert r["Everything"].added == 60
    section = runner.plex().library.section("Movies")
    assert len(section.collection("Everything").items()) == 60
    drama = {m.ratingKey for m in section.search(genre="Drama")}
    assert {i.ratingKey for i in section.collection("Dramas").items()} == drama


def test_collectionless(runner):
    report = runner.run("""
        collections:
          Westerns:
            plex_search: {all: {genre: Western}}
          Collectionless:
            plex_collectionless:
              exclude_prefix: ["!"]
    """)
    assert rows(report)["Collectionless"].status == "Created"
    section = runner.plex().library.section("Movies")
    westerns = {i.ratingKey for i in section.collection("Westerns").items()}
    rest = section.collection("Collectionless")
    members = {i.ratingKey for i in rest.items()}
    assert members == {m.ratingKey for m in section.all()} - westerns
    assert rest.collectionMode == 0  # hide


def test_remote_search_for_fields_the_listing_lacks(runner):
    report = runner.run("""
        collections:
          HDR:
            plex_search: {all: {hdr: true}}
    """)
    section = runner.plex().library.section("Movies")
    assert rows(report)["HDR"].status == "Created"
    assert {i.ratingKey for i in section.collection("HDR").items()} == {m.ratingKey for m in section.search(hdr=True)}


def test_smart_label(runner):
    report = runner.run("""
        collections:
          Labelled Westerns:
            plex_search: {all: {genre: Western}}
            smart_label: title.asc
            sync_mode: sync
    """)
    assert rows(report)["Labelled Westerns"].status == "Created", rows(report)["Labelled Westerns"]
    section = runner.plex().library.section("Movies")
    westerns = {m.ratingKey for m in section.search(genre="Western")}
    labelled = {m.ratingKey for m in section.search(label="Labelled Westerns")}
    assert labelled == westerns
    collection = section.collection("Labelled Westerns")
    assert collection.smart
    assert {i.ratingKey for i in collection.items()} == westerns
    runner.sim.reset_stats()
    runner.run()
    assert runner.writes() == 0


def test_smart_filter_unchanged_second_run(runner):
    runner.run("""
        collections:
          Smart Drama:
            smart_filter:
              any: {genre: [Drama, Crime]}
              sort_by: year.desc
              limit: 10
    """)
    collection = runner.plex().library.section("Movies").collection("Smart Drama")
    assert collection.smart and len(collection.items()) == 10
    runner.sim.reset_stats()
    report = runner.run()
    assert rows(report)["Smart Drama"].status == "Unchanged"
    assert runner.writes() == 0


def test_filters_and_or_against_plexapi(runner):
    report = runner.run("""
        collections:
          Filtered:
            plex_all: true
            filters:
              - genre: Drama
                year.gte: 2000
              - critic_rating.gt: 9
                genre.not: Drama
    """)
    assert rows(report)["Filtered"].status == "Created"
    section = runner.plex().library.section("Movies")
    expected = {m.ratingKey for m in section.all()
                if ("Drama" in [g.tag for g in m.genres] and m.year >= 2000)
                or ((m.rating or 0) > 9 and "Drama" not in [g.tag for g in m.genres])}
    assert {i.ratingKey for i in section.collection("Filtered").items()} == expected


def test_smart_filter_update_and_switch_to_regular(runner):
    runner.run("""
        collections:
          Switch:
            smart_filter: {all: {genre: Drama}, sort_by: title.asc}
    """)
    report = runner.run("""
        collections:
          Switch:
            smart_filter: {all: {genre: Crime}, sort_by: title.asc}
    """)
    assert rows(report)["Switch"].status == "Modified"
    section = runner.plex().library.section("Movies")
    crime = {m.ratingKey for m in section.search(genre="Crime")}
    assert {i.ratingKey for i in section.collection("Switch").items()} == crime
    report = runner.run("""
        collections:
          Switch:
            plex_search: {all: {genre: Western}}
    """)
    assert rows(report)["Switch"].status == "Created"
    collection = runner.plex().library.section("Movies").collection("Switch")
    assert not collection.smart
    assert {i.ratingKey for i in collection.items()} == {m.ratingKey for m in section.search(genre="Western")}


def test_show_library_search(runner):
    runner.write("collections: {}\n", extra_libraries=(
        "  Shows:\n    library_name: TV Shows\n    collection_files:\n      - file: Shows.yml\n"))
    shows = runner.plex().library.section("TV Shows").all()
    network = shows[0].network
    (runner.folder / "Shows.yml").write_text(
        f"collections:\n  Net:\n    plex_search: {{all: {{network: \"{network}\"}}}}\n", encoding="utf-8")
    report = runner.run()
    assert rows(report, "Shows")["Net"].status == "Created", rows(report, "Shows")["Net"]
    section = runner.plex().library.section("TV Shows")
    assert {i.ratingKey for i in section.collection("Net").items()} == {
        s.ratingKey for s in shows if s.network == network}


def test_deleting_a_smart_label_collection_removes_the_label(runner):
    runner.run("""
        collections:
          Tagged:
            plex_search: {all: {genre: Western}}
            smart_label: title.asc
    """)
    section = runner.plex().library.section("Movies")
    assert section.search(label="Tagged")
    runner.run(delete_collections=True, run_collections="Nope")
    section = runner.plex().library.section("Movies")
    assert "Tagged" not in [c.title for c in section.collections()]
    assert not any(label.tag == "Tagged" for m in section.all() for label in m.labels)


SHOW_CASES = {
    "unplayed": {"all": {"unplayed": True}}, "played": {"all": {"unplayed": False}},
    "progress": {"all": {"progress": True}}, "year": {"all": {"year.gte": 2010}},
    "added": {"all": {"added": 2000}}, "rating": {"all": {"critic_rating.gt": 6}},
    "release": {"all": {"release.before": "01/01/2015"}}, "rated": {"all": {"content_rating.not": "TV-MA"}},
    "decade": {"all": {"decade": 2010}},
}


def test_show_library_local_search_matches_plex(runner):
    collections = {}
    for case, search in SHOW_CASES.items():
        collections[f"L {case}"] = {"plex_search": search}
        collections[f"S {case}"] = {"smart_filter": {**search, "sort_by": "title.asc"}}
    runner.write("collections: {}\n", extra_libraries=(
        "  Shows:\n    library_name: TV Shows\n    collection_files:\n      - file: Shows.yml\n"))
    (runner.folder / "Shows.yml").write_text(yaml.safe_dump({"collections": collections}), encoding="utf-8")
    report = runner.run()
    assert not [row.error for row in report.library("Shows").rows if row.error]
    by_title = {c.title: c for c in runner.plex().library.section("TV Shows").collections()}
    for case in SHOW_CASES:
        want = {i.ratingKey for i in by_title[f"S {case}"].items()}
        have = {i.ratingKey for i in by_title[f"L {case}"].items()} if f"L {case}" in by_title else set()
        assert want == have, case


def test_smart_url(runner, sim):
    key = "/library/sections/1/all?type=1&sort=titleSort&genre=Drama"
    web = ("https://app.plex.tv/desktop/#!/media/" + "a" * 40 + "/com.plexapp.plugins.library?key="
           + key.replace("/", "%2F").replace("?", "%3F").replace("&", "%26").replace("=", "%3D") + "&context=x")
    report = runner.run(f"""
        collections:
          From Url:
            smart_url: "{web}"
          Wrong Section:
            smart_url: "/library/sections/2/all?type=2"
    """)
    r = rows(report)
    assert r["From Url"].status == "Created", r["From Url"]
    assert r["Wrong Section"].status == "Builder Validation Error"
    section = runner.plex().library.section("Movies")
    collection = section.collection("From Url")
    assert collection.smart
    assert {i.ratingKey for i in collection.items()} == {m.ratingKey for m in section.search(genre="Drama")}
    runner.sim.reset_stats()
    runner.run()
    assert runner.writes() == 0
