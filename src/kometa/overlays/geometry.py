"""Kometa's overlay geometry (spec 7.2), pure: where a box of size (w, h) goes on a canvas.

Per axis: ``left``/``top`` -> offset; ``right``/``bottom`` -> canvas − size − offset; ``center`` ->
int(canvas/2) − int(size/2) + offset. A ``%`` offset is that share of the canvas side (truncated).
The box placed is the backdrop's fixed size when ``back_width``/``back_height`` are given, else the
content (text, image); ``back_padding`` grows the drawn backdrop outwards around that box, it does
not move the content. ``scale_width``/``scale_height`` in ``%`` are of the image's own size; one
side alone keeps the aspect ratio.
"""

from __future__ import annotations

from kometa.overlays.model import Back, Offset, Position


def axis(canvas: int, size: int, offset: int, align: str) -> int:
    if align in ("left", "top"):
        return offset
    if align in ("right", "bottom"):
        return canvas - size - offset
    return int(canvas / 2) - int(size / 2) + offset


def place(canvas: tuple[int, int], box: tuple[int, int], position: Position) -> tuple[int, int]:
    """Top-left corner of ``box`` on ``canvas`` for ``position``."""
    cw, ch = canvas
    x = axis(cw, box[0], position.horizontal_offset.pixels(cw), position.horizontal_align)
    y = axis(ch, box[1], position.vertical_offset.pixels(ch), position.vertical_align)
    return x, y


def scaled(size: tuple[int, int], width: Offset | None, height: Offset | None) -> tuple[int, int]:
    """An image's size after ``scale_width``/``scale_height`` (``%``: of the image's own side)."""
    w, h = size
    if width is None and height is None:
        return size
    new_w = width.pixels(w) if width is not None else None
    new_h = height.pixels(h) if height is not None else None
    if new_w is None:
        assert new_h is not None
        new_w = int(w * new_h / h)
    if new_h is None:
        new_h = int(h * new_w / w)
    return max(1, new_w), max(1, new_h)


def back_box(content: tuple[int, int], back: Back, canvas: tuple[int, int], backdrop: bool = False) -> tuple[int, int]:
    """The box that is placed: ``back_width``/``back_height`` where given; a missing side is the
    content's (the canvas's for a ``backdrop`` overlay)."""
    fill = canvas if backdrop else content
    return (back.width if back.width is not None else fill[0], back.height if back.height is not None else fill[1])


def content_in_box(box: tuple[int, int], content: tuple[int, int], back: Back) -> tuple[int, int]:
    """Where content sits inside a fixed backdrop box: centred on both axes, except flush with the
    ``back_align`` side (left/right on x, top/bottom on y)."""
    bw, bh = box
    cw, ch = content
    x = 0 if back.align == "left" else (bw - cw) // (1 if back.align == "right" else 2)
    y = 0 if back.align == "top" else (bh - ch) // (1 if back.align == "bottom" else 2)
    return x, y


def addon_layout(text: tuple[int, int], image: tuple[int, int], where: str,
                 gap: int) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int]]:
    """Text beside an addon image: (combined size, text corner, image corner), each centred on the
    other axis."""
    tw, th = text
    iw, ih = image
    if where in ("left", "right"):
        size = (tw + iw + gap, max(th, ih))
        image_x = 0 if where == "left" else tw + gap
        text_x = iw + gap if where == "left" else 0
        return size, (text_x, (size[1] - th) // 2), (image_x, (size[1] - ih) // 2)
    size = (max(tw, iw), th + ih + gap)
    image_y = 0 if where == "top" else th + gap
    text_y = ih + gap if where == "top" else 0
    return size, ((size[0] - tw) // 2, text_y), ((size[0] - iw) // 2, image_y)
