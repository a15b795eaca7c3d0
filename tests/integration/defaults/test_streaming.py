"""default: streaming — TMDb watch providers per service and region (Kometa's regional rules), and
``originals_only`` (the services' own productions, from the MDBList lists Kometa keeps)."""

from __future__ import annotations

from defaults_helpers import DefaultsRunner, rows

from metasim.testing import Paired

MDBLIST = "mdblist:\n  apikey: metasim-mdblist\n"


def offered(pair: Paired, kind: str, region: str, ids: str) -> set[str]:
    """The library's titles the world offers on any of ``ids`` (``8|175``) in ``region``, any way."""
    wanted = {int(i) for i in ids.split("|")}
    return {t.title for t in pair.world.library if t.kind == kind
            and wanted & {p for offer in t.providers.get(region, {}).values() for p in offer}}


def originals(runner: DefaultsRunner, key: str, kind: str) -> set[str]:
    """The library's titles on metasim's ``k0meta/<key>-originals`` MDBList list."""
    import requests

    url = f"{runner.pair.meta.url}/mdblist/lists/k0meta/{key}-originals/items"
    body = requests.get(url, params={"apikey": "metasim-mdblist"}, timeout=10).json()
    ids = {(r["mediatype"], r["id"]) for rows_ in body.values() for r in rows_}
    return {t.title for t in runner.pair.world.library if t.kind == kind
            and ("movie" if kind == "movie" else "show", t.tmdb_id) in ids}


def _check(runner: DefaultsRunner, made: dict, library: str, name: str, expected: set[str]) -> None:
    if expected:
        assert made[name].error is None and not made[name].status.startswith(("Skipped", "Minimum")), made[name]
        assert runner.members(name, library) == expected, name
    else:  # nothing to hold: not made (minimum_items)
        assert made[name].status != "Created", (name, made[name])


def test_us_services_and_what_each_holds(runner: DefaultsRunner) -> None:
    pair = runner.pair
    report = runner.run(movies="- default: streaming\n  template_variables:\n    use_hulu: false\n"
                               "    use_crave: true\n")  # (Crave stays out of the US all the same)
    made = rows(report)
    assert made["Hulu Movies"].status == "Skipped Run Definition" and "Streaming Collections" in made
    for name, ids in (("Netflix Movies", "8"), ("Prime Video Movies", "9"), ("AMC+ Movies", "528|1854"),
                      ("BET+ Movies", "1759"), ("tubi Movies", "73"), ("YouTube Movies", "188"),
                      ("Paramount+ Movies", "531|1770"), ("Peacock Movies", "386|387"), ("HBO Max Movies", "1899")):
        _check(runner, made, "Movies", name, offered(pair, "movie", "US", ids))
    assert runner.members("AMC+ Movies") and runner.members("tubi Movies")  # the world offers them
    # only in GB, ES, CA: left out in the US
    for name in ("Channel 4 Movies", "ITVX Movies", "NOW Movies", "Movistar Plus+ Movies", "Atres Player Movies",
                 "Filmin Movies", "Crave Movies"):
        assert made[name].status == "Skipped Run Definition", (name, made[name])
        assert name not in runner.collections()
    assert runner.collections()["Netflix Movies"].summary == "Movies streaming on Netflix."
    assert "Crunchyroll Movies" not in made and "hayu Movies" not in made  # shows only


def test_regional_rules_gb_ca_es(runner: DefaultsRunner) -> None:
    pair = runner.pair
    made = rows(runner.run(movies="- default: streaming\n  template_variables:\n    region: GB\n"))
    for name, ids in (("Channel 4 Movies", "103"), ("ITVX Movies", "41|2300"), ("NOW Movies", "39"),
                      ("Netflix Movies", "8")):
        _check(runner, made, "Movies", name, offered(pair, "movie", "GB", ids))
    assert runner.members("Channel 4 Movies") and runner.members("ITVX Movies")
    assert made["Crave Movies"].status == "Skipped Run Definition"
    assert made["Movistar Plus+ Movies"].status == "Skipped Run Definition"
    assert runner.collections()["NOW Movies"].summary == "Movies streaming on NOW (GB)."

    made = rows(runner.run(movies="- default: streaming\n  template_variables:\n    region: ca\n"))
    _check(runner, made, "Movies", "Crave Movies", offered(pair, "movie", "CA", "230"))
    assert runner.members("Crave Movies")
    assert made["HBO Max Movies"].status == "Skipped Run Definition"  # part of Crave in Canada
    assert made["Channel 4 Movies"].status == "Skipped Run Definition"
    prime = offered(pair, "movie", "CA", "119")  # Prime Video is TMDb's 119 in Canada
    assert prime and not offered(pair, "movie", "CA", "9")
    _check(runner, made, "Movies", "Prime Video Movies", prime)

    made = rows(runner.run(movies="- default: streaming\n  template_variables:\n    region: ES\n"
                                  "    discover_with_netflix: 8|63\n"))
    for name, ids in (("Movistar Plus+ Movies", "149|339|2241"), ("Atres Player Movies", "62|2162"),
                      ("Filmin Movies", "63"), ("Prime Video Movies", "119"), ("Netflix Movies", "8|63"),
                      ("HBO Max Movies", "1899")):
        _check(runner, made, "Movies", name, offered(pair, "movie", "ES", ids))
    assert runner.members("Movistar Plus+ Movies") and runner.members("Filmin Movies")
    assert made["ITVX Movies"].status == "Skipped Run Definition"


def test_show_only_services(runner: DefaultsRunner) -> None:
    pair = runner.pair
    made = rows(runner.run(shows="- default: streaming\n  template_variables:\n    limit_discovery: 50\n"),
                "TV Shows")
    for name, ids in (("Crunchyroll Shows", "283"), ("discovery+ Shows", "510"), ("hayu Shows", "223"),
                      ("Peacock Shows", "386|387")):
        _check(runner, made, "TV Shows", name, offered(pair, "tv", "US", ids))
    assert runner.members("discovery+ Shows", "TV Shows")
    assert made["Channel 4 Shows"].status == "Skipped Run Definition"


def test_originals_only(runner: DefaultsRunner) -> None:
    entry = "- default: streaming\n  template_variables:\n    originals_only: true\n"
    pair = runner.pair
    pair.meta.reset_stats()
    report = runner.run(movies=entry, shows=entry, extra=MDBLIST)
    asked = pair.meta.stats()["by_endpoint"]
    made = rows(report)
    for key, name in (("netflix", "Netflix"), ("amazon", "Prime Video"), ("disney", "Disney+"), ("amc", "AMC+"),
                      ("tubi", "tubi"), ("hbomax", "HBO Max"), ("appletv", "Apple TV")):
        _check(runner, made, "Movies", f"{name} Movies", originals(runner, key, "movie"))
    assert runner.members("Netflix Movies") and runner.members("Netflix Movies") != offered(pair, "movie", "US", "8")
    summary = runner.collections()["Netflix Movies"].summary
    assert summary == "Netflix originals: the movies it made itself."
    # no originals list: left out; only-in-a-region services still follow the region (US here)
    for name in ("BET+ Movies", "YouTube Movies", "Channel 4 Movies", "Movistar Plus+ Movies"):
        assert made[name].status == "Skipped Run Definition", (name, made[name])
    shows = rows(report, "TV Shows")
    assert shows["Crunchyroll Shows"].status == "Skipped Run Definition"
    assert shows["discovery+ Shows"].status == "Skipped Run Definition"
    _check(runner, shows, "TV Shows", "Netflix Shows", originals(runner, "netflix", "tv"))
    assert not [e for e in asked if "discover" in e], asked  # no TMDb discover at all
    # one list per service that has one (10 for movies, and hayu's too for shows), none asked for in vain
    assert asked["GET /mdblist/lists/{user}/{list}/items/{media}"] == 21, asked
    assert not [row.error for row in (*made.values(), *shows.values()) if row.error]


def test_originals_only_needs_an_mdblist_section(runner: DefaultsRunner) -> None:
    report = runner.run(movies="- default: streaming\n  template_variables:\n    originals_only: true\n")
    made = rows(report)
    error = made["Netflix Movies"].error
    assert error and "mdblist:" in error and "missing" in error, made["Netflix Movies"]
    assert made["BET+ Movies"].status == "Skipped Run Definition"


def test_names_summaries_exclude_order_and_posters(runner: DefaultsRunner) -> None:
    from defaults_helpers import poster_image

    variables = ("- default: streaming\n  template_variables:\n    name_format: <<key_name>> Films\n"
                 "    summary_format: On <<key_name>> in <<region>>.\n    exclude: [tubi, youtube]\n"
                 "    sort_by: title.asc\n    sort_by_netflix: release.desc\n    style: white\n")
    report = runner.run(movies=variables)
    assert not report.errors and not report.not_done, (report.errors, report.not_done)
    made = rows(report)
    assert "Netflix Films" in made and "Netflix Movies" not in made
    assert "tubi Films" not in made and "YouTube Films" not in made  # excluded
    here = runner.collections()
    assert here["Netflix Films"].summary == "On Netflix in US."
    netflix = here["Netflix Films"].items()  # sort_by_<key> wins: newest first
    dates = [i.originallyAvailableAt for i in netflix if i.originallyAvailableAt]
    assert len(netflix) > 1 and dates == sorted(dates, reverse=True)
    disney = [i.titleSort or i.title for i in here["Disney+ Films"].items()]  # sort_by: by title
    assert len(disney) > 1 and disney == sorted(disney, key=str.lower), disney
    # style white: white lettering on charcoal (our drawn poster), not the service's colour
    white = poster_image(runner, "Netflix Films").getpixel((500, 450))
    assert all(abs(a - b) <= 6 for a, b in zip(white, (28, 28, 32), strict=True)), white

    runner.run(movies="- default: streaming\n")
    netflix_red = poster_image(runner, "Netflix Movies").getpixel((500, 450))
    assert netflix_red[0] > 150 and netflix_red[1] < 80, netflix_red  # the service's own colour
    bad = runner.run(movies="- default: streaming\n  template_variables:\n    style: bw\n")
    assert any("style 'bw' is not one of its poster styles" in e for e in
               [*bad.errors, *(r.error or "" for r in bad.library("Movies").rows), bad.library("Movies").message])
