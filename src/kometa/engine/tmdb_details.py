"""Kometa's standalone TMDb detail keys of a collection or playlist: a summary, poster or background
taken from one TMDb object, without building anything from it.

=================== ==================================================== ===================
key                 TMDb object (the value: its id or TMDb URL)          sets
=================== ==================================================== ===================
``tmdb_summary``    a collection, else a movie (movie library); a show   summary (overview)
``tmdb_description`` a list                                               summary (description)
``tmdb_biography``  a person                                             summary (biography)
``tmdb_poster``     as ``tmdb_summary``                                  poster
``tmdb_profile``    a person                                             poster (profile)
``tmdb_list_poster`` a list                                               poster
``tmdb_background`` as ``tmdb_summary``                                  background (backdrop)
=================== ==================================================== ===================

Priority, as Kometa's: ``summary`` > ``tmdb_description`` > ``tmdb_summary`` > ``tmdb_biography``
> ``tmdb_person`` > a ``_details`` builder; ``url_poster`` > ``file_poster`` > ``tmdb_poster`` >
``tmdb_profile`` > ``tmdb_list_poster`` > the asset folder (unless ``prioritize_assets``) > ``tmdb_person`` > ``_details``;
backgrounds alike. Playlists take the summary and poster keys (engine/playlist_poster.py); ``tmdb_background`` is a
collection key there. Every answer comes through the run's TMDb client, so it is cached (and
asked once a run: the client's in-run memo).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kometa.clients.policy import AuthError, NotFound, ServiceError
from kometa.clients.tmdb import TmdbClient, image_url
from kometa.sources.conditions import ConditionError
from kometa.sources.tmdb import parse_ids

#: key -> (what it sets, the TMDb object), in Kometa's priority within each target
KEYS: dict[str, tuple[str, str]] = {
    "tmdb_description": ("summary", "list"),
    "tmdb_summary": ("summary", "item"),
    "tmdb_biography": ("summary", "person"),
    "tmdb_poster": ("url_poster", "item"),
    "tmdb_profile": ("url_poster", "person"),
    "tmdb_list_poster": ("url_poster", "list"),
    "tmdb_background": ("url_background", "item"),
}
_FIELD = {"summary": {"list": "description", "item": "overview", "person": "biography"},
          "url_poster": {"item": "poster_path", "person": "profile_path", "list": "poster_path"},
          "url_background": {"item": "backdrop_path"}}


def asked(data: Mapping[str, Any]) -> list[str]:
    """The standalone TMDb keys ``data`` gives a value, in priority order."""
    return [key for key in KEYS if data.get(key) not in (None, "", [])]


def _object(client: TmdbClient, what: str, ident: int, is_movie: bool) -> dict[str, Any]:
    if what == "list":
        return client.list_info(ident)
    if what == "person":
        return client.person(ident)
    if not is_movie:
        return client.show(ident)
    try:  # Kometa: a TMDb collection first, then a movie
        return client.collection(ident)
    except NotFound:
        return client.movie(ident)


def _noun(what: str, is_movie: bool) -> str:
    return {"list": "list", "person": "person"}.get(what, "collection or movie" if is_movie else "show")


def definition_details(tmdb: Any, data: Mapping[str, Any], is_movie: bool) -> dict[str, str]:
    """``summary`` / ``url_poster`` / ``url_background`` from the definition's standalone TMDb keys
    (the first key in priority with a non-empty answer wins each), through the library's TMDb source
    (None: the run has no TMDb). A bad value or an unknown id is a ConditionError naming the key; no
    ``tmdb:`` section a ServiceError naming it."""
    own = {"summary": ("summary",), "url_poster": ("url_poster", "file_poster"),
           "url_background": ("url_background", "file_background")}
    keys = [k for k in asked(data) if not any(data.get(o) for o in own[KEYS[k][0]])]  # the definition's own win
    if not keys:
        return {}
    if tmdb is None:
        raise ServiceError("TMDb", f"{keys[0]} needs TMDb: the 'tmdb:' section is missing", keys[0])
    idents = {key: parse_ids(key, data[key])[0] for key in keys}  # Kometa takes the first id of the value
    try:
        client = tmdb.client()
    except ServiceError as exc:
        raise ServiceError(exc.service, f"{keys[0]} needs TMDb: {exc.detail}", keys[0]) from None
    out: dict[str, str] = {}
    for key in keys:
        target, what = KEYS[key]
        if target in out:
            continue
        try:
            found = _object(client, what, idents[key], is_movie)
        except NotFound:
            raise ConditionError(f"{key}: TMDb has no {_noun(what, is_movie)} with id {idents[key]}") from None
        except AuthError as exc:
            raise tmdb.refusal(exc) from None
        value = found.get(_FIELD[target][what])
        text = str(value or "") if target == "summary" else image_url(value) or ""
        if text:
            out[target] = text
    return out

