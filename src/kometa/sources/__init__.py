"""Builders: what a definition's items are (Plex searches and smart filters today; one module per
external source as they land), with the conditions, attributes and sorting they share."""
