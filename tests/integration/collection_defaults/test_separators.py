"""separator_award and separator_chart: one empty collection sorted before its section."""

from __future__ import annotations

import io

import pytest
import requests
from more_defaults_helpers import collection_names, delete_all, rows, section

from metasim.testing import PLEX_TOKEN


@pytest.mark.parametrize(("default", "name", "prefix"), [("separator_award", "Award Collections", "!130"),
                                                         ("separator_chart", "Chart Collections", "!020")])
def test_separator(runner, pair, default, name, prefix):
    delete_all(pair)
    r = rows(runner.run(default))
    assert r[name].status == "Created"
    made = section(pair).collection(name)
    assert made.titleSort.startswith(prefix) and made.items() == []


def test_separator_variables(runner, pair):
    delete_all(pair)
    runner.run("separator_award", {"name_separator": "Awards", "collection_section": "050"})
    assert section(pair).collection("Awards").titleSort.startswith("!050")
    delete_all(pair)
    runner.run("separator_award", {"use_separator": False})
    assert "Award Collections" not in collection_names(pair)



def _uploads(pair) -> int:
    return sum(n for endpoint, n in pair.plex.stats()["by_endpoint"].items()
               if endpoint.startswith("POST") and endpoint.endswith("/{kind}"))


def _poster(pair, name: str):
    from PIL import Image
    made = section(pair).collection(name)
    assert made.thumb, "the collection lists its uploaded poster as its thumb"
    data = requests.get(f"{pair.plex.url}{made.thumb}", params={"X-Plex-Token": PLEX_TOKEN}, timeout=10).content
    return Image.open(io.BytesIO(data)).convert("RGB")


def test_separator_posters_are_drawn_in_the_style_and_uploaded_once(runner, pair):
    from kometa.defaults.posters import SEPARATOR_STYLES
    delete_all(pair)
    pair.plex.reset_stats()
    report = runner.run("separator_award", {"sep_style": "purple"})
    assert not report.not_done, report.not_done
    assert _uploads(pair) == 1
    poster = _poster(pair, "Award Collections")
    assert poster.size == (1000, 1500)
    corner = poster.getpixel((20, 750))  # the background at mid height is the style's colour (the gradient's middle)
    purple = SEPARATOR_STYLES["purple"][0]
    assert all(abs(a - b) <= 12 for a, b in zip(corner, purple, strict=True)), (corner, purple)
    pair.plex.reset_stats()
    again = rows(runner.run("separator_award", {"sep_style": "purple"}))
    assert again["Award Collections"].status == "Unchanged" and _uploads(pair) == 0
    rows(runner.run("separator_award", {"sep_style": "green"}))  # a new style: the new poster, once
    assert _uploads(pair) == 1
    red, green = _poster(pair, "Award Collections").getpixel((20, 750)), SEPARATOR_STYLES["green"][0]
    assert all(abs(a - b) <= 12 for a, b in zip(red, green, strict=True)), (red, green)
    pair.plex.reset_stats()
    runner.run("separator_award")  # the default style (orig): dark
    assert _uploads(pair) == 1 and sum(_poster(pair, "Award Collections").getpixel((20, 750))) < 120


def test_url_poster_separator_wins_and_a_bad_style_is_located(runner, pair, tmp_path):
    delete_all(pair)
    runner.run("separator_award", {"url_poster_separator": "https://example.org/sep.jpg"})
    made = section(pair).collection("Award Collections")
    assert any(p.ratingKey == "https://example.org/sep.jpg" and p.selected for p in made.posters())
    report = runner.run("separator_award", {"sep_style": "mauve"})
    text = " ".join([*report.errors, *(r.error or "" for r in report.library("Movies").rows),
                     report.library("Movies").message])
    assert "config.yml:7: default 'separator_award': sep_style 'mauve' is not a separator style" in text, text
    assert report.failed
