"""Our own default files (collections, overlays, playlists) that '- default: NAME' selects, and
their images.

Nothing lives here yet: the package marks where this part of the layout goes (see README,
Development)."""
