"""Tests for claimcheck.extract.ordinal: which one of a series a sentence names, never idioms or dates."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.extract.ordinal import Ordinal, extract
from claimcheck.model import ORDINAL


@pytest.mark.parametrize(
    "text,raw,n,subject",
    [
        # diplomacy
        ("Lavrov will attend the 17th East Asia Summit in Cambodia.", "17th East Asia Summit", 17,
         "east asia summit"),
        ("The 55th ASEAN Foreign Ministers’ Meeting will be hosted in Phnom Penh.",
         "55th ASEAN Foreign Ministers’ Meeting", 55, "asean foreign ministers meeting"),
        ("He spoke at the XII Convention of the Russian Association.", "XII Convention", 12, "convention"),
        ("Delegates gathered for the seventy-fifth session of the General Assembly.", "seventy-fifth session",
         75, "session"),
        ("The 20th Party Congress opened in Beijing.", "20th Party Congress", 20, "party congress"),
        # anniversaries and birthdays
        ("They celebrated the fifth anniversary.", "fifth anniversary", 5, "anniversary"),
        ("It marked the 5th anniversary of the partnership.", "5th anniversary", 5, "partnership anniversary"),
        ("The queen celebrated her 90th birthday.", "90th birthday", 90, "birthday"),
        # science and culture
        ("The 27th Conference of the Parties ended in Egypt.", "27th Conference", 27, "conference"),
        ("The twenty-first annual meeting of the society began.", "twenty-first annual meeting", 21, "meeting"),
        # sport and politics
        ("The 33rd Olympic Games were held in Paris.", "33rd Olympic Games", 33, "olympic games"),
        ("She won a second term in office.", "second term", 2, "term"),
        ("Talks moved to a second round.", "second round", 2, "round"),
        ("The club reached its 10th consecutive final.", "10th consecutive final", 10, "final"),
    ],
)
def test_extract_ordinal_reads_numbered_thing(text, raw, n, subject):
    slots = extract(text, None)
    assert [(s.raw, s.value, s.subject) for s in slots] == [(raw, Ordinal(n), subject)]


@pytest.mark.parametrize(
    "text",
    [
        "For the first time, the ministers met in Laos.",
        "First of all, we thank our hosts.",
        "She was the first to arrive.",
        "China is the second-largest economy.",
        "The parade is on July 4th.",
        "They met on the 5th of May.",
        "The talks ended on 4th July.",
        "Profits rose in the third quarter.",
        "World War II ended in 1945.",
        "He scored in the first half.",
        "It is a 21st-century problem.",
        "At first, nobody came.",
        "She came third.",
        "The First Lady spoke.",
        "Second, the plan is costly.",
        "",
    ],
)
def test_extract_ordinal_skips_idioms_and_dates(text):
    assert extract(text, None) == []


def test_extract_ordinal_normalized_shows_number_and_thing():
    (slot,) = extract("He spoke at the XII Convention in Moscow.", None)
    assert slot.normalized == "12th Convention"
    assert slot.kind == ORDINAL


def test_extract_ordinal_words_and_digits_agree():
    words = extract("the seventeenth East Asia Summit", None)[0]
    digits = extract("the 17th East Asia Summit", None)[0]
    roman = extract("the XVII East Asia Summit", None)[0]
    assert words.value == digits.value == roman.value == Ordinal(17)
    assert words.subject == digits.subject == roman.subject


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_extract_ordinal_never_raises_and_offsets_hold(text):
    for slot in extract(text, None):
        assert text[slot.start:slot.end] == slot.raw
        assert slot.value.n > 0


_PIECES = st.sampled_from(
    ["the", "17th", "first", "twenty-first", "XII", "I", "Summit", "summit", "anniversary", "of", "July", "4th",
     "time", "East", "Asia", "-", ",", "quarter", "Convention", "annual", "second-largest", "May"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12).map(" ".join))
def test_extract_ordinal_ordinalish_text_keeps_invariants(text):
    for slot in extract(text, None):
        assert text[slot.start:slot.end] == slot.raw
        assert slot.subject and slot.subject == slot.subject.lower()
