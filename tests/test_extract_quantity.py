"""Tests for claimcheck.extract.quantity: figures become intervals in a canonical unit, ids never do."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.extract import quantity
from claimcheck.extract.quantity import Quantity, extract, lemma
from claimcheck.model import QUANTITY



def one(text: str) -> tuple[str, Quantity, str, str]:
    """The single quantity in `text`: (raw, value, subject, normalized)."""
    slots = extract(text, None)
    assert len(slots) == 1, [s.raw for s in slots]
    s = slots[0]
    return s.raw, s.value, s.subject, s.normalized


# (sentence, raw, low, high, unit, dimension, subject)
CASES = [
    # disasters
    ("Nearly 400 people died in the floods.", "Nearly 400", 360, 400, "", "count", "people"),
    ("At least 90 bodies were recovered.", "At least 90", 90, 112.5, "", "count", "body"),
    ("More than 2,500 homes were destroyed.", "More than 2,500", 2500, 3125, "", "count", "home"),
    ("The death toll rose to 1,032 on Monday.", "1,032", 1032, 1032, "", "count", "toll"),
    ("Dozens of villagers are still missing.", "Dozens of", 24, 99, "", "count", "villager"),
    ("Hundreds of houses collapsed.", "Hundreds of", 200, 999, "", "count", "house"),
    ("The 7.8-magnitude earthquake struck at dawn.", "7.8-magnitude", 7.8, 7.8, "M", "magnitude", "earthquake"),
    ("Some 20,000 residents were evacuated.", "Some 20,000", 18000, 22000, "", "count", "resident"),
    ("Up to 100 casualties were feared.", "Up to 100", 100 / 1.25, 100, "", "count", "casualty"),
    # elections
    ("Turnout was 67 per cent.", "67 per cent", 67, 67, "%", "percent", "turnout"),
    ("About 40% of voters backed the motion.", "About 40%", 36, 44, "%", "percent", "voter"),
    ("Two-thirds of members voted in favour.", "Two-thirds", 200 / 3, 200 / 3, "%", "percent", "member"),
    ("More than half of the seats went to the opposition.", "More than half", 50, 62.5, "%", "percent", "seat"),
    ("The party won 12.5 million votes.", "12.5 million", 12_500_000, 12_500_000, "", "count", "vote"),
    ("Between 5 and 10 ballots were spoiled.", "Between 5 and 10", 5, 10, "", "count", "ballot"),
    ("Support fell by 3 percentage points.", "3 percentage points", 3, 3, "pp", "percentage point",
     "change in support"),
    # business
    ("The firm agreed a $5bn deal.", "$5bn", 5e9, 5e9, "USD", "money", "deal"),
    ("Profits reached £1.2 billion last year.", "£1.2 billion", 1.2e9, 1.2e9, "GBP", "money", "profit"),
    ("It raised €3.5m in new funding.", "€3.5m", 3.5e6, 3.5e6, "EUR", "money", "funding"),
    ("Shares rose 4.2% on Tuesday.", "4.2%", 4.2, 4.2, "%", "percent", "change in share"),
    ("The company cut 1,200 jobs.", "1,200", 1200, 1200, "", "count", "change in job"),
    ("The company employs 1,200 staff.", "1,200", 1200, 1200, "", "count", "staff"),
    ("Revenue was US$3.5 million.", "US$3.5 million", 3.5e6, 3.5e6, "USD", "money", "revenue"),
    ("The fund holds 3 million euros.", "3 million euros", 3e6, 3e6, "EUR", "money", "hold"),
    ("Sales grew 5-10% a year.", "5-10%", 5, 10, "%", "percent", "change in sale"),
    ("Prices rose 5 to 10 per cent.", "5 to 10 per cent", 5, 10, "%", "percent", "change in price"),
    # sport
    ("He ran the 100m in 9.58 seconds.", "9.58 seconds", 9.58 / 86400, 9.58 / 86400, "day", "duration", ""),
    ("The marathon is 42.195 km long.", "42.195 km", 42195, 42195, "meter", "length", "length"),
    ("She is 5.8 feet tall.", "5.8 feet", 1.76784, 1.76784, "meter", "length", "height"),
    ("Twenty-one players were named in the squad.", "Twenty-one", 21, 21, "", "count", "player"),
    ("A dozen fans were arrested.", "A dozen", 10.8, 13.2, "", "count", "fan"),
    # science
    ("Temperatures reached 30°C.", "30°C", 30, 30, "degC", "temperature", "temperature"),
    ("The sample weighed 2.5 kg.", "2.5 kg", 2.5, 2.5, "kilogram", "mass", "weighed"),
    ("The glacier lost 40 square kilometres.", "40 square kilometres", 40, 40, "kilometer**2", "area", "lost"),
    ("The probe travelled 1,000 miles.", "1,000 miles", 1_609_344, 1_609_344, "meter", "length", "travelled"),
    ("Water froze at -5°C overnight.", "-5°C", -5, -5, "degC", "temperature", "froze"),
    # courts
    ("He was sentenced to 12 years in prison.", "12 years", 4383, 4383, "day", "duration", "sentenced"),
    ("A 45-year-old man was charged.", "45-year-old", 45, 45, "year", "age", "man"),
    ("The court fined the bank $250,000.", "$250,000", 250_000, 250_000, "USD", "money", "bank"),
    ("Ten jurors were sworn in.", "Ten", 10, 10, "", "count", "juror"),
    # vague counts, speeds, brands before a counted noun
    ("Police fired tear gas as a handful of fans climbed the fences.", "a handful of", 2, 10, "", "count", "fan"),
    ("Several dozen people tried to climb over barriers.", "Several dozen", 24, 119, "", "count", "people"),
    ("The express crashed at 128 kmph.", "128 kmph", 128, 128, "kilometer/hour", "speed", "crashed"),
    ("The airline ordered 300 Boeing planes.", "300", 300, 300, "", "count", "plane"),
]


@pytest.mark.parametrize("text,raw,low,high,unit,dimension,subject", CASES)
def test_extract_quantity_reads_figure(text, raw, low, high, unit, dimension, subject):
    got_raw, q, got_subject, _ = one(text)
    assert got_raw == raw
    assert q.low == pytest.approx(low, rel=1e-3) and (q.high == high or q.high == pytest.approx(high, rel=1e-3))
    assert (q.unit, q.dimension, got_subject) == (unit, dimension, subject)


NOT_QUANTITIES = [
    "The summit was held in 2024.",
    "Lavrov attended the meetings from July 25-27 in Vientiane.",
    "On 6 August, the talks ended.",
    "She finished 17th in the race.",
    "The meeting starts at 10:30 a.m. sharp.",
    "Call +44 20 7946 0958 for details.",
    "He travelled to the G20 summit in Bali.",
    "COVID-19 spread quickly.",
    "The Boeing 737 was grounded.",
    "One of the delegates walked out.",
    "No one was hurt.",
    "He is the one who called.",
    "Barcelona won 3-1 at home.",
    "The court issued a 5-4 ruling.",
    "The war began 5 months ago.",
    "They met in the 1990s.",
    "It is version 2.3.1 of the software.",
    "The plant makes 5G phones.",
    "Flight 370 vanished in 2014.",
    "He lives at No. 10 Downing Street.",
    "The team wore shirt 23.",
    "It was 24/7 coverage.",
    "Apollo 11 landed on the Moon.",
    # a number that names a train or a model, not a count
    "The 12841 Coromandel Express derailed.",
    "It flew a 787 Dreamliner jet.",
    "The Formula One season opened.",
    "Three of the victims were children.",
    "A 3.2m wall",
    "",
]


@pytest.mark.parametrize("text", NOT_QUANTITIES)
def test_extract_quantity_skips_non_amounts(text):
    assert extract(text, None) == []


@pytest.mark.parametrize(
    "text,normalized",
    [
        ("About 20 students came.", "≈ 20 (18–22) students"),
        ("At least 90 died.", "≥ 90"),
        ("She is 1.75 m tall.", "1.75 m"),
        ("He is 5.8 feet tall.", "1.77 m"),
        ("It cost $5bn.", "USD 5 billion"),
        ("Nearly 400 people died.", "nearly 400 (360–400) people"),
        ("The road is 400 km long.", "400 km"),
        ("About 40% of voters.", "≈ 40% (36–44%)"),
    ],
)
def test_extract_quantity_normalizes_for_editors(text, normalized):
    assert one(text)[3] == normalized


@pytest.mark.parametrize(
    "a,b",
    [
        ("Ten students came.", "10 students came."),
        ("Twenty-one students came.", "21 students came."),
        ("Two thousand five hundred homes burned.", "2,500 homes burned."),
        ("A hundred homes burned.", "100 homes burned."),
        ("Three million people voted.", "3 million people voted."),
        ("Some 3.2m people voted.", "Some 3.2 million people voted."),
    ],
)
def test_extract_quantity_words_and_digits_agree(a, b):
    assert one(a)[1:3] == one(b)[1:3]


def test_extract_quantity_converts_units_to_canonical():
    feet, metres = one("He is 5.8 feet tall.")[1], one("He is 1.77 metres tall.")[1]
    assert feet.unit == metres.unit == "meter"
    assert abs(feet.low - metres.low) <= feet.tolerance + metres.tolerance
    f, c = one("Highs of 86°F are expected.")[1], one("Highs of 30°C are expected.")[1]
    assert f.low == pytest.approx(c.low)


def test_extract_quantity_conversions_remembered_in_a_cache_folder(tmp_path, monkeypatch):
    from claimcheck.remember import remembering_in

    texts = ("The probe travelled 1,000 miles.", "Highs of 86°F are expected.")
    quantity._affine.cache_clear()
    with remembering_in(tmp_path):
        first = [one(t)[1] for t in texts]
    assert len(list(tmp_path.glob("conversions-pint*.json"))) == 1

    def no_registry():
        raise AssertionError("pint's registry was built again")

    quantity._affine.cache_clear()
    monkeypatch.setattr(quantity, "_units", no_registry)
    with remembering_in(tmp_path):
        assert [one(t)[1] for t in texts] == first
    quantity._affine.cache_clear()


@pytest.mark.parametrize("unit", [u for _, u in quantity._UNIT_RES] + list(quantity._UNIT_OF.values()))
def test_extract_quantity_every_unit_converts(unit):
    # The unit table is fixed, so every conversion it names must work (no run-time fallback).
    factor = quantity._convert(1.0, unit.pint, unit.canonical)
    assert math.isfinite(factor) and factor != 0


@pytest.mark.parametrize(
    "text,low,unit",
    [("The field covers 2 hectares.", 0.02, "kilometer**2"), ("Winds hit 100 mph.", 160.934, "kilometer/hour"),
     ("The tank holds 10 gallons.", 37.854, "liter"), ("The plant makes 2 GW.", 2000, "megawatt"),
     ("The war lasted two decades.", 7305, "day"), ("The fish weighed 8 ounces.", 0.2268, "kilogram"),
     ("The cable runs 3 nautical miles.", 5556, "meter"), ("The probe sped at 7 km/h.", 7, "kilometer/hour")],
)
def test_extract_quantity_converts_each_family(text, low, unit):
    q = one(text)[1]
    assert (q.low, q.unit) == (pytest.approx(low, rel=1e-3), unit)


def test_extract_quantity_keeps_currency_codes_apart():
    assert one("It cost $5bn.")[1].unit == "USD"
    assert one("It cost €5bn.")[1].unit == "EUR"
    assert one("It cost ¥5bn.")[1].unit == "JPY"


def test_extract_quantity_records_written_precision():
    rounded, exact = one("3 million people voted.")[1], one("3.2 million people voted.")[1]
    assert rounded.step == 1e6 and exact.step == pytest.approx(1e5)
    assert one("400 people came.")[1].step == 100 and one("397 people came.")[1].step == 1
    assert one("400 people came.")[1].tolerance == 0


def test_extract_quantity_reads_several_figures_in_order():
    slots = extract("About 20 students and 30 teachers spent three weeks in Moscow.", None)
    assert [(s.raw, s.subject) for s in slots] == [("About 20", "student"), ("30", "teacher"),
                                                   ("three weeks", "spent")]


@pytest.mark.parametrize(
    "text,expected",
    [
        # a change and the level it reached are different things
        ("Inflation rose 2% to 5%.", [("2%", "change in inflation"), ("5%", "inflation")]),
        ("The toll rose by 50 to 400.", [("50", "change in toll"), ("400", "toll")]),
        # the old figure of "from 300 to 400 people" counts the same people
        ("The toll rose from 300 to 400 people.", [("300", "people"), ("400", "people")]),
        ("Turnout was 61 per cent, up from 57 per cent.",
         [("61 per cent", "turnout"), ("57 per cent", "turnout")]),
        ("Cases rose to 1.2m, up from 800,000.", [("1.2m", "case"), ("800,000", "case")]),
        # new cases are not total cases
        ("There were 50 new cases.", [("50", "new case")]),
        ("A further 50 cases were reported.", [("50", "new case")]),
        ("A total of 1,050 cases were reported.", [("1,050", "total case")]),
    ],
)
def test_extract_quantity_changes_and_levels(text, expected):
    assert [(s.raw, s.subject) for s in extract(text, None)] == expected


@pytest.mark.parametrize(
    "text,raw,unit",
    [
        ("A magnitude 6.4 quake struck.", "6.4", "M"),
        ("Police held 12 people aged between 18 and 25.", "between 18 and 25", "year"),
        ("He is 6ft 2in tall.", "6ft 2in", "meter"),
        ("The contract runs over five years.", "five years", "day"),
        ("Covid cases rose to 1.2m.", "1.2m", ""),
        ("The wall is 3m high.", "3m", "meter"),
    ],
)
def test_extract_quantity_reads_context_for_units(text, raw, unit):
    slots = extract(text, None)
    assert (slots[-1].raw, slots[-1].value.unit) == (raw, unit)


@pytest.mark.parametrize(
    "word,singular",
    [("students", "student"), ("casualties", "casualty"), ("people", "people"), ("person", "people"),
     ("children", "child"), ("boxes", "box"), ("cases", "case"), ("votes", "vote"), ("bus", "bus")],
)
def test_extract_quantity_lemma(word, singular):
    assert lemma(word) == singular


_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen " \
        "sixteen seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def _words(n: int) -> str:
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("-" + _ONES[n % 10] if n % 10 else "")
    rest = n % 100
    return _ONES[n // 100] + " hundred" + (" and " + _words(rest) if rest else "")


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=999))
def test_extract_quantity_words_equal_digits_for_0_to_999(n):
    in_words = extract(f"We counted {_words(n)} boxes.", None)
    in_digits = extract(f"We counted {n} boxes.", None)
    assert len(in_words) == len(in_digits) == 1
    assert in_words[0].value == in_digits[0].value
    assert in_words[0].normalized == in_digits[0].normalized
    assert in_words[0].subject == in_digits[0].subject == "box"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_extract_quantity_never_raises_and_offsets_hold(text):
    for slot in extract(text, None):
        assert slot.kind == QUANTITY
        assert text[slot.start:slot.end] == slot.raw
        assert slot.value.low <= slot.value.high


_PIECES = st.sampled_from(
    ["about", "nearly", "more than", "at least", "$", "£", "5", "1,200", "3.2", "m", "bn", "million", "%",
     "per cent", "km", "feet", "°C", "-", "to", "or", "between", "and", "people", "of", "the", "July", "25",
     "2024", "ten", "twenty-one", "half", "dozens", "hundreds", "one", "G20", "17th", "10:30", ",", ".", " "])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=14).map(" ".join))
def test_extract_quantity_numberish_text_keeps_invariants(text):
    for slot in extract(text, None):
        assert text[slot.start:slot.end] == slot.raw
        assert slot.value.low <= slot.value.high
        assert hash(slot.value) is not None


def test_extract_quantity_spaced_thousands_are_one_figure():
    raw, q, _, _ = one("Tinubu got 8, 794,726 votes.")
    assert raw == "8, 794,726" and q.low == 8_794_726


def test_extract_quantity_hyphenated_magnitude_is_a_magnitude_not_an_id():
    raw, q, _, _ = one("A magnitude-5.4 quake hit the town.")
    assert raw == "5.4" and (q.dimension, q.low) == ("magnitude", 5.4)
    assert extract("The F-16 and MH-17 were mentioned.", None) == []


def test_extract_quantity_scale_word_after_a_figure_written_to_the_unit_is_a_slip():
    raw, q, _, normalized = one("He polled 8,794,726 million votes.")
    assert q.low == 8_794_726e6 and q.unscaled == 8_794_726
    assert "the digits alone: 8.795 million" in normalized
    assert one("He polled 8.8 million votes.")[1].unscaled == 0.0


def test_extract_quantity_fingerprint_needs_five_significant_digits():
    exact = one("The valid votes were 24,025,940.")[1]
    spaced = one("The rejected votes were 24,025, 940.")[1]
    assert quantity.same_fingerprint(exact, spaced)
    assert not quantity.same_fingerprint(one("It cost $11 billion.")[1], one("It cost $11 billion.")[1])
