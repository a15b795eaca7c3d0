"""Overlay images given by ``url:``, ``git:`` or ``repo:``, saved as ``<config dir>/overlays/<name>.png``
(spec 7.1).

``git: PATH`` is ``PATH.png`` in Kometa's community configs repository (base URL overridable with
``KOMETA_GIT_URL``, which is how tests point it at a local server); ``repo: PATH`` is ``PATH.png``
under ``settings: custom_repo``. The reply must be ``Content-Type: image/png``. They are fetched
through the client policy (timeouts, retries, 429 + Retry-After) and kept in the run's cache, as
remote config files are (:meth:`kometa.clients.files.RemoteFiles.image`): asked at most once a day,
the cached copy used (with a warning) when the address is down; the saved file changes only when
the image does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol


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


class Images(Protocol):
    """Fetches a PNG (``kometa.clients.files.RemoteFiles.image``: the client policy and the run's cache)."""

    def image(self, url: str, where: str) -> bytes: ...


def images_of(load: Any) -> Images:
    """The image fetcher of a run: the remote of the run's document cache (``load`` is its bound
    ``load``), else one with the client policy and no cache (a file loaded outside a run)."""
    remote = getattr(getattr(load, "__self__", None), "remote", None)
    if remote is not None and hasattr(remote, "image"):
        return remote  # type: ignore[no-any-return]
    from kometa.clients.files import RemoteFiles

    return RemoteFiles(None)


def fetch_image(url: str, name: str, config_dir: Path, where: str, images: Images) -> Path:
    """The image at ``url`` saved as ``<config dir>/overlays/<name>.png`` (rewritten only when it changed,
    so a render's image fingerprint moves only then)."""
    data = images.image(url, where)
    target = config_dir / "overlays" / f"{name}.png"
    if not target.is_file() or target.read_bytes() != data:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        partial.write_bytes(data)
        partial.replace(target)
    return target
