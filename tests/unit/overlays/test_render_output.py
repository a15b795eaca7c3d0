"""The overlaid poster's size and file type: never more pixels than the original (any shape), and
overlay_artwork_filetype / overlay_artwork_quality honoured."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from kometa.overlays.model import Back, Offset, OverlaySpec, Position
from kometa.overlays.render import Layer, Output, RenderJob, has_marker, output_size, render

CANVAS = (1000, 1500)


def _photo(size: tuple[int, int], fmt: str = "JPEG", quality: int = 80) -> bytes:
    """A photo-like original (noise over gradients: compresses like a real poster, not like a flat one)."""
    noise = Image.effect_noise(size, 30)
    img = Image.merge("RGB", (noise, Image.linear_gradient("L").resize(size), Image.new("L", size, 120)))
    out = io.BytesIO()
    img.save(out, fmt, **({"quality": quality} if fmt != "PNG" else {}))
    return out.getvalue()


def _badges() -> tuple[Layer, ...]:
    layers = []
    for x, y in ((20, 20), (20, 200), (500, 20), (500, 1300), (20, 1300)):
        position = Position(Offset(x), "left", Offset(y), "top")
        spec = OverlaySpec("text(4K)", "text", text="4K", position=position,
                           back=Back(color=(204, 0, 0, 255), padding=20))
        layers.append(Layer(spec, position, "4K"))
    return tuple(layers)


@pytest.mark.parametrize(("size", "canvas", "expected"), [
    ((1000, 1500), CANVAS, (1000, 1500)),
    ((2000, 3000), CANVAS, (1000, 1500)),  # larger: the canvas
    ((1920, 1080), CANVAS, (1000, 1500)),  # larger area, another shape: stretched to the canvas (Kometa)
    ((400, 600), CANVAS, (400, 600)),  # smaller, same shape: kept
    ((640, 360), CANVAS, (392, 588)),  # smaller 16:9 on a movie: 2:3 at its own 230,400 pixels
    ((600, 600), CANVAS, (490, 735)),  # smaller square
    ((500, 500), (1920, 1080), (667, 375)),  # a square episode thumb: 16:9
])
def test_output_size_never_has_more_pixels_than_the_original(size: tuple[int, int], canvas: tuple[int, int],
                                                            expected: tuple[int, int]) -> None:
    found = output_size(size, canvas)
    assert found == expected
    assert found[0] * found[1] <= max(size[0] * size[1] * 1.01, canvas[0] * canvas[1])
    assert abs(found[0] / found[1] - canvas[0] / canvas[1]) < 0.01 or found == size


@pytest.mark.parametrize("size", [(640, 360), (600, 600), (300, 300), (1280, 720)])
def test_originals_of_another_shape_stay_within_one_and_a_half_times_their_bytes(size: tuple[int, int]) -> None:
    original = _photo(size)
    out = render(RenderJob(1, original, CANVAS, _badges()))
    with Image.open(io.BytesIO(out)) as result:
        assert result.format == "JPEG" and result.size == output_size(size, CANVAS)
    assert len(out) <= 1.5 * len(original), (size, len(out), len(original))


def test_another_shape_is_stretched_not_cropped() -> None:
    img = Image.new("RGB", (600, 600), (0, 0, 255))
    img.paste((0, 255, 0), (0, 0, 300, 600))  # left half green, right half blue
    source = io.BytesIO()
    img.save(source, "PNG")
    out = Image.open(io.BytesIO(render(RenderJob(1, source.getvalue(), CANVAS, ())))).convert("RGB")
    assert out.size == (490, 735)
    assert out.getpixel((2, 2)) == (0, 255, 0) and out.getpixel((487, 732)) == (0, 0, 255)  # both halves whole
    assert out.getpixel((240, 367))[1] > 200 and out.getpixel((250, 367))[2] > 200  # the seam stays mid-width


@pytest.mark.parametrize(("filetype", "fmt"), [("jpg", "JPEG"), ("png", "PNG"), ("webp_lossy", "WEBP"),
                                               ("webp_lossless", "WEBP")])
def test_overlay_artwork_filetype_sets_the_format(filetype: str, fmt: str) -> None:
    out = render(RenderJob(1, _photo((200, 300), "PNG"), CANVAS, _badges(), Output(filetype)))
    with Image.open(io.BytesIO(out)) as result:
        assert result.format == fmt and has_marker(out)
        if filetype == "webp_lossless":
            assert result.info.get("lossless") or _lossless(out)


def _lossless(data: bytes) -> bool:
    return b"VP8L" in data[:64]  # the lossless WebP chunk


def test_lossy_webp_is_not_lossless() -> None:
    out = render(RenderJob(1, _photo((200, 300), "PNG"), CANVAS, (), Output("webp_lossy")))
    assert not _lossless(out)


def test_overlay_artwork_quality_sets_the_jpeg_quality() -> None:
    original = _photo((400, 600), quality=95)
    low = render(RenderJob(1, original, CANVAS, _badges(), Output("jpg", 30)))
    high = render(RenderJob(1, original, CANVAS, _badges(), Output("jpg", 95)))
    kept = render(RenderJob(1, original, CANVAS, _badges(), Output("jpg")))
    assert len(low) < 0.5 * len(high)
    with Image.open(io.BytesIO(kept)) as result, Image.open(io.BytesIO(original)) as before:
        assert result.quantization == before.quantization  # type: ignore[attr-defined]  # jpg, no quality: the original's


def test_quality_alone_applies_to_a_jpeg_original() -> None:
    original = _photo((400, 600), quality=95)
    out = render(RenderJob(1, original, CANVAS, _badges(), Output(None, 30)))
    with Image.open(io.BytesIO(out)) as result, Image.open(io.BytesIO(original)) as before:
        assert result.format == "JPEG" and result.quantization != before.quantization  # type: ignore[attr-defined]
    assert len(out) < len(original) / 2


@pytest.mark.parametrize("quality", [30, 50, 75, 90])
def test_a_webp_original_of_any_quality_stays_within_one_and_a_half_times_its_bytes(quality: int) -> None:
    original = _photo((400, 600), "WEBP", quality=quality)
    out = render(RenderJob(1, original, CANVAS, _badges()))
    with Image.open(io.BytesIO(out)) as result:
        assert result.format == "WEBP" and has_marker(out)
    assert len(out) <= 1.5 * len(original)
