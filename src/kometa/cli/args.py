"""Flags + ``KOMETA_*`` environment + ``.env`` -> one :class:`Options` (every flag lives in it once).

Used by :mod:`kometa.cli.main` for the main command and for subcommands that read the main flags;
nothing below ``cli`` imports this module: subcommands receive their Options.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from pathlib import Path
from typing import Any

from kometa import __version__
from kometa.core.environment import load_dotenv_files
from kometa.core.errors import UsageError
from kometa.core.options import (
    FLAGS,
    ONLY_FLAGS,
    Flag,
    Options,
    default_config_path,
    parse_bool,
    parse_duration,
    parse_int,
)

INTERNAL_ENV = {"KOMETA_DOCKER", "KOMETA_LINUXSERVER", "KOMETA_INSTALL_DIR", "KOMETA_HOME"}

# name -> "module:function" that adds the subcommand's parser (imported only when used).
SUBCOMMANDS: dict[str, str] = {
    "schedule": "kometa.cli.schedule:register",
    "status": "kometa.app.status:register",
    "trigger": "kometa.app.trigger:register",
    "service": "kometa.platforms.commands:register",
    "demo": "kometa.app.demo:register",
    "auth": "kometa.app.auth:register",
    "overlays": "kometa.app.overlay_preview:register",
}


class _Parser(argparse.ArgumentParser):
    """argparse that raises UsageError instead of printing usage and exiting."""

    def error(self, message: str) -> Any:  # type: ignore[override, unused-ignore]
        raise UsageError(f"{self.prog}: {message} (see '{self.prog} --help')")


def new_parser(prog: str, description: str) -> argparse.ArgumentParser:
    return _Parser(prog=prog, description=description, allow_abbrev=False)


def main_parser() -> argparse.ArgumentParser:
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


def resolve_options(ns: argparse.Namespace, environ: MutableMapping[str, str],
                    secrets: Mapping[str, str] | None = None,
                    warn: Callable[[str], None] | None = None) -> Options:
    """Combine parsed flags with the environment (a non-empty variable wins) into Options."""
    config_env = _env_value(FLAGS[0], environ)
    config_text = config_env[1] if config_env else getattr(ns, "config", None)
    config = Path(config_text).expanduser() if config_text else default_config_path(environ)
    load_dotenv_files(config, environ)

    values: dict[str, Any] = {"config": config}
    sources: dict[str, str] = {}  # dest -> where the value came from (KOMETA_TIMES or --times), for messages
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
            sources[flag.dest] = env[0] if env is not None else f"--{flag.name}"
    if "catch_up" not in values:
        values["catch_up"] = parse_duration("1h", source="--catch-up")
    all_secrets = env_secrets(environ)
    all_secrets.update(secrets or {})
    values["secrets"] = all_secrets
    values["tz"] = environ.get("TZ") or None
    values["given"] = frozenset(sources)
    options = Options(**values)
    _check(options, sources)
    return options


def _convert(flag: Flag, raw: Any, source: str) -> Any:
    if flag.kind == "bool":
        return raw if isinstance(raw, bool) else parse_bool(raw, source=source)
    if flag.kind == "int":
        return parse_int(str(raw), source=source)
    if flag.dest in ("catch_up", "settle"):
        return parse_duration(str(raw), source=source)
    return str(raw)


def _differs(flag: Flag, cli_value: Any, env_value: Any) -> bool:
    try:
        return bool(_convert(flag, cli_value, f"--{flag.name}") != env_value)
    except UsageError:  # the flag is ignored anyway: the environment wins
        return True


def _check(options: Options, sources: Mapping[str, str] | None = None) -> None:
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

        parse_times(options.times, source=(sources or {}).get("times", "--times"))
    if options.cron is not None:
        from kometa.timing.runtimes import parse_cron

        parse_cron(options.cron, source=(sources or {}).get("cron", "--cron"))
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
        notes.append("--no-missing has no effect in this version: missing items are still reported (nothing is sent "
                     "to Radarr/Sonarr)")
    return errors, notes


WAITER_ONLY = (("plex_events", "--plex-events"), ("listen", "--listen"), ("settle", "--settle"))  # not the token:
# a container's environment may well carry KOMETA_LISTEN_TOKEN for the waiter and its one-off runs alike
INTERNAL_CHILD = ("KOMETA_INTERNAL_TRIGGER", "KOMETA_INTERNAL_EVENT_WORKER")  # the waiter's own runs


def waiter_only_note(options: Options, environ: Mapping[str, str]) -> str | None:
    """A run-once invocation given the waiter's event flags (which it would ignore): one warning line.
    Not for the waiter's own runs, which inherit its command line and environment."""
    if not options.immediate or any(environ.get(name) for name in INTERNAL_CHILD):
        return None
    names = [flag for dest, flag in WAITER_ONLY
             if dest in options.given and (dest == "settle" or getattr(options, dest))]
    if not names:
        return None
    return (f"{', '.join(names)} only apply to the waiter (kometa without --run); this run ignores "
            f"{'it' if len(names) == 1 else 'them'}")


def flags_argv(ns: Any, names: Sequence[str]) -> list[str]:
    """The main-command flags a subcommand namespace carries (attributes ``names``), as argv."""
    argv: list[str] = []
    for name in names:
        value = getattr(ns, name, None)
        if value is None or value is False:
            continue
        argv += ["--" + name.replace("_", "-")] if value is True else ["--" + name.replace("_", "-"), str(value)]
    return argv


def options_from_args(argv: Sequence[str], environ: MutableMapping[str, str] | None = None) -> Options:
    """Parse main-command flags (as ``kometa`` takes them) into Options; for subcommands and tests."""
    rest, secrets = extract_secrets(argv)
    ns = main_parser().parse_args(rest)
    return resolve_options(ns, os.environ if environ is None else environ, secrets)
