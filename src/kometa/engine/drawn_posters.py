"""The posters our defaults draw, in a run: a person poster's TMDb picture is looked up before the
diff (so the fingerprint names the picture), and fetched only when the poster is drawn to be uploaded.

The people defaults (``actor``, ``director``, ``producer``, ``writer``) ask for
``default:person/<style>/tmdb@<offset>/<name>`` (kometa.defaults.posters). :func:`resolve` puts the
address of the person's TMDb profile picture in place of ``tmdb@<offset>`` (the people search's result
with that name, else its first result; with ``tmdb_person_offset`` N > 0 its result N; the answer is cached like any TMDb answer, so a second run asks nothing), or
``none`` when TMDb has no picture or the run has no ``tmdb:`` section (a text poster).
:func:`png` draws it, reading the picture through the client policy.
"""

from __future__ import annotations

import logging
from typing import Any

from kometa.clients.policy import AuthError, ServiceError
from kometa.clients.tmdb import fetch_image, image_url
from kometa.defaults import posters

log = logging.getLogger("kometa")


def resolve(tmdb: Any, poster: tuple[str, str] | None, where: str) -> tuple[str, str] | None:
    """``poster`` with a person poster's picture looked up (other posters come back unchanged). None:
    TMDb could not answer this run, so the poster is left as it is until a run where it can."""
    if poster is None or poster[0] != "file" or not posters.is_reference(poster[1]):
        return poster
    value = poster[1]
    kind, _style, name = posters.parse(value)
    offset = posters.lookup_offset(value) if kind == "person" else None
    if offset is None:
        return poster
    if tmdb is None:
        return ("file", posters.with_photo(value, None))
    try:
        found = tmdb.client().search_people(name)
    except AuthError as exc:
        raise tmdb.refusal(exc) from None
    except ServiceError as exc:
        log.warning("%s: the poster of '%s' is left as it is this run (TMDb: %s)", where, name, exc.detail)
        return None
    wanted = name.casefold()
    if offset:  # tmdb_person_offset: the search's result at the offset (Kometa's)
        match = found[offset] if len(found) > offset else None
    else:
        match = next((p for p in found if str(p.get("name") or "").casefold() == wanted), found[0] if found else None)
    return ("file", posters.with_photo(value, image_url(match.get("profile_path")) if match else None))


def png(value: str) -> bytes:
    """The drawn poster ``value`` as PNG bytes (a person's picture read from TMDb's image host)."""
    return posters.png(value, fetch_image)
