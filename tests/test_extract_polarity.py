"""POLARITY extraction on hand-written sentences: negation and hedge cues around a small verb lexicon."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.extract.polarity import AFFIRMED, NEGATED, UNCERTAIN, Polarity, extract
from claimcheck.model import POLARITY


def _found(text: str) -> list[tuple[str, str, str]]:
    """(polarity, predicate, subject) of every slot."""
    return [(s.value.polarity, s.value.predicate, s.subject) for s in extract(text, None)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # Diplomacy: attendance, confirmation, invitations.
        ("The Russian Embassy confirmed that the foreign minister will attend the meetings.",
         [(AFFIRMED, "confirm", "attend"), (AFFIRMED, "attend", "attend")]),
        ("As of now there has been no positive response received from Moscow confirming the participation "
         "of Lavrov.",
         [(NEGATED, "receive", "confirm"), (NEGATED, "confirm", "attend")]),
        ("The Southeast Asian country did not receive any invitations for recent meetings.",
         [(NEGATED, "receive", "invite")]),
        ('A government source said the foreign minister is "very highly likely" to attend.',
         [(UNCERTAIN, "attend", "attend")]),
        ("The ministry has not confirmed whether he will attend.",
         [(NEGATED, "confirm", "attend"), (UNCERTAIN, "attend", "attend")]),
        ("Lavrov will take part in the summit.", [(AFFIRMED, "participate", "attend")]),
        ("Lavrov attended the meetings in Vientiane.", [(AFFIRMED, "attend", "attend")]),
        ("He is expected to attend the summit.", [(UNCERTAIN, "attend", "attend")]),
        ("The president may attend the ceremony.", [(UNCERTAIN, "attend", "attend")]),
        ("He denied that he attended the meeting.", [(NEGATED, "attend", "attend")]),
        ("No invitation was sent to Myanmar.", [(NEGATED, "invite", "invite")]),
        # Courts.
        ("The jury convicted him of fraud.", [(AFFIRMED, "convict", "convict")]),
        ("He was not charged with any offence.", [(NEGATED, "charge", "charge")]),
        ("Police arrested two men on Monday.", [(AFFIRMED, "arrest", "arrest")]),
        # Business.
        ("The board has yet to approve the merger.", [(NEGATED, "approve", "approve")]),
        ("The company failed to sign the contract.", [(NEGATED, "sign", "sign")]),
        ("The regulator approved the deal on Friday.", [(AFFIRMED, "approve", "approve")]),
        ("The chief executive refused to resign.", [(NEGATED, "resign", "resign")]),
        # Disasters.
        ("No one was killed in the blast.", [(NEGATED, "kill", "kill")]),
        ("Officials said there were no deaths.", [(NEGATED, "die", "die")]),
        ("Three people died in the flood.", [(AFFIRMED, "die", "die")]),
        # Elections and sport.
        ("He didn't win the race.", [(NEGATED, "win", "win")]),
        ("She never won an Olympic medal.", [(NEGATED, "win", "win")]),
        ("The party reportedly won the vote.", [(UNCERTAIN, "win", "win")]),
        ("Reportedly, the minister resigned.", [(UNCERTAIN, "resign", "resign")]),
    ],
)
def test_extract_polarity_reads_cues(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # An infinitive without a cue claims nothing about the event.
        "He was asked to sign the letter.",
        "Officials urged him to resign.",
        # Nouns claim something only when negated.
        "Moscow's participation has been a hot topic.",
        "The invitation caused a stir.",
        # Double negation is too easy to misread.
        "He never failed to attend.",
        # Phrases that only look negative.
        "It is not only about winning.",
        # Nothing from the lexicon.
        "The weather was cold.",
        "",
    ],
)
def test_extract_polarity_stays_silent(text: str) -> None:
    assert extract(text, None) == []


def test_extract_polarity_invitation_is_not_attendance() -> None:
    assert _found("Cambodia has invited Russia to attend the summit.") == [(AFFIRMED, "invite", "invite")]


def test_extract_polarity_negation_belongs_to_its_own_verb() -> None:
    # "not" negates the knowing, so the signing is at most in doubt, never denied.
    assert _found("Customers did not know they had signed up for the service.") == [
        (UNCERTAIN, "sign", "sign")
    ]
    assert _found("They are not calling people signed up to the list.") == [(AFFIRMED, "sign", "sign")]


def test_extract_polarity_raw_spans_cue_and_verb() -> None:
    text = "The ministry has not confirmed whether he will attend."
    first = extract(text, None)[0]
    assert first.raw == "not confirmed"
    assert first.kind == POLARITY
    assert first.value == Polarity(NEGATED, "confirm")
    assert first.normalized == "negated: confirm (attend)"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_extract_polarity_never_raises_and_offsets_match(text: str) -> None:
    for slot in extract(text, None):
        assert text[slot.start : slot.end] == slot.raw


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(
    ["not", "never", "n't", "didn't", "no", "may", "whether", "he", "attend", "attended", "confirmed", "to",
     "that", "denied", "take", "part", "invitations", "win", "won", ",", "'", "’", "reportedly", "failed",
     "NOT", "Confirmed", "\n", "yet", "has"]
), max_size=25))
def test_extract_polarity_offsets_hold_on_cue_soup(words: list[str]) -> None:
    text = " ".join(words)
    for slot in extract(text, None):
        assert text[slot.start : slot.end] == slot.raw
        assert slot.value.polarity in (AFFIRMED, NEGATED, UNCERTAIN)


@pytest.mark.parametrize(
    "text",
    [
        "This is a debate on Europe he knows he cannot win.",
        "You can't win titles early on in the season.",
        "The new version of the single is not going to be released in the US.",
        "He said: I am not going to resign.",
        "The striker couldn't score in the second half, and they wouldn't sign him.",
    ],
)
def test_extract_polarity_ability_and_plans_are_not_negated_facts(text: str) -> None:
    # "cannot win", "not going to be released": ability or a plan, never a denied event.
    assert all(s.value.polarity != NEGATED for s in extract(text, None))
