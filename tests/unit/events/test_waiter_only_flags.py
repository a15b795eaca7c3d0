"""``kometa --run`` given the waiter's event flags says, in one line, that they do nothing there."""

from __future__ import annotations

import pytest

from kometa.cli.args import options_from_args, waiter_only_note


def _note(argv: list[str], environ: dict[str, str] | None = None) -> str | None:
    env = dict(environ or {})
    return waiter_only_note(options_from_args(argv, env), env)


@pytest.mark.parametrize(("argv", "named"), [
    (["--run", "--plex-events"], "--plex-events"),
    (["--run", "--listen", "8765"], "--listen"),
    (["--run", "--settle", "2m"], "--settle"),
    (["--run-collections", "A", "--plex-events"], "--plex-events"),
])
def test_a_run_once_with_a_waiter_flag_is_one_warning_naming_it(argv: list[str], named: str) -> None:
    note = _note(argv)
    assert note is not None and named in note and "waiter" in note and "\n" not in note


def test_several_flags_are_named_in_one_line() -> None:
    note = _note(["--run", "--plex-events", "--listen", "8765", "--settle", "10s"])
    assert note is not None
    assert note.startswith("--plex-events, --listen, --settle only apply to the waiter") and note.endswith("them")


def test_the_environment_counts_but_an_off_switch_does_not() -> None:
    assert _note(["--run"], {"KOMETA_PLEX_EVENTS": "true"}) is not None
    assert _note(["--run"], {"KOMETA_PLEX_EVENTS": "false"}) is None


def test_no_warning_for_the_waiter_a_plain_run_or_the_waiters_own_runs() -> None:
    assert _note(["--plex-events", "--listen", "8765"]) is None  # the waiter: they are its flags
    assert _note(["--run"]) is None
    # the waiter's child runs inherit its command line and environment: they must not warn
    assert _note(["--plex-events", "--run", "--wait"], {"KOMETA_INTERNAL_TRIGGER": "scheduled"}) is None
    assert _note(["--plex-events", "--run", "--wait"], {"KOMETA_INTERNAL_EVENT_WORKER": "1"}) is None
