"""A library's ``image_files`` (Kometa's image sets): read once per run, applied in the metadata part.

Each file entry's image file is loaded (``file``/``folder``/``url``/``git``/``repo``; ``default``
is a located error: no default image sets are shipped), its sections chosen by the entry's
template variables (:mod:`kometa.metadata.image_sets`) and each chosen section's style read
(:mod:`kometa.metadata.image_styles`). As in Kometa this happens before the library's parts run, so
the sections' collection images are known to the collections part whatever the ``run_order``
(a collection built by a collection file takes the style's poster / background over its own
``url_poster``/``file_poster``, as Kometa's style data does). The metadata part then uploads the
items' images (:mod:`kometa.metadata.image_run`) with one summary row per image file
(``images: NAME``).

``--collections-only`` (and the other ``-only`` flags but ``--metadata-only``) leave image files
alone; ``--tests`` and ``--resume`` skip the item images (Kometa's rules); a file entry's
``schedule`` selects image files like other files; ``--run-files`` selects the image files whose item
images run, while every scheduled image file still gives the collections their images (as in
Kometa, so a run of one collection file does not swap a styled collection's poster back).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from kometa.config.model import FileRef, LibraryConfig
from kometa.core.errors import ConfigError
from kometa.engine.context import RunContext, _scheduled
from kometa.engine.report import ItemRow
from kometa.plex.snapshot import Snapshot

log = logging.getLogger("kometa")


@dataclass
class LoadedFile:
    ref: FileRef
    name: str
    source: str = ""
    image_set: Any = None  # kometa.metadata.image_sets.ImageSet
    styles: dict[str, Any] = field(default_factory=dict)  # section -> image_styles.StyleData
    error: str | None = None


@dataclass
class LibraryImages:
    files: list[LoadedFile] = field(default_factory=list)
    collections: dict[str, Any] = field(default_factory=dict)  # collection name -> its style entry


def wanted(ctx: RunContext) -> bool:
    o = ctx.options
    return not (o.collections_only or o.operations_only or o.overlays_only or o.playlists_only)


def library_images(ctx: RunContext, library: LibraryConfig, snapshot: Snapshot) -> LibraryImages:
    """The library's image files, read on first use this run (kept on the run context)."""
    found = ctx.image_sets.get(library.mapping_name)
    if found is None:
        found = LibraryImages()
        if library.image_files and wanted(ctx):
            found = _load(ctx, library, snapshot)
        ctx.image_sets[library.mapping_name] = found
    return found


def _github(ctx: RunContext) -> Any:
    from collections.abc import Mapping

    from kometa.clients.github import GitHubTrees

    raw = ctx.config.raw.get("github") if isinstance(ctx.config.raw, Mapping) else None
    token = raw.get("token") if isinstance(raw, Mapping) else None
    return GitHubTrees(ctx.documents.remote, str(token).strip() if token and str(token).strip() else None)


def _load(ctx: RunContext, library: LibraryConfig, snapshot: Snapshot) -> LibraryImages:
    from kometa.metadata.image_sets import Variables, parse_image_set
    from kometa.metadata.image_styles import StyleReader

    out = LibraryImages()
    library_type = "movie" if snapshot.item_type == "movie" else "show"
    reader = StyleReader(ctx.documents.load, ctx.config.directory, _github(ctx), library_type)
    for ref in library.image_files:
        if ref.schedule is not None and not _scheduled(ref.schedule.value, ctx, "file", ref.schedule.file,
                                                       ref.schedule.line):
            log.warning("%s: image file %s is not scheduled to run now; skipped", ref.where, ref.location)
            continue
        try:
            documents = ctx.documents.load(ref, ctx.config.directory)
        except ConfigError as exc:
            out.files.append(LoadedFile(ref, f"images: {ref.name}", error=exc.message))
            log.error("%s", exc.message)
            continue
        for document in documents:
            name = f"images: {ref.name}" if len(documents) == 1 else \
                f"images: {document.source.replace(chr(92), '/').rsplit('/', 1)[-1].rsplit('.', 1)[0]}"
            loaded = LoadedFile(ref, name, document.source)
            out.files.append(loaded)
            try:
                variables = Variables(ref.template_variables, ref.where)
                loaded.image_set = parse_image_set(document.data, document.source, variables, library_type)
                for warning in loaded.image_set.warnings:
                    log.warning("%s", warning)
                _some_section(loaded.image_set, ref)
                for section in loaded.image_set.sections:
                    style = reader.read(section, document.source)
                    loaded.styles[section.key] = style
                    out.collections.update(style.collections)
                if not any(loaded.styles[section.key].items.get(item.name)
                           for section in loaded.image_set.sections for item in section.items):
                    raise ConfigError("no item of the chosen sections has images in its style (Kometa: no "
                                      "metadata items added)", file=ref.file, line=ref.line)
            except ConfigError as exc:
                loaded.error = exc.message
                log.error("%s", exc.message)
    return out


def _some_section(image_set: Any, ref: FileRef) -> None:
    if not image_set.sections:
        raise ConfigError("no section of this image file is chosen (turn sections on with the template "
                          "variables use_all, use_<section> or include)", file=ref.file, line=ref.line)


def run_library_images(ctx: RunContext, library: LibraryConfig, server: Any, snapshot: Snapshot,
                       job: Any, rows: list[ItemRow]) -> None:
    """The metadata part's image files: one summary row each. ``job``: the metadata part's MetadataJob."""
    from kometa.metadata.image_run import apply_image_set
    from kometa.metadata.run import MetadataResult

    if not library.image_files or not wanted(ctx) or ctx.options.tests or ctx.options.resume:
        return
    names = ctx.options.split_names(ctx.options.run_files)
    changed = 0
    for loaded in library_images(ctx, library, snapshot).files:
        ctx.checkpoint()
        if names and loaded.ref.name not in names:
            continue
        started = time.monotonic()
        if loaded.error is not None:
            rows.append(ItemRow(loaded.name, "metadata", status="Failed", error=loaded.error))
            continue
        result = MetadataResult(loaded.name)
        try:
            apply_image_set(job, loaded.image_set, loaded.styles, loaded.source, result)
        except ConfigError as exc:
            result.errors.append(exc.message)
        finally:
            job.uploaded.save()
        for message in result.errors:
            log.error("%s", message)
        error: str | None = None
        if result.errors:
            error = result.errors[0] + (f" (and {len(result.errors) - 1} more)" if len(result.errors) > 1 else "")
        note = f"{result.unmatched} item{'s' * (result.unmatched != 1)} of the set not in the library" \
            if result.unmatched else None
        changed += result.changed
        rows.append(ItemRow(loaded.name, "metadata", status="Changed" if result.changed else "Unchanged",
                            added=result.changed, unchanged=result.unchanged, seconds=time.monotonic() - started,
                            error=error, note=note))
    if changed and not ctx.options.dry_run:
        _refresh_images(job.reader, snapshot)


def _refresh_images(reader: Any, snapshot: Snapshot) -> None:
    """The items' new ``thumb``/``art`` from one listing, into the run's snapshot: the overlay part of
    this run then takes a new poster as the item's original at once (not a run later)."""
    from kometa.plex.snapshot import list_all

    now = {int(e.attrib["ratingKey"]): e.attrib for e in list_all(
        reader, f"/library/sections/{snapshot.section_id}/all", {"type": snapshot.type_number}) if "ratingKey" in e.attrib}
    for rating_key, item in snapshot.items.items():
        if rating_key in now:
            for field in ("thumb", "art"):
                item.values[field] = now[rating_key].get(field)


def collection_style_images(ctx: RunContext, library: LibraryConfig, snapshot: Snapshot) -> dict[str, Any]:
    """Collection name -> its style images (for the collections part); {} without image files."""
    if not library.image_files or not wanted(ctx):
        return {}
    try:
        return library_images(ctx, library, snapshot).collections
    except Exception:  # noqa: BLE001 - a broken image file never stops the collections
        log.exception("Library %s: image files could not be read", library.mapping_name)
        return {}



def image_file_errors(config: Any, load: Any) -> list[ConfigError]:
    """Located mistakes in the libraries' image files and their style files, found without a server
    (for ``--validate``: every section's, not only the first; a ``git_style`` repository is read by a
    run only). A library's type comes
    from ``template_variables: library_type``, else from the file (``shows:`` sections: a show set)."""
    from kometa.metadata.image_sets import Variables, parse_image_set
    from kometa.metadata.image_styles import StyleReader

    errors: list[ConfigError] = []
    for library in config.libraries.values():
        for ref in library.image_files:
            try:
                documents = load(ref, config.directory)
            except ConfigError:
                continue  # the file's own load error is reported with the other files'
            for document in documents:
                kind = str(library.template_variables.get("library_type") or _set_type(document.data))
                found: list[ConfigError] = []
                try:
                    variables = Variables(ref.template_variables, ref.where)
                    image_set = parse_image_set(document.data, document.source, variables, kind, found)
                    if not found:
                        _some_section(image_set, ref)
                    reader = StyleReader(load, config.directory, None, kind)
                    for section in image_set.sections:
                        try:
                            if section.call.kind != "git_style":
                                reader.read(section, document.source)
                        except ConfigError as exc:
                            found.append(exc)
                except ConfigError as exc:
                    found.append(exc)
                errors.extend(found)
    return errors


def _set_type(data: Any) -> str:
    from collections.abc import Mapping

    sections = data.get("sections") if isinstance(data, Mapping) else None
    values = [s for s in sections.values() if isinstance(s, Mapping)] if isinstance(sections, Mapping) else []
    return "show" if values and all("shows" in s and "movies" not in s for s in values) else "movie"
