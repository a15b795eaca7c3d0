import textwrap

import pytest

from kometa.config import load_config
from kometa.config.files import load_documents
from kometa.core.errors import ConfigError

PLEX = "plex:\n  url: http://127.0.0.1:32400\n  token: abc\n"


def write(tmp_path, text, name="config.yml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_loads_libraries_files_and_locations(tmp_path):
    path = write(tmp_path, textwrap.dedent("""\
        libraries:
          Movies:
            schedule: weekly(sunday)
            collection_files:
              - file: config/Movies.yml
                schedule: daily
                template_variables: {a: 1}
              - Other.yml
          TV:
            library_name: TV Shows
        playlist_files:
          - folder: playlists
        """) + PLEX)
    config = load_config(path)
    movies = config.libraries["Movies"]
    assert movies.schedule.value == "weekly(sunday)" and movies.schedule.line == 3
    assert [r.name for r in movies.collection_files] == ["Movies", "Other"]
    assert movies.collection_files[0].schedule.value == "daily"
    assert movies.collection_files[0].template_variables == {"a": 1}
    assert config.libraries["TV"].library_name == "TV Shows"
    assert config.playlist_files[0].kind == "folder"
    assert config.plex.url == "http://127.0.0.1:32400"


def test_secrets_fill_placeholders_with_any_spelling(tmp_path):
    path = write(tmp_path, "libraries:\n  Movies:\nplex:\n  url: <<plex-url>>\n  token: tok-<<Plex_Token>>\n")
    config = load_config(path, secrets={"plex-url": "http://h:1", "plex-token": "xyz"})
    assert config.plex.url == "http://h:1" and config.plex.token == "tok-xyz"


def test_token_env_uses_flag(tmp_path):
    path = write(tmp_path, "libraries:\n  Movies:\nplex:\n  url: env\n  token: env\n")
    config = load_config(path, plex_url="http://h:2", plex_token="t")
    assert (config.plex.url, config.plex.token) == ("http://h:2", "t")


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("libraries:\n  Movies:\n    schedule: [daily\n" + PLEX, 4, "YAML syntax error"),
        ("libraries:\n\tMovies:\n" + PLEX, 2, "tabs"),
        ("libraries:\n  Movies:\n  Movies:\n" + PLEX, 3, "duplicate key"),
        ("libraries:\n  Movies:\n    collections: {}\n" + PLEX, 3, "cannot be inside the library block"),
        ("libraries:\n  Movies:\nplex:\n  url: http://h:1\n  token: tok-<<nope>>\n", 5, "secret <<nope>> is not set"),
        ("libraries:\n  Movies:\nplex:\n  url: h:1\n  token: t\n", 4, "must start with http"),
        ("libraries:\n  Movies:\n", 2, "no Plex server for library 'Movies'"),
        ("libraries:\n  Movies:\n    collection_files:\n      - bogus: x\n" + PLEX, 4, "found 'bogus'"),
        ("plex:\n  url: http://h:1\n  token: t\n", 1, "'libraries:' is missing"),
        ("libraries:\n  Movies:\nplex:\n  url: http://h:1\n  token: t\n  timeout: soon\n", 6, "timeout"),
        ("libraries:\n  Movies:\nplex:\n  url: http://h:1\n  token: t\n  timeout: .nan\n", 6, "timeout"),
        ("libraries:\n  Movies:\nplex:\n  url: http://h:1\n  token: [a, b]\n", 5, "token must be text"),
        ("libraries:\n  Movies:\nplex:\n  url: {h: 1}\n  token: t\n", 4, "url must be text"),
    ],
)
def test_errors_name_file_and_line(tmp_path, text, line, fragment):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert fragment in info.value.message
    assert info.value.file == str(path) and info.value.line == line
    assert "\n" not in info.value.message


def test_missing_config(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "config.yml")


def test_file_references_resolve_beside_config(tmp_path):
    (tmp_path / "Movies.yml").write_text("collections:\n  A:\n    plex_all: true\n")
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "x.yaml").write_text("collections: {}\n")
    path = write(tmp_path, textwrap.dedent("""\
        libraries:
          Movies:
            collection_files:
              - file: config/Movies.yaml
              - folder: folder
              - file: missing.yml
        """) + PLEX)
    refs = load_config(path).libraries["Movies"].collection_files
    docs = load_documents(refs[0], tmp_path)
    assert docs[0].data["collections"]["A"]["plex_all"] is True
    assert len(load_documents(refs[1], tmp_path)) == 1
    with pytest.raises(ConfigError) as info:
        load_documents(refs[2], tmp_path)
    assert info.value.line == 6 and "missing.yml" in info.value.message


def test_unreadable_folder_is_a_config_error(tmp_path, monkeypatch):
    from pathlib import Path

    from kometa.config.model import FileRef

    (tmp_path / "folder").mkdir()

    def denied(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "iterdir", denied)
    with pytest.raises(ConfigError) as info:
        load_documents(FileRef("folder", "folder", file=str(tmp_path / "config.yml"), line=7), tmp_path)
    assert info.value.line == 7 and "Permission denied" in info.value.message
