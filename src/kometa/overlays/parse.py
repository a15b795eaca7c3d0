"""Overlay files -> :class:`~kometa.overlays.model.OverlaySet`, every mistake a ``file:line`` message.

A library's ``overlay_files`` load like collection files (templates, ``external_templates``,
template variables: :func:`kometa.config.definitions.load_definitions` with ``kind="overlay"``);
this module turns each definition's ``overlay`` block and the file's ``queues`` into specs (spec
7.1/7.2). A definition that is wrong becomes one error line and the others still load.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from kometa.config.default_origin import relocate_error
from kometa.config.definitions import Definition, load_definitions
from kometa.config.files import Document, candidate_paths
from kometa.config.model import Config, FileRef, LibraryConfig
from kometa.config.yaml_io import file_of, line_of
from kometa.core.errors import ConfigError
from kometa.overlays.images import Images, images_of
from kometa.overlays.model import (
    RGBA,
    Back,
    Offset,
    OverlayDef,
    OverlaySet,
    OverlaySpec,
    Position,
    TextStyle,
)
from kometa.overlays.queues import check_queues, parse_queues
from kometa.overlays.text import TextError
from kometa.overlays.text import check as check_text

log = logging.getLogger("kometa")

Loader = Callable[[FileRef, Path], list[Document]]

#: definition keys that only make sense for a collection (spec 7.1: errors in an overlay file)
COLLECTION_ONLY = {"collection_order", "sort_title", "collection_mode", "visible_home", "visible_shared",
                   "visible_library", "summary", "url_poster", "file_poster", "sync_mode", "minimum_items",
                   "delete_below_minimum", "smart_label", "smart_filter", "smart_url"}
SMART = ("smart_label", "smart_filter", "smart_url")
OVERLAY_KEYS = {"name", "file", "url", "default", "pmm", "git", "repo", "horizontal_offset", "horizontal_align",
                "vertical_offset", "vertical_align", "scale_width", "scale_height", "group", "queue", "weight",
                "font", "font_size", "font_style", "font_color", "stroke_width", "stroke_color", "back_color",
                "back_line_color", "back_line_width", "back_radius", "back_padding", "back_width", "back_height",
                "back_align", "addon_position", "addon_offset"}
LEVELS = {"show", "season", "episode", "artist", "album", "track"}  # Kometa's builder_level options
_COLOR = re.compile(r"^#?([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$", re.IGNORECASE)
_BLUR = re.compile(r"^blur(?:\((.*)\))?$", re.IGNORECASE)


class Locator:
    """``file:line`` of keys inside one definition (its raw YAML if written there, else the definition)."""

    def __init__(self, definition: Definition) -> None:
        self.definition = definition
        node = definition.node
        self.overlay_node = node.get("overlay") if isinstance(node, Mapping) else None

    def of(self, key: str, inside_overlay: bool = True) -> str:
        node = self.overlay_node if inside_overlay else self.definition.node
        if isinstance(node, Mapping) and key in node:
            line = line_of(node, key)
            return f"{file_of(node) or self.definition.file}:{line}"
        return self.definition.where_of("overlay" if inside_overlay else key)

    def error(self, key: str, message: str, inside_overlay: bool = True) -> ConfigError:
        where = self.of(key, inside_overlay)
        file, _, line = where.rpartition(":")
        return ConfigError(f"overlay '{self.definition.name}': {message}", file=file,
                           line=int(line) if line.isdigit() else None)


def parse_color(value: Any) -> RGBA:
    """``#RGB``, ``#RGBA``, ``#RRGGBB``, ``#RRGGBBAA`` (the ``#`` optional) -> RGBA; ValueError otherwise."""
    match = _COLOR.match(str(value).strip())
    if match is None:
        raise ValueError(f"'{value}' is not a colour (use #RGB, #RGBA, #RRGGBB or #RRGGBBAA)")
    digits = match.group(1)
    if len(digits) <= 4:
        digits = "".join(c * 2 for c in digits)
    if len(digits) == 6:
        digits += "ff"
    r, g, b, a = (int(digits[i:i + 2], 16) for i in range(0, 8, 2))
    return r, g, b, a


def parse_offset(value: Any, centered: bool) -> Offset:
    """px (≥ 0 unless centred) or ``N%`` (0..100; centred −50..50); ValueError otherwise."""
    text = str(value).strip()
    percent = text.endswith("%")
    try:
        number = float(text[:-1] if percent else text)
    except ValueError:
        raise ValueError(f"'{value}' is not a number of pixels or a percentage like 10%") from None
    if percent and not number.is_integer():
        raise ValueError(f"{value} must be a whole percentage like 10%")
    if percent:
        low, high = (-50, 50) if centered else (0, 100)
        if not low <= number <= high:
            raise ValueError(f"{value} must be between {low}% and {high}%" + (" when centred" if centered else ""))
    elif not percent and not number.is_integer():
        raise ValueError(f"{value} must be a whole number of pixels")
    elif number < 0 and not centered:
        raise ValueError(f"{value} must be 0 or more unless the alignment is center")
    return Offset(number, percent)


def _int(loc: Locator, data: Mapping[str, Any], key: str, default: int | None, minimum: int = 0) -> int | None:
    if data.get(key) is None:
        return default
    try:
        number = int(str(data[key]).strip())
    except ValueError:
        raise loc.error(key, f"{key} must be a whole number (got '{data[key]}')") from None
    if number < minimum:
        raise loc.error(key, f"{key} must be {minimum} or more (got {number})")
    return number


def _color(loc: Locator, data: Mapping[str, Any], key: str) -> RGBA | None:
    if data.get(key) is None:
        return None
    try:
        return parse_color(data[key])
    except ValueError as exc:
        raise loc.error(key, f"{key}: {exc}") from None


def _choice(loc: Locator, data: Mapping[str, Any], key: str, default: str, allowed: set[str]) -> str:
    value = str(data.get(key) or default).lower()
    if value not in allowed:
        raise loc.error(key, f"{key} must be one of {', '.join(sorted(allowed))} (got '{data.get(key)}')")
    return value


def parse_position(loc: Locator, data: Mapping[str, Any], *, required: bool) -> Position | None:
    """Offsets and alignments of an overlay (or a queue position); None when neither offset is given."""
    h, v = data.get("horizontal_offset"), data.get("vertical_offset")
    if h is None and v is None:
        if required:
            raise loc.error("name", "needs horizontal_offset and vertical_offset (or a queue)")
        return None
    if h is None or v is None:
        missing = "horizontal_offset" if h is None else "vertical_offset"
        raise loc.error("horizontal_offset" if h is not None else "vertical_offset",
                        f"{missing} is missing: give both offsets or neither")
    h_align = _choice(loc, data, "horizontal_align", "left", {"left", "center", "right"})
    v_align = _choice(loc, data, "vertical_align", "top", {"top", "center", "bottom"})
    offsets = []
    for key, align in (("horizontal_offset", h_align), ("vertical_offset", v_align)):
        try:
            offsets.append(parse_offset(data[key], align == "center"))
        except ValueError as exc:
            raise loc.error(key, f"{key}: {exc}") from None
    return Position(offsets[0], h_align, offsets[1], v_align)


def find_image(location: str, config_dir: Path) -> Path | None:
    for path in candidate_paths(location, config_dir):
        if path.is_file():
            return path
    return None


def _image(loc: Locator, data: Mapping[str, Any], name: str, config_dir: Path, needed: bool,
           custom_repo: str | None = None, images: Images | None = None) -> str | None:
    """The image's path; where several are given, Kometa's order decides: default (pmm), file, git,
    repo, url. ``default:`` images are ours, drawn by code (:mod:`kometa.overlays.badges`)."""
    git = str(data["git"]).strip() if data.get("git") is not None else None
    key = "default" if data.get("default") is not None else "pmm" if data.get("pmm") is not None else None
    bundled = data.get(key) if key is not None else None
    if bundled is None and git is not None and git.startswith("PMM/"):  # Kometa's git: spelling of its images
        bundled, key = git[4:], "git"
    if bundled is not None and key is not None:
        from kometa.overlays.badges import BadgeError, reference

        try:
            return reference(str(bundled))
        except BadgeError as exc:
            raise loc.error(key, str(exc)) from None
    if data.get("file") is not None:
        found = find_image(str(data["file"]), config_dir)
        if found is None:
            raise loc.error("file", f"image file '{data['file']}' not found")
        return str(found)
    if git is not None or data.get("repo") is not None or data.get("url") is not None:
        from kometa.overlays.images import fetch_image, git_url, repo_url

        fetcher = images if images is not None else images_of(None)
        if git is not None:
            return str(fetch_image(git_url(git), name, config_dir, loc.of("git"), fetcher))
        if data.get("repo") is not None:
            if not custom_repo:
                raise loc.error("repo", "'repo:' images need settings: custom_repo (the address of your repository)")
            return str(fetch_image(repo_url(str(data["repo"]), custom_repo), name, config_dir, loc.of("repo"),
                                   fetcher))
        return str(fetch_image(str(data["url"]), name, config_dir, loc.of("url"), fetcher))
    if not needed:
        return None
    fallback = config_dir / "overlays" / f"{name}.png"
    if not fallback.is_file():
        raise loc.error("name", f"no image for '{name}': give default:, file:, git:, repo: or url:, or put it at "
                                f"{fallback}")
    return str(fallback)


def _font(loc: Locator, data: Mapping[str, Any], config_dir: Path) -> str | None:
    if data.get("font") is None:
        return None
    found = find_image(str(data["font"]), config_dir)
    if found is None:
        raise loc.error("font", f"font file '{data['font']}' not found (give a .ttf/.otf path; without font: "
                                f"the built-in font is used)")
    try:
        from PIL import ImageFont

        ImageFont.truetype(str(found), 10)
    except OSError:
        raise loc.error("font", f"'{data['font']}' is not a font file Pillow can read") from None
    return str(found)


def parse_spec(loc: Locator, data: Mapping[str, Any], config_dir: Path, in_queue: bool,
               custom_repo: str | None = None, images: Images | None = None) -> OverlaySpec:
    for key in data:
        if key not in OVERLAY_KEYS:
            raise loc.error(key, f"unknown overlay key '{key}'")
    name = str(data.get("name") or loc.definition.name).strip()
    if "|" in name:
        raise loc.error("name", f"overlay name '{name}' cannot contain '|'")
    style = TextStyle(
        font=_font(loc, data, config_dir), font_size=_int(loc, data, "font_size", 36, 1) or 36,
        font_style=str(data["font_style"]) if data.get("font_style") is not None else None,
        font_color=_color(loc, data, "font_color") or (255, 255, 255, 255),
        stroke_width=_int(loc, data, "stroke_width", 0) or 0,
        stroke_color=_color(loc, data, "stroke_color") or (0, 0, 0, 255))
    back = Back(
        color=_color(loc, data, "back_color"), line_color=_color(loc, data, "back_line_color"),
        line_width=_int(loc, data, "back_line_width", 1 if data.get("back_line_color") else 0) or 0, radius=_int(loc, data, "back_radius", 0) or 0,
        padding=_int(loc, data, "back_padding", 0) or 0, width=_int(loc, data, "back_width", None, 1),
        height=_int(loc, data, "back_height", None, 1),
        align=_choice(loc, data, "back_align", "center", {"left", "right", "center", "top", "bottom"}))
    scales: list[Offset | None] = []
    for key in ("scale_width", "scale_height"):
        try:
            scales.append(parse_offset(data[key], False) if data.get(key) is not None else None)
        except ValueError as exc:
            raise loc.error(key, f"{key}: {exc}") from None
    if back.align != "center" and back.width is None:
        raise loc.error("back_align", "back_align only works together with back_width")
    for key in ("scale_width", "scale_height"):
        scale = scales[0] if key == "scale_width" else scales[1]
        if scale is not None and scale.value <= 0:
            raise loc.error(key, f"{key} must be greater than 0")
    lower = name.lower()
    blur = _BLUR.match(name)
    blur_radius = 0
    if blur is not None:
        amount = (blur.group(1) or "").strip()
        if not amount.isdigit():  # as Kometa: a blur it cannot read is blur(50), with a warning
            log.warning("%s: overlay '%s': cannot read blur amount in '%s'; using blur(50)", loc.of("name"),
                        loc.definition.name, name)
            amount = "50"
        blur_radius = int(amount)
    if lower.startswith("text(") and name.endswith(")"):
        kind, text = "text", name[5:-1]
        try:
            check_text(text)
        except TextError as exc:
            raise loc.error("name", str(exc)) from None
    elif lower == "backdrop":
        kind, text = "backdrop", None
        if back.color is None:
            raise loc.error("name", "a backdrop overlay needs back_color")
    elif blur is not None:
        kind, text = "blur", None
    else:
        kind, text = "image", None
    needs_coords = kind == "text" or (kind != "backdrop" and back.drawn)
    position = parse_position(loc, data, required=needs_coords and not in_queue)
    if kind == "backdrop" and position is None:  # a backdrop without offsets starts at 0, 0
        position = Position(Offset(0), _choice(loc, data, "horizontal_align", "left", {"left", "center", "right"}),
                            Offset(0), _choice(loc, data, "vertical_align", "top", {"top", "center", "bottom"}))
    image = _image(loc, data, name, config_dir, needed=kind == "image", custom_repo=custom_repo, images=images) \
        if kind in ("image", "text") else None
    if kind == "image" and position is None and not in_queue and (scales[0] or scales[1]):
        raise loc.error("scale_width", "a scaled image needs horizontal_offset and vertical_offset")
    return OverlaySpec(
        name=name, kind=kind, text=text, image=image, blur=blur_radius,
        position=position, scale_width=scales[0], scale_height=scales[1], style=style, back=back,
        addon_position=_choice(loc, data, "addon_position", "left", {"left", "right", "top", "bottom"}),
        addon_offset=_int(loc, data, "addon_offset", 0) or 0)


def parse_definition(definition: Definition, config_dir: Path, custom_repo: str | None = None,
                     images: Images | None = None) -> OverlayDef:
    loc = Locator(definition)
    data = dict(definition.data)
    for key in data:
        if key in SMART:
            raise loc.error(key, f"'{key}' makes a smart collection, which an overlay cannot use (Kometa skips it "
                                 f"in overlay files); select the items with plex_search (the same conditions) or "
                                 f"plex_all + filters", False)
        if key in COLLECTION_ONLY:
            raise loc.error(key, f"'{key}' is a collection setting; an overlay definition cannot use it", False)
        if key in ("show_filtered", "show_unfiltered"):  # Kometa: "attribute not allowed with Overlays"
            raise loc.error(key, f"'{key}' cannot be set on an overlay definition (as in Kometa); set it under the "
                                 f"library's or the global settings:", False)
    raw = data.pop("overlay", None)
    if raw is None:
        raw = {"name": definition.name}
    elif isinstance(raw, str):
        raw = {"name": raw}
    elif not isinstance(raw, Mapping):
        raise loc.error("overlay", "overlay must be a mapping (name, file, offsets, ...) or an overlay name", False)
    raw = {str(k).lower(): v for k, v in raw.items()}
    group, queue = raw.get("group"), raw.get("queue")
    if group is not None and queue is not None:
        raise loc.error("queue", "an overlay cannot have both group and queue")
    weight = _int(loc, raw, "weight", None)
    if (group is not None or queue is not None) and weight is None:
        raise loc.error("group" if group is not None else "queue", "group and queue need a weight")
    spec = parse_spec(loc, raw, config_dir, in_queue=queue is not None, custom_repo=custom_repo, images=images)
    level_key = "builder_level"
    level = data.pop("builder_level", None)
    for alias in ("overlay_level", "collection_level"):  # Kometa runs both as builder_level
        if data.get(alias) is not None:
            if level is not None:
                raise loc.error(alias, f"give builder_level or {alias}, not both", False)
            level_key, level = alias, data.pop(alias)
        data.pop(alias, None)
    if level is not None and str(level).lower() not in LEVELS:
        raise loc.error(level_key, f"{level_key} must be season or episode (show libraries) or album or track "
                                   f"(music libraries) (got '{level}')", False)
    suppress = data.pop("suppress_overlays", None) or ()
    if isinstance(suppress, str):
        suppress = tuple(s.strip() for s in suppress.split(","))
    return OverlayDef(definition.name, spec, data, definition.where, definition.document_source,
                      str(level).lower() if level is not None else None, str(group) if group is not None else None,
                      str(queue) if queue is not None else None, weight, tuple(str(s) for s in suppress))


def _runs(definition: Definition, library_type: str | None) -> bool:
    """``run_definition`` and ``allowed_library_types``: false, or the library types it runs for (both
    must let it run); our defaults' ``use_<key>: false`` arrives as ``run_definition: false``. An
    unknown type (None) lets every type through."""
    data = definition.data
    return all(_allows(data.pop(key, True), library_type) for key in ("run_definition", "allowed_library_types"))


def _allows(value: Any, library_type: str | None) -> bool:
    """One value, a list or a comma-separated text: one false stops it; library types: it runs for those (None: unknown, it runs)."""
    if isinstance(value, str | list):
        raw = value.split(",") if isinstance(value, str) else value
        words = [("true" if w else "false") if isinstance(w, bool) else str(w).strip().lower() for w in raw]
        words = [w for w in words if w]
        if "false" in words:
            return False
        types = [w for w in words if w != "true"]
        return not types or library_type is None or library_type in types
    return value is not False


def load_overlays(config: Config, library: LibraryConfig, load: Loader, library_type: str | None,
                  refs: tuple[FileRef, ...] | None = None, type_placeholder: str | None = None) -> OverlaySet:
    """Every overlay definition of ``library`` (file errors collected, not raised).

    ``library_type`` None (``--validate`` without a server): each default is read as the first type
    it supports, every definition is checked whatever its ``allowed_library_types``, and
    ``type_placeholder`` fills ``<<library_type>>`` in the user's own files."""
    result = OverlaySet()
    documents: list[Document] = []
    for ref in refs if refs is not None else library.overlay_files:
        try:
            documents.extend(load(ref, config.directory))
        except ConfigError as exc:
            result.errors.append(exc.message)
    for index, document in enumerate(documents):
        file_variables = {**library.template_variables, **document.ref.template_variables}
        try:
            queues, added = parse_queues(document, file_variables)
        except ConfigError as exc:
            result.errors.append(exc.message)
            continue
        for queue in queues:
            result.queues[(document.source, queue.name)] = queue
        if added:  # a queue's settings.default are the file's template variables where the entry gives none
            ref = replace(document.ref, template_variables={**added, **document.ref.template_variables})
            documents[index] = replace(document, ref=ref)
    errors: list[ConfigError] = []
    found = load_definitions(config, library, documents=documents, library_type=library_type, errors=errors,
                             kind="overlay", load=load, type_placeholder=type_placeholder)
    result.errors.extend(e.message for e in errors)
    images = images_of(load)  # url/git/repo images: the run's client policy and cache
    for definition in found:
        if not _runs(definition, library_type):
            continue
        try:
            result.definitions.append(parse_definition(definition, config.directory,
                                                       config.settings.get("custom_repo"), images))
        except ConfigError as exc:  # a bad value given to one of our defaults: said at the user's line
            result.errors.append(relocate_error(definition.ref, exc).message)
    check_queues(result)
    return result
