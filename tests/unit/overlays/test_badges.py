"""Our own badges (``default: <group>/<name>``): drawn by code, deterministic, addressed by Kometa's names."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from kometa.overlays import badges
from kometa.overlays.model import OverlaySet
from kometa.overlays.render import Layer, RenderJob, render
from kometa.overlays.state import file_fingerprint

Load = Callable[[str], OverlaySet]


@pytest.mark.parametrize("name", ["resolution/4k", "resolution/1080pdvhdr", "resolution/hdr", "edition/extended",
                                  "audio_codec/compact/truehd_atmos", "ribbon/yellow/imdb", "ribbon/black/oscars",
                                  "rating/IMDb", "rating/star", "network/color/HBO", "studio/standard/A24",
                                  "streaming/white/Netflix", "versions", "overlays/images/resolution/4k.png"])
def test_every_documented_group_draws(name: str) -> None:
    img = badges.image(badges.reference(name))
    assert img.mode == "RGBA" and img.width > 50 and img.height > 50
    assert img.getbbox() is not None  # something is drawn


def test_kometa_spellings_are_normalised() -> None:
    assert badges.reference("overlays/images/resolution/4k.png") == "default:resolution/4k"
    assert badges.reference("Rating/IMDb") == "default:Rating/IMDb"


def test_unknown_names_say_what_exists() -> None:
    for name in ("resolution/8k", "ribbon/purple/imdb", "nothing/at/all", "audio_codec/aac"):
        with pytest.raises(badges.BadgeError, match="bundled images are resolution/"):
            badges.describe(name)


def test_labels_are_text_on_transparent() -> None:
    img = badges.image(badges.reference("resolution/4k"))
    assert img.size == badges.PILL
    assert img.getpixel((2, 2))[3] == 0 and img.getpixel((img.width - 3, img.height // 2))[3] == 0
    centre = img.crop((img.width // 2 - 40, 20, img.width // 2 + 40, img.height - 20))
    assert centre.getextrema()[0][1] > 200 and centre.getextrema()[3][1] > 200  # white text in the middle


def test_colour_styles_differ_from_white() -> None:
    white = badges.image(badges.reference("network/white/HBO")).getextrema()
    colour = badges.image(badges.reference("network/color/HBO")).getextrema()
    assert white != colour


def test_ribbon_sits_in_the_bottom_right_corner() -> None:
    img = badges.image(badges.reference("ribbon/yellow/imdb"))
    assert img.getpixel((10, 10))[3] == 0 and img.getpixel((490, 10))[3] == 0  # top corners empty
    r, g, b, a = img.getpixel((495, 200))  # on the band, near the right edge
    assert a > 200 and (r, g, b)[0] > 200 and b < 100  # yellow


def test_drawing_is_deterministic_and_fingerprinted() -> None:
    ref = badges.reference("resolution/720p")
    first = badges.png(ref)
    badges.image.cache_clear()
    badges.fingerprint.cache_clear()
    assert badges.png(ref) == first
    assert file_fingerprint(ref) == badges.fingerprint(ref) != badges.fingerprint(badges.reference("resolution/4k"))


def test_a_badge_renders_onto_a_poster(load: Load) -> None:
    found = load("""
    overlays:
      4K:
        overlay:
          name: 4K
          default: resolution/4k
          horizontal_offset: 15
          vertical_offset: 15
        plex_all: true
    """)
    assert found.errors == []
    spec = found.definitions[0].spec
    assert spec.image == "default:resolution/4k"
    poster = io.BytesIO()
    Image.new("RGB", (1000, 1500), (200, 30, 30)).save(poster, "PNG")
    out = render(RenderJob(1, poster.getvalue(), (1000, 1500), (Layer(spec, spec.position),)))
    with Image.open(io.BytesIO(out)) as img:
        rgb = img.convert("RGB")
        ink = rgb.crop((15 + 100, 15 + 25, 15 + 205, 15 + 80)).getextrema()
        assert min(band[1] for band in ink) > 230  # the label's white ink inside the badge
        assert rgb.getpixel((600, 800)) == (200, 30, 30)  # the poster elsewhere untouched


def test_pmm_and_git_pmm_spellings_are_our_badges(load: Load) -> None:
    found = load("""
    overlays:
      A:
        overlay: {name: A, pmm: resolution/4k, horizontal_offset: 0, vertical_offset: 0}
        plex_all: true
      B:
        overlay: {name: B, git: PMM/resolution/1080p, horizontal_offset: 0, vertical_offset: 0}
        plex_all: true
    """)
    assert found.errors == []
    assert [d.spec.image for d in found.definitions] == ["default:resolution/4k", "default:resolution/1080p"]


def test_repo_images_need_custom_repo(load: Load, tmp_path: Path) -> None:
    found = load("""
    overlays:
      A:
        overlay: {name: A, repo: images/a}
        plex_all: true
    """)
    assert "custom_repo" in found.errors[0] and "Overlays.yml:3:" in found.errors[0]


def _colours(name: str) -> set[tuple[int, int, int]]:
    img = badges.image(badges.reference(name)).convert("RGBA")
    raw = img.tobytes()
    return {(raw[i], raw[i + 1], raw[i + 2]) for i in range(0, len(raw), 4) if raw[i + 3] > 200}


def test_content_rating_tiles_are_coloured_or_white() -> None:
    for board, key in (("uk", "12a"), ("de", "16"), ("au", "ma"), ("nz", "r16")):
        colour = badges.image(badges.reference(f"content_rating/{board}/color/{key}"))
        white = badges.image(badges.reference(f"content_rating/{board}/white/{key}"))
        assert colour.size == white.size == badges.TILE and colour.tobytes() != white.tobytes()
        assert badges.reference(f"content_rating/{board}/false/{key}") == f"default:content_rating/{board}/false/{key}"
    assert badges.image(badges.reference("content_rating/uk/true/15")).tobytes() == \
        badges.image(badges.reference("content_rating/uk/color/15")).tobytes()  # color: true writes "true"
    r, g, b, _a = badges.image(badges.reference("content_rating/uk/color/18")).getpixel((40, 8))
    assert r > 150 and g < 80  # 18: red
    with pytest.raises(badges.BadgeError):
        badges.describe("content_rating/uk/color/pg-13")  # a US key is not a BBFC one


def test_flags_are_drawn_per_country_and_style() -> None:
    france, japan = _colours("flag/square/small/fr"), _colours("flag/square/small/jp")
    assert france != japan and any(b > 120 and r < 60 for r, g, b in france)  # French blue
    assert badges.image(badges.reference("flag/round/big/us")).size == (90, 60)
    round_flag = badges.image(badges.reference("flag/round/small/de"))
    square_flag = badges.image(badges.reference("flag/square/small/de"))
    assert round_flag.getpixel((0, 0))[3] == 0 and square_flag.getpixel((0, 0))[3] == 255  # rounded corners
    unknown = badges.image(badges.reference("flag/square/small/zz"))  # no drawing: gray with its code
    assert unknown.size == (60, 40) and len(_colours("flag/square/small/zz")) > 2
    with pytest.raises(badges.BadgeError):
        badges.describe("flag/oval/small/fr")
