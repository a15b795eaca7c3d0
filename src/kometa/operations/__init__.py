"""Library operations (mass_*_update, assets_for_all, delete_collections, mappers, ...): decide
every item's values (pure), then batched writes of the differences.

Nothing lives here yet: the package marks where this part of the layout goes (see README,
Development)."""
