"""Collection posters and backgrounds from the asset folders (Kometa's ``asset_directory``).

Before a collection is reconciled, its name is looked up in the library's asset directories (see
:func:`kometa.metadata.assets.collection_images`). An image found there becomes the collection's
poster / background unless the definition sets its own ``url_*``/``file_*`` one, which wins unless
``prioritize_assets: true``; either wins over a ``_details`` builder's image, as in Kometa. The
upload goes through the collection's usual path, so an unchanged file is never uploaded again (its
fingerprint is in the ledger). Bad asset settings are reported by the operations/settings checks;
here they only mean no asset lookup.

``download_url_assets: true``: a ``url_poster``/``url_background`` is saved into the collection's
asset folder (when the folder exists, or ``create_asset_folders`` makes it) unless an asset is
already there, and the saved file is used from then on (an asset present wins over the URL). A
dry run downloads nothing; a failed download is a warning and the URL is used as before.

``styled``: the collection's images from the library's image files (a section's ``collections``,
:mod:`kometa.engine.image_step`); as Kometa's style data they win over the definition's own
``url_*``/``file_*`` images, and an asset wins over them only with ``prioritize_assets: true``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

log = logging.getLogger("kometa")


def apply_collection_assets(settings: dict[str, Any], base_dir: Path, s: Any, *, dry_run: bool,
                            styled: dict[str, Any] | None = None) -> None:
    """Set ``s.poster`` / ``s.background`` (engine.settings.Settings) from the image files' style
    images (``styled``) and the asset folders."""
    from kometa.metadata.assets import collection_folder, collection_images, download_image, settings_from

    if styled:
        from kometa.metadata.image_run import collection_images as style_images

        for kind, image in style_images(styled).items():
            setattr(s, kind, image)
    if settings.get("asset_directory") is None and not (base_dir / "assets").is_dir():
        return
    try:
        assets = settings_from(settings, base_dir)
    except ValueError:
        return
    name = s.name_mapping or s.name  # name_mapping: the folder name when the title cannot be one
    found = collection_images(assets, name, rename=not dry_run)
    for kind in ("poster", "background"):
        own = getattr(s, kind)
        if kind in found and (own is None or assets.prioritize or (assets.download_url and own[0] == "url")):
            setattr(s, kind, ("file", str(found[kind])))
        elif kind not in found and own is not None and own[0] == "url" and assets.download_url and not dry_run:
            folder = collection_folder(assets, name, create=assets.create_folders)
            if folder is None:
                continue
            try:
                saved = download_image(own[1], folder, kind)
            except ValueError as exc:
                log.warning("Collection %s: download_url_assets: %s", s.name, exc)
                continue
            setattr(s, kind, ("file", str(saved)))
