"""default: franchise in a show library: one collection per franchise (a main TMDb show and the
shows merged into it), sorted with the shows."""

from __future__ import annotations

from defaults_helpers import DefaultsRunner, rows


def test_franchise_shows(runner: DefaultsRunner) -> None:
    shows = [t for t in runner.pair.world.library if t.kind != "movie"]
    main, merged, alone = shows[0], shows[1], shows[2]
    report = runner.run(shows="- default: franchise\n  template_variables:\n"
                              f"    append_data: {{{main.tmdb_id}: Saga One, {alone.tmdb_id}: Lonely}}\n"
                              f"    append_addons: {{{main.tmdb_id}: [{merged.tmdb_id}]}}\n"
                              )
    made = rows(report, "TV Shows")
    assert made["Saga One"].status == "Created", made["Saga One"]
    assert runner.members("Saga One", "TV Shows") == {main.title, merged.title}
    saga = runner.collections("TV Shows")["Saga One"]
    assert saga.titleSort == "Saga One" and saga.summary == "The Saga One franchise."
    assert "Lonely" not in runner.collections("TV Shows")  # one show: below minimum_items 2
    assert "Breaking Bad" in made and "Breaking Bad" not in runner.collections("TV Shows")  # not in the seeded library


def test_franchise_show_variables(runner: DefaultsRunner) -> None:
    shows = [t for t in runner.pair.world.library if t.kind != "movie"]
    report = runner.run(shows="- default: franchise\n  template_variables:\n"
                              f"    data: {{{shows[3].tmdb_id}: Only One}}\n    minimum_items: 1\n"
                              "    name_format: '<<key_name>> Franchise'\n")
    made = rows(report, "TV Shows")
    assert "Only One Franchise" in made and "Breaking Bad Franchise" not in made  # data: replaces ours, as Kometa
    assert runner.members("Only One Franchise", "TV Shows") == {shows[3].title}
