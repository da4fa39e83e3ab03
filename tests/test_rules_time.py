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
    ("The quake struck the coastal province on 6 February 2023.", "2023-02-07", "2023-02-06",
     "The quake struck the coastal province on 7 February 2023.", "2023-02-09", "2023-02-07", CONTRADICTION),
    ("The court convicted the former mayor on 3 March 2021.", "2021-03-04", "2021-03-03",
     "The court convicted the former mayor on 30 March 2021.", "2021-04-02", "2021-03-30", CONTRADICTION),
    # Elections: a date announced ahead of time can be moved.
    ("The independence referendum will be held nationwide on 5 May 2024.", "2024-03-01", "2024-05-05",
     "The independence referendum was held nationwide on 12 May 2024.", "2024-05-13", "2024-05-12", CHANGED),
    # Sport: a fixture said twice on the same day cannot be both.
    ("The cup final will be played in the national stadium on 14 July 2024.", "2024-07-01", "2024-07-14",
     "The cup final will be played in the national stadium on 15 July 2024.", "2024-07-01", "2024-07-15", CONTRADICTION),
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
               _slot("since 2018", "2018-01-01", "2018-12-31", "since", "year", "partnership"))
    b = _claim("The partnership has been strategic since 2016.", "2022-07-28",
               _slot("since 2016", "2016-01-01", "2016-12-31", "since", "year", "partnership"))
    assert _verdicts(a, b) == [("time.period_start/1", CHANGED)]


def test_rules_time_periods_without_a_subject_are_not_compared() -> None:
    # "MP since 1970" and "unbeaten since 1983": two periods unless both name what started.
    a = _claim("He has represented the constituency since 1970.", "2005-01-01",
               _slot("since 1970", "1970-01-01", "1970-12-31", "since", "year"))
    b = _claim("Ireland have not lost the fixture since 1983.", "2005-01-01",
               _slot("since 1983", "1983-01-01", "1983-12-31", "since", "year"))
    assert _verdicts(a, b) == []


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
    a = _claim("The regional summit opened in the capital on 12 November 2022.", "2022-11-14",
               _slot("12 November 2022", "2022-11-12", "2022-11-12"), article="x", index=1)
    b = _claim("The regional summit opened in the capital on 10 November 2022.", "2022-11-14",
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


def _dated(text: str, raw: str, day_start: str, day_end: str, published: str = "2005-01-01",
           granularity: str = "day", article: str | None = None, index: int = 0) -> Claim:
    """A claim whose one event date sits where `raw` is written in `text`."""
    start = text.index(raw)
    slot = Slot(kind=TIME, raw=raw, start=start, end=start + len(raw),
                value=TimeValue(D(day_start), D(day_end), granularity, "at"), normalized=raw)
    return _claim(text, published, slot, article=article, index=index)


@pytest.mark.parametrize(("a", "b"), [
    # Business: two years of one forecast series, not one event dated twice.
    (_dated("But we expect overall economic growth to fall to 2.0 percent in 2005.", "2005",
            "2005-01-01", "2005-12-31", granularity="year"),
     _dated("The ministry forecast economic growth of more than 3 percent in 2004.", "2004",
            "2004-01-01", "2004-12-31", granularity="year")),
    # Housing: a monthly figure, two months.
    (_dated("UK house prices fell in December, according to the Office of the Deputy Prime Minister.", "December",
            "2004-12-01", "2004-12-31", granularity="month"),
     _dated("UK house prices dipped slightly in November, the Office of the Deputy Prime Minister said.", "November",
            "2004-11-01", "2004-11-30", granularity="month")),
    # Technology: one product, two markets; the place on one side only, named differently on the other.
    (_dated("The Nintendo DS handheld console went on sale in Japan on 2 December.", "2 December",
            "2004-12-02", "2004-12-02"),
     _dated("Nintendo's new handheld console, the DS, will launch in Europe on 11 March.", "11 March",
            "2005-03-11", "2005-03-11")),
    # Sport: two different events of one team that share little wording.
    (_dated("And they won only two games, against Scotland and Italy, in 2004.", "2004",
            "2004-01-01", "2004-12-31", granularity="year"),
     _dated("Italy have only recorded three wins since they joined the Six Nations in 2000.", "2000",
            "2000-01-01", "2000-12-31", granularity="year")),
    # Games: list entries too short to say which title each one is about.
    (_dated("Released 25 February on PC.", "25 February", "2005-02-25", "2005-02-25", article="x", index=3),
     _dated("Released 11 March on PC.", "11 March", "2005-03-11", "2005-03-11", article="x", index=9)),
    # Entertainment: one side names the event (the Oscars), the other a generic ceremony.
    (_dated("The Academy Awards ceremony will be held in Hollywood on 27 February.", "27 February",
            "2005-02-27", "2005-02-27"),
     _dated("The awards ceremony will be held on 26 February.", "26 February", "2005-02-26", "2005-02-26")),
    # Employment: the other figures in the sentences differ, so these are two monthly reports.
    (_claim("According to Labor Department figures, firms added 146,000 jobs in January.", "2005-02-05",
            _slot("January", "2005-01-01", "2005-01-31", granularity="month"),
            Slot(kind="quantity", raw="146,000", start=0, end=7, value=146000, normalized="146,000 jobs")),
     _claim("According to Labor Department figures, firms added 157,000 jobs last month.", "2005-01-08",
            _slot("last month", "2004-12-01", "2004-12-31", granularity="month"),
            Slot(kind="quantity", raw="157,000", start=0, end=7, value=157000, normalized="157,000 jobs"))),
    # Elections: a yearless "5 May" put in two years only by each article's tense.
    (_dated("All parties are stepping up campaigning for the general election, expected to be called for 5 May.",
            "5 May", "2004-05-05", "2004-05-05"),
     _dated("All the parties are stepping up campaigning ahead of a general election expected on 5 May.",
            "5 May", "2005-05-05", "2005-05-05")),
    # A quote republished word for word: its "this week" resolves against each article's date.
    (_dated("We will endorse that approach with the players this week.", "this week", "2004-12-27", "2005-01-02"),
     _dated("We will endorse that approach with the players this week.", "this week", "2005-02-21", "2005-02-27",
            published="2005-02-24")),
])
def test_rules_time_event_date_needs_more_than_similar_wording(a: Claim, b: Claim) -> None:
    assert _findings(a, b) == []


def test_rules_time_event_date_same_event_retold_still_fires() -> None:
    # Disaster coverage: same quake, place and magnitude; the death toll differs but so does its subject.
    a = _claim("The magnitude 6.8 earthquake that struck southern Peru on Saturday destroyed 2,000 homes.",
               "2024-03-11", _slot("Saturday", "2024-03-09", "2024-03-09"),
               Slot(kind="quantity", raw="6.8", start=0, end=3, value=6.8, normalized="6.8 magnitude"))
    b = _claim("A magnitude 6.8 earthquake struck southern Peru on Sunday, killing 90 people.", "2024-03-04",
               _slot("Sunday", "2024-03-03", "2024-03-03"),
               Slot(kind="quantity", raw="6.8", start=0, end=3, value=6.8, normalized="6.8 magnitude"))
    assert _verdicts(a, b) == [("time.event_date/1", CONTRADICTION)]


def _placed(text: str, raw: str, start: str, end: str) -> Slot:
    at = text.index(raw)
    return Slot(kind=TIME, raw=raw, start=at, end=at + len(raw),
                value=TimeValue(D(start), D(end), "day", "at"), normalized=raw)


@pytest.mark.parametrize("verb", ["officials said on", "the agency told reporters on"])
def test_rules_time_the_date_of_the_telling_is_not_the_event_date(verb: str) -> None:
    first = "A magnitude 6.8 earthquake struck the southern coast of Peru on Sunday, officials said."
    later = f"A magnitude 6.8 earthquake struck the southern coast of Peru, {verb} Wednesday."
    a = _claim(first, "2024-03-04", _placed(first, "Sunday", "2024-03-03", "2024-03-03"))
    b = _claim(later, "2024-03-07", _placed(later, "Wednesday", "2024-03-06", "2024-03-06"))
    assert _verdicts(a, b) == []
    struck = "A magnitude 6.8 earthquake struck the southern coast of Peru on Wednesday, officials said."
    c = _claim(struck, "2024-03-07", _placed(struck, "Wednesday", "2024-03-06", "2024-03-06"))
    assert [v for _, v in _verdicts(a, c)] == [CONTRADICTION]
