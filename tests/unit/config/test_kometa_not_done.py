"""Kometa's dynamic_collections types and filters this version does not do are a located "not done
by this version yet" (config/unbuilt.py DYNAMIC_TYPES, engine/filters.py FilterNotDone: --validate
exits 1 and lists them), unlike a misspelt type or filter (an error, exit 2)."""

from __future__ import annotations

import pytest

from kometa.app.validate import validate
from kometa.config.unbuilt import DYNAMIC_TYPES
from kometa.core.options import Options

CONFIG = "plex:\n  url: http://localhost:32400\n  token: abc\nlibraries:\n  Movies:\n    collection_files:\n" \
         "    - file: c.yml\n"


def _validate(tmp_path, kind: str, text: str | None = None) -> tuple[int, str]:
    (tmp_path / "c.yml").write_text(text or f"dynamic_collections:\n  Set:\n    type: {kind}\n")
    (tmp_path / "config.yml").write_text(CONFIG)
    lines: list[str] = []
    code = validate(Options(config=tmp_path / "config.yml", validate=True), out=lines.append, err=lines.append)
    return code, "\n".join(lines)


@pytest.mark.parametrize("kind", sorted(DYNAMIC_TYPES))
def test_kometa_type_not_built_is_not_done(tmp_path, kind):
    code, text = _validate(tmp_path, kind)
    assert code == 1 and f"c.yml:2: dynamic_collections 'Set': type {kind}: " in text, text
    assert "is not done by this version yet" in text and "kometa: error" not in text, text


def test_a_misspelt_type_is_an_error(tmp_path):
    code, text = _validate(tmp_path, "original_langauge")
    assert code == 2 and "type 'original_langauge' is not supported" in text, text


def test_every_kometa_type_is_built_or_listed():
    from kometa.config.dynamic import TYPES
    kometa = {"tmdb_collection", "original_language", "origin_country", "tmdb_popular_people", "trakt_user_lists",
              "trakt_liked_lists", "trakt_people_list", "letterboxd_user_lists", "actor", "director", "writer",
              "producer", "genre", "content_rating", "year", "episode_year", "decade", "country", "resolution",
              "subtitle_language", "audio_language", "studio", "edition", "network", "mood", "album_genre",
              "album_mood", "album_style", "track_mood", "style", "number", "custom", "imdb_awards"}
    assert kometa <= set(TYPES) | set(DYNAMIC_TYPES)
    assert not set(TYPES) & set(DYNAMIC_TYPES)


@pytest.mark.parametrize("name", ["has_dolby_vision", "has_stinger", "stinger_rating", "audio_profile",
                                  "audio_track_title", "video_profile", "imdb_keyword", "hdr"])
def test_kometa_filter_not_built_is_not_done(tmp_path, name):
    code, text = _validate(tmp_path, "", f"collections:\n  A:\n    plex_all: true\n    filters:\n      {name}: x\n")
    assert code == 1 and f"filter '{name}'" in text and "is not done by this version yet" in text, text
    assert "kometa: error" not in text, text


def test_a_misspelt_filter_is_an_error(tmp_path):
    code, text = _validate(tmp_path, "", "collections:\n  A:\n    plex_all: true\n    filters:\n      actorz: x\n")
    assert code == 2 and "unknown filter 'actorz'" in text, text


def test_credit_filters_validate(tmp_path):
    code, text = _validate(tmp_path, "", "collections:\n  A:\n    plex_all: true\n    filters:\n"
                                         "      actor: Tom Hanks\n      writer.not: Nobody\n      producer: x\n")
    assert code == 0, text
