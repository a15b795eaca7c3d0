"""Item 6: a distinctive secret, entered every way a secret can enter, appears in no output of a run."""

from __future__ import annotations

from pathlib import Path

from runs_helpers import kometa

from kometa.core.logs import Redactor
from kometa.core.secret_args import redact_argv, secrets_to_env
from plexsim.server import PlexSim

TOKEN = "Zq9SecretPlexTokenXy"  # the plexsim token, given by --plex-token only
KEY = "Kv7SecretKometaKeyWq"  # --kometa-poster_key, used in a url_poster query
ENV_KEY = "Ev3SecretEnvValueRt"  # KOMETA_HOOK_KEY, used in a url_background
URL_PASS = "Up5SecretUrlPassNm"  # a password inside a URL nobody declared a secret
PLAIN_TOKEN = "Pt8SecretInUrlOnlyQz"  # ?X-Plex-Token= / ?api_key= inside a URL, never declared
SECRETS = (TOKEN, KEY, ENV_KEY, URL_PASS, PLAIN_TOKEN)


def _everything(folder: Path, *texts: str) -> str:
    """Every output: the texts and every file in the folder except the user's own YAML inputs."""
    out = list(texts)
    for path in folder.rglob("*"):
        if path.is_file() and path.name not in ("config.yml", "Movies.yml"):
            out.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(out)


def test_no_secret_in_any_output_of_a_run(tmp_path: Path) -> None:
    with PlexSim(movies=20, shows=1, seed=1, token=TOKEN) as sim:
        (tmp_path / "Movies.yml").write_text(
            "collections:\n"
            "  Action:\n"
            "    plex_search:\n      all:\n        genre: Drama\n"
            "    url_poster: http://127.0.0.1:9/poster.jpg?api_key=<<poster_key>>\n"
            "    url_background: http://user:" + URL_PASS + "@127.0.0.1:9/bg.jpg?hook=<<hook_key>>&X-Plex-Token="
            + PLAIN_TOKEN + "\n", encoding="utf-8")
        config = tmp_path / "config.yml"
        config.write_text(f"plex:\n  url: {sim.url}\n  token: env\nlibraries:\n  Movies:\n"
                          "    collection_files:\n      - file: Movies.yml\n", encoding="utf-8")
        args = ("--config", str(config), "--run", "--debug", "--no-countdown", "--plex-token", TOKEN,
                "--plex-url", sim.url, "--kometa-poster_key", KEY)
        dry = kometa(*args, "--dry-run", env={"KOMETA_HOOK_KEY": ENV_KEY})
        assert "[dry-run] would" in dry.stdout
        done = kometa(*args, env={"KOMETA_HOOK_KEY": ENV_KEY})
    assert "Command: kometa" in (tmp_path / "logs" / "meta.log").read_text(encoding="utf-8")
    everything = _everything(tmp_path, dry.stdout, dry.stderr, done.stdout, done.stderr)
    assert "Action: Created" in everything  # the run did run
    assert {p.name for p in tmp_path.rglob("*") if p.is_file()} >= {"meta.log", "kometa.db", "kometa-state.json"}
    leaked = [s for s in SECRETS if s in everything]
    where = [line for line in everything.splitlines() if any(s in line for s in SECRETS)]
    assert leaked == [], where[:5]


def test_command_lines_are_redacted_structurally() -> None:
    argv = ["--run", "--plex-token", TOKEN, "-pt=" + TOKEN, "--kometa-tmdb_key", KEY, "--pmm-x=" + KEY,
            "--plex-token=" + TOKEN, "--times", "05:00"]
    shown = redact_argv(argv)
    assert not any(s in " ".join(shown) for s in SECRETS)
    assert shown[:3] == ["--run", "--plex-token", "(redacted)"] and shown[-2:] == ["--times", "05:00"]


def test_child_runs_get_secrets_in_the_environment_not_the_command_line() -> None:
    argv, env = secrets_to_env(["--config", "c.yml", "--plex-token", TOKEN, "--kometa-tmdb_key=" + KEY,
                                "--times", "05:00"])
    assert argv == ["--config", "c.yml", "--times", "05:00"]
    assert env == {"KOMETA_PLEX_TOKEN": TOKEN, "KOMETA_TMDB_KEY": KEY}


def test_tokens_inside_urls_are_redacted() -> None:
    redact = Redactor()
    line = (f"GET http://me:{URL_PASS}@host/x?api_key={PLAIN_TOKEN}&a=1 "
            f"https://discord.com/api/webhooks/123/{PLAIN_TOKEN} ?token={PLAIN_TOKEN}")
    assert not any(s in redact(line) for s in SECRETS), redact(line)
    assert "a=1" in redact(line) and "host/x" in redact(line)
