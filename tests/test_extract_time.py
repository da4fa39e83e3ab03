"""TIME extraction: intervals, relations, subjects and the false positives it must not produce."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.extract.time import TimeValue, extract, render
from claimcheck.model import TIME

D = dt.date.fromisoformat


def _got(text: str, published: str | None) -> list[tuple[str, str, str, str]]:
    pub = D(published) if published else None
    return [(s.raw, s.value.start.isoformat(), s.value.end.isoformat(), s.value.relation)
            for s in extract(text, pub)]


# (sentence, publication date, [(raw, start, end, relation), ...]) from many beats.
CASES = [
    # Hours ago: the publication day, or for many hours the day before too.
    ("A few hours ago, the regulator gave its final approval.", "2023-10-13",
     [("A few hours ago", "2023-10-13", "2023-10-13", "at")]),
    ("The deal was signed 20 minutes ago.", "2023-10-13", [("20 minutes ago", "2023-10-13", "2023-10-13", "at")]),
    ("The quake struck 24 hours ago.", "2023-10-13", [("24 hours ago", "2023-10-12", "2023-10-13", "at")]),
    # Diplomacy: relative expressions against the article's date.
    ("Iangareev said the talks ended last month.", "2024-08-09",
     [("last month", "2024-07-01", "2024-07-31", "at")]),
    ("This year Cambodia chairs the bloc, and last year it was Brunei.", "2022-07-07",
     [("This year", "2022-01-01", "2022-12-31", "at"), ("last year", "2021-01-01", "2021-12-31", "at")]),
    ("The envoy will visit Hanoi next week.", "2019-10-21",
     [("next week", "2019-10-28", "2019-11-03", "at")]),
    ("In conversation with diplomats on Wednesday, the minister said he had asked Lavrov.", "2022-07-07",
     [("Wednesday", "2022-07-06", "2022-07-06", "at")]),
    ("Lavrov will take part in the East Asia Summit in Cambodia on Saturday and Sunday.", "2022-11-12",
     [("Saturday and Sunday", "2022-11-12", "2022-11-13", "range")]),
    ("From July 25-27, Lavrov attended the foreign ministers' meetings in Vientiane.", "2024-08-09",
     [("From July 25-27", "2024-07-25", "2024-07-27", "range")]),
    ("Cambodia will host the forum from July 31 to 6 August.", "2022-07-28",
     [("from July 31 to 6 August", "2022-07-31", "2022-08-06", "range")]),
    ("Cambodia is the Country Coordinator for the dialogue until 2024.", "2022-07-28",
     [("until 2024", "2024-01-01", "2024-12-31", "until")]),
    ("The post was held until last month.", "2024-08-09",
     [("until last month", "2024-07-01", "2024-07-31", "until")]),
    ("From August 2021 until last month, Cambodia fulfilled the duties of country coordinator.", "2024-08-09",
     [("From August 2021", "2021-08-01", "2021-08-31", "from"),
      ("until last month", "2024-07-01", "2024-07-31", "until")]),
    ("The meetings are scheduled in early August.", "2022-07-07",
     [("early August", "2022-08-01", "2022-08-10", "at")]),
    ("Prices peaked in mid-August and fell in late August.", "2023-09-02",
     [("mid-August", "2023-08-11", "2023-08-20", "at"), ("late August", "2023-08-21", "2023-08-31", "at")]),
    ("Cambodia led the bloc in 2002, 2012, and 2022.", "2022-07-28",
     [("2002", "2002-01-01", "2002-12-31", "at"), ("2012", "2012-01-01", "2012-12-31", "at"),
      ("2022", "2022-01-01", "2022-12-31", "at")]),
    ("It has been a strategic partnership since 2018.", "2019-10-21",
     [("since 2018", "2018-01-01", "2018-12-31", "since")]),
    ("The country pledged net zero emissions by 2030.", "2021-11-01",
     [("by 2030", "2030-01-01", "2030-12-31", "by")]),
    ("Moscow, 28 July 2022 (TDI): Lavrov will attend.", "2022-07-28",
     [("28 July 2022", "2022-07-28", "2022-07-28", "at")]),
    ("PHNOM PENH, November 12. /TASS/. Lavrov will take part.", "2022-11-12",
     [("November 12", "2022-11-12", "2022-11-12", "at")]),
    ("He spoke during an August 8 press briefing.", "2024-08-09",
     [("August 8", "2024-08-08", "2024-08-08", "at")]),
    ("The charter entered into force on 15 December 2008.", "2022-07-28",
     [("15 December 2008", "2008-12-15", "2008-12-15", "at")]),
    ("The special summit took place in May.", "2022-07-28", [("May", "2022-05-01", "2022-05-31", "at")]),
    ("The anniversary summit was held in October 2021.", "2022-07-28",
     [("October 2021", "2021-10-01", "2021-10-31", "at")]),
    ("Ties cooled in the 1990s.", None, [("1990s", "1990-01-01", "1999-12-31", "at")]),
    ("A coup ousted the government in February last year.", "2022-07-07",
     [("February last year", "2021-02-01", "2021-02-28", "at")]),
    # Disasters.
    ("The quake struck on Tuesday, killing dozens.", "2023-02-09",
     [("Tuesday", "2023-02-07", "2023-02-07", "at")]),
    ("Floods hit the region two days ago.", "2021-07-16", [("two days ago", "2021-07-14", "2021-07-14", "at")]),
    ("The storm made landfall yesterday.", "2020-09-01", [("yesterday", "2020-08-31", "2020-08-31", "at")]),
    ("The curfew stays in place until March 31.", "2020-03-20",
     [("until March 31", "2020-03-31", "2020-03-31", "until")]),
    # Elections.
    ("Polls close at 8pm on 5 May 2021.", "2021-05-01", [("5 May 2021", "2021-05-05", "2021-05-05", "at")]),
    ("The vote will be held in May.", "2022-11-12", [("May", "2023-05-01", "2023-05-31", "at")]),
    ("He served as president between 2009 and 2017.", None,
     [("between 2009 and 2017", "2009-01-01", "2017-12-31", "range")]),
    ("Results of the 2019 election were disputed.", None, [("2019", "2019-01-01", "2019-12-31", "at")]),
    # Business.
    ("Revenue rose in the third quarter of 2023.", None,
     [("the third quarter of 2023", "2023-07-01", "2023-09-30", "at")]),
    ("Shares fell earlier this year.", "2024-08-09", [("earlier this year", "2024-01-01", "2024-08-09", "at")]),
    ("The merger should close by the end of next year.", "2024-08-09",
     [("by the end of next year", "2025-09-01", "2025-12-31", "by")]),
    ("Output recovered in late 2022.", None, [("late 2022", "2022-09-01", "2022-12-31", "at")]),
    # Sport.
    ("The final on 15 July drew a record crowd.", "2024-07-20", [("15 July", "2024-07-15", "2024-07-15", "at")]),
    ("The season runs from 28 December to 3 January 2024.", None,
     [("from 28 December to 3 January 2024", "2023-12-28", "2024-01-03", "range")]),
    ("He was coach from 2015 to 2017.", None, [("from 2015 to 2017", "2015-01-01", "2017-12-31", "range")]),
    # Science.
    ("The probe launched on 2023-07-14.", None, [("2023-07-14", "2023-07-14", "2023-07-14", "at")]),
    ("The survey ran in summer 2022.", None, [("summer 2022", "2022-06-01", "2022-08-31", "at")]),
    ("The trend began in the mid-1990s.", None, [("mid-1990s", "1994-01-01", "1996-12-31", "at")]),
    # Courts.
    ("The trial began last week.", "2024-07-03", [("last week", "2024-06-24", "2024-06-30", "at")]),
    ("The judge ruled on Sept. 11, 2001.", None, [("Sept. 11, 2001", "2001-09-11", "2001-09-11", "at")]),
    ("The hearing was adjourned until next Monday.", "2024-08-09",
     [("until next Monday", "2024-08-12", "2024-08-12", "until")]),
    ("Starting on July 8, about 20 students spent three weeks in Moscow.", "2024-08-09",
     [("Starting on July 8", "2024-07-08", "2024-07-08", "from")]),
    # The verb before a time phrase sets its tense, even with another verb right after it.
    ("The ceasefire took effect at midnight on Sunday and will last until Friday.", "2024-03-14",
     [("Sunday", "2024-03-10", "2024-03-10", "at"), ("until Friday", "2024-03-15", "2024-03-15", "until")]),
    # A present-tense schedule verb looks ahead; a past verb looks back, even a year back.
    ("Her term as mayor ends on 31 December.", "2024-03-14", [("31 December", "2024-12-31", "2024-12-31", "at")]),
    ("Unemployment rose to 5.2 percent in April.", "2024-03-14", [("April", "2023-04-01", "2023-04-30", "at")]),
]


@pytest.mark.parametrize(("text", "published", "expected"), CASES)
def test_extract_time_intervals(text: str, published: str | None, expected: list) -> None:
    assert _got(text, published) == expected


@pytest.mark.parametrize(("text", "published"), [
    ("You may attend the ceremony.", "2024-05-01"),
    ("Thousands joined the March on Washington.", "2024-05-01"),
    ("About 2,500 troops crossed the border.", "2024-05-01"),
    ("The meeting is in Room 2024.", "2024-05-01"),
    ("She won the 1500 metres and the 2000 metres.", "2024-05-01"),
    ("Turnout rose by 2000 to 2100 in the district.", "2024-05-01"),
    ("Cambodia facilitated talks over the past four years.", "2024-05-01"),
    ("The index rose in the last year.", "2024-05-01"),
    ("The report appeared in the Sunday Times.", "2024-05-01"),
    ("Black Friday sales beat Super Tuesday turnout on Good Friday prices.", "2024-05-01"),
    ("Before May it was quiet, and prior to 15 July 2021 nobody knew.", "2024-05-01"),
    ("Since May took office, relations changed.", "2024-05-01"),
    ("In fiscal year 2024 the agency spent more.", "2024-05-01"),
    ("The crowd of 2000 protesters grew, a 1 in 2000 chance.", "2024-05-01"),
    ("Donations reached $2024 and 2024% of target.", "2024-05-01"),
    ("It happened more than a year ago.", "2024-05-01"),
    ("It happened more than 24 hours ago.", "2024-05-01"),
    ("In his 60s he retired.", "2024-05-01"),
    ("Ages ranged from 1200 to 1500 people per site in 2000 metres.", "2024-05-01"),
    ("Apple's fiscal third quarter of 2023 was strong.", "2024-05-01"),
    ("", "2024-05-01"),
    ("On July 25, 2000 people marched.", None),  # a relative or yearless date needs a publication date
    ("The summit ends on Sunday.", None),
    ("Data for 31 December are in the annex.", "2024-06-15"),  # no tense, half a year off: the year is a guess
])
def test_extract_time_must_not_fire(text: str, published: str | None) -> None:
    assert _got(text, published) == []


def test_extract_time_keeps_date_when_year_is_a_count() -> None:
    assert _got("On July 25, 2000 people marched.", "2024-08-09") == [
        ("July 25", "2024-07-25", "2024-07-25", "at")]


@pytest.mark.parametrize(("text", "published", "normalized", "granularity"), [
    ("until last month", "2024-08-09", "July 2024", "month"),
    ("until 2024", None, "2024", "year"),
    ("on Saturday and Sunday they will meet", "2022-11-12", "12–13 November 2022", "days"),
    ("from July 31 to 6 August", "2022-07-28", "31 July – 6 August 2022", "days"),
    ("in early August", "2022-07-07", "1–10 August 2022", "part_of_month"),
    ("the war began 5 months ago", "2022-07-07", "≈ February 2022", "approx_month"),
    ("in the 1990s", None, "1990s", "decade"),
    ("in Q3 2023", None, "Q3 2023", "quarter"),
    ("from 2019 to 2021", None, "2019–2021", "years"),
])
def test_extract_time_normalized(text: str, published: str | None, normalized: str, granularity: str) -> None:
    (slot,) = extract(text, D(published) if published else None)
    assert (slot.normalized, slot.value.granularity, slot.kind) == (normalized, granularity, TIME)


def test_extract_time_five_months_ago_is_approximate_month() -> None:
    (slot,) = extract("Ever since the war began 5 months ago, Moscow was isolated.", D("2022-07-07"))
    assert (slot.value.start, slot.value.end) == (D("2022-02-01"), D("2022-02-28"))
    assert slot.value.approximate


@pytest.mark.parametrize(("text", "published", "subject"), [
    ("Cambodia is the ASEAN Country Coordinator for ASEAN-Russia Dialogue Relations until 2024.", "2022-07-28",
     "coordinator"),
    ("From August 2021 until last month, Cambodia fulfilled the duties of country coordinator.", "2024-08-09",
     "coordinator"),
    ("The ban on flights will remain until March 31.", "2020-03-20", "ban"),
    ("He will stay on as chairman until 2026.", None, "chair"),
    ("The company has grown since 2018.", None, ""),
])
def test_extract_time_subject_of_period(text: str, published: str | None, subject: str) -> None:
    slots = extract(text, D(published) if published else None)
    assert slots and all(s.subject == subject for s in slots)


def test_extract_time_event_dates_have_generic_subject() -> None:
    (slot,) = extract("The coordinator met him on 5 May 2021.", None)
    assert slot.subject == "" and slot.value.relation == "at"


def test_extract_time_weekday_past_tense_counts_back_from_publication() -> None:
    # Published on a Saturday: a past "on Friday" is the day before, a future "on Friday" six days on.
    assert _got("The minister resigned on Friday.", "2022-11-12")[0][1] == "2022-11-11"
    assert _got("The minister will resign on Friday.", "2022-11-12")[0][1] == "2022-11-18"


def test_extract_time_value_is_frozen_and_comparable() -> None:
    a = TimeValue(D("2024-07-01"), D("2024-07-31"), "month", "until")
    assert a == TimeValue(D("2024-07-01"), D("2024-07-31"), "month", "until") and hash(a)
    with pytest.raises(AttributeError):
        a.start = D("2024-01-01")  # type: ignore[misc]


def test_extract_time_render_across_years() -> None:
    assert render(D("2023-11-01"), D("2024-02-29"), "months") == "November 2023 – February 2024"


_PIECES = st.sampled_from([
    "on", "in", "until", "since", "from", "to", "by", "between", "and", ",", "-", "–", "the", "last", "next",
    "this", "early", "mid-", "late", "ago", "May", "March", "July", "August", "December", "Monday", "Sunday",
    "Saturday", "2024", "1990s", "'90s", "2,500", "99999", "0", "31", "29", "February", "Q3", "quarter",
    "week", "month", "year", "years", "5", "a", "will", "was", "2019-2021", "2022/23", "2024-02-30", "é",
    "\u202f", "\n", "年", "Sept.", "summer", "fall", "of", "end", "yesterday",
])
_DATES = st.one_of(st.none(), st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=14).map(" ".join), _DATES)
def test_extract_time_property_date_like_text(text: str, published: dt.date | None) -> None:
    for slot in extract(text, published):
        assert text[slot.start:slot.end] == slot.raw
        assert slot.value.start <= slot.value.end


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), _DATES)
def test_extract_time_property_arbitrary_text_never_raises(text: str, published: dt.date | None) -> None:
    for slot in extract(text, published):
        assert text[slot.start:slot.end] == slot.raw
        assert slot.value.start <= slot.value.end


@pytest.mark.parametrize("text", [
    # Markets, sport, broadcasting: four digits before a time zone are a clock time, not a year.
    "Shares in London rose 4% by 1200 GMT, while the index fell.",
    "The ceremony will be televised from 1700 local time.",
    "Players must have registered by 1700 GMT to be eligible.",
    "Trading was suspended between 1200 and 1400 GMT.",
])
def test_extract_time_clock_times_are_not_years(text: str) -> None:
    assert _got(text, "2005-01-01") == []


def test_extract_time_year_on_the_next_line_is_not_the_dates_year() -> None:
    # A fixture header: the day's date, then the kick-off time on its own line.
    assert _got("Saturday, 26 February\n\n1400 GMT", "2005-01-01") == [
        ("Saturday, 26 February", "2005-02-26", "2005-02-26", "at")]


@pytest.mark.parametrize(("text", "expected"), [
    # A period running until now began before the article, whatever the verb suggests.
    ("The firm has grown since May.", [("since May", "2004-05-01", "2004-05-31", "since")]),
    ("Unemployment has fallen from March until now.", [("from March", "2004-03-01", "2004-03-31", "from")]),
    # ... and a stated start after publication is not such a period.
    ("Prices have doubled since 2007.", []),
])
def test_extract_time_since_looks_back_from_publication(text: str, expected: list) -> None:
    assert _got(text, "2005-01-01") == expected


def test_extract_time_earlier_this_month_on_the_first_cannot_be_placed() -> None:
    # No one writes "earlier this month" on the 1st: the article's date is not when it was written.
    assert _got("Earlier this month, the company agreed to buy its rival.", "2005-01-01") == []
    assert _got("Earlier this month, the company agreed to buy its rival.", "2005-01-12")[0][1:3] == (
        "2005-01-01", "2005-01-12")


def test_extract_time_hyphenated_run_up_is_not_up_to() -> None:
    (slot,) = extract("She would not be minister in the run-up to the 2007 elections.", D("2005-01-01"))
    assert (slot.value.relation, slot.subject) == ("at", "")


@pytest.mark.parametrize("text", [
    # The speaker's title is not what the period bounds.
    "Health Minister Jane Hutt said no patient would wait more than a year by March 2006, against a target of 18 months.",
    # A noun after a reporting verb or past a conjunction belongs to another clause.
    "Paid leave would rise to nine months by 2007, Ms Hewitt told the Sunday programme.",
    "The merger will boost earnings from 2007 but the deal will cost $1bn.",
    "The party has until June 2006 to hold an election, but governments have favoured four-year terms.",
    "If he serves a full third term, he will pass her record by the end of 2008.",
    # A quote ends a clause; a belief or estimate has its holder on the other side.
    '"From next year they will enter a competition," festival director Geoffrey Gilmore said.',
    '"He led several change programmes." Mr Smith is set to stay on at the agency until March.',
    "There are 1.7m people needing care and ministers suggest the number could quadruple by 2050.",
    # "long-term care" is not a term of office.
    "More than 80,000 long term care places had been lost since 1997.",
    # A superlative or an ordinal before "since" makes a record's baseline, not a period's start.
    "It would be the fifth billion-dollar telecoms deal since October.",
    "New loans fell to 77,000, the lowest level of lending since September 1995.",
])
def test_extract_time_period_subject_stays_in_its_clause(text: str) -> None:
    slots = extract(text, D("2005-01-01"))
    assert slots and all(s.subject == "" for s in slots)


@pytest.mark.parametrize(("text", "subject"), [
    ("Iangareev noted that from August 2021 until last month, Cambodia fulfilled the duties of country coordinator.",
     "coordinator"),
    ("From March 2022 until last month, Finland held the rotating presidency of the forum.", "president"),
    ("The striker signed a contract with the club until 2008.", "contract"),
    ("The curfew in the capital stays in force until Friday.", "curfew"),
])
def test_extract_time_period_subject_before_or_after_a_fronted_phrase(text: str, subject: str) -> None:
    slots = [s for s in extract(text, D("2004-08-09")) if s.value.relation in ("from", "until")]
    assert slots and all(s.subject == subject for s in slots)
