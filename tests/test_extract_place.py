"""PLACE extraction on hand-written sentences: gazetteer lookups, roles, and names to leave alone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.extract.place import (
    CITY,
    CONTINENT,
    COUNTRY,
    DESTINATION,
    LOCATION,
    ORIGIN,
    REGION,
    VENUE,
    Place,
    describe,
    distance_km,
    extract,
    sovereign,
)
from claimcheck.model import PLACE


def _found(text: str) -> list[tuple[str, str, str, str]]:
    """(raw, place name, country, role) of every slot."""
    return [(s.raw, s.value.name, s.value.country, s.subject) for s in extract(text, None)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # Diplomacy: venues, the host country and its city, a city with its country.
        ("The summit will be held in Phnom Penh.", [("Phnom Penh", "Phnom Penh", "KH", VENUE)]),
        (
            "The 55th ASEAN Foreign Ministers' Meeting will be hosted by Cambodia in Phnom Penh.",
            [("Cambodia", "Cambodia", "KH", VENUE), ("Phnom Penh", "Phnom Penh", "KH", VENUE)],
        ),
        (
            "Lavrov attended the annual foreign ministers' meetings in Vientiane, Laos.",
            [("Vientiane, Laos", "Vientiane", "LA", VENUE)],
        ),
        ("Cambodia will also be hosting the ASEAN Regional Forum.", [("Cambodia", "Cambodia", "KH", VENUE)]),
        (
            "From Cambodia, Lavrov will travel to Bali for the G20 summit.",
            [("Cambodia", "Cambodia", "KH", ORIGIN), ("Bali", "Bali", "ID", DESTINATION)],
        ),
        ("Lavrov will take part in the East Asia Summit in Cambodia on Saturday.",
         [("Cambodia", "Cambodia", "KH", VENUE)]),
        # Disasters.
        # Where a quake struck is where it took place.
        ("The earthquake struck near Kathmandu, Nepal, on Saturday.",
         [("Kathmandu, Nepal", "Kathmandu", "NP", VENUE)]),
        ("A donors' conference for flood victims took place in Geneva.", [("Geneva", "Geneva", "CH", VENUE)]),
        ("Floods in Split, Croatia, killed two people.", [("Split, Croatia", "Split", "HR", LOCATION)]),
        ("A government agency in the north-eastern city of Yantai owns the firm.",
         [("Yantai", "Yantai", "CN", LOCATION)]),
        ("The fire broke out in Reading, England.", [("Reading, England", "Reading", "GB", LOCATION)]),
        # Elections.
        ("Election results in Burma were delayed.", [("Burma", "Myanmar", "MM", LOCATION)]),
        ("The second debate was held in Cleveland.", [("Cleveland", "Cleveland", "US", VENUE)]),
        # Business.
        ("The company opened an office in Austin, Texas.", [("Austin, Texas", "Austin", "US", LOCATION)]),
        ("Shareholders met in Omaha on Saturday.", [("Omaha", "Omaha", "US", VENUE)]),
        ("The chief executive flew to Tokyo for talks.", [("Tokyo", "Tokyo", "JP", DESTINATION)]),
        # Sport.
        ("The final was staged in Lyon.", [("Lyon", "Lyon", "FR", VENUE)]),
        ("The 2019 conference in Berlin drew 5,000 people.", [("Berlin", "Berlin", "DE", VENUE)]),
        # Courts.
        ("The trial took place in Paris.", [("Paris", "Paris", "FR", VENUE)]),
        ("The hearing was held in Washington.", [("Washington", "Washington", "US", VENUE)]),
        ("The talks were held in Washington, D.C., last week.", [("Washington, D.C.", "Washington", "US", VENUE)]),
        # Aliases news uses.
        ("Trade with Türkiye and South Korea grew.",
         [("Türkiye", "Turkey", "TR", ""), ("South Korea", "South Korea", "KR", "")]),
        ("Cocoa from Ivory Coast is shipped to Europe.",
         [("Ivory Coast", "Ivory Coast", "CI", ORIGIN), ("Europe", "Europe", "", "")]),
        ("Officials from the United States of America and the UK met.",
         [("United States of America", "United States", "US", ORIGIN), ("UK", "United Kingdom", "GB", ORIGIN)]),
        ("PHNOM PENH, November 12. /TASS/.", [("PHNOM PENH", "Phnom Penh", "KH", "")]),
        # Lists share a role; a comma alone does not make a list.
        ("Students from Cambodia, Brunei and Myanmar arrived.",
         [("Cambodia", "Cambodia", "KH", ORIGIN), ("Brunei", "Brunei", "BN", ORIGIN),
          ("Myanmar", "Myanmar", "MM", ORIGIN)]),
        # An invitation sent to a country is not a trip there.
        ("Apart from the invite sent to Russia, Cambodia has also asked Myanmar to join.",
         [("Russia", "Russia", "RU", ""), ("Cambodia", "Cambodia", "KH", ""),
          ("Myanmar", "Myanmar", "MM", "")]),
        ("He met the ambassador to Egypt.", [("Egypt", "Egypt", "EG", "")]),
        ("Let us go to Paris.", [("Paris", "Paris", "FR", DESTINATION)]),
        ("A storm hit Paris, Texas.", [("Paris, Texas", "Paris", "US", "")]),
        ("Flooding hit Atlanta, Georgia, overnight.", [("Atlanta, Georgia", "Atlanta", "US", "")]),
    ],
)
def test_extract_place_finds_places_and_roles(text: str, expected: list[tuple[str, str, str, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # Organisations and titles that hold a place name.
        "The Bangkok Post reported the news.",
        "The Phnom Penh Post said the talks went well.",
        "He joined the Bank of England in 2001.",
        "She studied at the University of Cambridge.",
        "Manchester United beat Real Madrid.",
        "The New York Times reported it first.",
        "Paris Hilton arrived late.",
        "Florence Welch sang two songs.",
        # Common words and first names that are also towns.
        "Most analysts expect growth.",
        "Reading is fun, said Jackson.",
        "Mobile phone sales rose.",
        "Nice weather helped the harvest.",
        "Sale of the firm was approved.",
        "Flooding hit Split on Monday.",
        "Victoria thanked the voters.",
        "Lincoln was re-elected.",
        # Demonyms are not places.
        "Russian troops crossed the border.",
        "The French and German leaders spoke.",
        # A name two very different places share.
        "Voters in Georgia went to the polls.",
        # Headlines capitalise everything.
        "Lavrov To Discuss Threats At Phnom Penh East Asia Summit",
        "",
        "no capitals here at all",
    ],
)
def test_extract_place_leaves_non_places_alone(text: str) -> None:
    assert extract(text, None) == []


def test_extract_place_city_and_country_make_one_slot() -> None:
    slots = extract("Lavrov attended the meetings in Vientiane, Laos.", None)
    assert len(slots) == 1
    assert slots[0].value == Place("Vientiane", CITY, "LA")
    assert slots[0].normalized == "Vientiane, Laos"


def test_extract_place_value_types() -> None:
    slots = extract("Texas, France, Europe and Lyon were named in Lyon.", None)
    kinds = {s.value.name: s.value.kind for s in slots}
    assert kinds["Texas"] == REGION
    assert kinds["France"] == COUNTRY
    assert kinds["Europe"] == CONTINENT
    assert all(s.kind == PLACE for s in slots)


def test_extract_place_washington_the_government_is_not_a_place() -> None:
    assert _found("Washington imposed sanctions on Moscow.") == [("Moscow", "Moscow", "RU", "")]


def test_extract_place_helpers() -> None:
    assert describe(Place("Austin", CITY, "US", "TX")) == "Austin, Texas, United States"
    assert describe(Place("Cambodia", COUNTRY, "KH")) == "Cambodia"
    assert sovereign("HK") == "CN"
    assert sovereign("FR") == "FR"
    paris, lyon = Place("Paris", CITY, "FR"), Place("Lyon", CITY, "FR")
    assert 380 < (distance_km(paris, lyon) or 0) < 420
    assert distance_km(paris, Place("France", COUNTRY, "FR")) is None


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_extract_place_never_raises_and_offsets_match(text: str) -> None:
    for slot in extract(text, None):
        assert text[slot.start : slot.end] == slot.raw


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(
    ["in", "Paris", ",", "France", "Reading", "the", "New", "York", "U.S.", "Phnom", "Penh", "'s", "held",
     "Georgia", "Washington", "D.C.", "and", "Bank", "of", "England", "-", "Türkiye", " ", "\n", "Laos"]
), max_size=30))
def test_extract_place_offsets_hold_on_name_soup(words: list[str]) -> None:
    text = " ".join(words)
    for slot in extract(text, None):
        assert text[slot.start : slot.end] == slot.raw


def test_extract_place_gazetteer_read_from_the_cache_folder_is_the_built_one(tmp_path, monkeypatch) -> None:
    from claimcheck.extract import place

    built = place._build_gazetteer()
    monkeypatch.setattr(place, "_LOADED", [])
    with place.places_in(tmp_path):
        assert place._gazetteer() == built  # built and written
    written = list(tmp_path.glob("places-*.pickle"))
    assert len(written) == 1
    monkeypatch.setattr(place, "_LOADED", [])
    monkeypatch.setattr(place, "_build_gazetteer", lambda: pytest.fail("the stored gazetteer was not read"))
    with place.places_in(tmp_path):
        assert place._gazetteer() == built
        slots = place.extract("The summit was held in Phnom Penh, Cambodia, after talks in Vientiane.", None)
    assert [s.normalized for s in slots] == ["Phnom Penh, Cambodia", "Vientiane, Laos"]


def test_extract_place_damaged_gazetteer_file_is_built_again(tmp_path, monkeypatch) -> None:
    from claimcheck.extract import place

    monkeypatch.setattr(place, "_LOADED", [])
    path = place._places_file(tmp_path)
    path.write_bytes(b"not a pickle")
    with place.places_in(tmp_path):
        gazetteer = place._gazetteer()
    assert gazetteer.country_names["KH"] == "Cambodia"
    assert path.read_bytes() != b"not a pickle"  # written again
