"""What an overlay is once parsed: plain frozen dataclasses, picklable (they travel to render workers).

An :class:`OverlaySpec` is the drawing (image, text, backdrop box or blur) with its placement;
an :class:`OverlayDef` is one definition of an overlay file: which items (builders, filters) get
which spec, and the group/queue/suppression rules that decide a poster's stack.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: canvas (width, height) per item level (spec 7.2)
CANVAS = {"movie": (1000, 1500), "show": (1000, 1500), "season": (1000, 1500), "artist": (1000, 1500),
          "episode": (1920, 1080), "album": (1000, 1000), "track": (1000, 1500)}  # Kometa's canvases

RGBA = tuple[int, int, int, int]


@dataclass(frozen=True)
class Offset:
    """``horizontal_offset``/``vertical_offset``: pixels, or a percentage of the canvas side."""

    value: float
    percent: bool = False

    def pixels(self, side: int) -> int:
        return int(side * 0.01 * int(self.value)) if self.percent else int(self.value)


@dataclass(frozen=True)
class Position:
    """Where a box goes: offsets and alignments (spec 7.2)."""

    horizontal_offset: Offset = Offset(0)
    horizontal_align: str = "left"  # left | center | right
    vertical_offset: Offset = Offset(0)
    vertical_align: str = "top"  # top | center | bottom


@dataclass(frozen=True)
class Back:
    """The backdrop box behind text (or an image): colour, outline, radius, padding, fixed size."""

    color: RGBA | None = None
    line_color: RGBA | None = None
    line_width: int = 0
    radius: int = 0
    padding: int = 0
    width: int | None = None
    height: int | None = None
    align: str = "center"  # left | right | center | top | bottom: the content inside a fixed box

    @property
    def drawn(self) -> bool:
        """A box is drawn (``back_color`` or ``back_line_color``)."""
        return self.color is not None or self.line_color is not None

    @property
    def sized(self) -> bool:
        """The placed box has a fixed side (``back_width``/``back_height``)."""
        return self.width is not None or self.height is not None


@dataclass(frozen=True)
class TextStyle:
    font: str | None = None  # a font file path; None: the built-in font
    font_size: int = 36
    font_style: str | None = None
    font_color: RGBA = (255, 255, 255, 255)
    stroke_width: int = 0
    stroke_color: RGBA = (0, 0, 0, 255)


@dataclass(frozen=True)
class OverlaySpec:
    """One overlay as drawn. ``kind``: image | text | backdrop | blur."""

    name: str
    kind: str
    text: str | None = None  # text(...) template, variables unresolved
    image: str | None = None  # path of the image file (image overlays and text addons)
    blur: int = 0
    position: Position | None = None  # None: full canvas (images) / queue position
    scale_width: Offset | None = None
    scale_height: Offset | None = None
    style: TextStyle = TextStyle()
    back: Back = Back()
    addon_position: str = "left"  # left | right | top | bottom
    addon_offset: int = 0


@dataclass(frozen=True)
class OverlayDef:
    """One entry of an overlay file's ``overlays:``."""

    name: str  # the mapping name
    spec: OverlaySpec
    data: dict[str, Any]  # builders and filters, as a collection definition has them
    where: str
    source: str  # the overlay file it came from (queues and suppressions are per file)
    builder_level: str | None = None  # show | season | episode
    group: str | None = None
    queue: str | None = None
    weight: int | None = None
    suppress: tuple[str, ...] = ()


@dataclass(frozen=True)
class Queue:
    """``queues: {name: [positions]}`` of one file."""

    name: str
    positions: tuple[Position, ...]
    where: str


@dataclass
class OverlaySet:
    """Every overlay of one library, in file order, and the queues of each file."""

    definitions: list[OverlayDef] = field(default_factory=list)
    queues: dict[tuple[str, str], Queue] = field(default_factory=dict)  # (source, name) -> queue
    errors: list[str] = field(default_factory=list)
