"""mass_content_rating_update: plex_csm / plex_csm0 (Common Sense ages on Plex's item pages)."""

from __future__ import annotations

from process_helpers import TOKEN, rows


def _ops(runner, ops: str) -> None:
    runner.write("collections: {}\n", library_extra=f"    operations:\n{ops}")


def _official(sim) -> dict[int, int | None]:
    """Rating key -> the official Common Sense age plexsim's agent data holds (None: no data)."""
    out: dict[int, int | None] = {}
    for rk, item in sim.store.items.items():
        if item.type == "movie":
            csm = item.extra.get("common_sense")
            out[rk] = int(csm["ratings"][0]["age"]) if csm else None
    return out


def _metadata_gets(sim) -> list[dict]:
    return [r for r in sim.request_log() if r["method"] == "GET" and "/library/metadata/" in r["path"]]


def test_plex_reads_common_sense_ages_as_plexapi_does(runner, sim):
    ages = _official(sim)
    rk = next(k for k, v in ages.items() if v is not None)
    movie = runner.plex().fetchItem(rk)
    official = [r for r in movie.commonSenseMedia.ageRatings if r.type == "official"]
    assert [int(r.age) for r in official] == [ages[rk]]
    assert {r.type for r in movie.commonSenseMedia.ageRatings} == {"official", "adult", "child"}
    listed = runner.plex().library.section("Movies").all()
    assert all("CommonSenseMedia" not in [c.tag for c in m._data] for m in listed)  # listings leave it out
    bare = next(k for k, v in ages.items() if v is None)
    assert runner.plex().fetchItem(bare).commonSenseMedia is None


def test_plex_csm0_with_fallback_batched_reads_and_second_run_reads_nothing(runner, sim):
    ages = _official(sim)
    assert 0 < sum(v is None for v in ages.values()) < len(ages)
    _ops(runner, "      mass_content_rating_update: [plex_csm0, NR]\n")
    before = {m.ratingKey: m.contentRating for m in runner.plex().library.section("Movies").all()}
    sim.reset_stats()
    report = runner.run()
    reads = _metadata_gets(sim)
    row = rows(report)["mass_content_rating_update"]
    assert row.status == "Changed" and row.error is None
    after = {m.ratingKey: m for m in runner.plex().library.section("Movies").all()}
    for rk, age in ages.items():
        wanted = f"{age:02d}" if age is not None else "NR"
        assert after[rk].contentRating == wanted, rk
        assert ("contentRating" in [f.name for f in after[rk].fields if f.locked]) == (before[rk] != wanted)
    assert len(reads) == -(-len(ages) // 100)  # item pages read 100 per request, not one by one
    sim.reset_stats()
    report = runner.run()
    assert rows(report)["mass_content_rating_update"].status == "Unchanged"
    assert runner.writes() == 0
    assert _metadata_gets(sim) == []  # ages cached by guid: no page read again


def test_plex_csm_unpadded_and_user_lock_left_alone(runner, sim):
    import requests

    ages = _official(sim)
    young = [rk for rk, age in ages.items() if age is not None and age < 10]
    assert len(young) >= 2
    mine, theirs = young[0], young[1]
    response = requests.put(f"{sim.url}/library/sections/1/all?type=1&id={theirs}&contentRating.value=G"
                            f"&contentRating.locked=1", headers={"X-Plex-Token": TOKEN}, timeout=10)
    assert response.status_code == 200
    _ops(runner, "      mass_content_rating_update: plex_csm\n")
    report = runner.run()
    row = rows(report)["mass_content_rating_update"]
    assert "locked" in (row.note or "")
    after = {m.ratingKey: m for m in runner.plex().library.section("Movies").all()}
    assert after[mine].contentRating == str(ages[mine])  # not padded
    assert after[theirs].contentRating == "G"
    no_data = [rk for rk, age in ages.items() if age is None]
    assert row.unchanged >= len(no_data)  # no value and no other source: left as they are


def test_plex_csm_dry_run_lists_and_writes_nothing(runner, sim):
    _ops(runner, "      mass_content_rating_update: plex_csm\n")
    sim.reset_stats()
    runner.run(dry_run=True)
    assert runner.writes() == 0
    assert any("mass_content_rating_update" in line and "content rating" in line for line in runner.printed)


def test_plex_csm_in_a_show_library(runner, sim):
    ages = {rk: int(i.extra["common_sense"]["ratings"][0]["age"]) if i.extra.get("common_sense") else None
            for rk, i in sim.store.items.items() if i.type == "show"}
    runner.write("collections: {}\n", extra_libraries="  TV Shows:\n    operations:\n"
                                                      "      mass_content_rating_update: [plex_csm0, TV-NR]\n")
    report = runner.run()
    assert rows(report, "TV Shows")["mass_content_rating_update"].error is None
    shows = {s.ratingKey: s for s in runner.plex().library.section("TV Shows").all()}
    assert {rk: shows[rk].contentRating for rk in ages} == {
        rk: f"{age:02d}" if age is not None else "TV-NR" for rk, age in ages.items()}
