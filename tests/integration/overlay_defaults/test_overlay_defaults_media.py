"""Our media, field and text overlay defaults on the small seeded world: which posters got which
badge, computed independently from what Plex serves for each item, a main variable's effect, and
a second run of all of them together that renders and writes nothing."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from default_helpers import DefaultsRunner

AUDIO = {"truehd": "TrueHD", "flac": "FLAC", "eac3": "DDPlus", "dca": "DTS", "ac3": "Dolby-Digital", "aac": "AAC",
         "mp3": "MP3", "opus": "Opus"}
ASPECTS = [(1.5, "1.33"), (1.655, "1.65"), (1.7, "1.66"), (1.8, "1.78"), (2.0, "1.85"), (2.3, "2.2"), (2.5, "2.35")]
US_MOVIE = {"G": "CR-G", "PG": "CR-PG", "PG-13": "CR-PG-13", "R": "CR-R", "NC-17": "CR-NC-17", "NR": "CR-NR",
            "Not Rated": "CR-NR", "Unrated": "CR-NR"}


def _listed(name: str, field: str) -> set[str]:
    """The values a default file badges (its definitions' ``filters: {field: value}``)."""
    from kometa.config import defaults
    from kometa.config.yaml_io import load_yaml

    data = load_yaml(next(iter(defaults.files_for("overlay_files", name).values())))
    found = set()
    for definition in data["overlays"].values():
        for call in definition["template"]:
            value = (call.get("filter") or {}).get(field)
            if value is not None:
                found.add(str(value))
    return found


def _media(item: ET.Element) -> list[ET.Element]:
    return item.findall("Media")


def _best(names: list[str], order: list[str]) -> str | None:
    found = [n for n in order if n in names]
    return found[0] if found else None


def _aspect(value: float) -> str:
    return next((key for bound, key in ASPECTS if value < bound), "2.77")


def test_audio_codec_badges_follow_the_codecs(runner: DefaultsRunner) -> None:
    got = runner.run([{"default": "audio_codec"}])
    assert runner.errors() == []
    order = ["TrueHD", "FLAC", "DDPlus", "DTS", "Dolby-Digital", "AAC", "MP3", "Opus"]  # by weight
    expected = {}
    for item in runner.items():
        names = [AUDIO[m.attrib["audioCodec"]] for m in _media(item) if m.attrib.get("audioCodec") in AUDIO]
        best = _best(names, order)
        if best:
            expected[item.attrib["title"]] = [best]
    assert got == expected and len(set(map(tuple, got.values()))) >= 3
    # style: compact draws the compact badges: every poster is rendered again
    assert set(runner.run([{"default": "audio_codec", "template_variables": {"style": "compact"}}])) == set(got)


def test_aspect_content_rating_versions_and_studio(runner: DefaultsRunner) -> None:
    entries = [{"default": "aspect"}, {"default": "content_rating_us_movie"}, {"default": "versions"},
               {"default": "studio"}]
    got = runner.run(entries)
    assert runner.errors() == []
    studios = _listed("studio", "studio")
    expected = {}
    for item in runner.items():
        names = []
        media = _media(item)
        if media and media[0].attrib.get("aspectRatio"):
            names.append(f"text({_aspect(max(float(m.attrib['aspectRatio']) for m in media))})")
        rating = item.attrib.get("contentRating")
        if rating in US_MOVIE:
            names.append(f"text({US_MOVIE[rating][3:]})")
        if len(media) > 1:
            names.append("text(x<<versions>>)")
        if item.attrib.get("studio") in studios:
            names.append(item.attrib["studio"])
        if names:
            expected[item.attrib["title"]] = names
    assert {t: sorted(n) for t, n in got.items()} == {t: sorted(n) for t, n in expected.items()}
    assert any(len(n) >= 3 for n in got.values())
    runner.sim.reset_stats()
    assert runner.run() == {} and runner.writes() == 0  # the second run renders and writes nothing


def test_video_format_reads_file_names(runner: DefaultsRunner) -> None:
    assert runner.run([{"default": "video_format"}]) == {}  # the seeded file names carry no source tag
    got = runner.run([{"default": "video_format", "template_variables": {"regex_web": r"\.mkv$", "text_web": "MKV"}}])
    assert runner.errors() == []
    mkv = {i.attrib["title"] for i in runner.items()
           if any(p.attrib.get("file", "").endswith(".mkv") for p in i.iter("Part"))}
    assert mkv and got == {title: ["text(MKV)"] for title in mkv}


def test_runtimes_text_and_its_variables(runner: DefaultsRunner) -> None:
    got = runner.run([{"default": "runtimes"}])
    assert runner.errors() == []
    assert got == {i.attrib["title"]: ["text(Runtime: <<runtimeH>>h <<runtimeM>>m)"] for i in runner.items()}
    got = runner.run([{"default": "runtimes", "template_variables": {"text": "Length:", "format": "<<runtime>> min"}}])
    assert set(got) == {i.attrib["title"] for i in runner.items()}
    assert {tuple(n) for n in got.values()} == {("text(Length: <<runtime>> min)",)}


def test_network_and_tv_content_rating_on_shows(shows: DefaultsRunner) -> None:
    got = shows.run([{"default": "network"}, {"default": "content_rating_us_show"}])
    assert shows.errors() == []
    networks = _listed("network", "network")
    tv = {"TV-Y", "TV-Y7", "TV-G", "TV-PG", "TV-14", "TV-MA"}
    expected = {}
    for item in shows.items(section=2):
        names = ([item.attrib["network"]] if item.attrib.get("network") in networks else []) + \
            ([f"text({item.attrib['contentRating']})"] if item.attrib.get("contentRating") in tv else [])
        if names:
            expected[item.attrib["title"]] = names
    assert expected and {t: sorted(n) for t, n in got.items()} == {t: sorted(n) for t, n in expected.items()}


def test_direct_play_marks_4k_items(runner: DefaultsRunner) -> None:
    got = runner.run([{"default": "direct_play"}])
    assert runner.errors() == []
    uhd = {i.attrib["title"] for i in runner.items() if any(m.attrib.get("videoResolution") == "4k" for m in _media(i))}
    assert uhd and got == {title: ["Direct-Play"] for title in uhd}


def test_audio_codec_regex_of_a_key_replaces_its_test(runner: DefaultsRunner) -> None:
    """regex_<key>: the key's badge goes on the items whose file path matches it."""
    import re

    item = runner.items()[0]
    path = item.find("Media/Part").attrib["file"]
    regex = re.escape(path.rsplit("/", 1)[-1])
    got = runner.run([{"default": "audio_codec", "template_variables": {"regex_truehd_atmos": regex}}])
    assert runner.errors() == []
    assert got.get(item.attrib["title"]) == ["TrueHD-Atmos"], got
