"""TIME rules on hand-built claims: period ends and starts, event dates, and when to stay silent."""

from __future__ import annotations

import datetime as dt

import pytest

from claimcheck.extract.time import TimeValue, extract
from claimcheck.model import (
    CHANGED,
    CONTRADICTION,
    DIFFERENT_SCOPE,
    LESS_PRECISE,
    TIME,
    Claim,
    Finding,
    Sentence,
    Slot,
)
from claimcheck.rules import time as time_rules
from claimcheck.rules.time import RULES, compare

D = dt.date.fromisoformat


def _slot(raw: str, start: str, end: str, relation: str = "at", granularity: str = "day",
          subject: str = "", normalized: str | None = None) -> Slot:
    return Slot(kind=TIME, raw=raw, start=0, end=len(raw),
                value=TimeValue(D(start), D(end), granularity, relation),
                normalized=normalized or raw, subject=subject)


def _claim(text: str, published: str | None, *slots: Slot, article: str | None = None, index: int = 0) -> Claim:
    sentence = Sentence(article=article or f"{published}:{text}", index=index, start=0,
                        end=len(text), text=text)
    return Claim(sentence=sentence, published=D(published) if published else None, slots=slots)


def _findings(a: Claim, b: Claim) -> list[Finding]:
    return [f for rule in RULES for f in rule.check(a, b)]


def _verdicts(a: Claim, b: Claim) -> list[tuple[str, str]]:
    return [(f.rule, f.verdict) for f in _findings(a, b)]


def test_rules_time_registry_ids() -> None:
    assert [r.id for r in RULES] == ["time.period_end/1", "time.period_start/1", "time.event_date/1"]
    assert all(r.family == "time" and r.description for r in RULES)


@pytest.mark.parametrize(("a", "b", "expected"), [
    (TimeValue(D("2024-01-01"), D("2024-12-31"), "year", "at"),
     TimeValue(D("2024-07-01"), D("2024-07-31"), "month", "at"), "b_within_a"),
    (TimeValue(D("2024-07-01"), D("2024-07-31"), "month", "at"),
     TimeValue(D("2024-07-01"), D("2024-07-31"), "month", "until"), "equal"),
    (TimeValue(D("2024-07-25"), D("2024-07-27"), "days", "range"),
     TimeValue(D("2024-07-26"), D("2024-07-28"), "days", "range"), "overlap"),
    (TimeValue(D("2022-02-01"), D("2022-02-28"), "approx_month", "at"),
     TimeValue(D("2022-03-10"), D("2022-03-10"), "day", "at"), "overlap"),
    (TimeValue(D("2022-02-01"), D("2022-02-28"), "approx_month", "at"),
     TimeValue(D("2022-06-10"), D("2022-06-10"), "day", "at"), "disjoint"),
])
def test_rules_time_compare(a: TimeValue, b: TimeValue, expected: str) -> None:
    assert compare(a, b) == expected


def test_rules_time_event_year_vs_month_is_silent() -> None:
    # An event dated to its year in one claim and to its month in another is told
    # with more or less detail, not told wrongly: no finding (periods differ, below).
    a = _claim("Cambodia hosted the meetings in 2024.", "2024-09-01",
               _slot("2024", "2024-01-01", "2024-12-31", granularity="year"))
    b = _claim("Cambodia hosted the meetings in July 2024.", "2024-08-09",
               _slot("July 2024", "2024-07-01", "2024-07-31", granularity="month"))
    assert _verdicts(a, b) == []


def test_rules_time_term_end_extended_between_reports_is_changed() -> None:
    a = _claim("Cambodia is the country coordinator until 2024.", "2022-07-28",
               _slot("until 2024", "2024-01-01", "2024-12-31", "until", "year", "coordinator", "2024"))
    b = _claim("Cambodia is the country coordinator until 2026.", "2024-07-28",
               _slot("until 2026", "2026-01-01", "2026-12-31", "until", "year", "coordinator", "2026"))
    (f,) = _findings(a, b)
    assert (f.rule, f.verdict, f.subject) == ("time.period_end/1", CHANGED, "coordinator period end")
    for quoted in ("'until 2024'", "'until 2026'", "(2024)", "(2026)", "2022-07-28", "2024-07-28"):
        assert quoted in f.explanation


def test_rules_time_term_end_differs_on_same_day_is_contradiction() -> None:
    a = _claim("The coach's contract runs until 2025.", "2023-03-01",
               _slot("until 2025", "2025-01-01", "2025-12-31", "until", "year", "contract"))
    b = _claim("The coach's contract runs until 2027.", "2023-03-01",
               _slot("until 2027", "2027-01-01", "2027-12-31", "until", "year", "contract"))
    assert _verdicts(a, b) == [("time.period_end/1", CONTRADICTION)]


def test_rules_time_equal_periods_written_differently_say_nothing() -> None:
    a = _claim("Cambodia was coordinator until July 2024.", "2024-08-20",
               _slot("until July 2024", "2024-07-01", "2024-07-31", "until", "month", "coordinator"))
    b = _claim("Cambodia was coordinator until last month.", "2024-08-09",
               _slot("until last month", "2024-07-01", "2024-07-31", "until", "month", "coordinator"))
    assert _findings(a, b) == []


def test_rules_time_extracted_term_end_is_less_precise() -> None:
    text_a = "Cambodia is the ASEAN Country Coordinator for ASEAN-Russia Dialogue Relations until 2024."
    text_b = "From August 2021 until last month, Cambodia fulfilled the duties of country coordinator."
    a = _claim(text_a, "2022-07-28", *extract(text_a, D("2022-07-28")))
    b = _claim(text_b, "2024-08-09", *extract(text_b, D("2024-08-09")))
    (f,) = _findings(a, b)
    assert (f.rule, f.verdict) == ("time.period_end/1", LESS_PRECISE)
    assert "'until 2024' (2024) in the 2022-07-28 article" in f.explanation
    assert "'until last month' (July 2024) in the 2024-08-09 article" in f.explanation


def test_rules_time_annual_summit_years_apart_is_different_scope() -> None:
    a = _claim("Leaders met at the annual summit in 2019.", "2019-11-05",
               _slot("2019", "2019-01-01", "2019-12-31", granularity="year"))
    b = _claim("Leaders met at the annual summit in 2023.", "2023-09-07",
               _slot("2023", "2023-01-01", "2023-12-31", granularity="year"))
    assert _verdicts(a, b) == [("time.event_date/1", DIFFERENT_SCOPE)]


@pytest.mark.parametrize(("text_a", "pub_a", "day_a", "text_b", "pub_b", "day_b", "verdict"), [
    # Disasters, courts, science: past events reported after the fact.
    ("The quake struck on 6 February 2023.", "2023-02-07", "2023-02-06",
     "The quake struck on 7 February 2023.", "2023-02-09", "2023-02-07", CONTRADICTION),
    ("The court convicted him on 3 March 2021.", "2021-03-04", "2021-03-03",
     "The court convicted him on 30 March 2021.", "2021-04-02", "2021-03-30", CONTRADICTION),
    # Elections: a date announced ahead of time can be moved.
    ("The referendum will be held on 5 May 2024.", "2024-03-01", "2024-05-05",
     "The referendum was held on 12 May 2024.", "2024-05-13", "2024-05-12", CHANGED),
    # Sport: a fixture said twice on the same day cannot be both.
    ("The final will be played on 14 July 2024.", "2024-07-01", "2024-07-14",
     "The final will be played on 15 July 2024.", "2024-07-01", "2024-07-15", CONTRADICTION),
    # Diplomacy: talks weeks apart are probably two rounds of talks.
    ("The ministers held talks on 3 March 2024.", "2024-03-04", "2024-03-03",
     "The ministers held talks on 20 April 2024.", "2024-04-21", "2024-04-20", DIFFERENT_SCOPE),
    # Business: "another" says outright it is another occasion.
    ("The bank raised rates on 2 May 2023.", "2023-05-03", "2023-05-02",
     "The bank raised rates again on 14 June 2023.", "2023-06-15", "2023-06-14", DIFFERENT_SCOPE),
])
def test_rules_time_event_date_disjoint(text_a: str, pub_a: str, day_a: str, text_b: str, pub_b: str,
                                        day_b: str, verdict: str) -> None:
    a = _claim(text_a, pub_a, _slot(day_a, day_a, day_a))
    b = _claim(text_b, pub_b, _slot(day_b, day_b, day_b))
    assert _verdicts(a, b) == [("time.event_date/1", verdict)]


def test_rules_time_period_start_changed() -> None:
    a = _claim("The partnership has been strategic since 2018.", "2019-10-21",
               _slot("since 2018", "2018-01-01", "2018-12-31", "since", "year"))
    b = _claim("The partnership has been strategic since 2016.", "2022-07-28",
               _slot("since 2016", "2016-01-01", "2016-12-31", "since", "year"))
    assert _verdicts(a, b) == [("time.period_start/1", CHANGED)]


@pytest.mark.parametrize(("a", "b"), [
    # Different subjects: a coordinator's term and a flight ban.
    (_claim("Cambodia is coordinator until 2024.", "2022-07-28",
            _slot("until 2024", "2024-01-01", "2024-12-31", "until", "year", "coordinator")),
     _claim("The ban on flights lasts until 2026.", "2024-07-28",
            _slot("until 2026", "2026-01-01", "2026-12-31", "until", "year", "ban"))),
    # A period end is not an event date.
    (_claim("He is coach until 2026.", "2024-01-01", _slot("until 2026", "2026-01-01", "2026-12-31", "until")),
     _claim("He became coach in 2022.", "2024-01-01", _slot("2022", "2022-01-01", "2022-12-31"))),
    # Two event dates on one side and no subject to tell them apart.
    (_claim("Founded in 1967, the bloc signed its charter in 2007.", None,
            _slot("1967", "1967-01-01", "1967-12-31"), _slot("2007", "2007-01-01", "2007-12-31")),
     _claim("The bloc's charter entered into force in 2008.", None, _slot("2008", "2008-01-01", "2008-12-31"))),
    # Overlapping spans of a multi-day event.
    (_claim("The forum ran from 25 to 27 July.", "2024-08-01", _slot("25–27", "2024-07-25", "2024-07-27", "range")),
     _claim("The forum ran from 26 to 28 July.", "2024-08-01", _slot("26–28", "2024-07-26", "2024-07-28", "range"))),
    # A day inside a stated span is part of it, not a vaguer wording.
    (_claim("On July 25, Lavrov held talks with Sok Chenda.", "2024-08-09",
            _slot("July 25", "2024-07-25", "2024-07-25")),
     _claim("From July 25-27, Lavrov attended the meetings.", "2024-08-09",
            _slot("From July 25-27", "2024-07-25", "2024-07-27", "range", "days"))),
    # "5 months ago" is rough: a date two weeks outside its month is not a conflict.
    (_claim("The war began 5 months ago.", "2022-07-07",
            _slot("5 months ago", "2022-02-01", "2022-02-28", granularity="approx_month")),
     _claim("The war began on 24 March 2022.", "2022-07-07", _slot("24 March", "2022-03-24", "2022-03-24"))),
    # Seasons flip between hemispheres.
    (_claim("The survey ran in summer 2022.", "2023-01-01",
            _slot("summer 2022", "2022-06-01", "2022-08-31", granularity="season")),
     _claim("The survey ran in January 2022.", "2023-01-01", _slot("January 2022", "2022-01-01", "2022-01-31"))),
])
def test_rules_time_must_not_fire(a: Claim, b: Claim) -> None:
    assert _findings(a, b) == []


def test_rules_time_same_sentence_is_skipped() -> None:
    slot_a = _slot("until 2024", "2024-01-01", "2024-12-31", "until", "year", "coordinator")
    slot_b = _slot("until 2026", "2026-01-01", "2026-12-31", "until", "year", "coordinator")
    a = _claim("Same sentence.", "2024-01-01", slot_a, article="x", index=3)
    b = _claim("Same sentence.", "2024-01-01", slot_b, article="x", index=3)
    assert _findings(a, b) == []


def test_rules_time_self_contradiction_within_one_article() -> None:
    a = _claim("The summit opened on 12 November 2022.", "2022-11-14",
               _slot("12 November 2022", "2022-11-12", "2022-11-12"), article="x", index=1)
    b = _claim("The summit opened on 10 November 2022.", "2022-11-14",
               _slot("10 November 2022", "2022-11-10", "2022-11-10"), article="x", index=7)
    assert _verdicts(a, b) == [("time.event_date/1", CONTRADICTION)]


def test_rules_time_subject_pairs_among_many_slots() -> None:
    a = _claim("He was minister from 2015 and coach until 2024.", "2023-01-01",
               _slot("until 2024", "2024-01-01", "2024-12-31", "until", "year", "coach"),
               _slot("by 2030", "2030-01-01", "2030-12-31", "by", "year", "target"))
    b = _claim("He is coach until 2025, with a target by 2030.", "2023-01-01",
               _slot("until 2025", "2025-01-01", "2025-12-31", "until", "year", "coach"),
               _slot("by 2030", "2030-01-01", "2030-12-31", "by", "year", "target"))
    (f,) = _findings(a, b)
    assert (f.verdict, f.subject) == (CONTRADICTION, "coach period end")


def test_rules_time_module_exposes_rules_tuple() -> None:
    assert isinstance(time_rules.RULES, tuple)
