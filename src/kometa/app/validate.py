"""``kometa --validate``: check the config and every file it references, without touching Plex.

``--validate-level syntax`` checks YAML only; ``structure`` (default) also the config's structure
that every referenced file loads, every schedule in them and every overlay definition; ``full`` also
connects to each Plex server and checks the libraries exist, and asks TMDb whether the ``tmdb:``
apikey is good (when the section is there). Exit 0 when valid, 2 on the first problem (one line
with file:line).
"""

from __future__ import annotations

from collections.abc import Mapping

from kometa.config import load_config
from kometa.config.files import load_documents
from kometa.config.model import Config
from kometa.config.yaml_io import load_yaml
from kometa.core.errors import ConfigError
from kometa.core.options import Options
from kometa.notify.config import check_definitions, parse_notify
from kometa.schedule.validate import validate_schedules


def validate(options: Options) -> int:
    if options.validate_level == "syntax":
        load_yaml(options.config)
        print(f"kometa: {options.config}: YAML syntax OK")
        return 0
    config = load_config(options.config, secrets=options.secrets, plex_url=options.plex_url,
                         plex_token=options.plex_token)
    parse_notify(config)  # webhooks, notifier sections, settings.heartbeat: file:line errors
    documents = [doc for ref in config.file_refs() for doc in load_documents(ref, config.directory)]
    validate_schedules(config, documents)
    from kometa.engine.operations_step import operation_errors

    for error in operation_errors(config):  # the first located mistake in an operations block
        raise error
    from kometa.engine.metadata_step import metadata_errors

    for message in metadata_errors(config, documents):  # ... or in a metadata file
        raise ConfigError(message)
    check_definitions(documents)
    from kometa.engine.overlay_step import overlay_file_errors

    for problem in overlay_file_errors(config, load_documents):
        raise ConfigError(problem)  # already "file:line: ..."
    files = len(documents)
    if options.validate_level == "full":
        from kometa.core.errors import PlexError
        from kometa.plex.connection import ServerPool
        from kometa.plex.failures import retry_read

        pool = ServerPool()
        for library in config.libraries.values():
            plex = library.plex or config.plex
            assert plex is not None
            server = pool.get(plex)
            titles = {s.title for s in retry_read(server.library.sections, "GET /library/sections")}
            if library.library_name not in titles:
                raise PlexError(f"library '{library.library_name}' not found on Plex at {plex.url} "
                                f"(it has: {', '.join(sorted(titles)) or 'none'})", exit_code=2)
        if isinstance(config.raw, Mapping) and config.raw.get("tmdb") is not None:
            check_tmdb_key(config)
    print(f"kometa: {options.config}: valid ({len(config.libraries)} libraries, {files} files)")
    from kometa.config.unbuilt import config_lines

    undone = config_lines(config)
    for line in undone:
        print(f"kometa: {line}")
    if undone:
        print(f"kometa: {len(undone)} part(s) of this config are not done by this version; a run exits 1")
        return 1
    return 0


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
