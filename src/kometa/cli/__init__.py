"""Entry points only: flags + ``KOMETA_*`` environment + ``.env`` -> Options (:mod:`.args`), and the
main command with its subcommands (:mod:`.main`). Nothing below this package imports it."""

from kometa.cli.main import main

__all__ = ["main"]
