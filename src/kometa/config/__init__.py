"""Config loading: YAML with line numbers, secrets, structure checks, file references."""

from kometa.config.loader import load_config
from kometa.config.model import Config, FileRef, LibraryConfig, Located, PlexConfig

__all__ = ["Config", "FileRef", "LibraryConfig", "Located", "PlexConfig", "load_config"]
