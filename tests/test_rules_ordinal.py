"""Tests for claimcheck.rules.ordinal: one occasion of a series, or one anniversary, given two numbers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from claimcheck.extract.ordinal import extract
from claimcheck.model import CONTRADICTION, DIFFERENT_SCOPE, ORDINAL, TIME, Claim, Sentence, Slot
from claimcheck.rules.ordinal import RULE_NUMBER, RULES, check_number, compatible


@dataclass(frozen=True)
class Span:
    """A stand-in TIME value: same_occasion only reads start and end."""

    start: dt.date
    end: dt.date


def claim(text: str, published: str | None, article: str = "a", when: tuple[str, str] | None = None,
          index: int = 0) -> Claim:
    """A claim with the real ordinal slots and, optionally, one hand-made TIME slot."""
    date = dt.date.fromisoformat(published) if published else None
    slots = list(extract(text, date))
    if when:
        span = Span(dt.date.fromisoformat(when[0]), dt.date.fromisoformat(when[1]))
        slots.append(Slot(kind=TIME, raw="then", start=0, end=4, value=span, normalized="then"))
    sentence = Sentence(article=article, index=index, start=0, end=len(text), text=text)
    return Claim(sentence=sentence, published=date, slots=tuple(slots))


def verdicts(a: Claim, b: Claim) -> list[str]:
    return [f.verdict for f in check_number(a, b)]


# (a, date_a, b, date_b, expected verdicts)
CASES = [
    # diplomacy: one summit, two numbers, same day
    ("Lavrov attended the 17th East Asia Summit.", "2022-11-12",
     "Lavrov attended the 18th East Asia Summit.", "2022-11-12", [CONTRADICTION]),
    # a bare "summit" may stand for the named one
    ("Lavrov attended the 17th East Asia Summit.", "2022-11-12",
     "Lavrov attended the 18th summit.", "2022-11-13", [CONTRADICTION]),
    # undated claims a year apart may speak of two summits
    ("Leaders met at the 17th East Asia Summit.", "2022-11-12",
     "Leaders met at the 18th East Asia Summit.", "2023-09-07", [DIFFERENT_SCOPE]),
    # academia and politics
    ("He spoke at the XII Convention of the association.", "2019-10-21",
     "He spoke at the XIII Convention of the association.", "2019-10-22", [CONTRADICTION]),
    ("The 20th Party Congress opened in Beijing.", "2022-10-16",
     "The 19th Party Congress opened in Beijing.", "2022-10-16", [CONTRADICTION]),
    # sport: games of one edition
    ("The 33rd Olympic Games were held in Paris.", "2024-08-01",
     "The 32nd Olympic Games were held in Paris.", "2024-08-02", [CONTRADICTION]),
    # same number: nothing
    ("Lavrov attended the 17th East Asia Summit.", "2022-11-12",
     "Leaders met at the seventeenth East Asia Summit.", "2022-11-13", []),
    # different series: nothing
    ("The 40th ASEAN Summit opened.", "2022-11-10", "The 17th East Asia Summit opened.", "2022-11-10", []),
    # achievements: one occasion when reported the same week, news when years apart
    ("She won a third term.", "2024-01-01", "She won a fourth term.", "2024-01-01", [CONTRADICTION]),
    ("Djokovic won his fifth Wimbledon title.", "2019-07-15",
     "Djokovic won his sixth Wimbledon title.", "2019-07-16", [CONTRADICTION]),
    ("Djokovic won his fifth Wimbledon title.", "2019-07-15",
     "Djokovic won his sixth Wimbledon title.", "2021-07-12", []),
    ("Djokovic won his fifth Wimbledon title.", "2019-07-15",
     "Djokovic won his 5th Wimbledon title.", "2019-07-15", []),
    # other numbered things need dates that show one occasion
    ("Talks moved to a second round.", "2024-01-01", "Talks moved to a third round.", "2024-01-01", []),
    ("The firm held its 25th annual shareholder meeting.", "2021-10-28",
     "The firm held its 26th annual shareholder meeting.", "2021-10-29", [CONTRADICTION]),
    # anniversaries count with the calendar
    ("They marked the 20th anniversary of the partnership.", "2016-05-01",
     "They marked the 25th anniversary of the partnership.", "2021-05-01", []),
    ("They marked the 20th anniversary of the partnership.", "2019-05-01",
     "They marked the 25th anniversary of the partnership.", "2019-06-01", [CONTRADICTION]),
    ("They marked the 20th anniversary of the partnership.", "2019-10-21",
     "They marked the 5th anniversary of the partnership.", "2024-08-09", [DIFFERENT_SCOPE]),
    ("They marked the 20th anniversary.", None, "They marked the 21st anniversary.", None, [DIFFERENT_SCOPE]),
    # anniversaries of different things are never compared
    ("They marked the 20th anniversary of the dialogue.", "2019-05-01",
     "They marked the 5th anniversary of the partnership.", "2019-05-01", []),
    ("The queen celebrated her 90th birthday.", "2016-04-21",
     "The queen celebrated her 91st birthday.", "2017-04-21", []),
]


@pytest.mark.parametrize("a,date_a,b,date_b,expected", CASES)
def test_rules_ordinal_number(a, date_a, b, date_b, expected):
    assert verdicts(claim(a, date_a, "one"), claim(b, date_b, "two")) == expected


def test_rules_ordinal_dated_events_that_cannot_overlap_are_different_scope():
    a = claim("Leaders met at the 17th East Asia Summit.", "2023-01-01", "one", ("2022-11-13", "2022-11-13"))
    b = claim("Leaders met at the 18th East Asia Summit.", "2023-01-01", "two", ("2023-09-07", "2023-09-07"))
    assert verdicts(a, b) == [DIFFERENT_SCOPE]


def test_rules_ordinal_same_dated_event_is_contradiction():
    a = claim("Leaders met at the 17th East Asia Summit.", "2022-11-14", "one", ("2022-11-13", "2022-11-13"))
    b = claim("Leaders met at the 18th East Asia Summit.", "2023-01-01", "two", ("2022-11-13", "2022-11-13"))
    assert verdicts(a, b) == [CONTRADICTION]


def test_rules_ordinal_anniversary_uses_the_year_the_sentence_names():
    # Published in 2024 but speaking of 2022: 2019's 20th and 2022's 23rd agree.
    a = claim("They marked the 20th anniversary of the partnership.", "2019-10-21", "one")
    b = claim("In 2022 they marked the 23rd anniversary of the partnership.", "2024-08-09", "two",
              ("2022-01-01", "2022-12-31"))
    assert verdicts(a, b) == []


def test_rules_ordinal_other_numbered_things_fire_only_on_one_dated_occasion():
    day = ("2024-05-06", "2024-05-06")
    a = claim("Talks moved to a second round on Monday.", "2024-05-06", "one", day)
    b = claim("Talks moved to a third round on Monday.", "2024-05-07", "two", day)
    assert verdicts(a, b) == [CONTRADICTION]
    later = claim("Talks moved to a third round on Monday.", "2024-05-14", "two", ("2024-05-13", "2024-05-13"))
    assert verdicts(a, later) == []


def test_rules_ordinal_achievements_on_different_dated_occasions_are_different_scope():
    a = claim("She won her fifth title.", "2024-05-06", "one", ("2024-05-05", "2024-05-05"))
    b = claim("She won her sixth title.", "2024-05-07", "two", ("2024-03-01", "2024-03-01"))
    assert verdicts(a, b) == [DIFFERENT_SCOPE]


def test_rules_ordinal_picks_the_matching_series_among_several():
    a = claim("The 40th ASEAN Summit and the 17th East Asia Summit opened.", "2022-11-10", "one")
    b = claim("The 18th East Asia Summit opened.", "2022-11-10", "two")
    (f,) = check_number(a, b)
    assert f.verdict == CONTRADICTION and f.subject == "east asia summit"


def test_rules_ordinal_explanation_quotes_both_sides():
    a = claim("Lavrov attended the 17th East Asia Summit.", "2022-11-12", "one")
    b = claim("Lavrov attended the 18th East Asia Summit.", "2022-11-12", "two")
    (f,) = check_number(a, b)
    for part in ("'17th East Asia Summit'", "'18th East Asia Summit'", "2022-11-12", "18th East Asia Summit"):
        assert part in f.explanation
    assert f.rule == RULE_NUMBER and f.kind == ORDINAL and f.severity == "high"


def test_rules_ordinal_same_sentence_is_not_compared():
    a = claim("The 17th summit and the 18th summit.", "2022-11-12")
    assert list(check_number(a, a)) == []


@pytest.mark.parametrize(
    "a,b,expected",
    [("summit", "east asia summit", True), ("east asia summit", "east asia summit", True),
     ("asean summit", "east asia summit", False), ("summit", "meeting", False), ("", "summit", False)],
)
def test_rules_ordinal_compatible_subjects(a, b, expected):
    assert compatible(a, b) is expected


def test_rules_ordinal_registered_once():
    assert [r.id for r in RULES] == [RULE_NUMBER]
