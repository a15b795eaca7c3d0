"""Command line: flags + ``KOMETA_*`` environment + ``.env`` -> :class:`Options`, and subcommands.

``kometa [flags]`` is the tool itself (the waiter, or one run with ``--run``); ``kometa schedule``,
``status``, ``trigger``, ``service`` and ``demo`` are subcommands. Subcommand modules are imported
only when their subcommand is used, so the waiter starts light.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from pathlib import Path
from typing import Any

from kometa import __version__
from kometa.errors import ConfigError, ExitCode, KometaError, UsageError
from kometa.options import (
    FLAGS,
    ONLY_FLAGS,
    Flag,
    Options,
    default_config_path,
    install_dir,
    parse_bool,
    parse_duration,
    parse_int,
)

INTERNAL_ENV = {"KOMETA_DOCKER", "KOMETA_LINUXSERVER", "KOMETA_INSTALL_DIR", "KOMETA_HOME"}

# name -> "module:function" that adds the subcommand's parser (imported only when used).
SUBCOMMANDS: dict[str, str] = {
    "schedule": "kometa.schedule_cli:register",
    "status": "kometa.status:register",
    "trigger": "kometa.trigger:register",
    "service": "kometa.services.commands:register",
    "demo": "kometa.demo:register",
}


class _Parser(argparse.ArgumentParser):
    """argparse that raises UsageError instead of printing usage and exiting."""

    def error(self, message: str) -> Any:  # type: ignore[override, unused-ignore]
        raise UsageError(f"{self.prog}: {message} (see '{self.prog} --help')")


def new_parser(prog: str, description: str) -> argparse.ArgumentParser:
    return _Parser(prog=prog, description=description, allow_abbrev=False)


def _main_parser() -> argparse.ArgumentParser:
    parser = new_parser(
        "kometa",
        "Keep Plex libraries in the shape your config describes. Without --run it waits in the "
        "background and runs at --times (05:00 by default).",
    )
    parser.epilog = "subcommands: " + ", ".join(SUBCOMMANDS) + " (kometa SUBCOMMAND --help)"
    parser.add_argument("--version", action="version", version=f"kometa {__version__}")
    for flag in FLAGS:
        names = [f"--{flag.name}", *flag.aliases]
        if flag.kind == "bool":
            parser.add_argument(*names, dest=flag.dest, action="store_const", const=True, default=None,
                                help=flag.help)
        else:
            parser.add_argument(*names, dest=flag.dest, default=None, metavar=flag.name.upper().replace("-", "_"),
                                help=flag.help)
    return parser


def extract_secrets(argv: Sequence[str]) -> tuple[list[str], dict[str, str]]:
    """Pull ``--kometa-NAME VALUE`` (and legacy ``--pmm-NAME``) pairs out of argv."""
    rest: list[str] = []
    secrets: dict[str, str] = {}
    items = list(argv)
    i = 0
    while i < len(items):
        arg = items[i]
        for prefix in ("--kometa-", "--pmm-"):
            if arg.startswith(prefix) and len(arg) > len(prefix):
                name, eq, value = arg[len(prefix):].partition("=")
                if not eq:
                    if i + 1 >= len(items):
                        raise UsageError(f"{arg} needs a value, e.g. {arg} VALUE")
                    value = items[i + 1]
                    i += 1
                secrets[name.lower().replace("_", "-")] = value
                break
        else:
            rest.append(arg)
        i += 1
    return rest, secrets


def env_secrets(environ: Mapping[str, str]) -> dict[str, str]:
    # Flag variables are not secrets, except the Plex ones people also write as <<plex_token>>.
    known = {env for flag in FLAGS if not flag.name.startswith("plex-") for env in flag.env_names}
    known |= INTERNAL_ENV
    secrets: dict[str, str] = {}
    for prefix in ("PMM_", "KOMETA_"):  # KOMETA_ last so it wins over the legacy name
        for key, value in environ.items():
            name = "KOMETA_" + key[len(prefix):]
            if key.startswith(prefix) and value and name not in known and not name.startswith("KOMETA_INTERNAL_"):
                secrets[key[len(prefix):].lower().replace("_", "-")] = value
    return secrets


def _env_value(flag: Flag, environ: Mapping[str, str]) -> tuple[str, str] | None:
    """The first non-empty ``KOMETA_*`` (then legacy ``PMM_*``) variable for this flag."""
    for env in flag.env_names:
        value = environ.get(env, "")
        if value.strip():
            return env, value
    for env in flag.env_names:
        legacy = "PMM_" + env[len("KOMETA_"):]
        value = environ.get(legacy, "")
        if value.strip():
            return legacy, value
    return None


# What load_dotenv_files put into the environment (key -> value), so the waiter can start each run
# without it and the run reads the (possibly edited) .env afresh.
DOTENV_LOADED: dict[str, str] = {}


def load_dotenv_files(config: Path, environ: MutableMapping[str, str]) -> list[Path]:
    """Load ``.env`` beside the config (and, from a checkout, its ``config/.env``); never override.

    An installed kometa has no install folder of its own: it reads only the config's ``.env``, not
    a ``config/.env`` of whatever folder it happens to be started in.
    """
    from dotenv import dotenv_values

    loaded: list[Path] = []
    candidates = [config.parent / ".env"]
    if os.environ.get("KOMETA_INSTALL_DIR"):
        candidates.append(install_dir() / "config" / ".env")
    for path in dict.fromkeys(p.resolve() for p in candidates):
        try:
            if not path.is_file():
                continue
            values = dotenv_values(path)
        except OSError as exc:  # a folder or .env this user may not read
            raise ConfigError(f"cannot read {path}: {exc.strerror or exc}; make it readable for this user") from None
        for key, value in values.items():
            if value is not None and key not in environ:
                environ[key] = value
                DOTENV_LOADED[key] = value
        loaded.append(path)
    return loaded


def environment_without_dotenv(environ: Mapping[str, str]) -> dict[str, str]:
    """``environ`` minus the values loaded from ``.env`` (for a child that loads ``.env`` itself)."""
    return {k: v for k, v in environ.items() if k not in DOTENV_LOADED or DOTENV_LOADED[k] != v}


def resolve_options(ns: argparse.Namespace, environ: MutableMapping[str, str],
                    secrets: Mapping[str, str] | None = None,
                    warn: Callable[[str], None] | None = None) -> Options:
    """Combine parsed flags with the environment (a non-empty variable wins) into Options."""
    config_env = _env_value(FLAGS[0], environ)
    config_text = config_env[1] if config_env else getattr(ns, "config", None)
    config = Path(config_text).expanduser() if config_text else default_config_path(environ)
    load_dotenv_files(config, environ)

    values: dict[str, Any] = {"config": config}
    for flag in FLAGS[1:]:
        cli_value = getattr(ns, flag.dest, None)
        env = _env_value(flag, environ)
        if env is None:
            value = None if cli_value is None else _convert(flag, cli_value, f"--{flag.name}")
        else:
            value = _convert(flag, env[1], env[0])
            if cli_value is not None and warn is not None and _differs(flag, cli_value, value):
                warn(f"{env[0]}={env[1]} overrides --{flag.name} from the command line (environment wins)")
        if value is not None:
            values[flag.dest] = value
    if "catch_up" not in values:
        values["catch_up"] = parse_duration("1h", source="--catch-up")
    all_secrets = env_secrets(environ)
    all_secrets.update(secrets or {})
    values["secrets"] = all_secrets
    values["tz"] = environ.get("TZ") or None
    options = Options(**values)
    _check(options)
    return options


def _convert(flag: Flag, raw: Any, source: str) -> Any:
    if flag.kind == "bool":
        return raw if isinstance(raw, bool) else parse_bool(raw, source=source)
    if flag.kind == "int":
        return parse_int(str(raw), source=source)
    if flag.dest == "catch_up":
        return parse_duration(str(raw), source=source)
    return str(raw)


def _differs(flag: Flag, cli_value: Any, env_value: Any) -> bool:
    try:
        return bool(_convert(flag, cli_value, f"--{flag.name}") != env_value)
    except UsageError:  # the flag is ignored anyway: the environment wins
        return True


def _check(options: Options) -> None:
    only = [name for name in ONLY_FLAGS if getattr(options, name)]
    if options.run_collections and "collections_only" not in only:
        only.append("run_collections")
    if len(only) > 1:
        names = ", ".join("--" + n.replace("_", "-") for n in only)
        raise UsageError(f"only one of the --*-only flags may be used at once (got {names})")
    if not 90 <= options.width <= 300:
        raise UsageError(f"--width={options.width} must be between 90 and 300")
    if options.validate_level not in ("syntax", "structure", "full"):
        raise UsageError(f"--validate-level={options.validate_level!r} must be syntax, structure or full")
    if options.times is not None:
        from kometa.timing.runtimes import parse_times

        parse_times(options.times)
    if options.cron is not None:
        from kometa.timing.runtimes import parse_cron

        parse_cron(options.cron)
    if options.wait and not options.immediate:
        raise UsageError("--wait only applies to a run started now (--run)")


def pending_notes(options: Options) -> tuple[list[str], list[str]]:
    """(errors, notes) for flags whose feature is not built yet: refuse or say so, never pretend."""
    errors: list[str] = []
    notes: list[str] = []
    for flag in FLAGS:
        value = getattr(options, flag.dest, None)
        if flag.pending and value and value != flag.default:
            errors.append(f"--{flag.name}: not available in this version ({flag.pending})")
    if options.no_missing:
        notes.append("--no-missing has no effect: missing-item handling needs external services (not supported)")
    if options.no_verify_ssl:
        notes.append("--no-verify-ssl applies to Plex connections only: no other services are used")
    return errors, notes


def options_from_args(argv: Sequence[str], environ: MutableMapping[str, str] | None = None) -> Options:
    """Parse main-command flags (as ``kometa`` takes them) into Options; for subcommands and tests."""
    rest, secrets = extract_secrets(argv)
    ns = _main_parser().parse_args(rest)
    return resolve_options(ns, os.environ if environ is None else environ, secrets)


def _load(target: str) -> Callable[..., Any]:
    import importlib

    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)  # type: ignore[no-any-return]


def _run_subcommand(name: str, argv: list[str]) -> int:
    parser = new_parser("kometa", "")
    sub = parser.add_subparsers(dest="command", required=True)
    _load(SUBCOMMANDS[name])(sub)
    ns = parser.parse_args([name, *argv])
    func = getattr(ns, "func", None)
    if func is None:
        raise UsageError(f"kometa {name}: choose an action (see 'kometa {name} --help')")
    return int(func(ns) or 0)


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


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    _tolerant_output()
    debug = "--debug" in args or "-db" in args
    try:
        if args and args[0] in SUBCOMMANDS:
            return _run_subcommand(args[0], args[1:])
        rest, secrets = extract_secrets(args)
        ns = _main_parser().parse_args(rest)
        warnings: list[str] = []
        options = resolve_options(ns, os.environ, secrets, warn=warnings.append)
        debug = options.debug
        errors, notes = pending_notes(options)
        if errors:
            raise UsageError(errors[0])
        for line in warnings + notes:
            print(f"kometa: note: {line}", file=sys.stderr)
        from kometa.runner import main_run

        return main_run(options, args)
    except KometaError as exc:
        print(f"kometa: error: {exc.message}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        return int(ExitCode.SIGINT)
    except Exception:
        if debug:
            raise
        import traceback

        traceback.print_exc()
        print("kometa: internal error (a bug in kometa, not in your setup); please report it", file=sys.stderr)
        return int(ExitCode.RUN_FAILED)
