"""kometa schedule check / explain / calendar, through the real command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from kometa.cli import main
from kometa.schedule.check_cmd import batch_lines


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for key in list(os.environ):
        if key.startswith(("KOMETA_", "PMM_")) or key == "TZ":
            monkeypatch.delenv(key, raising=False)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["schedule", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("expr", "at", "code"), [
    ("weekly(sunday)", "2026-11-29T05:00", 0),
    ("weekly(sunday)", "2026-11-26T05:00", 1),
    ("hourly(17)", "2026-11-26T17:30", 0),
    ("hourly(17)", "2026-11-26T05:00", 1),
    ('["monthly(1)", "monthly(15)"]', "2026-11-15T05:00", 0),
    ("[monthly(1), monthly(15)]", "2026-11-14T05:00", 1),
    ("non_existing", "2026-11-14T05:00", 1),
    ("weekly(sundy)", "2026-11-26T05:00", 2),
    ("[unclosed", "2026-11-26T05:00", 2),
])
def test_check_exit_codes(capsys: pytest.CaptureFixture[str], expr: str, at: str, code: int) -> None:
    assert _run(capsys, "check", expr, "--at", at)[0] == code


def test_check_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "check", "range(12/01-12/31)", "--at", "2026-11-26T05:00")
    assert code == 1
    assert "not scheduled (outside its range" in out
    assert "Scheduled December 1st and December 31st" in out
    assert "next match: Tue 2026-12-01 00:00" in out


def test_check_invalid_message(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "check", "weekly(sundy)", "--at", "2026-11-26T05:00")
    assert code == 2
    assert "schedule 'weekly(sundy)': unknown day 'sundy'; e.g. weekly(sunday)" in err


def test_check_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "check", "monthly(31)", "--at", "2026-11-30T05:00", "--json")
    data = json.loads(out)
    assert code == 1 and data["scheduled"] is False and data["error"] is None
    assert data["verdict"] == "not scheduled" and "monthly(last)" in data["notes"][0]
    code, out, _ = _run(capsys, "check", "weekly(x)", "--at", "2026-11-30T05:00", "--json")
    assert code == 2 and "unknown day" in json.loads(out)["error"]


def test_check_needs_at(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "check", "daily")
    assert code == 2 and "--at" in err
    code, _, err = _run(capsys, "check", "daily", "--at", "tomorrow")
    assert code == 2 and "YYYY-MM-DDTHH:MM" in err


def test_batch(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [
        {"expr": "daily", "at": "2026-11-26T05:00"},
        {"expr": ["monthly(1)", "monthly(15)"], "at": "2026-11-15T05:00"},
        {"expr": "weekly(sundy)", "at": "2026-11-26T05:00"},
        {"expr": "hourly(5)", "at": "2026-11-26T06:00"},
        {"expr": "daily", "at": "bad"},
        {"expr": 5, "at": "2026-11-26T05:00"},
    ]
    text = "\n".join(json.dumps(x) for x in lines) + "\n\nnot json\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    code, out, _ = _run(capsys, "check", "--batch")
    results = [json.loads(x) for x in out.splitlines()]
    assert code == 0 and len(results) == 7
    assert [r["scheduled"] for r in results] == [True, True, False, False, False, False, False]
    assert [r["error"] is None for r in results] == [True, True, False, True, False, False, False]
    assert results[1]["expr"] == ["monthly(1)", "monthly(15)"]
    assert set(results[0]) == {"expr", "at", "scheduled", "error"}
    assert "unknown day 'sundy'" in results[2]["error"]


def test_batch_order_and_cache() -> None:
    lines = [json.dumps({"expr": "weekly(sunday)", "at": f"2026-11-{day:02d}T05:00"}) for day in range(1, 31)]
    results = [json.loads(x) for x in batch_lines(lines)]
    assert [r["at"][8:10] for r in results] == [f"{d:02d}" for d in range(1, 31)]
    assert [d for d, r in zip(range(1, 31), results, strict=True) if r["scheduled"]] == [1, 8, 15, 22, 29]


def test_explain(capsys: pytest.CaptureFixture[str], config_path: Path) -> None:
    code, out, _ = _run(capsys, "explain", "--config", str(config_path), "--at", "2026-11-26T05:00")
    assert code == 0
    assert "library Movies" in out and "Christmas" in out and "not scheduled (range)" in out
    assert "only if missing" in out


def test_explain_json(capsys: pytest.CaptureFixture[str], config_path: Path) -> None:
    code, out, _ = _run(capsys, "explain", "--config", str(config_path), "--at", "2026-12-24T05:00", "--json")
    data = json.loads(out)
    assert code == 0 and data["moment"].startswith("2026-12-24T05:00")
    movies = data["libraries"][0]
    holiday = next(f for f in movies["files"] if f["name"] == "Holiday")
    christmas = next(d for d in holiday["definitions"] if d["name"] == "Christmas")
    assert christmas["status"] == "run"


def test_explain_reports_bad_schedule_with_location(capsys: pytest.CaptureFixture[str], config_path: Path) -> None:
    path = config_path.parent / "Movies.yml"
    path.write_text(path.read_text().replace("weekly(sunday)", "weekly(sundy)"))
    code, _, err = _run(capsys, "explain", "--config", str(config_path), "--at", "2026-11-26T05:00")
    assert code == 2
    assert f"{path}:5: schedule 'weekly(sundy)': unknown day 'sundy'" in err


def test_calendar_json(capsys: pytest.CaptureFixture[str], config_path: Path) -> None:
    code, out, _ = _run(capsys, "calendar", "--config", str(config_path), "--from", "2026-11-25T00:00",
                        "--days", "14", "--times", "05:00", "--tz", "UTC", "--json")
    data = json.loads(out)
    assert code == 0 and len(data["moments"]) == 14
    parts = {p["name"]: p for p in data["parts"]}
    assert parts["Christmas"]["summary"] == "runs 1–8 December at 05:00"
    assert parts["Thanksgiving"]["summary"] == "runs 26 November at 05:00"
    assert parts["Sunday Picks"]["summary"] == "runs 29 November, 6 December at 05:00"
    assert parts["Halloween"]["next_run"] is None
    assert any("Halloween" in w and "never runs" in w for w in data["warnings"])
    first = data["moments"][0]
    assert first["moment"] == "2026-11-25T05:00:00+00:00"
    assert "Movies: Top Rated" in first["runs"]["collection"]
    assert any(s["name"] == "Christmas" for s in first["skipped"])


def test_calendar_christmas_whole_month(capsys: pytest.CaptureFixture[str], config_path: Path) -> None:
    code, out, _ = _run(capsys, "calendar", "--config", str(config_path), "--from", "2026-11-30T12:00",
                        "--days", "31", "--tz", "UTC", "--json")
    parts = {p["name"]: p for p in json.loads(out)["parts"]}
    assert parts["Christmas"]["summary"] == "runs 1–31 December at 05:00 (every run)"


def test_calendar_warns_about_unreachable_hourly(capsys: pytest.CaptureFixture[str], config_path: Path) -> None:
    path = config_path.parent / "TV.yml"
    path.write_text(path.read_text().replace("hourly(5)", "hourly(17)"))
    code, out, _ = _run(capsys, "calendar", "--config", str(config_path), "--from", "2026-11-25T00:00",
                        "--days", "14", "--tz", "UTC")
    assert code == 0
    assert "hourly(17)' never meets a run" in " ".join(out.split())
    assert "What each run does" in out and "Scheduled parts" in out


def test_calendar_terminal(capsys: pytest.CaptureFixture[str], config_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = _run(capsys, "calendar", "--config", str(config_path), "--from", "2026-11-30T12:00",
                        "--days", "31", "--tz", "UTC")
    assert code == 0
    assert "runs 1–31 December at 05:00" in out
