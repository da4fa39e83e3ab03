"""TIME slots: dates and periods in a sentence, resolved against the publication date.

Each slot's value is the inclusive interval in which the stated time lies, its
granularity and its relation ("until 2024" ends a period, "since 2018" starts
one, "on 5 May" dates an event). Absolute pieces are matched by hand-written
patterns rather than dateparser: dateparser picks the current year for a bare
"November 12" and happily reads "may" or "2,500" as dates, and the interval
logic has to be ours anyway.

Precision before recall: a bare year, month or weekday is kept only where a
preposition or an event noun marks it as a time, durations ("four years",
"the past year") and bounds ("before 2020") are never emitted as dates, and a
relative expression is skipped when the publication date is unknown.

The patterns and keyword tables live in claimcheck.extract.time_patterns.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Callable

from claimcheck.extract.time_patterns import (
    MONTH_NAMES, _AGO_RE, _AND_RE, _APPROX_KW, _BOUND_RE, _CHANGE_VERB_RE, _CLAUSE_END, _CLAUSE_STOP_RE,
    _CLOCK_AFTER_RE, _COUNT_NOUN_RE, _DAYWORD_RE, _DECADE_RE, _DETERMINER_RE, _DMY_RE, _DROP_KW, _DURATION_RE,
    _EVENT_NOUN_RE, _FISCAL_RE, _FRONTED_RE, _FUTURE_RE, _RECORD_BEFORE_RE, _UNTIL_NOW_RE,
    _IN_BEFORE_RE, _ISO_RE, _KW_RE, _KW_RELATION, _LIST_RE, _MDY_RE, _MOD_BEFORE_RE, _MONTH_INDEX, _MONTH_KW,
    _MONTH_RE, _MONTH_REL_RE, _MONTH_STEMS, _MONTH_YEAR_RE, _NOT_PAST, _NUMBER_AFTER_RE, _NUMBER_WORDS, _ODDS_RE,
    _PART_BEFORE_RE, _PAST_RE, _QUARTERS, _QUARTER_RE, _RANGE_RE, _RELATIVE_RE, _SAID_RE, _SEASONS, _SEASON_RE,
    _SUBJECT_CANON, _SUBJECT_RE, _VERBISH_AFTER_RE, _WEEKDAYS, _WEEKDAY_KW, _WEEKDAY_NAME_AFTER_RE,
    _WEEKDAY_NAME_BEFORE_RE, _WEEKDAY_RE, _YEAR_KW, _YEAR_RE,
)
from claimcheck.model import TIME, Slot

RELATIONS = ("at", "from", "until", "by", "since", "range")


@dataclass(frozen=True)
class TimeValue:
    """The inclusive interval [start, end] a stated time lies in, how fine it is, and how it binds."""

    start: dt.date
    end: dt.date
    granularity: str  # day, days, week, part_of_month, month, months, quarter, season, year, ...
    relation: str  # one of RELATIONS

    @property
    def approximate(self) -> bool:
        """Whether the interval is only roughly known ("5 months ago", "summer 2022")."""
        return self.granularity.startswith("approx_") or self.granularity == "season"


# A yearless date takes the year nearest publication, bent to the tense within _FAR_DAYS; when the
# tense is unknown and even the nearest year is over _UNSURE_DAYS away, the year is a guess: no slot.
_FAR_DAYS = 183
_UNSURE_DAYS = 120
_CLOSE_DAYS = 30


@dataclass(frozen=True)
class _Atom:
    """One matched time expression before relation and resolution; local to one extract call."""

    start: int
    end: int
    kind: str  # "abs", "yearless", "weekday", "rel" (resolved against the publication date)
    lo: dt.date | None = None
    hi: dt.date | None = None
    gran: str = "day"
    spec: tuple[int, int, int, int] = (0, 0, 0, 0)  # yearless (m1, d1, m2, d2); d2 == 0 is month end
    weekday: int = -1
    wmode: str = ""  # weekday: "", "last", "next"
    licensed: bool = True
    span: bool = False  # states an interval itself ("25-27 July", "2019-2021")
    numeric_end: bool = False  # ends in digits, so a following count noun makes it a quantity
    yearish: bool = False  # a bare year or decade, which can continue a list ("2002, 2012 and 2022")
    approx: bool = False
    other: _Atom | None = None  # the second end of a two-atom range


def _month_end(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, _month_end(year, month + 1)))


def _year_span(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, _month_end(year, month))


def _part_key(part: str | None) -> str:
    return re.sub(r"\s+", " ", (part or "").lower().removeprefix("the ").strip()).removesuffix(" of")


def _apply_part(lo: dt.date, hi: dt.date, part: str | None, unit: str) -> tuple[dt.date, dt.date, str]:
    """Narrow a month, year or decade to its early / mid / late part."""
    key = _part_key(part)
    if not key:
        return lo, hi, unit
    if unit == "month":
        last = _month_end(lo.year, lo.month)
        days = {"early": (1, 10), "beginning": (1, 10), "start": (1, 10), "mid": (11, 20),
                "middle": (11, 20), "late": (21, last), "end": (21, last)}.get(key)
        if not days:
            return lo, hi, unit
        return lo.replace(day=days[0]), lo.replace(day=days[1]), "part_of_month"
    if unit == "year":
        months = {"early": (1, 4), "beginning": (1, 4), "start": (1, 4), "mid": (5, 8), "middle": (5, 8),
                  "late": (9, 12), "end": (9, 12), "first half": (1, 6), "second half": (7, 12)}[key]
        return (dt.date(lo.year, months[0], 1), _month_span(lo.year, months[1])[1], "part_of_year")
    years = {"early": (0, 3), "beginning": (0, 3), "start": (0, 3), "mid": (4, 6), "middle": (4, 6),
             "late": (7, 9), "end": (7, 9)}.get(key)
    if not years:
        return lo, hi, unit
    return dt.date(lo.year + years[0], 1, 1), dt.date(lo.year + years[1], 12, 31), "part_of_decade"


def _year_ok(text: str, m: re.Match[str], group: str = "y") -> bool:
    """A matched year is a year, not an amount ("$2024", "2,500"), a count ("2000 people") or a clock ("1200 GMT")."""
    before = text[m.start(group) - 1] if m.start(group) > 0 else " "
    return (before not in "$€£#.,/-+" and not before.isalnum() and not _COUNT_NOUN_RE.match(text, m.end())
            and not _CLOCK_AFTER_RE.match(text, m.end()))


def _iso(m: re.Match[str], text: str) -> _Atom | None:
    day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    return _Atom(m.start(), m.end(), "abs", day, day, "day")


def _day_month(m: re.Match[str], text: str) -> _Atom | None:
    month = _MONTH_INDEX[m["mon"].rstrip(".").lower()]
    d1 = int(m["d1"])
    d2 = int(m["d2"]) if m["d2"] else d1
    if not 1 <= d1 <= d2 <= 31:
        return None
    end = m.end()
    year = m["y"]
    if year and not _year_ok(text, m):
        year, end = None, m.start("y")
        end = len(text[:end].rstrip(", \t\n"))
    if m.re is _MDY_RE and not year and _COUNT_NOUN_RE.match(text, end):
        return None  # "In May 12 people died"
    span = d2 != d1
    gran = "days" if span else "day"
    if year:
        lo, hi = dt.date(int(year), month, d1), dt.date(int(year), month, d2)
        return _Atom(m.start(), end, "abs", lo, hi, gran, span=span)
    if d2 > _month_end(2024, month):  # 2024 is a leap year: Feb 29 stays possible
        return None
    return _Atom(m.start(), end, "yearless", gran=gran, spec=(month, d1, month, d2), span=span)


def _part_before(text: str, start: int, regex: re.Pattern[str] = _PART_BEFORE_RE) -> tuple[str | None, int]:
    """The early / mid / late word right before `start`, and where the expression then starts."""
    m = regex.search(text, max(0, start - 24), start)
    return (m["part"], m.start()) if m else (None, start)


def _month_year(m: re.Match[str], text: str) -> _Atom | None:
    if not _year_ok(text, m):
        return None
    part, start = _part_before(text, m.start())
    lo, hi = _month_span(int(m["y"]), _MONTH_INDEX[m["mon"].rstrip(".").lower()])
    lo, hi, gran = _apply_part(lo, hi, part, "month")
    return _Atom(start, m.end(), "abs", lo, hi, gran)


def _bare_month(m: re.Match[str], text: str) -> _Atom | None:
    month = _MONTH_INDEX[m["mon"].lower()]
    if _VERBISH_AFTER_RE.match(text, m.end()) and not _IN_BEFORE_RE.search(text, max(0, m.start() - 12), m.start()):
        return None  # "since May took office": a person, not a month ("the vote in May was close" is a month)
    part, start = _part_before(text, m.start())
    key = _part_key(part)
    d1, d2 = {"early": (1, 10), "beginning": (1, 10), "start": (1, 10), "mid": (11, 20), "middle": (11, 20),
              "late": (21, 0), "end": (21, 0)}.get(key, (1, 0))
    gran = "part_of_month" if key in ("early", "beginning", "start", "mid", "middle", "late", "end") else "month"
    return _Atom(start, m.end(), "yearless", gran=gran, spec=(month, d1, month, d2), licensed=bool(key))


def _month_rel(m: re.Match[str], text: str) -> _Atom | None:
    offset = {"last": -1, "this": 0, "next": 1}[m["which"].lower()]
    month = _MONTH_INDEX[m["mon"].lower()]
    part, start = _part_before(text, m.start())
    return _Atom(start, m.end(), "rel", gran="month_of_year", spec=(month, offset, 0, 0), wmode=part or "")


def _year(m: re.Match[str], text: str) -> _Atom | None:
    part, start = _part_before(text, m.start())
    if not part and not _year_ok(text, m):
        return None
    follow = _NUMBER_AFTER_RE.match(text, m.end())
    if follow and (not re.fullmatch(r"1\d{3}|20\d{2}|21\d{2}", follow["n"])
                   or _COUNT_NOUN_RE.match(text, follow.end()) or _CLOCK_AFTER_RE.match(text, follow.end())):
        return None  # "from 1200 to 1500 people", "between 1200 and 1400 GMT": amounts or clock times
    y = int(m["y"])
    lo, hi = _year_span(y)
    if m["y2"]:
        y2 = int(m["y2"]) if len(m["y2"]) == 4 else y // 100 * 100 + int(m["y2"])
        if not y < y2 <= y + 50 or part:
            return None
        return _Atom(m.start(), m.end(), "abs", lo, _year_span(y2)[1], "years", licensed=False, span=True,
                     numeric_end=True)
    lo, hi, gran = _apply_part(lo, hi, part, "year")
    return _Atom(start, m.end(), "abs", lo, hi, gran, licensed=bool(part), numeric_end=True, yearish=not part)


def _decade(m: re.Match[str], text: str) -> _Atom | None:
    y = int(m["y"]) if m["y"] else 1900 + int(m["yy"])
    lo, hi = dt.date(y, 1, 1), dt.date(y + 9, 12, 31)
    part, start = _part_before(text, m.start()) if m["y"] else (None, m.start())
    lo, hi, gran = _apply_part(lo, hi, part, "decade")
    return _Atom(start, m.end(), "abs", lo, hi, "decade" if gran == "decade" else gran, yearish=True)


def _quarter(m: re.Match[str], text: str) -> _Atom | None:
    if re.search(r"(?i:\b(?:fiscal|financial|FY))\s*$", text[max(0, m.start() - 12):m.start()]):
        return None  # fiscal quarters follow each company's own calendar
    q = _QUARTERS[m["q"].lower()] if m["q"] else int(m["qn"])
    y = int(m["y"] or m["y2"])
    lo = dt.date(y, 3 * q - 2, 1)
    return _Atom(m.start(), m.end(), "abs", lo, _month_span(y, 3 * q)[1], "quarter")


def _season(m: re.Match[str], text: str) -> _Atom | None:
    first, last = _SEASONS[m["season"].lower()]
    y = int(m["y"])
    # "fall" is a verb far more often than a season unless a preposition says otherwise.
    return _Atom(m.start(), m.end(), "abs", dt.date(y, first, 1), _month_span(y, last)[1], "season",
                 licensed=m["season"].lower() != "fall")


def _relative(m: re.Match[str], text: str) -> _Atom | None:
    which, unit = m["which"].lower(), m["unit"]
    mod, start = _part_before(text, m.start(), _MOD_BEFORE_RE)
    if not mod and _DURATION_RE.search(text, max(0, start - 8), start):
        return None  # "in the last year", "over the past week": durations, not dates
    if unit in _WEEKDAYS:
        mode = {"last": "last", "past": "last", "next": "next", "coming": "next", "this": ""}[which]
        return _Atom(m.start(), m.end(), "weekday", weekday=_WEEKDAYS.index(unit), wmode=mode)
    unit = unit.lower()
    if which in ("past", "coming"):
        return None
    if unit == "weekend" and which == "next":
        return None  # readers disagree on which weekend "next weekend" is
    return _Atom(start, m.end(), "rel", gran=unit, spec=({"last": -1, "this": 0, "next": 1}[which], 0, 0, 0),
                 wmode=(mod or "").lower())


def _ago(m: re.Match[str], text: str) -> _Atom | None:
    if _BOUND_RE.search(text, max(0, m.start() - 16), m.start()):
        return None  # "more than a year ago" is a bound, not a date
    raw = m["n"].lower()
    n = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
    return _Atom(m.start(), m.end(), "rel", gran="ago_" + m["unit"].lower(), spec=(n, 0, 0, 0))


# "Six hours ago" in an article dated only to the day may be the day before.
_SAME_DAY_HOURS = 6


def _dayword(m: re.Match[str], text: str) -> _Atom | None:
    word = re.sub(r"\s+", " ", m["w"].lower())
    offset = {"yesterday": (-1, -1), "tomorrow": (1, 1), "last night": (-1, 0)}.get(word, (0, 0))
    if word.endswith(" ago"):  # "a few hours ago", "20 minutes ago": the publication day, or the day before
        if _BOUND_RE.search(text, max(0, m.start() - 16), m.start()) or re.search(r"\d\s*$", text[: m.start()]):
            return None  # "more than 24 hours ago" is a bound, not a date (nor is its "hours ago")
        first = word.split()[0]
        n = int(first) if first.isdigit() else _NUMBER_WORDS.get(first, 1)
        offset = (-1, 0) if word.split()[-2].startswith("hour") and n >= _SAME_DAY_HOURS else (0, 0)
    return _Atom(m.start(), m.end(), "rel", gran="dayword", spec=(offset[0], offset[1], 0, 0))


def _weekday(m: re.Match[str], text: str) -> _Atom | None:
    if _WEEKDAY_NAME_BEFORE_RE.search(text, max(0, m.start() - 12), m.start()) or _WEEKDAY_NAME_AFTER_RE.match(
            text, m.end()):
        return None  # "Good Friday", "the Sunday Times"
    plain = not (m["poss"] or m["tod"]) and not _SAID_RE.search(text, max(0, m.start() - 12), m.start())
    return _Atom(m.start(), m.end(), "weekday", weekday=_WEEKDAYS.index(m["wd"]), licensed=not plain)


# Longer matches win over shorter ones that overlap them; on a tie, earlier entries win. Each pattern
# runs only when its cue words (and a digit, where it needs one) occur: most sentences have no date,
# and a regex scan costs far more than a substring test.
_Builder = Callable[[re.Match[str], str], "_Atom | None"]
_PATTERNS: tuple[tuple[re.Pattern[str], _Builder, tuple[str, ...], bool], ...] = (
    (_ISO_RE, _iso, ("-",), True),
    (_DMY_RE, _day_month, _MONTH_STEMS, True),
    (_MDY_RE, _day_month, _MONTH_STEMS, True),
    (_QUARTER_RE, _quarter, ("quarter", "q1", "q2", "q3", "q4"), True),
    (_MONTH_REL_RE, _month_rel, ("year",), False),
    (_MONTH_YEAR_RE, _month_year, _MONTH_STEMS, True),
    (_SEASON_RE, _season, ("spring", "summer", "autumn", "fall"), True),
    (_DECADE_RE, _decade, ("0s", "0's", "0’s"), True),
    (_YEAR_RE, _year, (), True),
    (_AGO_RE, _ago, ("ago",), False),
    (_RELATIVE_RE, _relative, ("last", "this", "next", "past", "coming"), False),
    (_DAYWORD_RE, _dayword, ("yesterday", "tomorrow", "tonight", "night", "this", "today", "ago"), False),
    (_MONTH_RE, _bare_month, _MONTH_STEMS, False),
    (_WEEKDAY_RE, _weekday, ("day",), False),
)


def _atoms(text: str) -> list[_Atom]:
    found: list[tuple[int, int, int, _Atom]] = []
    lower = text.lower()  # only to test cues; offsets always come from `text`
    has_digit = any(c.isdigit() for c in text)
    for rank, (pattern, build, cues, needs_digit) in enumerate(_PATTERNS):
        if (needs_digit and not has_digit) or (cues and not any(c in lower for c in cues)):
            continue
        pos = 0
        while (m := pattern.search(text, pos)) is not None:
            try:
                atom = build(m, text)
            except (ValueError, OverflowError, KeyError):
                atom = None
            if atom is not None and atom.end > atom.start:
                found.append((atom.start, -(atom.end - atom.start), rank, atom))
                pos = m.end()
            else:
                # A rejected match may hide a good one inside it ("31 to 6 August").
                pos = m.start() + 1
    chosen: list[_Atom] = []
    for _, _, _, atom in sorted(found, key=lambda f: f[:3]):
        if not chosen or atom.start >= chosen[-1].end:
            chosen.append(atom)
    return chosen


def _keyword(text: str, start: int) -> tuple[str, int]:
    """The preposition right before `start`, normalised, and where it begins (or "", start)."""
    m = _KW_RE.search(text, max(0, start - 40), start)
    if not m:
        return "", start
    return re.sub(r"\s+", " ", m["kw"].lower()), m.start("kw")


def _combine(text: str, atoms: list[_Atom]) -> list[_Atom]:
    """Join "July 31 to 6 August", "between 2019 and 2021", "Saturday and Sunday" into ranges."""
    out: list[_Atom] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        if b is not None and _rangeable(a, b):
            gap = text[a.end:b.start]
            kw = _keyword(text, a.start)[0]
            consecutive = a.kind == "weekday" and (b.weekday - a.weekday) % 7 == 1
            if _RANGE_RE.match(gap) or (_AND_RE.match(gap) and (kw == "between" or consecutive)):
                licensed = a.licensed or kw in _YEAR_KW or kw in ("from", "between")
                out.append(replace(a, end=b.end, other=b, span=True, licensed=licensed,
                                   numeric_end=b.numeric_end, yearish=False))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _rangeable(a: _Atom, b: _Atom) -> bool:
    if a.span or b.span or a.kind == "rel" or b.kind == "rel":
        return False
    if a.kind == "weekday" or b.kind == "weekday":
        return a.kind == b.kind == "weekday" and not a.wmode and not b.wmode
    return True


def _tense(text: str, start: int, end: int) -> str:
    """"future", "past" or "" from the nearest tense marker before the expression in its clause, else after it.

    The verb governing a time phrase mostly precedes it ("took effect on Sunday and will last until
    Friday"); only a fronted phrase ("On Wednesday, he said") has it after.
    """
    lo = max(0, start - 100)
    for m in _CLAUSE_END.finditer(text, lo, start):
        lo = m.end()
    hi_m = _CLAUSE_END.search(text, end, end + 100)
    hi = hi_m.start() if hi_m else min(len(text), end + 100)
    best, best_distance = "", 10**9
    after_penalty = 10**6  # any marker before the expression beats every marker after it
    future_spans: list[tuple[int, int]] = []
    for regex, tense in ((_FUTURE_RE, "future"), (_PAST_RE, "past")):
        for m in regex.finditer(text, lo, hi):
            if tense == "future":
                future_spans.append(m.span())
            elif m.group(0).lower() in _NOT_PAST or any(a <= m.start() < b for a, b in future_spans):
                continue
            if m.start() < end and m.end() > start:
                continue
            distance = start - m.end() if m.end() <= start else after_penalty + m.start() - end
            if distance < best_distance:
                best, best_distance = tense, distance
    return best


def _spec_span(spec: tuple[int, int, int, int], year: int) -> tuple[dt.date, dt.date] | None:
    m1, d1, m2, d2 = spec
    end_year = year + 1 if (m2, d2 or 31) < (m1, d1) else year
    try:
        return dt.date(year, m1, d1), dt.date(end_year, m2, d2 or _month_end(end_year, m2))
    except ValueError:
        return None


def _distance(span: tuple[dt.date, dt.date], pub: dt.date) -> int:
    lo, hi = span
    return 0 if lo <= pub <= hi else (lo - pub).days if lo > pub else (pub - hi).days


def _nearest(spec: tuple[int, int, int, int], pub: dt.date, tense: str) -> tuple[dt.date, dt.date] | None:
    """The year that puts a yearless date nearest publication, bent to the tense when that stays close."""
    spans = [s for s in (_spec_span(spec, y) for y in (pub.year - 1, pub.year, pub.year + 1)) if s]
    spans.sort(key=lambda s: (_distance(s, pub), s[0] > pub))
    if not spans:
        return None
    nearest = spans[0]
    if not tense:
        return nearest if _distance(nearest, pub) <= _UNSURE_DAYS else None
    fitting = [s for s in spans if (s[1] >= pub if tense == "future" else s[0] <= pub)]
    if fitting and _distance(fitting[0], pub) <= _FAR_DAYS:
        return fitting[0]
    if tense == "future" and nearest[1] < pub and _distance(nearest, pub) <= _CLOSE_DAYS:
        return nearest  # "will be held on July 25" in an August article: said before, published after
    return fitting[0] if fitting and _distance(fitting[0], pub) <= 366 else None


def _weekday_date(weekday: int, mode: str, pub: dt.date, tense: str) -> dt.date:
    if mode == "last":
        return pub - dt.timedelta(days=(pub.weekday() - weekday - 1) % 7 + 1)
    if mode == "next":
        return pub + dt.timedelta(days=(weekday - pub.weekday() - 1) % 7 + 1)
    if tense == "future":
        return pub + dt.timedelta(days=(weekday - pub.weekday()) % 7)
    return pub - dt.timedelta(days=(pub.weekday() - weekday) % 7)


def _earlier_later(lo: dt.date, hi: dt.date, pub: dt.date, mod: str,
                   gran: str) -> tuple[dt.date, dt.date, str] | None:
    """"earlier this month" runs from the month's start to publication; "later this year" from it to the end.

    None when that leaves only the publication day itself: no one writes "earlier this month" on the 1st, so
    the article's date is not when it was written and the expression cannot be placed.
    """
    span = (lo, pub) if mod == "earlier" else (pub, hi)
    return None if span[0] == span[1] else (*span, gran)


def _resolve_rel(a: _Atom, pub: dt.date, tense: str) -> tuple[dt.date, dt.date, str] | None:
    gran = a.gran
    if gran == "dayword":
        return pub + dt.timedelta(days=a.spec[0]), pub + dt.timedelta(days=a.spec[1]), (
            "day" if a.spec[0] == a.spec[1] else "days")
    if gran.startswith("ago_"):
        n, unit = a.spec[0], gran[4:]
        if unit == "day":
            day = pub - dt.timedelta(days=n)
            return day, day, "day"
        if unit == "week":
            monday = pub - dt.timedelta(days=7 * n + pub.weekday())
            return monday, monday + dt.timedelta(days=6), "approx_week"
        if unit == "month":
            target = _add_months(pub, -n)
            return (*_month_span(target.year, target.month), "approx_month")
        return (*_year_span(pub.year - n), "approx_year")
    if gran == "month_of_year":
        lo, hi = _month_span(pub.year + a.spec[1], a.spec[0])  # "February last year"
        return _apply_part(lo, hi, a.wmode or None, "month")
    offset = a.spec[0]
    mod = _part_key(a.wmode)
    if gran == "week":
        monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(days=7 * offset)
        return monday, monday + dt.timedelta(days=6), "week"
    if gran == "weekend":
        saturday = pub - dt.timedelta(days=(pub.weekday() - 5) % 7)
        if offset == 0 and pub.weekday() < 5 and tense != "past":
            saturday += dt.timedelta(days=7)
        if offset == -1 and pub.weekday() >= 5:
            saturday -= dt.timedelta(days=7)
        return saturday, saturday + dt.timedelta(days=1), "days"
    if gran == "month":
        first = _add_months(pub.replace(day=1), offset)
        lo, hi = _month_span(first.year, first.month)
        if offset == 0 and mod in ("earlier", "later"):
            return _earlier_later(lo, hi, pub, mod, "part_of_month")
        return _apply_part(lo, hi, mod if mod not in ("earlier", "later") else
                           ("early" if mod == "earlier" else "late"), "month")
    if gran == "year":
        lo, hi = _year_span(pub.year + offset)
        if offset == 0 and mod in ("earlier", "later"):
            return _earlier_later(lo, hi, pub, mod, "part_of_year")
        return _apply_part(lo, hi, mod if mod not in ("earlier", "later") else
                           ("early" if mod == "earlier" else "late"), "year")
    if gran in _SEASONS:
        first, last = _SEASONS[gran]
        spans = [(dt.date(y, first, 1), _month_span(y, last)[1]) for y in range(pub.year - 1, pub.year + 2)]
        if offset == 0:
            lo, hi = spans[1]
        elif offset < 0:
            lo, hi = [s for s in spans if s[1] < pub][-1]
        else:
            lo, hi = [s for s in spans if s[0] > pub][0]
        return lo, hi, "season"
    return None


def _resolve(a: _Atom, text: str, pub: dt.date | None, tense_of: dict[int, str],
             year_hint: int | None = None) -> tuple[dt.date, dt.date, str] | None:
    """The interval of one atom, or None when it needs a publication date it does not have."""
    if a.kind == "abs":
        return a.lo, a.hi, a.gran  # type: ignore[return-value]
    if a.kind == "yearless" and year_hint is not None:
        span = _spec_span(a.spec, year_hint)
        return (*span, a.gran) if span else None
    if pub is None:
        return None
    if a.start not in tense_of:
        tense_of[a.start] = _tense(text, a.start, a.end)
    tense = tense_of[a.start]
    if a.kind == "yearless":
        span = _nearest(a.spec, pub, tense)
        return (*span, a.gran) if span else None
    if a.kind == "weekday":
        day = _weekday_date(a.weekday, a.wmode, pub, tense)
        return day, day, "day"
    return _resolve_rel(a, pub, tense)


def _resolve_range(a: _Atom, text: str, pub: dt.date | None,
                   tense_of: dict[int, str]) -> tuple[dt.date, dt.date, str] | None:
    b = a.other
    if b is None:
        return None
    first = replace(a, other=None)
    hint = None
    if first.kind == "yearless" and b.kind == "abs" and b.hi is not None:
        # The first end borrows the second's year, or the year before ("28 December to 3 January 2024").
        span = _spec_span(first.spec, b.hi.year)
        hint = b.hi.year - 1 if span and span[0] > b.hi else b.hi.year
    start = _resolve(first, text, pub, tense_of, hint)
    if start is None:
        return None
    lo = start[0]
    if b.kind == "yearless":
        spans = [s for s in (_spec_span(b.spec, y) for y in (lo.year, lo.year + 1)) if s and s[1] >= lo]
        if not spans:
            return None
        hi = spans[0][1]
    elif b.kind == "weekday":
        hi = lo + dt.timedelta(days=(b.weekday - lo.weekday() - 1) % 7 + 1)
    else:
        end = _resolve(b, text, pub, tense_of)
        if end is None:
            return None
        hi = end[1]
    if hi < lo or (hi - lo).days > 366 * 60:
        return None
    unit = ("days" if start[2] in ("day", "days", "week") else
            "months" if "month" in start[2] or start[2] in ("quarter", "season") else "years")
    return lo, hi, unit


def render(lo: dt.date, hi: dt.date, granularity: str) -> str:
    """A short human rendering of an interval: "July 2024", "12–13 November 2022", "1990s"."""
    if granularity == "quarter":
        return f"Q{(lo.month - 1) // 3 + 1} {lo.year}"
    if lo == hi:
        return f"{lo.day} {MONTH_NAMES[lo.month]} {lo.year}"
    if lo.day == 1 and hi.day == _month_end(hi.year, hi.month):
        if lo.month == 1 and hi.month == 12:
            if lo.year == hi.year:
                return str(lo.year)
            if granularity == "decade" and lo.year % 10 == 0 and hi.year == lo.year + 9:
                return f"{lo.year}s"
            return f"{lo.year}–{hi.year}"
        if (lo.year, lo.month) == (hi.year, hi.month):
            return f"{MONTH_NAMES[lo.month]} {lo.year}"
        if lo.year == hi.year:
            return f"{MONTH_NAMES[lo.month]} – {MONTH_NAMES[hi.month]} {lo.year}"
        return f"{MONTH_NAMES[lo.month]} {lo.year} – {MONTH_NAMES[hi.month]} {hi.year}"
    if (lo.year, lo.month) == (hi.year, hi.month):
        return f"{lo.day}–{hi.day} {MONTH_NAMES[lo.month]} {lo.year}"
    if lo.year == hi.year:
        return f"{lo.day} {MONTH_NAMES[lo.month]} – {hi.day} {MONTH_NAMES[hi.month]} {lo.year}"
    return f"{lo.day} {MONTH_NAMES[lo.month]} {lo.year} – {hi.day} {MONTH_NAMES[hi.month]} {hi.year}"


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the clause around text[start:end] begins and ends (a reporting verb or a conjunction ends one)."""
    lo = max(0, start - _SUBJECT_REACH)
    for m in _CLAUSE_STOP_RE.finditer(text, lo, start):
        lo = m.end()
    stop = _CLAUSE_STOP_RE.search(text, end, end + _SUBJECT_REACH)
    return lo, stop.start() if stop else min(len(text), end + _SUBJECT_REACH)


# How far from its period phrase a subject noun may lie.
_SUBJECT_REACH = 80


def subject_for(text: str, start: int, end: int, relation: str = "") -> str:
    """The role or arrangement a period bounds: the nearest such noun before it in its clause, else "".

    A noun after the phrase counts only when the phrase opens its clause ("From 2021 until last month, Cambodia
    was coordinator"). A "since" after a superlative or ordinal is a record's baseline ("the lowest since 1995",
    "the fifth deal since October"): it starts nothing, so it gets no subject.
    """
    lo, hi = _clause(text, start, end)
    if relation == "since" and _RECORD_BEFORE_RE.search(text, lo, start):
        return ""
    before = list(_SUBJECT_RE.finditer(text, lo, start))
    if before:
        m: re.Match[str] | None = before[-1]
    elif _FRONTED_RE.fullmatch(text, lo, start):
        m = _SUBJECT_RE.search(text, end, hi)
    else:
        m = None
    if not m:
        return ""
    word = re.sub(r"[\s-]+", " ", m["w"].lower())
    word = _SUBJECT_CANON.get(word, word)
    if word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word


def _licensed(a: _Atom, text: str, kw: str, kw_start: int, prev: _Atom | None) -> bool:
    if a.licensed:
        return True
    window = max(0, a.start - 40)
    if a.kind == "weekday":
        return kw in _WEEKDAY_KW
    if a.kind == "yearless":
        return kw in _MONTH_KW
    if kw in _YEAR_KW:
        if "year" in kw and _FISCAL_RE.search(text, 0, kw_start):
            return False  # "fiscal year 2024" follows an organisation's own calendar
        return not _CHANGE_VERB_RE.search(text, window, a.start) and not _ODDS_RE.search(text, window, a.start)
    if prev is not None and prev.yearish and _LIST_RE.match(text[prev.end:a.start]):
        return True  # "in 2002, 2012, and 2022"
    if _DETERMINER_RE.search(text, window, a.start):
        return bool(_EVENT_NOUN_RE.match(text, a.end))  # "the 2022 election"
    return text.startswith(("'s", "’s"), a.end)


def extract(text: str, published: dt.date | None) -> list[Slot]:
    """TIME slots of a sentence, each an inclusive interval resolved against the publication date."""
    if not text or not isinstance(text, str):
        return []
    slots: list[Slot] = []
    tense_of: dict[int, str] = {}
    prev: _Atom | None = None
    prev_kept = False
    for a in _combine(text, _atoms(text)):
        kw, kw_start = _keyword(text, a.start)
        keep = _licensed(a, text, kw, kw_start, prev if prev_kept else None)
        if keep and a.numeric_end and (_COUNT_NOUN_RE.match(text, a.end) or _CLOCK_AFTER_RE.match(text, a.end)):
            keep = False
        prev, prev_kept = a, keep
        if not keep or kw in _DROP_KW or (kw == "between" and not a.span):
            prev_kept = False
            continue
        # "since May" and "from May until now" look back from the article, whatever the verb's tense.
        looking_back = kw == "since" or (kw == "from" and bool(_UNTIL_NOW_RE.match(text, a.end)))
        if looking_back:
            tense_of[a.start] = "past"
        try:
            resolved = _resolve_range(a, text, published, tense_of) if a.other else _resolve(
                a, text, published, tense_of)
        except (ValueError, OverflowError, IndexError):
            resolved = None
        if resolved is None or (looking_back and published is not None and resolved[0] > published):
            prev_kept = False  # a period said to run until now cannot start after the article
            continue
        lo, hi, gran = resolved
        relation = _KW_RELATION.get(kw.split(" ")[0] if kw.startswith(("starting", "beginning")) else kw, "at")
        if a.span and relation in ("at", "from"):
            relation = "range"
        approx = kw in _APPROX_KW
        if approx and not gran.startswith("approx_"):
            gran = "approx_" + gran
        # The raw keeps a relation word ("until 2024") but not a plain "in" / "on".
        start = kw_start if kw in _KW_RELATION or kw == "between" or kw.startswith(("starting", "beginning")) \
            else a.start
        normalized = render(lo, hi, gran.removeprefix("approx_"))
        if gran.startswith("approx_"):
            normalized = "≈ " + normalized
        subject = subject_for(text, start, a.end, relation) if relation in ("from", "since", "until", "by") else ""
        slots.append(Slot(kind=TIME, raw=text[start:a.end], start=start, end=a.end,
                          value=TimeValue(lo, hi, gran, relation), normalized=normalized, subject=subject))
    return slots
