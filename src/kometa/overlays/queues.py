"""An overlay file's ``queues:`` (spec 7.2), every mistake a ``file:line`` message.

A queue is a list of positions (each inherits what it does not say from the one before), or, as in
Kometa, a mapping of named position sets plus optional ``settings``:

* the set used is the file's template variable ``position_<queue>``, else ``position``, else
  ``settings.position`` (``<<var>>`` in the name is filled from the variables), else the first set;
  a name that is not a set is an error naming the sets;
* ``settings.default``: defaults of template variables (for the file's definitions too, where the
  file entry does not give them) and starting values of the positions' keys;
* ``settings.conditionals``: ``{name: {conditions: [{var: value, ..., value: X}], default: Y}}`` —
  the first condition whose variables all match sets ``name`` (``var.not``, ``var.exists`` as in
  templates; unlike Kometa, ``.not`` works);
* ``settings.dynamic_position`` (when no set is chosen): a start (``initial_*``) and a spacing
  (``vertical_spacing``/``horizontal_spacing``), ``surround: true`` alternating sides;
* ``overlay_limit`` (the file variable, else ``settings.overlay_limit``): at most that many positions.

Equal weights in one queue are an error, as is a ``queue:`` no queue of the file defines.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kometa.config.definitions import Definition
from kometa.config.files import Document
from kometa.config.templates import condition_passes
from kometa.config.yaml_io import line_of
from kometa.core.errors import ConfigError
from kometa.overlays.model import OverlayDef, OverlaySet, Position, Queue

POSITION_KEYS = ("horizontal_align", "vertical_align", "horizontal_offset", "vertical_offset")
DYNAMIC = 21  # positions a dynamic queue offers (Kometa: the start and 20 more)


def _fill(text: str, *layers: Mapping[str, Any]) -> str:
    for layer in layers:
        for key, value in layer.items():
            text = text.replace(f"<<{key}>>", str(value))
    return text


def _int(value: Any, what: str) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        raise ValueError(f"{what} must be a whole number (got '{value}')") from None


def _conditionals(node: Any, variables: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(node, Mapping) or not node:
        raise ValueError("settings.conditionals must be a mapping of name: {conditions: [...], default: ...}")
    chosen: dict[str, Any] = {}
    for name, spec in node.items():
        if not isinstance(spec, Mapping) or "conditions" not in spec or "default" not in spec:
            raise ValueError(f"conditional '{name}' needs conditions and default")
        conditions = spec["conditions"]
        conditions = [conditions] if isinstance(conditions, Mapping) else conditions
        if not isinstance(conditions, list) or not all(isinstance(c, Mapping) and "value" in c for c in conditions):
            raise ValueError(f"conditional '{name}': conditions must be mappings, each with a value")
        chosen[str(name)] = next((c["value"] for c in conditions if condition_passes(c, variables)),
                                 spec["default"])
    return chosen


def _dynamic(node: Mapping[str, Any], variables: Mapping[str, Any], defaults: Mapping[str, Any]) -> list[dict[str, Any]]:
    raw = {str(k): _fill(str(v), variables, defaults) for k, v in node.items()}
    v_align = raw.get("initial_vertical_align", "top").lower()
    h_align = raw.get("initial_horizontal_align", "left").lower()
    v0, h0 = _int(raw.get("initial_vertical_offset", 0), "initial_vertical_offset"), \
        _int(raw.get("initial_horizontal_offset", 0), "initial_horizontal_offset")
    dv, dh = _int(raw.get("vertical_spacing", 0), "vertical_spacing"), \
        _int(raw.get("horizontal_spacing", 0), "horizontal_spacing")
    surround = raw.get("surround", "false").lower() in ("true", "yes", "1")
    positions = [{"vertical_align": v_align, "horizontal_align": h_align, "vertical_offset": v0,
                  "horizontal_offset": h0}]
    for x in range(DYNAMIC - 1):
        factor = (x // 2 + 1) * (-1 if x % 2 else 1) if surround else x + 1
        positions.append({"vertical_offset": v0 + factor * dv, "horizontal_offset": h0 + factor * dh})
    return positions


def _chosen(name: str, node: Any, variables: Mapping[str, Any]) -> tuple[list[Any], dict[str, Any],
                                                                         dict[str, Any], int | None]:
    """(positions, their starting values, template-variable defaults, limit) of one queue."""
    position = variables.get(f"position_{name}") or variables.get("position")
    limit = _int(variables["overlay_limit"], "overlay_limit") if variables.get("overlay_limit") else None
    if isinstance(node, list):
        return (position if isinstance(position, list) else node), {}, {}, limit
    if not isinstance(node, Mapping):
        raise ValueError("must be a list of positions, or named position sets (and settings)")
    settings = node.get("settings") or {}
    if not isinstance(settings, Mapping):
        raise ValueError("settings must be a mapping")
    defaults: dict[str, Any] = {}
    added: dict[str, Any] = {}
    if settings.get("default") is not None:
        if not isinstance(settings["default"], Mapping):
            raise ValueError("settings.default must be a mapping of variable: value")
        for key, value in settings["default"].items():
            defaults[str(key)] = value
            if str(key) not in variables:
                added[str(key)] = value
    if "conditionals" in settings:
        defaults.update(_conditionals(settings["conditionals"], {**variables, **added}))
    if not position and settings.get("position"):
        position = settings["position"]
    if limit is None and settings.get("overlay_limit") is not None:
        limit = _int(settings["overlay_limit"], "overlay_limit")
    sets = {str(k): v for k, v in node.items() if k != "settings"}
    if isinstance(position, list):
        positions = position
    elif position:
        wanted = _fill(str(position), variables, added, defaults)
        if wanted not in sets:
            raise ValueError(f"position '{wanted}' is not one of its position sets ({', '.join(sets) or 'none'})")
        positions = sets[wanted]
    elif isinstance(settings.get("dynamic_position"), Mapping) and settings["dynamic_position"]:
        positions = _dynamic(settings["dynamic_position"], {**variables, **added}, defaults)
    elif sets:
        positions = next(iter(sets.values()))
    else:
        raise ValueError("has no position sets (and no settings.dynamic_position)")
    return positions, {k: defaults[k] for k in POSITION_KEYS if k in defaults}, added, limit


def parse_queues(document: Document, variables: Mapping[str, Any]) -> tuple[list[Queue], dict[str, Any]]:
    """The file's queues, and the template variables their ``settings.default`` add to the file's.
    ``variables``: the file's template variables (library's, then the file entry's)."""
    from kometa.overlays.parse import Locator, parse_position

    data = document.data
    if not isinstance(data, Mapping) or data.get("queues") is None:
        return [], {}
    node = data["queues"]
    if not isinstance(node, Mapping):
        raise ConfigError("queues must be a mapping of queue name -> list of positions", file=document.source,
                          line=line_of(data, "queues"))
    found: list[Queue] = []
    added_all: dict[str, Any] = {}
    for name, queue in node.items():
        line = line_of(node, name)
        try:
            positions, inherited, added, limit = _chosen(str(name), queue, {**variables, **added_all})
        except ValueError as exc:
            raise ConfigError(f"queue '{name}' {exc}", file=document.source, line=line) from None
        added_all.update(added)
        if not isinstance(positions, list) or not positions:
            raise ConfigError(f"queue '{name}' must be a list of positions (horizontal_offset, vertical_offset, "
                              f"...)", file=document.source, line=line)
        parsed: list[Position] = []
        for index, entry in enumerate(positions):
            entry = entry or {}
            if not isinstance(entry, Mapping):
                raise ConfigError(f"queue '{name}' position {index + 1} must be a mapping", file=document.source,
                                  line=line_of(positions, index) or line)
            inherited = {**inherited, **{str(k).lower(): v for k, v in entry.items()}}
            fake = Definition(f"queue {name}", "overlay", {}, document.source,
                              line_of(positions, index) or line or 1, document.ref, document.source,
                              node={"overlay": entry})
            position = parse_position(Locator(fake), inherited, required=True)
            assert position is not None
            parsed.append(position)
            if limit and len(parsed) >= limit:
                break
        found.append(Queue(str(name), tuple(parsed), f"{document.source}:{line}"))
    return found, added_all


def check_queues(result: OverlaySet) -> None:
    """Drop (with an error) overlays naming a queue their file lacks, or repeating a weight in a queue."""
    weights: dict[tuple[str, str], dict[int, OverlayDef]] = {}
    for d in list(result.definitions):
        if d.queue is None:
            continue
        key = (d.source, d.queue)
        if key not in result.queues:
            result.errors.append(f"{d.where}: overlay '{d.name}': queue '{d.queue}' is not defined in this file's "
                                 f"queues")
            result.definitions.remove(d)
            continue
        seen = weights.setdefault(key, {})
        assert d.weight is not None
        if d.weight in seen:
            result.errors.append(f"{d.where}: overlay '{d.name}': weight {d.weight} is already used by "
                                 f"'{seen[d.weight].name}' in queue '{d.queue}'; weights in a queue must differ")
            result.definitions.remove(d)
            continue
        seen[d.weight] = d
