"""default: genre, decade, year, studio, network — a collection per value of the library, a separator."""

from __future__ import annotations

import io
import re
from datetime import datetime

import requests
from defaults_helpers import DefaultsRunner, rows
from PIL import Image

from kometa.defaults.posters import SEPARATOR_STYLES
from metasim.testing import PLEX_TOKEN


def _by(runner: DefaultsRunner, library: str, read) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for item in runner.section(library).all():
        for value in read(item):
            found.setdefault(value, set()).add(item.title)
    return found


def test_genre_collections_addons_and_separator(runner: DefaultsRunner) -> None:
    placeholder = next(t for t in runner.pair.world.library
                       if t.kind == "movie" and t.imdb_id and f"imdb://{t.imdb_id}" in t.plex_guids)
    report = runner.run(movies="- default: genre\n  template_variables:\n    exclude: [Drama]\n"
                               "    append_addons:\n      Action: [Thriller]\n"
                               f"    placeholder_imdb_id: {placeholder.imdb_id}\n")
    genres = _by(runner, "Movies", lambda i: [g.tag for g in i.genres])
    made = rows(report)
    assert "Genre Collections" in made and "Drama Movies" not in made
    separator = runner.collections()["Genre Collections"]
    assert separator.titleSort == "!060_!Genre Collections"
    assert [i.title for i in separator.items()] == [placeholder.title]
    for genre in genres:
        if genre in ("Drama", "Thriller"):
            continue
        name = f"{'Science Fiction' if genre in ('Sci-Fi', 'Science Fiction') else genre} Movies"
        assert name in made, (name, sorted(made))
    action = runner.collections()["Action Movies"]
    assert action.summary == "Movies that have the genre Action." and action.titleSort == "!060_Action Movies"
    assert runner.members("Action Movies") == genres.get("Action", set()) | genres.get("Thriller", set())


def test_decade_year_limits_and_names(runner: DefaultsRunner) -> None:
    years = _by(runner, "Movies", lambda i: [str(i.year)] if i.year else [])
    runner.run(movies="- default: decade\n  template_variables:\n    limit: 3\n    use_separator: false\n"
                      "- default: year\n  template_variables:\n    name_2001: Two Thousand One\n"
                      f"    data: {{starting: {min(years)}}}\n")
    collections = runner.collections()
    decades = {f"{int(y) // 10 * 10}s" for y in years}
    for decade in decades:
        c = collections[f"Best of {decade}"]
        assert c.summary == f"Top 3 movies of the {decade}." and c.childCount <= 3
    assert "Decade Collections" not in collections and "Year Collections" in collections
    year = sorted(years)[0]
    title = "Two Thousand One" if year == "2001" else f"Best of {year}"
    assert runner.members(title) == years[year]
    best = {i.title: i.rating for i in runner.section().all()}
    ranked = sorted(years[year], key=lambda t: -(best[t] or 0))
    assert [i.title for i in collections[title].items()][:1] == ranked[:1] or len(ranked) <= 1


def test_year_data_picks_the_years(runner: DefaultsRunner) -> None:
    """Kometa's year default: ten years ago to this year, or the years ``data`` names (a year,
    current_year or current_year-N; an increment)."""
    years = sorted(int(y) for y in _by(runner, "Movies", lambda i: [str(i.year)] if i.year else []))
    this_year = datetime.now().year
    runner.run(movies="- default: year\n")
    made = {t for t in runner.collections() if re.fullmatch(r"Best of \d{4}", t)}
    assert made == {f"Best of {y}" for y in years if this_year - 10 <= y <= this_year}
    start = years[0]
    runner.run(movies="- default: year\n  template_variables:\n"
                      f"    data: {{starting: {start}, ending: current_year-1, increment: 3}}\n")
    made = {t for t in runner.collections() if re.fullmatch(r"Best of \d{4}", t)}
    assert made == {f"Best of {y}" for y in years if y in range(start, this_year, 3)}, (years, made)


def test_studio_include_list_and_network_for_shows(runner: DefaultsRunner) -> None:
    report = runner.run(movies="- default: studio\n", shows="- default: network\n")
    studios = _by(runner, "Movies", lambda i: [i.studio] if i.studio else [])
    made = rows(report)
    fox = studios.get("20th Century Fox", set())
    if fox:
        assert runner.members("20th Century Studios") == fox | studios.get("20th Century Studios", set())
    from kometa.config.defaults import DATA_DIR
    from kometa.config.yaml_io import load_yaml

    include = load_yaml(DATA_DIR / "collections" / "studio.yml")["dynamic_collections"]["Studios"]["include"]
    listed = [s for s in studios if s in include]
    assert listed, "the world has studios of the include list"
    for studio in listed:
        assert runner.members(studio) == studios[studio] | (fox if studio == "20th Century Studios" else set())
        assert runner.collections()[studio].summary == f"Movies produced by {studio}."
    assert not [s for s in studios if s not in include and s in made and s != "20th Century Fox"]
    networks = _by(runner, "TV Shows", lambda i: [i.network] if getattr(i, "network", None) else [])
    assert networks, "the world's shows carry networks"
    shown = rows(report, "TV Shows")
    for network, titles in networks.items():
        assert network in shown and runner.members(network, "TV Shows") == titles


def test_sep_style_gives_the_separator_its_drawn_poster(runner: DefaultsRunner) -> None:
    report = runner.run(movies="- default: year\n  template_variables:\n    sep_style: purple\n")
    assert "Year Collections" in rows(report) and not report.not_done, report.not_done
    thumb = runner.collections()["Year Collections"].thumb
    data = requests.get(f"{runner.pair.plex.url}{thumb}", params={"X-Plex-Token": PLEX_TOKEN}, timeout=10).content
    middle = Image.open(io.BytesIO(data)).convert("RGB").getpixel((10, 750))
    assert all(abs(a - b) <= 12 for a, b in zip(middle, SEPARATOR_STYLES["purple"][0], strict=True)), middle


def test_ignore_ids_and_name_mapping_reach_every_collection(runner: DefaultsRunner) -> None:
    genres = _by(runner, "Movies", lambda i: [g.tag for g in i.genres])
    genre = max(genres, key=lambda g: len(genres[g]))
    titles = sorted(genres[genre])
    by_title = {t.title: t for t in runner.pair.world.library if t.kind == "movie"}
    first, second = by_title[titles[0]], by_title[titles[1]]
    runner.run(movies=f"- default: genre\n  template_variables:\n    include: [{genre}]\n"
                      f"    ignore_ids: {first.tmdb_id}\n    ignore_imdb_ids: [{second.imdb_id}]\n")
    assert runner.members(f"{genre} Movies") == set(titles) - {first.title, second.title}
