"""The people posters our defaults draw (kometa.defaults.portraits through kometa.defaults.posters):
each style a distinct treatment of the picture, a text poster without one, references and fingerprints."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from kometa.config.poster_styles import PEOPLE_STYLES
from kometa.defaults import portraits, posters

PHOTO = (200, 60, 30)  # a warm flat picture: greyscale, duotone and colour treatments all differ on it
URL = "http://img.example/t/p/original/abc.jpg"


def _photo(url: str) -> bytes:
    assert url == URL
    out = io.BytesIO()
    Image.new("RGB", (200, 300), PHOTO).save(out, "PNG")
    return out.getvalue()


def _drawn(style: str, photo: str | None = URL, name: str = "Tom Hanks") -> Image.Image:
    value = posters.with_photo(f"default:person/{style}/tmdb/{name}", photo)
    return Image.open(io.BytesIO(posters.png(value, _photo))).convert("RGB")


def test_each_style_treats_the_picture_its_own_way() -> None:
    grey = (PHOTO[0] * 299 + PHOTO[1] * 587 + PHOTO[2] * 114) // 1000
    samples = {style: _drawn(style).getpixel((500, 400)) for style in PEOPLE_STYLES}
    assert samples["bw"] == (grey, grey, grey) and samples["diiivoy"] == (grey, grey, grey)
    assert samples["signature"] == PHOTO and samples["diiivoycolor"] == PHOTO
    light = grey / 255
    duotone = tuple(round(n + (c - n) * light) for n, c in zip(portraits.NAVY, portraits.CREAM, strict=True))
    assert all(abs(a - b) <= 2 for a, b in zip(samples["rainier"], duotone, strict=True)), samples["rainier"]
    corners = {style: _drawn(style).getpixel((10, 10)) for style in PEOPLE_STYLES}
    assert corners["diiivoy"] == portraits.COLOURS["diiivoy"][0]  # the framed styles: the photo in a window
    assert corners["diiivoycolor"] == portraits.COLOURS["diiivoycolor"][0]
    assert corners["bw"] == (grey, grey, grey) and corners["signature"] == PHOTO  # the others: edge to edge
    assert _drawn("bw").getpixel((500, 1480))[0] < grey // 2  # the dark fade under the name
    assert _drawn("rainier").getpixel((20, 1480)) == portraits.NAVY  # the band under the name


@pytest.mark.parametrize("style", PEOPLE_STYLES)
def test_a_person_without_a_picture_gets_the_styles_text_poster(style: str) -> None:
    back, _ink = portraits.COLOURS[style]
    image = _drawn(style, None, "Mary-Kate Olsen")
    assert image.size == portraits.SIZE and image.getpixel((10, 10)) == back and image.getpixel((500, 400)) == back
    assert len(image.getcolors(maxcolors=1 << 20) or []) > 2  # the ring, the initials, the name
    assert portraits._initials("Mary-Kate Olsen") == "MO" and portraits._initials("Zoë") == "Z"


def test_references_round_trip_and_fingerprints_name_the_picture() -> None:
    value = posters.with_photo("default:person/RAINIER/tmdb/AC/DC Jones", URL)
    assert posters.parse(value) == ("person", "rainier", "AC/DC Jones") and posters.photo_of(value) == URL
    assert posters.photo_of("default:person/bw/tmdb/X") == posters.LOOKUP
    assert posters.lookup_offset("default:person/bw/tmdb/X") == 0
    assert posters.lookup_offset("default:person/bw/tmdb@2/X") == 2 and posters.lookup_offset(value) is None
    with pytest.raises(posters.PosterError, match="tmdb_person_offset takes a whole number"):
        posters.lookup_offset("default:person/bw/tmdb@two/X")
    assert posters.photo_of(posters.with_photo("default:person/bw/tmdb/X", None)) == posters.NO_PHOTO
    with pytest.raises(posters.PosterError, match="'sepia' is not a people poster style.*bw \\(default\\), rainier"):
        posters.parse("default:person/sepia/tmdb/X")
    with pytest.raises(posters.PosterError, match="no drawn poster"):
        posters.parse("default:person/bw/X")
    one = posters.fingerprint(value)
    assert one.startswith("drawn:") and one == posters.fingerprint(value)
    assert one != posters.fingerprint(posters.with_photo("default:person/bw/tmdb/AC/DC Jones", URL))
    assert one != posters.fingerprint(posters.with_photo("default:person/rainier/tmdb/AC/DC Jones", URL + "x"))
    assert one != posters.fingerprint(posters.with_photo("default:person/rainier/tmdb/Jones", URL))


def test_style_is_a_variable_of_the_defaults_that_draw_styles(tmp_path) -> None:
    from kometa.config.defaults import load_default, not_done
    from kometa.config.model import FileRef
    from kometa.core.errors import ConfigError

    def ref(name: str, style: str) -> FileRef:
        return FileRef(kind="default", location=name, template_variables={"style": style},
                       section="collection_files", file=str(tmp_path / "config.yml"), line=4)

    for name in ("actor", "director", "producer", "writer"):
        assert load_default(ref(name, "signature")).info.styles == "people"
        assert not not_done(ref(name, "signature"))
        with pytest.raises(ConfigError) as caught:
            load_default(ref(name, "sepia"))
        assert caught.value.line == 4 and "style 'sepia' is not one of its poster styles" in str(caught.value)
    assert not_done(ref("country", "color")) == [("style", "poster styles (this default draws no styled posters yet)")]
    assert load_default(ref("imdb", "white")).info.styles == "chart" and not not_done(ref("imdb", "white"))
    with pytest.raises(ConfigError, match="style 'bw' is not one of its poster styles; the styles are color"):
        load_default(ref("trakt", "bw"))


def test_chart_posters_colour_white_and_references() -> None:
    from kometa.defaults import chart_posters

    def drawn(value: str) -> Image.Image:
        return Image.open(io.BytesIO(posters.png(value))).convert("RGB")

    teal = drawn("default:chart/color/01b4e4/TMDb Popular")
    assert all(abs(a - b) <= 12 for a, b in zip(teal.getpixel((500, 450)), (1, 180, 228), strict=True))
    assert teal.getpixel((43, 750)) == (255, 255, 255)  # the frame: white on a dark colour
    amber = drawn("default:chart/color/F5C518/IMDb Top 250")
    assert amber.getpixel((43, 750)) == chart_posters.NEAR_BLACK  # near-black on a light one
    white = drawn("default:chart/white/f5c518/IMDb Top 250")
    assert all(abs(a - b) <= 6 for a, b in zip(white.getpixel((500, 450)), chart_posters.CHARCOAL, strict=True))
    assert white.getpixel((43, 750)) == (255, 255, 255)
    assert posters.parse("default:chart/WHITE/f5c518/A/B") == ("chart", "white", "A/B")
    with pytest.raises(posters.PosterError, match="'rainier' is not a chart poster style.*color \\(default\\), white"):
        posters.parse("default:chart/rainier/f5c518/X")
    with pytest.raises(posters.PosterError, match="'teal' is not a colour"):
        posters.parse("default:chart/color/teal/X")
    one = posters.fingerprint("default:chart/color/01b4e4/TMDb Popular")
    assert one.startswith("drawn:") and one != posters.fingerprint("default:chart/white/01b4e4/TMDb Popular")
    assert one != posters.fingerprint("default:chart/color/01b4e5/TMDb Popular")
