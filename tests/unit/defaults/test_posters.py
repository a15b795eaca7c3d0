"""The separator posters our defaults draw (kometa.defaults.posters): styles, names, fingerprints."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from kometa.defaults import posters


@pytest.mark.parametrize("style", sorted(posters.SEPARATOR_STYLES))
def test_every_style_is_drawn_in_its_colours(style: str) -> None:
    back, ink = posters.SEPARATOR_STYLES[style]
    image = Image.open(io.BytesIO(posters.png(f"default:separator/{style}/Genre Collections"))).convert("RGB")
    assert image.size == posters.SIZE
    middle = image.getpixel((10, posters.SIZE[1] // 2))  # the gradient's middle is the style's colour
    assert all(abs(a - b) <= 12 for a, b in zip(middle, back, strict=True)), (style, middle, back)
    band = image.getpixel((posters.SIZE[0] // 2, posters.SIZE[1] // 2 + 46))  # the band under the name
    assert band == ink
    colours = {c for _, c in image.getcolors(maxcolors=1 << 20) or []}
    assert ink in colours  # the lettering


def test_kometa_style_names_and_our_errors() -> None:
    assert {"orig", "stb", "amethyst", "tan"} <= set(posters.SEPARATOR_STYLES) and len(posters.SEPARATOR_STYLES) == 22
    assert posters.parse("default:separator/RED/Award Collections") == ("separator", "red", "Award Collections")
    with pytest.raises(posters.PosterError, match="'mauve' is not a separator style.*orig"):
        posters.parse("default:separator/mauve/Award Collections")
    with pytest.raises(posters.PosterError, match="no drawn poster"):
        posters.parse("default:ribbon/red")
    assert posters.is_reference("default:separator/red/X") and not posters.is_reference("poster.png")


def test_fingerprint_follows_the_pixels() -> None:
    one = posters.fingerprint("default:separator/red/Genre Collections")
    assert one == posters.fingerprint("default:separator/red/Genre Collections") and one.startswith("drawn:")
    assert one != posters.fingerprint("default:separator/blue/Genre Collections")
    assert one != posters.fingerprint("default:separator/red/Decade Collections")


def test_the_name_is_split_and_drawn_even_without_its_glyphs() -> None:
    assert posters._lines("Genre Collections") == ("GENRE", "COLLECTIONS")
    assert posters._lines("Awards") == ("AWARDS", "")
    image = posters.draw("default:separator/orig/Sammlungen für Ältere Collections")  # no box glyphs, no error
    assert image.size == posters.SIZE


def _separator(tmp_path, library_vars: str, entry_vars: str) -> dict:
    from kometa.config.definitions import load_definitions
    from kometa.config.loader import load_config
    path = tmp_path / "config.yml"
    path.write_text(f"libraries:\n  Movies:\n{library_vars}    collection_files:\n      - default: separator_award\n"
                    f"{entry_vars}plex:\n  url: http://x\n  token: t\n")
    config = load_config(path)
    found = load_definitions(config, config.libraries["Movies"], library_type="movie")
    return dict(next(iter(found)).data)


def test_the_separator_template_asks_for_the_drawn_poster(tmp_path) -> None:
    assert _separator(tmp_path, "", "")["file_poster"] == "default:separator/orig/Award Collections"
    library = "    template_variables:\n      sep_style: blue\n"  # a library's variables reach every file
    assert _separator(tmp_path, library, "")["file_poster"] == "default:separator/blue/Award Collections"
    entry = "        template_variables:\n          sep_style: red\n          name_separator: Prizes\n"
    assert _separator(tmp_path, library, entry)["file_poster"] == "default:separator/red/Prizes"
    mine = _separator(tmp_path, "", "        template_variables:\n          url_poster_separator: https://x/p.jpg\n")
    assert mine["url_poster"] == "https://x/p.jpg" and "file_poster" not in mine


def test_a_bad_style_of_an_entry_is_located(tmp_path) -> None:
    from kometa.core.errors import ConfigError
    with pytest.raises(ConfigError) as caught:
        _separator(tmp_path, "", "        template_variables:\n          sep_style: mauve\n")
    assert caught.value.line == 4 and "sep_style 'mauve' is not a separator style" in str(caught.value)
