"""Draw an item's whole stack in one pass onto its original poster (Pillow), spec 7.5 step 5.

:func:`render` is a pure function of a picklable :class:`RenderJob` (original bytes, canvas, the
placed specs with their text already filled), so it runs in a process pool. The result keeps the
original's format and quality (JPEG: the original's own quantisation tables and subsampling, so a
poster does not grow tenfold) unless ``overlay_artwork_filetype`` / ``overlay_artwork_quality``
say otherwise (:class:`Output`), has no more pixels than the original (:func:`output_size`), and carries the marker EXIF tag 0x04BC = ``overlay`` that Kometa
also writes, so neither tool ever takes an overlaid poster for an original.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from kometa.overlays.geometry import addon_layout, back_box, content_in_box, place, scaled
from kometa.overlays.model import OverlaySpec, Position

if TYPE_CHECKING:
    from PIL import Image, ImageFont

MARKER_TAG = 0x04BC
MARKER = "overlay"


class RenderError(ValueError):
    """An overlay that cannot be drawn on this poster (bad image size, unreadable file)."""


@dataclass(frozen=True)
class Layer:
    spec: OverlaySpec
    position: Position | None
    text: str | None = None  # filled text of a text overlay


#: ``overlay_artwork_filetype`` values (Kometa's; ``webp`` is read as ``webp_lossy``, as Kometa does)
FILETYPES = ("jpg", "png", "webp_lossy", "webp_lossless")


@dataclass(frozen=True)
class Output:
    """How the overlaid poster is saved: ``filetype`` None keeps the original's format and quality
    (JPEG: its own quantisation tables); ``quality`` (1-100) is the JPEG / lossy WebP quality."""

    filetype: str | None = None
    quality: int | None = None


@dataclass(frozen=True)
class RenderJob:
    rating_key: int
    original: bytes
    canvas: tuple[int, int]
    layers: tuple[Layer, ...]
    output: Output = Output()


def has_marker(data: bytes) -> bool:
    """The image carries the overlay marker (EXIF 0x04BC = overlay): it is not an original."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as img:
            value = img.getexif().get(MARKER_TAG)
    except OSError:
        return False
    if isinstance(value, bytes):
        value = value.decode(errors="replace")
    return str(value or "").strip("\x00").lower() == MARKER


@lru_cache(maxsize=32)
def _font(path: str | None, size: int, style: str | None) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    from PIL import ImageFont

    if path is None:
        return ImageFont.load_default(size)
    font = ImageFont.truetype(path, size)
    if style:
        try:
            font.set_variation_by_name(style)
        except (OSError, ValueError) as exc:
            raise RenderError(f"font {path} has no style '{style}'") from exc
    return font


@lru_cache(maxsize=64)
def _image(path: str) -> Image.Image:
    from PIL import Image

    from kometa.overlays import badges

    if badges.is_reference(path):  # one of our own badges, drawn by code
        return badges.image(path)
    try:
        with Image.open(path) as img:
            return img.convert("RGBA")
    except OSError as exc:
        raise RenderError(f"overlay image {path} cannot be read: {exc}") from None


def _paste(base: Image.Image, layer: Image.Image, x: int, y: int) -> None:
    """alpha-composite ``layer`` at (x, y), cropping what falls off the canvas."""
    left, top = max(0, -x), max(0, -y)
    right, bottom = min(layer.width, base.width - x), min(layer.height, base.height - y)
    if right <= left or bottom <= top:
        return
    part = layer if (left, top, right, bottom) == (0, 0, layer.width, layer.height) else \
        layer.crop((left, top, right, bottom))
    base.alpha_composite(part, dest=(x + left, y + top))


def _text_image(spec: OverlaySpec, text: str) -> tuple[Image.Image, tuple[int, int], int]:
    """The text (and its addon image) on a transparent layer: (layer, measured size, margin). Text
    is measured without its stroke and drawn anchored at its left-top, as Kometa does; the layer
    has ``margin`` extra pixels on each side so a stroke is not cut off."""
    from PIL import Image, ImageDraw

    from kometa.core.glyphs import drawable

    style = spec.style
    font = _font(style.font, style.font_size, style.font_style)
    text = drawable(text, font)
    probe = ImageDraw.Draw(Image.new("RGBA", (1, 1)))
    box = probe.textbbox((0, 0), text, font=font, anchor="lt")
    size = (max(1, int(box[2])), max(1, int(box[3])))
    margin = style.stroke_width
    text_at = (0, 0)
    addon = None
    total = size
    if spec.image is not None:
        addon = _image(spec.image)
        addon_size = scaled(addon.size, spec.scale_width, spec.scale_height)
        if addon_size != addon.size:
            addon = addon.resize(addon_size, Image.Resampling.LANCZOS)
        total, text_at, image_at = addon_layout(size, addon.size, spec.addon_position, spec.addon_offset)
    layer = Image.new("RGBA", (total[0] + 2 * margin, total[1] + 2 * margin), (0, 0, 0, 0))
    if addon is not None:
        layer.alpha_composite(addon, dest=(image_at[0] + margin, image_at[1] + margin))
    ImageDraw.Draw(layer).text((text_at[0] + margin, text_at[1] + margin), text, font=font, fill=style.font_color,
                               stroke_width=style.stroke_width, stroke_fill=style.stroke_color, anchor="lt")
    return layer, total, margin


def _draw(base: Image.Image, layer: Layer, canvas: tuple[int, int]) -> None:
    from PIL import Image, ImageDraw

    spec = layer.spec
    back = spec.back
    content: Image.Image | None = None
    inner, margin = (0, 0), 0
    if spec.kind == "text":
        content, inner, margin = _text_image(spec, layer.text or "")
    elif spec.kind == "image":
        assert spec.image is not None
        content = _image(spec.image)
        size = scaled(content.size, spec.scale_width, spec.scale_height)
        if size != content.size:
            content = content.resize(size, Image.Resampling.LANCZOS)
        if layer.position is None:
            if content.size != canvas:
                raise RenderError(f"overlay image {spec.image} is {content.width}x{content.height}; without "
                                  f"horizontal/vertical offsets it must be the whole canvas "
                                  f"{canvas[0]}x{canvas[1]}")
            _paste(base, content, 0, 0)
            return
        inner = content.size
    backdrop = spec.kind == "backdrop"
    box = back_box(inner, back, canvas, backdrop) if (back.sized or backdrop) else inner
    x, y = place(canvas, box, layer.position or Position())
    if back.drawn:
        pad = back.padding
        rect = Image.new("RGBA", (box[0] + 2 * pad + 1, box[1] + 2 * pad + 1), (0, 0, 0, 0))
        outline_width = back.line_width or (1 if back.line_color else 0)
        shape = (0, 0, box[0] + 2 * pad, box[1] + 2 * pad)
        draw = ImageDraw.Draw(rect)
        if back.radius:
            draw.rounded_rectangle(shape, radius=back.radius, fill=back.color, outline=back.line_color,
                                   width=outline_width)
        else:
            draw.rectangle(shape, fill=back.color, outline=back.line_color, width=outline_width)
        _paste(base, rect, x - pad, y - pad)
    if content is not None:
        dx, dy = content_in_box(box, inner, back) if back.sized else (0, 0)
        _paste(base, content, x + dx - margin, y + dy - margin)


#: lossy WebP qualities tried, best first, for a WebP original kept as WebP (WebP files do not say
#: their quality, so the first whose bytes are at most MAX_GROWTH x the original's is taken)
WEBP_QUALITIES = (90, 80, 70, 60, 50, 40, 30, 20, 10)
MAX_GROWTH = 1.5


def _save(img: Image.Image, source: Image.Image, output: Output, original_bytes: int = 0) -> bytes:
    from PIL import Image, JpegImagePlugin

    exif = Image.Exif()
    exif[MARKER_TAG] = MARKER
    out = io.BytesIO()
    fmt = _format(source, output)
    quality = output.quality or 90  # Kometa's: 90 unless overlay_artwork_quality says otherwise
    if fmt == "JPEG":
        options: dict[str, Any] = {"quality": quality}
        if output.quality is None and getattr(source, "quantization", None):
            options = {"qtables": source.quantization,  # type: ignore[attr-defined]
                       "subsampling": JpegImagePlugin.get_sampling(source)}
        img.convert("RGB").save(out, "JPEG", exif=exif, optimize=True, **options)
    elif fmt == "WEBP" and output.filetype == "webp_lossless":
        img.save(out, "WEBP", exif=exif, lossless=True)
    elif fmt == "WEBP" and output.filetype is None and output.quality is None and original_bytes:
        for quality in WEBP_QUALITIES:  # the original's quality is unknown: the best that keeps the bound
            out = io.BytesIO()
            img.save(out, "WEBP", exif=exif, quality=quality)
            if out.tell() <= MAX_GROWTH * original_bytes:
                break
    elif fmt == "WEBP":
        img.save(out, "WEBP", exif=exif, quality=quality)
    else:
        img.save(out, "PNG", exif=exif, optimize=True)
    return out.getvalue()


def _format(source: Image.Image, output: Output) -> str:
    """The Pillow format to save in: ``overlay_artwork_filetype``'s, else the original's (PNG for
    one Pillow cannot write back)."""
    if output.filetype is not None:
        return {"jpg": "JPEG", "png": "PNG"}.get(output.filetype, "WEBP")
    return source.format if source.format in ("JPEG", "PNG", "WEBP") else "PNG"


def render(job: RenderJob) -> bytes:
    """The overlaid poster's bytes (raises RenderError for a stack that cannot be drawn)."""
    from PIL import Image, ImageFilter

    try:
        source = Image.open(io.BytesIO(job.original))
        source.load()
    except OSError as exc:
        raise RenderError(f"the original poster cannot be read: {exc}") from None
    base = source if source.mode in ("RGB", "RGBA") else source.convert("RGB")
    blur = max((layer.spec.blur for layer in job.layers if layer.spec.kind == "blur"), default=0)
    size = output_size(base.size, job.canvas)
    if size != base.size:  # resize before adding alpha: a quarter less to resample
        base = base.resize(size, Image.Resampling.LANCZOS)
    if size != job.canvas:
        base = _onto_smaller(base, job, blur)
    else:
        base = base.convert("RGBA")
        if blur:
            base = base.filter(ImageFilter.GaussianBlur(blur))
        for layer in job.layers:
            if layer.spec.kind != "blur":
                _draw(base, layer, job.canvas)
    return _save(base if _format(source, job.output) != "JPEG" else base.convert("RGB"), source, job.output,
                 len(job.original))


def output_size(size: tuple[int, int], canvas: tuple[int, int]) -> tuple[int, int]:
    """The overlaid poster's pixel size. Kometa stretches every original to the canvas; so do we,
    but never to more pixels than the original has (the upload would be several times its bytes):
    an original of at least the canvas' area becomes the canvas; a smaller one of the canvas' shape
    (aspect within 2%) keeps its size; a smaller one of another shape (a 16:9 or square poster on a
    movie) is stretched to the canvas' shape at its own area."""
    area, canvas_area = size[0] * size[1], canvas[0] * canvas[1]
    if area >= canvas_area:
        return canvas
    if abs(size[0] * canvas[1] - size[1] * canvas[0]) <= 0.02 * size[1] * canvas[0]:
        return size
    scale = math.sqrt(area / canvas_area)
    return max(1, round(canvas[0] * scale)), max(1, round(canvas[1] * scale))


def _onto_smaller(base: Image.Image, job: RenderJob, blur: int) -> Image.Image:
    """A poster smaller than the canvas (of its shape) keeps its own size (so the upload is not several times
    the original's bytes): the overlays are drawn on a transparent canvas with Kometa's geometry,
    scaled down to the original and composited over it; outside the overlays the original's pixels
    stay as they were (a blur is scaled with the poster)."""
    from PIL import Image, ImageFilter

    size = base.size
    base = base.convert("RGBA")
    if blur:
        base = base.filter(ImageFilter.GaussianBlur(blur * size[0] / job.canvas[0]))
    drawn = [layer for layer in job.layers if layer.spec.kind != "blur"]
    if not drawn:
        return base
    layer_canvas = Image.new("RGBA", job.canvas, (0, 0, 0, 0))
    for layer in drawn:
        _draw(layer_canvas, layer, job.canvas)
    box = layer_canvas.getbbox()  # resample only the part that carries overlays
    if box is None:
        return base
    scale_x, scale_y = size[0] / job.canvas[0], size[1] / job.canvas[1]
    target = (math.floor(box[0] * scale_x), math.floor(box[1] * scale_y),
              min(size[0], math.ceil(box[2] * scale_x)), min(size[1], math.ceil(box[3] * scale_y)))
    part = layer_canvas.convert("RGBa").resize((target[2] - target[0], target[3] - target[1]),
                                              Image.Resampling.LANCZOS,
                                              box=(target[0] / scale_x, target[1] / scale_y,
                                                   target[2] / scale_x, target[3] / scale_y)).convert("RGBA")
    base.alpha_composite(part, dest=(target[0], target[1]))
    return base


def render_safe(job: RenderJob) -> tuple[int, bytes | None, str | None]:
    """For a worker pool: (rating key, bytes or None, error or None)."""
    try:
        return job.rating_key, render(job), None
    except RenderError as exc:
        return job.rating_key, None, str(exc)
    except Exception as exc:  # a poster Pillow cannot handle: this item fails, the others go on
        return job.rating_key, None, f"rendering failed ({type(exc).__name__}: {exc})"
