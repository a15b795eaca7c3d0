"""kometa: keeps Plex libraries in the shape a YAML config describes."""

__version__ = "0.1.0"
