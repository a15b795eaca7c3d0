"""The content rating defaults of other countries, the award/list ribbons, mediastinger and the
language flags on the small seeded world: which posters got which badge (computed from what Plex
serves and what metasim holds, not from our code), a main variable's effect, a quiet second run."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from default_helpers import DefaultsRunner

from metasim.testing import Paired

MOVIES = 14

#: BBFC mapping, written out independently of the YAML: Plex's rating -> the badge's text
UK = {"U": "U", "gb/U": "U", "G": "U", "TV-G": "U", "TV-Y": "U", "PG": "PG", "gb/PG": "PG", "TV-PG": "PG",
      "TV-Y7": "PG", "12": "12", "gb/12": "12", "PG-13": "12", "TV-14": "12", "12A": "12A", "gb/12A": "12A",
      "15": "15", "gb/15": "15", "R": "15", "TV-MA": "15", "18": "18", "gb/18": "18", "NC-17": "18",
      "R18": "R18", "gb/R18": "R18", "NR": "NR", "Not Rated": "NR", "Unrated": "NR"}


def _tile_colour(poster: bytes) -> tuple[int, int, int]:
    """The mean colour of the tile area of a left-aligned content rating badge (bottom 270, left 15,
    on the 1000x1500 canvas; scaled on a smaller original, which keeps its own size)."""
    from PIL import Image

    with Image.open(io.BytesIO(poster)) as img:
        rgb = img.convert("RGB")
        sx, sy = rgb.width / 1000, rgb.height / 1500
        top = 1500 - 270 - 105
        box = rgb.crop((round(78 * sx), round((top + 18) * sy), round(140 * sx),
                        max(round((top + 28) * sy), round((top + 18) * sy) + 1)))  # the tile's top band
    raw = box.tobytes()
    n = len(raw) // 3
    return (sum(raw[0::3]) // n, sum(raw[1::3]) // n, sum(raw[2::3]) // n)


def test_uk_content_rating_maps_plex_ratings_and_draws_white_tiles(runner: DefaultsRunner) -> None:
    items = runner.items()
    first, second = items[0], items[1]
    runner.edit(int(first.attrib["ratingKey"]), contentRating="gb/12A")
    runner.edit(int(second.attrib["ratingKey"]), contentRating="gb/R18")
    got = runner.run([{"default": "content_rating_uk"}])
    assert runner.errors() == []
    expected = {i.attrib["title"]: [f"text({UK[i.attrib['contentRating']]})"] for i in runner.items()
                if i.attrib.get("contentRating") in UK}
    assert got == expected
    assert {"text(12A)", "text(R18)"} <= {n[0] for n in got.values()} and len(got) >= 4
    coloured = _tile_colour(runner.poster(int(first.attrib["ratingKey"])))
    assert coloured[0] > 180 and coloured[2] < 90  # 12A: an orange tile
    runner.sim.reset_stats()
    assert runner.run() == {} and runner.writes() == 0
    # color: false draws the white tiles: every badged poster is rendered again, the tile is white
    got = runner.run([{"default": "content_rating_uk", "template_variables": {"color": False}}])
    assert set(got) == set(expected)
    assert min(_tile_colour(runner.poster(int(first.attrib["ratingKey"])))) > 200


def test_de_content_rating_on_shows(shows: DefaultsRunner) -> None:
    got = shows.run([{"default": "content_rating_de", "template_variables": {"addon_position": "right"}}])
    assert shows.errors() == []
    de = {"TV-Y": "0", "TV-G": "0", "TV-PG": "6", "TV-Y7": "6", "TV-14": "12", "TV-MA": "16"}
    expected = {i.attrib["title"]: [f"text({de[i.attrib['contentRating']]})"]
                for i in shows.items(section=2) if i.attrib.get("contentRating") in de}
    assert expected and got == expected


def test_mediastinger_marks_movies_tmdb_gives_a_credits_keyword(runner: DefaultsRunner, pair: Paired,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOMETA_TMDB_URL", pair.meta.tmdb_url)
    runner.services = {"tmdb": {"apikey": pair.meta.tmdb_key}}
    words = {k for k, name in pair.world.keyword_groups.items()
             if name.name in ("aftercreditsstinger", "duringcreditsstinger")}
    assert len(words) == 2
    stung = {t.title for t in pair.world.library if t.kind == "movie" and words & set(t.keyword_ids)}
    assert stung and len(stung) < MOVIES  # some, not all
    got = runner.run([{"default": "mediastinger"}])
    assert runner.errors() == []
    assert got == {title: ["MediaStinger"] for title in stung}
    runner.sim.reset_stats()
    assert runner.run() == {} and runner.writes() == 0


def _award_winners(pair: Paired, event_id: str, categories: set[str]) -> set[str]:
    """IMDb ids of every edition's winners of the categories, as metasim's event pages hold them."""
    from metasim.imdb import awards

    ev = awards.EVENTS[event_id]
    found = set()
    for year in awards.years(ev):
        for award in awards.edition(pair.meta.meta, event_id, ev, year)["awards"]:
            for cat in award["nominationCategories"]["edges"]:
                if (cat["node"]["category"] or {}).get("text", "").lower() not in categories:
                    continue
                for nom in cat["node"]["nominations"]["edges"]:
                    if nom["node"]["isWinner"]:
                        found |= {t["title"]["id"] for t in nom["node"]["awardedEntities"].get("awardTitles", [])}
    return found


def test_ribbon_awards_and_lists_the_highest_weight_wins(runner: DefaultsRunner, pair: Paired,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import requests

    from metasim.letterboxd.routes import pick as letterboxd_pick
    from metasim.mdblist.routes import _pick as mdblist_pick

    monkeypatch.setenv("KOMETA_MDBLIST_URL", f"{pair.meta.url}/mdblist")
    monkeypatch.setenv("KOMETA_LETTERBOXD_URL", f"{pair.meta.url}/letterboxd")
    monkeypatch.setenv("KOMETA_IMDB_PAGE_RATE", "500")  # a simulator: no need to spare IMDb's site
    runner.services = {"mdblist": {"apikey": "metasim-mdblist"}}
    movies = [t for t in pair.world.library if t.kind == "movie"]
    on_imdb = {t.title: t.imdb_id for t in movies if t.imdb_id and (f"imdb://{t.imdb_id}" in t.plex_guids
                                                                      or t.imdb_id in t.plex_guid)}
    body = {"query": "{ chartTitles(chart: { chartType: TOP_RATED_MOVIES }, first: 250) { edges { node { id } } } }"}
    top = {e["node"]["id"] for e in requests.post(f"{pair.meta.url}/imdb/", json=body, timeout=10).json()
           ["data"]["chartTitles"]["edges"]}
    choice = _award_winners(pair, "ev0000133", {"best picture", "best drama series", "best comedy series"})
    spirit = _award_winners(pair, "ev0000349", {"best feature"})
    boxd = {t.key for t in letterboxd_pick(pair.meta.meta, "official", "letterboxds-top-500-films")}
    must = {t.key for t in mdblist_pick(pair.meta.meta, "k0meta", "metacriticmustseemovies")}
    hot = {t.key for t in mdblist_pick(pair.meta.meta, "k0meta", "verifiedhotmovies")}
    fresh = {t.key for t in mdblist_pick(pair.meta.meta, "k0meta", "certifiedfreshmovies")}
    expected = {}
    for t in movies:  # by Kometa's weights: choice 90, spirit 80, imdb 60, letterboxd 50, verified hot 45,
        imdb = on_imdb.get(t.title)  # certified fresh 40, metacritic 30
        for name, hit in (("Critics-Choice-Winner", imdb in choice), ("Independent-Spirit-Winner", imdb in spirit),
                          ("IMDb-Top-250", imdb in top), ("Letterboxd-Top-500", t.key in boxd),
                          ("Rotten-Tomatoes-Verified-Hot", t.key in hot),
                          ("Rotten-Tomatoes-Certified-Fresh", t.key in fresh),
                          ("Metacritic-Must-See", t.key in must)):
            if hit:
                expected[t.title] = [name]
                break
    variables = {"use_all": False, "use_choice": True, "use_spirit": True, "use_imdb": True, "use_letterboxd": True,
                 "use_rottenverified": True, "use_rotten": True, "use_metacritic": True}
    got = runner.run([{"default": "ribbon", "template_variables": variables}])
    assert runner.errors() == []
    assert got == expected
    assert len({n[0] for n in got.values()}) >= 3  # several ribbons, each where it ranks highest
    runner.sim.reset_stats()
    assert runner.run() == {} and runner.writes() == 0
    # weight_metacritic: 200 puts Metacritic's ribbon above the others wherever it applies
    got = runner.run([{"default": "ribbon", "template_variables": {**variables, "weight_metacritic": 200}}])
    titles = {t.title for t in movies if t.key in must}
    assert got == {t: ["Metacritic-Must-See"] for t in titles if expected.get(t) != ["Metacritic-Must-See"]}
    # weights above all others put the Rotten Tomatoes ribbons (MDBList's k0meta lists) first: Verified Hot
    # (310 here) above Certified Fresh (300); only the posters whose ribbon changes are uploaded again
    before = {**expected, **{t.title: ["Metacritic-Must-See"] for t in movies if t.key in must}}
    after = {**before, **{t.title: ["Rotten-Tomatoes-Certified-Fresh"] for t in movies if t.key in fresh},
             **{t.title: ["Rotten-Tomatoes-Verified-Hot"] for t in movies if t.key in hot}}
    got = runner.run([{"default": "ribbon", "template_variables": {**variables, "weight_metacritic": 200,
                                                                   "weight_rotten": 300, "weight_rottenverified": 310}}])
    assert runner.errors() == [] and "Rotten-Tomatoes-Verified-Hot" in {n[0] for n in got.values()}
    assert got == {t: names for t, names in after.items() if before.get(t) != names}
    last = {**before, **{t.title: ["Rotten-Tomatoes-Verified-Hot"] for t in movies if t.key in hot},
            **{t.title: ["Rotten-Tomatoes-Certified-Fresh"] for t in movies if t.key in fresh}}
    got = runner.run([{"default": "ribbon", "template_variables": {**variables, "weight_metacritic": 200,
                                                                   "weight_rotten": 320, "weight_rottenverified": 310}}])
    assert "Rotten-Tomatoes-Certified-Fresh" in {n[0] for n in got.values()}
    assert got == {t: names for t, names in last.items() if after.get(t) != names}


def _add_audio(runner: DefaultsRunner, rating_key: int, code: str) -> None:
    """One more audio track in ``code`` (ISO 639-2) on the item's first file, in plexsim's store."""
    store = runner.sim.store
    item = store.items[rating_key]
    part = item.media[0]["parts"][0]
    part["streams"].append({"id": store.next_id("stream"), "streamType": 2, "codec": "aac", "channels": 2,
                            "index": len(part["streams"]), "languageCode": code, "language": code})
    store.save(item)


def _languages(item: ET.Element, stream_type: str) -> set[str]:
    return {s.attrib["languageCode"] for s in item.iter("Stream")
            if s.attrib.get("streamType") == stream_type and s.attrib.get("languageCode")}


def _flag_box(poster: bytes, top: int) -> list[tuple[int, int, int]]:
    """The pixels of the first flag of a left-top queue slot whose box starts ``top`` pixels down
    (canvas pixels; scaled on a smaller original, which keeps its own size)."""
    from PIL import Image

    with Image.open(io.BytesIO(poster)) as img:
        sx, sy = img.width / 1000, img.height / 1500
        box = img.convert("RGB").crop((round(40 * sx), round((top + 35) * sy), round(105 * sx), round((top + 70) * sy)))
    raw = box.tobytes()
    return [(raw[i], raw[i + 1], raw[i + 2]) for i in range(0, len(raw), 3)]


def test_languages_flags_one_per_chosen_language_in_a_queue(runner: DefaultsRunner) -> None:
    items = runner.items()
    first, second = int(items[0].attrib["ratingKey"]), int(items[1].attrib["ratingKey"])
    _add_audio(runner, first, "fra")
    _add_audio(runner, first, "jpn")
    _add_audio(runner, second, "ita")  # Italian is not among the default languages
    order = {"eng": "EN", "deu": "DE", "fra": "FR", "spa": "ES", "por": "PT", "jpn": "JA"}  # by weight
    expected = {}
    for item in runner.items():
        codes = _languages(item, "2")
        names = [f"text({n})" for c, n in order.items() if c in codes]
        if names:
            expected[item.attrib["title"]] = names
    assert len(expected[items[0].attrib["title"]]) >= 3
    runner.sim.reset_stats()
    got = runner.run([{"default": "languages"}])
    assert runner.errors() == []
    assert {t: sorted(n) for t, n in got.items()} == {t: sorted(n) for t, n in expected.items()}
    searches = [e for e in runner.sim.request_log() if "audioLanguage" in e["query"]]
    assert 0 < len(searches) <= 6  # one Plex search per chosen language, not a request per item
    # the queue stacks them: the first poster's second slot (top 135) holds a flag, red-white-blue (France)
    pixels = _flag_box(runner.poster(first), 135)
    assert any(b > 120 and r < 60 for r, g, b in pixels) and any(r > 200 and g < 90 for r, g, b in pixels)
    runner.sim.reset_stats()
    assert runner.run() == {} and runner.writes() == 0
    # languages: [it] and hide_text: only Italian, the flag alone (named after its definition)
    got = runner.run([{"default": "languages", "template_variables": {"languages": ["it"], "hide_text": True}}])
    assert runner.errors() == []
    assert got == {items[1].attrib["title"]: ["IT"]}
    # overlay_limit: 1 keeps the highest weight of each poster's languages
    got = runner.run([{"default": "languages", "template_variables": {"overlay_limit": 1}}])
    assert got[items[0].attrib["title"]] == ["text(EN)"]
    assert all(len(names) == 1 for names in got.values())


def test_languages_use_subtitles_reads_subtitle_tracks(shows: DefaultsRunner) -> None:
    got = shows.run([{"default": "languages", "template_variables": {"use_subtitles": True,
                                                                     "use_lowercase": True}}])
    assert shows.errors() == []
    episodes = shows.get("/library/sections/2/all", type=4)
    with_subs = set()
    for episode in episodes:
        full = shows.get(f"/library/metadata/{episode.attrib['ratingKey']}")[0]
        if "eng" in _languages(full, "3"):
            with_subs.add(episode.attrib["grandparentTitle"])
    assert with_subs and got == {title: ["text(en)"] for title in with_subs}


@pytest.mark.parametrize("level", ["episode", "season"])
def test_languages_at_season_and_episode_level(shows: DefaultsRunner, level: str) -> None:
    """builder_level (as Kometa's languages default takes it): each season's / episode's own languages,
    one Plex search per language at that level."""
    order = {"eng": "EN", "deu": "DE", "fra": "FR", "spa": "ES", "por": "PT", "jpn": "JA"}
    expected: dict[str, set[str]] = {}
    titles = {}
    for episode in shows.get("/library/sections/2/all", type=4):
        full = shows.get(f"/library/metadata/{episode.attrib['ratingKey']}")[0]
        season = f"{episode.attrib['grandparentTitle']} Season {episode.attrib['parentIndex']}"
        name = (f"{episode.attrib['grandparentTitle']} S{int(episode.attrib['parentIndex']):02d}"
                f"E{int(episode.attrib['index']):02d} {episode.attrib['title']}")
        key = season if level == "season" else name
        titles[key] = key
        found = {f"text({n})" for c, n in order.items() if c in _languages(full, "2")}
        if found:
            expected.setdefault(key, set()).update(found)
    shows.sim.reset_stats()
    got = shows.run([{"default": "languages", "template_variables": {"builder_level": level, "overlay_limit": 6}}])
    assert shows.errors() == []
    assert expected and {t: set(n) for t, n in got.items()} == expected
    searches = [e for e in shows.sim.request_log() if "audioLanguage" in e["query"]]
    assert all(f"type={3 if level == 'season' else 4}" in e["query"] for e in searches) and len(searches) <= 6


def test_language_count_dual_and_multi_from_plex_searches(runner: DefaultsRunner) -> None:
    items = runner.items()
    first, second = int(items[0].attrib["ratingKey"]), int(items[1].attrib["ratingKey"])
    _add_audio(runner, first, "fra" if "fra" not in _languages(items[0], "2") else "ita")
    for code in ("jpn", "kor"):
        _add_audio(runner, second, code)
    counts = {i.attrib["title"]: len(_languages(i, "2")) for i in runner.items()}
    assert counts[items[0].attrib["title"]] == 2 and counts[items[1].attrib["title"]] >= 3
    expected = {t: ["Dual"] if n == 2 else ["Multi"] for t, n in counts.items() if n >= 2}
    runner.sim.reset_stats()
    got = runner.run([{"default": "language_count"}])
    assert runner.errors() == []
    assert got == expected
    searches = [e for e in runner.sim.request_log() if "audioLanguage" in e["query"] or
                e["path"].endswith("/audioLanguage")]
    languages = len(runner.get("/library/sections/1/audioLanguage"))
    assert len(searches) == languages + 1  # the language list, then one search per language
    runner.sim.reset_stats()
    assert runner.run() == {} and runner.writes() == 0
    # minimum: 4 — the three-language item is neither dual nor multi now
    got = runner.run([{"default": "language_count", "template_variables": {"minimum": 4}}])
    assert runner.errors() == []
    assert got == {}
    restored = [line for line in runner.printed if "original restored" in line]
    assert len(restored) == 1 and f"'{items[1].attrib['title']}'" in restored[0]


def test_a_language_filter_outside_overlays_is_a_located_error(runner: DefaultsRunner, tmp_path: Path) -> None:
    collections = tmp_path / "languages.yml"
    collections.write_text("collections:\n  Multi:\n    plex_all: true\n    filters:\n"
                           "      audio_language.count_gt: 1\n", encoding="utf-8")
    runner.write([], extra={"collection_files": [{"file": str(collections)}]})
    runner.run()
    row = next(r for r in runner.rows() if r.name == "Multi")
    assert row.error is not None and row.error.startswith(f"{collections}:2: filter 'audio_language' needs")
    assert "Error" in row.status and "Failure" not in row.status  # the user's, not our bug


@pytest.mark.parametrize("level", ["episode", "season"])
def test_language_count_at_season_and_episode_level(shows: DefaultsRunner, level: str) -> None:
    """builder_level: each episode's own audio languages counted (a season: its episodes' together),
    from one Plex search per language at that level, never a request per episode."""
    episodes = [shows.get(f"/library/metadata/{e.attrib['ratingKey']}")[0]
                for e in shows.get("/library/sections/2/all", type=4)]
    _add_audio(shows, int(episodes[0].attrib["ratingKey"]), "fra" if "fra" not in _languages(episodes[0], "2")
               else "ita")
    for code in ("jpn", "kor"):
        _add_audio(shows, int(episodes[-1].attrib["ratingKey"]), code)
    languages: dict[str, set[str]] = {}
    for e in (shows.get(f"/library/metadata/{e.attrib['ratingKey']}")[0] for e in episodes):
        show, season = e.attrib["grandparentTitle"], int(e.attrib["parentIndex"])
        key = f"{show} Season {season}" if level == "season" else \
            f"{show} S{season:02d}E{int(e.attrib['index']):02d} {e.attrib['title']}"
        languages.setdefault(key, set()).update(_languages(e, "2"))
    expected = {k: ["Dual"] if len(v) == 2 else ["Multi"] for k, v in languages.items() if len(v) >= 2}
    assert {"Dual", "Multi"} <= {n[0] for n in expected.values()}
    shows.sim.reset_stats()
    got = shows.run([{"default": "language_count", "template_variables": {"builder_level": level}}])
    assert shows.errors() == []
    assert got == expected
    searches = [e for e in shows.sim.request_log() if "audioLanguage" in e["query"]]
    assert searches and all(f"type={3 if level == 'season' else 4}" in e["query"] for e in searches)
    assert len(searches) == len(shows.get("/library/sections/2/audioLanguage"))  # one per language
