"""audio_language and subtitle_language: one smart collection per language Plex lists for the library."""

from __future__ import annotations

import pytest
from more_defaults_helpers import collection_names, delete_all, section


def _by_stream(pair, stream_type: int) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for item in section(pair).all():
        item.reload()
        for media in item.media:
            for part in media.parts:
                for stream in part.streams:
                    if stream.streamType == stream_type and stream.languageCode:
                        out.setdefault(stream.language or stream.languageCode, set()).add(item.ratingKey)
    return out


@pytest.mark.parametrize(("default", "stream_type", "suffix"), [("audio_language", 2, "Audio"),
                                                                ("subtitle_language", 3, "Subtitles")])
def test_language_collections(runner, pair, default, stream_type, suffix):
    delete_all(pair)
    runner.run(default)
    languages = _by_stream(pair, stream_type)
    assert languages
    for language, keys in languages.items():
        name = f"{language} {suffix}"
        assert {i.ratingKey for i in section(pair).collection(name).items()} == keys, name
    assert f"{default.split('_')[0].capitalize()} Language Collections" in collection_names(pair)


def test_language_variables(runner, pair):
    delete_all(pair)
    runner.run("audio_language", {"exclude": ["eng"], "name_format": "Spoken <<key_name>>"})
    names = collection_names(pair)
    assert "Spoken English" not in names and any(n.startswith("Spoken ") for n in names)
