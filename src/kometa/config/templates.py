"""Templates: reusable definition bodies filled with ``<<variables>>``.

A collection or playlist definition calls templates with ``template: {name: T, var: value}`` (or a
list of such calls, or just ``template: T``). Each call renders the template's body with its
variables and merges the result under the definition: the definition's own keys win, and a key
set by an earlier template is not overwritten by a later one.

Rendering rules
  * ``<<var>>`` is replaced in keys and values. A value that is exactly ``<<var>>`` takes the
    variable's value with its type (a list stays a list); inside longer text it becomes text.
  * ``<<a_<<b>>>>``: a placeholder inside a name is filled first (``<<use_<<key>>>>`` with
    ``key: top`` reads ``use_top``); a ``default:`` name may hold placeholders too
    (``default: {use_<<key>>: <<use_all>>}``) and so may an ``optional`` one (``movie_<<key>>``),
    filled from the call's other variables.
  * ``<<var+N>>`` / ``<<var-N>>`` add to / subtract from a whole-number variable;
    ``<<var_encoded>>`` is the value URL-encoded.
  * A variable that is *optional* and missing (listed under ``optional``, passed as null in the
    call, or a conditional that matched nothing) removes every key, value and list entry that
    uses it; a list or mapping emptied that way disappears too.
  * Any other missing variable is an error naming the template, the variable and the line.

Where a variable's value comes from, strongest first: the file block's and the library's
``template_variables``, the call's keys, the ``external_templates`` block's ``template_variables``,
the definition's ``variables``, conditionals, the template's ``default``, then built-ins
(``collection_name``, ``mapping_name``, ``library_type`` ...). Values may themselves use
``<<other>>`` variables. A ``default:`` or ``conditionals:`` mapping given in any of those layers
is merged into the template's own (a later layer's entry wins: call < external < definition <
file/library).

Conditions: ``x: value`` / ``x.not`` / ``x.notdefault`` compare the given or default value;
``x.exists`` looks only at variables given (a layer, a built-in, or an earlier conditional), never at
a ``default:``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from ruamel.yaml.comments import CommentedMap

from kometa.config.yaml_io import file_of, line_of
from kometa.core.errors import ConfigError

SPECIAL_KEYS = ("default", "optional", "conditionals", "move_prefix")
# Placeholders that belong to later stages (sort_title's <<title>>, smart_label's filter), kept as written.
PASSTHROUGH = frozenset({"title", "smart_label"})
# In overlay files, the text(...) variables of an overlay (spec 7.3) are filled per item by the overlay
# stage, so the template engine leaves them as written (with their modifiers: <<audience_rating#>>).
OVERLAY_TEXT = frozenset({
    "show_title", "season_title", "original_title", "edition", "content_rating", "season_number",
    "episode_number", "episode_count", "versions", "runtime", "total_runtime", "bitrate", "audience_rating",
    "critic_rating", "user_rating", "tmdb_rating", "imdb_rating", "trakt_rating", "trakt_user_rating",
    "mal_rating", "originally_available"})
_OVERLAY_TEXT_PREFIXES = ("omdb_", "mdb_", "anidb_", "plex_")
_TEXT_BASE = re.compile(r"^[a-z_]+")
_PLACEHOLDER = re.compile(r"<<([^<>]+?)>>")
_NESTED = re.compile(r"<<([^<>]*)<<([^<>]+?)>>([^<>]*)>>")
_ARITHMETIC = re.compile(r"^(.+?)([+-])(\d+)$")
_MAX_DEPTH = 20


class _Drop:
    """Marks a rendered value that used a missing optional variable."""

    def __repr__(self) -> str:
        return "<dropped>"


DROP = _Drop()
KEEP = object()  # a placeholder that belongs to a later stage: left as written


@dataclass(frozen=True)
class Where:
    """A fallback location (for generated nodes that carry no line numbers)."""

    file: str | None = None
    line: int | None = None

    def error(self, message: str, node: Any = None, key: Any = None) -> ConfigError:
        file = file_of(node) if node is not None else None
        line = line_of(node, key) if node is not None else None
        return ConfigError(message, file=file or self.file, line=line if file else self.line)


@dataclass(frozen=True)
class Template:
    """One named template: its body plus the special keys that shape its variables."""

    name: str
    body: Mapping[Any, Any]
    defaults: Mapping[Any, Any]
    optional: tuple[str, ...]
    conditionals: Mapping[Any, Any]
    move_prefix: tuple[str, ...]
    node: Any
    block_variables: Mapping[str, Any] = field(default_factory=dict)
    where: Where = Where()


def parse_templates(node: Any, where: Where, block_variables: Mapping[str, Any] | None = None,
                    parent: Any = None) -> dict[str, Template]:
    """Read a file's ``templates:`` mapping."""
    if node is None:
        return {}
    if not isinstance(node, Mapping):
        raise where.error("templates must be a mapping of template name -> template body", parent, "templates")
    result: dict[str, Template] = {}
    for name, body in node.items():
        if body is None:
            body = {}
        if not isinstance(body, Mapping):
            raise where.error(f"template '{name}' must be a mapping of attributes", node, name)
        if any(str(k).lower() == "template" for k in body):
            key = next(k for k in body if str(k).lower() == "template")
            raise where.error(f"template '{name}' calls another template; templates cannot call templates "
                              f"(copy the attributes you need into '{name}')", body, key)
        special = {str(k).lower(): k for k in body if str(k).lower() in SPECIAL_KEYS}
        defaults = body.get(special["default"]) if "default" in special else None
        if defaults is not None and not isinstance(defaults, Mapping):
            raise where.error(f"default in template '{name}' must be a mapping of variable: value", body,
                              special["default"])
        conditionals = body.get(special["conditionals"]) if "conditionals" in special else None
        if conditionals is not None and not isinstance(conditionals, Mapping):
            raise where.error(f"conditionals in template '{name}' must be a mapping of variable: "
                              f"{{conditions: [...], default: ...}}", body, special["conditionals"])
        result[str(name)] = Template(
            name=str(name),
            body={k: v for k, v in body.items() if str(k).lower() not in SPECIAL_KEYS},
            defaults=defaults or {},
            optional=_names(body.get(special["optional"]) if "optional" in special else None),
            conditionals=conditionals or {},
            move_prefix=_names(body.get(special["move_prefix"]) if "move_prefix" in special else None),
            node=body,
            block_variables=dict(block_variables or {}),
            where=where,
        )
    return result


def _names(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value)
    return (str(value),)


def move_prefix(text: str, prefixes: tuple[str, ...]) -> str:
    """``The Matrix`` -> ``Matrix, The`` when ``The`` is one of the prefixes."""
    for prefix in prefixes:
        if text.lower().startswith(prefix.lower() + " ") and len(text) > len(prefix) + 1:
            return f"{text[len(prefix) + 1:]}, {text[:len(prefix)]}"
    return text


@dataclass(frozen=True)
class Context:
    """What a definition knows about where it lives: fills the built-in variables."""

    kind: str = "collection"  # collection | playlist
    library_type: str | None = None  # movie | show | artist
    library_name: str | None = None
    today: date = field(default_factory=lambda: datetime.now().date())
    file_variables: Mapping[str, Any] = field(default_factory=dict)  # library + file block (file wins)


def builtins(mapping_name: str, title: str, context: Context, prefixes: tuple[str, ...]) -> dict[str, Any]:
    values: dict[str, Any] = {
        "mapping_name": mapping_name,
        f"{context.kind}_name": title,
        f"{context.kind}_sort": move_prefix(title, prefixes),
        "mapping_sort": move_prefix(mapping_name, prefixes),
        "current_year": context.today.year,
        "current_month": context.today.month,
        "current_day": context.today.day,
    }
    if context.library_type:
        values["library_type"] = context.library_type
        values["library_typeU"] = context.library_type.capitalize()
    if context.library_name:
        values["library_name"] = context.library_name
    return values


def _overlay_text(name: str) -> bool:
    base = _TEXT_BASE.match(name)
    word = base.group(0) if base else ""
    return word in OVERLAY_TEXT or (word.startswith(_OVERLAY_TEXT_PREFIXES) and word.endswith("_rating"))


class Renderer:
    """Renders one template call: variables resolved, placeholders filled, optional parts dropped."""

    def __init__(self, template: Template, variables: dict[str, Any], optional: set[str], who: str,
                 where: Where) -> None:
        self.template = template
        self.variables = variables
        self.optional = optional
        self.who = who
        self.where = where
        self.origins: dict[str, str] = {}  # top-level rendered key (lower-case) -> file:line in the template

    # -- variables -------------------------------------------------------------------------------
    def lookup(self, name: str, node: Any, key: Any, depth: int = 0) -> Any:
        name = name.strip()
        if name in self.variables:
            return self.expand_value(self.variables[name], node, key, depth + 1)
        if name.endswith("_encoded") and name[: -len("_encoded")] in self.variables:
            value = self.lookup(name[: -len("_encoded")], node, key, depth + 1)
            return DROP if value is DROP else quote(str(value), safe="")
        match = _ARITHMETIC.match(name)
        if match and match.group(1).strip() in self.variables:
            base = self.lookup(match.group(1), node, key, depth + 1)
            if base is DROP:
                return DROP
            try:
                number = int(str(base).strip())
            except ValueError:
                raise self.where.error(f"template '{self.template.name}': <<{name}>> needs a whole number but "
                                       f"'{match.group(1).strip()}' is {base!r}", node, key) from None
            offset = int(match.group(3))
            return number + offset if match.group(2) == "+" else number - offset
        base_name = match.group(1).strip() if match else name.removesuffix("_encoded")
        if name in self.optional or base_name in self.optional:
            return DROP
        if name in PASSTHROUGH or ("overlay_name" in self.variables and _overlay_text(name)):
            return KEEP
        known = sorted(self.variables)
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise self.where.error(
            f"template '{self.template.name}' needs variable '{name}'{hint} for {self.who}; pass it in the "
            f"call (template: {{name: {self.template.name}, {name}: ...}}), give it a default, or list it "
            f"under optional", node, key)

    def expand_value(self, value: Any, node: Any, key: Any, depth: int = 0) -> Any:
        if depth > _MAX_DEPTH:
            raise self.where.error(f"template '{self.template.name}': variables refer to each other in a circle "
                                   f"for {self.who}", node, key)
        if isinstance(value, str) and "<<" in value:
            return self.fill(value, node, key, depth)
        if isinstance(value, list):
            items = [self.expand_value(v, node, key, depth + 1) for v in value]
            kept = [v for v in items if v is not DROP]
            return DROP if value and not kept else kept
        if isinstance(value, Mapping):
            pairs = {k: self.expand_value(v, node, key, depth + 1) for k, v in value.items()}
            out = {k: v for k, v in pairs.items() if v is not DROP}
            return DROP if value and not out else out
        return value

    def fill(self, text: str, node: Any, key: Any, depth: int = 0) -> Any:
        """Fill placeholders in one string; a whole-string placeholder keeps the variable's type.

        A placeholder inside a placeholder's name (``<<use_<<key>>>>``) is filled first."""
        while (nested := _NESTED.search(text)) is not None:
            inner = self.lookup(nested.group(2), node, key, depth)
            if inner is DROP:
                return DROP
            if inner is KEEP:
                break
            text = f"{text[:nested.start()]}<<{nested.group(1)}{_text(inner)}{nested.group(3)}>>{text[nested.end():]}"
        whole = _PLACEHOLDER.fullmatch(text.strip())
        if whole and text.strip() == text:
            value = self.lookup(whole.group(1), node, key, depth)
            return text if value is KEEP else value
        dropped = False

        def replace(match: re.Match[str]) -> str:
            nonlocal dropped
            value = self.lookup(match.group(1), node, key, depth)
            if value is DROP:
                dropped = True
                return ""
            if value is KEEP:
                return match.group(0)
            return _text(value)

        result = _PLACEHOLDER.sub(replace, text)
        return DROP if dropped else result

    # -- body ------------------------------------------------------------------------------------
    def render_template(self) -> Any:
        """The template's body (its special keys left out), rendered; keeps the YAML node for lines."""
        node = self.template.node if isinstance(self.template.node, Mapping) else self.template.body
        return self.render_mapping(node, skip=SPECIAL_KEYS)

    def render(self, value: Any, parent: Any = None, key: Any = None) -> Any:
        if isinstance(value, Mapping):
            return self.render_mapping(value)
        if isinstance(value, list):
            items = [self.render(v, value, i) for i, v in enumerate(value)]
            kept = [v for v in items if v is not DROP]
            return DROP if value and not kept else kept
        if isinstance(value, str) and "<<" in value:
            return self.fill(value, parent, key)
        return value

    def render_mapping(self, value: Mapping[Any, Any], skip: tuple[str, ...] = ()) -> Any:
        out: dict[Any, Any] = {}
        for k, v in value.items():
            if skip and str(k).lower() in skip:
                continue
            new_key = self.fill(k, value, k) if isinstance(k, str) and "<<" in k else k
            if new_key is DROP:
                continue
            rendered = self.render(v, value, k)
            if rendered is DROP:
                continue
            if skip and line_of(value, k) is not None:
                self.origins[str(new_key).lower()] = f"{file_of(value) or self.where.file}:{line_of(value, k)}"
            out[_text(new_key) if not isinstance(new_key, str | int | float | bool) else new_key] = rendered
        return DROP if value and not out else out


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    return str(value)


def _fill_names(text: str, variables: Mapping[str, Any]) -> str:
    return _PLACEHOLDER.sub(lambda m: _text(variables.get(m.group(1).strip(), m.group(0))), text)


def _condition_passes(condition: Mapping[Any, Any], variables: Mapping[str, Any],
                      given: frozenset[str] | set[str] | None = None) -> bool:
    """``given``: the names ``.exists`` looks at (those passed, built in or set by a conditional, not a
    template's ``default:``); None counts every variable."""
    for raw_key, expected in condition.items():
        key = _fill_names(str(raw_key), variables)
        if key == "value":  # (a condition's name may use variables: file_<<key>>.exists)
            continue
        name, _, modifier = key.partition(".")
        present = name in variables and variables[name] is not None
        if modifier == "exists":
            if (present and (given is None or name in given)) != bool(expected):
                return False
            continue
        wanted = {_text(_fill_names(v, variables) if isinstance(v, str) else v).lower()
                  for v in (expected if isinstance(expected, list) else [expected])}  # (values may use <<key>>)
        actual = variables.get(name)
        values = {_text(v).lower() for v in (actual if isinstance(actual, list) else [actual])} if present else set()
        hit = bool(values & wanted)
        if modifier in ("not", "notdefault"):  # (notdefault: given or default value is none of them)
            hit = not hit
        elif modifier:
            return False
        if not hit:
            return False
    return True


def resolve_variables(template: Template, call: Mapping[str, Any], definition_variables: Mapping[str, Any],
                      base: Mapping[str, Any], context: Context, where: Where,
                      call_at: tuple[Any, Any] | None = None) -> tuple[dict[str, Any], set[str]]:
    """All variables of one call (see the module docstring for precedence) and the optional names.

    ``call_at``: (node, key) of the call, to locate a bad ``default:`` / ``conditionals:`` given in it."""
    optional = set(template.optional)
    layers = (definition_variables, template.block_variables, call, context.file_variables)
    defaults, conditionals = _layer_specials(template, layers, where, call_at)
    variables: dict[str, Any] = dict(base)
    variables.update((str(k), v) for k, v in defaults.items())
    user: set[str] = set()
    for layer in layers:
        for raw_name, value in layer.items():
            name = str(raw_name)
            if name in _LAYER_SPECIALS:
                continue
            user.add(name)
            if value is None and layer is call:
                optional.add(name)
                variables.pop(name, None)
            else:
                optional.discard(name)
                variables[name] = value
    def filled(name: str) -> str:
        return _PLACEHOLDER.sub(lambda m: _text(variables[m.group(1).strip()])
                                if m.group(1).strip() in variables else m.group(0), name)

    for raw_name, value in defaults.items():  # ``default: {use_<<key>>: true}``: the name filled
        name = str(raw_name)
        if "<<" not in name:
            continue
        variables.pop(name, None)
        if "<<" not in filled(name) and filled(name) not in user:
            variables[filled(name)] = value
            optional.discard(filled(name))
    for name in [n for n in optional if "<<" in n]:  # ``optional: [movie_<<key>>]``
        optional.discard(name)
        if filled(name) not in user and filled(name) not in variables:
            optional.add(filled(name))
    given = set(base) | user  # what ``.exists`` sees: not the defaults
    for raw_name, spec in conditionals.items():
        name = str(raw_name)
        if name in user:
            continue
        if not isinstance(spec, Mapping):
            raise where.error(f"conditional '{name}' in template '{template.name}' must be a mapping with "
                              f"conditions (and optionally default)", conditionals, raw_name)
        conditions = spec.get("conditions") or []
        if isinstance(conditions, Mapping):
            conditions = [conditions]
        chosen: Any = DROP
        for index, condition in enumerate(conditions):
            if not isinstance(condition, Mapping) or "value" not in condition:
                raise where.error(f"each condition of '{name}' in template '{template.name}' needs a 'value'",
                                  conditions, index)
            if _condition_passes(condition, variables, given):
                chosen = condition["value"]
                break
        if chosen is DROP and "default" in spec:
            chosen = spec["default"]
        if chosen is DROP:
            if name not in variables:
                optional.add(name)
        else:
            variables[name] = chosen
            given.add(name)
    return variables, optional


_LAYER_SPECIALS = ("default", "conditionals")


def _layer_specials(template: Template, layers: tuple[Mapping[str, Any], ...], where: Where,
                    call_at: tuple[Any, Any] | None) -> tuple[dict[Any, Any], dict[Any, Any]]:
    """The template's ``default:`` and ``conditionals:``, with those given in any variables layer merged in
    (the call, the external block, the definition's ``variables``, the file entry / library): a later
    layer's entry replaces the same name's."""
    defaults: dict[Any, Any] = dict(template.defaults)
    conditionals: dict[Any, Any] = dict(template.conditionals)
    for layer in (layers[2], layers[1], layers[0], layers[3]):  # call, external, definition, config
        for raw_name, value in layer.items():
            name = str(raw_name)
            if name not in _LAYER_SPECIALS:
                continue
            target = defaults if name == "default" else conditionals
            if not isinstance(value, Mapping) or not value:
                shape = "variable: value" if name == "default" else "variable: {conditions: [...], default: ...}"
                raise where.error(f"{name} given with the variables of template '{template.name}' must be a "
                                  f"mapping of {shape}", *(call_at if layer is layers[2] and call_at
                                                            else (layer, raw_name)))
            target.update(value)
    return defaults, conditionals


def split_calls(value: Any, node: Any, key: Any, where: Where) -> list[tuple[str, dict[str, Any], Any]]:
    """``template:`` value -> [(template name, call variables, call node)]."""
    calls = value if isinstance(value, list) else [value]
    result: list[tuple[str, dict[str, Any], Any]] = []
    for index, call in enumerate(calls):
        call_node = calls if isinstance(value, list) else node
        call_key = index if isinstance(value, list) else key
        if isinstance(call, str) and call.strip():
            result.append((call.strip(), {}, (call_node, call_key)))
            continue
        if not isinstance(call, Mapping):
            raise where.error("template must be a template name or a mapping like {name: T, variable: value}",
                              call_node, call_key)
        names = [k for k in call if str(k).lower() == "name"]
        if not names or not isinstance(call[names[0]], str | int) or not str(call[names[0]]).strip():
            raise where.error("a template call needs 'name:' (the template to use)", call_node, call_key)
        variables = {str(k): v for k, v in call.items() if k != names[0]}
        location = (call, names[0]) if isinstance(call, CommentedMap) else (call_node, call_key)
        result.append((str(call[names[0]]).strip(), variables, location))
    return result


#: a ``conditions`` entry passes for these variables (``var``, ``var.not``, ``var.exists``): also used by
#: overlay queues' ``settings.conditionals``
condition_passes = _condition_passes
