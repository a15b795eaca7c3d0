"""validate_schedules: the first malformed schedule anywhere stops validation with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kometa.config import load_config
from kometa.config.files import load_documents
from kometa.core.errors import ConfigError
from kometa.schedule.validate import validate_schedules


def _validate(config_path: Path) -> None:
    config = load_config(config_path)
    documents = []
    for library in config.libraries.values():
        for ref in library.collection_files:
            documents += load_documents(ref, config.directory)
    for ref in config.playlist_files:
        documents += load_documents(ref, config.directory)
    validate_schedules(config, documents)


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_valid_config_passes(config_path: Path) -> None:
    _validate(config_path)


@pytest.mark.parametrize(("file", "old", "new", "problem"), [
    ("config.yml", "schedule: daily", "schedule: dialy", "unknown schedule"),
    ("config.yml", "schedule: range(11/15-01/05)", "schedule: range(11/15-13/05)", "MM/DD-MM/DD"),
    ("config.yml", "schedule: weekly(sunday)", "schedule: weekly(sundy)", "unknown day 'sundy'"),
    ("config.yml", "schedule_overlays: weekly(monday)", "schedule_overlays: weekly(mondy)", "unknown day"),
    ("config.yml", "schedule: monthly(1)", "schedule: monthly(0)", "day 0"),
    ("config.yml", "optimize: monthly(1)", "optimize: monthly(first)", "not a whole number"),
    ("config.yml", "schedule: weekly(saturday)", "schedule: non_existing", "non_existing only applies"),
    ("Holiday.yml", "schedule: range(12/01-12/31)", "schedule: range(12/01-12/32)", "MM/DD-MM/DD"),
    ("Movies.yml", "visible_home: weekly(thursday)", "visible_home: weekly(thrusday)", "unknown day"),
    ("Movies.yml", "visible_home: weekly(thursday)", "visible_home: non_existing", "non_existing only applies"),
    ("Playlists.yml", "schedule: monthly(last)", "schedule: monthly(lst)", "not a whole number"),
    ("TV.yml", "schedule: hourly(5)", "SCHEDULE: hourly(25)", "hour 25"),
])
def test_error_is_located(config_path: Path, file: str, old: str, new: str, problem: str) -> None:
    path = config_path.parent / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(ConfigError) as info:
        _validate(config_path)
    assert problem in str(info.value)
    assert info.value.file == str(path)
    assert info.value.line == _line_of(path, new.strip())


def test_overlay_file_schedule_is_refused(config_path: Path) -> None:
    text = config_path.read_text().replace("- file: config/Overlays.yml",
                                           "- file: config/Overlays.yml\n        schedule: weekly(monday)")
    config_path.write_text(text)
    with pytest.raises(ConfigError, match="schedule_overlays"):
        _validate(config_path)


def test_template_schedules_checked_unless_variables(config_path: Path) -> None:
    path = config_path.parent / "Movies.yml"
    path.write_text(path.read_text() + "templates:\n  T:\n    schedule: <<sched>>\n  U:\n    schedule: weekly(x)\n")
    with pytest.raises(ConfigError, match="unknown day 'x'"):
        _validate(config_path)


def test_visible_booleans_are_not_schedules(config_path: Path) -> None:
    path = config_path.parent / "Movies.yml"
    path.write_text(path.read_text().replace("visible_library: true", "visible_library: 0"))
    _validate(config_path)
