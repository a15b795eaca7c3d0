"""run_order: a library's parts in the order the setting gives; a part left out does not run; flags narrow."""

from types import SimpleNamespace

from kometa.engine.process import library_steps


def _ctx(**flags):
    names = ("operations_only", "metadata_only", "collections_only", "playlists_only", "run_collections", "run_files")
    return SimpleNamespace(options=SimpleNamespace(**{n: flags.get(n, False) for n in names}))


def _library(run_order=None, overlays=True):
    settings = {} if run_order is None else {"run_order": run_order}
    return SimpleNamespace(settings=settings, overlay_files=("x",) if overlays else ())


def test_default_order():
    assert library_steps(_ctx(), _library(), True) == ["operations", "metadata", "collections", "overlays"]


def test_custom_order_and_left_out_parts():
    steps = library_steps(_ctx(), _library(["overlays", "collections", "operations"]), True)
    assert steps == ["overlays", "collections", "operations"]


def test_flags_narrow_the_parts():
    assert library_steps(_ctx(operations_only=True), _library(), False) == ["operations"]
    assert library_steps(_ctx(collections_only=True), _library(["collections", "operations"]), True) == ["collections"]
    assert library_steps(_ctx(), _library(overlays=False), True) == ["operations", "metadata", "collections"]
