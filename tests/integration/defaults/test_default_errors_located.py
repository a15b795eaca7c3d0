"""A bad template-variable value given to one of our defaults fails, in a run, at the user's line
(the variable's own line under ``template_variables``), naming the variable — not at our file."""

from __future__ import annotations

from defaults_helpers import DefaultsRunner, rows


def test_a_bad_value_is_said_at_the_users_variable(runner: DefaultsRunner) -> None:
    report = runner.run(movies="- default: streaming\n  template_variables:\n    limit: abc\n")
    errors = [row.error for row in rows(report).values() if row.error]
    config = runner.folder / "config.yml"
    line = config.read_text(encoding="utf-8").splitlines().index("          limit: abc") + 1
    assert errors, rows(report)
    assert all(f"{config}:{line}:" in error and "template variable 'limit'" in error for error in errors), errors
    assert all("/defaults/collections/streaming.movie.yml" not in error.split(" (")[0] for error in errors)
