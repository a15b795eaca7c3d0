"""Playlists from ``playlist_files`` (spec 6): items gathered from the listed libraries, in builder
order, shows expanded to episodes; the playlist is kept in exactly that order. ``playlist_order:
release`` (ours) puts them on one timeline instead: movies and episodes by release date.

Ownership: only playlists recorded in the ledger (:mod:`kometa.engine.ownership`) are changed or deleted;
a playlist of the same name that we did not create is the user's and is left alone unless the
definition says ``take_ownership: true``.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from kometa.clients.policy import ServiceError
from kometa.config.default_origin import relocate_text
from kometa.core.errors import ConfigError
from kometa.engine.apply import PlaylistWriter, Transport
from kometa.engine.changes import ChangeLog
from kometa.engine.definition_errors import where_of
from kometa.engine.diff import Current, Wanted, plan
from kometa.engine.filters import parse_filters
from kometa.engine.levels import children_of
from kometa.engine.missing_filter import definition_missing
from kometa.engine.notify_hooks import playlist_changed, playlist_deleted
from kometa.engine.ownership import Ledger, LedgerError, create_key
from kometa.engine.playlist_arr import LibraryPart, send_to_apps
from kometa.engine.playlist_checks import attribute_problems, builder_problem, library_problem
from kometa.engine.playlist_poster import PosterError, poster_due, upload, wanted_fingerprint
from kometa.engine.report import ItemRow, load_failure_rows
from kometa.engine.run_listings import log_filter_lines, setting
from kometa.engine.schedule_check import schedule_note, schedule_verdict
from kometa.engine.settings import SettingError, Settings, parse_settings
from kometa.plex.failures import describe
from kometa.plex.levels import level_view
from kometa.plex.snapshot import Item, list_all, rating_keys, read_episodes
from kometa.sources.builders import Builders
from kometa.sources.conditions import ConditionError
from kometa.sources.definitions import Definition, playlist_definitions
from kometa.sources.search import search_level

log = logging.getLogger("kometa")
VALIDATION = "Builder Validation Error"
#: what decides whether a TVDb poster key applies to a playlist (sources/tvdb.py ``_BEFORE``)
_TVDB_POSTER_KEYS = ("url_poster", "file_poster", "tmdb_poster", "tmdb_profile", "tvdb_list_poster", "tvdb_poster")


@dataclass
class PlaylistInfo:
    rating_key: int
    title: str
    guid: str
    summary: str
    smart: bool


class PlaylistError(Exception):
    pass


def _playlists(server: Any) -> list[PlaylistInfo]:
    found = []
    for e in list_all(server, "/playlists"):  # video and audio playlists: one listing
        a = e.attrib
        if "ratingKey" in a:
            found.append(PlaylistInfo(int(a["ratingKey"]), a.get("title", ""), a.get("guid", ""),
                                      a.get("summary", ""), a.get("smart") == "1"))
    return found


def run_playlists(ctx: Any, changes: ChangeLog, ledger: Ledger) -> None:
    from kometa.engine.context import _file_allowed, connect_library, select_definitions

    # a playlist file whose schedule does not match is not loaded (spec 3.6), as for collection files
    refs = tuple(ref for ref in ctx.config.playlist_files if _file_allowed(ref, ctx))
    loaded = playlist_definitions(dataclasses.replace(ctx.config, playlist_files=refs), ctx.options,
                                  load=ctx.documents.load)
    ctx.report.playlists.extend(load_failure_rows(loaded.failures, "playlist"))
    listings: dict[int, list[PlaylistInfo]] = {}
    for definition in select_definitions(ctx, loaded.definitions, resume=False):
        ctx.checkpoint()
        row = ItemRow(definition.name, "playlist")
        started = time.monotonic()
        try:
            _run_playlist(ctx, definition, row, changes, ledger, listings, connect_library)
        except (PlaylistError, ConfigError) as exc:  # a bad value given to one of our defaults: at the user's line
            row.status, row.error = VALIDATION, relocate_text(definition.ref, str(exc))
            log.error("%s", row.error)
        except LedgerError as exc:  # its ownership could not be recorded: it was not created
            row.status, row.error = "Kometa Failure", f"{definition.where}: {exc.message}"
            log.error("Playlist %s failed: %s", definition.name, row.error)
        except ServiceError as exc:  # TMDb filters: TMDb failed or is not configured
            where = where_of(definition, exc.key) if exc.key else definition.where
            row.status, row.error = f"{exc.service} Failure", f"{where}: {exc.detail}"
            log.error("%s", row.error)
        except Exception as exc:
            if type(exc).__name__ == "Interrupted":
                raise
            row.status, row.error = "Kometa Failure", f"{definition.where}: {describe(exc)}"
            log.error("Playlist %s failed: %s", definition.name, row.error, exc_info=ctx.options.debug)
        row.seconds = time.monotonic() - started
        ctx.report.playlists.append(row)
    ledger.save()
    from kometa.engine.save_report import write_logged

    for name, book in ctx.report_books.items():  # the first libraries' reports, with their playlists
        if book.from_playlists:
            write_logged(book, ctx.options.dry_run, f"{ctx.config.libraries[name].library_name} (playlists)",
                         changes.say)


def _report_book(ctx: Any, library_name: str, connect: Any) -> Any:
    """The playlist's report book: its first library's this run (Kometa writes a playlist's entry in
    that library's report), made when the library's collections did not run."""
    from kometa.engine.save_report import book_for

    if library_name not in ctx.report_books:
        library = ctx.config.libraries[library_name]
        _, snapshot = connect(ctx, library)
        ctx.report_books[library_name] = book_for(library.settings, library.node, ctx.config.directory,
                                                  library.mapping_name, snapshot.item_type)
    return ctx.report_books[library_name]


def _settings(ctx: Any, definition: Definition) -> Settings:
    data = definition.data
    wrong = attribute_problems(definition)  # collection_mode, label, ... (spec 6; Kometa's error too)
    for extra in wrong[1:]:
        log.error("%s", extra)
    if wrong:
        raise PlaylistError(wrong[0])
    name = str(data.get("name") or data.get("playlist_name") or definition.name)
    try:
        s = parse_settings(name, data, ctx.config.settings, kind="playlist")
    except SettingError as exc:
        raise PlaylistError(f"{where_of(definition, str(exc))}: {exc}") from None
    from kometa.config.unbuilt import attribute_lines

    for line in attribute_lines(s.not_applied, data, definition.where_of, name):
        ctx.report.not_done.append(line)
        log.error("%s", line)
    for key, what in (("run_again", "only collections run again"), ("hub_priority", "a playlist has no hub")):
        if data.get(key) not in (None, False):  # Kometa reads them in a playlist and does nothing with them
            log.warning("%s: %s: %s (as in Kometa); ignored in a playlist", where_of(definition, key), key, what)
    problem = library_problem(definition, s.libraries, ctx.config.libraries)
    if problem is not None:
        raise PlaylistError(problem)
    problem = builder_problem(definition)
    if problem is not None:
        raise PlaylistError(problem)
    return s


def _person_day(ctx: Any, definition: Definition, snapshot: Any) -> str | None:
    """tmdb_birthday / tmdb_deathday: why the playlist does not run today (engine/tmdb_person.py)."""
    from kometa.engine.tmdb_person import DAY_KEYS, person_day_skip
    from kometa.sources.tmdb import TmdbSource

    if not any(definition.data.get(k) is not None for k in DAY_KEYS):
        return None
    tmdb = TmdbSource(ctx.online.tmdb, snapshot, ctx.online.refused) if ctx.online is not None else None
    try:
        return person_day_skip(tmdb, definition.data, ctx.moment.date())
    except ConditionError as exc:
        raise PlaylistError(f"{where_of(definition, str(exc))}: {exc}") from None


def _tmdb_details(ctx: Any, snapshot: Any) -> Any:
    """The TMDb details (and TVDb pages) a playlist's online filters read (the run's clients: answers
    are cached)."""
    from kometa.engine.tmdb_filters import TmdbItemDetails
    from kometa.sources.tmdb import TmdbSource
    from kometa.sources.tvdb import TvdbSource

    if ctx.online is None:
        return None
    return TmdbItemDetails(TmdbSource(ctx.online.tmdb, snapshot, ctx.online.refused),
                           TvdbSource(ctx.online.tvdb, snapshot))


@dataclass
class Gathered:
    """What a playlist's builders found, for its report: items filters took out and titles the
    libraries lack (online builders)."""

    filtered: list[Item] = dataclasses.field(default_factory=list)
    missing_ids: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    missing: list[str] = dataclasses.field(default_factory=list)
    per_library: list[Any] = dataclasses.field(default_factory=list)  # engine.playlist_arr.LibraryPart


def _gather(ctx: Any, definition: Definition, s: Settings, connect: Any,
            gathered: Gathered | None = None) -> tuple[Any, list[Item]]:
    from kometa.engine.context import library_sources
    from kometa.engine.ignore_ids import IgnoreIdsError, ignored_for, keep_items
    from kometa.engine.online import fill_details
    from kometa.engine.tmdb_details import definition_details
    from kometa.engine.tmdb_person import definition_people
    from kometa.plex.credits import credits_reader

    server = None
    items: list[Item] = []
    kinds: set[str] = set()
    for index, name in enumerate(s.libraries):
        lib_server, snapshot = connect(ctx, ctx.config.libraries[name])
        if server is not None and lib_server is not server:
            raise PlaylistError(f"{definition.where}: libraries of one playlist must be on the same Plex server")
        server = lib_server
        try:
            sources = library_sources(ctx, ctx.config.libraries[name], snapshot)
            builders = Builders(snapshot, ctx.moment, None, **sources, show_options=setting(
                {}, ctx.config.libraries[name].settings, "show_options"))
            if index == 0:  # tmdb_/tvdb_ summary/description/biography: for the first library's kind (Kometa)
                from kometa.sources.tvdb import definition_details as tvdb_details
                is_movie = snapshot.library_type == "movie"
                summaries = {k: v for k, v in definition.data.items()
                             if k in ("summary", "tmdb_description", "tmdb_summary", "tvdb_summary", "tvdb_description",
                                      "letterboxd_description", "trakt_description", "icheckmovies_description")}
                fill_details(s, tvdb_details(builders.sources.get("tvdb"), summaries, is_movie))
                from kometa.engine.description_keys import description_details
                fill_details(s, description_details(definition.data, builders.sources.get("letterboxd"),
                                                    sources["trakt"], builders.sources.get("icheckmovies")))
                fill_details(s, {k: v for k, v in definition_details(sources["tmdb"], definition.data, is_movie).items()
                                 if k in ("summary", "url_poster")})
                # TVDb's posters after TMDb's (Kometa's order: url, file, tmdb_poster, tmdb_profile,
                # tmdb_list_poster, tvdb_list_poster, tvdb_poster); a playlist takes no background
                posters = {k: v for k, v in definition.data.items() if k in _TVDB_POSTER_KEYS and s.poster is None}
                fill_details(s, {k: v for k, v in tvdb_details(builders.sources.get("tvdb"), posters, is_movie).items()
                                 if k == "url_poster"})
            data, person = definition_people(sources["tmdb"], definition.data)  # tmdb_person: its names (Kometa)
            if index == 0:  # and the first person's biography and picture, after the tmdb_* keys (Kometa)
                fill_details(s, person)
            if len(s.libraries) > 1 or _mixed(data):
                data = _for_kind(data, snapshot.item_type)
                if data is None:  # only builders of the other kind: nothing from this library
                    continue
            level = search_level(data, snapshot.library_type)  # type: episodes -> a search of the episodes
            if level is not None:
                snapshot = level_view(lib_server, snapshot, level)
                builders = Builders(snapshot, ctx.moment, _searcher(lib_server, snapshot.section_id), **sources,
                                    show_options=builders.parser.show_options)
            built = builders.build(s.name, data)
            ignored = ignored_for(ctx.config.libraries[name].settings, definition.data)
            if ignored:
                built.items = keep_items(snapshot, built.items, ignored)
            found = builders.items(built.items)
            filters = parse_filters(definition.data.get("filters"), snapshot.item_type, ctx.moment,
                                    default_percent=definition.data.get("default_percent"))
        except (ConditionError, IgnoreIdsError) as exc:
            raise PlaylistError(f"{where_of(definition, str(exc))}: {exc}") from None
        lib_settings = ctx.config.libraries[name].settings
        definition_missing(built, filters, sources["tmdb"], ctx.moment, snapshot.library_type == "movie",
                           definition.data, lib_settings, f"{snapshot.section_title} | Playlist {s.name}")
        if gathered is not None:
            gathered.missing_ids += built.missing_ids
            gathered.missing += built.missing
        if filters is not None and not setting(definition.data, lib_settings, "only_filter_missing"):
            unfiltered = found
            try:
                found = filters.apply(found, ctx.moment, tmdb=_tmdb_details(ctx, snapshot) if filters.tmdb else None,
                                      children=children_of(server, snapshot), credits=credits_reader(server))
            except ConditionError as exc:  # a filter playlists cannot evaluate (audio_language, ...)
                raise PlaylistError(f"{definition.where}: {exc}") from None
            log_filter_lines(f"{snapshot.section_title} | Playlist {s.name}", definition.data, lib_settings,
                             [i.rating_key for i in unfiltered], [i.rating_key for i in found],
                             {i.rating_key: i.title for i in unfiltered}.__getitem__)
            if gathered is not None and len(found) < len(unfiltered):
                kept = {i.rating_key for i in found}
                gathered.filtered += [i for i in unfiltered if i.rating_key not in kept]
        if gathered is not None:  # for Radarr/Sonarr (engine/playlist_arr.py)
            gathered.per_library.append(LibraryPart(name, snapshot.item_type, data, built.missing_ids, found))
        if snapshot.item_type == "show":
            episodes = read_episodes(server, snapshot)
            found = [e for show in found for e in episodes.get(show.rating_key, [])]
        elif snapshot.item_type == "artist":  # an artist stands for its tracks (one listing per run)
            tracks = level_view(server, snapshot, "track")
            found = [tracks.items[k] for k in tracks.expand([i.rating_key for i in found])]
        kinds.add("audio" if snapshot.item_type == "artist" else "video")
        if len(kinds) > 1:
            raise PlaylistError(f"{definition.where}: a playlist holds either video or music; libraries "
                                f"{', '.join(s.libraries)} mix them (Plex keeps audio and video playlists apart)")
        items.extend(found)
    if _release_order(definition):  # movies and episodes on one timeline; stable: ties keep builder order
        items.sort(key=lambda i: (i.get("release") is None, i.get("release") or date.max))
    return server, items


def _release_order(definition: Definition) -> bool:
    """``playlist_order: release`` (ours: oldest release first, across libraries) or ``custom``
    (the default: the builders' order, library by library)."""
    value = definition.data.get("playlist_order", "custom")
    text = str(value).strip().lower()
    if text not in ("custom", "release"):
        raise PlaylistError(f"{where_of(definition, 'playlist_order')}: playlist_order '{value}' is not one of "
                            f"custom (the builders' order), release (oldest release first)")
    return text == "release"


def _mixed(data: Any) -> bool:
    """Builders of movies and of shows in one playlist (e.g. the ``playlist`` default, which may be
    given one library): each library keeps the builders of its kind, as over several libraries."""
    from kometa.sources.tmdb import MOVIE_ONLY, SHOW_ONLY

    names = {str(k).removesuffix("_details") for k in data}
    return bool(names & MOVIE_ONLY) and bool(names & SHOW_ONLY)


def _searcher(server: Any, section_id: int) -> Any:
    """Plex answers a level's searches (a season/episode search is never local)."""
    return lambda query: rating_keys(list_all(server, f"/library/sections/{section_id}/all?{query}"))


def _for_kind(data: Any, item_type: str) -> Any:
    """A playlist over several libraries: TMDb's movie-only builders (``tmdb_movie``,
    ``tmdb_collection``, ...) find nothing in a show library and the show-only ones nothing in a
    movie library (as Kometa, which keeps from each builder what each library holds). None: every
    builder was of the other kind."""
    from kometa.sources.registry import BUILDERS, ONLINE_BUILDERS, SEARCH_SHORTCUTS
    from kometa.sources.tmdb import MOVIE_ONLY, SHOW_ONLY

    other = SHOW_ONLY if item_type == "movie" else MOVIE_ONLY if item_type == "show" else set()
    if not any(str(k).removesuffix("_details") in other for k in data):
        return data
    kept = {k: v for k, v in data.items() if str(k).removesuffix("_details") not in other}
    builders = BUILDERS | ONLINE_BUILDERS | SEARCH_SHORTCUTS
    return kept if any(str(k).split(".")[0] in builders for k in kept) else None


@dataclass
class Target:
    """Whose copy of the playlist a run keeps: the admin's (``user`` None) or a shared user's."""

    server: Any
    user: str | None = None  # None: the admin
    delete: bool = False  # the admin in exclude_users: their copy goes (Kometa)

    @property
    def label(self) -> str:
        return "Playlists" if self.user is None else f"Playlists ({self.user})"


def _user_list(value: Any, key: str, definition: Definition) -> list[str] | str:
    if value is None or value is False or (isinstance(value, str) and not value.strip()):
        return []
    if isinstance(value, str) and value.strip().lower() == "all":
        return "all"
    raw = value if isinstance(value, list) else str(value).split(",")
    if not all(isinstance(v, str | int) and not isinstance(v, bool) for v in raw):
        raise PlaylistError(f"{where_of(definition, key)}: {key} must be all, a user or a list of users, got {value!r}")
    return [str(v).strip() for v in raw if str(v).strip()]


def _targets(ctx: Any, definition: Definition, s: Settings, server: Any) -> list[Target]:
    """The admin's copy plus one per user of ``sync_to_users`` (the definition's, else the setting
    ``playlist_sync_to_users``) not in ``exclude_users`` (else ``playlist_exclude_users``)."""
    data, settings = definition.data, ctx.config.settings
    sync_key = next((k for k in ("sync_to_users", "sync_to_user") if k in data), None)
    exclude_key = next((k for k in ("exclude_users", "exclude_user") if k in data), None)
    sync = _user_list(data[sync_key] if sync_key else settings.get("playlist_sync_to_users"),
                      sync_key or "playlist_sync_to_users", definition)
    exclude = _user_list(data[exclude_key] if exclude_key else settings.get("playlist_exclude_users"),
                         exclude_key or "playlist_exclude_users", definition)
    if exclude == "all":
        raise PlaylistError(f"{where_of(definition, exclude_key or 'exclude_users')}: exclude_users takes users, "
                            f"not all")
    if not sync and not exclude:
        return [Target(server)]
    from kometa.plex.plextv import PlexTvError, server_users

    cache = ctx.plex_users
    if id(server) not in cache:
        try:
            cache[id(server)] = server_users(server)
        except PlexTvError as exc:
            if sync_key or exclude_key:  # the definition names users: it cannot be done without them
                raise PlaylistError(f"{where_of(definition, sync_key or exclude_key or '')}: {exc}") from None
            cache[id(server)] = exc  # the settings' default: said once, the admin's copies are still kept
            log.warning("settings: playlist_sync_to_users / playlist_exclude_users: %s; playlists are kept "
                        "for the server's admin only this run", exc)
    users = cache[id(server)]
    if isinstance(users, Exception):
        return [Target(server)]
    known = {name.lower(): name for name in users.names()}
    for name in [*(sync if isinstance(sync, list) else []), *exclude]:
        if name.lower() not in known:
            key = sync_key or "playlist_sync_to_users" if name not in exclude else exclude_key or "playlist_exclude_users"
            raise PlaylistError(f"{where_of(definition, key)}: user '{name}' is not a user of this Plex server "
                                f"(it has: {', '.join(users.names())})")
    excluded = {n.lower() for n in exclude}
    wanted = [u for u in users.shared if (sync == "all" or u.title.lower() in {n.lower() for n in sync})
              and u.title.lower() not in excluded]
    targets = [Target(server, delete=users.admin.lower() in excluded)]
    for user in wanted:
        if not user.token:
            raise PlaylistError(f"{definition.where}: plex.tv gave no access token for user '{user.title}' on this "
                                f"server; share the server with them again")
        plex = dataclasses.replace(ctx.config.libraries[s.libraries[0]].plex or ctx.config.plex, token=user.token)
        targets.append(Target(ctx.servers.get(plex), user.title))
    return targets


def _run_playlist(ctx: Any, definition: Definition, row: ItemRow, changes: ChangeLog, ledger: Ledger,
                  listings: dict[int, list[PlaylistInfo]], connect: Any) -> None:
    s = _settings(ctx, definition)
    row.name = s.name
    if s.run_definition is False:  # run_definition: false (our defaults' use_<key>: false)
        row.status = "Skipped Run Definition"
        return
    server, _ = connect(ctx, ctx.config.libraries[s.libraries[0]])
    targets = _targets(ctx, definition, s, server)
    gathered: list[Any] = []
    found = Gathered()  # what the builders found, when no report asks (sync_missing_to_trakt_list)

    def gather(report: Gathered | None = None) -> tuple[Any, list[Item]]:
        if not gathered:  # once for every copy: the admin's (first) gathers what its report needs
            gathered.append(_gather(ctx, definition, s, connect, report or found))
            gathered.append(report or found)
        return gathered[0]  # type: ignore[no-any-return]

    outcomes = []
    for target in targets:
        copy = ItemRow(s.name, "playlist") if target.user is not None else row
        _run_copy(ctx, definition, s, target, copy, changes, ledger, listings, gather, connect)
        if target.user is not None:
            outcomes.append(f"{target.user}: {copy.status}")
            if copy.error and not row.error:
                row.error = copy.error
    if outcomes:
        row.note = "; ".join(filter(None, [row.note, "users: " + ", ".join(outcomes)]))
    if gathered and not row.error:
        send_to_apps(ctx, definition, s.name, gathered[1].per_library, row)
    if s.trakt_list is not None and gathered and not row.error:
        from kometa.engine.trakt_sync import sync_playlist

        items = gathered[0][1][: s.limit] if s.limit is not None else gathered[0][1]
        sync_playlist(ctx, s.trakt_list, items, gathered[1].missing_ids if s.trakt_missing else [], row,
                      changes.say, where_of(definition, "sync_to_trakt_list"))


def _run_copy(ctx: Any, definition: Definition, s: Settings, target: Target, row: ItemRow, changes: ChangeLog,
              ledger: Ledger, listings: dict[int, list[PlaylistInfo]], gather: Any, connect: Any) -> None:
    """One copy of the playlist (the admin's or a user's), kept exactly as the definition says."""
    server = target.server
    if id(server) not in listings:
        listings[id(server)] = _playlists(server)
    machine = server.machineIdentifier
    same = [p for p in listings[id(server)] if p.title.lower() == s.name.lower()]
    owned = [p for p in same if ledger.owns_playlist(machine, p.guid)]
    intent = create_key("playlist", None if target.user is None else f"user:{target.user.lower()}", s.name)
    if not owned and ledger.intended(machine, intent) and len(same) == 1 and not ctx.options.dry_run:
        log.warning("Playlist %s: the last run created it but stopped before recording it; adopting it", s.name)
        ledger.record_playlist(machine, same[0].guid, same[0].title)
        ledger.created(machine, intent)
        owned = same
    existing = next(iter(owned or same), None)
    is_owned = existing is None or bool(owned) or s.take_ownership
    writer = PlaylistWriter(Transport(server), machine)
    where = target.label
    verdict = schedule_verdict(s.schedule, ctx, definition, level="playlist", skip=bool(ctx.options.run_collections))
    day_note = _person_day(ctx, definition, connect(ctx, ctx.config.libraries[s.libraries[0]])[1]) \
        if verdict == "scheduled" else None  # tmdb_birthday/_deathday
    if day_note is not None:
        verdict = "not scheduled"
    delete = s.delete_playlist or target.delete
    if delete or verdict == "not scheduled" or (verdict == "non-existing" and existing):
        if verdict != "scheduled" and not delete:
            row.status = "Not Scheduled"
            row.note = day_note or schedule_note(s.schedule, definition)
        # non_existing (the playlist exists) only skips; deleting would recreate it next run (spec 3.5)
        why = "delete_playlist" if s.delete_playlist else "exclude_users" if target.delete else "not scheduled"
        if existing is not None and is_owned and (delete or (s.delete_not_scheduled and verdict == "not scheduled")):
            changes.delete(where, "Playlist", existing.title, why)
            if not ctx.options.dry_run:
                writer.delete(existing.rating_key)
                ledger.forget_playlist(machine, existing.guid)
                playlist_deleted(ctx, server, existing.title, why)
            row.status = "Deleted" if delete else "Deleted Not Scheduled"
        elif delete:
            row.status = "Unchanged"
        return
    if existing is not None and not is_owned:
        row.status = "Unmanaged Playlist"
        row.error = (f"{definition.where}: a playlist named '{s.name}' exists"
                     f"{'' if target.user is None else ' for user ' + repr(target.user)} and was not created by "
                     f"this tool; left untouched. Rename the definition or add take_ownership: true to manage it")
        log.warning("%s", row.error)
        return
    if existing is not None and not owned and not ctx.options.dry_run:
        ledger.record_playlist(machine, existing.guid, existing.title)  # take_ownership: ours from now on
    gathered: Gathered | None = None
    reporting = False
    if target.user is None:  # the report follows the admin's copy (each user's has the same items)
        book = _report_book(ctx, s.libraries[0], connect)
        reporting = book.wants(definition.data)
        book.from_playlists = book.from_playlists or reporting
        gathered = Gathered() if reporting else None
    _, items = gather(gathered)
    if gathered is not None and (gathered.missing or gathered.missing_ids):
        book.add_missing(s.name, gathered.missing_ids, gathered.missing)
    if gathered is not None and gathered.filtered:
        book.add_items(s.name, "Filtered", gathered.filtered)
    if s.limit is not None:
        items = items[: s.limit]
    titles = {i.rating_key: i.title for i in items}
    keys = list(dict.fromkeys(i.rating_key for i in items))
    entries: list[tuple[int, int]] = []  # (rating key, playlistItemID)
    entry_titles: dict[int, str] = {}
    if existing is not None:
        for e in list_all(server, f"/playlists/{existing.rating_key}/items"):
            if "ratingKey" in e.attrib:
                entries.append((int(e.attrib["ratingKey"]), int(e.attrib.get("playlistItemID", 0))))
                entry_titles[entries[-1][0]] = e.attrib.get("title", "")
    members = tuple(dict.fromkeys(k for k, _ in entries))
    duplicates = [pid for index, (k, pid) in enumerate(entries) if k in {x for x, _ in entries[:index]}]
    current = Current(existing.rating_key if existing else None, members=members,
                      summary=existing.summary if existing else "")
    p = plan(current, Wanted(s.name, tuple(keys), sync=s.sync, minimum=s.minimum, arrange=True, summary=s.summary))
    row.added, row.removed, row.unchanged = len(p.add), len(p.remove) + len(duplicates), len(p.keep)
    if reporting and not p.below_minimum:
        known = {i.rating_key: i for i in items}
        book.add_items(s.name, "Added", (known[k] for k in p.add if k in known))
        if p.remove:
            book.add(s.name, "Removed", ((entry_titles.get(k) or str(k), None) for k in p.remove))
    if not keys and existing is None:
        row.status, row.note = "Ignored", f"{definition.where}: the builders found no items"
        log.warning("%s", row.note)
        return
    if p.below_minimum:
        row.status, row.added, row.removed = f"Minimum {s.minimum} Not Met", 0, 0
        return
    try:
        poster_fp = wanted_fingerprint(s.poster, ctx.config.directory)
    except PosterError as exc:
        raise PlaylistError(f"{where_of(definition, 'file_poster')}: {exc}") from None
    poster = poster_due(ledger, machine, existing.rating_key if existing else None, poster_fp)
    row.status = "Created" if p.create else "Modified" if (p.add or p.remove or p.moves or duplicates) else \
        "Updated Metadata" if p.fields or poster else "Unchanged"

    def upload_poster(rating_key: int) -> None:
        if poster and s.poster is not None and poster_fp is not None:
            upload(Transport(server), ledger, machine, rating_key, s.poster, poster_fp, ctx.config.directory,
                   changes.say, f"{where} | Playlist {s.name}", ctx.options.dry_run)

    if not (p.writes or duplicates):
        if existing is not None:
            upload_poster(existing.rating_key)
        return
    changes.plan(where, "Playlist", p, lambda k: titles.get(k, str(k)))
    if ctx.options.dry_run:
        upload_poster(existing.rating_key if existing else 0)  # says it only
        return
    if p.create:
        ledger.intend_create(machine, intent, s.name)  # on disk first: it cannot be created and forgotten
        rating_key, guid = writer.create(s.name, p.add, "audio" if items and items[0].type == "track" else "video")
        ledger.record_playlist(machine, guid, s.name)  # ours from the first request on, whatever fails next
        ledger.created(machine, intent)
        writer.finish_create(rating_key, p.add, s.summary)
        upload_poster(rating_key)
        playlist_changed(ctx, definition, server, p, titles, s.poster)
        return
    assert existing is not None
    piid: dict[int, int] = {}
    for k, pid in entries:  # an item listed twice: its first entry stays, the others are duplicates
        piid.setdefault(k, pid)
    writer.remove(existing.rating_key, [piid[k] for k in p.remove] + duplicates)
    writer.add(existing.rating_key, p.add)
    if p.fields:
        writer.edit(existing.rating_key, p.fields)
    if p.moves:
        if p.add:  # new entries' playlistItemIDs are only known after a re-read
            piid = {}
            for e in list_all(server, f"/playlists/{existing.rating_key}/items"):
                if "ratingKey" in e.attrib:
                    piid.setdefault(int(e.attrib["ratingKey"]), int(e.attrib["playlistItemID"]))
        for key, after in p.moves:
            writer.move(existing.rating_key, piid[key], piid[after] if after is not None else None)
    upload_poster(existing.rating_key)
    playlist_changed(ctx, definition, server, p, titles, s.poster)
