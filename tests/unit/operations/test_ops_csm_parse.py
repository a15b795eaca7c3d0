"""The official Common Sense age of an item page (plex_csm), as Kometa reads it."""

from __future__ import annotations

from xml.etree.ElementTree import fromstring

from kometa.operations.csm_values import CsmAges, official_age


def _page(children: str) -> str:
    return f'<Video ratingKey="7" guid="plex://movie/abc">{children}</Video>'


def test_official_age_rounded_and_other_types_ignored():
    page = fromstring(_page('<CommonSenseMedia><AgeRating type="adult" age="9"/>'
                            '<AgeRating type="official" age="12.6"/></CommonSenseMedia>'))
    assert official_age(page) == "13"
    assert official_age(fromstring(_page('<CommonSenseMedia><AgeRating type="child" age="5"/></CommonSenseMedia>'))) \
        is None
    assert official_age(fromstring(_page(""))) is None
    assert official_age(fromstring(_page('<CommonSenseMedia><AgeRating type="official" age="x"/></CommonSenseMedia>'))) \
        is None


def test_table_pads_for_plex_csm0():
    ages = CsmAges(reader=None, ages={1: "7", 2: "13"})
    assert ages.table("plex_csm0") == {1: "07", 2: "13"}
    assert ages.table("plex_csm") == {1: "7", 2: "13"}
