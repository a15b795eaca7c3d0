"""``kometa --validate``: check the config and every file it references, without touching Plex.

``--validate-level syntax`` checks YAML only; ``structure`` (default) also the config's structure
that every referenced file loads, every schedule in them and every overlay definition; ``full`` also connects to each Plex server and checks the
libraries exist. Exit 0 when valid, 2 on the first problem (one line with file:line).
"""

from __future__ import annotations

from kometa.config import load_config
from kometa.config.files import load_documents
from kometa.config.yaml_io import load_yaml
from kometa.core.options import Options
from kometa.schedule.validate import validate_schedules


def validate(options: Options) -> int:
    if options.validate_level == "syntax":
        load_yaml(options.config)
        print(f"kometa: {options.config}: YAML syntax OK")
        return 0
    config = load_config(options.config, secrets=options.secrets, plex_url=options.plex_url,
                         plex_token=options.plex_token)
    documents = [doc for ref in config.file_refs() for doc in load_documents(ref, config.directory)]
    validate_schedules(config, documents)
    from kometa.core.errors import ConfigError
    from kometa.engine.overlay_step import overlay_file_errors

    for problem in overlay_file_errors(config, load_documents):
        raise ConfigError(problem)  # already "file:line: ..."
    files = len(documents)
    if options.validate_level == "full":
        from kometa.core.errors import PlexError
        from kometa.plex.connection import ServerPool

        pool = ServerPool()
        for library in config.libraries.values():
            plex = library.plex or config.plex
            assert plex is not None
            titles = {s.title for s in pool.get(plex).library.sections()}
            if library.library_name not in titles:
                raise PlexError(f"library '{library.library_name}' not found on Plex at {plex.url} "
                                f"(it has: {', '.join(sorted(titles)) or 'none'})", exit_code=2)
    print(f"kometa: {options.config}: valid ({len(config.libraries)} libraries, {files} files)")
    return 0
