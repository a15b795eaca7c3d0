"""Ground-truth helpers: compute expected results straight from the simulator's store."""

from __future__ import annotations

import requests


def store_movies(sim):
    return [i for i in sim.store.items.values() if i.type == "movie"]


def tag_names(sim, item, kind):
    return {sim.store.tags[t].tag for t in item.tags.get(kind, [])}


def raw_get(sim, path, token=True, headers=None, **params):
    hdrs = dict(headers or {})
    if token:
        hdrs["X-Plex-Token"] = sim.token
    return requests.get(sim.url + path, headers=hdrs, params=params, timeout=10)
