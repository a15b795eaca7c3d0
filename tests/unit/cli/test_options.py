from pathlib import Path

import pytest

from kometa.cli import main
from kometa.cli.args import extract_secrets, options_from_args
from kometa.core.errors import UsageError
from kometa.core.options import FLAGS


@pytest.fixture
def env(tmp_path, monkeypatch):
    for key in list(__import__("os").environ):
        if key.startswith(("KOMETA_", "PMM_")):
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("KOMETA_INSTALL_DIR", str(tmp_path / "install"))
    # This machine may itself be a container (/.dockerenv): pin the Docker detection for the tests.
    return {"KOMETA_INSTALL_DIR": str(tmp_path / "install"), "KOMETA_DOCKER": "false"}


def test_defaults(env, tmp_path):
    options = options_from_args([], env)
    assert options.config == tmp_path / "install" / "config" / "config.yml"
    assert options.times is None and not options.run and not options.immediate
    assert options.catch_up == 3600


def test_docker_default_config(env):
    env["KOMETA_DOCKER"] = "true"
    assert options_from_args([], env).config == Path("/config/config.yml")


@pytest.mark.parametrize("flag", [alias for f in FLAGS if f.kind == "bool" for alias in [f"--{f.name}", *f.aliases]])
def test_every_bool_spelling_parses(env, flag):
    # Every long, short and alias form is accepted (pending features are refused later, not here).
    try:
        options_from_args([flag], env)
    except UsageError as exc:
        assert "only one of" in exc.message or "--wait only applies" in exc.message


@pytest.mark.parametrize(
    ("argv", "field", "value"),
    [
        (["-r"], "run", True),
        (["-t", "06:00|18:00"], "times", "06:00|18:00"),
        (["--time", "06:00"], "times", "06:00"),
        (["-co"], "collections_only", True),
        (["-ts"], "tests", True),
        (["--run-tests"], "tests", True),
        (["-rc", "A|B"], "run_collections", "A|B"),
        (["-rl", "Movies"], "run_libraries", "Movies"),
        (["-m", "Movies"], "run_files", "Movies"),
        (["-ti", "30"], "timeout", 30),
        (["-w", "120"], "width", 120),
        (["-cu", "15m"], "catch_up", 900),
        (["--catch-up", "0"], "catch_up", 0),
    ],
)
def test_flag_forms(env, argv, field, value):
    assert getattr(options_from_args(argv, env), field) == value


@pytest.mark.parametrize(("text", "value"), [("true", True), ("YES", True), ("1", True), ("false", False),
                                             ("no", False), ("0", False)])
def test_env_booleans(env, text, value):
    env["KOMETA_RUN"] = text
    assert options_from_args([], env).run is value


def test_env_wins_over_flag(env):
    env["KOMETA_RUN"] = "false"
    env["KOMETA_TIMES"] = "07:00"
    options = options_from_args(["--run", "--times", "06:00"], env)
    assert options.run is False and options.times == "07:00"


def test_alias_env_and_legacy_env(env):
    env["KOMETA_TIME"] = "08:00"
    assert options_from_args([], env).times == "08:00"
    del env["KOMETA_TIME"]
    env["PMM_RUN"] = "true"
    assert options_from_args([], env).run is True


def test_empty_env_is_ignored(env):
    env["KOMETA_TIMES"] = ""
    assert options_from_args(["-t", "06:00"], env).times == "06:00"


def test_dotenv_in_config_folder(env, tmp_path):
    folder = tmp_path / "conf"
    folder.mkdir()
    (folder / ".env").write_text("KOMETA_TIMES=09:15\nKOMETA_MYSECRET=abc\n")
    options = options_from_args(["--config", str(folder / "config.yml")], env)
    assert options.times == "09:15"
    assert options.secrets["mysecret"] == "abc"


def test_dotenv_does_not_override_real_env(env, tmp_path):
    folder = tmp_path / "conf"
    folder.mkdir()
    (folder / ".env").write_text("KOMETA_TIMES=09:15\n")
    env["KOMETA_TIMES"] = "10:00"
    assert options_from_args(["--config", str(folder / "config.yml")], env).times == "10:00"


def test_secrets_from_flags_and_env(env):
    rest, secrets = extract_secrets(["--run", "--kometa-my_key", "v1", "--kometa-other=v2"])
    assert rest == ["--run"] and secrets == {"my-key": "v1", "other": "v2"}
    env["KOMETA_PLEX_SECRET"] = "s"
    assert options_from_args([], env).secrets["plex-secret"] == "s"


@pytest.mark.parametrize(
    ("argv", "envs", "fragment"),
    [
        (["-co", "-po"], {}, "only one of the --*-only flags"),
        (["-rc", "X", "-po"], {}, "only one of the --*-only flags"),
        (["-co"], {"KOMETA_PLAYLISTS_ONLY": "true"}, "only one of the --*-only flags"),
        ([], {"KOMETA_RUN": "maybe"}, "KOMETA_RUN='maybe' is not a boolean"),
        (["-ti", "soon"], {}, "--timeout='soon' is not a whole number"),
        ([], {"KOMETA_TIMEOUT": "x"}, "KOMETA_TIMEOUT='x' is not a whole number"),
        (["-t", "25:00"], {}, "'25:00' is out of range"),
        ([], {"KOMETA_TIMES": "7pm"}, "'7pm' is not a time"),
        (["--cron", "every day"], {}, "must have 5 fields"),
        (["-w", "20"], {}, "--width=20 must be between 90 and 300"),
        (["--catch-up", "soon"], {}, "not a duration"),
        (["--catch-up", "inf"], {}, "--catch-up='inf' is not a duration"),
        ([], {"KOMETA_CATCH_UP": "nan"}, "KOMETA_CATCH_UP='nan' is not a duration"),
        (["-cu", "1e300d"], {}, "at most"),
        (["--bogus"], {}, "unrecognized arguments: --bogus"),
        (["--kometa-x"], {}, "--kometa-x needs a value"),
        (["--wait"], {}, "--wait only applies"),
    ],
)
def test_bad_input_is_one_line_usage_error(env, argv, envs, fragment):
    env.update(envs)
    with pytest.raises(UsageError) as info:
        options_from_args(argv, env)
    assert fragment in info.value.message
    assert "\n" not in info.value.message


def test_main_prints_one_line_and_exit_2(env, capsys, monkeypatch):
    assert main(["--times", "5 o'clock"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("kometa: error:")


def test_main_refuses_pending_feature_flags(env, capsys, tmp_path):
    assert main(["--validate-file", "x.yml", "--run", "--config", str(tmp_path / "c.yml")]) == 2
    assert "not available in this version" in capsys.readouterr().err


def test_main_missing_config_names_path(env, capsys, tmp_path):
    path = tmp_path / "nope" / "config.yml"
    assert main(["--run", "--config", str(path)]) == 2
    assert str(path) in capsys.readouterr().err


def test_validate_reports_ok_and_first_error(env, capsys, tmp_path):
    config = tmp_path / "config.yml"
    config.write_text("libraries:\n  Movies:\n    collection_files:\n      - file: Movies.yml\n"
                      "plex:\n  url: http://127.0.0.1:1\n  token: t\n")
    (tmp_path / "Movies.yml").write_text("collections:\n  A:\n    plex_all: true\n")
    assert main(["--validate", "--config", str(config)]) == 0
    assert "valid (1 libraries, 1 files; 0 errors, 0 warnings)" in capsys.readouterr().out
    (tmp_path / "Movies.yml").write_text("collections:\n  A: [\n")
    assert main(["--validate", "--config", str(config)]) == 2
    assert f"{tmp_path / 'Movies.yml'}:3: YAML syntax error" in capsys.readouterr().err


def test_validate_catches_a_bad_schedule_with_its_line(env, capsys, tmp_path):
    config = tmp_path / "config.yml"
    config.write_text("libraries:\n  Movies:\n    schedule: weekly(sundy)\nplex:\n  url: http://127.0.0.1:1\n  token: t\n")
    assert main(["--validate", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert f"{config}:3:" in err and "sundy" in err


def test_container_guess_does_not_hide_the_checkout_config(env, tmp_path, monkeypatch):
    # /.dockerenv alone (a dev container, CI) is only a guess: `python kometa.py` from a checkout
    # still finds (or names) config/config.yml beside kometa.py when /config/config.yml is absent.
    import kometa.core.options as opts

    marker = tmp_path / ".dockerenv"
    marker.touch()
    monkeypatch.setattr(opts, "DOCKERENV", marker)
    monkeypatch.setattr(opts, "DOCKER_CONFIG", tmp_path / "absent" / "config.yml")
    del env["KOMETA_DOCKER"]
    assert options_from_args([], env).config == tmp_path / "install" / "config" / "config.yml"
    mounted = tmp_path / "mounted" / "config.yml"
    mounted.parent.mkdir()
    mounted.touch()
    monkeypatch.setattr(opts, "DOCKER_CONFIG", mounted)
    assert options_from_args([], env).config == mounted
    env["KOMETA_DOCKER"] = "true"  # the image says so: always /config
    monkeypatch.setattr(opts, "DOCKER_CONFIG", tmp_path / "absent" / "config.yml")
    assert options_from_args([], env).config == tmp_path / "absent" / "config.yml"


def test_waiter_children_reread_dotenv(env, tmp_path):
    # Each run re-reads the config; an edited .env (a new token) must reach the next run too, so
    # the waiter hands its children the environment without the values it loaded from .env.
    from kometa.core.environment import environment_without_dotenv

    folder = tmp_path / "conf"
    folder.mkdir()
    (folder / ".env").write_text("KOMETA_PLEX_TOKEN=old\nKOMETA_TIMES=09:15\n")
    env["KOMETA_TIMES"] = "10:00"  # real environment: stays
    options_from_args(["--config", str(folder / "config.yml")], env)
    assert env["KOMETA_PLEX_TOKEN"] == "old"
    child = environment_without_dotenv(env)
    assert "KOMETA_PLEX_TOKEN" not in child and child["KOMETA_TIMES"] == "10:00"


def test_env_wins_note_only_when_they_really_disagree(env):
    from kometa.cli.args import main_parser as _main_parser
    from kometa.cli.args import resolve_options

    notes: list[str] = []
    env.update({"KOMETA_RUN": "yes", "KOMETA_CATCH_UP": "60m"})
    resolve_options(_main_parser().parse_args(["--run", "--catch-up", "1h"]), env, warn=notes.append)
    assert notes == []  # the same values, spelled differently
    env["KOMETA_RUN"] = "0"
    resolve_options(_main_parser().parse_args(["--run"]), env, warn=notes.append)
    assert len(notes) == 1 and "KOMETA_RUN=0 overrides --run" in notes[0]


def test_config_in_a_folder_we_may_not_enter_is_one_line_exit_2(env, tmp_path, monkeypatch, capsys):
    # (as root a chmod 700 folder of another user is still readable: simulate what stat() raises)
    secret = tmp_path / "private"
    real_stat = Path.stat

    def stat(self, *args, **kwargs):
        if self.parent == secret:
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", stat)
    monkeypatch.setattr("os.environ", env)
    assert main(["--run", "--config", str(secret / "config.yml")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Permission denied" in err and str(secret) in err


def test_config_given_as_a_folder_says_so(env, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("os.environ", env)
    assert main(["--run", "--config", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "is a folder" in err and str(tmp_path / "config.yml") in err


def test_installed_kometa_ignores_a_stray_config_env_in_the_current_folder(env, tmp_path, monkeypatch):
    monkeypatch.delenv("KOMETA_INSTALL_DIR")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / ".env").write_text("KOMETA_TIMES=09:15\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    environ = {"KOMETA_DOCKER": "false"}
    assert options_from_args(["--config", str(elsewhere / "config.yml")], environ).times is None
    # ... while the checkout's config/.env (KOMETA_INSTALL_DIR set by kometa.py) is read.
    monkeypatch.setenv("KOMETA_INSTALL_DIR", str(tmp_path))
    assert options_from_args(["--config", str(elsewhere / "config.yml")], {"KOMETA_DOCKER": "false"}).times == "09:15"
