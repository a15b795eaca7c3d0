"""``kometa --validate``: check the config and every file it references, without touching Plex.

``--validate-level syntax`` checks YAML only; ``structure`` (default) checks everything that can be
checked without a server: config.yml's structure and settings, every file it reaches, every
collection, playlist and overlay definition, operations blocks, metadata files (templates expanded, settings, builders' keys, filters,
schedules, duplicate and empty titles); ``full`` also connects to each Plex server and checks the
libraries exist, and asks TMDb whether the ``tmdb:`` apikey is good (when the section is
there). **All** problems are reported in one pass, each as ``file:line: message``, then a
count. Exit 0 when valid (warnings allowed), 2 when any error was found.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from kometa.app.validate_sections import check_service_sections, located
from kometa.config import load_config
from kometa.config.definitions import Definition, file_notices, load_definitions
from kometa.config.files import Document, DocumentCache
from kometa.config.model import Config, LibraryConfig
from kometa.config.problems import Notice, Problems
from kometa.config.yaml_io import load_yaml
from kometa.core.errors import ConfigError, KometaError
from kometa.core.options import Options
from kometa.notify.config import check_definitions as check_notify_definitions
from kometa.notify.config import parse_notify
from kometa.schedule.validate import schedule_errors, schedule_warnings

Printer = Callable[[str], None]
TYPE_PLACEHOLDER = "movie"  # <<library_type>> in the user's own files when no server says the type


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def validate(options: Options, *, out: Printer = print, err: Printer = _err) -> int:
    if options.validate_level == "syntax":
        load_yaml(options.config)
        out(f"kometa: {options.config}: YAML syntax OK")
        return 0
    problems = Problems(collect=True)
    logger = logging.getLogger("kometa")
    if not logger.handlers:  # what the loaders log is collected here and printed once, below
        logger.addHandler(logging.NullHandler())
    config: Config | None = None
    files = 0
    try:
        config = load_config(options.config, secrets=options.secrets, plex_url=options.plex_url,
                             plex_token=options.plex_token, problems=problems)
    except ConfigError as error:
        problems.errors.append(error)
    if config is not None:
        notify_errors: list[ConfigError] = []  # webhooks, notifier sections, settings.heartbeat: each mistake
        for line in parse_notify(config, notify_errors).warnings:  # already "file:line: message"
            if Notice(line) not in problems.warnings:
                problems.warnings.append(Notice(line))
        for error in notify_errors:
            problems.error(error)
        files = check_files(config, options, problems)
        check_service_sections(config, problems)  # tmdb:, trakt:, radarr:, ... as written (after: not twice)
        if options.validate_level == "full" and not problems.errors:
            _check_servers(config, problems)
            if isinstance(config.raw, Mapping) and config.raw.get("tmdb") is not None and not problems.errors:
                try:
                    check_tmdb_key(config)
                except ConfigError as error:
                    problems.error(error)
    for notice in problems.warnings:
        err(f"kometa: warning: {notice.text}")
    for error in problems.errors:
        err(f"kometa: error: {error.message}")
    counts = f"{len(problems.errors)} error{'s' * (len(problems.errors) != 1)}, " \
             f"{len(problems.warnings)} warning{'s' * (len(problems.warnings) != 1)}"
    if problems.errors:
        err(f"kometa: {options.config}: not valid ({counts})")
        return 2
    libraries = len(config.libraries) if config is not None else 0
    out(f"kometa: {options.config}: valid ({libraries} libraries, {files} files; {counts})")
    if config is not None:
        from kometa.config.unbuilt import config_lines

        undone = config_lines(config) + problems.not_done
        for line in undone:
            out(f"kometa: {line}")
        if undone:
            out(f"kometa: {len(undone)} part(s) of this config are not done by this version; a run exits 1")
            return 1
    return 0


def check_files(config: Config, options: Options, problems: Problems) -> int:
    """Every file the config reaches and every definition in them; returns the number of files."""
    from kometa.clients.cache import CACHE_NAME, Cache
    from kometa.clients.files import RemoteFiles

    use_cache = config.settings.get("cache", True) is not False
    cache = DocumentCache(RemoteFiles.for_config(
        config, lambda: Cache(config.directory / CACHE_NAME if use_cache else None)))
    documents: list[Document] = []
    metadata_refs = {id(ref) for lib in config.libraries.values() for ref in lib.metadata_files}
    metadata_files = {(ref.kind, ref.location) for lib in config.libraries.values()  # its metadata: applies
                      for ref in lib.metadata_files}
    as_metadata: dict[int, Document] = {}  # documents read as metadata files (metadata_path: as both)
    for ref in config.file_refs():
        try:
            loaded = cache.load(ref, config.directory)
        except ConfigError as error:
            problems.error(error)
            continue
        known = {id(document) for document in documents}  # one file listed twice is checked once
        documents.extend(document for document in loaded if id(document) not in known)
        if id(ref) in metadata_refs:
            as_metadata.update((id(document), document) for document in loaded)
    playlist_refs = {id(ref) for ref in config.playlist_files}
    collection_refs = {id(ref) for lib in config.libraries.values() for ref in lib.collection_files}
    for document in documents:
        kind = "playlist" if id(document.ref) in playlist_refs else \
            "collection" if id(document.ref) in collection_refs else None
        if kind is not None and isinstance(document.data, Mapping):
            also = ("metadata",) if (document.ref.kind, document.ref.location) in metadata_files else ()
            for notice in file_notices(document.data, kind, document.source, also):
                if notice not in problems.warnings:
                    problems.warnings.append(notice)
    for error in schedule_errors(config, documents):  # each bad schedule, not only the first
        problems.error(error)
    _add_warnings(problems, schedule_warnings(config, documents))  # daily(abc): read as daily
    try:
        check_notify_definitions(documents)  # literal changes_webhooks of definitions
    except ConfigError as error:
        problems.error(error)
    from kometa.engine.metadata_step import metadata_errors
    from kometa.engine.operations_step import operation_errors
    from kometa.engine.overlay_step import overlay_file_errors

    for error in operation_errors(config):  # located mistakes in operations blocks
        problems.error(error)
    for message in metadata_errors(list(as_metadata.values()), dt.date.today()):  # ... and in metadata files
        problems.error(_as_error(message))
    for message in overlay_file_errors(config, cache.load):  # ... and in overlay files ("file:line: ...")
        problems.error(_as_error(message))
    from kometa.engine.image_step import image_file_errors

    for image_error in image_file_errors(config, cache.load):  # ... and in image files and their styles
        problems.error(image_error)
    from kometa.app.validate_definitions import check_definitions

    for library in config.libraries.values():
        errors: list[ConfigError] = []
        found = load_definitions(config, library, options, errors=errors, load=cache.load,
                                 library_type=_library_type(library), today=dt.date.today(),
                                 type_placeholder=TYPE_PLACEHOLDER)
        for error in errors:
            problems.error(error)
        _add_warnings(problems, _other_type_notices(documents, library))
        check_definitions(found, _checked_defaults(config, library.settings, library.node, problems),
                          _library_type(library), problems, config=config, library=library)
    if config.playlist_files:
        errors = []
        found = load_definitions(config, None, options, errors=errors, load=cache.load, today=dt.date.today())
        for error in errors:
            problems.error(error)
        check_definitions(found, _checked_defaults(config, config.settings, None, problems), None, problems,
                          kind="playlist", config=config)  # any library type: a playlist spans them
        _check_playlist_libraries(found, config, problems)
    return len({doc.source for doc in documents})


def _checked_defaults(config: Config, settings: Mapping[str, Any], library_node: Any,
                      problems: Problems) -> Mapping[str, Any]:
    """The settings a library's (or the playlists') definitions see, a bad ``default_collection_order``
    reported once at the settings line that gives it (config.yml, not at every collection) and left out."""
    from kometa.config.yaml_io import file_of, line_of
    from kometa.engine.settings import SettingError, parse_settings

    order = settings.get("default_collection_order")
    if order is None:
        return settings
    try:
        parse_settings("(settings)", {}, {"default_collection_order": order})
    except SettingError as exc:
        own = library_node.get("settings") if isinstance(library_node, Mapping) else None
        top = config.raw.get("settings") if isinstance(config.raw, Mapping) else None
        node = own if isinstance(own, Mapping) and "default_collection_order" in own else top
        file = file_of(node) if isinstance(node, Mapping) else None
        detail = str(exc).removeprefix("settings default_collection_order: ").removeprefix("collection_order: ")
        problems.error(ConfigError(f"default_collection_order: {detail}",
                                   file=file or str(config.path),
                                   line=line_of(node, "default_collection_order") if file else None))
        return {k: v for k, v in settings.items() if k != "default_collection_order"}
    return settings


def _check_playlist_libraries(found: Sequence[Definition], config: Config, problems: Problems) -> None:
    """Each playlist's ``libraries`` (given, each a config.yml library), builders (no plex_all,
    smart_filter, ...) and attributes (no collection_mode, label, ...), as the run checks them."""
    from kometa.config.default_origin import relocate_error
    from kometa.engine.playlist_checks import attribute_problems, builder_problem, library_problem
    from kometa.engine.settings import SettingError, parse_settings

    for definition in found:
        try:
            libraries = parse_settings(definition.title, definition.data, config.settings, kind="playlist").libraries
        except SettingError:
            continue  # check_definitions reports it
        for problem in (library_problem(definition, libraries, config.libraries), builder_problem(definition),
                        *attribute_problems(definition)):
            if problem is not None:  # (one from our playlist default: said at the user's line)
                problems.error(relocate_error(definition.ref, _as_error(problem)))


def _other_type_notices(documents: Sequence[Document], library: LibraryConfig) -> list[Notice]:
    """Warnings for the library's defaults' variables that mean nothing for its (known) type."""
    from kometa.config.defaults import other_type_notices

    refs = {id(ref) for ref in (*library.collection_files, *library.overlay_files)}
    return [notice for document in documents if id(document.ref) in refs
            for notice in other_type_notices(document, _library_type(library))]


def _add_warnings(problems: Problems, notices: list[Notice]) -> None:
    for notice in notices:
        if notice not in problems.warnings:
            problems.warnings.append(notice)


def _as_error(message: str) -> ConfigError:
    """A ``file:line: message`` line from another checker as a located ConfigError."""
    file, line, text = located(message)
    return ConfigError(text, file=file, line=line)


def _library_type(library: LibraryConfig) -> str | None:
    """Without a server the type is unknown; ``template_variables: {library_type: show}`` may say it."""
    value = library.template_variables.get("library_type")
    return str(value) if value in ("movie", "show", "artist") else None


def _check_servers(config: Config, problems: Problems) -> None:
    from kometa.plex.connection import ServerPool
    from kometa.plex.failures import retry_read

    pool = ServerPool()
    for library in config.libraries.values():
        plex = library.plex or config.plex
        if plex is None:
            continue
        try:
            server: Any = pool.get(plex)
            titles = {s.title for s in retry_read(server.library.sections, "GET /library/sections")}
        except KometaError as exc:
            problems.error(ConfigError(exc.message, file=library.file, line=library.line))
            return
        except Exception as exc:  # an HTTP server that is not Plex (HTML, JSON, ...)
            problems.error(ConfigError(f"{plex.url} is not a Plex server (its answer is not Plex's: "
                                       f"{type(exc).__name__})", file=library.file, line=library.line))
            return
        if library.library_name not in titles:
            problems.error(ConfigError(f"library '{library.library_name}' not found on Plex at {plex.url} "
                                       f"(it has: {', '.join(sorted(titles)) or 'none'})",
                                       file=library.file, line=library.line))



def check_tmdb_key(config: Config) -> None:
    """One request to TMDb with the configured key; ConfigError (exit 2) naming the section if refused."""
    from kometa.clients.policy import ServiceError
    from kometa.clients.tmdb import TmdbClient, TmdbSettings
    from kometa.config.services import SectionError, tmdb_section

    try:
        sec = tmdb_section(config)
    except SectionError as exc:
        raise ConfigError(str(exc)) from None
    client = TmdbClient(TmdbSettings(sec.apikey, sec.language, sec.region), None)
    try:
        client.check_key()
    except ServiceError as exc:
        raise ConfigError(f"{sec.where}: tmdb: the apikey could not be checked: {exc.detail}") from None
