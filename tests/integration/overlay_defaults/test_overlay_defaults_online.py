"""Our overlay defaults that read online services per item (TMDb status, watch providers, MDBList
records): ``- default: NAME`` on a small seeded world (plexsim world mode + metasim sharing it),
real HTTP; which posters got which badges, computed from the world, and a second run that renders
and writes nothing."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta

import default_helpers
import pytest
from default_helpers import DefaultsRunner

from metasim.testing import Paired


@pytest.fixture
def online(shows: DefaultsRunner, pair: Paired, monkeypatch: pytest.MonkeyPatch) -> DefaultsRunner:
    return default_helpers.online(shows, pair, monkeypatch)


def _aired_recently(runner: DefaultsRunner, days: int) -> set[str]:
    """Shows with an episode whose air date is within the last ``days`` days (Plex's episodes)."""
    since = datetime.now().date() - timedelta(days=days)
    episodes = runner.get("/library/sections/2/all", type=4)
    return {e.attrib["grandparentTitle"] for e in episodes
            if e.attrib.get("originallyAvailableAt") and date.fromisoformat(e.attrib["originallyAvailableAt"]) >= since}


def test_status_badges_follow_tmdb_status_and_recent_episodes(online: DefaultsRunner, pair: Paired) -> None:
    word = {"Returning Series": "RETURNING", "Canceled": "CANCELED", "Ended": "ENDED"}
    status = {t.title: word.get(t.status) for t in pair.world.library if t.kind == "tv"}
    assert set(status) == {i.attrib["title"] for i in online.items(2)}
    # an episode of an ended show aired today: that show is AIRING (weight 40 beats ENDED's 10)
    ended = next(t for t, s in status.items() if s == "ENDED")
    episode = next(e for e in online.get("/library/sections/2/all", type=4) if e.attrib["grandparentTitle"] == ended)
    online.edit(int(episode.attrib["ratingKey"]), section=2, kind=4,
                originallyAvailableAt=datetime.now().date().isoformat())
    airing = _aired_recently(online, 14)
    assert ended in airing
    expected = {t: ["text(AIRING)"] if t in airing else [f"text({s})"] for t, s in status.items()
                if t in airing or s is not None}
    got = online.run([{"default": "status"}])
    assert online.errors() == []
    assert got == expected
    assert len({names[0] for names in got.values()}) >= 2  # the seeded world has several statuses
    online.sim.reset_stats()
    tmdb_asked = pair.meta.stats()["by_service"].get("tmdb", 0)
    assert online.run() == {} and online.writes() == 0  # second run: nothing rendered or written ...
    assert pair.meta.stats()["by_service"].get("tmdb", 0) == tmdb_asked  # ... and TMDb answers from the cache
    # text_<key> changes the badge; last: 100000 makes every show with an aired episode AIRING
    got = online.run([{"default": "status", "template_variables": {"text_ended": "FINISHED", "last": 100000}}])
    assert online.errors() == []
    everything = _aired_recently(online, 100000)
    assert {t for t, names in got.items() if names == ["text(AIRING)"]} == everything - airing
    assert all(names != ["text(ENDED)"] for names in got.values())


MDB_KEY = "metasim-mdblist"


def test_commonsense_badges_follow_the_age_mdblist_gives_plex(runner: DefaultsRunner, pair: Paired,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The ages reach Plex's content rating through mass_content_rating_update: mdb_commonsense (run
    before overlays in the same run); the badges read it."""
    import requests

    monkeypatch.setenv("KOMETA_TMDB_URL", pair.meta.tmdb_url)
    monkeypatch.setenv("KOMETA_MDBLIST_URL", f"{pair.meta.url}/mdblist")
    runner.services = {"tmdb": {"apikey": pair.meta.tmdb_key}, "mdblist": {"apikey": MDB_KEY}}
    expected = {}
    for t in pair.world.library:
        if t.kind != "movie":
            continue
        record = requests.get(f"{pair.meta.url}/mdblist/tmdb/movie/{t.tmdb_id}", params={"apikey": MDB_KEY},
                              timeout=10).json()
        if record.get("commonsense") and record.get("age_rating"):
            expected[t.title] = [f"text({int(record['age_rating'])}+)"]
    assert len(set(map(tuple, expected.values()))) >= 2  # several ages in the seeded world
    entries = [{"default": "commonsense"}]
    runner.write(entries, extra={"operations": {"mass_content_rating_update": "mdb_commonsense"}})
    got = runner.run()
    assert runner.errors() == []
    ratings = {i.attrib["title"]: i.attrib.get("contentRating") for i in runner.items()}
    assert all(ratings[t] == names[0][5:-2] for t, names in expected.items())  # the operation set them
    assert got == expected
    runner.sim.reset_stats()
    assert runner.run() == {} and runner.writes() == 0
    got = runner.run([{"default": "commonsense", "template_variables": {"pre_text": "Age ", "post_text": ""}}])
    assert got == {t: [f"text(Age {names[0][5:-2]})"] for t, names in expected.items()}


def _number(e: ET.Element) -> str:
    return f"S{int(e.attrib['parentIndex']):02d}E{int(e.attrib['index']):02d}"


def _episode_name(e: ET.Element) -> str:
    """How the run's lines name an episode (``Show S01E02 Title``)."""
    return f"{e.attrib['grandparentTitle']} {_number(e)} {e.attrib['title']}"


def test_episode_info_numbers_every_episode(shows: DefaultsRunner) -> None:
    got = shows.run([{"default": "episode_info"}])
    assert shows.errors() == []
    episodes = shows.get("/library/sections/2/all", type=4)
    expected = {_episode_name(e):
                ["text(S<<season_number0>>E<<episode_number0>>)"] for e in episodes}
    assert len(expected) == len(episodes) > 0
    assert got == expected  # every episode, none of the shows or seasons
    # the text is each episode's own: two episodes with the same original image differ once overlaid
    first, second = episodes[0], episodes[1]
    assert _number(first) != _number(second)
    assert shows.poster(int(first.attrib["ratingKey"])) != shows.poster(int(second.attrib["ratingKey"]))
    shows.sim.reset_stats()
    assert shows.run() == {} and shows.writes() == 0


@pytest.mark.parametrize("level", ["season", "episode"])
def test_runtimes_on_seasons_and_episodes(shows: DefaultsRunner, level: str) -> None:
    """builder_level reaches the runtimes default: every season (its episodes' average) or episode
    gets the runtime badge, the shows none."""
    got = shows.run([{"default": "runtimes", "template_variables": {"builder_level": level}}])
    assert shows.errors() == []
    listing = shows.get("/library/sections/2/all", type=3 if level == "season" else 4)
    assert len(got) == len(listing) > 0
    assert all(names == ["text(Runtime: <<runtimeH>>h <<runtimeM>>m)"] for names in got.values())
    shows.sim.reset_stats()
    assert shows.run() == {} and shows.writes() == 0


def test_ratings_on_episodes(shows: DefaultsRunner) -> None:
    """builder_level: episode puts the ratings default's badges on the episodes that carry the rating."""
    variables = {"rating1": "audience", "rating1_image": "imdb", "builder_level": "episode"}
    for episode, rating in zip(shows.get("/library/sections/2/all", type=4)[:3], (7.5, 8.1, 6.2), strict=True):
        shows.edit(int(episode.attrib["ratingKey"]), section=2, kind=4, audienceRating=rating)
    got = shows.run([{"default": "ratings", "template_variables": variables}])
    assert shows.errors() == []
    episodes = shows.get("/library/sections/2/all", type=4)
    rated = {_episode_name(e) for e in episodes if e.attrib.get("audienceRating")}
    assert len(rated) == 3  # the seeded world's episodes carry no rating of their own
    assert got == {name: ["text(<<audience_rating>>)"] for name in rated}
    shows.sim.reset_stats()
    assert shows.run() == {} and shows.writes() == 0
