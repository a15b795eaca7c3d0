"""The ``radarr:`` and ``sonarr:`` sections of config.yml: ``url`` (as the user reaches the app)
and ``token`` (its API key), read when a run first needs the app, and what to do with missing
titles (``add_missing``, root folder, profiles, tags, ... — :mod:`kometa.config.arr_options`).
Changing titles the app already has (``add_existing: true``, ``upgrade_existing: true``,
``monitor_existing: true``) is not in this version: a located error saying so rather than a
setting quietly ignored."""

from __future__ import annotations

from dataclasses import dataclass, field

from kometa.config.arr_options import AddSettings, defaults, section_settings
from kometa.config.model import Config
from kometa.config.services import PLACEHOLDERS, SectionError, section
from kometa.config.yaml_io import file_of, line_of

COMMON = ("url", "token", "add_missing", "add_existing", "upgrade_existing", "monitor_existing", "ignore_cache",
          "root_folder_path", "monitor", "quality_profile", "tag", "search", "plex_path")
KEYS = {"radarr": COMMON + ("availability", "radarr_path"),
        "sonarr": COMMON + ("language_profile", "series_type", "season_folder", "cutoff_search", "sonarr_path")}
WRITES = ("add_existing", "upgrade_existing", "monitor_existing")


@dataclass(frozen=True)
class ArrSection:
    url: str
    token: str
    where: str
    add: AddSettings = field(default_factory=lambda: defaults("radarr"))


def arr_section(config: Config, app: str) -> ArrSection:
    try:
        s = section(config, app)
    except SectionError as exc:
        raise SectionError(str(exc).replace("with an apikey", "with url and token")) from None
    node = config.raw[app]
    file = file_of(config.raw) or config.path.name
    for key in s.values:
        if key not in KEYS[app]:
            raise SectionError(f"{file}:{line_of(node, key)}: {app}: unknown key '{key}' ({app} takes "
                               f"{', '.join(KEYS[app])})")
    for key in WRITES:
        if s.values.get(key) is True:
            raise SectionError(f"{file}:{line_of(node, key)}: {app}: {key}: true is not supported in this version "
                               f"(kometa sends {app.title()} only missing titles, with add_missing)")
    url = str(s.values.get("url") or "").strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        where = f"{file}:{line_of(node, 'url')}" if "url" in s.values else s.where
        raise SectionError(f"{where}: {app}: url must be {app.title()}'s address (http://HOST:PORT), got "
                           f"{url or 'nothing'!r}")
    token = s.values.get("token")
    if token is None or str(token).strip().lower() in PLACEHOLDERS:
        raise SectionError(f"{s.where}: {app}: token is missing ({app.title()} > Settings > General > API Key)")
    add, problem = section_settings(app, s.values)
    if problem is not None:
        key, message = problem.split("|", 1)
        raise SectionError(f"{file}:{line_of(node, key)}: {app}: {message}")
    return ArrSection(url, str(token).strip(), s.where, add)
