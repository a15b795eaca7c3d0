from process_helpers import rows


def test_first_and_second_run(runner):
    runner.write("""
        collections:
          Action Movies:
            plex_search:
              all:
                genre: Action
          Recent:
            plex_search:
              all:
                year.gte: 2015
            sort_title: "!Recent"
    """)
    report = runner.run()
    r = rows(report)
    assert r["Action Movies"].status == "Created", r["Action Movies"]
    assert r["Recent"].status == "Created", r["Recent"]
    plex = runner.plex()
    section = plex.library.section("Movies")
    action = section.collection("Action Movies")
    expected = {m.ratingKey for m in section.search(genre="Action")}
    assert {i.ratingKey for i in action.items()} == expected
    assert "Kometa" in [label.tag for label in action.labels]
    runner.sim.reset_stats()
    report = runner.run()
    r = rows(report)
    assert r["Action Movies"].status == "Unchanged", r["Action Movies"]
    assert runner.writes() == 0, runner.sim.request_log()

