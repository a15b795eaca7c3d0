"""``- default: NAME`` (and ``pmm: NAME``): our own default files, found, read and checked.

The files are package data under ``src/kometa/defaults/`` (one folder per file kind, see
:data:`FOLDERS`); a variant per library type (``imdb.movie.yml``, ``imdb.show.yml``) wins over
the plain file when the library has that type. Each file carries one reserved top-level key,
``default_info`` (title, libraries, keys, shared variable set, own variables), which is read here
and stripped before the file is processed like any other file. The entry's ``template_variables``
are checked against it: an unknown name is a located error listing the valid ones.

The data is read from its folder by path; this module imports nothing from ``kometa.defaults``
(that package sits above ``config`` in the layout).
"""

from __future__ import annotations

import difflib
import fnmatch
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kometa.config import default_variables as dv
from kometa.config import poster_styles, sep_styles
from kometa.config.files import Document
from kometa.config.model import FileRef
from kometa.config.problems import Notice
from kometa.config.yaml_io import load_yaml
from kometa.core.errors import ConfigError

DATA_DIR = Path(__file__).resolve().parent.parent / "defaults"
#: file-entry section -> the folder its defaults live in
FOLDERS = {"collection_files": "collections", "overlay_files": "overlays", "playlist_files": "playlists",
           "external_templates": "templates"}
LIBRARY_TYPES = ("movie", "show", "artist")
#: the names of Kometa's own default files per section: one this version lacks is "not done yet",
#: not "unknown" (its docs list them; we write ours from those docs as they land)
KOMETA_NAMES: dict[str, frozenset[str]] = {
    "collection_files": frozenset(["actor", "anilist", "aspect", "audio_language", "bafta", "based", "basic", "berlinale", "cannes", "cesar", "choice", "collectionless", "content_rating_au", "content_rating_cs", "content_rating_de", "content_rating_mal", "content_rating_nz", "content_rating_uk", "content_rating_us", "continent", "country", "decade", "director", "emmy", "franchise", "genre", "golden", "imdb", "letterboxd", "myanimelist", "network", "nfr", "oscars", "other_chart", "pca", "producer", "razzie", "region", "resolution", "sag", "seasonal", "separator_award", "separator_chart", "simkl", "spirit", "streaming", "studio", "subtitle_language", "sundance", "tautulli", "tiff", "tmdb", "trakt", "universe", "venice", "writer", "year"]),
    "overlay_files": frozenset(["aspect", "audio_codec", "commonsense", "content_rating_au", "content_rating_de", "content_rating_nz", "content_rating_uk", "content_rating_us_movie", "content_rating_us_show", "direct_play", "episode_info", "language_count", "languages", "mediastinger", "network", "ratings", "resolution", "ribbon", "runtimes", "status", "streaming", "studio", "versions", "video_format"]),
    "playlist_files": frozenset({"playlist"}),
    "external_templates": frozenset({"templates"}),
}
INFO_KEY = "default_info"
INFO_FIELDS = {"title", "libraries", "keys", "shared", "variables", "description", "separator", "keys_not_done",
               "variables_not_done", "styles", "keys_only_for", "variables_only_for"}
PER_KEY_MARK = "_<key>"  # a default_info variable named ``limit_<key>`` is one per key
LANGUAGES = ("default", "en")  # language: values this version writes names and summaries in


@dataclass(frozen=True)
class DefaultInfo:
    """A default file's ``default_info``."""

    name: str
    title: str
    libraries: tuple[str, ...]
    keys: tuple[str, ...] | None  # None: ``keys: dynamic`` (any key)
    shared: str
    variables: Mapping[str, str] = field(default_factory=dict)
    description: str = ""
    source: str = ""
    examples: Mapping[str, Any] = field(default_factory=dict)  # variable -> a valid sample value (tests, docs)
    separator: bool = False  # it makes a separator collection (the separator variables apply)
    #: Kometa's keys of this default that we do not build: ``use_<key>: false`` asks for nothing, any
    #: other variable of such a key is refused as not done
    keys_not_done: tuple[str, ...] = ()
    #: Kometa's variables of this default that we do not act on: name -> the part they ask for
    variables_not_done: Mapping[str, str] = field(default_factory=dict)
    #: variable -> the only values it takes (``values: [true, false]`` in default_info), checked as text
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: the set of drawn-poster styles its ``style`` variable takes (kometa.config.poster_styles), or ""
    styles: str = ""
    #: key -> the library types that have it (``keys_only_for`` in default_info, or the variants'
    #: keys); a key not listed is every supported type's
    key_types: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: variable name pattern (fnmatch) -> the library types it means something for (``variables_only_for``)
    variable_types: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def own_prefixes(self) -> tuple[str, ...]:
        """Own per-key variables, written ``limit_<key>`` in ``variables``."""
        return tuple(name[: -len(PER_KEY_MARK)] for name in self.variables if name.endswith(PER_KEY_MARK))

    def accepts(self, variable: str) -> bool:
        if variable in self.variables or variable in dv.SHARED[self.shared] or variable in dv.NOT_DONE:
            return True
        if self.separator and variable in dv.SEPARATOR:
            return True
        if self.keys is None:
            return variable in dv.DYNAMIC or dv.matches_per_key(self.shared, variable) or any(
                variable.startswith(f"{p}_") and len(variable) > len(p) + 1 for p in self.own_prefixes)
        return variable in self.valid_names()

    def valid_names(self) -> list[str]:
        names = {n for n in self.variables if not n.endswith(PER_KEY_MARK)} | set(dv.SHARED[self.shared])
        if self.separator:
            names |= set(dv.SEPARATOR)
        if self.keys is None:
            names |= set(dv.DYNAMIC)
        else:
            names |= dv.per_key_names(self.shared, self.keys)
            names |= {f"{p}_{k}" for p in self.own_prefixes for k in self.keys}
        return sorted(names)


def folder_for(section: str) -> str:
    return FOLDERS.get(section, "collections")


def available(section: str) -> list[str]:
    """The default names a file entry of ``section`` may use."""
    folder = DATA_DIR / folder_for(section)
    if not folder.is_dir():
        return []
    return sorted({_base_name(p.name) for p in folder.glob("*.yml")})


def _base_name(filename: str) -> str:
    stem = filename[: -len(".yml")]
    head, _, tail = stem.rpartition(".")
    return head if head and tail in LIBRARY_TYPES else stem


def files_for(section: str, name: str) -> dict[str | None, Path]:
    """The files of default ``name``: ``None`` -> the plain file, ``movie``/``show``/... -> variants."""
    folder = DATA_DIR / folder_for(section)
    found: dict[str | None, Path] = {}
    plain = folder / f"{name}.yml"
    if plain.is_file():
        found[None] = plain
    for kind in LIBRARY_TYPES:
        variant = folder / f"{name}.{kind}.yml"
        if variant.is_file():
            found[kind] = variant
    return found


def read_info(data: Any, name: str, source: str) -> DefaultInfo:
    """``default_info`` of one default file (a mistake here is ours, but still says where)."""
    info = data.get(INFO_KEY) if isinstance(data, Mapping) else None
    if not isinstance(info, Mapping):
        raise ConfigError(f"default '{name}' has no default_info mapping", file=source, line=1)
    unknown = sorted(str(k) for k in info if str(k) not in INFO_FIELDS)
    if unknown:
        raise ConfigError(f"default_info of '{name}' has unknown field '{unknown[0]}'", file=source, line=1)
    libraries = tuple(str(t) for t in (info.get("libraries") or ()))
    if not libraries or any(t not in LIBRARY_TYPES for t in libraries):
        raise ConfigError(f"default_info of '{name}': libraries must list some of {', '.join(LIBRARY_TYPES)}",
                          file=source, line=1)
    raw_keys = info.get("keys")
    keys = None if raw_keys == "dynamic" else tuple(str(k) for k in (raw_keys or ()))
    shared = str(info.get("shared") or "none")
    if shared not in dv.SETS:
        raise ConfigError(f"default_info of '{name}': shared must be one of {', '.join(dv.SETS)}", file=source,
                          line=1)
    styles = str(info.get("styles") or "")
    if styles and styles not in poster_styles.STYLE_SETS:
        raise ConfigError(f"default_info of '{name}': styles must be one of {', '.join(poster_styles.STYLE_SETS)}",
                          file=source, line=1)
    variables = info.get("variables") or {}
    if not isinstance(variables, Mapping):
        raise ConfigError(f"default_info of '{name}': variables must be a mapping of name: meaning", file=source,
                          line=1)
    meanings: dict[str, str] = {}
    examples: dict[str, Any] = {}
    choices: dict[str, tuple[str, ...]] = {}
    for raw, spec in variables.items():  # name: meaning, or name: {meaning: ..., example: value, values: [...]}
        if isinstance(spec, Mapping):
            meanings[str(raw)] = str(spec.get("meaning") or "")
            if "example" in spec:
                examples[str(raw)] = spec["example"]
            if spec.get("values"):
                choices[str(raw)] = tuple(_choice(v) for v in spec["values"])
        else:
            meanings[str(raw)] = str(spec)
    return DefaultInfo(name, str(info.get("title") or name), libraries, keys, shared, meanings,
                       str(info.get("description") or ""), source, examples, info.get("separator") is True,
                       tuple(str(k) for k in (info.get("keys_not_done") or ())),
                       {str(k): str(v) for k, v in (info.get("variables_not_done") or {}).items()}, choices,
                       styles, _only_for(info.get("keys_only_for")), _only_for(info.get("variables_only_for")))


def _only_for(value: Any) -> dict[str, tuple[str, ...]]:
    """``{movie: [a, b]}`` (the library types a name is for) -> ``{a: (movie,), b: (movie,)}``."""
    found: dict[str, tuple[str, ...]] = {}
    for kind, names in dict(value or {}).items():
        for item in names or ():
            found[str(item)] = (*found.get(str(item), ()), str(kind))
    return found


def _choice(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value).strip().lower()


def _strip_info(data: Any) -> Any:
    if isinstance(data, dict) and INFO_KEY in data:
        del data[INFO_KEY]
    return data


#: Kometa's defaults folders, stripped from a ``default:`` path as Kometa does (``default: chart/imdb``,
#: the old ``git: PMM/chart/imdb``): collection-like sections strip these ...
KOMETA_FOLDERS = ("movie/", "show/", "chart/", "award/", "both/")
#: ... and overlay files strip this one
KOMETA_OVERLAY_FOLDER = "overlays/"


def default_name(location: str, section: str) -> str:
    """The name of a ``default:`` entry's default: without ``.yml``/``.yaml`` and without the
    Kometa folder (``chart/``, ``award/``, ``both/``, ``movie/``, ``show/``; ``overlays/`` for
    overlay files) its own repository keeps it in."""
    name = location.strip()
    if name.lower().endswith((".yml", ".yaml")):
        name = name.rsplit(".", 1)[0]
    folders = (KOMETA_OVERLAY_FOLDER,) if section == "overlay_files" else KOMETA_FOLDERS
    for folder in folders:
        if name.startswith(folder) and len(name) > len(folder):
            return name[len(folder):]
    return name


def load_default(ref: FileRef) -> Document:
    """The document of a ``default:`` entry: the plain file's data (or the first variant's), every
    variant by library type, and its ``default_info``; the entry's template_variables checked."""
    section = ref.section or "collection_files"
    if section not in FOLDERS:
        raise ConfigError(f"'default:' files exist for {', '.join(FOLDERS)}, not for {section}", file=ref.file,
                          line=ref.line)
    name = default_name(ref.location, section)
    files = files_for(section, name)
    if not files:
        valid = available(section)
        listed = ", ".join(valid) if valid else "none yet"
        if name in KOMETA_NAMES.get(section, ()):
            raise ConfigError(f"Kometa's default '{name}' for {section} is not done by this version yet; the "
                              f"defaults this version has: {listed}", file=ref.file, line=ref.line)
        close = difflib.get_close_matches(name, sorted({*valid, *KOMETA_NAMES.get(section, ())}), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise ConfigError(f"there is no default '{name}' for {section}{hint}; the defaults are: {listed}",
                          file=ref.file, line=ref.line)
    loaded: dict[str | None, Any] = {}
    infos: dict[str | None, DefaultInfo] = {}
    for kind, path in files.items():
        data = load_yaml(path)
        infos[kind] = read_info(data, name, str(path))
        loaded[kind] = _strip_info(data)
    first = None if None in loaded else next(iter(loaded))
    info = merged_info(infos, first)
    check_variables(ref, info)
    variants = {kind: data for kind, data in loaded.items() if kind is not None}
    return Document(ref, str(files[first]), loaded[first], variants=variants, info=info,
                    sources={kind: str(path) for kind, path in files.items() if kind is not None})


def merged_info(infos: Mapping[str | None, DefaultInfo], first: str | None = None) -> DefaultInfo:
    """One info over every variant: libraries, keys and variables of all of them (``first``: the
    plain file's, else the first variant's, fields win)."""
    first = first if first in infos else (None if None in infos else next(iter(infos)))
    base = infos[first]
    if len(infos) == 1:
        return base
    libraries = tuple(t for t in LIBRARY_TYPES if any(t in i.libraries for i in infos.values()))
    keys: tuple[str, ...] | None = None
    if all(i.keys is not None for i in infos.values()):
        keys = tuple(dict.fromkeys(k for i in infos.values() for k in (i.keys or ())))
    variables: dict[str, str] = {}
    examples: dict[str, Any] = {}
    choices: dict[str, tuple[str, ...]] = {}
    for i in infos.values():
        for k, v in i.variables.items():
            variables.setdefault(k, v)
        for k, v in i.examples.items():
            examples.setdefault(k, v)
        for k, c in i.choices.items():
            choices.setdefault(k, c)
    keys_not_done = tuple(dict.fromkeys(k for i in infos.values() for k in i.keys_not_done))
    not_done = {k: v for i in infos.values() for k, v in i.variables_not_done.items()}
    key_types = {k: t for i in infos.values() for k, t in i.key_types.items()}
    for key in keys or ():  # a key only some variants have is only their library types'
        having = tuple(t for t in libraries if any(key in (i.keys or ()) and t in i.libraries for i in infos.values()))
        if having != libraries:
            key_types.setdefault(key, having)
    variable_types = {k: t for i in infos.values() for k, t in i.variable_types.items()}
    return replace(base, libraries=libraries, keys=keys, variables=variables, examples=examples, choices=choices,
                   separator=any(i.separator for i in infos.values()), keys_not_done=keys_not_done,
                   variables_not_done=not_done, styles=next((i.styles for i in infos.values() if i.styles), ""),
                   key_types=key_types, variable_types=variable_types)


def other_type_notices(document: Document, library_type: str | None) -> list[Notice]:
    """Located warnings for the ``default:`` entry's template_variables that mean nothing for a
    library of ``library_type`` (a per-key variable of a key only another type has, as
    ``name_episodes`` of ``basic`` in a movie library, or a variable ``variables_only_for`` gives
    to another type): Kometa ignores them, so the run goes on."""
    info = document.info
    if not isinstance(info, DefaultInfo) or library_type is None or library_type not in info.libraries:
        return []
    prefixes = {*dv.PER_KEY.get(info.shared, {}), *info.own_prefixes}
    found = []
    for raw in document.ref.template_variables:
        variable = str(raw)
        types = next((t for pattern, t in info.variable_types.items() if fnmatch.fnmatchcase(variable, pattern)), None)
        what = "it is"
        if types is None:
            key = next((k for k in info.key_types if variable.endswith(f"_{k}")
                        and variable[: -len(k) - 1] in prefixes), None)
            types, what = (info.key_types[key], f"its key '{key}' is") if key is not None else (None, what)
        if types is not None and library_type not in types:
            found.append(Notice(f"default '{info.name}': template variable '{variable}' is ignored in a "
                                f"{library_type} library: {what} only for {' and '.join(types)} libraries",
                                document.ref.file, document.ref.line))
    return found


def _not_done(variable: str, value: Any, info: DefaultInfo) -> tuple[bool, str | None]:
    """(whether the variable is one this version does not act on, what it asks for or None if nothing)."""
    asks = value not in (None, False, "") and str(value).strip().lower() != "false"
    if variable in info.variables_not_done:
        return True, info.variables_not_done[variable] if asks else None
    if variable in dv.NOT_DONE and variable not in info.variables and (info.shared == "collection" or info.separator):
        return True, dv.NOT_DONE[variable] if asks else None
    prefixes = {*dv.PER_KEY.get(info.shared, {}), *info.own_prefixes}
    for key in info.keys_not_done:
        if variable.endswith(f"_{key}") and variable[: -len(key) - 1] in prefixes:
            if variable == f"use_{key}" and not asks:
                return True, None
            return True, f"the '{key}' collection of this default"
    return False, None


def check_variables(ref: FileRef, info: DefaultInfo) -> None:
    """Each of the entry's template_variables is one the default accepts; one ConfigError naming
    every unknown variable and every bad choice, sep_style or style at once."""
    unknown: list[str] = []
    problems: list[str] = []
    for raw_name, value in ref.template_variables.items():
        variable = str(raw_name)
        if variable in ("default", "conditionals"):  # merged into the templates' own (config.templates)
            continue
        undone, _part = _not_done(variable, value, info)
        if undone:  # reported as "not done" by kometa.config.unbuilt (the run goes on, exits 1), or asks nothing
            continue
        if not info.accepts(variable):
            unknown.append(variable)
            continue
        if variable in info.choices and _choice(value) not in info.choices[variable]:
            listed = info.choices[variable]
            wanted = " or ".join(listed) if len(listed) < 3 else f"one of {', '.join(listed)}"
            problems.append(f"{variable} must be {wanted}, got {value!r}")
        if variable == "sep_style" and str(value).strip().lower() not in sep_styles.SEPARATOR_STYLES:
            problems.append(f"sep_style '{value}' is not a separator style; the styles are "
                            f"{sep_styles.styles_help()}")
        if variable == "style" and info.styles and \
                str(value).strip().lower() not in poster_styles.STYLE_SETS[info.styles]:
            problems.append(f"style '{value}' is not one of its poster styles; the styles are "
                            f"{poster_styles.styles_help(info.styles)}")
    if unknown:
        problems.insert(0, _unknown_message(unknown, info))
    if problems:
        text = f"default '{info.name}'" + (" " if unknown else ": ") + "; and ".join(problems)
        raise ConfigError(text, file=ref.file, line=ref.line)


def _unknown_message(unknown: list[str], info: DefaultInfo) -> str:
    valid = info.valid_names()
    close = [c for v in unknown for c in difflib.get_close_matches(v, valid, n=3 if len(unknown) == 1 else 1,
                                                                    cutoff=0.6)]
    own = sorted(info.variables)  # ``limit_<key>`` shown as written
    keys = "any key" if info.keys is None else ", ".join(info.keys) or "none"
    hint = f"did you mean {', '.join(repr(c) for c in dict.fromkeys(close))}? " if close else ""
    prefixes = ", ".join(f"{p}_<key>" for p in list(dv.PER_KEY[info.shared])[:6])
    listed = ", ".join(own) if own else "no variables of its own"
    names = ", ".join(repr(v) for v in unknown)
    return (f"has no template variable{'s' if len(unknown) > 1 else ''} {names}; {hint}valid: {listed}; "
            f"the shared {info.shared} variables ({', '.join(sorted(dv.SHARED[info.shared])[:8])}, ...)"
            + (f"; per key ({keys}): {prefixes}, ..." if dv.PER_KEY[info.shared] else "")
            + " (docs/defaults.md lists them all)")


def not_done(ref: FileRef) -> list[tuple[str, str]]:
    """(variable, the part it asks for) for each of a ``default:`` entry's template_variables that
    this version does not act on; a default that cannot be read gives none (its load reports it)."""
    if ref.kind != "default" or ref.section == "image_files":  # no default image sets: its load says so
        return []
    name = default_name(ref.location, ref.section or "collection_files")
    try:
        files = files_for(ref.section or "collection_files", name)
        infos = {kind: read_info(load_yaml(path), name, str(path)) for kind, path in files.items()}
    except ConfigError:
        return []
    if not infos:
        return []
    info = merged_info(infos)
    found = []
    for raw_name, value in ref.template_variables.items():
        _undone, part = _not_done(str(raw_name), value, info)
        if part is not None:
            found.append((str(raw_name), part))
        elif str(raw_name) == "language" and str(value).lower() not in LANGUAGES:
            found.append(("language", f"names and summaries in '{value}' (only English is written)"))
    return found


def type_for(document: Document, library_type: str | None) -> str | None:
    """The library type a document is read for: ``--validate`` without a server does not know the
    library's type, so a default is then checked as the first type it supports."""
    if library_type is None and isinstance(document.info, DefaultInfo):
        return document.info.libraries[0]
    return library_type


def for_library(document: Document, library_type: str | None, library_name: str | None = None) -> Document:
    """The document as a library of ``library_type`` sees it: its variant when there is one.

    A default that does not support the type is a located error naming the types it supports.
    Documents that are not defaults come back unchanged.
    """
    info = document.info
    if not isinstance(info, DefaultInfo) or library_type is None:
        return document
    if library_type not in info.libraries:
        where = f"library '{library_name}' is a {library_type} library" if library_name else \
            f"this is a {library_type} library"
        raise ConfigError(f"default '{info.name}' ({info.title}) is for {', '.join(info.libraries)} libraries; "
                          f"{where}", file=document.ref.file, line=document.ref.line)
    if library_type in document.variants:
        return replace(document, data=document.variants[library_type],
                       source=document.sources.get(library_type, document.source))
    return document
