""".env beside the config: loaded into the environment without overriding it, and remembered so
a waiter can start each run without it (the run then reads an edited .env afresh)."""

from __future__ import annotations

import os
from collections.abc import Mapping, MutableMapping
from pathlib import Path

from kometa.core.errors import ConfigError
from kometa.core.options import install_dir

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
