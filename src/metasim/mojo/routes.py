"""Box Office Mojo pages (see the package docstring for their shapes)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from html import escape
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from ..model import Title, derive
from . import error

if TYPE_CHECKING:
    from ..app import Meta

PAGE = 200
AREAS = {"DE": "Germany", "FR": "France", "GB": "United Kingdom", "JP": "Japan", "KR": "South Korea",
         "AU": "Australia", "BR": "Brazil", "ES": "Spain", "IT": "Italy", "MX": "Mexico"}
MONTHS = [m.lower() for m in calendar.month_name[1:]]
QUARTERS = {"q1": (1, 3), "q2": (4, 6), "q3": (7, 9), "q4": (10, 12)}
SEASONS = {"winter": (1, 2), "spring": (3, 4), "summer": (5, 8), "fall": (9, 10), "holiday": (11, 12)}
HOLIDAYS = {"newyearsday", "us_newyear_weekend", "us_mlkday", "us_mlkday_weekend", "us_presidentsday",
            "us_presidentsday_weekend", "easter_sunday", "easter_weekend", "us_memorialday", "us_memorialday_weekend",
            "us_july4", "us_july4_weekend", "us_laborday", "us_laborday_weekend", "us_indig_peoples_day",
            "us_indig_peoples_day_weekend", "halloween", "us_thanksgiving", "us_thanksgiving_3", "us_thanksgiving_4",
            "us_thanksgiving_5", "us_post_thanksgiving_weekend", "christmas_day", "us_christmas_weekend",
            "newyearseve"}
CHARTS = {"top_lifetime_gross", "ww_top_lifetime_gross", "mpaa_title_lifetime_gross", "never_in_top",
          "biggest_second_weekend_gross_drop", "post_thanksgiving_weekend_drop", "top_opening_weekend",
          "btm_wide_opening_weekend_theater_avg", "top_opening_weekend_theater_avg", "release_top_opn_wkd_in_month",
          "release_top_opn_wkd_in_season", "top_opening_wknd_by_mpaa", "release_top_weekend_gross",
          "top_opening_holiday_weekends", "top_thanksgiving_openings", "top_opening_week",
          "biggest_third_weekend_num_theaters_drop", "top_opening_day", "release_top_daily_gross",
          "release_top_holiday_gross", "release_top_daily_gross_by_dow", "top_non_opening_by_dow"}
TITLE_CHARTS = {"top_lifetime_gross", "ww_top_lifetime_gross", "mpaa_title_lifetime_gross", "never_in_top"}


class Missing(Exception):
    pass


def release_id(title: Title) -> str:
    return f"rl{1_000_000_000 + derive(0, 'mojo-rl', title.tmdb_id) % 3_000_000_000}"


def group_id(title: Title) -> str:
    return f"gr{1_000_000_000 + derive(0, 'mojo-gr', title.tmdb_id) % 3_000_000_000}"


def gross(title: Title) -> int:
    return title.revenue or (1 + derive(0, "mojo-gross", title.tmdb_id) % 400) * 1_000_000


def ranked(meta: Meta, pool: list[Title], *key: object) -> list[Title]:
    seed = meta.world.seed
    return sorted(pool, key=lambda t: (-gross(t) * (0.5 + derive(seed, "mojo", *key, t.tmdb_id) % 1000 / 1000),
                                       t.tmdb_id))


def period_end(kind: str, parts: list[str]) -> date:
    """The last day of the period a chart path names; Missing for one that names none."""
    try:
        if kind == "date":
            return date.fromisoformat(parts[0])
        if kind in ("weekend", "weekly"):
            iso_year, _, week = parts[0].partition("W")
            return date.fromisocalendar(int(iso_year), int(week), 7)
        year = int(parts[-1])
        if kind == "year":
            return date(year, 12, 31)
        if kind == "month":
            month = MONTHS.index(parts[0]) + 1
            return date(year, month, calendar.monthrange(year, month)[1])
        if kind in ("quarter", "season"):
            last = (QUARTERS if kind == "quarter" else SEASONS)[parts[0]][1]
            return date(year, last, calendar.monthrange(year, last)[1])
        if kind == "holiday" and parts[0] in HOLIDAYS:
            return date(year, 12, 31)
    except (ValueError, KeyError, IndexError):
        pass
    raise Missing()


def chart_titles(meta: Meta, path: str, params: dict[str, str]) -> tuple[list[Title], str]:
    """The chart's movies in order and the kind of link its rows carry (release, release_group, title)."""
    movies = list(meta.world.movies)
    parts = [p for p in path.strip("/").split("/") if p]
    area = params.get("area", "")
    if area and area not in AREAS:
        raise Missing()
    if parts[:1] == ["chart"] and len(parts) == 2 and parts[1] in CHARTS:
        chart = parts[1]
        if chart == "mpaa_title_lifetime_gross":
            rating = params.get("by_mpaa", "")
            movies = [t for t in movies if t.certifications.get("US") == rating.replace("%2F", "/")] if rating else []
        if chart == "never_in_top" and params.get("by_rank_threshold", "1") not in ("1", "5", "10"):
            raise Missing()
        extra = sorted((k, v) for k, v in params.items() if k != "offset")
        return ranked(meta, movies, chart, *extra), "title" if chart in TITLE_CHARTS else "release"
    if parts[:2] == ["year", "world"] and len(parts) == 3:
        end = period_end("year", parts[2:])
        kind = "release_group"
    elif parts and parts[0] in ("year", "month", "quarter", "season", "holiday", "weekend", "weekly", "date"):
        end = period_end(parts[0], parts[1:])
        kind = "release"
    else:
        raise Missing()
    pool = [t for t in movies if t.release_date and end - timedelta(days=3 * 365) <= t.release_date <= end]
    return ranked(meta, pool, path, area), kind


def _row(n: int, title: Title, kind: str) -> str:
    if kind == "title":
        if not title.imdb_id:
            return ""
        href = f"/title/{title.imdb_id}/?ref_=bo_cso_table_{n}"
    elif kind == "release_group":
        href = f"/releasegroup/{group_id(title)}/?ref_=bo_ydw_table_{n}"
    else:
        href = f"/release/{release_id(title)}/?ref_=bo_yld_table_{n}"
    field = {"title": "title", "release_group": "release_group", "release": "release"}[kind]
    return (f'<tr><td class="a-text-right mojo-header-column mojo-truncate mojo-field-type-rank">{n}</td>'
            f'<td class="a-text-left mojo-field-type-{field} mojo-cell-wide"><a class="a-link-normal" '
            f'href="{href}">{escape(title.title)}</a></td>'
            f'<td class="a-text-right mojo-field-type-money">${gross(title):,}</td></tr>')


def chart_page(meta: Meta, request: Request) -> Response:
    path = "/" + request.path_params["rest"]
    params = dict(request.query_params)
    try:
        titles, kind = chart_titles(meta, path, params)
    except Missing:
        return error(404, "not_found")
    offset = int(params["offset"]) if params.get("offset", "").isdigit() else 0
    rows = "".join(_row(n, t, kind) for n, t in enumerate(titles[offset:offset + PAGE], offset + 1))
    total = len(titles)
    pager = (f'<ul class="a-pagination"><li class="a-normal mojo-pagination-button-center"><a>{offset + 1}-'
             f'{min(total, offset + PAGE)} of {total:,}</a></li></ul>') if total > PAGE else ""
    options = _areas(path) if path.rstrip("/") == "/chart/never_in_top" else ""
    return HTMLResponse(f"<!DOCTYPE html><html><head><title>Box Office Mojo</title></head><body>{options}"
                        f'<div class="a-section imdb-scroll-table-inner"><table class="a-bordered a-horizontal-stripes">'
                        f"<tr><th>Rank</th><th>Release</th><th>Gross</th></tr>{rows}</table></div>{pager}</body></html>")


def _areas(path: str) -> str:
    first = "Domestic" if "never_in_top" in path else "International"
    base = path if path.endswith("/") else path + "/"
    options = [f'<option value="{base}?ref_=bo_nb_nav">{first}</option>']
    options += [f'<option value="{base}?area={code}&amp;ref_=bo_nb_nav">{escape(name)}</option>'
                for code, name in AREAS.items()]
    return f'<select id="area-navSelector" class="a-native-dropdown">{"".join(options)}</select>'


def intl_page(meta: Meta, request: Request) -> Response:
    return HTMLResponse(f"<!DOCTYPE html><html><head><title>International Box Office</title></head><body>"
                        f"{_areas('/intl/')}</body></html>")


def title_page(meta: Meta, request: Request) -> Response:
    ident = request.path_params["ident"]
    finder: dict[str, Any] = {release_id(t): t for t in meta.world.movies} if ident.startswith("rl") else \
        {group_id(t): t for t in meta.world.movies}
    title = finder.get(ident)
    if title is None:
        return error(404, "not_found")
    option = f'<option value="/title/{title.imdb_id}/">All Releases</option>' if title.imdb_id else ""
    return HTMLResponse(f"<!DOCTYPE html><html><head><title>{escape(title.title)} - Box Office Mojo</title></head>"
                        f'<body><h1>{escape(title.title)}</h1><select id="releasegroup-picker-navSelector">{option}'
                        f'<option value="/release/{release_id(title)}/">Original Release</option></select></body></html>')


def routes(meta: Meta) -> list[BaseRoute]:
    def bind(fn: Any) -> Any:
        async def handler(request: Request) -> Response:
            return fn(meta, request)  # type: ignore[no-any-return]
        return handler
    return [Route("/intl/", bind(intl_page), methods=["GET"]),
            Route("/release/{ident}/", bind(title_page), methods=["GET"]),
            Route("/releasegroup/{ident}/", bind(title_page), methods=["GET"]),
            Route("/{rest:path}", bind(chart_page), methods=["GET"])]
