"""Which release is newer (the version webhook's comparison) and what a PyPI answer says."""

from __future__ import annotations

import pytest

from kometa.clients.releases import parse_release
from kometa.notify.version import newer, version_key


@pytest.mark.parametrize(("latest", "current", "expected"), [
    ("0.2.0", "0.1.0", True), ("0.1.0", "0.1.0", False), ("0.1", "0.1.0", False), ("0.1.0", "0.2.0", False),
    ("0.10.0", "0.9.9", True), ("1.0.0", "1.0.0rc2", True), ("1.0.0rc2", "1.0.0", False),
    ("1.0.0rc2", "1.0.0b9", True), ("1.0.0.post1", "1.0.0", True), ("v2.0", "1.9", True),
    ("not a version", "0.1.0", False), ("0.2.0", "???", False),
])
def test_newer(latest, current, expected):
    assert newer(latest, current) is expected


def test_version_key_orders_pre_releases_before_the_release():
    order = ["1.0.dev1", "1.0a1", "1.0b2", "1.0rc1", "1.0", "1.0.post1", "1.0.1"]
    assert sorted(order, key=version_key) == order


def test_parse_release_reads_info_version_and_the_notes_url():
    release = parse_release({"info": {"version": "1.2.3", "project_urls": {"Changelog": "https://x/c"}}})
    assert (release.version, release.notes) == ("1.2.3", "https://x/c")
    assert parse_release({"info": {"version": "1.2.3", "release_url": "https://r"}}).notes == "https://r"
    with pytest.raises(ValueError, match="no info.version"):
        parse_release({"message": "Not Found"})
