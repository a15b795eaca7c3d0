"""Collection posters and backgrounds from the asset folders (Kometa's ``asset_directory``).

Before a collection is reconciled, its name is looked up in the library's asset directories (see
:func:`kometa.metadata.assets.collection_images`). An image found there becomes the collection's
poster / background unless the definition sets its own ``url_*``/``file_*`` one, which wins unless
``prioritize_assets: true``; either wins over a ``_details`` builder's image, as in Kometa. The
upload goes through the collection's usual path, so an unchanged file is never uploaded again (its
fingerprint is in the ledger). Bad asset settings are reported by the operations/settings checks;
here they only mean no asset lookup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def apply_collection_assets(settings: dict[str, Any], base_dir: Path, s: Any, *, dry_run: bool) -> None:
    """Set ``s.poster`` / ``s.background`` (engine.settings.Settings) from the asset folders."""
    from kometa.metadata.assets import collection_images, settings_from

    if settings.get("asset_directory") is None and not (base_dir / "assets").is_dir():
        return
    try:
        assets = settings_from(settings, base_dir)
    except ValueError:
        return
    found = collection_images(assets, s.name, rename=not dry_run)
    for kind, attr in (("poster", "poster"), ("background", "background")):
        if kind in found and (getattr(s, attr) is None or assets.prioritize):
            setattr(s, attr, ("file", str(found[kind])))
