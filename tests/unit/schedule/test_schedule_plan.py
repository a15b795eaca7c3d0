"""The planner: which libraries, files, definitions, overlays and operations a run does."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from kometa.config import load_config
from kometa.core.options import Options
from kometa.schedule.plan import Status, plan_run
from kometa.schedule.plan_model import Plan


def _plan(config_path: Path, at: str, **flags: Any) -> Plan:
    config = load_config(config_path)
    moment = datetime.fromisoformat(at)
    options = Options(config=config_path, **flags)
    return plan_run(config, moment, run_hour=moment.hour, options=options)


def _defs(plan: Plan) -> dict[str, Any]:
    return {d.name: d for _, _, d in plan.definitions()}


def test_thursday_in_november(config_path: Path) -> None:
    plan = _plan(config_path, "2026-11-26T05:00")  # Thursday
    movies = plan.library("Movies")
    assert movies.decision.runs
    files = {f.name: f for f in movies.files}
    assert files["Holiday"].decision.runs
    assert not files["Meta"].decision.runs and files["Meta"].decision.reason == "not scheduled"
    defs = _defs(plan)
    assert defs["Christmas"].decision.status is Status.SKIP
    assert defs["Christmas"].decision.reason == "not scheduled (range)"
    assert defs["Christmas"].delete_not_scheduled is True  # library setting
    assert defs["Halloween"].delete_not_scheduled is False  # definition setting wins
    assert defs["Thanksgiving"].decision.runs
    assert defs["Top Rated"].decision.reason == "no schedule"
    assert defs["Sunday Picks"].decision.status is Status.SKIP
    assert defs["Sunday Picks"].visible == {"visible_home": True, "visible_library": True}
    assert defs["Missing Only"].decision.status is Status.NON_EXISTING
    assert defs["Missing Only"].delete_not_scheduled is False
    assert defs["Marathon"].decision.status is Status.SKIP
    assert defs["Everyday"].decision.runs
    assert movies.overlays is not None and not movies.overlays.runs
    assert [o.decision.runs for o in movies.operations] == [False, True]
    assert movies.operations[0].operations == ("mass_genre_update",)
    tv = plan.library("TV Shows")
    assert not tv.decision.runs
    assert all(f.decision.reason == "library skipped" for f in tv.files)
    assert "Weekend" not in defs
    assert plan.plex["empty_trash"].runs and not plan.plex["optimize"].runs
    assert "clean_bundles" not in plan.plex


def test_christmas_season(config_path: Path) -> None:
    plan = _plan(config_path, "2026-12-01T05:00")  # Tuesday, 1st of the month
    defs = _defs(plan)
    assert defs["Christmas"].decision.runs
    assert plan.library("Movies").operations[0].decision.runs
    assert plan.plex["optimize"].runs


def test_file_schedule_blocks_definitions(config_path: Path) -> None:
    plan = _plan(config_path, "2026-07-04T05:00")  # outside range(11/15-01/05)
    holiday = next(f for f in plan.library("Movies").files if f.name == "Holiday")
    assert holiday.decision.reason == "not scheduled (range)"
    assert holiday.definitions == []  # an unscheduled file is not loaded
    assert "Christmas" not in _defs(plan)


def test_hourly_uses_run_hour(config_path: Path) -> None:
    config = load_config(config_path)
    options = Options(config=config_path)
    saturday_late = datetime(2026, 11, 28, 7, 10)  # the 05:00 run reached TV at 07:10
    plan = plan_run(config, saturday_late, run_hour=5, options=options)
    assert _defs(plan)["Weekend"].decision.runs
    plan = plan_run(config, saturday_late, run_hour=7, options=options)
    assert not _defs(plan)["Weekend"].decision.runs


def test_ignore_schedules(config_path: Path) -> None:
    plan = _plan(config_path, "2026-07-02T05:00", ignore_schedules=True)  # a Thursday in July
    defs = _defs(plan)
    assert plan.library("TV Shows").decision.runs  # library: fully ignored
    holiday = next(f for f in plan.library("Movies").files if f.name == "Holiday")
    assert not holiday.decision.runs  # a file range still blocks
    assert "does not override" in holiday.decision.reason
    assert defs["Sunday Picks"].decision.runs and defs["Sunday Picks"].decision.reason == "not scheduled, runs anyway (--ignore-schedules)"
    assert defs["Missing Only"].decision.status is Status.NON_EXISTING
    assert defs["Marathon"].decision.runs
    assert plan.library("Movies").overlays.runs  # type: ignore[union-attr]
    assert all(o.decision.runs for o in plan.library("Movies").operations)
    assert not plan.plex["optimize"].runs  # plex maintenance unaffected


@pytest.mark.parametrize(("flags", "runs"), [
    ({"collections_only": True}, {"collections"}),
    ({"playlists_only": True}, {"playlists"}),
    ({"operations_only": True}, {"operations"}),
    ({"overlays_only": True}, {"overlays"}),
    ({"metadata_only": True}, {"metadata"}),
    ({"tests": True}, {"collections", "playlists"}),
    ({"run_files": "Movies"}, {"collections"}),
    ({"run_collections": "Top Rated"}, {"collections"}),
])
def test_part_selection(config_path: Path, flags: dict[str, Any], runs: set[str]) -> None:
    plan = _plan(config_path, "2026-12-06T05:00", ignore_schedules=True, **flags)  # Sunday
    movies = plan.library("Movies")
    parts = set()
    if any(f.decision.runs for f in movies.files if f.kind == "collection_files"):
        parts.add("collections")
    if any(f.decision.runs for f in movies.files if f.kind == "metadata_files"):
        parts.add("metadata")
    if any(o.decision.runs for o in movies.operations):
        parts.add("operations")
    if movies.overlays is not None and movies.overlays.runs:
        parts.add("overlays")
    if any(f.decision.runs for f in plan.playlist_files):
        parts.add("playlists")
    assert parts == runs


def test_tests_runs_only_test_definitions(config_path: Path) -> None:
    plan = _plan(config_path, "2026-11-23T05:00", tests=True)  # Monday
    defs = _defs(plan)
    assert defs["Tests"].decision.runs
    assert defs["Top Rated"].decision.reason == "--tests runs only test: true definitions"


def test_run_collections_skips_collection_schedule_not_file_schedule(config_path: Path) -> None:
    plan = _plan(config_path, "2026-11-26T05:00", run_collections="Christmas|Sunday Picks")
    defs = _defs(plan)
    assert defs["Christmas"].decision.runs and defs["Sunday Picks"].decision.runs
    assert defs["Top Rated"].decision.reason == "not in --run-collections"
    plan = _plan(config_path, "2026-07-02T05:00", run_collections="Christmas")
    assert "Christmas" not in _defs(plan)  # its file is not scheduled: simply not found


def test_run_libraries_skips_library_schedule(config_path: Path) -> None:
    plan = _plan(config_path, "2026-11-26T05:00", run_libraries="TV Shows")
    assert plan.library("TV Shows").decision.runs
    assert plan.library("Movies").decision.reason == "not in --run-libraries"


def test_resume(config_path: Path) -> None:
    plan = _plan(config_path, "2026-12-06T05:00", resume="Sunday Picks")
    defs = _defs(plan)
    assert defs["Christmas"].decision.reason == "before --resume Sunday Picks"
    assert defs["Top Rated"].decision.status is Status.SKIP
    assert defs["Sunday Picks"].decision.runs


def test_definitions_callback(config_path: Path) -> None:
    config = load_config(config_path)

    def expanded(document: Any) -> dict[str, Any]:
        return {"From Template": {"schedule": "never"}} if "Movies" in document.source else {}

    plan = plan_run(config, datetime(2026, 11, 26, 5), run_hour=5, options=Options(config=config_path),
                    definitions=expanded)
    assert [d.name for _, _, d in plan.definitions()] == ["From Template"]


def test_monthly_short_month_warning(config_path: Path, tmp_path: Path) -> None:
    text = config_path.read_text().replace("schedule: weekly(saturday)", "schedule: monthly(31)")
    config_path.write_text(text)
    plan = _plan(config_path, "2026-11-30T05:00")
    assert any("monthly(last)" in w for w in plan.warnings)


def test_missing_file_is_reported_not_raised(config_path: Path) -> None:
    (config_path.parent / "Movies.yml").unlink()
    plan = _plan(config_path, "2026-11-26T05:00")
    movies_file = next(f for f in plan.library("Movies").files if f.name == "Movies")
    assert movies_file.decision.status is Status.SKIP and movies_file.error


def test_plan_to_dict_is_json(config_path: Path) -> None:
    import json

    plan = _plan(config_path, "2026-11-26T05:00")
    data = json.loads(json.dumps(plan.to_dict()))
    assert data["libraries"][0]["mapping_name"] == "Movies"
