"""Advanced settings of movies and shows in metadata files (Plex's per-item preferences).

Keys and values are Kometa's: ``episode_sorting`` (default, oldest, newest), ``keep_episodes`` (all,
5_latest, 3_latest, latest, past_3, past_7, past_30), ``delete_episodes`` (never, day, week, month,
refresh), ``season_display`` (default, show, hide), ``episode_ordering`` (default, tmdb_aired,
tvdb_aired, tvdb_dvd, tvdb_absolute), ``metadata_language`` (default or a Plex language such as
``en-US``), ``use_original_title`` (default, no, yes), ``credits_detection`` (default, disabled),
``audio_language`` / ``subtitle_language`` (default or a language) and ``subtitle_mode`` (default,
manual, foreign, always); movies take ``metadata_language``, ``use_original_title`` and
``credits_detection``; seasons ``audio_language``, ``subtitle_language`` and ``subtitle_mode``; artists
``album_sorting`` (default, newest, oldest, name: Plex's ``albumSort``). The item's current preferences are read from its own page (one request per
entry that sets any of these) and only differing ones are written, in one ``PUT
/library/metadata/RK/prefs``: a second run writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LANGUAGES = ("ar-SA", "ca-ES", "cs-CZ", "da-DK", "de-DE", "el-GR", "en-AU", "en-CA", "en-GB", "en-US", "es-ES",
             "es-MX", "et-EE", "fa-IR", "fi-FI", "fr-CA", "fr-FR", "he-IL", "hi-IN", "hu-HU", "id-ID", "it-IT",
             "ja-JP", "ko-KR", "lt-LT", "lv-LV", "nb-NO", "nl-NL", "pl-PL", "pt-BR", "pt-PT", "ro-RO", "ru-RU",
             "sk-SK", "sv-SE", "th-TH", "tr-TR", "uk-UA", "vi-VN", "zh-CN", "zh-HK", "zh-TW")
_LANGUAGE = {"default": "", **{code.lower(): code for code in LANGUAGES}}
_TRACK_LANGUAGE = {**_LANGUAGE, "en": "en"}

#: metadata key -> (Plex preference, accepted value -> preference value, item types)
ADVANCED: dict[str, tuple[str, dict[str, str], tuple[str, ...]]] = {
    "episode_sorting": ("episodeSort", {"default": "-1", "oldest": "0", "newest": "1"}, ("show",)),
    "keep_episodes": ("autoDeletionItemPolicyUnwatchedLibrary",
                      {"all": "0", "5_latest": "5", "3_latest": "3", "latest": "1", "past_3": "-3", "past_7": "-7",
                       "past_30": "-30"}, ("show",)),
    "delete_episodes": ("autoDeletionItemPolicyWatchedLibrary",
                        {"never": "0", "day": "1", "week": "7", "month": "30", "refresh": "100"}, ("show",)),
    "season_display": ("flattenSeasons", {"default": "-1", "show": "0", "hide": "1"}, ("show",)),
    "episode_ordering": ("showOrdering", {"default": "", "tmdb_aired": "tmdbAiring", "tvdb_aired": "tvdbAiring",
                                          "tvdb_dvd": "tvdbDvd", "tvdb_absolute": "tvdbAbsolute"}, ("show",)),
    "metadata_language": ("languageOverride", _LANGUAGE, ("movie", "show")),
    "use_original_title": ("useOriginalTitle", {"default": "-1", "no": "0", "yes": "1"}, ("movie", "show")),
    "credits_detection": ("enableCreditsMarkerGeneration", {"default": "-1", "disabled": "0"}, ("movie", "show")),
    "audio_language": ("audioLanguage", _TRACK_LANGUAGE, ("show", "season")),
    "subtitle_language": ("subtitleLanguage", _TRACK_LANGUAGE, ("show", "season")),
    "subtitle_mode": ("subtitleMode", {"default": "-1", "manual": "0", "foreign": "1", "always": "2"},
                      ("show", "season")),
    "album_sorting": ("albumSort", {"default": "-1", "newest": "0", "oldest": "1", "name": "2"}, ("artist",)),
}


def wanted(entry: Mapping[str, Any], item_type: str) -> tuple[dict[str, tuple[str, str]], list[tuple[str, str]]]:
    """(preference -> (metadata key, value)) the entry asks for, and (key, reason) for bad values."""
    out: dict[str, tuple[str, str]] = {}
    errors: list[tuple[str, str]] = []
    for key, raw in entry.items():
        name = str(key)
        if name not in ADVANCED:
            continue
        pref, options, types = ADVANCED[name]
        if item_type not in types:
            errors.append((name, f"applies to {' and '.join(t + 's' for t in types)}, not to a {item_type}"))
            continue
        choice = str(raw).strip().lower() if isinstance(raw, str | int) and not isinstance(raw, bool) else None
        if choice is None or choice not in options:
            languages = options is _LANGUAGE or options is _TRACK_LANGUAGE
            errors.append((name, f"'{raw}' is not default or a Plex language such as en-US" if languages
                                 else f"'{raw}' is not one of {', '.join(options)}"))
            continue
        out[pref] = (name, options[choice])
    return out, errors


def current_prefs(page: Any) -> dict[str, str]:
    """Preference id -> value from an item page read with ``includePreferences=1``."""
    out: dict[str, str] = {}
    for node in page.iter("Setting") if page is not None else ():
        if node.attrib.get("id"):
            out[node.attrib["id"]] = node.attrib.get("value", "")
    return out


def differing(want: Mapping[str, tuple[str, str]], have: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(preference, metadata key, new value) for the wanted preferences the item does not have."""
    return [(pref, key, value) for pref, (key, value) in want.items() if have.get(pref, "") != value]
