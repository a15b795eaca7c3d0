"""Overlays on posters: stacks decided per item (pure), geometry, rendering (Pillow), backup and
restore of originals, signatures so unchanged items cost nothing.

Nothing lives here yet: the package marks where this part of the layout goes (see README,
Development)."""
