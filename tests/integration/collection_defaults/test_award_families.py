"""Every award default on one world: its main collection holds the event's winners (in the
categories or awards the default names) over every edition, and one collection per recent year."""

from __future__ import annotations

import pytest
from more_defaults_helpers import delete_all, held, load_errors, members, rows, winners

# default: (event, main collection, its categories or awards (lower case), short name, first year)
FAMILIES = {
    "bafta": ("ev0000123", "BAFTA Best Films", {"categories": {"best film"}}, "BAFTA", 1949),
    "berlinale": ("ev0000091", "Berlinale Golden Bears", {"awards": {"golden berlin bear"}}, "Berlinale", 1951),
    "cannes": ("ev0000147", "Cannes Golden Palm Winners", {"awards": {"palme d'or"}}, "Cannes", 1946),
    "cesar": ("ev0000157", "César Best Film Winners", {"categories": {"best film (meilleur film)"}}, "César", 1976),
    "choice": ("ev0000133", "Critics Choice Best Picture Winners", {"categories": {"best picture"}},
               "Critics Choice", 1996),
    "golden": ("ev0000292", "Golden Globes Best Picture Winners", {"categories": {
        "best motion picture - drama", "best motion picture - musical or comedy", "best motion picture - animated",
        "best motion picture - non-english language"}}, "Golden Globes", 1944),
    "nfr": ("ev0000468", "National Film Registry All Time", {}, "National Film Registry", 1989),
    "pca": ("ev0000530", "People's Choice Award Winners", {"categories": {"the movie of the year",
                                                                          "the comedy movie of the year"}},
            "People's Choice", 1975),
    "razzie": ("ev0000558", "Razzies Golden Raspberry Winners", {"categories": {"worst picture"}}, "Razzie", 1981),
    "sag": ("ev0000598", "Screen Actors Guild Award Winners", {"categories": {
        "outstanding performance by a cast in a motion picture"}}, "Screen Actors Guild", 1995),
    "spirit": ("ev0000349", "Independent Spirit Best Feature Winners", {"categories": {"best feature"}},
               "Independent Spirit", 1986),
    "sundance": ("ev0000631", "Sundance Grand Jury Winners", {"awards": {"grand jury prize"}},
                 "Sundance Film Festival", 1985),
    "tiff": ("ev0000659", "Toronto People's Choice Award Winners", {"awards": {"people's choice award"},
                                                                    "categories": {"best film"}},
             "Toronto International Film Festival", 1978),
    "venice": ("ev0000681", "Venice Golden Lions", {"awards": {"golden lion"}, "categories": {"best film"}},
               "Venice", 1932),
}


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_award_default(runner, pair, name):
    event, main, filters, short, first = FAMILIES[name]
    delete_all(pair)
    r = rows(runner.run(name))
    assert r[main].error in (None, ""), r[main]
    want = held(pair, winners(pair, event, range(first, 2026), **filters))
    assert want, "the world should give this event some winners the library holds"
    assert members(pair, main) == want
    assert [n for n in r if n.startswith(f"{short} 20")] == [f"{short} {y}" for y in range(2025, 2019, -1)]
    for year in (2025, 2021):
        expected = held(pair, winners(pair, event, [year]))
        if expected:
            assert members(pair, f"{short} {year}") == expected


def test_emmys_in_a_show_library(runner, pair):
    delete_all(pair, "TV Shows")
    r = rows(runner.run("emmy", library="TV Shows"), "TV Shows")
    best = {"outstanding drama series", "outstanding comedy series", "outstanding limited or anthology series",
            "outstanding animated program"}
    want = held(pair, winners(pair, "ev0000223", range(1949, 2026), categories=best), "tv")
    assert want and r["Emmys Best in Category Winners"].error in (None, "")
    assert members(pair, "Emmys Best in Category Winners", "TV Shows") == want
    assert "Emmys 2025" in r


def test_award_default_in_the_wrong_library_type(runner):
    report = runner.run("oscars", library="TV Shows")
    found = load_errors(report, "TV Shows")
    assert any("oscars" in e and "movie" in e for e in found), found
