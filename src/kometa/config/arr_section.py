"""The ``radarr:`` and ``sonarr:`` sections of config.yml: ``url`` (as the user reaches the app)
and ``token`` (its API key), read when a run first needs the app, and what to do with missing
titles (``add_missing``, root folder, profiles, tags, ...) and with titles the library holds or
the app has (``add_existing``, ``upgrade_existing``, ``monitor_existing``, ``plex_path`` ->
``radarr_path``/``sonarr_path``) — :mod:`kometa.config.arr_options`.

A library may carry its own ``radarr:``/``sonarr:`` mapping: only the keys that differ from the
global section (another ``url`` and ``token`` for a second instance, another root folder or
profile, ``add_existing`` ...), as Kometa documents; without a global section the library's
mapping is the whole section. Each key is checked where it is written."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kometa.config.arr_options import AddSettings, defaults, section_settings
from kometa.config.model import Config
from kometa.config.service_keys import names
from kometa.config.services import PLACEHOLDERS, SectionError, section
from kometa.config.yaml_io import file_of, line_of

KEYS = {app: names(app) for app in ("radarr", "sonarr")}


@dataclass(frozen=True)
class ArrSection:
    url: str
    token: str
    where: str
    add: AddSettings = field(default_factory=lambda: defaults("radarr"))


def arr_section(config: Config, app: str, library: Any = None) -> ArrSection:
    """The app's section, with ``library``'s own ``radarr:``/``sonarr:`` mapping over it (a
    :class:`~kometa.config.model.LibraryConfig` whose node has one, or None)."""
    own = library.node.get(app) if library is not None and isinstance(library.node, Mapping) else None
    if own is not None and not isinstance(own, Mapping):
        where = f"{file_of(library.node) or config.path}:{line_of(library.node, app)}"
        raise SectionError(f"{where}: {library.mapping_name}: {app}: must be a mapping (url, token, ...)")
    try:
        s = section(config, app)
        values, nodes = dict(s.values), {k: config.raw[app] for k in s.values}
        where = s.where
    except SectionError as exc:
        if not own:
            raise SectionError(str(exc).replace("with an apikey", "with url and token")) from None
        values, nodes = {}, {}
        where = f"{file_of(library.node) or config.path}:{line_of(library.node, app)}"
    if own:
        values.update(own)
        nodes.update({k: own for k in own})
        if "add" in own:  # Plex Meta Manager's library-level add: is Kometa's add_missing
            value = values.pop("add")
            if "add_missing" not in own:
                values["add_missing"] = value
                nodes["add_missing"] = own
    file = file_of(config.raw) or config.path.name

    def at(key: str) -> str:
        return f"{file_of(nodes[key]) or file}:{line_of(nodes[key], key)}" if key in nodes else where

    values = {k: v for k, v in values.items() if k in KEYS[app]}  # the others were warned about at load
    url = str(values.get("url") or "").strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise SectionError(f"{at('url')}: {app}: url must be {app.title()}'s address (http://HOST:PORT), got "
                           f"{url or 'nothing'!r}")
    token = values.get("token")
    if token is None or str(token).strip().lower() in PLACEHOLDERS:
        raise SectionError(f"{where}: {app}: token is missing "
                           f"({app.title()} > Settings > General > API Key)")
    add, problem = section_settings(app, values)
    if problem is not None:
        key, message = problem.split("|", 1)
        raise SectionError(f"{at(key)}: {app}: {message}")
    home = where if "url" not in own_keys(own) else \
        f"{file_of(library.node) or config.path}:{line_of(library.node, app)}"
    return ArrSection(url, str(token).strip(), home, add)


def own_keys(own: Any) -> tuple[str, ...]:
    return tuple(str(k) for k in own) if isinstance(own, Mapping) else ()
