"""Plex guids <-> TMDb/IMDb/TVDb ids (and anime ids): parsed from the library listing, converted
through the clients only for what the listing lacks.

Nothing lives here yet: the package marks where this part of the layout goes (see README,
Development)."""
