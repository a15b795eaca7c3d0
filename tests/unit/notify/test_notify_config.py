"""Reading webhooks, notifier sections and the heartbeat from config.yml (file:line errors)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from kometa.config import load_config
from kometa.core.errors import ConfigError
from kometa.notify.config import Target, describe, parse_notify, url_format, url_secrets

BASE = """\
plex:
  url: http://127.0.0.1:32400
  token: abcdefgh
libraries:
  Movies:
    collection_files:
      - file: Movies.yml
"""


def _load(tmp_path: Path, extra: str, base: str = BASE):
    path = tmp_path / "config.yml"
    path.write_text(base + textwrap.dedent(extra), encoding="utf-8")
    return parse_notify(load_config(path)), path


def test_events_take_a_url_a_service_or_a_list(tmp_path: Path) -> None:
    cfg, path = _load(tmp_path, """
        webhooks:
          error: https://example.com/hook
          run_start:
            - notifiarr
            - https://discord.com/api/webhooks/123/abc
            - notifiarr
          run_end:
          changes: ""
        notifiarr:
          apikey: 0123456789
    """)
    assert cfg.events["error"] == (Target("url", "https://example.com/hook", f"{path}:10"),)
    assert [t.kind for t in cfg.events["run_start"]] == ["notifiarr", "url"]  # each once
    assert cfg.events["run_start"][1].format == "discord"
    assert cfg.events["run_end"] == () and cfg.events["changes"] == ()
    assert cfg.notifiarr is not None and cfg.notifiarr.root == "https://notifiarr.com/api/v1"
    assert cfg.warnings == []


def test_unknown_event_is_a_located_warning_with_a_suggestion(tmp_path: Path) -> None:
    # Kometa reads only its events and ignores the rest: a located warning at load, the run goes on
    path = tmp_path / "config.yml"
    path.write_text(BASE + "webhooks:\n  run_ends: https://example.com/x\n  error: https://example.com/e\n",
                    encoding="utf-8")
    config = load_config(path)
    cfg = parse_notify(config)
    assert [t.url for t in cfg.events["error"]] == ["https://example.com/e"] and "run_ends" not in cfg.events
    [warning] = [w.text for w in config.warnings if "run_ends" in w.text]
    assert warning.startswith(f"{path}:9: webhooks: unknown key 'run_ends' is ignored (did you mean 'run_end'?)")


def test_a_target_that_is_neither_url_nor_service_is_located(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        _load(tmp_path, """
            webhooks:
              error:
                - https://example.com/ok
                - gotfy
        """)
    assert err.value.line == 12 and "'gotfy'" in err.value.message and "did you mean 'gotify'" in err.value.message
    with pytest.raises(ConfigError) as err:
        _load(tmp_path, """
            webhooks:
              error: {url: x}
        """)
    assert err.value.line == 10 and "got CommentedMap" in err.value.message or "got" in err.value.message
    with pytest.raises(ConfigError) as err:
        _load(tmp_path, "webhooks: https://example.com\n")
    assert err.value.line == 8 and "mapping of event" in err.value.message


def test_a_named_service_without_its_section_is_a_warning(tmp_path: Path) -> None:
    cfg, path = _load(tmp_path, """
        webhooks:
          error: [gotify, ntfy, apprise]
          version: notifiarr
        notifiarr:
          apikey:
    """)
    assert cfg.notifiarr is None and cfg.gotify is None
    assert len(cfg.warnings) == 4  # gotify, ntfy, apprise (error) and notifiarr (version)
    assert cfg.warnings[0].startswith(f"{path}:10: webhook 'gotify' is named but the gotify section")
    assert "webhook 'notifiarr' is named but the notifiarr section" in cfg.warnings[-1]


def test_services_read_their_sections(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOMETA_NOTIFIARR_URL", "http://127.0.0.1:1/api/v1/")
    cfg, path = _load(tmp_path, """
        webhooks:
          error: [notifiarr, gotify, ntfy, apprise]
        notifiarr:
          apikey: key-1234567
        gotify:
          url: https://gotify.example.com/
          token: gtoken123
        ntfy:
          url: https://ntfy.sh
          topic: /kometa-topic
        apprise:
          config: apprise.yml
    """)
    assert cfg.notifiarr is not None and cfg.notifiarr.root == "http://127.0.0.1:1/api/v1"
    assert cfg.gotify is not None and cfg.gotify.url == "https://gotify.example.com"
    assert cfg.ntfy is not None and cfg.ntfy.topic == "kometa-topic" and cfg.ntfy.token is None
    assert cfg.apprise is not None and cfg.apprise.config == str(tmp_path / "apprise.yml")
    assert {"key-1234567", "gtoken123"} <= set(cfg.secrets)
    with pytest.raises(ConfigError) as err:
        _load(tmp_path, """
            gotify:
              url: gotify.example.com
              token: x
        """)
    assert err.value.line == 10 and "must start with http://" in err.value.message


def test_library_changes_override_and_only_changes(tmp_path: Path) -> None:
    base = BASE + "    webhooks:\n      changes: https://example.com/lib\n"
    cfg, _ = _load(tmp_path, "webhooks:\n  changes: https://example.com/all\n", base=base)
    assert cfg.targets("changes", "Movies")[0].url == "https://example.com/lib"
    assert cfg.targets("changes", "Other")[0].url == "https://example.com/all"
    base = BASE + "    webhooks:\n      error: https://example.com/lib\n"
    with pytest.raises(ConfigError) as err:
        _load(tmp_path, "", base=base)
    assert err.value.line == 9 and "only changes can be set per library" in err.value.message
    base = BASE + "    webhooks:\n      changes:\n"  # blank: the global ones apply
    cfg, _ = _load(tmp_path, "webhooks:\n  changes: https://example.com/all\n", base=base)
    assert cfg.targets("changes", "Movies")[0].url == "https://example.com/all"


def test_heartbeat_setting(tmp_path: Path) -> None:
    cfg, _ = _load(tmp_path, "settings:\n  heartbeat: https://hc-ping.com/0f3c-uuid-value\n")
    assert cfg.heartbeat == "https://hc-ping.com/0f3c-uuid-value" and not cfg.empty
    assert "0f3c-uuid-value" in cfg.secrets
    with pytest.raises(ConfigError) as err:
        _load(tmp_path, "settings:\n  heartbeat: hc-ping.com/x\n")
    assert err.value.line == 9 and "settings.heartbeat" in err.value.message


def test_url_helpers() -> None:
    assert url_format("https://discord.com/api/webhooks/1/x") == "discord"
    assert url_format("https://discordapp.com/api/webhooks/1/x") == "discord"
    assert url_format("https://hooks.slack.com/services/T/B/X") == "slack"
    assert url_format("https://example.com/discord.com/api/webhooks") == "json"
    assert describe("https://discord.com/api/webhooks/1/secret") == "https://discord.com/…"
    assert describe("https://user:pw@example.com") == "https://example.com"
    assert url_secrets("https://discord.com/api/webhooks/123456789/tokentoken1?wait=true&key=k3y456") == [
        "123456789", "tokentoken1", "k3y456"]
    assert url_secrets("https://hooks.slack.com/services/T0ABC12/B0DEF34/abcdefghijklmnopqrstuvwx") == [
        "T0ABC12", "B0DEF34", "abcdefghijklmnopqrstuvwx"]
    assert url_secrets("https://me:pass@example.com/hook") == ["me:pass"]


def test_validate_reports_a_bad_webhook(tmp_path: Path) -> None:
    from kometa.app.validate import validate
    from kometa.core.options import Options

    path = tmp_path / "config.yml"
    path.write_text(BASE.replace("      - file: Movies.yml\n", "      []\n")
                    .replace("    collection_files:\n      []\n", "    collection_files: []\n")
                    + "webhooks:\n  error: notifarr\n", encoding="utf-8")
    lines: list[str] = []  # --validate reports every problem (file:line) and exits 2
    assert validate(Options(config=path, validate=True), out=lines.append, err=lines.append) == 2
    assert any(f"{path}:8:" in line and "did you mean 'notifiarr'" in line for line in lines), lines


def test_item_ids_come_from_the_listing_guids() -> None:
    from kometa.engine.notify_hooks import item_ref
    from kometa.plex.snapshot import Item, Snapshot

    snap = Snapshot(1, "Movies", "movie", "m")
    snap.items = {1: Item(1, "movie", {"title": "A", "guids": ("imdb://tt1", "tmdb://603")}),
                  2: Item(2, "movie", {"title": "B", "guid": "com.plexapp.agents.themoviedb://604?lang=en"}),
                  3: Item(3, "show", {"title": "S", "guids": ("tvdb://81189",)}),
                  4: Item(4, "movie", {"title": "C", "guid": "plex://movie/5d776"})}
    assert item_ref(snap, 1).payload() == {"title": "A", "tmdb_id": 603}
    assert item_ref(snap, 2).payload() == {"title": "B", "tmdb_id": 604}
    assert item_ref(snap, 3).payload() == {"title": "S", "tvdb_id": 81189}
    assert item_ref(snap, 4).payload() == {"title": "C"}
    assert item_ref(snap, 9, "gone").payload() == {"title": "gone"}


def test_validate_checks_changes_webhooks_of_definitions(tmp_path: Path) -> None:
    from kometa.app.validate import validate
    from kometa.core.options import Options

    path = tmp_path / "config.yml"
    path.write_text(BASE, encoding="utf-8")
    (tmp_path / "Movies.yml").write_text(textwrap.dedent("""\
        collections:
          Fine:
            changes_webhooks: [https://example.com/a, notifiarr]
            plex_all: true
          Templated:
            changes_webhooks: <<hook>>
            plex_all: true
          Wrong:
            plex_all: true
            changes_webhooks: example.com/hook
    """), encoding="utf-8")
    lines: list[str] = []  # --validate reports every problem (file:line) and exits 2
    assert validate(Options(config=path, validate=True), out=lines.append, err=lines.append) == 2
    errors = [line for line in lines if line.startswith("kometa: error:")]
    # '<<hook>>' outside a template is never filled: a run would refuse it too
    assert len(errors) == 2, lines
    assert f"{tmp_path / 'Movies.yml'}:10: Wrong: changes_webhooks: 'example.com/hook' is neither a webhook URL" \
        in errors[0]
    assert f"{tmp_path / 'Movies.yml'}:6: changes_webhooks: '<<hook>>'" in errors[1]


def test_old_change_events_are_read_as_changes(tmp_path: Path) -> None:
    cfg, path = _load(tmp_path, """
        webhooks:
          collection_creation: https://a.example/hook
          collection_addition: [https://a.example/hook, https://b.example/hook]
          collection_removal:
    """)
    assert [t.url for t in cfg.events["changes"]] == ["https://a.example/hook", "https://b.example/hook"]
    assert cfg.warnings[0].endswith("webhooks.collection_creation is the old form of changes; it is read as changes")
    cfg, _ = _load(tmp_path, """
        webhooks:
          changes: https://c.example/hook
          collection_changes: https://a.example/hook
    """)
    assert [t.url for t in cfg.events["changes"]] == ["https://c.example/hook"]
    assert "collection_changes is an old form of changes, which is set: ignored" in cfg.warnings[0]


def test_a_bad_webhook_url_is_echoed_without_its_password(tmp_path: Path) -> None:
    # review14: a non-http URL with user:password was echoed whole in the error
    with pytest.raises(ConfigError) as err:
        _load(tmp_path, "webhooks:\n  error: ftp://x:SECRET@h/\n")
    assert "SECRET" not in err.value.message and "ftp://(redacted)@h/" in err.value.message
    with pytest.raises(ConfigError) as err:
        _load(tmp_path, "gotify:\n  url: ftp://user:SECRET2@h/api/123456/abcdefTOKEN9\n  token: x\n")
    assert "SECRET2" not in err.value.message and "abcdefTOKEN9" not in err.value.message
    assert "must start with http://" in err.value.message


def test_a_missing_apprise_config_file_is_a_located_warning(tmp_path: Path) -> None:
    cfg, _ = _load(tmp_path, "apprise:\n  config: nope_apprise.yml\n")
    assert any(":9: apprise config file 'nope_apprise.yml' is not there" in line for line in cfg.warnings), cfg.warnings
    (tmp_path / "here.yml").write_text("urls: []\n")
    cfg, _ = _load(tmp_path, "apprise:\n  config: here.yml\n")
    assert not cfg.warnings and cfg.apprise is not None
    cfg, _ = _load(tmp_path, "apprise:\n  config: https://example.com/apprise.yml\n")
    assert not cfg.warnings
