"""Our own default files, as package data: ``collections/``, ``overlays/``, ``playlists/`` and
``templates/`` (YAML, one file per default, ``NAME.movie.yml``/``NAME.show.yml`` per library type),
and their images.

'- default: NAME' is resolved by :mod:`kometa.config.defaults` (the file loader sits in
``config``, which reads this folder by path); see docs/defaults.md."""
