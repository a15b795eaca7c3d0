"""default: franchise (TMDb collections of the library's movies); streaming is in test_streaming.py."""

from __future__ import annotations

from pathlib import Path

from defaults_helpers import DefaultsRunner, rows


def _plain(runner: DefaultsRunner, tmp_path: Path, library: str, builders: dict[str, str]) -> dict[str, set[str]]:
    body = "".join(f"  Plain {name}:\n    {builder}\n    sync_mode: sync\n" for name, builder in builders.items())
    (tmp_path / "plain.yml").write_text(f"collections:\n{body}", encoding="utf-8")
    runner.run(**({"movies": "- file: plain.yml\n"} if library == "Movies" else {"shows": "- file: plain.yml\n"}))
    made = runner.collections(library)
    return {name: runner.member_keys(f"Plain {name}", library) if f"Plain {name}" in made else set()
            for name in builders}


def test_franchise_collections_of_the_library(runner: DefaultsRunner, tmp_path: Path) -> None:
    world = runner.pair.world
    groups = {cid: g for cid, g in world.collections.items() if sum(t.in_library for t in g.members) >= 1}
    report = runner.run(movies="- default: franchise\n")
    made = rows(report)
    plain = _plain(runner, tmp_path, "Movies", {str(cid): f"tmdb_collection_details: {cid}" for cid in groups})
    created = 0
    for cid, group in groups.items():
        name = group.name.removesuffix(" Collection")
        members = plain[str(cid)]
        if len(members) >= 2:
            assert made[name].status == "Created", (name, made[name])
            assert runner.member_keys(name) == members
            collection = runner.collections()[name]
            assert collection.titleSort == name and collection.collectionSort == 0  # release order, inline
            created += 1
        elif name in made:
            assert made[name].status != "Created"  # minimum_items 2
    assert created, "the world has franchises with two movies in the library"
    runner.pair.meta.reset_stats()
    runner.run(movies="- default: franchise\n")
    asked = runner.pair.meta.stats()["by_endpoint"]
    assert not [e for e in asked if "/movie/{movie_id}" in e], asked  # each movie's collection is cached


def test_franchise_variables_and_show_libraries(runner: DefaultsRunner) -> None:
    world = runner.pair.world
    group = next(g for g in world.collections.values() if sum(t.in_library for t in g.members) >= 2)
    name = group.name.removesuffix(" Collection")
    report = runner.run(movies=f"- default: franchise\n  template_variables:\n    collection_order: alpha\n"
                               f"    name_{group.id}: My Saga\n    exclude: []\n")
    assert rows(report)["My Saga"].status in ("Created", "Updated", "Unchanged"), rows(report)
    assert runner.collections()["My Saga"].collectionSort == 1 and name not in rows(report)
    shows = runner.run(shows="- default: franchise\n")  # show libraries take our show file (test_franchise_shows)
    assert not [row.error for row in rows(shows, "TV Shows").values() if row.error]

