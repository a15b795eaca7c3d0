"""The chart defaults' posters: the collection's name on the default's own colour (style color) or
white on charcoal (style white), drawn by us, uploaded once; a user's poster wins; a bad style is located."""

from __future__ import annotations

from defaults_helpers import DefaultsRunner, poster_image, rows, uploads

TMDB_TEAL = (1, 180, 228)  # tmdb's poster_colour
CHARCOAL = (28, 28, 32)


def _near(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 12) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def _tmdb(variables: str = "") -> str:
    extra = "".join(f"\n    {line}" for line in variables.splitlines() if line)
    return "- default: tmdb\n" + (f"  template_variables:{extra}\n" if extra else "")


def test_chart_posters_are_drawn_once_in_the_defaults_colour_and_white(runner: DefaultsRunner) -> None:
    for c in runner.section().collections():
        c.delete()
    pair = runner.pair
    pair.plex.reset_stats()
    report = runner.run(movies=_tmdb())
    assert not report.errors and not report.not_done, (report.errors, report.not_done)
    made = [r.name for r in report.library("Movies").rows if r.status == "Created"]
    assert "TMDb Popular" in made
    assert uploads(pair) == len(made)
    poster = poster_image(runner, "TMDb Popular")
    assert poster.size == (1000, 1500) and _near(poster.getpixel((500, 750 - 300)), TMDB_TEAL)
    assert poster.getpixel((43, 750)) == (255, 255, 255)  # the frame, white on the teal

    pair.plex.reset_stats()
    again = rows(runner.run(movies=_tmdb()))
    assert again["TMDb Popular"].status == "Unchanged" and uploads(pair) == 0

    runner.run(movies=_tmdb("style: white"))
    assert uploads(pair) == len(made)
    assert _near(poster_image(runner, "TMDb Popular").getpixel((500, 450)), CHARCOAL, 6)


def test_the_users_poster_wins_and_a_bad_style_is_located(runner: DefaultsRunner) -> None:
    report = runner.run(movies=_tmdb("url_poster_popular: https://example.org/mine.jpg\nname_top: Best of TMDb"))
    assert not report.errors, report.errors
    mine = runner.section().collection("TMDb Popular")
    assert any(p.ratingKey == "https://example.org/mine.jpg" and p.selected for p in mine.posters())
    assert poster_image(runner, "Best of TMDb").size == (1000, 1500)  # the renamed one: ours, with its new name
    report = runner.run(movies=_tmdb("style: bw"))
    line = (runner.folder / "config.yml").read_text().splitlines().index("      - default: tmdb") + 1
    text = " ".join([*report.errors, *(r.error or "" for r in report.library("Movies").rows),
                     report.library("Movies").message])
    assert f"config.yml:{line}: default 'tmdb': style 'bw' is not one of its poster styles; the styles are " \
           "color (default), white" in text, text


def test_basic_draws_its_posters_too(runner: DefaultsRunner) -> None:
    report = runner.run(movies="- default: basic\n  template_variables:\n    style: white\n")
    assert not report.errors and not report.not_done, (report.errors, report.not_done)
    assert rows(report)["Newly Released"].status in ("Created", "Updated")
    assert _near(poster_image(runner, "Newly Released").getpixel((500, 450)), CHARCOAL, 6)
    runner.pair.plex.reset_stats()
    runner.run(movies="- default: basic\n")  # style color: basic's own steel blue, uploaded once
    assert uploads(runner.pair) == 1
    assert _near(poster_image(runner, "Newly Released").getpixel((500, 450)), (74, 111, 165))


def test_basic_in_a_show_library_draws_its_posters(runner: DefaultsRunner) -> None:
    report = runner.run(shows="- default: basic\n  template_variables:\n    style: white\n")
    assert not report.errors and not report.not_done, (report.errors, report.not_done)
    made = [r.name for r in report.library("TV Shows").rows if r.status in ("Created", "Updated", "Unchanged")]
    assert made, [(r.name, r.status, r.error) for r in report.library("TV Shows").rows]
    for name in made:
        assert _near(poster_image(runner, name, "TV Shows").getpixel((500, 450)), CHARCOAL, 6)
