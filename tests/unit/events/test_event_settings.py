"""``settings: plex_events / listen / settle`` (ours, not Kometa's): checked with file:line like every
setting, only read at the top level, and the waiter takes them where no flag or KOMETA_* says
otherwise (flags win). The listen token never comes from the config."""

from __future__ import annotations

import pytest

from kometa.app.event_runs import with_settings
from kometa.cli.args import options_from_args
from kometa.config import load_config
from kometa.config.schema import generate
from kometa.core.errors import ConfigError

PLEX = "plex:\n  url: http://127.0.0.1:32400\n  token: abc\nlibraries:\n  Movies:\n"


def _write(tmp_path, settings: str):
    path = tmp_path / "config.yml"
    path.write_text(PLEX + "settings:\n" + settings, encoding="utf-8")
    return path


def _options(path, *flags, environ=None):
    return options_from_args(["--config", str(path), *flags], dict(environ or {}))


def test_the_settings_are_read_and_checked(tmp_path):
    config = load_config(_write(tmp_path, "  plex_events: yes\n  listen: 0.0.0.0:8765\n  settle: 2m\n"))
    assert (config.settings["plex_events"], config.settings["listen"], config.settings["settle"]) == \
        (True, "0.0.0.0:8765", 120.0)
    assert config.warnings == ()


@pytest.mark.parametrize("line, fragment", [
    ("  listen: localhost:99999\n", "listen must be HOST:PORT or PORT (e.g. 127.0.0.1:8765), got 'localhost:99999'"),
    ("  settle: soon\n", "settle must be a duration such as 30s, 2m or 90, got 'soon'"),
    ("  plex_events: sometimes\n", "plex_events must be true or false"),
])
def test_a_bad_value_is_a_located_error(tmp_path, line, fragment):
    with pytest.raises(ConfigError) as caught:
        load_config(_write(tmp_path, line))
    assert fragment in caught.value.message and "config.yml:7:" in caught.value.message


def test_a_library_cannot_set_them(tmp_path):
    path = tmp_path / "config.yml"
    path.write_text(PLEX + "    settings:\n      listen: 8765\n", encoding="utf-8")
    config = load_config(path)
    assert any("listen is read only in the top-level settings" in w.message and w.line == 7
               for w in config.warnings)


def test_the_schema_knows_them():
    settings = generate()["definitions"]["settings"]["properties"]
    assert {"plex_events", "listen", "settle"} <= set(settings)


def test_the_waiter_takes_settings_and_flags_win(tmp_path):
    path = _write(tmp_path, "  plex_events: true\n  listen: 8765\n  settle: 10s\n")
    taken = with_settings(_options(path))
    assert (taken.plex_events, taken.listen, taken.settle) == (True, "8765", 10.0)
    flagged = with_settings(_options(path, "--listen", "127.0.0.1:9000", "--settle", "1s"))
    assert (flagged.plex_events, flagged.listen, flagged.settle) == (True, "127.0.0.1:9000", 1.0)
    off = with_settings(_options(path, environ={"KOMETA_PLEX_EVENTS": "false"}))
    assert off.plex_events is False and off.listen == "8765"  # the environment said no: it wins
    assert off.listen_token is None  # the token is never a setting


def test_a_config_that_does_not_load_changes_nothing(tmp_path):
    path = tmp_path / "config.yml"
    path.write_text("libraries: [\n", encoding="utf-8")
    options = _options(path)
    assert with_settings(options) == options
