"""Ordinal rules: two claims that number the same thing differently ("17th" vs "18th" summit).

What a differing number means depends on what is numbered:

- an event series (summit, meeting, congress, convention, conference, ...):
  `different_scope` when the claims' dates show two occasions
  (`same_occasion` is False); a `contradiction` when they are the same
  occasion or cannot be told apart, except that undated claims published in
  different years are only `different_scope` (a yearly series is numbered
  one higher each year, so "55th" in 2022 and "57th" in 2024 are both right);
- an anniversary or birthday: its number grows with the year, so when the
  claims' years differ by exactly as much as the ordinals do there is
  nothing to say; a different number in the same year is a `contradiction`,
  and anything else `different_scope`;
- an achievement (title, win, medal, term, ...): the nth is one occasion, so a
  `contradiction` when the claims are dated to the same occasion, or undated
  but published within a week of each other; `different_scope` when their
  dates differ; otherwise nothing, since a later "sixth title" is news;
- anything else ("second round", "third day"): a `contradiction` only when
  both claims are dated to the same occasion.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterator

from claimcheck.extract.ordinal import ACHIEVEMENTS, EVENT_NOUNS, YEARLY, Ordinal
from claimcheck.model import CONTRADICTION, DIFFERENT_SCOPE, ORDINAL, TIME, Claim, Finding, Slot
from claimcheck.rules.base import Rule, finding, same_occasion, slots_of

RULE_NUMBER = "ordinal.number/1"

_SAME_NEWS_CYCLE = dt.timedelta(days=7)  # undated reports this close apart describe one occasion


def _head(subject: str) -> str:
    return subject.rsplit(" ", 1)[-1]


def compatible(a: str, b: str) -> bool:
    """Whether two numbered subjects can name the same series ("summit" and "east asia summit")."""
    if not a or not b:
        return False
    return a == b or (_head(a) == _head(b) and (" " not in a or " " not in b))


def _year(claim: Claim) -> int | None:
    """The one year the claim speaks of: its only single-year date, else its publication year."""
    years = set()
    for slot in slots_of(claim, TIME):
        start, end = getattr(slot.value, "start", None), getattr(slot.value, "end", None)
        if isinstance(start, dt.date) and isinstance(end, dt.date) and start.year == end.year:
            years.add(start.year)
    if len(years) == 1:
        return years.pop()
    return claim.published.year if claim.published else None


def _when(claim: Claim) -> str:
    return claim.published.isoformat() if claim.published else "undated"


def _sides(sa: Slot, sb: Slot, a: Claim, b: Claim) -> str:
    if a.article == b.article:
        return f"'{sa.raw}' ({sa.normalized}) vs '{sb.raw}' ({sb.normalized}) in the same {_when(a)} article"
    return (f"'{sa.raw}' ({sa.normalized}) in the {_when(a)} article vs "
            f"'{sb.raw}' ({sb.normalized}) in the {_when(b)} article")


def _yearly(na: int, nb: int, a: Claim, b: Claim) -> tuple[str, str] | None:
    ya, yb = _year(a), _year(b)
    if ya is not None and yb is not None:
        if ya != yb and nb - na == yb - ya:
            return None  # the same anniversary series, counted in two different years
        if ya == yb:
            return CONTRADICTION, f"both speak of {ya}, when only one number can be right"
        return DIFFERENT_SCOPE, (f"the years ({ya} vs {yb}) do not account for the gap, "
                                 "so they may count from different starting points")
    return DIFFERENT_SCOPE, "without dates it is unclear whether they count the same thing"


def _series(a: Claim, b: Claim) -> tuple[str, str]:
    occasion = same_occasion(a, b)
    if occasion is False:
        return DIFFERENT_SCOPE, "their dates show two different occasions of the series"
    if occasion is None and a.published and b.published and a.published.year != b.published.year:
        return DIFFERENT_SCOPE, ("published in different years, they may well speak of "
                                 "different occasions of the series")
    return CONTRADICTION, "they appear to speak of the same occasion, which has only one number"


def _achievement(a: Claim, b: Claim) -> tuple[str, str] | None:
    occasion = same_occasion(a, b)
    if occasion is False:
        return DIFFERENT_SCOPE, "their dates show two different occasions"
    if occasion is None:
        if not (a.published and b.published and abs(a.published - b.published) <= _SAME_NEWS_CYCLE):
            return None
        return CONTRADICTION, "published within a week of each other, they report the same occasion"
    return CONTRADICTION, "they are dated to the same occasion, which has only one number"


def _other(a: Claim, b: Claim) -> tuple[str, str] | None:
    if same_occasion(a, b):
        return CONTRADICTION, "they are dated to the same occasion, which has only one number"
    return None


def _decide(head: str, na: int, nb: int, a: Claim, b: Claim) -> tuple[str, str] | None:
    if head in YEARLY:
        return _yearly(na, nb, a, b)
    if head in EVENT_NOUNS:
        return _series(a, b)
    if head in ACHIEVEMENTS:
        return _achievement(a, b)
    return _other(a, b)


def check_number(a: Claim, b: Claim) -> Iterator[Finding]:
    """Findings for the same numbered series, anniversary or achievement given different numbers."""
    if a.sentence == b.sentence:
        return
    slots_a, slots_b = slots_of(a, ORDINAL), slots_of(b, ORDINAL)
    seen: set[str] = set()
    for sa in slots_a:
        head = _head(sa.subject)
        matches = [sb for sb in slots_b if compatible(sa.subject, sb.subject)]
        rivals = [s for s in slots_a if compatible(s.subject, sa.subject)]
        if len(matches) != 1 or len(rivals) != 1:
            continue  # several numbered series of one kind: which pairs with which is unknowable
        sb = matches[0]
        na, nb = sa.value.n, sb.value.n
        if not isinstance(sa.value, Ordinal) or not isinstance(sb.value, Ordinal) or na == nb:
            continue
        decided = _decide(head, na, nb, a, b)
        subject = sa.subject if len(sa.subject) >= len(sb.subject) else sb.subject
        if decided is None or subject in seen:
            continue
        seen.add(subject)
        verdict, reason = decided
        explanation = f"The number of the {subject} differs: {_sides(sa, sb, a, b)}; {reason}."
        yield finding(RULE_NUMBER, ORDINAL, verdict, subject, explanation, (sa, sb), (a, b))


RULES: tuple[Rule, ...] = (
    Rule(
        id=RULE_NUMBER,
        family="ordinal",
        description="The same numbered event, anniversary or achievement given two different numbers.",
        check=check_number,
        near_duplicates_only=True,
    ),
)
