"""IMDb's non-commercial datasets and parents guide as metasim gives them.

The datasets (``https://datasets.imdbws.com/``; metasim: ``GET /imdb/datasets/<name>``) are gzipped,
tab-separated, UTF-8, with a header line and ``\\N`` for a missing value, as IMDb documents them:

* ``title.ratings.tsv.gz``: ``tconst averageRating numVotes`` for every rated title and episode;
* ``title.basics.tsv.gz``: ``tconst titleType primaryTitle originalTitle isAdult startYear
  endYear runtimeMinutes genres`` (genres comma-separated, IMDb's names);
* ``title.episode.tsv.gz``: ``tconst parentTconst seasonNumber episodeNumber``.

Episodes get IMDb ids metasim derives from the show and the episode's place (``tt4…``, never one
of a title's); an episode's rating is its show's moved by a deterministic -1.0..+1.0.

The parents guide is the GraphQL ``titles(ids: [...]) { id parentsGuide { categories { category {
text } severity { text } } } } }`` query: IMDb's five categories with a severity of None/Mild/
Moderate/Severe; one title in ten has no guide (empty ``categories``).
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..model import Title, derive, rng_for
from .graphql import genres, rating, votes

if TYPE_CHECKING:
    from ..app import Meta

CATEGORIES = ("Sex & Nudity", "Violence & Gore", "Profanity", "Alcohol, Drugs & Smoking",
              "Frightening & Intense Scenes")
SEVERITIES = ("None", "Mild", "Moderate", "Severe")
NONE = "\\N"
NAMES = ("title.ratings.tsv.gz", "title.basics.tsv.gz", "title.episode.tsv.gz")


def episode_id(title: Title, season: int, episode: int) -> str:
    return title.episode_imdb_id(season, episode)


def episode_rating(seed: int, title: Title, season: int, episode: int) -> float:
    shift = (derive(seed, "imdb-episode", title.tmdb_id, season, episode) % 201 - 100) / 100
    return round(min(10.0, max(1.0, rating(seed, title) + shift)), 1)


def _episodes(title: Title) -> Iterator[tuple[int, int]]:
    for season in title.seasons:
        for e in range(1, season.episode_count + 1):
            yield season.season_number, e


def _rows(meta: Meta, name: str) -> Iterator[str]:
    seed = meta.world.seed
    titles = [t for t in meta.world.titles if t.imdb_id and not t.synthetic]
    if name == "title.ratings.tsv.gz":
        yield "tconst\taverageRating\tnumVotes"
        for t in titles:
            if votes(t):
                yield f"{t.imdb_id}\t{rating(seed, t)}\t{votes(t)}"
            for s, e in _episodes(t):
                yield f"{episode_id(t, s, e)}\t{episode_rating(seed, t, s, e)}\t{max(5, votes(t) // 50)}"
    elif name == "title.basics.tsv.gz":
        yield "tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\truntimeMinutes\tgenres"
        for t in titles:
            kind = "movie" if t.kind == "movie" else "tvSeries"
            names = ",".join(genres(t)) or NONE
            yield "\t".join((str(t.imdb_id), kind, t.title, t.original_title, "0", str(t.year or NONE), NONE,
                             str(t.runtime or NONE), names))
            for s, e in _episodes(t):
                yield "\t".join((episode_id(t, s, e), "tvEpisode", f"Episode #{s}.{e}", f"Episode #{s}.{e}", "0",
                                 NONE, NONE, NONE, names))
    else:
        yield "tconst\tparentTconst\tseasonNumber\tepisodeNumber"
        for t in titles:
            for s, e in _episodes(t):
                yield f"{episode_id(t, s, e)}\t{t.imdb_id}\t{s}\t{e}"


def dataset(meta: Meta, name: str) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as out:
        for line in _rows(meta, name):
            out.write(line.encode("utf-8") + b"\n")
    return buffer.getvalue()


def parents_guides(meta: Meta, ids: list[str]) -> dict[str, Any]:
    """``titles(ids: [...]) { id parentsGuide {...} }``: the known titles, in the order asked (at
    most 250 ids; unknown ids are left out, as IMDb does)."""
    if len(ids) > 250:
        from .graphql import GqlError
        raise GqlError("BAD_REQUEST", "titles takes at most 250 ids")
    out = []
    for imdb_id in ids:
        if meta.world.by_imdb(imdb_id) is None:
            continue
        rng = rng_for(meta.world.seed, "imdb-parents", imdb_id)
        categories = [] if rng.random() < 0.1 else [
            {"category": {"text": c}, "severity": {"text": rng.choice(SEVERITIES)}} for c in CATEGORIES]
        out.append({"id": imdb_id, "parentsGuide": {"categories": categories}})
    return {"titles": out}


def routes(meta: Meta) -> list[BaseRoute]:
    cache: dict[str, bytes] = {}

    async def get(request: Request) -> Response:
        from . import error
        name = request.path_params["name"]
        if name not in NAMES:
            return error(404, "not_found")
        if name not in cache:
            cache[name] = dataset(meta, name)
        return Response(cache[name], media_type="application/x-gzip")

    return [Route("/datasets/{name}", get, methods=["GET"])]
