"""One run of a config: per library, a snapshot -> collections and playlists (definitions, settings,
filters, item edits) -> diff -> apply; ownership, the change log, the run report and its summary."""
