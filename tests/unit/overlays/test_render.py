"""Rendering, checked pixel by pixel: badges where the geometry says, the original untouched elsewhere,
the marker written, the original's format and quality kept."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from kometa.overlays.model import Back, Offset, OverlaySpec, Position
from kometa.overlays.render import Layer, RenderError, RenderJob, has_marker, render

CANVAS = (1000, 1500)


def _png(size: tuple[int, int] = CANVAS) -> bytes:
    red = Image.linear_gradient("L").rotate(90).resize(size)  # varies along x
    green = Image.linear_gradient("L").resize(size)  # varies along y
    img = Image.merge("RGB", (red, green, Image.new("L", size, 90)))
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def _open(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


def _text(**back: object) -> Layer:
    position = Position(Offset(20), "left", Offset(20), "top")
    spec = OverlaySpec("text(4K)", "text", text="4K", position=position, back=Back(**back))  # type: ignore[arg-type]
    return Layer(spec, position, "4K")


def test_badge_colour_inside_original_untouched_outside() -> None:
    original = _png()
    out = _open(render(RenderJob(1, original, CANVAS, (_text(color=(204, 0, 0, 255), padding=10),))))
    base = _open(original)
    assert out.getpixel((11, 11)) == (204, 0, 0)  # the box starts padding (10) before the text at 20
    assert out.getpixel((9, 9)) == base.getpixel((9, 9))
    for xy in ((500, 750), (999, 1499), (0, 1499), (300, 40)):
        assert out.getpixel(xy) == base.getpixel(xy)


def test_image_overlay_right_bottom_and_full_canvas(tmp_path: Path) -> None:
    badge = tmp_path / "badge.png"
    Image.new("RGBA", (50, 40), (0, 0, 255, 255)).save(badge)
    position = Position(Offset(0), "right", Offset(0), "bottom")
    spec = OverlaySpec("badge", "image", image=str(badge), position=position)
    original = _png()
    out = _open(render(RenderJob(1, original, CANVAS, (Layer(spec, position),))))
    assert out.getpixel((999, 1499)) == (0, 0, 255) and out.getpixel((950, 1460)) == (0, 0, 255)
    assert out.getpixel((949, 1460)) == _open(original).getpixel((949, 1460))
    full = OverlaySpec("badge", "image", image=str(badge))
    with pytest.raises(RenderError, match="must be the whole canvas 1000x1500"):
        render(RenderJob(1, original, CANVAS, (Layer(full, None),)))


def test_scaled_image_and_half_transparent_back(tmp_path: Path) -> None:
    badge = tmp_path / "b.png"
    Image.new("RGBA", (100, 100), (0, 255, 0, 255)).save(badge)
    position = Position(Offset(0), "left", Offset(0), "top")
    spec = OverlaySpec("b", "image", image=str(badge), position=position, scale_width=Offset(50, True))
    out = _open(render(RenderJob(1, _png(), CANVAS, (Layer(spec, position),))))
    assert out.getpixel((49, 49)) == (0, 255, 0) and out.getpixel((50, 50)) != (0, 255, 0)
    out = _open(render(RenderJob(1, _solid((255, 255, 255)), CANVAS,
                                 (_text(color=(0, 0, 0, 128), padding=10),))))
    assert abs(out.getpixel((12, 12))[0] - 127) <= 2  # half black over white


def _solid(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", CANVAS, colour).save(out, "PNG")
    return out.getvalue()


def test_backdrop_band_spans_the_width() -> None:
    position = Position(Offset(0), "left", Offset(0), "bottom")
    spec = OverlaySpec("backdrop", "backdrop", position=position, back=Back(color=(10, 20, 30, 255), height=100))
    original = _png()
    out = _open(render(RenderJob(1, original, CANVAS, (Layer(spec, position),))))
    assert out.getpixel((0, 1400)) == (10, 20, 30) and out.getpixel((999, 1499)) == (10, 20, 30)
    assert out.getpixel((500, 1399)) == _open(original).getpixel((500, 1399))


def test_blur_changes_the_whole_poster() -> None:
    img = Image.new("RGB", CANVAS, (255, 255, 255))
    img.paste((0, 0, 0), (0, 0, 500, 1500))  # a sharp edge at x = 500
    original = io.BytesIO()
    img.save(original, "PNG")
    out = _open(render(RenderJob(1, original.getvalue(), CANVAS, (Layer(OverlaySpec("blur(20)", "blur", blur=20), None),))))
    assert 60 < out.getpixel((500, 750))[0] < 200 and out.getpixel((100, 750)) == (0, 0, 0)


def test_small_original_keeps_its_size_with_the_overlays_scaled_onto_it() -> None:
    original = _png((200, 300))
    out = render(RenderJob(1, original, CANVAS, (_text(color=(204, 0, 0, 255), padding=20),)))
    assert _open(out).size == (200, 300) and has_marker(out) and not has_marker(_png())
    base = _open(original)
    # the box spans the canvas from 0 (padding 20 before the text at 20) to past 40: at a fifth, 0..8
    assert all(abs(a - b) <= 2 for a, b in zip(_open(out).getpixel((1, 1)), (204, 0, 0), strict=True))
    for xy in ((100, 150), (199, 299), (0, 299), (60, 8), (8, 60)):
        assert _open(out).getpixel(xy) == base.getpixel(xy)  # outside the badge: the original's pixels


def test_small_jpeg_stays_within_one_and_a_half_times_its_bytes() -> None:
    size = (200, 300)
    noise = Image.effect_noise(size, 30)
    img = Image.merge("RGB", (noise, Image.linear_gradient("L").resize(size), Image.new("L", size, 120)))
    source = io.BytesIO()
    img.save(source, "JPEG", quality=75)
    layers = (_text(color=(204, 0, 0, 255), padding=10),
              Layer(OverlaySpec("blur(10)", "blur", blur=10), None))
    out = render(RenderJob(1, source.getvalue(), CANVAS, layers))
    with Image.open(io.BytesIO(out)) as result, Image.open(io.BytesIO(source.getvalue())) as before:
        assert result.format == "JPEG" and result.size == size
        assert result.quantization == before.quantization  # type: ignore[attr-defined]
    assert len(out) <= 1.5 * len(source.getvalue())


def test_small_original_of_another_shape_is_stretched_to_the_canvas_shape_at_its_own_area() -> None:
    out = render(RenderJob(1, _png((200, 300)), (1920, 1080), (_text(color=(204, 0, 0, 255), padding=10),)))
    assert _open(out).size == (327, 184)  # 16:9, about 200x300's 60,000 pixels
    # the badge (canvas 10..70 x 10..70) lands at the same place in canvas terms: x 0.17 of it
    for xy in ((2, 2), (11, 6)):  # the box's red (its white text is in the middle)
        assert all(abs(a - b) <= 30 for a, b in zip(_open(out).getpixel(xy), (204, 0, 0), strict=True))
    assert _open(out).getpixel((20, 20))[2] == 90  # outside: the original's blue channel
    assert _open(render(RenderJob(1, _png((640, 360)), (1920, 1080), ()))).size == (640, 360)


def test_larger_original_of_another_shape_is_stretched_to_the_canvas() -> None:
    out = render(RenderJob(1, _png((1920, 1080)), CANVAS, (_text(color=(204, 0, 0, 255), padding=10),)))
    assert _open(out).size == CANVAS and _open(out).getpixel((11, 11)) == (204, 0, 0)


def test_larger_original_is_drawn_at_the_canvas() -> None:
    out = render(RenderJob(1, _png((1200, 1800)), CANVAS, (_text(color=(204, 0, 0, 255), padding=10),)))
    assert _open(out).size == CANVAS and _open(out).getpixel((11, 11)) == (204, 0, 0)


def test_jpeg_keeps_format_quality_and_size() -> None:
    noise = Image.effect_noise(CANVAS, 30)
    img = Image.merge("RGB", (noise, Image.linear_gradient("L").resize(CANVAS), Image.new("L", CANVAS, 120)))
    source = io.BytesIO()
    img.save(source, "JPEG", quality=80)
    layers = (_text(color=(204, 0, 0, 255), padding=10),) * 5
    out = render(RenderJob(1, source.getvalue(), CANVAS, layers))
    with Image.open(io.BytesIO(out)) as result, Image.open(io.BytesIO(source.getvalue())) as before:
        assert result.format == "JPEG"
        assert result.quantization == before.quantization  # type: ignore[attr-defined]
    assert len(out) <= 1.5 * len(source.getvalue())


def test_unreadable_original() -> None:
    with pytest.raises(RenderError, match="cannot be read"):
        render(RenderJob(1, b"not an image", CANVAS, ()))
