"""PLACE rules on hand-built claims: venues and destinations that cannot both be right, and when to stay silent."""

from __future__ import annotations

import datetime as dt

import pytest

from claimcheck.extract.place import CITY, CONTINENT, COUNTRY, DESTINATION, LOCATION, REGION, VENUE, Place, describe
from claimcheck.extract.place import extract as extract_places
from claimcheck.extract.time import TimeValue
from claimcheck.model import CHANGED, CONTRADICTION, DIFFERENT_SCOPE, PLACE, TIME, Claim, Finding, Sentence, Slot
from claimcheck.rules.place import DISJOINT, RULES, SAME, UNKNOWN, WITHIN, relation

D = dt.date.fromisoformat

PHNOM_PENH = Place("Phnom Penh", CITY, "KH")
CAMBODIA = Place("Cambodia", COUNTRY, "KH")
VIENTIANE = Place("Vientiane", CITY, "LA")
PARIS = Place("Paris", CITY, "FR")
PARIS_TX = Place("Paris", CITY, "US", "TX")
FRANCE = Place("France", COUNTRY, "FR")
LYON = Place("Lyon", CITY, "FR")
MARSEILLE = Place("Marseille", CITY, "FR")
BERLIN = Place("Berlin", CITY, "DE")
VIENNA = Place("Vienna", CITY, "AT")
AUSTIN = Place("Austin", CITY, "US", "TX")
TEXAS = Place("Texas", REGION, "US", "TX")
CALIFORNIA = Place("California", REGION, "US", "CA")
UNITED_STATES = Place("United States", COUNTRY, "US")
NEW_YORK = Place("New York City", CITY, "US", "NY")
BROOKLYN = Place("Brooklyn", CITY, "US", "NY")
HONG_KONG = Place("Hong Kong", COUNTRY, "HK")
CHINA = Place("China", COUNTRY, "CN")
EUROPE = Place("Europe", CONTINENT, "")
ENGLAND = Place("England", REGION, "GB")
SCOTLAND = Place("Scotland", REGION, "GB")
TOKYO = Place("Tokyo", CITY, "JP")
SEOUL = Place("Seoul", CITY, "KR")
GENEVA = Place("Geneva", CITY, "CH")
NAIROBI = Place("Nairobi", CITY, "KE")
CLEVELAND = Place("Cleveland", CITY, "US", "OH")
MIAMI = Place("Miami", CITY, "US", "FL")
OMAHA = Place("Omaha", CITY, "US", "NE")
DALLAS = Place("Dallas", CITY, "US", "TX")
LONDON = Place("London", CITY, "GB")


def _place(place: Place, role: str = VENUE, raw: str | None = None) -> Slot:
    raw = raw or place.name
    return Slot(kind=PLACE, raw=raw, start=0, end=len(raw), value=place, normalized=describe(place), subject=role)


def _time(start: str, end: str) -> Slot:
    return Slot(kind=TIME, raw=start, start=0, end=len(start), value=TimeValue(D(start), D(end), "day", "at"),
                normalized=start)


def _claim(published: str | None, *slots: Slot, article: str | None = None, text: str | None = None,
           index: int = 0) -> Claim:
    # Hand-built venues need an event both sentences name: the venue rule compares
    # only sentences about the same kind of event.
    text = text or " / ".join(s.raw for s in slots) + " - the annual summit was held there."
    sentence = Sentence(article=article or f"{published}:{text}", index=index, start=0, end=len(text), text=text)
    return Claim(sentence=sentence, published=D(published) if published else None, slots=slots)


def _findings(a: Claim, b: Claim) -> list[Finding]:
    return [f for rule in RULES for f in rule.check(a, b)]


def _verdicts(a: Claim, b: Claim) -> list[tuple[str, str]]:
    return [(f.rule, f.verdict) for f in _findings(a, b)]


@pytest.mark.parametrize(
    "x, y, expected",
    [
        (PHNOM_PENH, CAMBODIA, WITHIN),
        (CAMBODIA, PHNOM_PENH, WITHIN),
        (PARIS, PARIS, SAME),
        (PARIS, PARIS_TX, SAME),  # a namesake: never worth a conflict
        (AUSTIN, TEXAS, WITHIN),
        (AUSTIN, UNITED_STATES, WITHIN),
        (TEXAS, UNITED_STATES, WITHIN),
        (HONG_KONG, CHINA, WITHIN),
        (VIENTIANE, CAMBODIA, DISJOINT),
        (LYON, MARSEILLE, DISJOINT),
        (AUSTIN, CALIFORNIA, DISJOINT),
        (TEXAS, CALIFORNIA, DISJOINT),
        (BERLIN, VIENNA, DISJOINT),
        (BROOKLYN, NEW_YORK, UNKNOWN),  # a borough of the city
        (EUROPE, PARIS, UNKNOWN),
        (ENGLAND, SCOTLAND, UNKNOWN),
        (ENGLAND, LONDON, UNKNOWN),
        (Place("Valencia", CITY, ""), MARSEILLE, UNKNOWN),  # an ambiguous city has no country
    ],
)
def test_rules_place_relation(x: Place, y: Place, expected: str) -> None:
    assert relation(x, y) == expected


@pytest.mark.parametrize(
    "a, b",
    [
        # A city against its own country, state or itself.
        (_claim("2022-07-07", _place(CAMBODIA, raw="in Cambodia")), _claim("2022-07-28", _place(PHNOM_PENH))),
        (_claim("2022-07-07", _place(PARIS)), _claim("2022-07-07", _place(PARIS, raw="Paris, France"))),
        (_claim("2023-03-01", _place(AUSTIN)), _claim("2023-03-02", _place(TEXAS))),
        (_claim("2023-03-01", _place(NEW_YORK)), _claim("2023-03-02", _place(UNITED_STATES))),
        (_claim("2023-03-01", _place(BROOKLYN)), _claim("2023-03-02", _place(NEW_YORK))),
        (_claim("2023-03-01", _place(HONG_KONG)), _claim("2023-03-02", _place(CHINA))),
        (_claim("2023-03-01", _place(EUROPE)), _claim("2023-03-02", _place(PARIS))),
        (_claim("2023-03-01", _place(PARIS)), _claim("2023-03-02", _place(PARIS_TX))),
        # Different roles, or bare mentions, are never compared.
        (_claim("2023-03-01", _place(LYON)), _claim("2023-03-02", _place(MARSEILLE, LOCATION))),
        (_claim("2023-03-01", _place(LYON, "")), _claim("2023-03-02", _place(MARSEILLE, ""))),
        (_claim("2023-03-01", _place(TOKYO, DESTINATION)), _claim("2023-03-02", _place(SEOUL, VENUE))),
        # A list of venues on one side: not one event's venue.
        (_claim("2023-03-01", _place(PARIS), _place(BERLIN)), _claim("2023-03-02", _place(LONDON))),
        # One article naming two venues with nothing to date them: two events.
        (_claim("2023-03-01", _place(LYON), article="a1", index=1),
         _claim("2023-03-01", _place(MARSEILLE), article="a1", index=7)),
        # Nothing to compare on one side.
        (_claim("2023-03-01", _place(LYON)), _claim("2023-03-02")),
    ],
)
def test_rules_place_stays_silent(a: Claim, b: Claim) -> None:
    assert _findings(a, b) == []


def test_rules_place_same_sentence_is_not_compared() -> None:
    a = _claim("2023-03-01", _place(LYON), _place(MARSEILLE))
    assert _findings(a, a) == []


@pytest.mark.parametrize(
    "a, b, expected",
    [
        # Sport: the same final in two cities, same week.
        (_claim("2023-05-01", _place(LYON)), _claim("2023-05-03", _place(MARSEILLE)), CONTRADICTION),
        # Disasters: a donors' conference.
        (_claim("2023-05-01", _place(GENEVA)), _claim("2023-05-01", _place(NAIROBI)), CONTRADICTION),
        # Elections: a debate venue.
        (_claim("2024-09-01", _place(CLEVELAND)), _claim("2024-09-02", _place(MIAMI)), CONTRADICTION),
        # Business: a shareholder meeting in another state.
        (_claim("2024-05-01", _place(OMAHA)), _claim("2024-05-02", _place(DALLAS)), CONTRADICTION),
        (_claim("2024-05-01", _place(AUSTIN)), _claim("2024-05-02", _place(CALIFORNIA)), CONTRADICTION),
        # Courts: a trial venue.
        (_claim("2021-01-10", _place(LONDON)), _claim("2021-01-12", _place(PARIS)), CONTRADICTION),
        # A host country against a city abroad.
        (_claim("2022-07-28", _place(CAMBODIA), _place(PHNOM_PENH)),
         _claim("2022-07-29", _place(VIENTIANE, raw="Vientiane, Laos")), CONTRADICTION),
        # Travel: one trip, two destinations.
        (_claim("2023-02-01", _place(TOKYO, DESTINATION)), _claim("2023-02-01", _place(SEOUL, DESTINATION)),
         CONTRADICTION),
        # The same annual conference dated to different years: two occasions.
        (_claim("2019-06-01", _place(BERLIN), _time("2019-05-20", "2019-05-22")),
         _claim("2023-06-01", _place(VIENNA), _time("2023-05-22", "2023-05-24")), DIFFERENT_SCOPE),
        # Undated claims published two years apart: most likely two occasions too.
        (_claim("2022-07-28", _place(PHNOM_PENH)), _claim("2024-08-09", _place(VIENTIANE)), DIFFERENT_SCOPE),
    ],
)
def test_rules_place_fires(a: Claim, b: Claim, expected: str) -> None:
    found = _findings(a, b)
    assert [f.verdict for f in found] == [expected]


def test_rules_place_venues_of_two_kinds_of_event_are_silent() -> None:
    a = _said("2005-01-01", "Holmes won the Spar European Indoor Championships in Lyon", LYON)
    b = _said("2005-01-01", "Holmes ran her fastest time at an indoor meeting in Marseille", MARSEILLE)
    assert _findings(a, b) == []


def test_rules_place_one_article_two_dated_meetings_is_silent() -> None:
    # An article describing a briefing in one city and a meeting in another is not
    # contradicting itself: two occasions, and the article says so by dating them.
    a = _claim("2024-08-09", _place(PHNOM_PENH), _time("2024-08-08", "2024-08-08"), article="a1", index=2)
    b = _claim("2024-08-09", _place(VIENTIANE), _time("2024-07-25", "2024-07-27"), article="a1", index=9)
    assert _findings(a, b) == []


def _said(published: str, text: str, place: Place) -> Claim:
    """A claim whose one venue slot sits where its name does in `text`."""
    start = text.index(place.name)
    slot = Slot(kind=PLACE, raw=place.name, start=start, end=start + len(place.name), value=place,
                normalized=describe(place), subject=VENUE)
    return _claim(published, slot, text=text)


def test_rules_place_planned_venue_can_change() -> None:
    a = _said("2023-03-01", "The cup final will be held in Lyon", LYON)
    b = _said("2023-04-01", "The cup final was held in Marseille", MARSEILLE)
    (found,) = _findings(a, b)
    assert found.verdict == CHANGED
    assert "plan" in found.explanation
    same_day = _said("2023-03-01", "The cup final will be held in Marseille", MARSEILLE)
    assert [f.verdict for f in _findings(a, same_day)] == [CONTRADICTION]


def test_rules_place_overlapping_dates_are_a_contradiction() -> None:
    a = _claim("2023-06-01", _place(BERLIN), _time("2023-05-20", "2023-05-22"))
    b = _claim("2023-06-02", _place(VIENNA), _time("2023-05-21", "2023-05-21"))
    assert _verdicts(a, b) == [("place.venue/1", CONTRADICTION)]


def test_rules_place_explanation_quotes_both_sides() -> None:
    a = _claim("2022-07-28", _place(PHNOM_PENH))
    b = _claim("2022-07-29", _place(VIENTIANE, raw="Vientiane, Laos"))
    (found,) = _findings(a, b)
    assert found.rule == "place.venue/1"
    assert found.subject == VENUE
    assert found.slots == (a.slots[0], b.slots[0])
    assert found.claims == (a, b)
    assert '"Phnom Penh" (Phnom Penh, Cambodia) in the 2022-07-28 article' in found.explanation
    assert '"Vientiane, Laos" (Vientiane, Laos) in the 2022-07-29 article' in found.explanation
    assert found.severity == "high"


def test_rules_place_different_scope_says_why() -> None:
    a = _claim("2019-06-01", _place(BERLIN), _time("2019-05-20", "2019-05-22"))
    b = _claim("2023-06-01", _place(VIENNA), _time("2023-05-22", "2023-05-24"))
    (found,) = _findings(a, b)
    assert "do not overlap" in found.explanation
    assert "two occasions" in found.explanation
    assert found.severity == "low"


def test_rules_place_picks_the_most_specific_side() -> None:
    a = _claim("2022-07-28", _place(CAMBODIA), _place(PHNOM_PENH))
    b = _claim("2022-07-29", _place(VIENTIANE))
    (found,) = _findings(a, b)
    assert found.slots[0].value == PHNOM_PENH


def _extracted(text: str, published: str, article: str) -> Claim:
    sentence = Sentence(article=article, index=0, start=0, end=len(text), text=text)
    return Claim(sentence=sentence, published=D(published), slots=tuple(extract_places(text, D(published))))


@pytest.mark.parametrize(
    "x, y, expected",
    [
        ("The cup final was held in Lyon.", "The cup final was held in Marseille.", [CONTRADICTION]),
        # A planned venue can move between reports.
        ("The cup final will be held in Lyon.", "The cup final will be held in Marseille.", [CHANGED]),
        ("The summit took place in Cambodia.", "The summit took place in Phnom Penh.", []),
        ("The match was played in Paris.", "The match was played in Paris, France.", []),
        ("The minister flew to Tokyo on Monday.", "The minister flew to Seoul on Monday.", [CONTRADICTION]),
        ("The epicentre was near the city of Arequipa.", "The epicentre was near the city of Cusco.", [CONTRADICTION]),
        ("The quake struck southern Peru.", "The epicentre was near the city of Arequipa.", []),
        ("Officials in Lyon said the final was delayed.", "Officials in Marseille said the final was delayed.", []),
        ("Moscow's envoy arrived.", "Paris's envoy arrived.", []),
    ],
)
def test_rules_place_end_to_end_on_extracted_slots(x: str, y: str, expected: list[str]) -> None:
    a, b = _extracted(x, "2023-05-01", "a"), _extracted(y, "2023-05-02", "b")
    assert [f.verdict for f in _findings(a, b)] == expected


def test_rules_place_rule_ids_are_stable() -> None:
    assert [r.id for r in RULES] == ["place.venue/1", "place.destination/1"]
    assert all(r.family == "place" and r.description for r in RULES)
