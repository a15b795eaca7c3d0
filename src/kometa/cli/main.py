"""Command line: ``kometa [flags]`` is the tool itself (the waiter, or one run with ``--run``);
``kometa schedule``, ``status``, ``trigger``, ``service`` and ``demo`` are subcommands. Subcommand
modules are imported only when their subcommand is used, so the waiter starts light.

A subcommand that needs the main flags (config path, ``KOMETA_*``, ``.env``) names them with
``parser.set_defaults(options_flags=(...))``; it is then called as ``func(ns, options)`` with
Options built here, so no subcommand imports ``cli``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from kometa.cli.args import (
    SUBCOMMANDS,
    extract_secrets,
    flags_argv,
    main_parser,
    new_parser,
    options_from_args,
    pending_notes,
    resolve_options,
    waiter_only_note,
)
from kometa.core.errors import ExitCode, KometaError, UsageError


def _load(target: str) -> Callable[..., Any]:
    import importlib

    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)  # type: ignore[no-any-return]


def _parse_with_separator(parser: Any, name: str, argv: list[str]) -> Any:
    """A subcommand with an ``extra`` positional (``kometa service ... -- FLAGS``) takes everything after
    the first ``--`` there, whatever options came before it (argparse alone refuses ``-- X`` once an
    option followed the positionals)."""
    if "--" not in argv:
        return parser.parse_args([name, *argv])
    cut = argv.index("--")
    ns = parser.parse_args([name, *argv[:cut]])
    if not hasattr(ns, "extra"):
        return parser.parse_args([name, *argv])
    ns.extra = [*ns.extra, *argv[cut + 1:]]
    return ns


def _run_subcommand(name: str, argv: list[str]) -> int:
    parser = new_parser("kometa", "")
    sub = parser.add_subparsers(dest="command", required=True)
    _load(SUBCOMMANDS[name])(sub)
    ns = _parse_with_separator(parser, name, argv)
    func = getattr(ns, "func", None)
    if func is None:
        raise UsageError(f"kometa {name}: choose an action (see 'kometa {name} --help')")
    names = getattr(ns, "options_flags", None)
    if names is None:
        return int(func(ns) or 0)
    return int(func(ns, options_from_args(flags_argv(ns, names))) or 0)


def _tolerant_output() -> None:
    """A console or redirected file that cannot show a character (Windows' ANSI code page and a
    config under ``C:\\Users\\Michał``) gets ``\\u0142`` instead of crashing the waiter."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", None) == "strict":
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass
    from kometa.core.closed_pipe import guard_stdout

    guard_stdout()  # `kometa ... | head`: a closed pipe silences output, it never ends the run


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    _tolerant_output()
    debug = "--debug" in args or "-db" in args
    try:
        if args and args[0] in SUBCOMMANDS:
            return _run_subcommand(args[0], args[1:])
        rest, secrets = extract_secrets(args)
        ns = main_parser().parse_args(rest)
        warnings: list[str] = []
        options = resolve_options(ns, os.environ, secrets, warn=warnings.append)
        debug = options.debug
        errors, notes = pending_notes(options)
        if errors:
            raise UsageError(errors[0])
        for line in warnings + notes:
            print(f"kometa: note: {line}", file=sys.stderr)
        ignored = waiter_only_note(options, os.environ)
        if ignored:
            print(f"kometa: warning: {ignored}", file=sys.stderr)
        from kometa.app.modes import main_run

        return main_run(options, args)
    except KometaError as exc:
        print(f"kometa: error: {exc.message}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        return int(ExitCode.SIGINT)
    except Exception as exc:
        if debug:
            raise
        print(f"kometa: internal error: {type(exc).__name__}: {str(exc)[:200]} (a bug in kometa, not in your "
              f"setup); rerun with --debug for the traceback and please report it", file=sys.stderr)
        return int(ExitCode.RUN_FAILED)
