"""f1_season's pure rules: race titles, session names from file paths, session days, option checks."""

from __future__ import annotations

from datetime import date

import pytest

from kometa.clients.ergast import RaceInfo, races_of
from kometa.clients.policy import ServiceError
from kometa.metadata.f1 import F1Options, options, race_title, session, session_name

RACE = RaceInfo(2021, 3, "Belgian Grand Prix", date(2021, 8, 29))


@pytest.mark.parametrize(("opts", "title"), [
    (F1Options(2021), "Belgian Grand Prix"),
    (F1Options(2021, shorten_gp=True), "Belgian GP"),
    (F1Options(2021, round_prefix=True), "03 - Belgian Grand Prix"),
    (F1Options(2021, round_prefix=True, shorten_gp=True, language="nl"), "03 - GP België"),
    (F1Options(2021, language="nl"), "België Grand Prix"),
])
def test_race_titles(opts, title):
    assert race_title(RACE, opts) == title


@pytest.mark.parametrize(("path", "name"), [
    ("/f/Season 2021/03 - Belgian GP/03x01 - Belgian GP - Free Practice 1.mkv", "Free Practice 1"),
    ("/f/03x02 - FP2.mkv", "Free Practice 2"),
    ("/f/03x03 - Vrije Training 3.mkv", "Free Practice 3"),
    ("/f/03x04 - Pre-Qualifying Buildup.mkv", "Pre-Qualifying Build-up"),
    ("/f/03x05 - Qualifying Session.mkv", "Qualifying"),
    ("/f/03x06 - Post-Qualifying Analysis.mkv", "Post-Qualifying Analysis"),
    ("/f/03x07 - Ted's Qualifying Notebook.mkv", "Ted's Qualifying Notebook"),
    ("/f/03x08 - Sprint Shootout Session.mkv", "Sprint Shootout Session"),
    ("/f/03x09 - Pre-Sprint Shootout Buildup.mkv", "Pre-Sprint Shootout Build-up"),
    ("/f/03x10 - Post-Sprint Race Analysis.mkv", "Post-Sprint Race Analysis"),
    ("/f/03x11 - Sprint Race Session.mkv", "Sprint Race Session"),
    ("/f/03x12 - Pre-Race Buildup.mkv", "Pre-Race Buildup"),
    ("/f/03x13 - Race Session.mkv", "Race"),
    ("/f/03x14 - Nabeschouwing.mkv", "Post-Race Analysis"),
    ("/f/03x15 - Live from the Grid.mkv", "Live from the Grid"),
    ("/f/03x16 - Highlights.mkv", "Highlights"),
    ("/f/03x17 - Ted's Race Notebook.mkv", "Ted's Race Notebook"),
    ("/f/03x18 - F1 Show.mkv", "F1 Show"),
    ("/f/03x19 - Drivers Press Conference.mkv", "Drivers' Press Conference"),
    ("/f/03x20 - Season Preview.mkv", "Season Preview"),
    ("/f/03x21 - Formula 1 Cafe.mkv", "Formula 1 Cafe"),
])
def test_session_names_from_paths(path, name):
    assert session_name(path) == name


def test_session_days_and_4k_and_dutch():
    opts = F1Options(2021)
    assert session(RACE, "/f/x - Free Practice 2.mkv", False, opts) == ("Free Practice 2", date(2021, 8, 27))
    assert session(RACE, "/f/x - Free Practice 2.mkv", True, opts) == ("Free Practice 2", date(2021, 8, 28))
    assert session(RACE, "/f/x - Qualifying.mkv", False, opts)[1] == date(2021, 8, 28)
    assert session(RACE, "/f/x - Qualifying.mkv", True, opts)[1] == date(2021, 8, 27)
    assert session(RACE, "/f/x - Race Session 2160p.mkv", False, opts) == ("Race (4K)", date(2021, 8, 29))
    assert session(RACE, "/f/x - Qualifying.mkv", False, F1Options(2021, language="nl"))[0] == "Kwalificatie"
    assert session(RaceInfo(2021, 3, "X Grand Prix", None), "/f/race.mkv", False, opts) == ("Race", None)


def test_option_mistakes():
    assert options({"f1_season": 2021}, 2026)[0] == F1Options(2021)
    assert options({"f1_season": "2021", "round_prefix": True}, 2026)[0] == F1Options(2021, round_prefix=True)
    for bad in (1949, 2027, "soon", None, True):
        opts, errors, _ = options({"f1_season": bad}, 2026)
        assert opts is None and errors[0][0] == "f1_season"
    opts, errors, warnings = options({"f1_season": 2021, "shorten_gp": "yes", "round_prefix": False,
                                      "f1_language": "de"}, 2026)
    assert opts == F1Options(2021)
    assert [key for key, _ in errors] == ["shorten_gp", "f1_language"]
    assert warnings and warnings[0].startswith("round_prefix")


def test_ergast_answers():
    answer = {"MRData": {"RaceTable": {"season": "2021", "Races": [
        {"season": "2021", "round": "1", "raceName": "Bahrain Grand Prix", "date": "2021-03-28"},
        {"season": "2021", "round": "2", "raceName": "Imola", "date": "soon"}, {"round": "x"}]}}}
    assert races_of(answer) == [RaceInfo(2021, 1, "Bahrain Grand Prix", date(2021, 3, 28)),
                                RaceInfo(2021, 2, "Imola", None)]
    with pytest.raises(ServiceError):
        races_of({"detail": "Not found."})
