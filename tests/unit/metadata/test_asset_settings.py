"""Asset settings (pure-ish, on a temporary folder): directories, Kometa's config/ prefix, flags."""

from __future__ import annotations

import pytest

from kometa.metadata.assets import safe_name, settings_from


def test_directories_and_the_config_prefix(tmp_path):
    settings = settings_from({"asset_directory": ["config/assets", "other", str(tmp_path / "abs")]}, tmp_path)
    assert settings.directories == (tmp_path / "assets", tmp_path / "other", tmp_path / "abs")
    (tmp_path / "config" / "assets").mkdir(parents=True)  # a real config/ folder beside config.yml wins
    assert settings_from({"asset_directory": "config/assets"}, tmp_path).directories == (tmp_path / "config" / "assets",)
    assert settings_from({}, tmp_path).directories == (tmp_path / "assets",)


def test_flags_and_bad_values(tmp_path):
    settings = settings_from({"prioritize_assets": True, "dimensional_asset_rename": True,
                              "download_url_assets": None}, tmp_path)
    assert settings.prioritize and settings.dimensional_rename and not settings.download_url
    with pytest.raises(ValueError, match="prioritize_assets must be true or false"):
        settings_from({"prioritize_assets": "yes"}, tmp_path)


def test_safe_names():
    assert safe_name("Marvel: Phase 1") == "Marvel Phase 1"
    assert safe_name('What? "Why"/How.') == "What WhyHow"
    assert safe_name(":::") == "_"
