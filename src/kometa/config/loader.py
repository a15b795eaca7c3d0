"""Load ``config.yml``: YAML with line numbers, secrets filled, structure checked -> :class:`Config`.

Every problem is a :class:`~kometa.core.errors.ConfigError` naming ``file:line``, what is wrong and how
to fix it. Nothing here talks to Plex.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from kometa.config.model import Config, FileRef, LibraryConfig, Located, PlexConfig
from kometa.config.yaml_io import error_at, file_of, line_of, load_yaml
from kometa.core.errors import ConfigError

DEFAULT_SETTINGS: dict[str, Any] = {
    "run_order": ["operations", "metadata", "collections", "overlays"],
    "sync_mode": "append",
    "minimum_items": 1,
    "delete_below_minimum": False,
    "delete_not_scheduled": False,
    "run_again_delay": 0,
    "default_collection_order": None,
    "playlist_sync_to_users": None,
    "playlist_report": True,
    "show_unmanaged": True,
    "show_unconfigured": True,
    "show_missing": True,
    "asset_directory": None,
    "ignore_ids": None,
    "ignore_imdb_ids": None,
}

TOP_LEVEL = {
    "libraries", "playlist_files", "settings", "plex", "webhooks", "tmdb", "tautulli", "github", "omdb",
    "mdblist", "notifiarr", "gotify", "ntfy", "apprise", "anidb", "radarr", "sonarr", "trakt", "mal",
    "simkl",
}
LIBRARY_KEYS = {
    "library_name", "schedule", "collection_files", "metadata_files", "overlay_files", "image_files",
    "operations", "template_variables", "settings", "plex", "radarr", "sonarr", "tautulli", "webhooks",
    "remove_overlays", "reapply_overlays", "reset_overlays", "schedule_overlays", "report_path",
    "metadata_path", "overlay_path",
}
#: library-level operation keys of older configs (kometa.operations.model maps them to operations)
LIBRARY_KEYS |= {"split_duplicates", "assets_for_all", "delete_unmanaged_collections", "delete_collections_with_less",
                 "mass_genre_update", "mass_audience_rating_update", "mass_critic_rating_update",
                 "mass_user_rating_update", "mass_content_rating_update", "remove_title_parentheses",
                 "genre_mapper", "radarr_add_all", "sonarr_add_all"}
DEFINITION_KEYS = {"collections", "dynamic_collections", "metadata", "overlays", "templates", "playlists"}
FILE_KINDS = ("file", "folder", "url", "default", "pmm", "git", "repo")
FILE_BLOCK_KEYS = {*FILE_KINDS, "schedule", "template_variables", "asset_directory"}

_PLACEHOLDER = re.compile(r"<<([^<>]+)>>")


def _suggest(word: str, choices: set[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


class _SecretFiller:
    """Fill ``<<name>>`` placeholders in config.yml values from secrets.

    Unlike Kometa, ``<<my_key>>``, ``<<my-key>>`` and ``<<MY_KEY>>`` all match the secret
    ``my-key``, every placeholder in a value is filled, and an unknown one is an error rather than a
    silently blank field.
    """

    def __init__(self, secrets: Mapping[str, str]) -> None:
        self.secrets = {k.lower().replace("_", "-"): v for k, v in secrets.items()}

    def fill(self, node: Any) -> None:
        if isinstance(node, CommentedMap):
            for key in list(node.keys()):
                if key == "template_variables":
                    continue
                node[key] = self._value(node[key], node, key)
        elif isinstance(node, CommentedSeq):
            for index in range(len(node)):
                node[index] = self._value(node[index], node, index)

    def _value(self, value: Any, parent: Any, key: Any) -> Any:
        if isinstance(value, CommentedMap | CommentedSeq):
            self.fill(value)
            return value
        if not isinstance(value, str) or "<<" not in value:
            return value

        def replace(match: re.Match[str]) -> str:
            name = match.group(1).strip().lower().replace("_", "-")
            if name not in self.secrets:
                env = "KOMETA_" + name.upper().replace("-", "_")
                raise error_at(
                    f"secret <<{match.group(1)}>> is not set; set {env} (environment or .env) "
                    f"or pass --kometa-{name} VALUE", parent, key)
            return self.secrets[name]

        return _PLACEHOLDER.sub(replace, value)


def _as_bool(value: Any, node: Any, key: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false", "yes", "no"):
        return value.lower() in ("true", "yes")
    raise error_at(f"{key} must be true or false, got {value!r}", node, key)


def _plex(node: Any, options_url: str | None, options_token: str | None, where: str) -> PlexConfig | None:
    if node is None:
        return None
    if not isinstance(node, CommentedMap):
        raise ConfigError(f"{where} plex must be a mapping with url and token")
    url = node.get("url")
    token = node.get("token")
    if url == "env":
        url = options_url
    if token == "env":
        token = options_token
    if not url and not token:
        return None
    for key, value in (("url", url), ("token", token)):
        if isinstance(value, CommentedMap | CommentedSeq | list | dict | bool):
            raise error_at(f"plex {key} must be text, got {type(value).__name__}", node, key)
    if not url:
        raise error_at("plex url is missing; add e.g. url: http://192.168.1.12:32400", node)
    if not token:
        raise error_at("plex token is missing; add token: YOUR_PLEX_TOKEN (or token: env with --plex-token)",
                       node)
    timeout = node.get("timeout", 60)
    if not isinstance(timeout, int | float) or isinstance(timeout, bool) or not 0 < timeout < math.inf:
        raise error_at(f"plex timeout must be a positive number of seconds, got {timeout!r}", node, "timeout")
    verify = _as_bool(node.get("verify_ssl", True), node, "verify_ssl")
    url_text = str(url).strip()
    if not re.match(r"^https?://", url_text):
        raise error_at(f"plex url {url_text!r} must start with http:// or https://", node, "url")
    return PlexConfig(url=url_text.rstrip("/"), token=str(token).strip(), timeout=float(timeout), verify_ssl=verify)


def _located(node: Any, key: str) -> Located | None:
    if key not in node or node[key] is None:
        return None
    return Located(node[key], file_of(node), line_of(node, key))


def parse_file_refs(node: Any, key: str) -> tuple[FileRef, ...]:
    """Parse a list of file blocks (``collection_files`` and friends)."""
    value = node.get(key)
    if value is None:
        return ()
    if isinstance(value, str | CommentedMap):
        value = [value]
    if not isinstance(value, CommentedSeq | list):
        raise error_at(f"{key} must be a list of file entries, e.g. - file: config/Movies.yml", node, key)
    refs: list[FileRef] = []
    for index, entry in enumerate(value):
        file, line = file_of(value) or file_of(node), line_of(value, index) if isinstance(value, CommentedSeq) \
            else line_of(node, key)
        if isinstance(entry, str):
            refs.append(FileRef("file", entry, file=file, line=line))
            continue
        if not isinstance(entry, CommentedMap):
            raise ConfigError(f"{key} entry must be a path or a mapping like 'file: config/Movies.yml'",
                              file=file, line=line)
        kinds = [k for k in entry if k in FILE_KINDS]
        unknown = [k for k in entry if k not in FILE_BLOCK_KEYS]
        if unknown:
            raise error_at(f"unknown key '{unknown[0]}' in a {key} entry{_suggest(str(unknown[0]), FILE_BLOCK_KEYS)}",
                           entry, unknown[0])
        if len(kinds) != 1:
            raise ConfigError(f"{key} entry needs exactly one of file, folder, url, default, git, repo",
                              file=file, line=line)
        kind = "default" if kinds[0] == "pmm" else kinds[0]
        location = entry[kinds[0]]
        if not isinstance(location, str) or not location.strip():
            raise error_at(f"{kinds[0]} must be a non-empty path or URL", entry, kinds[0])
        variables = entry.get("template_variables") or {}
        if not isinstance(variables, Mapping):
            raise error_at("template_variables must be a mapping of name: value", entry, "template_variables")
        assets = entry.get("asset_directory") or ()
        if isinstance(assets, str):
            assets = (assets,)
        refs.append(FileRef(kind, location.strip(), _located(entry, "schedule"), dict(variables),
                            tuple(str(a) for a in assets), file, line))
    return tuple(refs)


def _library(name: str, node: Any, parent: Any, options_url: str | None, options_token: str | None,
             settings: dict[str, Any]) -> LibraryConfig:
    if node is None:
        node = CommentedMap()
    if not isinstance(node, CommentedMap):
        raise error_at(f"library '{name}' must be a mapping (library_name, collection_files, ...)", parent, name)
    for key in node:
        if key in DEFINITION_KEYS:
            raise error_at(f"'{key}' cannot be inside the library block of '{name}'; put definitions in a file "
                           f"listed under collection_files", node, key)
        if key not in LIBRARY_KEYS:
            raise error_at(f"unknown key '{key}' in library '{name}'{_suggest(str(key), LIBRARY_KEYS)}", node, key)
    library_name = node.get("library_name") or name
    lib_settings = dict(settings)
    if isinstance(node.get("settings"), Mapping):
        lib_settings.update(node["settings"])
    variables = node.get("template_variables") or {}
    if not isinstance(variables, Mapping):
        raise error_at("template_variables must be a mapping", node, "template_variables")
    return LibraryConfig(
        mapping_name=str(name),
        library_name=str(library_name),
        schedule=_located(node, "schedule"),
        collection_files=parse_file_refs(node, "collection_files"),
        metadata_files=parse_file_refs(node, "metadata_files") + parse_file_refs(node, "metadata_path"),
        overlay_files=parse_file_refs(node, "overlay_files") or parse_file_refs(node, "overlay_path"),  # old name
        image_files=parse_file_refs(node, "image_files"),
        operations=_located(node, "operations"),
        schedule_overlays=_located(node, "schedule_overlays"),
        settings=lib_settings,
        template_variables=dict(variables),
        plex=_plex(node.get("plex"), options_url, options_token, f"library '{name}'"),
        file=file_of(parent),
        line=line_of(parent, name),
        node=node,
    )


def load_config(path: Path, *, secrets: Mapping[str, str] | None = None, plex_url: str | None = None,
                plex_token: str | None = None) -> Config:
    """Load and check config.yml. Raises ConfigError (exit 2) with ``file:line`` on any mistake."""
    if not path.exists():
        raise ConfigError(
            f"config file not found: {path} (give --config PATH or set KOMETA_CONFIG; "
            f"in Docker mount your config folder at /config)")
    raw = load_yaml(path)
    if raw is None:
        raise ConfigError("the config is empty; it needs at least 'libraries:' and 'plex:'", file=str(path))
    if not isinstance(raw, CommentedMap):
        raise ConfigError("the config must be a mapping of sections (libraries, plex, settings, ...)",
                          file=str(path), line=1)
    _SecretFiller(secrets or {}).fill(raw)
    for key in raw:
        if key not in TOP_LEVEL:
            raise error_at(f"unknown section '{key}'{_suggest(str(key), TOP_LEVEL)}", raw, key)
    settings = dict(DEFAULT_SETTINGS)
    if raw.get("settings") is not None:
        if not isinstance(raw["settings"], Mapping):
            raise error_at("settings must be a mapping", raw, "settings")
        settings.update(raw["settings"])
    plex = _plex(raw.get("plex"), plex_url, plex_token, "")
    if plex is None and plex_url and plex_token:
        plex = PlexConfig(plex_url.rstrip("/"), plex_token)
    libraries_node = raw.get("libraries")
    if libraries_node is None:
        raise ConfigError("'libraries:' is missing; add your Plex libraries, e.g. libraries: {Movies: {...}}",
                          file=str(path), line=1)
    if not isinstance(libraries_node, CommentedMap):
        raise error_at("libraries must be a mapping of library names", raw, "libraries")
    libraries: dict[str, LibraryConfig] = {}
    for name, node in libraries_node.items():
        library = _library(str(name), node, libraries_node, plex_url, plex_token, settings)
        if library.plex is None and plex is None:
            raise error_at(f"no Plex server for library '{name}'; add a top-level 'plex:' with url and token",
                           libraries_node, name)
        libraries[str(name)] = library
    return Config(
        path=path,
        libraries=libraries,
        playlist_files=parse_file_refs(raw, "playlist_files"),
        settings=settings,
        plex=plex,
        raw=raw,
    )
