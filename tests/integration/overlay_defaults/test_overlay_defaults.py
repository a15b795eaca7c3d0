"""Our overlay defaults run end to end: ``- default: NAME`` on a small seeded world (plexsim world
mode), real HTTP; which posters got which badges, the main variables' effect, and a second run
that renders and writes nothing."""

from __future__ import annotations

from default_helpers import DefaultsRunner, video_facts

from metasim.testing import Paired

MOVIES = 14


def _expected_resolution(resolution: str, hdr: bool, dovi: bool) -> str:
    base = {"4k": "4K", "1080": "1080P", "720": "720P", "576": "576P", "480": "480P", "sd": "480P"}[resolution]
    return base + ("-DV-HDR" if dovi and hdr else "-DV" if dovi else "-HDR" if hdr else "")


def test_resolution_badges_follow_each_items_video(runner: DefaultsRunner) -> None:
    got = runner.run([{"default": "resolution"}])
    assert runner.errors() == []
    items = runner.items()
    expected = {i.attrib["title"]: [_expected_resolution(*video_facts(i))] for i in items}
    assert got == expected
    assert len({names[0] for names in got.values()}) >= 3  # the seeded world has several kinds
    runner.sim.reset_stats()
    assert runner.run() == {}  # the second run renders nothing ...
    assert runner.writes() == 0  # ... and writes nothing


def test_editions_and_use_variables(runner: DefaultsRunner) -> None:
    items = runner.items()
    first, second = items[0], items[1]
    runner.edit(int(first.attrib["ratingKey"]), editionTitle="Extended Edition")
    runner.edit(int(second.attrib["ratingKey"]), editionTitle="Director's Cut")
    got = runner.run([{"default": "resolution"}])
    assert got[first.attrib["title"]][1:] == ["Extended-Edition"]
    assert got[second.attrib["title"]][1:] == ["Directors-Edition"]
    assert all(len(names) == 1 for title, names in got.items()
               if title not in (first.attrib["title"], second.attrib["title"]))
    # use_resolution: false leaves only the edition badges; use_extended: false drops that one
    got = runner.run([{"default": "resolution", "template_variables": {"use_resolution": False,
                                                                        "use_extended": False}}])
    assert runner.errors() == []
    assert got == {second.attrib["title"]: ["Directors-Edition"]}
    assert runner.report is not None
    row = next(r for r in runner.rows() if r.name == "overlays")
    assert row.removed == MOVIES - 1  # every other poster is restored to its original


def test_ribbon_marks_the_imdb_top_250(runner: DefaultsRunner, pair: Paired) -> None:
    import requests

    body = {"query": "{ chartTitles(chart: { chartType: TOP_RATED_MOVIES }, first: 250) { edges { node { id } } } }"}
    top = {e["node"]["id"] for e in requests.post(f"{pair.meta.url}/imdb/", json=body, timeout=10).json()
           ["data"]["chartTitles"]["edges"]}
    on_chart = {t.title for t in pair.world.library if t.kind == "movie" and t.imdb_id in top
                and (f"imdb://{t.imdb_id}" in t.plex_guids or t.imdb_id in t.plex_guid)}
    assert on_chart  # the seeded world puts some library movies on the chart
    only = {"use_all": False, "use_imdb": True}  # the award and list ribbons: test_overlay_defaults_more.py
    got = runner.run([{"default": "ribbon", "template_variables": only}])
    assert runner.errors() == []
    assert got == {title: ["IMDb-Top-250"] for title in on_chart}
    runner.sim.reset_stats()
    assert runner.run() == {} and runner.writes() == 0
    # style: black draws the black ribbon: every ribboned poster is rendered again
    got = runner.run([{"default": "ribbon", "template_variables": {**only, "style": "black"}}])
    assert set(got) == on_chart


def _ratings(runner: DefaultsRunner) -> dict[str, tuple[float | None, float | None]]:
    def number(value: str | None) -> float | None:
        return float(value) if value not in (None, "") else None

    return {i.attrib["title"]: (number(i.attrib.get("rating")), number(i.attrib.get("audienceRating")))
            for i in runner.items()}


def _logo_colour(poster: bytes) -> str:
    """Which RT logo badge 1 (left, centre, first slot: x 30..190, y 455..615 of the 1000x1500 canvas;
    scaled on a smaller original, which keeps its size) carries."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(poster)) as img:
        sx, sy = img.width / 1000, img.height / 1500
        box = img.convert("RGB").crop((round(30 * sx), round(455 * sy), round(190 * sx), round(615 * sy)))
    raw = box.tobytes()
    pixels = [(raw[i], raw[i + 1], raw[i + 2]) for i in range(0, len(raw), 3)]
    red = sum(1 for r, g, b in pixels if r > 200 and g < 90 and b < 60)
    green = sum(1 for r, g, b in pixels if g > 130 and r < 60 and b < 100)
    least = 800 * sx * sy  # 800 of the canvas' pixels
    return "red" if red > least and red > 4 * green else "green" if green > least and green > 4 * red else "?"


def test_ratings_show_nothing_until_chosen_then_one_badge_per_rating(runner: DefaultsRunner) -> None:
    assert runner.run([{"default": "ratings"}]) == {}
    assert runner.errors() == []
    variables = {"rating1": "critic", "rating1_image": "rt_tomato", "rating2": "audience", "rating2_image": "imdb"}
    got = runner.run([{"default": "ratings", "template_variables": variables}])
    assert runner.errors() == []
    ratings = _ratings(runner)
    expected = {}
    for title, (critic, audience) in ratings.items():
        names = (["text(<<critic_rating%>>%)"] if critic is not None else []) + \
            (["text(<<audience_rating>>)"] if audience is not None else [])
        if names:
            expected[title] = names
    assert got == expected
    # the Rotten Tomatoes logo of badge 1 is the fresh (red) one from 6.0 up, the rotten (green) one below
    keys = {i.attrib["title"]: int(i.attrib["ratingKey"]) for i in runner.items()}
    high = next(t for t, (c, _a) in ratings.items() if c is not None and c >= 6.0)
    low = next(t for t, (c, _a) in ratings.items() if c is not None and c < 6.0)
    assert _logo_colour(runner.poster(keys[high])) == "red" and _logo_colour(runner.poster(keys[low])) == "green"
    # a changed rating re-renders exactly that poster; fresh_rating moves the fresh/rotten line
    item = runner.items()[0]
    runner.edit(int(item.attrib["ratingKey"]), audienceRating=9.9)
    runner.sim.reset_stats()
    changed = runner.run()
    assert list(changed) == [item.attrib["title"]] and runner.writes() == 1  # one upload (the label is there)
    got = runner.run([{"default": "ratings", "template_variables": {**variables, "fresh_rating": 0.5}}])
    assert low in got and _logo_colour(runner.poster(keys[low])) == "red"  # 0.5 up is fresh now


def test_resolution_on_shows_has_no_edition_badges(shows: DefaultsRunner) -> None:
    """Editions are a movie field: no edition overlay runs (and none fails) in a show library. A
    show's resolution is its episodes' (not in the show listing), so shows get only the badges Plex
    evaluates for them: HDR and Dolby Vision without a resolution."""
    got = shows.run([{"default": "resolution"}])
    assert shows.errors() == []
    hdr = shows.get("/library/sections/2/all", hdr=1)
    assert got and {e.attrib["title"] for e in hdr} == set(got)
    assert all(names in (["DV-HDR"], ["HDR"], ["DV"]) for names in got.values())


def test_ratings_per_badge_stroke_and_font_style_reach_their_badge(runner: DefaultsRunner) -> None:
    """rating1_stroke_color / rating1_stroke_width / rating1_font_style change badge 1 only."""
    variables = {"rating1": "critic", "rating1_image": "imdb", "rating2": "audience", "rating2_image": "tmdb"}
    runner.run([{"default": "ratings", "template_variables": variables}])
    ratings = _ratings(runner)
    keys = {i.attrib["title"]: int(i.attrib["ratingKey"]) for i in runner.items()}
    title = next(t for t, (c, _a) in ratings.items() if c is not None)
    before = runner.poster(keys[title])
    no_badge_1 = [t for t, (c, _a) in ratings.items() if c is None]
    stroked = {**variables, "rating1_stroke_color": "#FF0000", "rating1_stroke_width": 4,
               "rating1_font_style": "Bold"}
    changed = runner.run([{"default": "ratings", "template_variables": stroked}])
    assert runner.errors() == []
    assert title in changed and not set(no_badge_1) & set(changed)
    assert runner.poster(keys[title]) != before


def test_ratings_addon_position_and_back_align_move_every_badge(runner: DefaultsRunner) -> None:
    variables = {"rating1": "critic", "rating1_image": "imdb"}
    first = runner.run([{"default": "ratings", "template_variables": variables}])
    assert first and runner.errors() == []
    moved = runner.run([{"default": "ratings", "template_variables": {**variables, "addon_position": "left",
                                                                       "addon_offset": 5}}])
    assert runner.errors() == [] and set(moved) == set(first)
    aligned = runner.run([{"default": "ratings", "template_variables": {**variables, "addon_position": "left",
                                                                         "addon_offset": 5, "back_align": "left"}}])
    assert runner.errors() == [] and set(aligned) == set(first)
