"""--validate reports what the run would say of settings, old forms and webhooks (all located, all
at once): settings hub_priority / assets_for_all ignored, git: PMM/ read as default:, old change
events read as changes, a named notifier without its section; the run-log toggles validate."""

from __future__ import annotations

from pathlib import Path

from kometa.app.validate import validate
from kometa.core.options import Options


def _validate(tmp_path: Path, text: str) -> tuple[int, list[str]]:
    path = tmp_path / "config.yml"
    path.write_text("plex:\n  url: http://localhost:32400\n  token: abc\n" + text, encoding="utf-8")
    lines: list[str] = []
    code = validate(Options(config=path, validate=True), out=lines.append, err=lines.append)
    return code, lines


def test_settings_old_forms_and_webhooks_warnings(tmp_path):
    code, lines = _validate(tmp_path, """webhooks:
  collection_addition: https://x.example/h
  error: gotify
settings:
  hub_priority: 2
  show_unmanaged: false
  show_options: true
  missing_only_released: true
  playlist_report: false
libraries:
  Movies:
    collection_files:
      - git: PMM/basic
""")
    path = tmp_path / "config.yml"
    assert code == 0, lines
    warnings = sorted(line for line in lines if line.startswith("kometa: warning: "))
    assert len(warnings) == 4, warnings
    text = "\n".join(warnings)
    assert f"{path}:5: webhooks.collection_addition is the old form of changes" in text
    assert f"{path}:6: webhook 'gotify' is named but the gotify section is missing" in text
    assert f"{path}:8: top-level settings: hub_priority is ignored here" in text
    assert f"{path}:16: git: PMM/basic is the old form of default: basic" in text
    assert "read but not used" not in text
    assert lines[-1].endswith("valid (1 libraries, 1 files; 0 errors, 4 warnings)")


def test_a_bad_db_cache_fails_validation(tmp_path):
    path = tmp_path / "config.yml"
    code, lines = _validate(tmp_path, "  db_cache: -5\nlibraries:\n  Movies:\n")
    assert code == 2
    assert f"kometa: error: {path}:4: plex db_cache must be the database cache size in MB" in "\n".join(lines)


def test_global_only_settings_in_a_library_are_ignored_with_a_warning(tmp_path):
    """Kometa reads cache, playlist_report, run_again_delay, ... only in the top-level settings:."""
    code, lines = _validate(tmp_path, """libraries:
  Movies:
    settings:
      playlist_report: maybe
      run_again_delay: 5
      sync_mode: sync
""")
    path = tmp_path / "config.yml"
    assert code == 0, lines  # a library's value Kometa never reads is not judged
    assert [line for line in lines if line.startswith("kometa: warning: ")] == [
        f"kometa: warning: {path}:7: library 'Movies' settings: playlist_report is read only in the top-level "
        f"settings: (as in Kometa); ignored here",
        f"kometa: warning: {path}:8: library 'Movies' settings: run_again_delay is read only in the top-level "
        f"settings: (as in Kometa); ignored here"]
