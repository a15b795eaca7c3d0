"""Resolve file references (``file``, ``folder``, ``url``, ``git``, ``repo``, ``default``) to loaded YAML
documents.

A relative path is looked up beside config.yml first, then in the install folder and the current
folder, and ``config/X`` also as ``X`` beside config.yml (so the same config works from a checkout
and from Docker's ``/config``). ``url``/``git``/``repo`` documents are fetched over HTTP(S)
(:mod:`kometa.config.remote`); ``default`` ones are our own files (:mod:`kometa.config.defaults`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kometa.config.model import FileRef
from kometa.config.remote import REMOTE_KINDS, PlainRemote, Remote, url_for
from kometa.config.yaml_io import load_yaml, parse_yaml
from kometa.core.errors import ConfigError
from kometa.core.options import install_dir

#: why ``image_files: - default: NAME`` is refused (Kometa's image sets live in its own repository)
NO_DEFAULT_IMAGE_SETS = ("no default image sets are shipped with this version (Kometa's come from its own "
                         "repository, which may not be copied); point at an image set of your own with file:, "
                         "url:, git: or repo:, or read a style from a GitHub repository with git_style: owner/repo")


@dataclass(frozen=True)
class Document:
    """One loaded YAML file of a file reference."""

    ref: FileRef
    source: str  # path or URL
    data: Any
    # a ``default:`` file: its data per library type, where each came from, its DefaultInfo
    variants: Mapping[str, Any] = field(default_factory=dict)
    info: Any = None
    sources: Mapping[str, str] = field(default_factory=dict)


def candidate_paths(location: str, config_dir: Path) -> list[Path]:
    path = Path(location).expanduser()
    if path.is_absolute():
        return [path]
    candidates = [config_dir / path, install_dir() / path, Path.cwd() / path]
    parts = path.parts
    if len(parts) > 1 and parts[0] == "config":
        candidates.append(config_dir.joinpath(*parts[1:]))
    return list(dict.fromkeys(candidates))


def _twin(path: Path) -> Path | None:
    if path.suffix == ".yml":
        return path.with_suffix(".yaml")
    if path.suffix == ".yaml":
        return path.with_suffix(".yml")
    return None


def find_file(ref: FileRef, config_dir: Path) -> Path:
    tried: list[Path] = []
    for path in candidate_paths(ref.location, config_dir):
        for option in (path, _twin(path)):
            if option is not None:
                tried.append(option)
                if option.is_file():
                    return option
    folder = next((p for p in candidate_paths(ref.location, config_dir) if p.is_dir()), None)
    if folder is not None:
        raise ConfigError(f"file '{ref.location}' is a folder, not a file; list it as '- folder: {ref.location}'",
                          file=ref.file, line=ref.line)
    shown = ", ".join(str(p) for p in tried[:3])
    raise ConfigError(f"file '{ref.location}' not found (tried {shown})", file=ref.file, line=ref.line)


def find_folder(ref: FileRef, config_dir: Path) -> Path:
    for path in candidate_paths(ref.location, config_dir):
        if path.is_dir():
            return path
    raise ConfigError(f"folder '{ref.location}' not found", file=ref.file, line=ref.line)


def fetch_url(ref: FileRef, timeout: float = 30.0) -> str:
    """The text of a ``url:`` entry, fetched once with a timeout (no run policy)."""
    return PlainRemote(timeout=timeout).fetch(ref.location, ref)


def load_documents(ref: FileRef, config_dir: Path, *, timeout: float = 30.0,
                   remote: Remote | None = None) -> list[Document]:
    """Load the YAML document(s) a file reference points at.

    ``remote`` fetches ``url``/``git``/``repo`` entries (a run passes its policy-and-cache client and
    the config's ``custom_repo``); without it they are fetched once with ``timeout``."""
    if ref.kind == "file":
        path = find_file(ref, config_dir)
        return [Document(ref, str(path), load_yaml(path))]
    if ref.kind == "folder":
        folder = find_folder(ref, config_dir)
        try:
            files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in (".yml", ".yaml"))
        except OSError as exc:
            raise ConfigError(f"folder '{ref.location}' cannot be read: {exc.strerror or exc}", file=ref.file,
                              line=ref.line) from None
        if not files:
            raise ConfigError(f"folder '{ref.location}' has no .yml or .yaml files", file=ref.file, line=ref.line)
        return [Document(ref, str(p), load_yaml(p)) for p in files]
    if ref.kind in REMOTE_KINDS:
        remote = remote if remote is not None else PlainRemote(timeout=timeout)
        url = url_for(ref, remote.custom_repo)
        return [Document(ref, url, parse_yaml(remote.fetch(url, ref), url))]
    if ref.kind == "default" and ref.section == "image_files":
        raise ConfigError(f"image_files: default: {ref.location}: {NO_DEFAULT_IMAGE_SETS}", file=ref.file,
                          line=ref.line)
    if ref.kind == "default":
        from kometa.config.defaults import load_default

        return [load_default(ref)]
    raise ConfigError(f"unknown file entry kind '{ref.kind}:'", file=ref.file, line=ref.line)


class DocumentCache:
    """Each file reference loaded once per run: the run's up-front schedule check and the engine
    share the parsed documents (and a file's error) instead of reading and parsing twice."""

    def __init__(self, remote: Remote | None = None) -> None:
        self.remote = remote
        self._loaded: dict[tuple[str, str, str | None, int | None, str], list[Document] | ConfigError] = {}

    def load(self, ref: FileRef, config_dir: Path) -> list[Document]:
        key = (ref.kind, ref.location, ref.file, ref.line, str(config_dir))
        if key not in self._loaded:
            try:
                self._loaded[key] = load_documents(ref, config_dir, remote=self.remote)
            except ConfigError as error:
                self._loaded[key] = error
        found = self._loaded[key]
        if isinstance(found, ConfigError):
            raise found
        return found
