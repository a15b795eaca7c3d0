"""A section in the wrong kind of file is skipped, as Kometa skips it, and the warning says where it applies."""

from kometa.config.definitions import file_notices


def test_metadata_in_a_collection_file_points_at_metadata_files():
    notices = file_notices({"collections": {}, "metadata": {"Alien": {"title": "x"}}}, "collection", "Movies.yml")
    assert [n.message for n in notices] == [
        "'metadata:' in a collection file is not applied (Kometa skips it there too); list the file under "
        "metadata_files for it to apply"]


def test_unknown_section_is_named():
    notices = file_notices({"collectons": {}}, "collection", "Movies.yml")
    assert "unknown section 'collectons'" in notices[0].message


def test_a_file_read_as_both_has_no_notice_about_its_metadata(tmp_path, caplog):
    # metadata_path (or one file under collection_files and metadata_files): its metadata: is applied
    from kometa.config import load_config
    from kometa.config.definitions import load_definitions

    assert file_notices({"collections": {}, "metadata": {}}, "collection", "x.yml", ("metadata",)) == []
    (tmp_path / "both.yml").write_text("collections:\n  A:\n    plex_all: true\nmetadata:\n  Alien:\n    year: 1979\n")
    for files in ("    metadata_path:\n    - file: both.yml\n",
                  "    collection_files:\n    - file: both.yml\n    metadata_files:\n    - file: both.yml\n"):
        (tmp_path / "config.yml").write_text("plex:\n  url: http://localhost:32400\n  token: abc\n"
                                             "libraries:\n  Movies:\n" + files)
        config = load_config(tmp_path / "config.yml")
        caplog.clear()
        found = load_definitions(config, config.libraries["Movies"])
        assert [d.name for d in found] == ["A"]
        assert "is not applied" not in caplog.text, caplog.text
    (tmp_path / "config.yml").write_text("plex:\n  url: http://localhost:32400\n  token: abc\n"
                                         "libraries:\n  Movies:\n    collection_files:\n    - file: both.yml\n")
    config = load_config(tmp_path / "config.yml")
    caplog.clear()
    load_definitions(config, config.libraries["Movies"])
    assert "'metadata:' in a collection file is not applied" in caplog.text
