"""The ``version`` webhook: "a newer release than this one exists" (spec 11: ``current``,
``latest``, ``notes``), sent once per new release.

Kometa asks its own GitHub for releases. This version has no release channel of its own, so the
check reads a release feed in PyPI's JSON shape (:mod:`kometa.clients.releases`; the address is
``https://pypi.org/pypi/kometa/json`` unless ``KOMETA_RELEASES_URL`` names another index) and
compares its ``info.version`` with ours (:data:`kometa.__version__`). Only a config with
``webhooks: version:`` asks the feed (once per run, at its start, after ``run_start``); the
version last announced is kept beside config.yml in ``kometa-version.json``, so each new release
is announced once, not on every run. A dry run asks and logs but sends and records nothing.
Nothing here fails a run: a feed that cannot be read is one warning.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

log = logging.getLogger("kometa")
STATE_NAME = "kometa-version.json"
_VERSION = re.compile(r"^\s*v?(\d+(?:\.\d+)*)(?:[.-]?(a|b|rc|dev|post)\.?(\d*))?", re.IGNORECASE)
_PHASE = {"dev": 0, "a": 1, "b": 2, "rc": 3, None: 4, "post": 5}


def version_key(text: str) -> tuple[tuple[int, ...], int, int] | None:
    """A sortable key for ``1.2.3``, ``1.2.3rc1``, ``1.2.3.post1``, ``v2.0`` (PEP 440's usual forms;
    a pre-release sorts before its release); None for text that is not a version."""
    match = _VERSION.match(text)
    if match is None:
        return None
    release = tuple(int(part) for part in match.group(1).split("."))
    while len(release) > 1 and release[-1] == 0:
        release = release[:-1]
    phase = match.group(2).lower() if match.group(2) else None
    return release, _PHASE[phase], int(match.group(3) or 0)


def newer(latest: str, current: str) -> bool:
    have, offered = version_key(current), version_key(latest)
    return have is not None and offered is not None and offered > have


def _announced(path: Path) -> str | None:
    try:
        value = json.loads(path.read_text(encoding="utf-8")).get("announced")
    except (OSError, ValueError, AttributeError):
        return None
    return str(value) if value else None


def check_version(notifier: Any, directory: Path, *, dry_run: bool = False, current: str | None = None,
                  client: Any = None) -> str | None:
    """Send ``version`` when the feed names a newer release not announced yet; the release
    announced (or None). Never raises."""
    if notifier is None or not notifier.wants("version"):
        return None
    try:
        return _check(notifier, directory, dry_run, current, client)
    except Exception as exc:  # the version check is a courtesy: it never fails a run
        log.warning("Version check: %s (no version notification this run)", getattr(exc, "message", None) or exc)
        return None


def _check(notifier: Any, directory: Path, dry_run: bool, current: str | None, client: Any) -> str | None:
    from kometa import __version__
    from kometa.clients.releases import ReleasesClient

    current = current or __version__
    client = client or ReleasesClient()
    release = client.latest()
    if not newer(release.version, current):
        log.debug("Version check: %s is the latest release (this is %s)", release.version, current)
        return None
    state = directory / STATE_NAME
    if _announced(state) == release.version:
        log.info("A newer version %s is available (this is %s); already announced", release.version, current)
        return None
    log.info("A newer version %s is available (this is %s)", release.version, current)
    if dry_run:
        log.info("Dry run: the version notification is not sent")
        return None
    notifier.version(current, release.version, release.notes)
    try:
        state.write_text(json.dumps({"announced": release.version}) + "\n", encoding="utf-8")
    except OSError as exc:
        log.warning("Version check: %s could not be written (%s); the release may be announced again", state, exc)
    return str(release.version)
