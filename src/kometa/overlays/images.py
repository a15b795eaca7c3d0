"""Overlay images given by ``url:``, ``git:`` or ``repo:``: fetched once into
``<config dir>/overlays/<name>.png`` (spec 7.1).

``git: PATH`` is ``PATH.png`` in Kometa's community configs repository (base URL overridable with
``KOMETA_GIT_URL``, which is how tests point it at a local server); ``repo: PATH`` is ``PATH.png``
under ``settings: custom_repo``. The reply must be ``Content-Type: image/png``; a saved copy is
reused on later runs (delete it to fetch again), so a run costs no request per overlay image.
"""

from __future__ import annotations

from pathlib import Path

from kometa.core.errors import ConfigError


def _error(where: str, message: str) -> ConfigError:
    file, _, line = where.rpartition(":")
    return ConfigError(message, file=file or where, line=int(line) if line.isdigit() else None)


def _png(base: str, path: str) -> str:
    path = str(path).strip().lstrip("/")
    return f"{base.rstrip('/')}/{path if path.lower().endswith('.png') else path + '.png'}"


def git_url(path: str) -> str:
    """The address of a ``git:`` image (Kometa's community configs repository; ``KOMETA_GIT_URL``
    overrides the base, as for ``git:`` files)."""
    from kometa.config.remote import git_base

    return _png(git_base(), path)


def repo_url(path: str, custom_repo: str) -> str:
    """The address of a ``repo:`` image under ``settings: custom_repo`` (a github.com tree/blob
    address is read as its raw.githubusercontent.com twin, as for ``repo:`` files)."""
    from kometa.config.remote import raw_address

    return _png(raw_address(str(custom_repo)), path)


def fetch_image(url: str, name: str, config_dir: Path, where: str, timeout: float = 30.0) -> Path:
    target = config_dir / "overlays" / f"{name}.png"
    if target.is_file():
        return target
    import requests

    try:
        response = requests.get(url, timeout=timeout)
    except requests.RequestException as exc:
        raise _error(where, f"overlay image {url} could not be fetched: {type(exc).__name__}") from None
    if response.status_code != 200:
        raise _error(where, f"overlay image {url} answered HTTP {response.status_code}")
    kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if kind != "image/png":
        raise _error(where, f"overlay image {url} is '{kind or 'unknown'}', not image/png")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(response.content)
    return target
