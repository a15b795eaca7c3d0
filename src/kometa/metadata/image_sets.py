"""An ``image_files`` file (Kometa's "image set"): which sections run, in which style (pure).

The file has ``sections:``; each section has ``builders`` (a section without them is skipped, as in
Kometa), the library type's item map (``movies:`` or ``shows:``: item name -> its TMDb (movies) or
TVDb (shows) id, or a mapping with ``mapping_id`` and, to tell editions apart, ``year``,
``edition_filter``, ``edition_contains`` or ``blank_edition``), ``styles:`` (style name -> the call of its style
file; the first style is the default) and optionally ``collections:`` (collection name -> other
names it goes by).

The file entry's ``template_variables`` (not the library's: Kometa gives image files none of them)
choose what runs, as in Kometa:

* a section runs when ``use_<section>: true``; else, when ``use_all: true``, unless it is in
  ``exclude``; else when it is in ``include``. ``use_<section>: false`` always leaves it out.
  ``exclude`` needs ``use_all: true``, ``include`` needs it false.
* its style: ``style_<section>`` when the section has it (else a warning and the first of
  ``style_priority`` the section has, else the default); else the first of ``style_priority`` the
  section has; else the section's first style.
* its style file: ``style_file_<section>`` when given, else the style's call. A style with no call
  is the file ``styles/<section>/<style>.yml`` beside the image file (the layout of Kometa's image
  set repositories).
* ``update_collections``, ``update_seasons``, ``update_episodes`` (default true) say whether the
  sections' collections, the shows' seasons and their episodes take images.

Every mistake is a :class:`~kometa.core.errors.ConfigError` located at the line it was written on.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kometa.config.yaml_io import file_of, line_of
from kometa.core.errors import ConfigError

STYLE_KINDS = ("file", "url", "git", "repo", "default", "pmm")
#: keys beside an item's mapping_id that narrow which of the id's items it means (Kometa's metadata match keys)
NARROWING = ("year", "blank_edition", "edition_filter", "edition_contains")


@dataclass(frozen=True)
class StyleCall:
    """Where a section's style data comes from."""

    kind: str  # file | url | git | repo | default | git_style | beside (styles/<section>/<style>.yml)
    location: str
    subfolder: str = ""  # git_style's git_subfolder
    file: str | None = None
    line: int | None = None

    @property
    def identity(self) -> str:
        """The same call in two image files reads the style once (Kometa's style cache)."""
        return f"{self.kind}: {self.location} {self.subfolder}".strip()

    def error(self, message: str) -> ConfigError:
        return ConfigError(message, file=self.file, line=self.line)


@dataclass(frozen=True)
class SetItem:
    name: str
    mapping_id: Any
    file: str | None = None
    line: int | None = None
    narrow: dict[str, Any] = field(default_factory=dict)  # year, edition_filter, ...: which of the id's items


@dataclass
class Section:
    key: str
    style: str
    call: StyleCall
    items: list[SetItem]
    collections: dict[str, tuple[str, ...]] = field(default_factory=dict)  # name -> other names


@dataclass
class ImageSet:
    sections: list[Section]
    update_collections: bool = True
    update_seasons: bool = True
    update_episodes: bool = True
    warnings: list[str] = field(default_factory=list)


def _at(node: Any, key: Any, source: str) -> tuple[str, int | None]:
    return file_of(node) or source, line_of(node, key)


def _error(message: str, node: Any, key: Any, source: str) -> ConfigError:
    file, line = _at(node, key, source)
    return ConfigError(message, file=file, line=line)


class Variables:
    """The file entry's template variables, looked up case-insensitively (Kometa gives image files no
    library template variables)."""

    def __init__(self, own: Mapping[str, Any], where: str) -> None:
        self.values = {str(k).lower(): v for k, v in own.items()}
        self.where = where
        self.warnings: list[str] = []

    def __contains__(self, name: str) -> bool:
        return name.lower() in self.values

    def get(self, name: str) -> Any:
        return self.values.get(name.lower())

    def boolean(self, name: str, default: bool) -> bool:
        """A true/false variable; another value is a warning and the default (as in Kometa)."""
        if name not in self:
            return default
        value = self.get(name)
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float):
            return value > 0
        text = str(value).strip().lower() if value is not None else ""
        if text in ("t", "true", "y", "yes"):
            return True
        if text in ("f", "false", "n", "no"):
            return False
        self.warnings.append(f"{self.where}: template variable {name} must be true or false, got {value!r}; "
                             f"{str(default).lower()} is used")
        return default

    def names(self, name: str) -> list[str]:
        """A list variable (a list, or names separated by commas)."""
        value = self.get(name)
        if value is None:
            return []
        if isinstance(value, Mapping):
            raise ConfigError(f"template variable {name} must be a list of names, not a mapping",
                              file=self.where.rsplit(":", 1)[0], line=_line(self.where))
        values = value if isinstance(value, list) else str(value).split(",")
        return [str(v).strip() for v in values if v is not None and str(v).strip()]


def _line(where: str) -> int | None:
    tail = where.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else None


def parse_image_set(data: Any, source: str, variables: Variables, library_type: str,
                    errors: list[ConfigError] | None = None) -> ImageSet:
    """The sections of one image file that run for a ``library_type`` (movie or show) library.
    A mistake raises ConfigError (a run fails the file, as Kometa does); given ``errors``
    (``--validate``), a mistake in a section is added there and the other sections are still read."""
    entry_file, entry_line = variables.where.rsplit(":", 1)[0], _line(variables.where)
    if not isinstance(data, Mapping):
        raise ConfigError("an image file must be a mapping with sections:", file=source, line=1)
    use_all = variables.boolean("use_all", False)
    if "exclude" in variables and not use_all:
        raise ConfigError("template variable exclude works only with use_all: true (use include to pick "
                          "sections)", file=entry_file, line=entry_line)
    if "include" in variables and use_all:
        raise ConfigError("template variable include works only when use_all is false (use exclude to leave "
                          "sections out)", file=entry_file, line=entry_line)
    exclude, include = set(variables.names("exclude")), set(variables.names("include"))
    priority = variables.names("style_priority")
    out = ImageSet([], variables.boolean("update_collections", True), variables.boolean("update_seasons", True),
                   variables.boolean("update_episodes", True), variables.warnings)
    attribute = "movies" if library_type == "movie" else "shows"
    sections = data.get("sections")
    if sections is None:
        what = " (it looks like a style file: name it in a section's styles:)" \
            if any(k in data for k in ("movies", "shows", "collections")) else ""
        raise ConfigError(f"an image file needs sections:{what}", file=source, line=1)
    if not isinstance(sections, Mapping):
        raise _error("sections must be a mapping of section name: section", data, "sections", source)
    for key, section in sections.items():
        key = str(key)
        if section is None:
            continue
        try:
            if not isinstance(section, Mapping):
                raise _error(f"section {key} must be a mapping (builders, styles, {attribute}, ...)", sections, key,
                             source)
            if not section.get("builders"):
                continue  # Kometa skips a section without builders
            chosen = _section(key, section, source, variables, attribute, use_all, exclude, include, priority,
                              out.warnings, _at(sections, key, source))
        except ConfigError as exc:
            if errors is None:
                raise
            errors.append(exc)
            continue
        if chosen is not None:
            if not out.update_collections:
                chosen.collections = {}
            out.sections.append(chosen)
    return out


def _section(key: str, section: Mapping[str, Any], source: str, variables: Variables, attribute: str,
             use_all: bool, exclude: set[str], include: set[str], priority: list[str],
             warnings: list[str], at: tuple[str, int | None]) -> Section | None:
    if attribute not in section:
        raise ConfigError(f"section {key} has no {attribute}: (the items of a "
                          f"{'movie' if attribute == 'movies' else 'show'} library)", file=at[0], line=at[1])
    items = section[attribute]
    if not items:
        raise _error(f"section {key}: {attribute} is empty", section, attribute, source)
    if not isinstance(items, Mapping):
        raise _error(f"section {key}: {attribute} must be a mapping of item name: id", section, attribute, source)
    if "styles" not in section:
        raise ConfigError(f"section {key} has no styles:", file=at[0], line=at[1])
    styles = section["styles"]
    if not isinstance(styles, Mapping):
        raise _error(f"section {key}: styles must be a mapping of style name: style file", section, "styles",
                     source)
    if not styles:
        raise _error(f"section {key}: styles is empty", section, "styles", source)
    names = [str(s) for s in styles]
    default = names[0]
    use = variables.boolean(f"use_{key}", False) if f"use_{key}" in variables else None
    if use is False or (use is None and ((use_all and key in exclude) or (not use_all and key not in include))):
        return None
    preferred = next((p for p in priority if p in names), None)
    style = default
    if f"style_{key}" in variables:
        wanted = str(variables.get(f"style_{key}"))
        if wanted in names:
            style = wanted
        else:
            style = preferred or default
            warnings.append(f"{variables.where}: section {key} has no style {wanted!r}; style {style!r} is used "
                            f"(styles: {', '.join(names)})")
    elif preferred is not None:
        style = preferred
    raw_key = next(k for k in styles if str(k) == style)
    if f"style_file_{key}" in variables:
        call = _call(variables.get(f"style_file_{key}"), None, None, variables.where.rsplit(":", 1)[0],
                     _line(variables.where), key, style)
    else:
        file, line = _at(styles, raw_key, source)
        call = _call(styles[raw_key], styles, raw_key, file, line, key, style)
    set_items = []
    for name, value in items.items():
        file, line = _at(items, name, source)
        narrow: dict[str, Any] = {}
        if isinstance(value, Mapping):
            if "mapping_id" not in value:
                raise _error(f"section {key}: {name}: no mapping_id (the item's "
                             f"{'TMDb' if attribute == 'movies' else 'TVDb'} id)", items, name, source)
            for other in value:
                if str(other) in NARROWING:
                    narrow[str(other)] = value[other]
                elif str(other) != "mapping_id":
                    warnings.append(f"{file}:{_at(value, other, source)[1]}: section {key}: {name}: {other} is "
                                    f"not read in an image file (mapping_id, {', '.join(NARROWING)} are)")
            value = value["mapping_id"]
        if value is None or str(value).strip() == "" or isinstance(value, bool | list):
            raise _error(f"section {key}: {name}: the item's id is missing", items, name, source)
        set_items.append(SetItem(str(name), value, file, line, narrow))
    collections: dict[str, tuple[str, ...]] = {}
    raw_collections = section.get("collections")
    if raw_collections:
        if not isinstance(raw_collections, Mapping):
            raise _error(f"section {key}: collections must be a mapping of collection name: other names",
                         section, "collections", source)
        for name, alts in raw_collections.items():
            others = alts if isinstance(alts, list) else [alts] if alts else []
            collections[str(name)] = tuple(str(a) for a in others if a is not None)
    return Section(key, style, call, set_items, collections)


def _call(value: Any, node: Any, key: Any, file: str | None, line: int | None, section: str,
          style: str) -> StyleCall:
    """A style's call: a mapping (or a one-mapping list) with one of file/url/git/repo/default or
    git_style; nothing: the style file beside the image file."""
    if value is None or value == [] or value == {}:
        if node is None:
            raise ConfigError(f"style_file_{section} is blank", file=file, line=line)
        return StyleCall("beside", f"styles/{section}/{style}", file=file, line=line)
    first = value[0] if isinstance(value, list) else value
    if not isinstance(first, Mapping):
        raise ConfigError(f"style {style} of section {section}: the style file must be a mapping like "
                          f"'file: path', got {first!r}", file=file, line=line)
    if not first:
        raise ConfigError(f"style {style} of section {section}: the style file mapping is empty", file=file,
                          line=line)
    if "git_style" in first:
        repo = first["git_style"]
        if repo is None or not str(repo).strip():
            raise ConfigError(f"style {style} of section {section}: git_style is blank (give owner/repository)",
                              file=file, line=line)
        sub = str(first.get("git_subfolder") or "").replace("\\", "/").strip("/")
        name = re.sub(r"^(https?://)?(www\.)?github\.com/", "", str(repo).strip()).strip("/").removesuffix(".git")
        if name.count("/") != 1:
            raise ConfigError(f"style {style} of section {section}: git_style must be owner/repository, got "
                              f"{str(repo).strip()!r}", file=file, line=line)
        return StyleCall("git_style", name, sub, file=file, line=line)
    kinds = [k for k in first if str(k) in STYLE_KINDS]
    if len(kinds) != 1:
        raise ConfigError(f"style {style} of section {section}: the style file needs exactly one of file, url, "
                          f"git, repo, git_style", file=file, line=line)
    location = first[kinds[0]]
    if location is None or not str(location).strip():
        raise ConfigError(f"style {style} of section {section}: {kinds[0]} is blank", file=file, line=line)
    kind = "default" if str(kinds[0]) == "pmm" else str(kinds[0])
    return StyleCall(kind, str(location).strip(), file=file, line=line)
