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
