"""Bind a chain's service links (``tmdb``, ``imdb``, ``mdb_*``, ``omdb*``) to this library's data.

Each service's data for the items is fetched (or read from the cache / dataset) once, before the
pure decision; the bound links then answer synchronously. A service that cannot be had (no section,
refused key, down with nothing cached) is an :class:`OpFailure`: one located line, the operation
is not run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kometa.operations.model import FieldSpec, Operation
from kometa.operations.sources import ServiceLink
from kometa.plex.snapshot import Item

#: service -> the config section it needs (for the message when it is missing)
SECTIONS = {"TMDb": "tmdb", "MDBList": "mdblist", "IMDb": "imdb", "TVDb": "tvdb", "OMDb": "omdb", "Trakt": "trakt",
            "MyAnimeList": "mal", "AniDB": "anidb"}


class OpFailure(Exception):
    """An operation that cannot run this time (its service is missing or down): one located line."""


def provider(providers: dict[str, Callable[[], Any] | None], service: str, op: Operation) -> Any:
    from kometa.clients.policy import ServiceError

    make = providers.get(service)
    if make is None:
        section = SECTIONS.get(service, service.lower())
        raise OpFailure(f"{op.where}: {op.key}: {service} sources need the {section}: section of config.yml")
    try:
        return make()
    except ServiceError as exc:
        raise OpFailure(f"{op.where}: {op.key}: {exc}") from None


def bind(providers: dict[str, Callable[[], Any] | None], op: Operation, spec: FieldSpec,
         items: list[Item]) -> tuple[tuple[Any, ...], list[str]]:
    """The chain with its links bound, and notes for the summary row (e.g. MDBList's quota)."""
    from kometa.clients.policy import ServiceError

    links = op.value
    if not any(isinstance(link, ServiceLink) for link in links):
        return tuple(links), []
    bound: list[Any] = []
    notes: list[str] = []
    try:
        for link in links:
            if not isinstance(link, ServiceLink):
                bound.append(link)
            elif link.service == "TMDb":
                from kometa.operations.tmdb_values import EXTRACT, TmdbValue

                details = provider(providers, "TMDb", op)
                if link.name != "tmdb":  # tmdb_digital, ...: a release date of that type
                    from kometa.operations.imdb_values import TableValue
                    from kometa.operations.tmdb_values import release_table
                    bound.append(TableValue(link.name, release_table(details, link.name, items)))
                    continue
                if spec.level == "episode":
                    from kometa.operations.imdb_values import TableValue
                    bound.append(TableValue(link.name, details.episode_table(items)))
                    continue
                details.prefetch(items)
                extract = EXTRACT["studio" if op.key == "mass_studio_update" else spec.kind]
                bound.append(TmdbValue(link.name, extract, details))
            elif link.service in ("MDBList", "OMDb"):
                from kometa.operations import mdb_values, omdb_values
                from kometa.operations.mdb_values import RecordValue

                records = provider(providers, link.service, op)
                records.prefetch(items)
                if records.quota_missed:
                    why = records.client.service.down or f"{link.service} did not answer"
                    notes.append(f"{records.quota_missed} item(s) without {link.service} data: {why}")
                module = mdb_values if link.service == "MDBList" else omdb_values
                bound.append(RecordValue(link.name, module.extractor(link.name, spec.kind), records))
            elif link.service in ("MyAnimeList", "AniDB"):
                from kometa.operations import anime_values
                from kometa.operations.mdb_values import RecordValue

                records = provider(providers, link.service, op)
                records.prefetch(items)
                language = getattr(records.client, "language", "en")
                bound.append(RecordValue(link.name, anime_values.extractor(link.service, link.name, op.key, spec.kind,
                                                                           language), records))
            elif link.service == "Trakt":
                from kometa.operations.imdb_values import TableValue
                from kometa.operations.trakt_values import NotSignedIn

                ratings = provider(providers, "Trakt", op)
                try:
                    bound.append(TableValue(link.name, ratings.table(link.name, spec.level, items)))
                except NotSignedIn:
                    raise OpFailure(f"{op.where}: {op.key}: trakt_user needs the Trakt sign-in (trakt: authorization; "
                                    f"run `kometa auth trakt`)") from None
            elif link.service == "Plex":  # plex_csm / plex_csm0: the Common Sense ages on the items' pages
                from kometa.operations.imdb_values import TableValue

                ages = provider(providers, "Plex", op)
                ages.prefetch(items)
                bound.append(TableValue(link.name, ages.table(link.name)))
            elif link.service == "TVDb":
                from kometa.operations.imdb_values import TableValue

                pages = provider(providers, "TVDb", op)
                pages.prefetch(items)
                bound.append(TableValue(link.name, pages.table(spec.kind)))
            else:
                from kometa.operations.imdb_values import TableValue

                data = provider(providers, "IMDb", op)
                bound.append(TableValue(link.name, data.table(spec.kind, spec.level, items)))
    except ServiceError as exc:
        raise OpFailure(f"{op.where}: {op.key}: {exc}") from None
    return tuple(bound), notes
