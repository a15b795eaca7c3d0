"""default: streaming (overlays) — a badge of the highest-weighted service offering each item in the
region (TMDb watch providers, Kometa's regional rules), or with ``originals_only`` of the service whose
own production it is (Kometa's MDBList lists)."""

from __future__ import annotations

import pytest
import requests
from default_helpers import DefaultsRunner, online

from metasim.testing import Paired

MDB_KEY = "metasim-mdblist"
#: (badge, key, TMDb ids, only in region, not in region, library type, has an originals list), by weight
SERVICES = (
    ("Netflix", "netflix", "8|175", None, None, None, True),
    ("Prime Video", "amazon", "9", None, None, None, True),
    ("Disney+", "disney", "337|508", None, None, None, True),
    ("HBO Max", "hbomax", "1899", None, "CA", None, True),
    ("Crunchyroll", "crunchyroll", "283", None, None, "tv", False),
    ("Movistar Plus+", "movistar", "149|339|2241", "ES", None, None, True),
    ("Atres Player", "atresplayer", "62|2162", "ES", None, None, True),
    ("YouTube", "youtube", "188|508|235", None, None, None, False),
    ("Hulu", "hulu", "15", None, None, None, True),
    ("Paramount+", "paramount", "531|1770", None, None, None, True),
    ("AMC+", "amc", "528|1854", None, None, None, True),
    ("Apple TV", "appletv", "350", None, None, None, True),
    ("Peacock", "peacock", "386|387", None, None, None, True),
    ("discovery+", "discovery", "524|584", None, None, "tv", False),
    ("Crave", "crave", "230", "CA", None, None, False),
    ("NOW", "now", "39", "GB", None, None, False),
    ("Channel 4", "channel4", "103", "GB", None, None, False),
    ("ITVX", "itvx", "41|2300", "GB", None, None, False),
    ("BET+", "bet", "1759", None, None, None, False),
    ("hayu", "hayu", "223", None, None, "tv", True),
    ("tubi", "tubi", "73", None, None, None, True),
)


def _applies(service: tuple, kind: str, region: str, originals: bool) -> bool:
    _badge, _key, _ids, only, not_in, only_for, has_list = service
    return (only is None or only == region) and not_in != region and (only_for is None or only_for == kind) \
        and (has_list or not originals)


def _ids(service: tuple, region: str) -> set[int]:
    ids = {int(i) for i in service[2].split("|")}
    return {119} if ids == {9} and region in ("CA", "AU", "NL", "ES") else ids


def _streaming(pair: Paired, kind: str, region: str, skip: str = "") -> dict[str, list[str]]:
    """title -> [the badge of the highest-weighted service offering it in ``region``], from the world."""
    expected = {}
    for t in pair.world.library:
        if t.kind != kind:
            continue
        offered = {pid for ids in t.providers.get(region, {}).values() for pid in ids}
        best = next((s[0] for s in SERVICES if s[1] != skip and _applies(s, kind, region, False)
                     and offered & _ids(s, region)), None)
        if best is not None:
            expected[t.title] = [best]
    return expected


@pytest.fixture
def tmdb(runner: DefaultsRunner, pair: Paired, monkeypatch: pytest.MonkeyPatch) -> DefaultsRunner:
    return online(runner, pair, monkeypatch)


def test_streaming_badges_follow_tmdb_watch_providers(tmdb: DefaultsRunner, pair: Paired) -> None:
    expected = _streaming(pair, "movie", "US")
    got = tmdb.run([{"default": "streaming"}])
    assert tmdb.errors() == []
    assert got == expected
    assert len({names[0] for names in got.values()}) >= 2
    tmdb.sim.reset_stats()
    assert tmdb.run() == {} and tmdb.writes() == 0
    # region: GB reads the British offers (and Channel 4, ITVX, NOW there); use_netflix: false leaves
    # Netflix's items to the next service
    got = tmdb.run([{"default": "streaming", "template_variables": {"region": "GB", "use_netflix": False}}])
    assert tmdb.errors() == []
    gb = _streaming(pair, "movie", "GB", skip="netflix")
    assert gb != expected  # the regions differ in the seeded world
    assert {"Channel 4", "ITVX", "NOW"} & {names[0] for names in gb.values()}
    assert got == {t: names for t, names in gb.items() if expected.get(t) != names}  # only changed posters


def test_streaming_badges_in_canada(tmdb: DefaultsRunner, pair: Paired) -> None:
    """Crave only in Canada, HBO Max not there, Prime Video is TMDb's provider 119 there."""
    expected = _streaming(pair, "movie", "CA")
    got = tmdb.run([{"default": "streaming", "template_variables": {"region": "CA"}}])
    assert tmdb.errors() == []
    assert got == expected
    badges = {names[0] for names in got.values()}
    assert {"Crave", "Prime Video"} <= badges and "HBO Max" not in badges  # (the world has 119 in CA, not 9)


def _on_list(pair: Paired, key: str, kind: str) -> set[str]:
    url = f"{pair.meta.url}/mdblist/lists/k0meta/{key}-originals/items"
    response = requests.get(url, params={"apikey": MDB_KEY}, timeout=10)
    if response.status_code == 404:
        return set()
    ids = {(r["mediatype"], r["id"]) for rows in response.json().values() for r in rows}
    media = "movie" if kind == "movie" else "show"
    return {t.title for t in pair.world.library if t.kind == kind and (media, t.tmdb_id) in ids}


def test_originals_only_badges_from_the_mdblist_lists(tmdb: DefaultsRunner, pair: Paired) -> None:
    tmdb.services = {"tmdb": {"apikey": pair.meta.tmdb_key}, "mdblist": {"apikey": MDB_KEY}}
    lists = {s[1]: _on_list(pair, s[1], "movie") for s in SERVICES}
    assert not lists["bet"] and not lists["youtube"]  # no originals list (404)
    expected = {}
    for t in (t for t in pair.world.library if t.kind == "movie"):
        best = next((s[0] for s in SERVICES if _applies(s, "movie", "US", True) and t.title in lists[s[1]]), None)
        if best is not None:
            expected[t.title] = [best]
    pair.meta.reset_stats()
    got = tmdb.run([{"default": "streaming", "template_variables": {"originals_only": True}}])
    assert tmdb.errors() == []
    assert got == expected and len({n[0] for n in got.values()}) >= 2
    asked = pair.meta.stats()["by_endpoint"]
    assert not [e for e in asked if "discover" in e], asked  # no TMDb discover
    with_list = [s for s in SERVICES if _applies(s, "movie", "US", True)]
    assert asked["GET /mdblist/lists/{user}/{list}/items/{media}"] == len(with_list) == 10  # no list asked for in vain


def test_originals_only_without_an_mdblist_section(tmdb: DefaultsRunner) -> None:
    got = tmdb.run([{"default": "streaming", "template_variables": {"originals_only": True}}])
    assert got == {}
    errors = tmdb.errors()
    assert errors and all("'mdblist:' section is missing" in e for e in errors), errors


def test_show_only_services_badge_shows(shows: DefaultsRunner, pair: Paired, monkeypatch: pytest.MonkeyPatch) -> None:
    """Crunchyroll, discovery+ and hayu are for show libraries (Kometa's allowed_libraries: show)."""
    online(shows, pair, monkeypatch)
    expected = _streaming(pair, "tv", "GB")
    assert "Crunchyroll" in {names[0] for names in expected.values()}
    got = shows.run([{"default": "streaming", "template_variables": {"region": "GB"}}])
    assert shows.errors() == []
    assert got == expected
