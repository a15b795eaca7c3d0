import json

import pytest

from kometa.cli import main


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for key in ("KOMETA_TIMES", "KOMETA_CRON", "TZ"):
        monkeypatch.delenv(key, raising=False)


def test_json_lists_moments_with_offsets(capsys):
    code = main(["schedule", "next", "--tz", "America/New_York", "--from", "2026-03-07T12:00", "--times", "02:30",
                 "--count", "3", "--json"])
    assert code == 0
    assert json.loads(capsys.readouterr().out) == [
        "2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00", "2026-03-10T02:30:00-04:00"]


def test_default_is_five_at_05_00(capsys):
    assert main(["schedule", "next", "--tz", "Europe/London", "--from", "2026-10-24T06:00", "--json"]) == 0
    moments = json.loads(capsys.readouterr().out)
    assert moments[:2] == ["2026-10-25T05:00:00+00:00", "2026-10-26T05:00:00+00:00"]
    assert len(moments) == 5


def test_env_times_and_cron(capsys, monkeypatch):
    monkeypatch.setenv("KOMETA_TIMES", "06:00")
    monkeypatch.setenv("KOMETA_CRON", "30 12 * * *")
    monkeypatch.setenv("TZ", "UTC")
    assert main(["schedule", "next", "--from", "2026-06-01T00:00", "--count", "2", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == ["2026-06-01T06:00:00+00:00", "2026-06-01T12:30:00+00:00"]


def test_table_output_names_zone(capsys):
    assert main(["schedule", "next", "--tz", "Australia/Lord_Howe", "--from", "2026-10-03T12:00", "--times", "02:15",
                 "--count", "2"]) == 0
    out = capsys.readouterr().out
    assert "Australia/Lord_Howe" in out and "2026-10-04 02:30:00 +11:00" in out


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["--tz", "Nowhere/City"], "not a known IANA time zone"),
        (["--times", "7"], "'7' is not a time"),
        (["--from", "yesterday"], "--from='yesterday' is not an ISO-8601 moment"),
        (["--count", "0"], "--count=0 must be at least 1"),
        (["--cron", "* * *"], "must have 5 fields"),
    ],
)
def test_errors_exit_2_one_line(capsys, argv, fragment):
    assert main(["schedule", "next", *argv]) == 2
    err = capsys.readouterr().err
    assert fragment in err and err.count("\n") == 1


@pytest.fixture
def restore_environ():
    import os

    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


def test_uses_the_same_sources_as_the_waiter(capsys, monkeypatch, tmp_path, restore_environ):
    # The waiter reads KOMETA_TIME (alias), PMM_TIMES (legacy) and .env beside config.yml (TZ too);
    # `schedule next` must list the moments that waiter will really use.
    for key in ("KOMETA_TIME", "PMM_TIMES", "PMM_TIME", "KOMETA_CONFIG"):
        monkeypatch.delenv(key, raising=False)
    (tmp_path / ".env").write_text("KOMETA_TIME=07:45\nTZ=Asia/Tokyo\n")
    monkeypatch.setenv("KOMETA_DOCKER", "false")
    assert main(["schedule", "next", "--config", str(tmp_path / "config.yml"), "--from", "2026-06-01T00:00+09:00",
                 "--count", "1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == ["2026-06-01T07:45:00+09:00"]
    monkeypatch.delenv("KOMETA_TIME", raising=False)  # loaded from .env into os.environ above
    monkeypatch.delenv("TZ", raising=False)
    monkeypatch.setenv("PMM_TIMES", "08:10")
    assert main(["schedule", "next", "--config", str(tmp_path / "nowhere" / "config.yml"), "--tz", "UTC",
                 "--from", "2026-06-01T00:00", "--count", "1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == ["2026-06-01T08:10:00+00:00"]
