"""MyAnimeList end to end against metasim's MAL (API v2 and OAuth) and plexsim (one world): the
sign-in (PKCE code flow, tokens written into config.yml, comments kept), rankings, seasons, user
lists and ids matched through the anime id mapping, the token refreshed and written back when MAL
refuses it, missing or wrong sections, malformed values."""

from __future__ import annotations

import argparse
import re
import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml

from metasim.testing import PLEX_TOKEN, Paired

SECTION = "mal:\n  # my MAL app\n  client_id: metasim-mal\n  client_secret: metasim-mal-secret\n"


@pytest.fixture(autouse=True)
def _auth_url(pair: Paired, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOMETA_MAL_AUTH_URL", f"{pair.meta.url}/mal/v1/oauth2")


def write(pair: Paired, folder: Path, collections: str, section: str = SECTION, library: str = "Movies") -> Path:
    (folder / "lib.yml").write_text(textwrap.dedent(collections), encoding="utf-8")
    path = folder / "config.yml"
    path.write_text(f"plex:\n  url: {pair.plex.url}\n  token: {PLEX_TOKEN}\nsettings:\n  minimum_items: 0\n"
                    f"libraries:\n  {library}:\n    collection_files:\n      - file: lib.yml\n{section}", encoding="utf-8")
    return path


def run(path: Path, library: str = "Movies") -> dict[str, Any]:
    from kometa.config import load_config
    from kometa.core.options import Options
    from kometa.engine.process import RunContext, process_config
    report = process_config(RunContext(config=load_config(path), options=Options(config=path, run=True),
                                       moment=datetime(2026, 11, 20, 5, 0).astimezone()))
    out: dict[str, Any] = {row.name: row for row in report.library(library).rows}
    out["__online__"] = report.online
    return out


def sign_in(path: Path) -> int:
    from kometa.app.auth_mal import sign_in as do
    from kometa.core.options import Options
    lines: list[str] = []

    def ask(prompt: str) -> str:  # the user opens the printed address, clicks Allow, pastes where it went
        url = re.search(r"open (\S+)", "\n".join(lines)).group(1)  # type: ignore[union-attr]
        return requests.get(url, allow_redirects=False, timeout=10).headers["location"]

    return do(Options(config=path), None, ask, lines.append)


def mal_api(pair: Paired, path: str, **params: Any) -> Any:
    return requests.get(f"{pair.meta.url}/mal/v2{path}", params={"fields": "media_type", **params},
                        headers={"X-MAL-CLIENT-ID": "metasim-mal"}, timeout=10).json()


def library_tmdb(pair: Paired, mal_ids: list[int], kind: str) -> list[int]:
    mapping = requests.get(f"{pair.meta.url}/anime-ids/anime_ids.json", timeout=10).json()
    by_mal = {e["mal_id"]: e for e in mapping.values()}
    lib = {t.tmdb_id for t in pair.world.library if t.kind == kind}
    key = "tmdb_movie_id" if kind == "movie" else "tmdb_show_id"
    return [by_mal[i][key] for i in mal_ids if by_mal[i].get(key) in lib]


def members(pair: Paired, name: str, library: str = "Movies") -> list[int]:
    from plexapi.server import PlexServer
    section = PlexServer(pair.plex.url, PLEX_TOKEN).library.section(library)
    by_guid = {t.plex_guid: t.tmdb_id for t in pair.world.library}
    return [by_guid[i.guid] for i in section.collection(name).items()]


def test_sign_in_writes_the_tokens_and_keeps_the_comments(pair, tmp_path):
    path = write(pair, tmp_path, "collections: {}\n")
    assert sign_in(path) == 0
    text = path.read_text(encoding="utf-8")
    assert "# my MAL app" in text
    auth = yaml.safe_load(text)["mal"]["authorization"]
    assert auth["access_token"] in pair.meta.meta.mal.tokens and auth["token_type"] == "Bearer"
    assert auth["refresh_token"] and auth["expires_in"] == 2678400


def test_sign_in_refusals_are_one_line(pair, tmp_path):
    from kometa.app.auth_mal import sign_in as do
    from kometa.core.errors import KometaError
    from kometa.core.options import Options
    path = write(pair, tmp_path, "collections: {}\n", SECTION.replace("metasim-mal-secret", "wrong"))
    with pytest.raises(KometaError, match=r"config\.yml:\d+: mal: MyAnimeList refused the client_id/client_secret"):
        sign_in(path)
    path = write(pair, tmp_path, "collections: {}\n")
    with pytest.raises(KometaError, match="the address has no"):
        do(Options(config=path), None, lambda prompt: "http://localhost/", lambda line: None)
    with pytest.raises(KometaError, match="MyAnimeList refused the sign-in"):
        do(Options(config=path), "http://localhost/?code=made-up", lambda prompt: "", lambda line: None)
    path = write(pair, tmp_path, "collections: {}\n", "mal:\n  client_id: x\n")
    with pytest.raises(KometaError, match="mal: client_secret is missing") as info:
        do(Options(config=path), None, lambda prompt: "", lambda line: None)
    assert info.value.exit_code == 2


def test_rankings_seasons_and_ids(pair, tmp_path):
    ranking = [r["node"] for r in mal_api(pair, "/anime/ranking", ranking_type="bypopularity", limit=500)["data"]]
    popular = library_tmdb(pair, [n["id"] for n in ranking if n["media_type"] == "movie"][:50], "movie")
    ids = [n["id"] for n in ranking if n["media_type"] == "movie"][:3]
    path = write(pair, tmp_path, f"""
        collections:
          Popular:
            mal_popular: 50
            collection_order: custom
          Picked:
            mal_id: {", ".join(map(str, ids))}
            collection_order: custom
    """)
    r = run(path)
    assert popular and members(pair, "Popular") == popular
    assert members(pair, "Picked") == library_tmdb(pair, ids, "movie")
    assert any(line.startswith("MyAnimeList:") for line in r["__online__"])
    shows = [r["node"] for r in mal_api(pair, "/anime/ranking", ranking_type="all", limit=500)["data"]]
    want = library_tmdb(pair, [n["id"] for n in shows if n["media_type"] != "movie"], "tv")
    path = write(pair, tmp_path, "collections:\n  Top:\n    mal_all: 100\n    collection_order: custom\n",
                 library="TV Shows")
    run(path, "TV Shows")
    assert want and members(pair, "Top", "TV Shows") == want


def test_userlist_needs_sign_in_for_me_and_a_refused_token_is_refreshed(pair, tmp_path):
    path = write(pair, tmp_path, """
        collections:
          Mine:
            mal_userlist: {username: "@me", status: completed, sort_by: title}
    """)
    r = run(path)
    assert "@me needs a signed-in MyAnimeList: run kometa auth mal" in r["Mine"].error
    assert sign_in(path) == 0
    old = yaml.safe_load(path.read_text(encoding="utf-8"))["mal"]["authorization"]
    pair.meta.meta.mal.expire(old["access_token"])  # MAL no longer takes it
    before = pair.meta.meta.mal.refreshed
    r = run(path)
    assert r["Mine"].error is None, r["Mine"].error
    assert pair.meta.meta.mal.refreshed == before + 1
    text = path.read_text(encoding="utf-8")
    new = yaml.safe_load(text)["mal"]["authorization"]
    assert new["access_token"] != old["access_token"] and new["access_token"] in pair.meta.meta.mal.tokens
    assert "# my MAL app" in text


def test_sections_and_malformed_values(pair, tmp_path):
    path = write(pair, tmp_path, "collections:\n  A:\n    mal_all: 10\n", "")
    assert "the 'mal:' section is missing" in run(path)["A"].error
    path = write(pair, tmp_path, "collections:\n  A:\n    mal_all: 10\n", SECTION + "  colour: red\n")
    assert "unknown key" not in (run(path)["A"].error or "")  # ignored, as Kometa does (a located warning at load)
    path = write(pair, tmp_path, """
        collections:
          Too Many:
            mal_all: 501
          Bad Season:
            mal_season: {season: monsoon}
          Bad Status:
            mal_userlist: {username: someone, status: binging}
          No User:
            mal_userlist: {status: completed}
          Unknown Id:
            mal_id: 99999999
          Search:
            mal_search: {genre: Swashbuckling}
          Bad Sort:
            mal_search: {sort_by: best}
          Bad Score:
            mal_search: {score.gt: 8, score.lt: 7}
          No Studio:
            mal_studio: Nobody Studio
          Suggested:
            mal_suggested: 10
    """)
    r = run(path)
    assert "mal_all takes a number of anime between 1 and 500" in r["Too Many"].error
    assert "season must be one of winter, spring, summer, fall, current" in r["Bad Season"].error
    assert "status must be one of all, watching" in r["Bad Status"].error
    assert "username is missing" in r["No User"].error
    assert "MyAnimeList has no anime 99999999" in r["Unknown Id"].error
    assert "mal_search: MyAnimeList has no genre 'Swashbuckling'" in r["Search"].error
    assert "sort_by must be one of mal_id.desc" in r["Bad Sort"].error
    assert "score.lt/score.lte must be greater than score.gt/score.gte" in r["Bad Score"].error
    assert "MyAnimeList has no studio 'Nobody Studio'" in r["No Studio"].error
    assert "mal_suggested needs a signed-in MyAnimeList" in r["Suggested"].error
    for name in ("Too Many", "Bad Season", "Bad Status", "No User", "Unknown Id", "Search", "Suggested", "Bad Sort",
                 "Bad Score", "No Studio"):
        assert re.search(r"lib\.yml:\d+", r[name].error), r[name].error


def test_kometa_auth_mal_is_a_subcommand(pair, tmp_path):
    from kometa.app import auth
    parser = argparse.ArgumentParser()
    auth.register(parser.add_subparsers())
    ns = parser.parse_args(["auth", "mal", "--url", "http://localhost/?code=x"])
    assert ns.service == "mal" and ns.url == "http://localhost/?code=x"


def test_season(pair, tmp_path):
    from collections import Counter
    everything = [r["node"] for r in mal_api(pair, "/anime/ranking", ranking_type="movie", limit=500,
                                             fields="media_type,start_date")["data"]]
    held = [n for n in everything if library_tmdb(pair, [n["id"]], "movie")]
    seasons = ("winter", "spring", "summer", "fall")
    year, season = Counter((n["start_date"][:4], seasons[(int(n["start_date"][5:7]) - 1) // 3]) for n in held
                           ).most_common(1)[0][0]
    listed = [r["node"] for r in mal_api(pair, f"/anime/season/{year}/{season}", sort="anime_score", limit=500)["data"]]
    want = library_tmdb(pair, [n["id"] for n in listed if n["media_type"] == "movie"], "movie")
    path = write(pair, tmp_path, f"""
        collections:
          That Season:
            mal_season: {{season: {season}, year: {year}, sort_by: score}}
            collection_order: custom
    """)
    run(path)
    assert want and members(pair, "That Season") == want


def jikan(pair: Paired, path: str, **params: Any) -> Any:
    out: list[dict[str, Any]] = []
    page = 1
    while True:
        body = requests.get(f"{pair.meta.url}/jikan/v4{path}", params={**params, "page": page}, timeout=10).json()
        out += body["data"]
        if not body["pagination"]["has_next_page"]:
            return out
        page += 1


def test_search_genre_and_studio_through_jikan(pair, tmp_path):
    movies = [a for a in jikan(pair, "/anime", type="movie", order_by="score", sort="desc")]
    genre = next(g for a in movies for g in a["genres"])
    with_genre = [a["mal_id"] for a in movies if genre["mal_id"] in {g["mal_id"] for g in a["genres"]}]
    held = library_tmdb(pair, with_genre, "movie")
    assert held and len(with_genre) < len(movies)
    studio = next(s for a in movies for s in a["studios"] if library_tmdb(pair, [a["mal_id"]], "movie"))
    of_studio = [a["mal_id"] for a in movies if studio["mal_id"] in {s["mal_id"] for s in a["studios"]}]
    top = [a["mal_id"] for a in movies if a["score"] >= 7.0][:3]
    path = write(pair, tmp_path, f"""
        collections:
          By Genre:
            mal_search:
              genre: {genre["name"].lower()}
              type: movie
              sort_by: score.desc
            collection_order: custom
          Top Three:
            mal_search: {{score.gte: 7, limit: 3, sort_by: score.desc, type: movie}}
            collection_order: custom
          Old Genre:
            mal_genre: {genre["mal_id"]}
          Old Studio:
            mal_studio: {studio["name"]}
    """, "")  # no mal: section needed (Jikan is public)
    pair.meta.reset_stats()
    r = run(path)
    assert r["By Genre"].status == "Created", r["By Genre"]
    assert members(pair, "By Genre") == held
    assert members(pair, "Top Three") == library_tmdb(pair, top, "movie")
    assert sorted(members(pair, "Old Genre")) == sorted(held)
    assert sorted(members(pair, "Old Studio")) == sorted(library_tmdb(pair, of_studio, "movie"))
    sent = [e for e in pair.meta.request_log() if e.get("path", "").startswith("/jikan/v4/anime")]
    assert any("genres=" in e.get("query", "") and "order_by=score" in e.get("query", "") for e in sent)
    assert any("Jikan:" in line for line in r["__online__"])
    # a second run within the cache's time asks Jikan nothing
    pair.meta.reset_stats()
    run(path)
    assert pair.meta.stats()["by_service"].get("jikan", 0) == 0


def test_season_starting_only_leaves_out_shows_going_on_from_earlier_seasons(pair, tmp_path):
    seasons = ("winter", "spring", "summer", "fall")
    nodes = [r["node"] for r in mal_api(pair, "/anime/ranking", ranking_type="all", limit=500,
                                        fields="media_type,start_season")["data"]]
    held = [n for n in nodes if n["media_type"] != "movie" and library_tmdb(pair, [n["id"]], "tv")]
    found = None
    for n in held:  # a season listing a held show that began before it
        start = n["start_season"]["year"] * 4 + seasons.index(n["start_season"]["season"])
        for later in range(start + 1, start + 4):
            year, season = later // 4, seasons[later % 4]
            listed = [r["node"] for r in mal_api(pair, f"/anime/season/{year}/{season}", sort="anime_score",
                                                 limit=500, fields="media_type,start_season")["data"]]
            if any(x["id"] == n["id"] for x in listed):
                found = (year, season, listed)
                break
        if found:
            break
    assert found, "no show of the library goes on into a later season"
    year, season, listed = found
    shows = [x for x in listed if x["media_type"] != "movie"]
    began = [x["id"] for x in shows if x["start_season"] == {"year": year, "season": season}]
    path = write(pair, tmp_path, f"""
        collections:
          Whole Season:
            mal_season: {{season: {season}, year: {year}, sort_by: score}}
            collection_order: custom
          New This Season:
            mal_season: {{season: {season}, year: {year}, sort_by: score, starting_only: true}}
            collection_order: custom
          Bad Starting:
            mal_season: {{season: {season}, starting_only: maybe}}
    """, library="TV Shows")
    r = run(path, "TV Shows")
    assert members(pair, "Whole Season", "TV Shows") == library_tmdb(pair, [x["id"] for x in shows], "tv")
    new = library_tmdb(pair, began, "tv")
    assert r["New This Season"].error is None and r["New This Season"].added == len(new)
    assert len(new) < len(library_tmdb(pair, [x["id"] for x in shows], "tv"))  # the held show is left out
    if new:
        assert members(pair, "New This Season", "TV Shows") == new
    assert "starting_only must be true or false, got 'maybe'" in r["Bad Starting"].error


def test_mal_down_uses_the_cached_ranking_with_a_warning(pair, tmp_path, caplog):
    from metasim.testing import age_cache

    path = write(pair, tmp_path, "collections:\n  Down:\n    mal_popular: 20\n")
    assert run(path)["Down"].status == "Created"
    before = members(pair, "Down")
    age_cache(tmp_path)  # a day later: the ranking would be asked again
    pair.meta.set_faults(error_rate=1.0, error_statuses=[503])
    try:
        r = run(path)
    finally:
        pair.meta.clear_faults()
    assert r["Down"].status == "Unchanged" and members(pair, "Down") == before
    assert any("MyAnimeList" in rec.getMessage() and "using cached data" in rec.getMessage()
               for rec in caplog.records)
    path = write(pair, tmp_path, "collections:\n  Never:\n    mal_airing: 20\n")  # never read, MAL down
    pair.meta.set_faults(error_rate=1.0, error_statuses=[503])
    try:
        r = run(path)
    finally:
        pair.meta.clear_faults()
    assert r["Never"].error and "MyAnimeList" in r["Never"].error and "\n" not in r["Never"].error
