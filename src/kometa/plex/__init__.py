"""The seam between our logic and python-plexapi: connection, library snapshot, raw transport."""
