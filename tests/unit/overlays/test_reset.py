"""reset_overlays values and the choice of Plex's base poster (pure)."""

from __future__ import annotations

import pytest

from kometa.overlays.reset import Base, parse_reset, plex_base


@pytest.mark.parametrize(("value", "expected"), [
    ("plex", ("plex",)), ("TMDb", ("tmdb",)), (["tmdb", "plex"], ("tmdb", "plex")), ("plex, tmdb", ("plex", "tmdb")),
    ("plex,plex", ("plex",)), (None, ()), (False, ()), ([], ()), ("", ()),
])
def test_parse_reset(value: object, expected: tuple[str, ...]) -> None:
    assert parse_reset(value) == expected


def test_parse_reset_refuses_other_sources() -> None:
    with pytest.raises(ValueError, match="plex, tmdb or a list of them \\(got 'asset'\\)"):
        parse_reset(["plex", "asset"])


def test_plex_base_skips_uploads_and_keeps_plex_order() -> None:
    photos = [{"ratingKey": "upload://posters/abc", "key": "/library/metadata/1/file?url=upload"},
              {"ratingKey": "metadata://posters/agent-1", "key": "/library/metadata/1/file?url=agent1"},
              {"ratingKey": "https://img/2.jpg", "key": "https://img/2.jpg"}]
    assert plex_base(photos) == Base("plex:metadata://posters/agent-1", "/library/metadata/1/file?url=agent1")
    assert plex_base(photos[:1]) is None
    assert plex_base([{"ratingKey": "x", "key": ""}]) is None
