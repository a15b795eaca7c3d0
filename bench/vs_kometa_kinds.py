"""The configs ``bench_vs_kometa.py`` runs with both tools: one :class:`Kind` per ``--config``.

A kind says which simulators to start (one fresh pair per tool, from the same seed), what the
library entry of the config holds (the same YAML for both tools: our tool reads Kometa's
language), what to do to the fresh library before the first run (``prepare``) and what to read
from Plex after the first run to compare the two tools' results (``outcome``: the same keys and
values for both tools means the same work was done).
"""

from __future__ import annotations

import io
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

TOKEN = "plexsim-test"  # metasim.testing's plexsim token
LOG_SIZE = 1_000_000  # plexsim keeps the last 5,000 requests by default; the counts below need all


@dataclass
class Kind:
    name: str
    help: str
    library: Callable[[Path, Any], dict[str, Any]]  # (folder, pair) -> the library's entry
    outcome: Callable[[Any, Any], dict[str, Any]]  # (pair, prepared) -> what the run left in Plex
    prepare: Callable[[Path, Any], Any] = lambda folder, pair: None
    settings: Callable[[Path], dict[str, Any]] = lambda folder: {}  # (folder) -> settings for both tools
    kometa_settings: dict[str, Any] = field(default_factory=dict)  # Kometa only
    world: bool = False  # plexsim in world mode (the same titles and ids metasim knows)
    default_movies: int = 2000


def start(kind: Kind, seed: int, movies: int) -> Any:
    """plexsim (world mode for the kinds that need metasim's ids) and metasim. Kometa always needs
    a TMDb key it can check, so metasim runs for every kind."""
    from metasim.server import MetaSim
    from metasim.testing import Paired
    from metasim.world import World
    from plexsim.server import PlexSim

    if kind.world:
        world = World(seed=seed, movies=movies, shows=1)
        plex = PlexSim(seed=seed, movies=movies, shows=1, token=TOKEN, world=world)
    else:
        world = World(seed=seed, movies=50, shows=1)
        plex = PlexSim(movies=movies, shows=1, seed=1, token=TOKEN)
    plex.sim.stats.log = deque(maxlen=LOG_SIZE)
    return Paired(plex=plex.start(), meta=MetaSim(world=world, tmdb_key="bench-tmdb").start(), world=world)


def plex_get(pair: Any, path: str, **params: Any) -> Any:
    import xml.etree.ElementTree as ET

    answer = requests.get(f"{pair.plex.url}{path}", params={"X-Plex-Token": TOKEN, **params}, timeout=300)
    answer.raise_for_status()
    return ET.fromstring(answer.content)


def plex_put(pair: Any, path: str, params: list[tuple[str, Any]]) -> None:
    requests.put(f"{pair.plex.url}{path}", params=[("X-Plex-Token", TOKEN), *params], timeout=300).raise_for_status()


def movies(pair: Any) -> list[Any]:
    return list(plex_get(pair, "/library/sections/1/all", type=1))


def by_title_year(elements: list[Any]) -> dict[str, Any]:
    """Movies keyed "Title (Year)", leaving out keys two movies share (they cannot be told apart
    by title, and the tools need not agree on which is which)."""
    seen: dict[str, Any] = {}
    twice: set[str] = set()
    for e in elements:
        key = f"{e.get('title')} ({e.get('year')})"
        if key in seen:
            twice.add(key)
        seen[key] = e
    return {k: v for k, v in seen.items() if k not in twice}


def collection_file(folder: Path, defs: dict[str, Any]) -> dict[str, Any]:
    import yaml

    (folder / "Movies.yml").write_text(yaml.safe_dump({"collections": defs}, sort_keys=False), encoding="utf-8")
    return {"collection_files": [{"file": str(folder / "Movies.yml")}]}


def collections_left(pair: Any, prepared: Any) -> dict[str, Any]:
    return {c.get("title"): int(c.get("childCount", 0)) for c in plex_get(pair, "/library/sections/1/collections")}


# -- plex, tmdb: collections -----------------------------------------------------------------------

def plex_library(folder: Path, pair: Any) -> dict[str, Any]:
    from bench_process import collections

    return collection_file(folder, collections())


def tmdb_library(folder: Path, pair: Any) -> dict[str, Any]:
    from bench_tmdb import collections

    return collection_file(folder, collections(pair.world)[0])


# -- ops: mass_genre_update + mass_audience_rating_update from TMDb ---------------------------------

def scramble(pair: Any) -> None:
    """Every movie's genres replaced by "Scrambled" and its audience rating set to 1.0, unlocked,
    so the first run has a value to change on every item."""
    items = movies(pair)
    names = sorted({g.get("tag") for e in items for g in e.findall("Genre")})
    ids = ",".join(e.get("ratingKey") for e in items)
    plex_put(pair, "/library/sections/1/all", [
        ("type", 1), ("id", ids), ("genre[].tag.tag-", ",".join(names)), ("genre[0].tag.tag", "Scrambled"),
        ("genre.locked", 0), ("audienceRating.value", 1.0), ("audienceRating.locked", 0)])


def ops_prepare(folder: Path, pair: Any) -> None:
    scramble(pair)


def ops_library(folder: Path, pair: Any) -> dict[str, Any]:
    return {"operations": {"mass_genre_update": "tmdb", "mass_audience_rating_update": "tmdb"}}


def genres_and(attribute: str) -> Callable[[Any, Any], dict[str, Any]]:
    def outcome(pair: Any, prepared: Any) -> dict[str, Any]:
        return {k: (sorted(g.get("tag") for g in e.findall("Genre")), e.get(attribute))
                for k, e in by_title_year(movies(pair)).items()}
    return outcome


# -- overlays: 5 overlays on every poster -----------------------------------------------------------

def overlays_library(folder: Path, pair: Any) -> dict[str, Any]:
    import yaml
    from bench_overlays import draw_ribbon, overlay_file

    ribbon = folder / "ribbon.png"
    if not ribbon.exists():
        draw_ribbon(ribbon)
    (folder / "Overlays.yml").write_text(yaml.safe_dump(overlay_file(ribbon), sort_keys=False), encoding="utf-8")
    return {"overlay_files": [{"file": str(folder / "Overlays.yml")}]}


PIXEL_SAMPLE = 5  # posters compared pixel by pixel between the tools


def overlays_prepare(folder: Path, pair: Any) -> Path:
    return folder


def overlays_outcome(pair: Any, folder: Path) -> dict[str, Any]:
    """Which movies carry the ``Overlay`` label, and the first few posters' pixels (1000x1500 RGB;
    each also saved as ``sample-N.jpg`` in the tool's folder, to look at)."""
    found: dict[str, Any] = {}
    items = sorted(movies(pair), key=lambda e: int(e.get("ratingKey")))
    for e in items:
        found[f"label {e.get('ratingKey')}"] = any(t.get("tag") == "Overlay" for t in e.findall("Label"))
    for e in items[:PIXEL_SAMPLE]:
        data = poster(pair, e.get("thumb"))
        (folder / f"sample-{e.get('ratingKey')}.jpg").write_bytes(data)
        found[f"poster {e.get('ratingKey')}"] = Pixels(data)
    return found


def poster(pair: Any, thumb: str) -> bytes:
    answer = requests.get(f"{pair.plex.url}{thumb}", params={"X-Plex-Token": TOKEN}, timeout=60)
    answer.raise_for_status()
    return answer.content


class Pixels:
    """A poster for comparison, as a 50x75 grid of 20x20-pixel cells (of the 1000x1500 poster):
    equal when no cell's mean grey level differs by more than ``TOLERANCE``. The tools' fonts
    differ (a cell with text differs by up to ~70); a badge missing, moved or of another colour
    differs by 120 or more (an overlaid poster against its original: 125-155)."""

    TOLERANCE = 96  # of 255
    GRID = (50, 75)

    def __init__(self, data: bytes) -> None:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as img:
            self.size = img.size
            self.cells = img.convert("RGB").resize(self.GRID, Image.Resampling.BOX)

    def difference(self, other: Pixels) -> int:
        """The largest difference of one cell, 0-255."""
        from PIL import ImageChops

        return int(ImageChops.difference(self.cells, other.cells).convert("L").getextrema()[1])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pixels) and self.difference(other) <= self.TOLERANCE

    def __repr__(self) -> str:
        return f"poster {self.size[0]}x{self.size[1]}"


# -- assets: critic ratings and genres from IMDb, assets_for_all with 1,000 asset folders ----------

ASSET_FOLDERS = 1000


def assets_prepare(folder: Path, pair: Any) -> dict[str, str]:
    """1,000 asset folders (a small JPEG poster each, named as the movie's folder), and every
    movie's genres and critic rating scrambled; returns each movie's thumb before the run."""
    from PIL import Image

    items = movies(pair)
    names: list[str] = []
    for e in items:
        part = e.find("Media/Part")
        if part is not None:
            name = Path(part.get("file", "")).parent.name
            if name and name not in names:
                names.append(name)
    for index, name in enumerate(names[:ASSET_FOLDERS]):
        target = folder / "assets" / name
        target.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (100, 150), (index % 256, (index * 7) % 256, (index * 13) % 256)).save(
            target / "poster.jpg", quality=90)
    names_g = sorted({g.get("tag") for e in items for g in e.findall("Genre")})
    plex_put(pair, "/library/sections/1/all", [
        ("type", 1), ("id", ",".join(e.get("ratingKey") for e in items)), ("genre[].tag.tag-", ",".join(names_g)),
        ("genre[0].tag.tag", "Scrambled"), ("genre.locked", 0), ("rating.value", 1.0), ("rating.locked", 0)])
    return {e.get("ratingKey"): e.get("thumb") for e in items}


def assets_library(folder: Path, pair: Any) -> dict[str, Any]:
    return {"operations": {"mass_critic_rating_update": ["imdb", 5.0], "mass_genre_update": ["imdb", ["Unknown"]],
                           "assets_for_all": True}}


def assets_outcome(pair: Any, prepared: dict[str, str]) -> dict[str, Any]:
    found = genres_and("rating")(pair, prepared)
    for e in movies(pair):
        found[f"new poster {e.get('ratingKey')}"] = e.get("thumb") != prepared.get(e.get("ratingKey"))
    return found


def _asset_settings(folder: Path) -> dict[str, Any]:
    return {"asset_directory": [str(folder / "assets")]}


KINDS: dict[str, Kind] = {
    "plex": Kind("plex", "bench_process's 50 Plex-only collections", plex_library, collections_left),
    "tmdb": Kind("tmdb", "bench_tmdb's 50 TMDb collections", tmdb_library, collections_left, world=True),
    "ops": Kind("ops", "mass_genre_update + mass_audience_rating_update from TMDb (all values scrambled first)",
                ops_library, genres_and("audienceRating"), prepare=ops_prepare, world=True, default_movies=5000),
    "overlays": Kind("overlays", "bench_overlays' 5 overlays on every poster", overlays_library, overlays_outcome,
                     prepare=overlays_prepare, kometa_settings={"cache": True}),
    "assets": Kind("assets", "mass_critic_rating_update + mass_genre_update from IMDb, assets_for_all with "
                   "1,000 asset folders", assets_library, assets_outcome, prepare=assets_prepare, world=True,
                   settings=_asset_settings, kometa_settings={"cache": True}, default_movies=10000),
}
