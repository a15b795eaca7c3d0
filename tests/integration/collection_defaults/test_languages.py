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


@pytest.mark.parametrize(("default", "stream_type", "suffix"), [("audio_language", 2, "Audio"),
                                                                ("subtitle_language", 3, "Subtitles")])
def test_languages_outside_include_go_to_the_other_collection(runner, pair, default, stream_type, suffix):
    """Kometa's "Other Audio"/"Other Subtitles": the languages the include list leaves out, in one
    collection (key other: name_other, use_other)."""
    delete_all(pair)
    languages = _by_stream(pair, stream_type)
    runner.run(default)  # every language Plex lists is an ISO 639-1 one: no Other collection
    assert f"Other {suffix}" not in collection_names(pair)
    # keep the first language (none if there is only one), the rest go to Other
    kept = sorted(languages)[0] if len(languages) > 1 else "Zulu"
    delete_all(pair)
    runner.run(default, {"include": [kept], "name_other": "Elsewhere"})
    names = collection_names(pair)
    others = set().union(*(keys for language, keys in languages.items() if language != kept))
    assert "Elsewhere" in names, names
    assert others and {i.ratingKey for i in section(pair).collection("Elsewhere").items()} == others
    assert {n for n in names if n.endswith(f" {suffix}")} == ({f"{kept} {suffix}"} if kept in languages else set())
    delete_all(pair)
    runner.run(default, {"include": [kept], "use_other": False})
    names = collection_names(pair)
    assert f"Other {suffix}" not in names and "Elsewhere" not in names
