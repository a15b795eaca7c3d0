"""Definitions: the collections and playlists a config asks for, templates applied, ready to build.

:func:`load_definitions` reads a library's ``collection_files`` (``collections`` and
``dynamic_collections``) or, with ``library=None``, the config's ``playlist_files``
(``playlists``), and returns one :class:`Definition` per collection/playlist, in file order.
Each definition's ``data`` is plain Python (dict/list/str/int/float/bool/date/None) with every
mapping key lower-cased, templates applied and ``template``/``variables`` removed, so the engine
never sees YAML nodes or placeholders. Every mistake is a :class:`~kometa.core.errors.ConfigError`
with ``file:line``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kometa.config.default_origin import relocate_error
from kometa.config.files import Document, load_documents
from kometa.config.model import Config, FileRef, LibraryConfig
from kometa.config.problems import Notice
from kometa.config.templates import (
    Context,
    Renderer,
    Template,
    Where,
    builtins,
    parse_templates,
    resolve_variables,
    split_calls,
)
from kometa.config.yaml_io import file_of, line_of
from kometa.core.errors import ConfigError

Loader = Callable[[FileRef, Path], list[Document]]

if TYPE_CHECKING:
    from kometa.config.dynamic import LibraryValues
    from kometa.core.options import Options

log = logging.getLogger("kometa")

TOP_KEYS = {"collection": ("collections", "dynamic_collections"), "playlist": ("playlists",),
            "overlay": ("overlays",)}


@dataclass(frozen=True)
class Definition:
    """One collection or playlist as the config describes it.

    ``name`` is the mapping name (the YAML key, what ``--run-collections`` matches); for a
    generated dynamic collection it is the generated title. ``title`` is the name in Plex
    (``name:`` in the definition, else the mapping name).
    """

    name: str
    kind: str  # collection | playlist
    data: dict[str, Any]
    file: str
    line: int
    ref: FileRef
    document_source: str
    dynamic_set: str | None = None  # the dynamic_collections set that generated it
    node: Any = field(default=None, repr=False, compare=False)  # the raw YAML mapping (None if generated)
    origins: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def title(self) -> str:
        return _title(self.data, self.kind, self.name)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    def where_of(self, key: str) -> str:
        """``file:line`` where the top-level ``key`` was written: the definition or the template line."""
        return self.origins.get(key.lower(), self.where)


def _title(data: Mapping[str, Any], kind: str, mapping_name: str) -> str:
    """``name:`` (alias ``collection_name:``/``playlist_name:``) or the mapping name."""
    for key in ("name", f"{kind}_name"):
        value = data.get(key)
        if isinstance(value, str | int | float) and not isinstance(value, bool) and str(value).strip():
            return str(value)
    return mapping_name


def plain(value: Any, *, lower: bool = True) -> Any:
    """YAML node -> plain Python; with ``lower`` mapping keys are lower-cased all the way down."""
    if isinstance(value, Mapping):
        return {(str(k).lower() if lower and isinstance(k, str) else k): plain(v, lower=lower)
                for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v, lower=lower) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, dt.datetime):
        if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0) and value.tzinfo is None:
            return dt.date(value.year, value.month, value.day)
        return dt.datetime.fromisoformat(value.isoformat())
    return value


class Definitions(list[Definition]):
    """The list :func:`load_definitions` returns, plus what the engine needs beyond the definitions.

    ``synced_sets``: names of ``dynamic_collections`` sets with ``sync: true`` whose values were
    known. Each generated collection is labelled with its set name, so a collection that carries
    such a label but is not among this run's definitions is one the set no longer generates (and
    may be deleted, if the config owns it).
    """

    synced_sets: set[str]

    def __init__(self) -> None:
        super().__init__()
        self.synced_sets = set()


class TemplateSet:
    """The templates one file may call: its own ``templates`` first, then ``external_templates``."""

    def __init__(self, local: Mapping[str, Template], external: Mapping[str, Template]) -> None:
        self.local = dict(local)
        self.external = dict(external)

    def get(self, name: str) -> Template | None:
        return self.local.get(name) or self.external.get(name)

    @property
    def names(self) -> list[str]:
        return sorted({*self.local, *self.external})

    @classmethod
    def from_document(cls, data: Mapping[str, Any], config_dir: Path, where: Where,
                      load: Loader = load_documents) -> TemplateSet:
        from kometa.config.loader import parse_file_refs

        local = parse_templates(data.get("templates"), where, parent=data)
        external: dict[str, Template] = {}
        for ref in parse_file_refs(data, "external_templates"):
            for document in load(ref, config_dir):
                if not isinstance(document.data, Mapping) or "templates" not in document.data:
                    raise ConfigError("an external_templates file needs a 'templates:' section",
                                      file=document.source, line=1)
                found = parse_templates(document.data["templates"], Where(document.source, 1),
                                        ref.template_variables, parent=document.data)
                for name, template in found.items():
                    external.setdefault(name, template)
        return cls(local, external)


def expand_definition(mapping_name: str, node: Any, parent: Any, key: Any, context: Context,
                      templates: TemplateSet, where: Where, origins: dict[str, str] | None = None,
                      lower: bool = True) -> dict[str, Any]:
    """One definition with its template calls rendered and merged (definition keys win).

    ``origins`` (if given) receives ``key -> file:line`` for each top-level key of the result.
    ``lower=False`` keeps the case of nested mapping keys (metadata entries: titles of seasons,
    episodes, albums).
    """
    origins = {} if origins is None else origins
    kind = context.kind
    if node is None:
        raise where.error(f"{kind} '{mapping_name}' is empty; give it a builder (e.g. plex_search) or a template",
                          parent, key)
    if not isinstance(node, Mapping):
        raise where.error(f"{kind} '{mapping_name}' must be a mapping of attributes", parent, key)
    own: dict[str, Any] = {}
    raw_keys: dict[str, Any] = {}
    for raw_key, value in node.items():
        lowered = str(raw_key).lower()
        if lowered in own:
            raise where.error(f"'{raw_key}' appears twice in {kind} '{mapping_name}' (keys ignore case)", node,
                              raw_key)
        own[lowered] = value
        raw_keys[lowered] = raw_key
    call_value = own.pop("template", None)
    variables = own.pop("variables", None) or {}
    if not isinstance(variables, Mapping):
        raise where.error("variables must be a mapping of name: value", node, raw_keys.get("variables"))
    data: dict[str, Any] = plain(own, lower=lower)
    for lowered, raw_key in raw_keys.items():
        line = line_of(node, raw_key)
        if lowered in data and line is not None:
            origins[lowered] = f"{file_of(node) or where.file}:{line}"
    if call_value is None:
        return data
    title = _title(data, kind, mapping_name)
    who = f"{kind} '{mapping_name}'"
    for template_name, call, (call_node, call_key) in split_calls(call_value, node, raw_keys["template"], where):
        template = templates.get(template_name)
        if template is None:
            raise where.error(f"unknown template '{template_name}' in {who}{_known(template_name, templates)}",
                              call_node, call_key)
        base = builtins(mapping_name, title, context, template.move_prefix)
        values, optional = resolve_variables(template, call, variables, base, context, where, (call_node, call_key))
        renderer = Renderer(template, values, optional, who, where)
        rendered = renderer.render_template()
        if not isinstance(rendered, dict):
            continue
        for name, value in plain(rendered, lower=lower).items():
            name = str(name).lower() if isinstance(name, str) else name
            if name not in data:
                data[name] = value
                if name in renderer.origins:
                    origins[name] = renderer.origins[name]
    return data


class _Collector:
    """Raise the first ConfigError (strict), or record it and go on (``errors`` list given)."""

    def __init__(self, errors: list[ConfigError] | None) -> None:
        self.errors = errors
        self.ref: FileRef | None = None  # the file being read: a bad value given to a default is said there

    def failed(self, error: ConfigError) -> None:
        error = relocate_error(self.ref, error)
        if self.errors is None:
            raise error
        self.errors.append(error)
        log.error("%s", error.message)


def _documents(refs: Sequence[FileRef], config_dir: Path, collector: _Collector, load: Loader) -> list[Document]:
    loaded: list[Document] = []
    for ref in refs:
        try:
            loaded.extend(load(ref, config_dir))
        except ConfigError as error:
            collector.failed(error)
    return loaded


def _check_dynamic_template(generated: Any, templates: TemplateSet, checked: set[str]) -> None:
    """A dynamic set's template must use ``<<value>>``, ``<<key>>`` or ``<<type>>`` (spec 5.2)."""
    from kometa.config.dynamic import uses_key_variables

    calls = generated.node.get("template")
    if not calls or generated.set_name in checked:
        return
    checked.add(generated.set_name)
    names = [c.get("name") for c in calls if isinstance(c, Mapping)]
    found = [templates.get(str(n)) for n in names]
    if found and all(t is not None for t in found) and not any(
            uses_key_variables(t.node, generated.type) for t in found if t is not None):
        raise ConfigError(f"dynamic_collections '{generated.set_name}': template '{names[0]}' must use <<value>>, "
                          f"<<key>> or <<{generated.type}>>, or every generated collection would be the same",
                          file=generated.file, line=generated.line)


def _file_templates(data: Mapping[str, Any], config_dir: Path, where: Where, load: Loader,
                    collector: _Collector) -> tuple[TemplateSet, bool]:
    """The file's templates, or (``--validate``) none and True when they cannot be read: the error is
    recorded and the file's definitions that call no template are still checked."""
    try:
        return TemplateSet.from_document(data, config_dir, where, load), False
    except ConfigError as error:
        collector.failed(error)
        return TemplateSet({}, {}), True


def _calls_template(node: Any) -> bool:
    return isinstance(node, Mapping) and any(str(k).lower() == "template" for k in node)


def _document_definitions(document: Document, kind: str, context: Context, config_dir: Path, values: Any,
                          collector: _Collector, synced: set[str], load: Loader = load_documents,
                          also: tuple[str, ...] = ()) -> list[Definition]:
    where = Where(document.source, 1)
    data = document.data
    if not isinstance(data, Mapping):
        raise ConfigError(f"a {kind} file must be a mapping with '{TOP_KEYS[kind][0]}:'", file=document.source,
                          line=1)
    if not any(key in data for key in TOP_KEYS[kind]):
        wanted = " or ".join(f"'{k}:'" for k in TOP_KEYS[kind])
        raise ConfigError(f"this {kind} file has no {wanted} section", file=document.source, line=1)
    for notice in file_notices(data, kind, document.source, also):
        log.warning("%s", notice.text)
    templates, templates_failed = _file_templates(data, config_dir, where, load, collector)
    found: list[Definition] = []
    section = data.get(TOP_KEYS[kind][0])
    if section is not None:
        if not isinstance(section, Mapping):
            raise where.error(f"'{TOP_KEYS[kind][0]}' must be a mapping of name -> definition", data,
                              TOP_KEYS[kind][0])
        for mapping_name, node in section.items():
            if templates_failed and _calls_template(node):
                continue  # its templates could not be read (reported once); the others are still checked
            origins: dict[str, str] = {}
            try:
                body = expand_definition(str(mapping_name), node, section, mapping_name, context, templates, where,
                                         origins)
            except ConfigError as error:
                collector.failed(error)
                continue
            found.append(Definition(str(mapping_name), kind, body, file_of(section) or document.source,
                                    line_of(section, mapping_name) or 1, document.ref, document.source,
                                    node=node, origins=origins))
    if kind == "collection" and data.get("dynamic_collections") is not None:
        from kometa.config.dynamic import generate

        titles = {d.title for d in found}
        checked: set[str] = set()
        bad_sets: set[str] = set()
        undone: list[Exception] = []  # sets of a type not done (config.unbuilt.NotDone): listed, the rest made
        for generated in generate(data["dynamic_collections"], data, context, values, where, titles, synced, undone,
                                  failed=collector.failed):
            if generated.set_name in bad_sets or (templates_failed and _calls_template(generated.node)):
                continue
            try:
                try:
                    _check_dynamic_template(generated, templates, checked)
                except ConfigError:
                    bad_sets.add(generated.set_name)
                    raise
                body = expand_definition(generated.name, generated.node, None, None, context, templates,
                                         Where(generated.file, generated.line))
            except ConfigError as error:
                collector.failed(error)
                continue
            found.append(Definition(generated.name, kind, _with_set_label(body, generated.set_name), generated.file,
                                    generated.line, document.ref, document.source, generated.set_name))
        for error in undone:
            collector.failed(error if isinstance(error, ConfigError) else ConfigError(str(error)))
        if values is None:  # no library values (--validate): nothing generated calls the sets' templates
            for error in _unknown_set_templates(data["dynamic_collections"], templates, where):
                collector.failed(error)
    return found


def _unknown_set_templates(sets: Any, templates: TemplateSet, where: Where) -> list[ConfigError]:
    """A located error for each ``template``/``other_template`` of a dynamic set that names no
    template of the file (the generated collections would each fail to expand)."""
    errors: list[ConfigError] = []
    for set_name, spec in sets.items() if isinstance(sets, Mapping) else ():
        if not isinstance(spec, Mapping):
            continue
        for key in ("template", "other_template"):
            calls = spec.get(key)
            for call in calls if isinstance(calls, list) else [calls] if calls is not None else []:
                name = call.get("name") if isinstance(call, Mapping) else call
                if name is None or templates.get(str(name)) is not None:
                    continue
                errors.append(where.error(f"dynamic_collections '{set_name}': unknown template '{name}' in "
                                          f"{key}{_known(str(name), templates)}", spec, key))
    return errors


def _known(name: str, templates: TemplateSet) -> str:
    """The hint after "unknown template 'X'": the close name, or what the file has."""
    import difflib

    close = difflib.get_close_matches(name, templates.names, n=1)
    if close:
        return f" (did you mean '{close[0]}'?)"
    return f"; known templates: {', '.join(templates.names)}" if templates.names else \
        "; this file has no templates: section"


def file_notices(data: Mapping[Any, Any], kind: str, source: str, also: tuple[str, ...] = ()) -> list[Notice]:
    """Warnings about a collection/playlist file's top-level keys: sections this version reads but
    does not apply (``metadata``, ``overlays``, ``queues`` beside collections) and unknown ones;
    ``also``: sections the same file is read for elsewhere (``metadata`` when it is listed under
    ``metadata_files`` or ``metadata_path`` too), not noticed."""
    from kometa.config.keys import FILE_SECTIONS, suggest

    notices: list[Notice] = []
    used = {*TOP_KEYS[kind], "templates", "external_templates", *(("queues",) if kind == "overlay" else ()), *also}
    for key in data:
        name = str(key)
        where = (file_of(data) or source, line_of(data, key))
        if name in used:
            continue
        if name in FILE_SECTIONS:
            # Kometa reads each section only in its own kind of file and skips it silently elsewhere
            home = {"metadata": "metadata_files", "overlays": "overlay_files", "collections": "collection_files",
                    "dynamic_collections": "collection_files", "playlists": "playlist_files"}.get(name)
            move = f"; list the file under {home} for it to apply" if home else ""
            notices.append(Notice(f"'{name}:' in a {kind} file is not applied (Kometa skips it there too){move}",
                                  *where))
        else:
            notices.append(Notice(f"unknown section '{name}' in a {kind} file (ignored)"
                                  f"{suggest(name, FILE_SECTIONS)}", *where))
    return notices


def _with_set_label(body: dict[str, Any], set_name: str) -> dict[str, Any]:
    """Every generated collection carries its set's name as a label (spec 5.2), templated ones too:
    that label is how ``sync: true`` finds the collections a set no longer generates."""
    key = "label.sync" if "label.sync" in body else "label"
    current = body.get(key)
    labels = [part.strip() for part in current.split(",")] if isinstance(current, str) else list(current or [])
    if set_name.lower() not in {str(label).lower() for label in labels}:
        labels.append(set_name)
    return {**body, key: labels}


def load_definitions(config: Config, library: LibraryConfig | None, options: Options | None = None, *,
                     documents: Sequence[Document] | None = None, values: LibraryValues | Any = None,
                     library_type: str | None = None, today: dt.date | None = None,
                     errors: list[ConfigError] | None = None, load: Loader = load_documents,
                     kind: str | None = None, type_placeholder: str | None = None) -> Definitions:
    """The collections of ``library`` (or, with ``library=None``, the playlists) in file order.

    ``documents`` replaces loading the file references (already-loaded or test documents).
    ``values`` gives the library's distinct field values for ``dynamic_collections`` and its
    type: a :class:`~kometa.config.dynamic.LibraryValues` or the engine's ``Snapshot``;
    ``library_type`` (movie/show/artist) fills ``<<library_type>>`` when ``values`` is not given.
    ``type_placeholder`` fills it where the type is unknown (``--validate`` without a server), so a
    template using ``<<library_type>>`` still expands; it does not pick defaults' variants.
    ``today`` fills ``current_year/month/day`` (default: the local date).
    ``load`` loads a file reference (default: read it now; a run passes its DocumentCache's).

    Without ``errors`` the first mistake raises :class:`ConfigError`. With an ``errors`` list a
    file that cannot be loaded, or a definition that cannot be expanded, is recorded there (with
    ``file:line``) and skipped, and the rest still load: one typo does not stop a whole library.
    """
    kind = kind or ("collection" if library is not None else "playlist")
    refs = library.collection_files if library is not None else config.playlist_files
    if kind == "overlay" and library is not None:  # ``kind="overlay"``: the library's overlay_files
        refs = library.overlay_files
    if values is not None:
        from kometa.config.dynamic import as_library_values

        values = as_library_values(values)
        library_type = library_type or values.library_type
    library_variables = dict(library.template_variables) if library is not None else {}
    result = Definitions()
    seen: dict[str, Definition] = {}
    collector = _Collector(errors)
    loaded = list(documents) if documents is not None else _documents(refs, config.directory, collector, load)
    from kometa.config.defaults import for_library, other_type_notices, type_for

    # a file the library also reads as a metadata file (metadata_path: both): its metadata: is applied
    as_metadata = {(ref.kind, ref.location) for ref in library.metadata_files} \
        if library is not None and kind == "collection" else set()

    for document in loaded:
        collector.ref = document.ref
        document_type = type_for(document, library_type)
        try:
            document = for_library(document, document_type, library.library_name if library is not None else None)
        except ConfigError as error:
            collector.failed(error)
            continue
        for notice in other_type_notices(document, library_type):  # the library's real type only
            log.warning("%s", notice.text)
        context = Context(kind=kind, library_type=document_type or type_placeholder,
                          library_name=library.library_name if library is not None else None,
                          today=today or dt.date.today(),
                          file_variables={**library_variables, **document.ref.template_variables})
        try:
            also = ("metadata",) if (document.ref.kind, document.ref.location) in as_metadata else ()
            found = _document_definitions(document, kind, context, config.directory, values, collector,
                                          result.synced_sets, load, also)
        except ConfigError as error:
            collector.failed(error)
            continue
        for definition in found:
            if definition.name in seen:
                log.warning("%s: %s '%s' is already defined at %s; this one is ignored", definition.where, kind,
                            definition.name, seen[definition.name].where)
                continue
            seen[definition.name] = definition
            result.append(definition)
    return result
