"""Metadata files and asset folders: items matched by id or title, field edits and images, written
only where they differ.

Nothing lives here yet: the package marks where this part of the layout goes (see README,
Development)."""
