"""What changed in Plex (its notification websocket, webhooks from Plex/Sonarr/Radarr/Tautulli) ->
item-scoped runs.

Nothing lives here yet: the package marks where this part of the layout goes (see README,
Development)."""
