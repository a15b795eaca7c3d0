"""IMDb under ``/imdb``: the subset of IMDb's GraphQL API (``https://api.graphql.imdb.com/``) that
Kometa's IMDb builders read, at ``POST /imdb/`` (``KOMETA_IMDB_URL=http://HOST:PORT/imdb``).

Shape chosen: Kometa reads lists, watchlists and searches with *persisted* GraphQL operations
(``operationName`` + ``variables`` + ``extensions.persistedQuery``) and the charts with a short
``chartTitles`` / ``boxOfficeWeekendChart`` query text, because IMDb's list pages and CSV exports
are behind a bot wall. metasim answers those operations by name (``TitleListMainPage``,
``WatchListPageRefiner``, ``AdvancedTitleSearch``) and those two query forms, in IMDb's answer
shapes (``data.list.titleListItemSearch``, ``data.predefinedList.titleListItemSearch``,
``data.advancedTitleSearch``, ``data.chartTitles``, ``data.boxOfficeWeekendChart``), with cursor
paging (``first``/``after``, ``pageInfo.endCursor``/``hasNextPage``). Errors are GraphQL's: HTTP
200 with ``errors: [{message, extensions: {code}}]`` (``RESOURCE_NOT_FOUND``, ``BAD_REQUEST``).
IMDb needs no key. The parents guide (``titles(ids: [...]) { id parentsGuide }``) and IMDb's datasets
(``GET /imdb/datasets/title.ratings.tsv.gz`` ...; ``KOMETA_IMDB_DATASETS_URL=http://HOST:PORT/imdb/datasets``
replaces ``https://datasets.imdbws.com``) are in :mod:`metasim.imdb.datasets`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute

from ..app import Service

if TYPE_CHECKING:
    from ..app import Meta

PREFIX = "/imdb"


def authorised(meta: Meta, request: Request) -> bool:
    return True


def error(status: int, kind: str) -> Response:
    from ..app import json_body
    return json_body({"errors": [{"message": kind, "extensions": {"code": kind.upper()}}]}, status)


def _routes(meta: Meta) -> list[BaseRoute]:
    from . import datasets, graphql
    return graphql.routes(meta) + datasets.routes(meta)


SERVICE = Service(name="imdb", prefix=PREFIX, routes=_routes, authorised=authorised, error=error)
