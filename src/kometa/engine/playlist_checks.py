"""What makes a playlist impossible before any request, asked by the run and by ``--validate``: its
``libraries`` (given, each a library of config.yml), builders that cannot build a playlist and
collection-only attributes (``collection_mode``, ``label``, ...)."""

from __future__ import annotations

from collections.abc import Iterable

from kometa.config.definitions import Definition
from kometa.engine.definition_errors import where_of

__all__ = ["COLLECTION_ONLY", "NOT_FOR_PLAYLISTS", "attribute_problems", "builder_problem", "library_problem"]

#: builders that make a collection only (Kometa: a playlist cannot use them)
NOT_FOR_PLAYLISTS = ("plex_all", "smart_filter", "smart_label", "plex_collectionless")

#: attributes of a collection only: an error of the playlist (Kometa's builder: outside its playlist
#: attributes, "'<attr>' attribute not compatible with playlists"); ``label`` covers ``label.remove``
#: and ``label.sync``, and any ``item_*`` edit is one too
COLLECTION_ONLY = frozenset({
    "collection_order", "collection_mode", "collection_filtering", "visible_library", "visible_home",
    "visible_shared", "label", "blank_collection", "delete_collections_named", "build_collection",
    "only_run_on_create", "album_sorting", "tmdb_region", "url_theme", "file_theme", "sort_title", "content_rating",
    "asset_folders", "create_asset_folders", "url_background", "tmdb_background", "tvdb_background",
    "file_background", "url_square_art", "file_square_art", "non_item_remove_label",
})


#: the ``item_*`` keys a playlist does take (Kometa's radarr/sonarr details: the tag put on what is sent)
PLAYLIST_ITEM_KEYS = frozenset({"item_radarr_tag", "item_sonarr_tag"})


def library_problem(definition: Definition, libraries: tuple[str, ...], known: Iterable[str]) -> str | None:
    """``file:line: message`` when the playlist's ``libraries`` is missing or names a library config.yml
    does not have, else None. A default's playlist is located at the user's ``- default:`` entry,
    whose ``template_variables: {libraries: ...}`` sets them (its template line would not help)."""
    names = list(known)
    unknown = [n for n in libraries if n not in names]
    if libraries and not unknown:
        return None
    missing = f"{'libraries' if len(unknown) > 1 else 'library'} {', '.join(repr(n) for n in unknown)} " \
              f"{'are' if len(unknown) > 1 else 'is'} not in config.yml libraries ({', '.join(names)})"
    if definition.ref.kind == "default":
        what = "needs libraries" if not libraries else missing
        return (f"{definition.ref.where}: default '{definition.ref.location}': {what}; give "
                f"template_variables: {{libraries: <config library names>}}")
    if not libraries:
        return f"{definition.where}: playlist '{definition.name}' needs libraries: (config library names)"
    return f"{where_of(definition, 'libraries')}: playlist '{definition.name}': {missing}"


def builder_problem(definition: Definition) -> str | None:
    """``file:line: message`` for the first builder that cannot build a playlist, else None."""
    for key in NOT_FOR_PLAYLISTS:
        if key in definition.data:
            return f"{where_of(definition, key)}: {key} cannot build a playlist; use plex_search"
    return None


def attribute_problems(definition: Definition) -> list[str]:
    """``file:line: message`` for each collection-only attribute the playlist gives, in the
    definition's order (the run fails the playlist on them, ``--validate`` lists each)."""
    problems = []
    for key in definition.data:
        name = str(key).lower().split(".", 1)[0]
        if name in COLLECTION_ONLY or (name.startswith("item_") and name not in PLAYLIST_ITEM_KEYS):
            problems.append(f"{where_of(definition, str(key))}: {key} is a collection setting; a playlist cannot "
                            "use it (attribute not compatible with playlists)")
    return problems
