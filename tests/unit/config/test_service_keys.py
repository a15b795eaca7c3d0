"""A misspelt key inside a service section: a located warning with a suggestion, and the run goes on
(Kometa ignores such keys), from one key table per section (config/service_keys.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kometa.config import load_config
from kometa.config.anidb_section import anidb_section
from kometa.config.arr_section import arr_section
from kometa.config.mal_section import mal_section
from kometa.config.mdblist_section import mdblist_section
from kometa.config.service_keys import SECTION_KEYS
from kometa.config.services import keyed_section, tmdb_section
from kometa.config.tautulli_section import tautulli_section
from kometa.config.trakt_section import trakt_section

BASE = "plex:\n  url: http://127.0.0.1:32400\n  token: abc\nlibraries:\n  Movies:\n    collection_files: []\n"
#: section -> (its valid body, the misspelt key, the key meant)
CASES = {
    "tmdb": ("  apikey: 0123456789abcdef\n", "langauge", "language"),
    "omdb": ("  apikey: k\n", "cache_expiraton", "cache_expiration"),
    "mdblist": ("  apikey: k\n", "api_key", "apikey"),
    "trakt": ("  client_id: a\n  client_secret: b\n", "clientsecret", "client_secret"),
    "mal": ("  client_id: a\n  client_secret: b\n", "localhost_ulr", "localhost_url"),
    "anidb": ("  language: en\n", "enable_mture", "enable_mature"),
    "tautulli": ("  url: http://t:8181\n  apikey: k\n", "apikye", "apikey"),
    "radarr": ("  url: http://r:7878\n  token: k\n", "monitr", "monitor"),
    "sonarr": ("  url: http://s:8989\n  token: k\n", "series_typ", "series_type"),
    "notifiarr": ("  apikey: k\n", "apikee", "apikey"),
    "gotify": ("  url: http://g\n  token: k\n", "tokn", "token"),
    "ntfy": ("  url: http://n\n  topic: t\n", "topik", "topic"),
    "apprise": ("  config: apprise.yml\n", "confg", "config"),
    "github": ("  token: k\n", "tokne", "token"),
    "webhooks": ("  error: https://example.com/e\n", "run_strat", "run_start"),
}
PARSERS = {
    "tmdb": tmdb_section, "omdb": lambda c: keyed_section(c, "omdb", "omdb"), "mdblist": mdblist_section,
    "trakt": trakt_section, "mal": mal_section, "anidb": anidb_section, "tautulli": tautulli_section,
    "radarr": lambda c: arr_section(c, "radarr"), "sonarr": lambda c: arr_section(c, "sonarr"),
}


def _load(tmp_path: Path, text: str):
    path = tmp_path / "config.yml"
    path.write_text(BASE + text, encoding="utf-8")
    return load_config(path), path


def test_every_service_section_has_a_case() -> None:
    assert set(CASES) == set(SECTION_KEYS)


@pytest.mark.parametrize("name", sorted(CASES))
def test_misspelt_key_warns_at_its_line_and_the_section_still_reads(tmp_path: Path, name: str) -> None:
    body, wrong, meant = CASES[name]
    config, path = _load(tmp_path, f"{name}:\n{body}  {wrong}: x\n")
    line = 8 + body.count("\n")
    [warning] = [w.text for w in config.warnings if wrong in w.text]
    assert warning.startswith(f"{path}:{line}: {name}: unknown key '{wrong}' is ignored (did you mean '{meant}'?)")
    if name in PARSERS:
        PARSERS[name](config)  # no SectionError: the key is ignored, as Kometa does


def test_known_keys_give_no_warning(tmp_path: Path) -> None:
    text = "".join(f"{name}:\n{body}" for name, (body, _, _) in CASES.items())
    config, _ = _load(tmp_path, text + "  collection_creation: https://example.com/c\n")
    assert not [w for w in config.warnings if "unknown key" in w.text]


def test_nested_authorization_and_a_library_own_mapping(tmp_path: Path) -> None:
    config, path = _load(tmp_path, "trakt:\n  client_id: a\n  client_secret: b\n  authorization:\n"
                                   "    access_tokn: x\n")
    [warning] = [w.text for w in config.warnings if "access_tokn" in w.text]
    assert warning.startswith(f"{path}:11: trakt: authorization: unknown key 'access_tokn' is ignored "
                              f"(did you mean 'access_token'?)")
    path = tmp_path / "config.yml"
    path.write_text("plex:\n  url: http://p:32400\n  token: abc\nradarr:\n  url: http://r:7878\n  token: k\n"
                    "libraries:\n  Movies:\n    radarr:\n      add: true\n      quality_profle: HD\n",
                    encoding="utf-8")
    config = load_config(path)
    [warning] = [w.text for w in config.warnings if "quality_profle" in w.text]
    assert warning.startswith(f"{path}:11: library 'Movies' radarr: unknown key 'quality_profle' is ignored "
                              f"(did you mean 'quality_profile'?)")
    section = arr_section(config, "radarr", config.libraries["Movies"])
    assert section.add.add_missing is True and section.add.quality_profile is None
