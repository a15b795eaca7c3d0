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
