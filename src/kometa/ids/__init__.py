"""Plex guids <-> TMDb/IMDb/TVDb ids: parsed from the library listing (:mod:`kometa.ids.guids`),
converted through TMDb only for what the listing lacks (:mod:`kometa.ids.mapping`)."""
