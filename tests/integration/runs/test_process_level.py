"""The real process: exit codes, signals, trigger, lock, status. Real short waits, bounded."""

from __future__ import annotations

import json
import signal
import time
from datetime import datetime, timedelta

import pytest
from runs_helpers import free_port, kometa, spawn, wait_for, write_config

pytestmark = pytest.mark.slow


def status_json(config):
    result = kometa("status", "--config", str(config), "--json")
    return result.returncode, json.loads(result.stdout)


def start_waiter(config, *extra):
    proc = spawn("--config", str(config), "--times", "03:00", *extra)
    assert wait_for(lambda: status_json(config)[1]["waiter"]["pid"] == proc.pid), "waiter did not start"
    return proc


def test_unreachable_plex_is_one_line_exit_1_fast(tmp_path):
    config = write_config(tmp_path, f"http://127.0.0.1:{free_port()}")
    started = time.monotonic()
    result = kometa("--run", "--config", str(config))
    assert time.monotonic() - started < 30
    assert result.returncode == 1
    assert "cannot reach Plex at http://127.0.0.1:" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    code, data = status_json(config)
    assert code == 1 and data["last_run"]["result"] == "failed" and data["last_run"]["trigger"] == "cli"


def test_bad_token_is_one_line_exit_1(tmp_path, refusing_plex):
    config = write_config(tmp_path, refusing_plex)
    result = kometa("--run", "--config", str(config))
    assert result.returncode == 1
    assert "refused the token (401 Unauthorized)" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_bad_yaml_exit_2_with_line(tmp_path):
    tmp_path.joinpath("config.yml").write_text("libraries:\n  Movies:\n    schedule: [daily\n")
    result = kometa("--run", "--config", str(tmp_path / "config.yml"))
    assert result.returncode == 2
    assert f"{tmp_path / 'config.yml'}:4: YAML syntax error" in result.stdout + result.stderr


def test_status_json_shape_and_health(tmp_path):
    config = write_config(tmp_path, "http://127.0.0.1:1")
    code, data = status_json(config)
    assert code == 1 and data == {"waiter": {"pid": None, "next_run": None}, "last_run": None, "last_real_run": None,
                                  "last_event_run": None}


def test_waiter_stops_within_a_second_on_sigterm_and_sigint(tmp_path):
    config = write_config(tmp_path, "http://127.0.0.1:1")
    for sig in (signal.SIGTERM, signal.SIGINT):
        proc = start_waiter(config)
        code, data = status_json(config)
        assert code == 0 and data["waiter"]["pid"] == proc.pid
        assert datetime.fromisoformat(data["waiter"]["next_run"]).strftime("%H:%M") == "03:00"
        started = time.monotonic()
        proc.send_signal(sig)
        assert proc.wait(timeout=5) == 0
        assert time.monotonic() - started < 1.0
        assert status_json(config)[1]["waiter"]["pid"] is None


def test_trigger_without_waiter_exits_4(tmp_path):
    config = write_config(tmp_path, "http://127.0.0.1:1")
    result = kometa("trigger", "--config", str(config))
    assert result.returncode == 4 and "no waiter is running" in result.stderr


def test_trigger_starts_a_run_within_two_seconds(tmp_path, refusing_plex):
    config = write_config(tmp_path, refusing_plex)
    proc = start_waiter(config, "--no-countdown")
    try:
        asked = datetime.now().astimezone()
        result = kometa("trigger", "--config", str(config))
        assert result.returncode == 0, result.stderr
        assert wait_for(lambda: (status_json(config)[1]["last_run"] or {}).get("result") == "failed", 15)
        last = status_json(config)[1]["last_run"]
        assert last["trigger"] == "manual"
        assert datetime.fromisoformat(last["started_at"]) - asked < timedelta(seconds=2)
        assert proc.poll() is None  # a failed run never kills the waiter
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=5)


def test_second_run_exits_3_naming_holder_and_wait_queues(tmp_path, slow_plex):
    config = write_config(tmp_path, slow_plex)
    first = spawn("--run", "--config", str(config))
    try:
        assert wait_for(lambda: (tmp_path / ".kometa.lock.json").exists())
        second = kometa("--run", "--config", str(config))
        assert second.returncode == 3
        assert f"pid {first.pid}" in second.stderr and "started" in second.stderr
        queued = spawn("--run", "--wait", "--config", str(config))
        time.sleep(1.0)
        assert queued.poll() is None  # queued behind the first run
        first.send_signal(signal.SIGTERM)
        first.wait(timeout=15)
        queued.send_signal(signal.SIGTERM)
        assert queued.wait(timeout=15) in (143, 0, 1)
    finally:
        for proc in (first,):
            if proc.poll() is None:
                proc.kill()


def test_sigterm_during_run_records_interrupted_and_exits_143(tmp_path, slow_plex):
    config = write_config(tmp_path, slow_plex)
    proc = spawn("--run", "--config", str(config))
    assert wait_for(lambda: (tmp_path / ".kometa.lock.json").exists())
    time.sleep(0.3)
    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=15) == 143
    assert time.monotonic() - started <= 10.5
    last = status_json(config)[1]["last_run"]
    assert last["result"] == "interrupted" and last["ended_at"]


def test_stale_lock_is_taken_over_with_warning(tmp_path, refusing_plex):
    config = write_config(tmp_path, refusing_plex)
    (tmp_path / ".kometa.lock.json").write_text(json.dumps({"pid": 999999, "started_at": "2026-01-01T05:00:00"}))
    result = kometa("--run", "--config", str(config))
    assert result.returncode == 1  # the run itself proceeds (and fails on the token)
    assert "ended without releasing the run lock" in result.stdout + result.stderr


def test_sigterm_to_waiter_during_a_run_interrupts_it_and_exits_143(tmp_path, slow_plex):
    config = write_config(tmp_path, slow_plex)
    proc = start_waiter(config, "--no-countdown")
    assert kometa("trigger", "--config", str(config)).returncode == 0
    assert wait_for(lambda: (status_json(config)[1]["last_run"] or {}).get("result") == "running")
    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=15) == 143
    assert time.monotonic() - started <= 11
    assert status_json(config)[1]["last_run"]["result"] == "interrupted"


def test_config_is_reread_for_each_run_and_a_bad_one_never_kills_the_waiter(tmp_path, refusing_plex):
    config = tmp_path / "config.yml"
    config.write_text("libraries:\n  Movies:\n    schedule: [daily\n")
    proc = start_waiter(config, "--no-countdown")
    try:
        assert kometa("trigger", "--config", str(config)).returncode == 0
        assert wait_for(lambda: (status_json(config)[1]["last_run"] or {}).get("result") == "failed", 15)
        write_config(tmp_path, refusing_plex)
        assert kometa("trigger", "--config", str(config)).returncode == 0
        assert wait_for(lambda: len(_runs(tmp_path)) == 2 and _runs(tmp_path)[0][1] != "running", 15)
        messages = [m for _, _, m in _runs(tmp_path)]
        assert "refused the token" in messages[0] and "YAML syntax error" in messages[1]
        assert proc.poll() is None
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=5)


def _runs(folder):
    from kometa.app.state import State

    return [(r.trigger, r.result, r.message or "") for r in State(folder).runs()]


def test_malformed_schedule_in_a_collection_file_stops_the_run_before_plex(tmp_path):
    config = write_config(tmp_path, f"http://127.0.0.1:{free_port()}")
    config.write_text(config.read_text().replace("  Movies:\n", "  Movies:\n    collection_files:\n      - file: Movies.yml\n"))
    (tmp_path / "Movies.yml").write_text("collections:\n  Weekend:\n    plex_all: true\n    schedule: weekly(fryday)\n")
    result = kometa("--run", "--config", str(config))
    output = result.stdout + result.stderr
    assert result.returncode == 2
    assert f"{tmp_path / 'Movies.yml'}:4:" in output and "fryday" in output
    assert "cannot reach Plex" not in output  # decided before connecting
    assert status_json(config)[1]["last_run"]["result"] == "failed"


def test_a_refused_second_run_leaves_the_running_runs_log_alone(tmp_path, slow_plex):
    config = write_config(tmp_path, slow_plex)
    first = spawn("--run", "--config", str(config))
    try:
        log = tmp_path / "logs" / "meta.log"
        assert wait_for(lambda: log.exists() and "Starting Run (cli)" in log.read_text())
        assert kometa("--run", "--config", str(config)).returncode == 3
        # the refused run must not rotate meta.log under the run that is writing it
        assert not (tmp_path / "logs" / "meta-1.log").exists()
        assert "Starting Run (cli)" in log.read_text()
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(timeout=15)


def test_taking_over_a_stale_lock_closes_the_dead_runs_row(tmp_path, refusing_plex):
    from kometa.app.state import State

    config = write_config(tmp_path, refusing_plex)
    state = State(tmp_path)
    dead = state.start_run("cli", None, datetime(2026, 1, 1, 5).astimezone())
    with state._connect() as conn:
        conn.execute("UPDATE runs SET pid = 999999 WHERE id = ?", (dead,))
    (tmp_path / ".kometa.lock.json").write_text(json.dumps({"pid": 999999, "started_at": "2026-01-01T05:00:00"}))
    assert kometa("--run", "--config", str(config)).returncode == 1
    old = [r for r in state.runs() if r.id == dead][0]
    assert old.result != "running" and old.ended_at


def test_waiter_survives_a_console_that_cannot_show_the_config_path(tmp_path):
    # Windows: waiter.cmd output redirected to a file is written in the ANSI code page; a config
    # under C:\Users\Michał\ must not crash the waiter with UnicodeEncodeError.
    config = write_config(tmp_path / "Michał", "http://127.0.0.1:1")
    proc = spawn("--config", str(config), "--times", "03:00", env={"PYTHONIOENCODING": "ascii"})
    try:
        assert wait_for(lambda: status_json(config)[1]["waiter"]["pid"] == proc.pid or proc.poll() is not None)
        assert proc.poll() is None, proc.stdout.read()
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=5) == 0
    assert "Micha\\u0142" in proc.stdout.read()
