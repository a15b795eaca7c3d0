"""The people defaults' posters: drawn by us from the person's TMDb profile picture (metasim's image
host) in the ``style`` treatment, uploaded once, a user's own poster winning, a bad style located."""

from __future__ import annotations

import hashlib
from collections import Counter

import pytest
import requests
from defaults_helpers import DefaultsRunner, poster_image, rows, uploads

from metasim.testing import Paired

DATA = "data: {depth: 5, limit: 2, minimum: 2}"


@pytest.fixture
def people(runner: DefaultsRunner, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The two actors the default makes collections for (most credited first); the picture host is metasim's."""
    monkeypatch.setenv("KOMETA_TMDB_IMAGE_URL", f"{runner.pair.meta.url}/tmdb/t/p/original")
    for c in runner.section().collections():
        c.delete()
    counts: Counter[str] = Counter()
    for item in runner.section().all():
        counts.update(dict.fromkeys([t.tag for t in item.roles][:5], 1))
    ranked = sorted((n for n, c in counts.items() if c >= 2), key=lambda n: (-counts[n], n.lower()))
    assert len(ranked) >= 2, "the world should credit two actors twice"
    return ranked[:2]


def _actor(variables: str = "") -> str:
    extra = "".join(f"\n    {line}" for line in variables.splitlines() if line)
    return f"- default: actor\n  template_variables:\n    {DATA}{extra}\n"


def _photo_colour(pair: Paired, name: str) -> tuple[int, int, int]:
    """The colour of metasim's profile picture of ``name`` (a flat colour from its file name)."""
    answer = requests.get(f"{pair.meta.tmdb_url}/search/person", params={"api_key": pair.meta.tmdb_key,
                                                                         "query": name}, timeout=10).json()
    person = next(p for p in answer["results"] if p["name"] == name)
    digest = hashlib.sha1(person["profile_path"].lstrip("/").encode()).digest()
    return digest[0], digest[1], digest[2]


def _near(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 8) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def _grey(rgb: tuple[int, int, int]) -> int:
    return (rgb[0] * 299 + rgb[1] * 587 + rgb[2] * 114) // 1000


def test_people_posters_are_drawn_from_the_picture_once_and_restyled(runner: DefaultsRunner, people: list[str]) -> None:
    pair = runner.pair
    pair.plex.reset_stats()
    report = runner.run(movies=_actor())
    assert not report.errors and not report.not_done, (report.errors, report.not_done)
    r = rows(report)
    assert all(r[p].status == "Created" for p in people), {p: r[p].status for p in people}
    assert uploads(pair) == len(people) + 1  # each person's poster and the separator's, once
    colour = _photo_colour(pair, people[0])
    bw = poster_image(runner, people[0])
    assert bw.size == (1000, 1500)
    sample = bw.getpixel((500, 400))  # the photo (no text there), in greyscale
    assert max(sample) - min(sample) <= 2 and abs(sample[0] - _grey(colour)) <= 8, (sample, colour)

    pair.plex.reset_stats()
    again = rows(runner.run(movies=_actor()))
    assert all(again[p].status == "Unchanged" for p in people) and uploads(pair) == 0

    runner.run(movies=_actor("style: signature"))  # the photo in its own colours: each poster again, once
    assert uploads(pair) == len(people)
    assert _near(poster_image(runner, people[0]).getpixel((500, 400)), colour)
    pair.plex.reset_stats()
    runner.run(movies=_actor("style: diiivoy"))
    framed = poster_image(runner, people[0])
    assert uploads(pair) == len(people) and framed.getpixel((20, 20)) == (12, 12, 12)  # the dark border
    inside = framed.getpixel((500, 400))
    assert max(inside) - min(inside) <= 2  # the photo in its window, greyscale
    pair.plex.reset_stats()
    runner.run(movies=_actor("style: rainier"))
    duotone = poster_image(runner, people[0]).getpixel((500, 400))
    navy, cream, light = (20, 34, 64), (250, 226, 190), _grey(colour) / 255  # navy shadows to cream lights
    wanted = tuple(round(n + (c - n) * light) for n, c in zip(navy, cream, strict=True))
    assert uploads(pair) == len(people) and _near(duotone, wanted) and duotone != sample, (duotone, wanted)


def test_a_person_without_a_picture_gets_a_textposter_image(runner: DefaultsRunner, people: list[str]) -> None:
    answer = requests.get(f"{runner.pair.meta.tmdb_url}/search/person", params={
        "api_key": runner.pair.meta.tmdb_key, "query": people[1]}, timeout=10).json()
    ids = [p["id"] for p in answer["results"] if p["name"] == people[1]]
    world_people = [runner.pair.world.person(i) for i in ids]
    try:
        for person in world_people:
            person.profile = False  # TMDb has no picture of them
        report = runner.run(movies=_actor("style: diiivoycolor"))
        assert not report.errors, report.errors
    finally:
        for person in world_people:
            person.profile = True
    text = poster_image(runner, people[1])
    assert text.getpixel((20, 20)) == (16, 40, 48) and text.getpixel((500, 400)) == (16, 40, 48)  # no photo
    assert poster_image(runner, people[0]).getpixel((20, 20)) == (16, 40, 48)
    assert text.getpixel((500, 400)) != poster_image(runner, people[0]).getpixel((500, 400))


def test_the_users_own_poster_wins(runner: DefaultsRunner, people: list[str]) -> None:
    report = runner.run(movies=_actor(f"url_poster_{people[0]}: https://example.org/mine.jpg"))
    assert not report.errors, report.errors
    mine = runner.section().collection(people[0])
    assert any(p.ratingKey == "https://example.org/mine.jpg" and p.selected for p in mine.posters())
    assert poster_image(runner, people[1]).size == (1000, 1500)  # the other one is ours


def test_tmdb_person_offset_takes_another_search_result(runner: DefaultsRunner, people: list[str]) -> None:
    runner.run(movies=_actor())
    before = poster_image(runner, people[0]).getpixel((500, 400))
    runner.pair.plex.reset_stats()
    report = runner.run(movies=_actor(f"tmdb_person_offset_{people[0]}: 5"))  # past the search's results
    assert not report.errors and not report.not_done, (report.errors, report.not_done)
    assert uploads(runner.pair) == 1  # that person's poster only
    after = poster_image(runner, people[0])
    assert after.getpixel((500, 400)) != before and after.getpixel((20, 20)) == (38, 38, 38)  # bw's text poster


def test_a_bad_style_is_a_located_error(runner: DefaultsRunner, people: list[str]) -> None:
    report = runner.run(movies=_actor("style: sepia"))
    text = " ".join([*report.errors, *(r.error or "" for r in report.library("Movies").rows),
                     report.library("Movies").message])
    line = (runner.folder / "config.yml").read_text().splitlines().index("      - default: actor") + 1
    assert f"config.yml:{line}: default 'actor': style 'sepia' is not one of its poster styles; the styles are " \
           "bw (default), rainier, signature, diiivoy, diiivoycolor" in text, text
    assert report.failed


@pytest.mark.parametrize("default", ["director", "producer", "writer"])
def test_every_people_default_draws_its_posters(runner: DefaultsRunner, people: list[str], default: str) -> None:
    report = runner.run(movies=f"- default: {default}\n  template_variables:\n    {DATA}\n    style: signature\n")
    assert not report.errors and not report.not_done, (report.errors, report.not_done)
    made = [r.name for r in report.library("Movies").rows if r.status == "Created" and "Collections" not in r.name]
    assert made, f"the world should credit some {default} twice"
    poster = poster_image(runner, made[0])
    assert poster.size == (1000, 1500)
    top = poster.getpixel((500, 400))
    assert max(top) - min(top) > 2, top  # the photo in its own colours (signature), not greyscale


def test_tmdb_down_leaves_the_poster_until_a_run_where_it_answers(runner: DefaultsRunner, people: list[str],
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    pair = runner.pair
    pair.plex.reset_stats()
    pair.meta.set_faults(error_rate=1.0)
    try:
        report = runner.run(movies=_actor())
    finally:
        pair.meta.clear_faults()
    assert all(rows(report)[p].status == "Created" for p in people)
    assert uploads(pair) == 1  # the separator's only: no text poster stands in for a picture TMDb may have
    assert "is left as it is this run (TMDb" in caplog.text
    pair.plex.reset_stats()
    runner.run(movies=_actor())  # TMDb answers again: each person's poster, once
    assert uploads(pair) == len(people)
    sample = poster_image(runner, people[0]).getpixel((500, 400))
    assert max(sample) - min(sample) <= 2  # the picture, greyscale (bw)
