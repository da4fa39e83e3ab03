"""TIME rules: period ends, period starts and event dates compared between two claims.

Two intervals that are equal or merely overlap say nothing worth an editor's
time. One that strictly contains the other is a less precise wording of the
same time ("2024" vs "July 2024"). Only disjoint intervals are a conflict, and
even then a period end may have been extended between two reports, a recurring
event (an annual summit) may simply be another year's edition, and roughly
stated times ("5 months ago", "summer 2022") get a margin before they count as
disjoint.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Iterator

from claimcheck.extract.time import TimeValue
from claimcheck.model import (
    CONTRADICTION,
    DIFFERENT_SCOPE,
    LESS_PRECISE,
    ORDINAL,
    PERSON,
    PLACE,
    QUANTITY,
    TIME,
    Claim,
    Finding,
    Slot,
)
from claimcheck.rules.base import Rule, changed_or_contradiction, finding, names_in, slots_of, words_in

END_RELATIONS = frozenset({"until", "by"})
START_RELATIONS = frozenset({"from", "since"})
EVENT_RELATIONS = frozenset({"at", "range"})

# How far a roughly stated interval may stretch before it counts as disjoint.
_MARGIN_DAYS = {"approx_day": 1, "approx_week": 7, "approx_month": 31, "approx_year": 183, "season": 31}

# Kinds of event that recur: the same words a year apart usually mean another edition.
_RECURRING_RE = re.compile(
    r"(?i:\b(?:annual(?:ly)?|yearly|every\s+year|each\s+year|anniversary|summits?|congress|season|championships?"
    r"|tournament|festival|olympics|world\s+cup|elections?|budget|census|general\s+assembly|forum|ministerial"
    r"|conference)\b)")
# Kinds of event that recur so often that dates weeks apart are more likely two occasions than a conflict.
_FREQUENT_RE = re.compile(
    r"(?i:\b(?:meetings?|met|talks|sessions?|visits?|visited|briefings?|press\s+conference|hearings?|matches|match"
    r"|rally|rallies|protests?|strikes?|raids?|attacks?|shelling|weekly|monthly|daily|talked|spoke|phone\s+call"
    r"|calls?)\b)")
# Words that announce another occasion outright.
_ANOTHER_RE = re.compile(r"(?i:\b(?:again|another|latest|previous|earlier\s+one|new\s+round|second\s+time"
                         r"|once\s+more|repeated)\b)")
_FREQUENT_GAP = dt.timedelta(days=7)


def _times(claim: Claim, relations: frozenset[str]) -> list[Slot]:
    return [s for s in slots_of(claim, TIME) if isinstance(s.value, TimeValue) and s.value.relation in relations]


def _pairs(xs: list[Slot], ys: list[Slot]) -> list[tuple[Slot, Slot]]:
    """Slots that speak of the same thing: the only one on each side, or one subject named once on each side."""
    if len(xs) == 1 and len(ys) == 1:
        x, y = xs[0], ys[0]
        return [(x, y)] if not x.subject or not y.subject or x.subject == y.subject else []
    pairs = []
    for x in xs:
        same_x = [s for s in xs if s.subject == x.subject]
        same_y = [s for s in ys if s.subject == x.subject]
        if x.subject and len(same_x) == 1 and len(same_y) == 1:
            pairs.append((x, same_y[0]))
    return pairs


def _margin(value: TimeValue) -> dt.timedelta:
    return dt.timedelta(days=_MARGIN_DAYS.get(value.granularity, 0))


def compare(a: TimeValue, b: TimeValue) -> str:
    """How two intervals relate: "equal", "a_within_b", "b_within_a", "overlap" or "disjoint"."""
    if a.start - _margin(a) - _margin(b) > b.end or b.start - _margin(a) - _margin(b) > a.end:
        return "disjoint"
    if (a.start, a.end) == (b.start, b.end):
        return "equal"
    # A rough interval inside a precise one is still rough: no one is "less precise" then.
    if b.start <= a.start and a.end <= b.end and not a.approximate:
        return "a_within_b"
    if a.start <= b.start and b.end <= a.end and not b.approximate:
        return "b_within_a"
    return "overlap"


def _when(claim: Claim) -> str:
    return f"the {claim.published.isoformat()} article" if claim.published else "an undated article"


def _quote(slot: Slot, claim: Claim) -> str:
    return f"'{slot.raw}' ({slot.normalized}) in {_when(claim)}"


def _same_sentence(a: Claim, b: Claim) -> bool:
    return a.sentence.article == b.sentence.article and a.sentence.index == b.sentence.index


def _less_precise(rule: str, label: str, subject: str, x: Slot, y: Slot, a: Claim, b: Claim,
                  how: str) -> Finding:
    wide, narrow = (x, y) if how == "b_within_a" else (y, x)
    explanation = (f"{label} differs in precision: {_quote(x, a)} vs {_quote(y, b)}; {narrow.normalized} lies "
                   f"within {wide.normalized}, so '{wide.raw}' is only less precise.")
    return finding(rule, TIME, LESS_PRECISE, subject, explanation, (x, y), (a, b))


def _check_period(rule: str, relations: frozenset[str], what: str, a: Claim, b: Claim) -> Iterator[Finding]:
    if _same_sentence(a, b):
        return
    for x, y in _pairs(_times(a, relations), _times(b, relations)):
        if not x.subject or x.subject != y.subject:
            continue  # "by 2010" and "by March": two deadlines unless both name what ends
        how = compare(x.value, y.value)
        subject = f"{x.subject} period {what}"
        label = subject[0].upper() + subject[1:]
        if how in ("b_within_a", "a_within_b"):
            yield _less_precise(rule, label, subject, x, y, a, b, how)
        elif how == "disjoint":
            if "season" in (x.value.granularity, y.value.granularity):
                continue  # seasons flip between hemispheres
            verdict = changed_or_contradiction(a, b, can_change=True)
            if verdict != CONTRADICTION:
                why = "stated on different dates, so the period may have been changed between the reports"
            elif a.published and a.published == b.published:
                why = "stated on the same date, so they cannot both be right"
            else:
                why = "at least one is undated, so a change between the reports cannot be shown"
            explanation = f"{label} differs: {_quote(x, a)} vs {_quote(y, b)}; the two do not overlap and were {why}."
            yield finding(rule, TIME, verdict, subject, explanation, (x, y), (a, b))


def check_period_end(a: Claim, b: Claim) -> Iterator[Finding]:
    """Compare where two claims say a period ends ("until 2024" vs "until last month")."""
    yield from _check_period("time.period_end/1", END_RELATIONS, "end", a, b)


def check_period_start(a: Claim, b: Claim) -> Iterator[Finding]:
    """Compare where two claims say a period starts ("since 2018" vs "from August 2021")."""
    yield from _check_period("time.period_start/1", START_RELATIONS, "start", a, b)


def _past(slot: Slot, claim: Claim) -> bool:
    return claim.published is not None and slot.value.end <= claim.published


def _years_apart(x: TimeValue, y: TimeValue) -> bool:
    return x.end.year < y.start.year or y.end.year < x.start.year


# Words that say nothing about which event a sentence tells of: function words, reporting and calendar words.
_NOT_CONTENT = frozenset(
    """
    a an the this that these those it its he she they we i you his her their our them him us me my your
    is are was were be been being has have had do does did will would shall should can could may might must
    of in on at to for from by with as into onto over under about after before since until than then there
    and or but nor so yet if when while also not no only just more most less least very too still even
    which who whom whose what where why how all any some each every both other another such same own
    said says say told according added reported announced
    year years month months week weeks day days today yesterday tomorrow tonight night morning afternoon
    evening last next earlier later ago early late mid end beginning start
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    """.split()
)
# How much of their wording outside the dates two sentences must share to tell of one event: a share of all
# their content words, and a least number ("Prices rose in May" vs "Prices rose in June" is too thin).
_MIN_SHARED = 0.5
_MIN_SHARED_WORDS = 3
# Measured series: "house prices fell in December" and "... in November" are two periods' figures, not
# one event told twice, whenever both dates are whole months, quarters or years.
_SERIES_RE = re.compile(
    r"(?i:\b(?:prices?|sales|inflation|unemployment|jobless|growth|output|production|exports?|imports?|deficits?"
    r"|surplus|rates?|index|profits?|revenues?|earnings|turnover|figures|gdp|economy|spending|borrowing|lending"
    r"|jobs|payrolls|orders|demand|passengers|visitors|traffic|shipments|deliveries|forecasts?)\b)")
_COARSE = frozenset({"month", "months", "part_of_month", "quarter", "season", "year", "years", "part_of_year",
                     "decade", "part_of_decade", "approx_month", "approx_year"})
_YEAR_WRITTEN_RE = re.compile(r"\d{4}|\b(?:year|years)\b|['’]\d\d\b", re.I)
# Slot kinds whose values two tellings of one event must have in common when both state them.
_AGREEING_KINDS = (QUANTITY, PLACE, PERSON, ORDINAL)


def _outside(claim: Claim, kind: str) -> str:
    """The sentence with the slots of one kind blanked out."""
    text = claim.sentence.text
    for slot in slots_of(claim, kind):
        start = slot.start if text[slot.start : slot.end] == slot.raw else text.find(slot.raw)
        if start >= 0 and slot.raw:
            text = text[:start] + " " * len(slot.raw) + text[start + len(slot.raw) :]
    return text


@lru_cache(maxsize=1 << 16)
def _content_words(text: str) -> frozenset[str]:
    return frozenset(w.removesuffix("s") for w in words_in(text) if w not in _NOT_CONTENT and len(w) > 1)


def _other_event(a: Claim, b: Claim) -> str:
    """Why two dated claims tell of different events, or "" when they may tell of one.

    An event date carries no subject of its own and embeddings rate "growth in 2004" and "growth in 2005" as
    near-duplicates, so a date conflict needs more: most wording outside the dates in common, no name on
    each side missing from the other ("on PC" vs "on Xbox"), and agreement on every other kind of slot both
    state ("146,000 jobs in January" vs "157,000 jobs last month" are two monthly figures, not one event).
    """
    if " ".join(a.sentence.text.split()) == " ".join(b.sentence.text.split()):
        # One sentence republished: its dates differ only in how each article's date resolved the same words.
        return "the sentences say the same words"
    text_a, text_b = _outside(a, TIME), _outside(b, TIME)
    words_a, words_b = _content_words(text_a), _content_words(text_b)
    shared = words_a & words_b
    if len(shared) < _MIN_SHARED_WORDS or len(shared) < _MIN_SHARED * len(words_a | words_b):
        return "the sentences share too little wording"
    names_a, names_b = names_in(text_a), names_in(text_b)
    # A name both write capitalised anchors the event; a name on one side only must not face another on
    # the other side ("on PC" vs "on Xbox"), and "the awards" does not say which awards "the Academy Awards" are.
    if (names_a or names_b) and not names_a & names_b:
        return "the sentences name no one in common"
    if names_a - words_in(text_b) and names_b - words_in(text_a):
        return "each sentence names someone or something the other does not"
    for kind in _AGREEING_KINDS:
        values_a = {s.normalized for s in slots_of(a, kind)}
        values_b = {s.normalized for s in slots_of(b, kind)}
        if values_a and values_b and not values_a & values_b:
            return f"their {kind} slots differ"
    return ""


def _only_the_year_guessed(x: Slot, y: Slot) -> bool:
    """Whether two yearless dates ("26 February") differ only in the year each article's tense suggested."""
    u, v = x.value, y.value
    same_days = (u.start.month, u.start.day, u.end.month, u.end.day) == (v.start.month, v.start.day,
                                                                         v.end.month, v.end.day)
    return same_days and not _YEAR_WRITTEN_RE.search(x.raw) and not _YEAR_WRITTEN_RE.search(y.raw)


def _series(x: Slot, y: Slot, a: Claim, b: Claim) -> bool:
    """Whether the dates are whole periods of a measured series ("prices fell in December")."""
    return ({x.value.granularity, y.value.granularity} <= _COARSE
            and bool(_SERIES_RE.search(a.sentence.text) or _SERIES_RE.search(b.sentence.text)))


# "officials said on Wednesday": the date of the telling, not of the event told.
_REPORTED_ON = re.compile(
    r"\b(?:said|says|told|announced|added|reported|stated|wrote|confirmed|explained)\b[^.;:]{0,25}?\bon\s*$",
    re.IGNORECASE,
)


def _reporting_date(slot: Slot, claim: Claim) -> bool:
    return bool(_REPORTED_ON.search(claim.sentence.text[max(0, slot.start - 40) : slot.start]))


def check_event_date(a: Claim, b: Claim) -> Iterator[Finding]:
    """Compare the dates two claims give the same event ("on 12 November" vs "on 13 November")."""
    rule = "time.event_date/1"
    if _same_sentence(a, b) or _other_event(a, b):
        return
    for x, y in _pairs(_times(a, EVENT_RELATIONS), _times(b, EVENT_RELATIONS)):
        if _reporting_date(x, a) or _reporting_date(y, b):
            continue
        how = compare(x.value, y.value)
        subject = x.subject or y.subject or "event date"
        label = "Event date" if subject == "event date" else f"{subject[0].upper()}{subject[1:]} date"
        # A date inside the other ("this year" and "31 July - 6 August") is the
        # same event told with more or less detail: nothing an editor must change.
        if how != "disjoint" or "season" in (x.value.granularity, y.value.granularity):
            continue
        if _only_the_year_guessed(x, y) or _series(x, y, a, b):
            continue
        texts = a.sentence.text + " " + b.sentence.text
        both = f"{label} differs: {_quote(x, a)} vs {_quote(y, b)}"
        gap = max(x.value.start - y.value.end, y.value.start - x.value.end)
        if (_ANOTHER_RE.search(texts) or (_RECURRING_RE.search(texts) and _years_apart(x.value, y.value))
                or (_FREQUENT_RE.search(texts) and gap > _FREQUENT_GAP)):
            explanation = f"{both}; this kind of event recurs, so the claims probably describe different occasions."
            yield finding(rule, TIME, DIFFERENT_SCOPE, subject, explanation, (x, y), (a, b))
        elif _past(x, a) and _past(y, b):
            explanation = f"{both}; both report the event after the fact and the dates do not overlap."
            yield finding(rule, TIME, CONTRADICTION, subject, explanation, (x, y), (a, b))
        else:
            verdict = changed_or_contradiction(a, b, can_change=True)
            why = ("at least one date was announced ahead of the event and may have been moved"
                   if verdict != CONTRADICTION else "the dates do not overlap")
            yield finding(rule, TIME, verdict, subject, f"{both}; {why}.", (x, y), (a, b))


RULES: tuple[Rule, ...] = (
    Rule("time.period_end/1", "time", "Where a period ends (until / by), compared between claims.",
         check_period_end),
    Rule("time.period_start/1", "time", "Where a period starts (from / since), compared between claims.",
         check_period_start),
    Rule("time.event_date/1", "time", "The date of the same event, compared between near-duplicate claims.",
         check_event_date, near_duplicates_only=True),
)
