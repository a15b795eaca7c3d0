"""World objects as TMDb API v3 JSON: the field names and nesting TMDb uses.

List items (``movie_item``/``tv_item``) are what discover, search, charts, trending, collections
and lists return; ``movie_details``/``tv_details`` are ``/movie/{id}`` and ``/tv/{id}``; the
``*_part`` functions are the sub-resources that ``append_to_response`` can add.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from .. import tables as T
from ..model import TODAY, Credit, Group, Person, Title, hex24, image_path
from ..world import World

IMAGE_BASE = "http://image.tmdb.org/t/p/"
SECURE_IMAGE_BASE = "https://image.tmdb.org/t/p/"
ALL_PROVIDERS = (*T.PROVIDERS, *T.REGIONAL_PROVIDERS)
PROVIDER_NAMES = dict(ALL_PROVIDERS)
#: the certification order of each country, for certification.gte/lte
MOVIE_CERT_ORDER = {c: list(dict.fromkeys(ladder)) for c, ladder in T.MOVIE_CERTS.items()}
TV_CERT_ORDER = {c: list(dict.fromkeys(ladder)) for c, ladder in T.TV_CERTS.items()}


def _d(day: date | None) -> str | None:
    return day.isoformat() if day else None


def movie_item(t: Title, media_type: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "adult": False, "backdrop_path": t.backdrop_path, "genre_ids": list(t.genre_ids), "id": t.tmdb_id,
        "original_language": t.original_language, "original_title": t.original_title, "overview": t.overview,
        "popularity": t.popularity, "poster_path": t.poster_path, "release_date": t.date_text, "title": t.title,
        "video": False, "vote_average": t.vote_average, "vote_count": t.vote_count,
    }
    if media_type:
        out["media_type"] = "movie"
    return out


def tv_item(t: Title, media_type: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "adult": False, "backdrop_path": t.backdrop_path, "genre_ids": list(t.genre_ids), "id": t.tmdb_id,
        "origin_country": list(t.origin_countries), "original_language": t.original_language,
        "original_name": t.original_title, "overview": t.overview, "popularity": t.popularity,
        "poster_path": t.poster_path, "first_air_date": t.date_text, "name": t.title,
        "vote_average": t.vote_average, "vote_count": t.vote_count,
    }
    if media_type:
        out["media_type"] = "tv"
    return out


def item(t: Title, media_type: bool = False) -> dict[str, Any]:
    return movie_item(t, media_type) if t.kind == "movie" else tv_item(t, media_type)


def person_summary(p: Person) -> dict[str, Any]:
    return {"adult": False, "gender": p.gender, "id": p.id, "known_for_department": p.known_for_department,
            "name": p.name, "original_name": p.name, "popularity": p.popularity,
            "profile_path": image_path("profile", p.id) if p.profile else None}


def person_item(world: World, p: Person, media_type: bool = False) -> dict[str, Any]:
    out = person_summary(p)
    known = sorted(world.credits(p.id), key=lambda tc: (-tc[0].popularity, tc[0].tmdb_id))
    out["known_for"] = [item(t, True) for t, _c in list({id(t): (t, c) for t, c in known}.values())[:3]]
    if media_type:
        out["media_type"] = "person"
    return out


def _genres(t: Title) -> list[dict[str, Any]]:
    table = T.MOVIE_GENRES if t.kind == "movie" else T.TV_GENRES
    return [{"id": g, "name": table[g]} for g in t.genre_ids if g in table]


def _company(world: World, cid: int) -> dict[str, Any]:
    group = world.group("company", cid)
    return {"id": cid, "logo_path": image_path("logo", "company", cid), "name": group.name if group else "",
            "origin_country": group.country if group else ""}


def _languages(t: Title) -> list[dict[str, Any]]:
    english, native = T.LANGUAGES.get(t.original_language, (t.original_language, t.original_language))
    return [{"english_name": english, "iso_639_1": t.original_language, "name": native}]


def _countries(t: Title) -> list[dict[str, Any]]:
    return [{"iso_3166_1": c, "name": T.COUNTRIES[c]} for c in t.origin_countries]


def _person_or_id(world: World, pid: int) -> dict[str, Any]:
    person = world.person(pid)
    return person_summary(person) if person else {"id": pid}


def _cast(world: World, credit: Credit, with_cast_id: bool = True) -> dict[str, Any]:
    out = _person_or_id(world, credit.person_id)
    if with_cast_id:
        out["cast_id"] = credit.order + 1
    out.update(character=credit.character or "", credit_id=credit.credit_id, order=credit.order)
    return out


def _crew(world: World, credit: Credit) -> dict[str, Any]:
    out = _person_or_id(world, credit.person_id)
    out.update(credit_id=credit.credit_id, department=credit.department, job=credit.job or "")
    return out


def credits_part(world: World, t: Title) -> dict[str, Any]:
    return {"cast": [_cast(world, c, t.kind == "movie") for c in t.cast], "crew": [_crew(world, c) for c in t.crew]}


def aggregate_credits_part(world: World, t: Title) -> dict[str, Any]:
    """``/tv/{id}/aggregate_credits``: one entry per person with ``roles`` (cast) or ``jobs`` (crew)."""
    episodes = sum(s.episode_count for s in t.seasons) or 1
    cast, crew = [], []
    for credit in t.cast:
        out = _person_or_id(world, credit.person_id)
        out.update(roles=[{"credit_id": credit.credit_id, "character": credit.character or "",
                           "episode_count": episodes}], total_episode_count=episodes, order=credit.order)
        cast.append(out)
    for credit in t.crew:
        out = _person_or_id(world, credit.person_id)
        out.update(jobs=[{"credit_id": credit.credit_id, "job": credit.job or "", "episode_count": episodes}],
                   department=credit.department, total_episode_count=episodes)
        crew.append(out)
    return {"cast": cast, "crew": crew}


def external_ids_part(t: Title) -> dict[str, Any]:
    if t.kind == "movie":
        return {"id": t.tmdb_id, "imdb_id": t.imdb_id, "wikidata_id": None, "facebook_id": None,
                "instagram_id": None, "twitter_id": None}
    return {"id": t.tmdb_id, "imdb_id": t.imdb_id, "freebase_mid": None, "freebase_id": None,
            "tvdb_id": t.tvdb_id, "tvrage_id": None, "wikidata_id": None, "facebook_id": None,
            "instagram_id": None, "twitter_id": None}


def keywords_part(world: World, t: Title) -> dict[str, Any]:
    words = [{"id": k, "name": world.keywords.get(k, "")} for k in t.keyword_ids]
    return {"keywords": words} if t.kind == "movie" else {"results": words}


#: TMDb's release types after the theatrical one (type 3): (type, days after it); some titles have each
_LATER_RELEASES = ((1, -21), (2, -7), (4, 95), (5, 130), (6, 400))


def release_dates_part(t: Title) -> dict[str, Any]:
    """Per certification country the theatrical release (type 3, with the certification) and, for
    some titles and countries, a premiere (1), limited (2), digital (4), physical (5) or TV (6) one."""
    from datetime import timedelta

    from ..model import derive
    results = []
    for country, cert in sorted(t.certifications.items()):
        stamp = f"{t.date_text}T00:00:00.000Z" if t.release_date else ""
        rows = [{"certification": cert, "descriptors": [], "iso_639_1": "", "note": "", "release_date": stamp,
                 "type": 3}]
        if t.release_date:
            n = derive(0, "release-types", t.tmdb_id, country)
            for bit, (kind, days) in enumerate(_LATER_RELEASES):
                if n >> bit & 1:
                    when = (t.release_date + timedelta(days=days + (n >> (bit + 8)) % 9)).isoformat()
                    rows.append({"certification": "", "descriptors": [], "iso_639_1": "", "note": "",
                                 "release_date": f"{when}T00:00:00.000Z", "type": kind})
        results.append({"iso_3166_1": country, "release_dates": rows})
    return {"results": results}


def content_ratings_part(t: Title) -> dict[str, Any]:
    return {"results": [{"descriptors": [], "iso_3166_1": c, "rating": r} for c, r in sorted(t.certifications.items())]}


def _provider(pid: int) -> dict[str, Any]:
    return {"logo_path": image_path("logo", "provider", pid), "provider_id": pid,
            "provider_name": PROVIDER_NAMES.get(pid, f"Provider {pid}"), "display_priority": _priority(pid)}


def _priority(pid: int) -> int:
    ids = [p[0] for p in ALL_PROVIDERS]
    return ids.index(pid) if pid in ids else len(ids)


def watch_providers_part(t: Title) -> dict[str, Any]:
    results: dict[str, Any] = {}
    kind = "movie" if t.kind == "movie" else "tv"
    for region, offer in sorted(t.providers.items()):
        entry: dict[str, Any] = {"link": f"https://www.themoviedb.org/{kind}/{t.tmdb_id}/watch?locale={region}"}
        for mode in ("flatrate", "free", "ads", "rent", "buy"):
            if offer.get(mode):
                entry[mode] = [_provider(p) for p in offer[mode]]
        results[region] = entry
    return {"results": results}


def _image(path: str, width: int, height: int, lang: str | None) -> dict[str, Any]:
    return {"aspect_ratio": round(width / height, 3), "height": height, "iso_639_1": lang, "file_path": path,
            "vote_average": 5.312, "vote_count": 1, "width": width}


def images_part(t: Title) -> dict[str, Any]:
    return {"backdrops": [_image(t.backdrop_path, 1920, 1080, None)],
            "logos": [_image(image_path("logo", t.kind, t.tmdb_id), 500, 200, "en")],
            "posters": [_image(t.poster_path, 2000, 3000, "en")]}


_SEASON_WORDS = ("Awakening", "Reckoning", "Exile", "Homecoming", "Crossroads", "Ashes", "Legacy", "Dawn")


def season_name(t: Title, number: int) -> str:
    """A season's TMDb name: "Season N", or for one show in five a name of its own (as real shows have,
    e.g. "Book One: Water"), derived from the ids so the world's random draws are untouched."""
    digest = hashlib.sha1(f"{t.tmdb_id}:season-names".encode()).digest()
    if digest[0] % 5:
        return f"Season {number}"
    return f"Chapter {number}: {_SEASON_WORDS[(digest[1] + number) % len(_SEASON_WORDS)]}"


def _season(t: Title, s: Any) -> dict[str, Any]:
    return {"air_date": _d(s.air_date), "episode_count": s.episode_count, "id": s.id,
            "name": season_name(t, s.season_number), "overview": "",
            "poster_path": image_path("season", t.tmdb_id, s.season_number), "season_number": s.season_number,
            "vote_average": 0.0}


def _episode(t: Title, season: Any, number: int) -> dict[str, Any]:
    air = date.fromordinal(season.air_date.toordinal() + 7 * (number - 1))
    aired = air <= TODAY and t.vote_count > 0
    # an aired episode's vote: its show's average moved by a stable -1.0..+1.0 (no votes before it airs)
    shift = (int.from_bytes(hashlib.sha1(f"{t.tmdb_id}:{season.season_number}:{number}".encode()).digest()[:2],
                            "big") % 201 - 100) / 100
    vote = round(min(10.0, max(1.0, t.vote_average + shift)), 3) if aired else 0.0
    return {"id": season.id * 100 + number, "name": f"Episode {number}", "overview": "", "vote_average": vote,
            "vote_count": max(1, t.vote_count // 40) if aired else 0, "air_date": air.isoformat(), "episode_number": number, "episode_type": "standard",
            "production_code": "", "runtime": t.runtime, "season_number": season.season_number,
            "show_id": t.tmdb_id, "still_path": image_path("still", t.tmdb_id, season.season_number, number)}


def find_episode(world: World, imdb_id: str) -> dict[str, Any] | None:
    """``/find``'s ``tv_episode_results`` row for an episode's IMDb id (``Title.episode_imdb_id``: the
    show's place, season and episode), as TMDb gives it (``media_type: tv_episode``, ``show_id``)."""
    found = world.episode_by_imdb(imdb_id)
    if found is None:
        return None
    t, season, number = found
    return {**_episode(t, season, number), "media_type": "tv_episode"}


def movie_details(world: World, t: Title) -> dict[str, Any]:
    group = world.group("collection", t.collection_id) if t.collection_id else None
    belongs = None
    if group is not None:
        belongs = {"id": group.id, "name": group.name, "poster_path": image_path("poster", "collection", group.id),
                   "backdrop_path": image_path("backdrop", "collection", group.id)}
    return {
        "adult": False, "backdrop_path": t.backdrop_path, "belongs_to_collection": belongs, "budget": t.budget,
        "genres": _genres(t), "homepage": "", "id": t.tmdb_id, "imdb_id": t.imdb_id,
        "origin_country": list(t.origin_countries), "original_language": t.original_language,
        "original_title": t.original_title, "overview": t.overview, "popularity": t.popularity,
        "poster_path": t.poster_path, "production_companies": [_company(world, c) for c in t.company_ids],
        "production_countries": _countries(t), "release_date": t.date_text, "revenue": t.revenue,
        "runtime": t.runtime, "spoken_languages": _languages(t), "status": t.status, "tagline": t.tagline,
        "title": t.title, "video": False, "vote_average": t.vote_average, "vote_count": t.vote_count,
    }


def tv_details(world: World, t: Title) -> dict[str, Any]:
    last_season = t.seasons[-1] if t.seasons else None
    last_episode = None
    if last_season is not None:
        last_episode = _episode(t, last_season, last_season.episode_count)
    nxt = None
    if t.status == "Returning Series" and last_season is not None:
        nxt = _episode(t, last_season, last_season.episode_count + 1)
        nxt["air_date"] = (t.last_air_date or TODAY).fromordinal((t.last_air_date or TODAY).toordinal() + 7).isoformat()
    creators = []
    for pid in t.created_by:
        person = world.person(pid)
        if person:
            creators.append({"id": pid, "credit_id": hex24(world.seed, "creator", t.tmdb_id, pid),
                             "name": person.name, "original_name": person.name, "gender": person.gender,
                             "profile_path": image_path("profile", pid) if person.profile else None})
    networks = []
    for nid in t.network_ids:
        group = world.group("network", nid)
        networks.append({"id": nid, "logo_path": image_path("logo", "network", nid),
                         "name": group.name if group else "", "origin_country": group.country if group else ""})
    return {
        "adult": False, "backdrop_path": t.backdrop_path, "created_by": creators, "episode_run_time": [t.runtime],
        "first_air_date": t.date_text, "genres": _genres(t), "homepage": "", "id": t.tmdb_id,
        "in_production": t.status == "Returning Series", "languages": [t.original_language],
        "last_air_date": _d(t.last_air_date), "last_episode_to_air": last_episode, "name": t.title,
        "next_episode_to_air": nxt, "networks": networks,
        "number_of_episodes": sum(s.episode_count for s in t.seasons), "number_of_seasons": len(t.seasons),
        "origin_country": list(t.origin_countries), "original_language": t.original_language,
        "original_name": t.original_title, "overview": t.overview, "popularity": t.popularity,
        "poster_path": t.poster_path, "production_companies": [_company(world, c) for c in t.company_ids],
        "production_countries": _countries(t), "seasons": [_season(t, s) for s in t.seasons],
        "spoken_languages": _languages(t), "status": t.status, "tagline": t.tagline, "type": t.show_type,
        "vote_average": t.vote_average, "vote_count": t.vote_count,
    }


def season_details(world: World, t: Title, number: int) -> dict[str, Any] | None:
    season = next((s for s in t.seasons if s.season_number == number), None)
    if season is None:
        return None
    out = _season(t, season)
    out["_id"] = hex24(world.seed, "season", t.tmdb_id, number)
    out["episodes"] = [_episode(t, season, n) for n in range(1, season.episode_count + 1)]
    return out


def person_details(p: Person) -> dict[str, Any]:
    return {"adult": False, "also_known_as": [], "biography": f"{p.name} is known for {p.known_for_department.lower()}.",
            "birthday": _d(p.birthday), "deathday": _d(p.deathday), "gender": p.gender, "homepage": None,
            "id": p.id, "imdb_id": p.imdb_id, "known_for_department": p.known_for_department, "name": p.name,
            "place_of_birth": p.place_of_birth, "popularity": p.popularity,
            "profile_path": image_path("profile", p.id) if p.profile else None}


def person_credits(world: World, p: Person, which: str) -> dict[str, Any]:
    """``movie_credits``, ``tv_credits`` or ``combined_credits`` of a person."""
    cast, crew = [], []
    for t, credit in world.credits(p.id):
        if which == "movie_credits" and t.kind != "movie" or which == "tv_credits" and t.kind != "tv":
            continue
        entry = item(t, media_type=which == "combined_credits")
        entry["credit_id"] = credit.credit_id
        if credit.department == "Acting":
            entry["character"] = credit.character or ""
            if t.kind == "movie":
                entry["order"] = credit.order
            else:
                entry["episode_count"] = sum(s.episode_count for s in t.seasons) or 1
            cast.append(entry)
        else:
            entry.update(department=credit.department, job=credit.job or "")
            if t.kind == "tv":
                entry["episode_count"] = sum(s.episode_count for s in t.seasons) or 1
            crew.append(entry)
    return {"cast": cast, "crew": crew, "id": p.id}


def collection_details(g: Group) -> dict[str, Any]:
    return {"id": g.id, "name": g.name, "overview": g.overview or f"The films of {g.name}.",
            "poster_path": image_path("poster", "collection", g.id),
            "backdrop_path": image_path("backdrop", "collection", g.id),
            "parts": [movie_item(t, media_type=True) for t in g.members]}


def collection_item(g: Group) -> dict[str, Any]:
    return {"adult": False, "backdrop_path": image_path("backdrop", "collection", g.id), "id": g.id,
            "name": g.name, "original_language": "en", "original_name": g.name, "overview": g.overview,
            "poster_path": image_path("poster", "collection", g.id)}


def company_details(g: Group) -> dict[str, Any]:
    return {"description": "", "headquarters": "", "homepage": "", "id": g.id,
            "logo_path": image_path("logo", "company", g.id), "name": g.name, "origin_country": g.country,
            "parent_company": None}


def company_item(g: Group) -> dict[str, Any]:
    return {"id": g.id, "logo_path": image_path("logo", "company", g.id), "name": g.name,
            "origin_country": g.country}


def network_details(g: Group) -> dict[str, Any]:
    return {"headquarters": "", "homepage": "", "id": g.id, "logo_path": image_path("logo", "network", g.id),
            "name": g.name, "origin_country": g.country}


def provider_list(kind: str) -> dict[str, Any]:
    results = []
    regional = {r: {pid for pid, _mode in offers} for r, offers in T.REGIONAL_OFFERS.items()}
    for pid, name in ALL_PROVIDERS:
        regions = [r for r in T.REGIONS if pid in T.FLATRATE.get(r, ()) or pid in regional.get(r, ())] or \
            list(T.REGIONS)
        results.append({"display_priorities": {r: _priority(pid) for r in regions}, "display_priority": _priority(pid),
                        "logo_path": image_path("logo", "provider", pid), "provider_name": name, "provider_id": pid})
    return {"results": results}


def configuration() -> dict[str, Any]:
    return {"change_keys": list(T.CHANGE_KEYS), "images": {
        "base_url": IMAGE_BASE, "secure_base_url": SECURE_IMAGE_BASE,
        "backdrop_sizes": ["w300", "w780", "w1280", "original"],
        "logo_sizes": ["w45", "w92", "w154", "w185", "w300", "w500", "original"],
        "poster_sizes": ["w92", "w154", "w185", "w342", "w500", "w780", "original"],
        "profile_sizes": ["w45", "w185", "h632", "original"],
        "still_sizes": ["w92", "w185", "w300", "original"]}}


def countries() -> list[dict[str, Any]]:
    return [{"iso_3166_1": c, "english_name": n, "native_name": n} for c, n in T.COUNTRIES.items()]


def languages() -> list[dict[str, Any]]:
    return [{"iso_639_1": c, "english_name": e, "name": n} for c, (e, n) in T.LANGUAGES.items()]


def jobs() -> list[dict[str, Any]]:
    return [{"department": d, "jobs": list(j)} for d, j in T.DEPARTMENTS.items() if j]


def timezones() -> list[dict[str, Any]]:
    return [{"iso_3166_1": c, "zones": list(z)} for c, z in T.TIMEZONES.items()]


def certifications(kind: str) -> dict[str, Any]:
    ladders = MOVIE_CERT_ORDER if kind == "movie" else TV_CERT_ORDER
    return {"certifications": {c: [{"certification": name, "meaning": "", "order": n + 1}
                                    for n, name in enumerate(ladder)] for c, ladder in ladders.items()}}
