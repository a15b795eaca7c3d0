"""Load ``config.yml``: YAML with line numbers, secrets filled, structure checked -> :class:`Config`.

Every problem is a :class:`~kometa.core.errors.ConfigError` naming ``file:line``, what is wrong and how
to fix it. Nothing here talks to Plex.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from kometa.config import keys
from kometa.config.legacy import cache_settings, library_files, overlay_entry_flags, plex_settings
from kometa.config.model import Config, FileRef, LibraryConfig, Located, PlexConfig
from kometa.config.problems import Problems
from kometa.config.service_keys import check_library_services, check_services
from kometa.config.settings_check import check_settings
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

TOP_LEVEL = set(keys.TOP_LEVEL)
LIBRARY_KEYS = set(keys.LIBRARY)
DEFINITION_KEYS = set(keys.DEFINITION_SECTIONS)
FILE_KINDS = keys.FILE_KINDS
FILE_BLOCK_KEYS = set(keys.FILE_ENTRY)

_PLACEHOLDER = re.compile(r"<<([^<>]+)>>")


def _suggest(word: str, choices: set[str]) -> str:
    return keys.suggest(word, choices)


class _SecretFiller:
    """Fill ``<<name>>`` placeholders in config.yml values from secrets.

    Unlike Kometa, ``<<my_key>>``, ``<<my-key>>`` and ``<<MY_KEY>>`` all match the secret
    ``my-key`` and every placeholder in a value is filled. An unset secret that is the whole value
    (``apikey: <<omdb_key>>``) is read as blank, as Kometa does (modules/config.py), with a located
    warning; one inside a longer value (``token: tok-<<x>>``) is an error (Kometa would send the
    text ``<<x>>`` as it is).
    """

    def __init__(self, secrets: Mapping[str, str], problems: Problems | None = None) -> None:
        self.secrets = {k.lower().replace("_", "-"): v for k, v in secrets.items()}
        self.problems = problems or Problems()

    def fill(self, node: Any) -> None:
        if isinstance(node, CommentedMap):
            for key in list(node.keys()):
                if key == "template_variables":
                    continue
                node[key] = self._value(node[key], node, key)
        elif isinstance(node, CommentedSeq):
            for index in range(len(node)):
                node[index] = self._value(node[index], node, index)

    @staticmethod
    def _env(name: str) -> str:
        return f"set KOMETA_{name.upper().replace('-', '_')} (environment or .env) or pass --kometa-{name} VALUE"

    def _value(self, value: Any, parent: Any, key: Any) -> Any:
        if isinstance(value, CommentedMap | CommentedSeq):
            self.fill(value)
            return value
        if not isinstance(value, str) or "<<" not in value:
            return value
        unset = [m.group(1) for m in _PLACEHOLDER.finditer(value)
                 if m.group(1).strip().lower().replace("_", "-") not in self.secrets]
        if unset and _PLACEHOLDER.sub("", value) == "":  # only placeholders, one unset: Kometa reads blank
            name = unset[0].strip().lower().replace("_", "-")
            self.problems.warn_at(f"secret <<{unset[0]}>> is not set, so this value is read as blank (as Kometa "
                                  f"does); {self._env(name)}", parent, key)
            return None

        def replace(match: re.Match[str]) -> str:
            name = match.group(1).strip().lower().replace("_", "-")
            if name not in self.secrets:
                self.problems.error_at(f"secret <<{match.group(1)}>> is not set; {self._env(name)}", parent, key)
                return match.group(0)  # recorded (collecting): the placeholder stays, the rest is read
            return self.secrets[name]

        return _PLACEHOLDER.sub(replace, value)


def _as_bool(value: Any, node: Any, key: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false", "yes", "no"):
        return value.lower() in ("true", "yes")
    raise error_at(f"{key} must be true or false, got {value!r}", node, key)


def _check_url(url_text: str, node: Any) -> str:
    if not re.match(r"^https?://", url_text, re.IGNORECASE):
        raise error_at(f"plex url {url_text!r} must start with http:// or https://", node, "url")
    parts = urlsplit(url_text)
    if not parts.hostname:
        raise error_at(f"plex url {url_text!r} has no host; write e.g. http://192.168.1.12:32400", node, "url")
    try:
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        port = url_text.split("://", 1)[1].split("/", 1)[0].rsplit(":", 1)[-1]
        raise error_at(f"plex url {url_text!r}: port {port} is not a port (1-65535; Plex uses 32400)", node,
                       "url") from None
    return url_text.rstrip("/")


def _plex(node: Any, options_url: str | None, options_token: str | None, where: str, parent: Any = None,
          problems: Problems | None = None, base: Any = None, verify_default: bool = True) -> PlexConfig | None:
    """A ``plex:`` block; a library's block takes each missing key from the top-level one (``base``).

    Each wrong value is an error in ``problems`` (raised at once unless it collects); a collecting
    ``problems`` goes on with Kometa's default for that key, so one ``--validate`` reports them all.
    """
    problems = problems or Problems()
    if node is None and base is None:
        return None
    if node is not None and not isinstance(node, CommentedMap):
        problems.error_at(f"{where + ' ' if where else ''}plex must be a mapping with url: and token: (got "
                          f"{_kind(node)} {_plain(node)!r})", parent, "plex")
        return None
    if node is not None:
        for key in node:
            if key not in keys.PLEX and key not in keys.PLEX_TO_SETTINGS:
                problems.warn_at(f"unknown key '{key}' under {where + ' ' if where else ''}plex (ignored)"
                                 f"{_suggest(str(key), set(keys.PLEX))}", node, key)
    merged = CommentedMap()
    for source in (base, node):
        if isinstance(source, CommentedMap):
            for key, value in source.items():
                if value is not None or key not in merged:
                    merged[key] = value
    located = node if node is not None else base

    def at(key: str) -> Any:
        return node if node is not None and key in node else (base if isinstance(base, CommentedMap) and key in base
                                                               else located)

    url = merged.get("url")
    token = merged.get("token")
    if url == "env":
        url = options_url
    if token == "env":
        token = options_token
    if not url and not token:
        return None
    text: dict[str, str | None] = {}
    for key, value in (("url", url), ("token", token)):
        text[key] = None if value is None or value == "" else str(value)
        if isinstance(value, CommentedMap | CommentedSeq | list | dict | bool):
            problems.error_at(f"plex {key} must be text, got {type(value).__name__}", at(key), key)
            text[key] = None
    if not url:
        problems.error_at("plex url is missing; add e.g. url: http://192.168.1.12:32400", located)
    if not token:
        problems.error_at("plex token is missing; add token: YOUR_PLEX_TOKEN (or token: env with --plex-token)",
                          located)
    timeout = merged.get("timeout")
    timeout = 60 if timeout is None else timeout
    if not isinstance(timeout, int | float) or isinstance(timeout, bool) or not 0 < timeout < math.inf:
        problems.error_at(f"plex timeout must be a positive number of seconds, got {timeout!r}", at("timeout"),
                          "timeout")
        timeout = 60
    verify_value = merged.get("verify_ssl")
    verify = verify_default
    if verify_value is not None:
        try:
            verify = _as_bool(verify_value, at("verify_ssl"), "verify_ssl")
        except ConfigError as error:
            problems.error(error)
    url_text = ""
    if text["url"] is not None:
        try:
            url_text = _check_url(text["url"].strip(), at("url"))
        except ConfigError as error:
            problems.error(error)
    db_cache = merged.get("db_cache")
    if isinstance(db_cache, str) and db_cache.strip().isdigit():
        db_cache = int(db_cache.strip())
    if db_cache is not None and (isinstance(db_cache, bool) or not isinstance(db_cache, int) or db_cache < 1):
        problems.error_at(f"plex db_cache must be the database cache size in MB (a whole number of at least 1), "
                          f"got {db_cache!r}", at("db_cache"), "db_cache")
        db_cache = None
    # with a collecting ``problems`` a wrong url or token was recorded above; the block still stands (so
    # libraries using it are checked, not reported again as having no server)
    return PlexConfig(url=url_text, token=(text["token"] or "").strip(), timeout=float(timeout), verify_ssl=verify,
                      db_cache=db_cache)


def _kind(value: Any) -> str:
    """The YAML word for a value's type (a list, a mapping, ...), for messages."""
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return {"bool": "true/false", "str": "text", "int": "a number", "float": "a number"}.get(
        type(value).__name__, type(value).__name__)


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _located(node: Any, key: str) -> Located | None:
    if key not in node or node[key] is None:
        return None
    return Located(node[key], file_of(node), line_of(node, key))


def parse_file_refs(node: Any, key: str, *, problems: Problems | None = None, source: str | None = None,
                    flags: dict[str, Any] | None = None) -> tuple[FileRef, ...]:
    """Parse a list of file blocks (``collection_files`` and friends).

    ``source`` is the key actually read (an old form such as ``metadata_path``); old-style flag
    entries of ``overlay_files`` (``- remove_overlays: false``) go into ``flags``.
    """
    problems = problems or Problems()
    source = source or key
    value = node.get(source)
    if value is None:
        return ()
    if isinstance(value, str | CommentedMap):
        value = [value]
    if not isinstance(value, CommentedSeq | list):
        problems.error_at(f"{source} must be a list of file entries, e.g. - file: config/Movies.yml", node, source)
        return ()
    refs: list[FileRef] = []
    for index, entry in enumerate(value):
        try:
            ref = _file_ref(node, key, source, value, index, entry, problems, flags)
        except ConfigError as error:  # a collecting ``problems`` records it and reads the next entry
            problems.error(error)
            continue
        if ref is not None:
            refs.append(ref)
    return tuple(refs)


def _file_ref(node: Any, key: str, source: str, value: Any, index: int, entry: Any, problems: Problems,
              flags: dict[str, Any] | None) -> FileRef | None:
    """One entry of a file list (None: nothing to load); ConfigError when it is wrong."""
    file, line = file_of(value) or file_of(node), line_of(value, index) if isinstance(value, CommentedSeq) \
        else line_of(node, source)
    if isinstance(entry, str):
        return FileRef("file", entry, file=file, line=line, section=key)
    if entry is None:
        problems.warn_at(f"empty entry in {source} (ignored)", value, index)
        return None
    if not isinstance(entry, CommentedMap):
        raise ConfigError(f"{source} entry must be a path or a mapping like 'file: config/Movies.yml'",
                          file=file, line=line)
    old_flags = overlay_entry_flags(entry) if key == "overlay_files" else None
    if old_flags is not None:
        first = next(iter(entry))
        problems.warn_at(f"'- {first}: ...' as an overlay_files entry is the old form; it is read as the "
                         f"library's {keys.OVERLAY_FLAGS[str(first)]}", entry, first)
        if flags is not None:
            flags.update(old_flags)
        return None
    kinds = [k for k in entry if k in FILE_KINDS]
    for unknown in (k for k in entry if k not in FILE_BLOCK_KEYS):
        if key == "overlay_files" and str(unknown) in keys.OVERLAY_FLAGS:
            problems.warn_at(f"{unknown} inside an overlay_files entry is the old form; it is read as the "
                             f"library's {keys.OVERLAY_FLAGS[str(unknown)]}", entry, unknown)
            if flags is not None:
                flags[keys.OVERLAY_FLAGS[str(unknown)]] = entry[unknown]
            continue
        problems.warn_at(f"unknown key '{unknown}' in a {source} entry (ignored)"
                         f"{_suggest(str(unknown), FILE_BLOCK_KEYS)}", entry, unknown)
    if len(kinds) != 1:
        strays = [str(k) for k in entry if k not in FILE_BLOCK_KEYS]
        found = f" (found '{strays[0]}'{_suggest(strays[0], set(FILE_KINDS))})" if strays and not kinds else ""
        raise ConfigError(f"{source} entry needs exactly one of file, folder, url, default, git, repo{found}",
                          file=file, line=line)
    kind = "default" if kinds[0] == "pmm" else kinds[0]
    location = entry[kinds[0]]
    if not isinstance(location, str) or not location.strip():
        raise error_at(f"{kinds[0]} must be a non-empty path or URL", entry, kinds[0])
    if kind == "git" and location.strip().startswith("PMM/"):  # Plex Meta Manager's defaults, as Kometa reads it
        location = location.strip()[4:]
        kind = "default"
        problems.warn_at(f"git: PMM/{location} is the old form of default: {location}; it is read as that",
                         entry, kinds[0])
    variables = entry.get("template_variables") or {}
    if not isinstance(variables, Mapping):
        raise error_at("template_variables must be a mapping of name: value", entry, "template_variables")
    assets = entry.get("asset_directory") or ()
    if isinstance(assets, str):
        assets = (assets,)
    return FileRef(kind, location.strip(), _located(entry, "schedule"), dict(variables),
                   tuple(str(a) for a in assets), file, line, key,
                   variable_lines={str(k): line_of(variables, k) for k in variables})


def _library_keys(name: str, node: Any, problems: Problems) -> None:
    for key in node:
        if key in DEFINITION_KEYS:
            problems.error_at(f"'{key}' cannot be inside the library block of '{name}'; put definitions in a "
                              f"file listed under collection_files", node, key)
            continue
        if key in keys.LIBRARY_IGNORED:
            problems.warn_at(f"'{key}' in library '{name}' is an old form Kometa ignores: "
                             f"{keys.LIBRARY_IGNORED[str(key)]}", node, key)
        elif key not in LIBRARY_KEYS:
            problems.warn_at(f"unknown key '{key}' in library '{name}' (ignored)"
                             f"{_suggest(str(key), LIBRARY_KEYS)}", node, key)
    check_library_services(name, node, problems)


def _library(name: str, node: Any, parent: Any, options_url: str | None, options_token: str | None,
             settings: dict[str, Any], problems: Problems | None = None, base_plex: Any = None) -> LibraryConfig:
    problems = problems or Problems()
    if node is None:
        node = CommentedMap()
    if not isinstance(node, CommentedMap):
        raise error_at(f"library '{name}' must be a mapping (library_name, collection_files, ...)", parent, name)
    _library_keys(name, node, problems)
    library_name = node.get("library_name")
    if library_name is not None and not isinstance(library_name, str | int | float) or isinstance(library_name, bool):
        problems.error_at(f"library_name of '{name}' must be the library's name as text, got "
                          f"{_kind(library_name)} {_plain(library_name)!r}", node, "library_name")
        library_name = None
    if library_name is not None and not str(library_name).strip():
        problems.error_at(f"library_name of '{name}' is empty; write the Plex library's name or leave it out", node,
                          "library_name")
        library_name = None
    if not str(name).strip():
        raise error_at("a library's name is empty; write the Plex library's name", parent, name)
    library_name = str(library_name).strip() if library_name is not None else name
    lib_settings = dict(settings)
    lib_settings.update(plex_settings(node.get("plex"), problems))
    if node.get("settings") is not None and not isinstance(node["settings"], Mapping):
        problems.error_at(f"settings of library '{name}' must be a mapping of setting: value, got "
                          f"{_kind(node['settings'])}", node, "settings")
    lib_settings.update(check_settings(node.get("settings"), problems, f"library '{name}'"))
    if node.get("run_order") is not None:
        lib_settings["run_order"] = node["run_order"]
    variables = node.get("template_variables") or {}
    if not isinstance(variables, Mapping):
        problems.error_at("template_variables must be a mapping", node, "template_variables")
        variables = {}
    files = library_files(node, problems)
    flags: dict[str, Any] = {k: node[k] for k in ("remove_overlays", "reapply_overlays", "reset_overlays")
                             if node.get(k) is not None}

    def refs(key: str) -> tuple[FileRef, ...]:
        source = files.get(key, key)
        if source is None:
            return ()
        return parse_file_refs(node, key, problems=problems, source=source, flags=flags)

    return LibraryConfig(
        mapping_name=str(name),
        library_name=library_name,
        schedule=_located(node, "schedule"),
        collection_files=refs("collection_files"),
        metadata_files=refs("metadata_files"),
        overlay_files=refs("overlay_files"),
        image_files=refs("image_files"),
        operations=_located(node, "operations"),
        schedule_overlays=_located(node, "schedule_overlays"),
        settings=lib_settings,
        template_variables=dict(variables),
        plex=_plex(node.get("plex"), options_url, options_token, f"library '{name}'", node, problems, base_plex,
                   bool(lib_settings.get("verify_ssl", True))) if node.get("plex") is not None else None,
        file=file_of(parent),
        line=line_of(parent, name),
        node=node,
        overlay_flags=flags,
    )


def _top_level(raw: Any, problems: Problems) -> None:
    for key in raw:
        if key not in TOP_LEVEL:
            problems.warn_at(f"unknown section '{key}' (ignored){_suggest(str(key), TOP_LEVEL)}", raw, key)
        elif keys.TOP_LEVEL[key].status == "service" and key not in keys.SERVICES_USED and raw[key] is not None:
            if not isinstance(raw[key], Mapping):
                problems.error_at(f"{key} must be a mapping of its settings", raw, key)
            else:
                problems.warn_at(f"section {key} is read but not used by this version", raw, key)
    check_services(raw, problems)


def load_config(path: Path, *, secrets: Mapping[str, str] | None = None, plex_url: str | None = None,
                plex_token: str | None = None, problems: Problems | None = None) -> Config:
    """Load and check config.yml. Raises ConfigError (exit 2) with ``file:line`` on any mistake.

    With a collecting ``problems`` (``--validate``), each library's error is recorded and the
    other libraries are still checked; warnings always go to ``problems`` and ``Config.warnings``.
    """
    problems = problems or Problems()
    if not path.exists():
        raise ConfigError(
            f"config file not found: {path} (give --config PATH or set KOMETA_CONFIG; "
            f"in Docker mount your config folder at /config)")
    if path.is_dir():
        raise ConfigError(f"config {path} is a folder; give the config.yml file inside it")
    raw = load_yaml(path)
    if raw is None:
        raise ConfigError("the config is empty; it needs at least 'libraries:' and 'plex:'", file=str(path))
    if not isinstance(raw, CommentedMap):
        raise ConfigError("the config must be a mapping of sections (libraries, plex, settings, ...)",
                          file=str(path), line=1)
    _SecretFiller(secrets or {}, problems).fill(raw)
    _top_level(raw, problems)
    settings = dict(DEFAULT_SETTINGS)
    settings.update(cache_settings(raw, problems))
    settings.update(plex_settings(raw.get("plex"), problems))
    if raw.get("settings") is not None and not isinstance(raw["settings"], Mapping):
        problems.error_at(f"settings must be a mapping of setting: value, got {_kind(raw['settings'])}",
                          raw, "settings")
    settings.update(check_settings(raw.get("settings"), problems, "top-level"))
    verify_default = bool(settings.get("verify_ssl", True))
    plex = _plex(raw.get("plex"), plex_url, plex_token, "", raw, problems, verify_default=verify_default)
    if plex is None and plex_url and plex_token:
        plex = PlexConfig(plex_url.rstrip("/"), plex_token)
    # each wrong section is recorded (raised at once unless ``problems`` collects) and the rest still read
    libraries_node = raw.get("libraries")
    if "libraries" not in raw:
        problems.error(ConfigError("'libraries:' is missing; add your Plex libraries, e.g. libraries: "
                                   "{Movies: {...}}", file=str(path), line=1))
    elif libraries_node is None or (isinstance(libraries_node, CommentedMap) and not libraries_node):
        problems.error_at("'libraries:' is empty; add your Plex libraries, e.g. Movies: {collection_files: [...]}",
                          raw, "libraries")
    elif not isinstance(libraries_node, CommentedMap):
        problems.error_at("libraries must be a mapping of library names", raw, "libraries")
    if not isinstance(libraries_node, CommentedMap):
        libraries_node = CommentedMap()
    libraries: dict[str, LibraryConfig] = {}
    base_plex = raw.get("plex") if isinstance(raw.get("plex"), CommentedMap) else None
    plex_wrong = raw.get("plex") is not None and base_plex is None
    for name, node in libraries_node.items():
        try:
            library = _library(str(name), node, libraries_node, plex_url, plex_token, settings, problems, base_plex)
            if library.plex is None and plex is None and not plex_wrong:  # a wrong plex: is reported once
                raise error_at(f"no Plex server for library '{name}'; add a top-level 'plex:' with url and token",
                               libraries_node, name)
        except ConfigError as error:
            problems.error(error)
            continue
        libraries[str(name)] = library
    return Config(
        path=path,
        libraries=libraries,
        playlist_files=parse_file_refs(raw, "playlist_files", problems=problems),
        settings=settings,
        plex=plex,
        raw=raw,
        warnings=tuple(problems.warnings),
    )
