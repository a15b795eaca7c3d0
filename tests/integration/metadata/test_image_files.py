"""image_files against plexsim: a set's style posters land on items, seasons, episodes and the
section's collections; a second run uploads nothing; style choice and bad input are located."""

from __future__ import annotations

import textwrap

from process_helpers import rows


def _guid(item, scheme):
    return next(g.id.split("://", 1)[1] for g in item.guids if g.id.startswith(f"{scheme}://"))


def _selected(item, kind="posters"):
    images = item.posters() if kind == "posters" else item.arts()
    return next((i.ratingKey for i in images if i.selected), None)


def _write(runner, image_set: str, styles: dict[str, str], *, variables: str = "", library: str = "Movies",
           collections: str = "collections: {}\n") -> None:
    (runner.folder / "Set.yml").write_text(textwrap.dedent(image_set), encoding="utf-8")
    for path, text in styles.items():
        target = runner.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
    block = f"    image_files:\n      - file: Set.yml\n{variables}"
    if library == "Movies":
        runner.write(collections, library_extra=block)
    else:
        runner.write(collections, extra_libraries=f"  {library}:\n{block}")


def test_movie_posters_applied_then_second_run_uploads_nothing(runner, sim):
    section = runner.plex().library.section("Movies")
    a, b, c = section.all()[:3]
    _write(runner, f"""
        sections:
          saga:
            builders:
              tmdb_collection: 1
            styles:
              neon:
                - file: Styles/neon.yml
            movies:
              "{a.title}": {_guid(a, "tmdb")}
              "{b.title}":
                mapping_id: {_guid(b, "tmdb")}
              "{c.title}": {_guid(c, "tmdb")}
              Not In Plex: 99999999
    """, {"Styles/neon.yml": f"""
        movies:
          "{a.title}": {{url_poster: "https://images.example/a.jpg", url_background: "https://images.example/a-bg.jpg"}}
          "{b.title}": {{tpdb_poster: 293608}}
          Not In Plex: {{url_poster: "https://images.example/none.jpg"}}
    """}, variables="        template_variables:\n          use_all: true\n")
    report = runner.run()
    row = rows(report)["images: Set"]
    assert row.status == "Changed" and row.added == 2 and row.error is None, row
    assert row.note == "1 item of the set not in the library"
    assert _selected(section.fetchItem(a.ratingKey)) == "https://images.example/a.jpg"
    assert _selected(section.fetchItem(a.ratingKey), "arts") == "https://images.example/a-bg.jpg"
    assert _selected(section.fetchItem(b.ratingKey)) == "https://theposterdb.com/api/assets/293608"
    assert not str(_selected(section.fetchItem(c.ratingKey))).startswith("http")  # the style has no image for it
    sim.reset_stats()
    report = runner.run()
    assert rows(report)["images: Set"].status == "Unchanged"
    assert runner.writes() == 0


SHOW_SET = """
    sections:
      drama:
        builders: {{tvdb_show: 1}}
        styles:
          plain:
        shows:
          "{title}": {tvdb}
"""


def test_show_seasons_and_episodes_beside_style_and_update_flags(runner, sim):
    shows = runner.plex().library.section("TV Shows")
    show = shows.all()[0]
    season = show.seasons()[0]
    episode = season.episodes()[0]
    number, ep = season.index, episode.index
    style = {"styles/drama/plain.yml": f"""
        shows:
          "{show.title}":
            url_poster: https://images.example/show.jpg
            seasons:
              {number}:
                url_poster: https://images.example/season.jpg
                episodes:
                  {ep}: {{url_poster: https://images.example/episode.jpg}}
    """}
    _write(runner, SHOW_SET.format(title=show.title, tvdb=_guid(show, "tvdb")), style, library="TV Shows",
           variables="        template_variables:\n          use_drama: true\n          update_seasons: false\n")
    report = runner.run()
    row = rows(report, "TV Shows")["images: Set"]
    assert row.status == "Changed" and row.error is None, row
    assert _selected(shows.fetchItem(show.ratingKey)) == "https://images.example/show.jpg"
    assert _selected(shows.fetchItem(season.ratingKey)) != "https://images.example/season.jpg"  # update_seasons: false
    assert _selected(shows.fetchItem(episode.ratingKey)) == "https://images.example/episode.jpg"
    config = runner.folder / "config.yml"
    config.write_text(config.read_text().replace("update_seasons: false", "update_episodes: true"))
    runner.run()
    assert _selected(shows.fetchItem(season.ratingKey)) == "https://images.example/season.jpg"
    sim.reset_stats()
    runner.run()
    assert runner.writes() == 0


def test_section_collections_take_the_style_poster(runner, sim):
    section = runner.plex().library.section("Movies")
    a = section.all()[0]
    genre = a.genres[0].tag
    collections = f"""
        collections:
          Saga Films:
            plex_search:
              all:
                genre: {genre}
            url_poster: https://images.example/own.jpg
    """
    _write(runner, f"""
        sections:
          saga:
            builders: {{tmdb_collection: 1}}
            styles:
              neon: {{file: neon.yml}}
            collections:
              Saga Collection:
                - Saga Films
            movies:
              "{a.title}": {_guid(a, "tmdb")}
    """, {"neon.yml": f"""
        collections:
          Saga Collection: {{url_poster: https://images.example/saga.jpg}}
        movies:
          "{a.title}": {{url_poster: https://images.example/a.jpg}}
    """}, variables="        template_variables:\n          include: [saga]\n", collections=collections)
    report = runner.run()
    assert rows(report)["Saga Films"].error is None
    made = next(c for c in section.collections() if c.title == "Saga Films")
    assert _selected(made) == "https://images.example/saga.jpg"
    sim.reset_stats()
    runner.run()
    assert runner.writes() == 0


STYLED = """
    sections:
      saga:
        builders: {{tmdb_collection: 1}}
        styles:
          first: {{file: first.yml}}
          second: {{file: second.yml}}
          third: {{file: third.yml}}
        movies:
          "{title}": {tmdb}
"""


def _style_files(title):
    return {f"{name}.yml": f'movies:\n  "{title}": {{url_poster: "https://images.example/{name}.jpg"}}\n'
            for name in ("first", "second", "third")}


def test_style_choice_rules(runner, sim):
    section = runner.plex().library.section("Movies")
    a = section.all()[0]
    text = STYLED.format(title=a.title, tmdb=_guid(a, "tmdb"))

    def chosen(variables: str) -> str:
        _write(runner, text, _style_files(a.title), variables="        template_variables:\n" + variables)
        report = runner.run()
        assert rows(report)["images: Set"].error is None, rows(report)["images: Set"]
        return str(_selected(section.fetchItem(a.ratingKey))).rsplit("/", 1)[-1]

    assert chosen("          use_saga: true\n") == "first.jpg"  # the first style is the default
    assert chosen("          use_all: true\n          style_priority: [missing, third, second]\n") == "third.jpg"
    assert chosen("          use_saga: true\n          style_saga: second\n          style_priority: third\n") \
        == "second.jpg"  # style_<section> beats style_priority
    assert chosen("          use_saga: true\n          style_saga: nope\n          style_priority: third\n") \
        == "third.jpg"  # an unknown style: the priority one (with a warning)
    _write(runner, text, _style_files(a.title), variables="        template_variables:\n          use_all: true\n"
           "          exclude: saga\n")
    row = rows(runner.run())["images: Set"]
    assert row.status == "Failed" and "no section of this image file is chosen" in (row.error or "")


def test_bad_input_is_located(runner, sim):
    section = runner.plex().library.section("Movies")
    a = section.all()[0]
    _write(runner, """
        sections:
          saga:
            builders: {tmdb_collection: 1}
            styles:
              first: {file: first.yml}
    """, {}, variables="        template_variables:\n          use_all: true\n")
    row = rows(runner.run())["images: Set"]
    assert row.status == "Failed" and row.error == f"{runner.folder / 'Set.yml'}:3: section saga has no movies: " \
        "(the items of a movie library)", row
    _write(runner, STYLED.format(title=a.title, tmdb=_guid(a, "tmdb")), {},
           variables="        template_variables:\n          use_all: true\n          include: [saga]\n")
    row = rows(runner.run())["images: Set"]
    assert row.error == f"{runner.folder / 'config.yml'}:9: template variable include works only when use_all " \
        "is false (use exclude to leave sections out)", row
    _write(runner, STYLED.format(title=a.title, tmdb=_guid(a, "tmdb")), {"first.yml": "shows: {x: {}}\n"},
           variables="        template_variables:\n          use_all: true\n")
    row = rows(runner.run())["images: Set"]
    assert row.error == f"{runner.folder / 'first.yml'}:1: style file {runner.folder / 'first.yml'} has no " \
        "movies: (the images of a movie library's items)", row


def test_default_image_set_is_a_located_error(runner, sim):
    runner.write("collections: {}\n", library_extra="    image_files:\n      - default: bluesky\n")
    row = rows(runner.run())["images: bluesky"]
    assert row.status == "Failed"
    assert row.error.startswith(f"{runner.folder / 'config.yml'}:9: image_files: default: bluesky: no default "
                                "image sets are shipped"), row


def test_a_folder_of_image_sets_gives_a_row_each(runner, sim):
    section = runner.plex().library.section("Movies")
    a, b = section.all()[:2]
    sets = runner.folder / "sets"
    sets.mkdir()
    for name, item in (("one", a), ("two", b)):
        (sets / f"{name}.yml").write_text(
            f'sections:\n  s:\n    builders: {{x: 1}}\n    styles:\n      plain: {{file: {name}-style.yml}}\n'
            f'    movies:\n      "{item.title}": {_guid(item, "tmdb")}\n', encoding="utf-8")
        (sets / f"{name}-style.yml").write_text(
            f'movies:\n  "{item.title}": {{url_poster: "https://images.example/{name}.jpg"}}\n', encoding="utf-8")
    runner.write("collections: {}\n", library_extra="    image_files:\n      - folder: sets\n"
                                                    "        template_variables: {use_all: true}\n")
    found = rows(runner.run())
    assert found["images: one"].added == 1 and found["images: two"].added == 1
    assert found["images: one-style"].error == f"{sets / 'one-style.yml'}:1: an image file needs sections: (it " \
        "looks like a style file: name it in a section's styles:)"  # a folder's every file is read as a set
    assert _selected(section.fetchItem(b.ratingKey)) == "https://images.example/two.jpg"


def test_run_files_selects_item_images_but_collections_keep_their_style(runner, sim):
    section = runner.plex().library.section("Movies")
    a = section.all()[0]
    collections = f"collections:\n  Saga Films:\n    plex_search:\n      all:\n        genre: {a.genres[0].tag}\n" \
                  f"    url_poster: https://images.example/own.jpg\n"
    _write(runner, f"""
        sections:
          saga:
            builders: {{tmdb_collection: 1}}
            styles:
              neon: {{file: neon.yml}}
            collections:
              Saga Films:
            movies:
              "{a.title}": {_guid(a, "tmdb")}
    """, {"neon.yml": f"""
        collections:
          Saga Films: {{url_poster: https://images.example/saga.jpg}}
        movies:
          "{a.title}": {{url_poster: https://images.example/a.jpg}}
    """}, variables="        template_variables:\n          use_all: true\n", collections=collections)
    found = rows(runner.run(run_files="Movies"))
    assert "images: Set" not in found  # not one of the files asked for: its item images wait
    assert not str(_selected(section.fetchItem(a.ratingKey))).startswith("https://images.example")
    made = next(c for c in section.collections() if c.title == "Saga Films")
    assert _selected(made) == "https://images.example/saga.jpg"  # the style still wins over url_poster


def test_an_item_mapping_narrows_by_year_and_edition(runner, sim, caplog):
    section = runner.plex().library.section("Movies")
    a, b = section.all()[:2]
    _write(runner, f"""
        sections:
          saga:
            builders: {{tmdb_collection: 1}}
            styles:
              neon: {{file: neon.yml}}
            movies:
              "{a.title}": {{mapping_id: {_guid(a, "tmdb")}, year: {a.year}, blank_edition: true}}
              "{b.title}": {{mapping_id: {_guid(b, "tmdb")}, year: {(b.year or 2000) + 1}, title: Renamed}}
    """, {"neon.yml": f"""
        movies:
          "{a.title}": {{url_poster: https://images.example/a.jpg}}
          "{b.title}": {{url_poster: https://images.example/b.jpg}}
    """}, variables="        template_variables:\n          use_all: true\n")
    row = rows(runner.run())["images: Set"]
    assert row.added == 1 and row.note == "1 item of the set not in the library", row
    assert _selected(section.fetchItem(a.ratingKey)) == "https://images.example/a.jpg"
    assert _selected(section.fetchItem(b.ratingKey)) != "https://images.example/b.jpg"  # a year off: not it
    assert f"{runner.folder / 'Set.yml'}:9: section saga: {b.title}: title is not read in an image file" in caplog.text


def test_a_style_without_images_for_any_item_is_an_error(runner, sim):
    section = runner.plex().library.section("Movies")
    a = section.all()[0]
    _write(runner, STYLED.format(title=a.title, tmdb=_guid(a, "tmdb")),
           {"first.yml": 'movies:\n  "Someone Else": {url_poster: "https://images.example/x.jpg"}\n'},
           variables="        template_variables:\n          use_all: true\n")
    row = rows(runner.run())["images: Set"]
    assert row.status == "Failed" and row.error == f"{runner.folder / 'config.yml'}:9: no item of the chosen " \
        "sections has images in its style (Kometa: no metadata items added)", row


def test_dry_run_says_what_it_would_upload_and_writes_nothing(runner, sim):
    section = runner.plex().library.section("Movies")
    a = section.all()[0]
    _write(runner, STYLED.format(title=a.title, tmdb=_guid(a, "tmdb")), _style_files(a.title),
           variables="        template_variables:\n          use_all: true\n")
    sim.reset_stats()
    report = runner.run(dry_run=True)
    assert rows(report)["images: Set"].status == "Changed"
    assert runner.writes() == 0
    assert any("upload poster https://images.example/first.jpg" in line for line in runner.printed), runner.printed
    assert rows(runner.run())["images: Set"].added == 1  # the dry run remembered nothing


def test_library_template_variables_do_not_reach_image_files(runner, sim):
    section = runner.plex().library.section("Movies")
    a = section.all()[0]
    _write(runner, STYLED.format(title=a.title, tmdb=_guid(a, "tmdb")), _style_files(a.title))
    config = runner.folder / "config.yml"
    config.write_text(config.read_text().replace("    image_files:", "    template_variables:\n      use_all: true\n"
                                                 "    image_files:"))
    row = rows(runner.run())["images: Set"]
    assert row.status == "Failed" and "no section of this image file is chosen" in (row.error or ""), row


def test_file_posters_beside_a_local_style_file(runner, sim):
    section = runner.plex().library.section("Movies")
    a = section.all()[0]
    (runner.folder / "art").mkdir()
    (runner.folder / "art" / "a.jpg").write_bytes(b"\xff\xd8a-poster")
    style = f'movies:\n  "{a.title}": {{file_poster: art/a.jpg}}\n'
    _write(runner, STYLED.format(title=a.title, tmdb=_guid(a, "tmdb")), {"first.yml": style},
           variables="        template_variables:\n          use_all: true\n")
    row = rows(runner.run())["images: Set"]
    assert row.added == 1 and row.error is None, row
    assert str(_selected(section.fetchItem(a.ratingKey))).startswith("upload://")
    (runner.folder / "first.yml").write_text(style.replace("a.jpg", "missing.jpg"), encoding="utf-8")
    row = rows(runner.run())["images: Set"]
    assert row.error == f"{runner.folder / 'first.yml'}:2: style file {runner.folder / 'first.yml'}: {a.title}: " \
        f"file_poster {runner.folder / 'art' / 'missing.jpg'} not found (a path is read beside the style file)", row


def test_an_overlaid_item_takes_its_new_style_poster_as_the_original_in_the_same_run(runner, sim):
    section = runner.plex().library.section("Movies")
    a = section.all()[0]
    (runner.folder / "Overlays.yml").write_text(textwrap.dedent(f"""
        overlays:
          Badge:
            overlay:
              name: text(NEW)
              horizontal_offset: 20
              vertical_offset: 20
              back_color: "#CC0000"
              back_padding: 10
            plex_search:
              all:
                title: "{a.title}"
    """), encoding="utf-8")
    runner.write("collections: {}\n", library_extra="    overlay_files:\n      - file: Overlays.yml\n")
    runner.run()
    first = _selected(section.fetchItem(a.ratingKey))
    assert str(first).startswith("upload://")  # overlaid
    _write(runner, STYLED.format(title=a.title, tmdb=_guid(a, "tmdb")), _style_files(a.title),
           variables="        template_variables:\n          use_all: true\n"
                     "    overlay_files:\n      - file: Overlays.yml\n")
    assert rows(runner.run())["images: Set"].added == 1
    now = _selected(section.fetchItem(a.ratingKey))
    assert str(now).startswith("upload://") and now != first  # the new poster, overlaid in this run
    sim.reset_stats()
    runner.run()
    assert runner.writes() == 0
