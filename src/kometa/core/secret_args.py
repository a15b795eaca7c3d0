"""Secret command-line flags: shown as ``(redacted)``, and handed to child runs in the environment.

``--plex-token``/``-pt`` and every ``--kometa-NAME``/``--pmm-NAME`` carry a secret value. A command
line that is logged (the debug ``Command:`` line) shows ``(redacted)`` for each, whether or not the
value was registered with the log redactor; the waiter starts its child runs with these values in
``KOMETA_*`` variables instead of arguments, so they never show in a process list.
"""

from __future__ import annotations

from collections.abc import Sequence

from kometa.core.logs import REDACTED

SECRET_FLAGS = {"--plex-token": "KOMETA_PLEX_TOKEN", "-pt": "KOMETA_PLEX_TOKEN"}
SECRET_PREFIXES = ("--kometa-", "--pmm-")


def _secret_env(flag: str) -> str | None:
    if flag in SECRET_FLAGS:
        return SECRET_FLAGS[flag]
    for prefix in SECRET_PREFIXES:
        if flag.startswith(prefix) and len(flag) > len(prefix):
            return "KOMETA_" + flag[len(prefix):].upper().replace("-", "_")
    return None


def _walk(argv: Sequence[str]) -> list[tuple[str, str | None, str | None]]:
    """``(text, env name, value)`` per argument group; env is None for a public argument."""
    out: list[tuple[str, str | None, str | None]] = []
    items = list(argv)
    i = 0
    while i < len(items):
        arg = items[i]
        if arg == "--":
            out += [(a, None, None) for a in items[i:]]
            break
        flag, eq, value = arg.partition("=")
        env = _secret_env(flag)
        if env is None:
            out.append((arg, None, None))
        elif eq:
            out.append((flag, env, value))
        elif i + 1 < len(items):
            out.append((flag, env, items[i + 1]))
            i += 1
        else:
            out.append((arg, None, None))
        i += 1
    return out


def redact_argv(argv: Sequence[str]) -> list[str]:
    """``argv`` with the value of every secret flag replaced by ``(redacted)``."""
    shown: list[str] = []
    for text, env, _ in _walk(argv):
        shown += [text] if env is None else [text, REDACTED]
    return shown


def secrets_to_env(argv: Sequence[str]) -> tuple[list[str], dict[str, str]]:
    """``argv`` without its secret flags, and those values as the ``KOMETA_*`` variables they mean."""
    public: list[str] = []
    env: dict[str, str] = {}
    for text, name, value in _walk(argv):
        if name is None:
            public.append(text)
        else:
            env[name] = value or ""
    return public, env
