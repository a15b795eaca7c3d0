"""--validate reads every written service and notifier section: wrong values are located errors,
missing credentials and unknown keys (Kometa ignores them) located warnings; all in one pass."""

from __future__ import annotations

from pathlib import Path

from kometa.app.validate import validate
from kometa.core.options import Options

HEAD = "plex:\n  url: http://localhost:32400\n  token: abc\nlibraries:\n  Movies:\n"


def _validate(tmp_path: Path, text: str) -> tuple[int, list[str]]:
    path = tmp_path / "config.yml"
    path.write_text(HEAD + text, encoding="utf-8")
    lines: list[str] = []
    code = validate(Options(config=path, validate=True), out=lines.append, err=lines.append)
    return code, [line.replace(str(path), "config.yml") for line in lines]


def test_unknown_keys_of_notifier_sections_and_tmdb_are_located_warnings(tmp_path: Path) -> None:
    code, lines = _validate(tmp_path, "tmdb:\n  apikey: abcdef\n  languag: en\n"
                                      "gotify:\n  url: http://gotify.local\n  token: t\n  tokn: y\n"
                                      "ntfy:\n  url: http://ntfy.local\n  topic: t\n  prio: 3\n")
    assert code == 0, lines
    assert lines[:3] == [  # warned once each, at load (config/service_keys.py)
        "kometa: warning: config.yml:8: tmdb: unknown key 'languag' is ignored (did you mean 'language'?); tmdb "
        "takes apikey, language, region, cache_expiration",
        "kometa: warning: config.yml:12: gotify: unknown key 'tokn' is ignored (did you mean 'token'?); "
        "gotify takes url, token",
        "kometa: warning: config.yml:16: ntfy: unknown key 'prio' is ignored; ntfy takes url, topic, token"]


def test_wrong_values_are_errors_and_placeholders_warnings(tmp_path: Path) -> None:
    code, lines = _validate(tmp_path, "tmdb:\n  apikey: abcdef\n  language: english\n"
                                      "omdb:\n  apikey: '********'\n"
                                      "sonarr:\n  url: sonarr.local:8989\n  token: abc\n"
                                      "anidb:\n  language: 7\n")
    assert code == 2
    assert "kometa: warning: config.yml:9: omdb: apikey is missing (get one at https://www.omdbapi.com/apikey.aspx)" \
           "; whatever uses omdb cannot run until it is set" in lines
    errors = [line for line in lines if line.startswith("kometa: error: ")]
    assert [e.split(": ")[2] for e in errors] == ["config.yml:8", "config.yml:12", "config.yml:15"], errors
    assert lines[-1].endswith("not valid (3 errors, 1 warning)")
