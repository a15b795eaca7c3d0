"""The Options object: every runtime flag lives here once.

Each flag is declared once in :data:`FLAGS` with its long name, short forms and aliases, type and
default. :mod:`kometa.cli.args` builds the argument parser and the ``KOMETA_*`` environment lookup from
that table, and :func:`resolve` turns parsed flags plus environment into one frozen
:class:`Options`.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kometa.core.errors import UsageError

TRUE_WORDS = {"true", "t", "yes", "y", "1", "on"}
FALSE_WORDS = {"false", "f", "no", "n", "0", "off"}
MAX_DURATION = 365 * 86400.0


@dataclass(frozen=True)
class Flag:
    name: str  # long name without dashes, e.g. "run-collections"
    aliases: tuple[str, ...]  # every other spelling, with dashes, e.g. ("-rc", "--collections")
    kind: str  # "bool", "str", "int"
    default: Any = None
    help: str = ""
    pending: str | None = None  # the issue/feature that brings it, when it does nothing yet

    @property
    def dest(self) -> str:
        return self.name.replace("-", "_")

    @property
    def env_names(self) -> list[str]:
        names = [f"KOMETA_{self.dest.upper()}"]
        for alias in self.aliases:
            if alias.startswith("--"):
                env = "KOMETA_" + alias[2:].replace("-", "_").upper()
                if env not in names:
                    names.append(env)
        return names


_VALIDATE = "standalone validation modes arrive in a later release"

FLAGS: tuple[Flag, ...] = (
    Flag("config", ("-c",), "str", None, "path to config.yml"),
    Flag("times", ("-t", "--time"), "str", None, "waiter run times, HH:MM separated by '|' (default 05:00)"),
    Flag("cron", ("-cr",), "str", None, "cron expressions for waiter runs, separated by '|'"),
    Flag("catch-up", ("-cu",), "str", "1h", "run a missed moment on wake when missed by less than this (0 = off)"),
    Flag("run", ("-r",), "bool", False, "run once now and exit"),
    Flag("wait", (), "bool", False, "with --run: wait for a running run to finish instead of exiting 3"),
    Flag("dry-run", ("-dr",), "bool", False, "decide everything, print the changes, write nothing to Plex"),
    Flag("tests", ("-ts", "-rt", "--test", "--run-test", "--run-tests"), "bool", False,
         "run now, only definitions with test: true"),
    Flag("debug", ("-db",), "bool", False, "debug logging (and tracebacks)"),
    Flag("trace", ("-tr",), "bool", False, "extra-verbose logging"),
    Flag("log-requests", ("-lr", "--log-request"), "bool", False, "log all HTTP traffic"),
    Flag("timeout", ("-ti",), "int", 180, "seconds for non-Plex HTTP calls"),
    Flag("no-verify-ssl", ("-nv",), "bool", False, "no TLS verification on outbound calls"),
    Flag("collections-only", ("-co", "--collection-only"), "bool", False, "only collection files"),
    Flag("metadata-only", ("-mo", "--metadatas-only"), "bool", False, "only metadata files"),
    Flag("playlists-only", ("-po", "--playlist-only"), "bool", False, "only playlist files"),
    Flag("operations-only", ("-op", "--operation", "--operations", "-lo", "--library-only",
                             "--libraries-only", "--operation-only"), "bool", False, "only operations"),
    Flag("overlays-only", ("-ov", "--overlay", "--overlays", "--overlay-only"), "bool", False,
         "only overlays"),
    Flag("run-collections", ("-rc", "-cl", "--collection", "--collections", "--run-collection"), "str", None,
         "'|' list of collection names to run now"),
    Flag("run-libraries", ("-rl", "-l", "--library", "--libraries", "--run-library"), "str", None,
         "'|' list of library names to run now"),
    Flag("run-files", ("-rf", "-rm", "-m", "--run-file", "--metadata", "--metadata-files",
                       "--run-metadata-files"), "str", None, "'|' list of file names to run now"),
    Flag("ignore-schedules", ("-is",), "bool", False, "ignore config schedules"),
    Flag("ignore-ghost", ("-ig",), "bool", False, "no transient progress lines"),
    Flag("delete-collections", ("-dc", "--delete", "--delete-collection"), "bool", False,
         "delete the managed collections of each processed library first"),
    Flag("delete-labels", ("-dl", "--delete-label"), "bool", False, "remove all item labels except Overlay"),
    Flag("resume", ("-re",), "str", None, "run now, starting at this collection"),
    Flag("no-countdown", ("-nc",), "bool", False, "the waiter prints no countdown"),
    Flag("no-missing", ("-nm",), "bool", False, "no missing-item handling"),
    Flag("no-report", ("-nr",), "bool", False, "no report file"),
    Flag("read-only-config", ("-ro",), "bool", False, "never write config.yml"),
    Flag("divider", ("-d",), "str", "=", "log separator character"),
    Flag("width", ("-w",), "int", 100, "log width (90..300)"),
    Flag("low-priority", ("-lp",), "bool", False, "lower the process priority"),
    Flag("validate", ("-va", "--validate-config"), "bool", False, "check the config and exit 0/2"),
    Flag("validate-level", ("-vl",), "str", "structure", "syntax, structure or full"),
    Flag("validate-schema", ("-vs", "--validate-schemas"), "bool", False, "also check against JSON schema",
         _VALIDATE),
    Flag("schema-path", ("-sp",), "str", "json-schema/", "schema folder", _VALIDATE),
    Flag("validate-file", ("-vf", "--validate-files"), "str", None, "check one YAML file", _VALIDATE),
    Flag("validate-dir", ("-vd", "--validate-directory"), "str", None, "check every YAML in a folder",
         _VALIDATE),
    Flag("plex-url", ("-pu",), "str", None, "Plex URL where the config says url: env"),
    Flag("plex-token", ("-pt",), "str", None, "Plex token where the config says token: env"),
    Flag("listen", (), "str", None, "waiter: take webhooks (Plex, Sonarr, Radarr, Tautulli, POST /run) on "
         "HOST:PORT (a bare PORT: 127.0.0.1); needs KOMETA_LISTEN_TOKEN"),
    Flag("listen-token", (), "str", None, "the token every webhook must carry (prefer KOMETA_LISTEN_TOKEN)"),
    Flag("plex-events", (), "bool", False, "waiter: run what Plex's notification websocket reports changed"),
    Flag("settle", (), "str", "30s", "events: a scoped run starts this long after the last change (e.g. 30s, 2m)"),
)

FLAG_BY_DEST = {f.dest: f for f in FLAGS}
ONLY_FLAGS = ("collections_only", "metadata_only", "playlists_only", "operations_only", "overlays_only")
IMMEDIATE_FLAGS = ("run", "tests", "run_collections", "run_libraries", "run_files", "resume", "validate")


def parse_bool(text: str, *, source: str) -> bool:
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise UsageError(f"{source}={text!r} is not a boolean; use true/false, yes/no or 1/0")


def parse_int(text: str, *, source: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise UsageError(f"{source}={text!r} is not a whole number") from None


def parse_duration(text: str, *, source: str) -> float:
    """``90``/``90s``, ``15m``, ``2h``, ``1d`` -> seconds. ``0`` disables."""
    raw = text.strip().lower()
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    number, unit = (raw[:-1], raw[-1]) if raw and raw[-1] in units else (raw, "s")
    try:
        value = float(number)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):  # inf/nan would crash the waiter's date arithmetic later
        raise UsageError(f"{source}={text!r} is not a duration; use e.g. 0, 90s, 15m, 1h")
    if value < 0:
        raise UsageError(f"{source}={text!r} must not be negative")
    if value * units[unit] > MAX_DURATION:
        raise UsageError(f"{source}={text!r} is too long; use at most 365d")
    return value * units[unit]


def parse_listen_address(text: str) -> tuple[str, int]:
    """``PORT``, ``HOST:PORT`` or ``[v6]:PORT`` -> (host, port); a bare port listens on 127.0.0.1.
    Raises ValueError saying what to give."""
    raw = str(text).strip()
    host, sep, port_text = raw.rpartition(":")
    if not sep:
        host, port_text = "127.0.0.1", raw
    host = host.strip("[]") or "127.0.0.1"
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ValueError(f"{text!r}: give HOST:PORT or PORT, e.g. 127.0.0.1:8765")
    return host, int(port_text)


@dataclass(frozen=True)
class Options:
    """Every runtime flag, resolved from command line, ``KOMETA_*`` environment and ``.env``."""

    config: Path
    times: str | None = None
    cron: str | None = None
    catch_up: float = 3600.0
    run: bool = False
    wait: bool = False
    dry_run: bool = False
    tests: bool = False
    debug: bool = False
    trace: bool = False
    log_requests: bool = False
    timeout: int = 180
    no_verify_ssl: bool = False
    collections_only: bool = False
    metadata_only: bool = False
    playlists_only: bool = False
    operations_only: bool = False
    overlays_only: bool = False
    run_collections: str | None = None
    run_libraries: str | None = None
    run_files: str | None = None
    ignore_schedules: bool = False
    ignore_ghost: bool = False
    delete_collections: bool = False
    delete_labels: bool = False
    resume: str | None = None
    no_countdown: bool = False
    no_missing: bool = False
    no_report: bool = False
    read_only_config: bool = False
    divider: str = "="
    width: int = 100
    low_priority: bool = False
    validate: bool = False
    validate_level: str = "structure"
    validate_schema: bool = False
    schema_path: str = "json-schema/"
    validate_file: str | None = None
    validate_dir: str | None = None
    plex_url: str | None = None
    plex_token: str | None = None
    tz: str | None = None
    secrets: Mapping[str, str] = field(default_factory=dict)
    listen: str | None = None
    listen_token: str | None = None
    plex_events: bool = False
    settle: float = 30.0
    given: frozenset[str] = frozenset()  # the flags the command line or KOMETA_* set (settings: give way to them)

    @property
    def immediate(self) -> bool:
        """True for a run-once invocation; False for the waiter."""
        return any(bool(getattr(self, name)) for name in IMMEDIATE_FLAGS)

    @property
    def config_dir(self) -> Path:
        return self.config.parent

    @staticmethod
    def split_names(value: str | None) -> list[str]:
        return [part.strip() for part in value.split("|") if part.strip()] if value else []


def install_dir() -> Path:
    """The checkout (``kometa.py``'s folder) or, when installed, the current folder."""
    env = os.environ.get("KOMETA_INSTALL_DIR")
    return Path(env) if env else Path.cwd()


DOCKERENV = Path("/.dockerenv")
DOCKER_CONFIG = Path("/config/config.yml")


def in_docker(environ: Mapping[str, str]) -> bool:
    value = environ.get("KOMETA_DOCKER", "")
    if value:
        try:
            return parse_bool(value, source="KOMETA_DOCKER")
        except UsageError:
            return True
    return DOCKERENV.exists()


def default_config_path(environ: Mapping[str, str]) -> Path:
    """``/config/config.yml`` in kometa's image (``KOMETA_DOCKER``); else ``config/config.yml`` in the
    install folder. In another container (only ``/.dockerenv`` says so: a dev container, CI) the
    install folder's config is used unless ``/config/config.yml`` exists."""
    local = install_dir() / "config" / "config.yml"
    if environ.get("KOMETA_DOCKER", ""):
        return DOCKER_CONFIG if in_docker(environ) else local
    if DOCKERENV.exists() and DOCKER_CONFIG.is_file():
        return DOCKER_CONFIG
    return local
