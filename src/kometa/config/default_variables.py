"""The template variables every one of our default files of a kind accepts (Kometa's "shared" ones).

A default's ``default_info`` names its ``shared`` set (``collection``, ``overlay``, ``playlist`` or
``none``) and its ``keys``; a ``template_variables`` name is valid for it when it is

* one of the default's own ``variables``,
* a whole-file name of its shared set (:data:`SHARED`), or
* ``<prefix>_<key>`` for a per-key prefix of its shared set (:data:`PER_KEY`) and one of its keys
  (any key at all when the default declares ``keys: dynamic``).

Only names the shared templates (``defaults/templates/*.yml``) really act on belong here: a
variable accepted but ignored would be a feature that only pretends.
"""

from __future__ import annotations

#: whole-file variables of each shared set (name -> one-line meaning, shown in docs/defaults.md)
SHARED: dict[str, dict[str, str]] = {
    "collection": {
        "use_all": "false turns every collection of the file off (use_<key>: true turns one back on)",
        "collection_mode": "collection_mode of every collection (default, hide, hide_items, show_items)",
        "collection_section": "the section number in the sort titles, placing this file's collections",
        "sort_prefix": "the text sort titles start with (default '!')",
        "sort_title": "the sort title of every collection (may use <<collection_name>> and <<order>>)",
        "minimum_items": "minimum_items of every collection",
        "delete_collections_named": "collections (by name) to delete when this file runs",
        "ignore_ids": "TMDb (movies) / TVDb (shows) ids, a list or comma-separated, no collection of the file takes",
        "ignore_imdb_ids": "IMDb ids, a list or comma-separated, no collection of the file takes",
        "name_mapping": "the asset folder name of every collection (may use <<title>>, and <<key_name>> in dynamic defaults; default: its name)",
        "schedule": "the schedule of every collection of the file",
        "sync_mode": "sync_mode of every collection (append or sync)",
        "visible_home": "visible_home of every collection",
        "visible_shared": "visible_shared of every collection",
        "visible_library": "visible_library of every collection",
        "hub_priority": "hub_priority of every collection (their hubs' place, lowest first)",
        "url_poster": "url_poster of every collection",
        "file_poster": "file_poster of every collection",
        "url_background": "url_background of every collection",
        "file_background": "file_background of every collection",
        "radarr_add_missing": "radarr_add_missing of every collection",
        "radarr_folder": "radarr_folder of every collection",
        "radarr_tag": "radarr_tag of every collection",
        "radarr_search": "radarr_search of every collection",
        "radarr_monitor_existing": "radarr_monitor_existing of every collection",
        "radarr_upgrade_existing": "radarr_upgrade_existing of every collection",
        "item_radarr_tag": "item_radarr_tag of every collection",
        "sonarr_add_missing": "sonarr_add_missing of every collection",
        "sonarr_folder": "sonarr_folder of every collection",
        "sonarr_tag": "sonarr_tag of every collection",
        "sonarr_search": "sonarr_search of every collection",
        "sonarr_monitor_existing": "sonarr_monitor_existing of every collection",
        "sonarr_upgrade_existing": "sonarr_upgrade_existing of every collection",
        "item_sonarr_tag": "item_sonarr_tag of every collection",
        "language": "the language of names and summaries (default: English; only English is written so far)",
    },
    "overlay": {
        "horizontal_align": "horizontal_align of every overlay",
        "horizontal_offset": "horizontal_offset of every overlay",
        "vertical_align": "vertical_align of every overlay",
        "vertical_offset": "vertical_offset of every overlay",
        "back_align": "back_align of every overlay",
        "back_color": "back_color of every overlay",
        "back_width": "back_width of every overlay",
        "back_height": "back_height of every overlay",
        "back_padding": "back_padding of every overlay",
        "back_radius": "back_radius of every overlay",
        "back_line_color": "back_line_color of every overlay",
        "back_line_width": "back_line_width of every overlay",
        "font": "font of every text overlay",
        "font_size": "font_size of every text overlay",
        "font_color": "font_color of every text overlay",
        "font_style": "font_style of every text overlay",
        "stroke_color": "stroke_color of every text overlay",
        "stroke_width": "stroke_width of every text overlay",
        "file": "a local image for every overlay",
        "url": "an image URL for every overlay",
        "git": "an image in the community repository for every overlay",
        "repo": "an image under settings: custom_repo for every overlay",
        "use_all": "false turns every overlay of the file off",
        "builder_level": "the level the overlays apply to (show, season, episode)",
    },
    "playlist": {
        "use_all": "false turns every playlist of the file off",
        "sync_to_users": "the users each playlist is synced to",
        "exclude_users": "users each playlist is not synced to",
        "delete_playlist": "true deletes every playlist of the file",
        "schedule": "the schedule of every playlist",
        "libraries": "the libraries every playlist draws from",
        "sync_mode": "sync_mode of every playlist",
        "radarr_add_missing": "send every playlist's movies the movie libraries lack to Radarr",
        "radarr_folder": "Radarr's root folder for every playlist's additions",
        "radarr_tag": "Radarr tags of every playlist's additions",
        "item_radarr_tag": "Radarr tags put on every playlist's movies Radarr has",
        "sonarr_add_missing": "send every playlist's series the show libraries lack to Sonarr",
        "sonarr_folder": "Sonarr's root folder for every playlist's additions",
        "sonarr_tag": "Sonarr tags of every playlist's additions",
        "item_sonarr_tag": "Sonarr tags put on every playlist's series Sonarr has",
    },
    "none": {},
}

#: per-key prefixes of each shared set: ``<prefix>_<key>`` (prefix -> one-line meaning)
PER_KEY: dict[str, dict[str, str]] = {
    "collection": {
        "use": "false turns the key's collection off",
        "name": "the key's collection name",
        "order": "the key's place in the section (its sort title)",
        "summary": "the key's collection summary",
        "sort_title": "the key's collection sort title",
        "minimum_items": "minimum_items of the key's collection",
        "schedule": "the schedule of the key's collection",
        "sync_mode": "sync_mode of the key's collection",
        "collection_mode": "collection_mode of the key's collection",
        "visible_home": "visible_home of the key's collection",
        "visible_shared": "visible_shared of the key's collection",
        "visible_library": "visible_library of the key's collection",
        "hub_priority": "hub_priority of the key's collection",
        "url_poster": "url_poster of the key's collection",
        "file_poster": "file_poster of the key's collection",
        "url_background": "url_background of the key's collection",
        "file_background": "file_background of the key's collection",
        "radarr_add_missing": "radarr_add_missing of the key's collection",
        "radarr_folder": "radarr_folder of the key's collection",
        "radarr_tag": "radarr_tag of the key's collection",
        "radarr_search": "radarr_search of the key's collection",
        "radarr_monitor_existing": "radarr_monitor_existing of the key's collection",
        "radarr_upgrade_existing": "radarr_upgrade_existing of the key's collection",
        "item_radarr_tag": "item_radarr_tag of the key's collection",
        "sonarr_add_missing": "sonarr_add_missing of the key's collection",
        "sonarr_folder": "sonarr_folder of the key's collection",
        "sonarr_tag": "sonarr_tag of the key's collection",
        "sonarr_search": "sonarr_search of the key's collection",
        "sonarr_monitor_existing": "sonarr_monitor_existing of the key's collection",
        "sonarr_upgrade_existing": "sonarr_upgrade_existing of the key's collection",
        "item_sonarr_tag": "item_sonarr_tag of the key's collection",
    },
    "overlay": {
        "use": "false turns the key's overlay off",
        "file": "a local image for the key's overlay",
        "url": "an image URL for the key's overlay",
        "git": "an image in the community repository for the key's overlay",
        "repo": "an image under settings: custom_repo for the key's overlay",
        "weight": "the key's overlay weight (which of a group wins)",
        "font": "font of the key's text overlay",
        "font_size": "font_size of the key's text overlay",
        "font_color": "font_color of the key's text overlay",
        "font_style": "font_style of the key's text overlay",
        "stroke_color": "stroke_color of the key's text overlay",
        "stroke_width": "stroke_width of the key's text overlay",
    },
    "playlist": {
        "use": "false turns the key's playlist off",
        "name": "the key's playlist name",
        "summary": "the key's playlist summary",
        "sync_to_users": "the users the key's playlist is synced to",
        "exclude_users": "users the key's playlist is not synced to",
        "delete_playlist": "true deletes the key's playlist",
        "schedule": "the schedule of the key's playlist",
        "libraries": "the libraries the key's playlist draws from",
        "sync_mode": "sync_mode of the key's playlist",
        "url_poster": "url_poster of the key's playlist",
        "file_poster": "file_poster of the key's playlist",
        "radarr_add_missing": "radarr_add_missing of the key's playlist",
        "radarr_folder": "radarr_folder of the key's playlist",
        "radarr_tag": "radarr_tag of the key's playlist",
        "item_radarr_tag": "item_radarr_tag of the key's playlist",
        "sonarr_add_missing": "sonarr_add_missing of the key's playlist",
        "sonarr_folder": "sonarr_folder of the key's playlist",
        "sonarr_tag": "sonarr_tag of the key's playlist",
        "item_sonarr_tag": "item_sonarr_tag of the key's playlist",
    },
    "none": {},
}

#: variables every dynamic default (``keys: dynamic``) accepts beyond its shared set: the
#: ``dynamic_collections`` set keys a file block's template_variables override (config/dynamic.py)
DYNAMIC: dict[str, str] = {
    "exclude": "keys to leave out",
    "append_exclude": "keys to leave out beside the file's own exclusions",
    "remove_exclude": "keys the file leaves out that you want back",
    "include": "the only keys to make collections for",
    "append_include": "keys to add to the file's own include list",
    "remove_include": "keys to drop from the file's own include list",
    "addons": "key -> keys merged into it (replaces the file's own addons)",
    "append_addons": "addons beside the file's own",
    "remove_addons": "addons of the file to drop",
    "key_name_override": "key -> the name shown for it",
    "title_override": "key -> the whole collection title",
    "name_format": "the title of each generated collection (with <<key_name>>)",
    "remove_prefix": "prefixes removed from the key names",
    "remove_suffix": "suffixes removed from the key names",
}

#: the separator collection of a default with ``separator: true`` in its default_info
SEPARATOR: dict[str, str] = {
    "use_separator": "false leaves the separator collection out",
    "name_separator": "the separator collection's name",
    "summary_separator": "the separator collection's summary",
    "url_poster_separator": "the separator collection's poster (a URL; default: our own drawn poster)",
    "sep_style": "the style (colours) of the separator's drawn poster: orig (default), amethyst, aqua, blue, "
                 "forest, fuchsia, gold, gray, green, navy, ocean, olive, orchid, pink, plum, purple, red, rust, "
                 "salmon, sand, stb, tan",
    "placeholder_imdb_id": "an item (IMDb id) put in the separator, so Plex shows it as expected",
    "placeholder_tmdb_movie": "a movie (TMDb id) put in the separator (movie libraries)",
    "placeholder_tvdb_show": "a show (TVDb id) put in the separator (show libraries)",
}

#: variables of Kometa's collection defaults this version lists as not done (never ignores): name -> part
NOT_DONE: dict[str, str] = {
    "style": "poster styles (this default draws no styled posters yet)",
}

SETS = tuple(SHARED)


def per_key_names(shared: str, keys: tuple[str, ...]) -> set[str]:
    """Every ``<prefix>_<key>`` name of a shared set for the given keys."""
    return {f"{prefix}_{key}" for prefix in PER_KEY.get(shared, {}) for key in keys}


def matches_per_key(shared: str, name: str) -> bool:
    """``name`` is ``<prefix>_<anything>`` for a per-key prefix of the set (dynamic defaults)."""
    return any(name.startswith(f"{prefix}_") and len(name) > len(prefix) + 1 for prefix in PER_KEY.get(shared, {}))
