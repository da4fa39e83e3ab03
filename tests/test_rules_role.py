"""role.holder/1: two different people named for one single-holder office."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from claimcheck.extract.people import Role, extract
from claimcheck.model import CHANGED, CONTRADICTION, HIGH, MEDIUM, ROLE, TIME, Claim, Sentence, Slot
from claimcheck.rules.role import RULES

CHECK = RULES[0].check
EARLY, LATE = dt.date(2019, 10, 21), dt.date(2024, 8, 9)


@dataclass(frozen=True)
class _Span:
    start: dt.date
    end: dt.date


def _claim(text: str, published: dt.date | None, article: str = "a1", index: int = 0, extra: tuple[Slot, ...] = ()) -> Claim:
    sentence = Sentence(article=article, index=index, start=0, end=len(text), text=text)
    return Claim(sentence=sentence, published=published, slots=tuple(extract(text, published)) + extra)


def _time(year: int) -> Slot:
    return Slot(TIME, str(year), 0, 4, _Span(dt.date(year, 1, 1), dt.date(year, 12, 31)), str(year), "event")


def _findings(a: Claim, b: Claim) -> list:
    return list(CHECK(a, b))


FIRE = [
    # politics: the post changes hands
    ("Russian Foreign Minister Andrei Kozyrev arrived in Phnom Penh.", "Russian Foreign Minister Sergey Lavrov arrived in Phnom Penh.", "foreign minister|russia"),
    ("Cambodian Prime Minister Hun Sen opened the summit.", "Cambodian Prime Minister Hun Manet opened the summit.", "prime minister|cambodia"),
    ("German Chancellor Angela Merkel welcomed the deal.", "German Chancellor Olaf Scholz welcomed the deal.", "chancellor|germany"),
    ("UN Secretary-General Ban Ki-moon called for talks.", "UN Secretary-General Antonio Guterres called for talks.", "secretary general|united nations"),
    ("North Korea's supreme leader Kim Jong-il watched the test.", "North Korea's supreme leader Kim Jong-un watched the test.", "supreme leader|north korea"),
    # business
    ("Apple chief executive Steve Jobs unveiled the phone.", "Apple chief executive Tim Cook unveiled the phone.", "chief executive|apple"),
    ("Tim Cook, Apple's chief executive, said sales rose.", "Apple chief executive John Sculley said sales rose.", "chief executive|apple"),
    # sport
    ("Chelsea coach Jose Mourinho praised the players.", "Chelsea coach Antonio Conte praised the players.", "coach|chelsea"),
    # courts
    ("US Attorney General William Barr announced charges.", "US Attorney General Merrick Garland announced charges.", "attorney general|united states"),
    # religion: unique worldwide, no qualifier needed
    ("Pope Benedict visited the city.", "Pope Francis visited the city.", "pope"),
]


@pytest.mark.parametrize(("text_a", "text_b", "office"), FIRE)
def test_rules_role_changed_between_dates(text_a: str, text_b: str, office: str) -> None:
    found = _findings(_claim(text_a, EARLY, "a1"), _claim(text_b, LATE, "b1"))
    assert len(found) == 1
    f = found[0]
    assert (f.rule, f.kind, f.verdict, f.severity, f.subject) == ("role.holder/1", ROLE, CHANGED, MEDIUM, office)
    assert f.slots[0].value.person in f.explanation and f.slots[1].value.person in f.explanation
    assert f.slots[0].raw in f.explanation and f.slots[1].raw in f.explanation
    assert "2019-10-21" in f.explanation and "2024-08-09" in f.explanation


@pytest.mark.parametrize(("text_a", "text_b", "office"), FIRE)
def test_rules_role_contradiction_on_same_date(text_a: str, text_b: str, office: str) -> None:
    found = _findings(_claim(text_a, LATE, "a1"), _claim(text_b, LATE, "b1"))
    assert [(f.verdict, f.severity, f.subject) for f in found] == [(CONTRADICTION, HIGH, office)]


def test_rules_role_contradiction_inside_one_article() -> None:
    a = _claim(FIRE[0][0], LATE, "a1", 0)
    b = _claim(FIRE[0][1], LATE, "a1", 5)
    (f,) = _findings(a, b)
    assert f.verdict == CONTRADICTION
    assert "same article" in f.explanation


def test_rules_role_same_occasion_on_different_dates_is_contradiction() -> None:
    a = _claim(FIRE[0][0], EARLY, "a1", extra=(_time(2022),))
    b = _claim(FIRE[0][1], LATE, "b1", extra=(_time(2022),))
    assert [f.verdict for f in _findings(a, b)] == [CONTRADICTION]


def test_rules_role_different_occasions_do_not_fire() -> None:
    a = _claim(FIRE[0][0], LATE, "a1", extra=(_time(1994),))
    b = _claim(FIRE[0][1], LATE, "a1", 3, extra=(_time(2022),))
    assert _findings(a, b) == []


NO_FIRE = [
    # one person spelled two ways, or shortened
    ("Russian Foreign Minister Sergey Lavrov spoke.", "Russian Foreign Minister Sergei Lavrov spoke."),
    ("Russian Foreign Minister Lavrov spoke.", "Russian Foreign Minister Sergey Lavrov spoke."),
    ("Cambodian Foreign Minister Prak Sokhonn spoke.", "Foreign Minister of Cambodia Prak Sokhonn spoke."),
    # different qualifiers: two countries, two companies
    ("Russian Foreign Minister Sergey Lavrov spoke.", "Chinese Foreign Minister Wang Yi spoke."),
    ("Apple chief executive Tim Cook spoke.", "Microsoft chief executive Satya Nadella spoke."),
    # no qualifier: presidents of where?
    ("President Joe Biden said the summit was a success.", "President Emmanuel Macron said the summit was a success."),
    ("Foreign Minister Prak Sokhonn met Lavrov.", "Foreign Minister Wang Yi met Lavrov."),
    ("Russian Foreign Minister Sergey Lavrov spoke.", "Foreign Minister Wang Yi spoke."),
    # offices with several holders at once
    ("Russian Deputy Foreign Minister Andrei Rudenko spoke.", "Russian Deputy Foreign Minister Sergei Ryabkov spoke."),
    ("US Senator Elizabeth Warren objected.", "US Senator Bernie Sanders objected."),
    ("Russian Foreign Ministry Spokeswoman Maria Zakharova said so.", "Russian Foreign Ministry Spokesman Alexander Lukashevich said so."),
    ("Cambodia's deputy prime minister Prak Sokhonn spoke.", "Cambodia's deputy prime minister Sok Chenda Sophea spoke."),
    ("Japanese Ambassador to Cambodia, Mikami Masahiro, spoke.", "Japanese Ambassador to Cambodia, Ueno Atsushi, spoke."),
    # past holders are not current holders
    ("Former Russian Foreign Minister Andrei Kozyrev spoke.", "Russian Foreign Minister Sergey Lavrov spoke."),
    ("Chelsea replaced coach Jose Mourinho.", "Chelsea coach Antonio Conte spoke."),
    # the other claim names the person too: both may be right
    ("Russian Foreign Minister Andrei Kozyrev signed the treaty.", "Russian Foreign Minister Sergey Lavrov praised Kozyrev for the treaty."),
    # a claim that gives one office to two people is ambiguous on its own
    ("US President Joe Biden and US President Barack Obama spoke.", "US President Donald Trump spoke."),
    # nothing to compare
    ("Russian Foreign Minister Sergey Lavrov spoke.", "The minister spoke on Tuesday."),
    ("", "Russian Foreign Minister Sergey Lavrov spoke."),
]


@pytest.mark.parametrize(("text_a", "text_b"), NO_FIRE)
@pytest.mark.parametrize("dates", [(EARLY, LATE), (LATE, LATE), (None, None)])
def test_rules_role_must_not_fire(text_a: str, text_b: str, dates: tuple) -> None:
    a, b = _claim(text_a, dates[0], "a1"), _claim(text_b, dates[1], "b1")
    assert _findings(a, b) == []
    assert _findings(b, a) == []


def test_rules_role_same_sentence_does_not_fire() -> None:
    a = _claim(FIRE[0][0], LATE)
    assert _findings(a, a) == []


def test_rules_role_one_finding_per_pair() -> None:
    text_a = "Apple chief executive Steve Jobs spoke; Apple chief executive Steve Jobs left."
    a, b = _claim(text_a, EARLY, "a1"), _claim(FIRE[5][1], LATE, "b1")
    assert len(_findings(a, b)) == 1


def test_rules_role_hand_built_slots() -> None:
    # Built by hand: the rule reads only ROLE slots, not how they were extracted.
    def slot(person: str) -> Slot:
        raw = f"Chelsea manager {person}"
        return Slot(ROLE, raw, 0, len(raw), Role("coach|chelsea", person), person, "coach|chelsea")

    a = Claim(Sentence("a", 0, 0, 10, "x"), EARLY, (slot("Claudio Ranieri"),))
    b = Claim(Sentence("b", 0, 0, 10, "y"), LATE, (slot("Jose Mourinho"),))
    (f,) = _findings(a, b)
    assert f.verdict == CHANGED and f.slots == (a.slots[0], b.slots[0])
    c = Claim(Sentence("c", 0, 0, 10, "z"), LATE, (slot("José Mourinho"),))
    assert _findings(b, c) == []
