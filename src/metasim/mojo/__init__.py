"""Box Office Mojo under ``/mojo`` (``KOMETA_MOJO_URL=http://HOST:PORT/mojo`` replaces
``https://www.boxofficemojo.com``): the HTML pages Kometa reads (Box Office Mojo has no API).

* Chart pages — ``/year/{Y}/``, ``/year/world/{Y}/``, ``/month/{name}/{Y}/``, ``/quarter/{q}/{Y}/``,
  ``/season/{s}/{Y}/``, ``/holiday/{slug}/{Y}/``, ``/weekend/{Y}W{NN}/``, ``/weekly/{Y}W{NN}/``,
  ``/date/{YYYY-MM-DD}/`` (each with ``?area=XX`` for a country), ``/chart/top_lifetime_gross/``,
  ``/chart/ww_top_lifetime_gross/``, ``/chart/mpaa_title_lifetime_gross/?by_mpaa=R``,
  ``/chart/never_in_top/?by_rank_threshold=N[&area=XX]`` and the record charts
  (``/chart/top_opening_weekend/``, ...): a ``<table>`` of rows whose title cell is
  ``<td class="a-text-left mojo-field-type-release mojo-cell-wide">`` linking
  ``/release/rl…/?ref_=…`` (period and record charts), ``mojo-field-type-release_group`` linking
  ``/releasegroup/gr…/?ref_=…`` (the worldwide year) or ``mojo-field-type-title`` linking
  ``/title/tt…/?ref_=…`` (lifetime and never-in-top charts); 200 rows a page (``?offset=N``), the
  count in ``<li class="a-normal mojo-pagination-button-center"><a>1-200 of N</a></li>``.
* ``/release/{rl}/`` and ``/releasegroup/{gr}/``: the title's page, whose
  ``<select id="releasegroup-picker-navSelector">`` has ``<option value="/title/tt…/">All
  Releases</option>`` (none for a title without an IMDb id).
* ``/intl/`` and ``/chart/never_in_top/``: an ``<select id="area-navSelector">`` of the areas
  (``<option value="/intl/?area=DE&ref_=…">Germany</option>``; International/Domestic carry no area).

Charts are deterministic draws of the world's movies ranked by gross (period charts: the movies
released in the three years up to the period's end). An unknown path is 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute

from ..app import Service

if TYPE_CHECKING:
    from ..app import Meta

PREFIX = "/mojo"


def authorised(meta: Meta, request: Request) -> bool:
    return True


def error(status: int, kind: str) -> Response:
    heading = "Page Not Found" if kind == "not_found" else "Box Office Mojo is unavailable"
    return HTMLResponse(f"<!DOCTYPE html><html><head><title>{heading}</title></head><body><div class=\"a-section\">"
                        f"<h1>{heading}</h1></div></body></html>", status_code=status)


def _routes(meta: Meta) -> list[BaseRoute]:
    from .routes import routes
    return routes(meta)


SERVICE = Service(name="mojo", prefix=PREFIX, routes=_routes, authorised=authorised, error=error)
