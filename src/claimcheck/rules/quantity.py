"""Quantity rules: two claims that count or measure the same thing with figures that cannot agree.

Figures are intervals (see claimcheck.extract.quantity), widened by the
precision they were written with, so hedges ("nearly 400" vs 390), ranges,
conversions ("5.8 feet" vs "1.77 metres") and words vs digits ("ten" vs 10)
agree by overlap and yield nothing. Decisions, most specific first:

- Only slots with the same non-empty subject, dimension and unit are compared
  (money is never compared with people, nor dollars with euros, nor km with %);
  when a claim holds two different figures for one subject ("rose from 300 to
  400") the pair is ambiguous and skipped.
- `less_precise` only for a plain rounding: both figures unhedged, written in
  the same unit, and the finer one rounds to the coarser within 10%
  ("3 million" vs "3.2 million", "400" vs "397"). A hedge that contains the
  other figure is agreement, not imprecision, and yields nothing.
- Disjoint intervals are a `contradiction`, or `changed` when the figure is a
  tally that moves (deaths, cases, arrests, votes counted, prices, shares,
  population, ...) and the claims were published on different dates, are
  dated to different occasions, or word it as an update ("rose to", "so far").
  Other figures dated to two different occasions ("300 in 2019", "400 this
  year") yield nothing.
"""

from __future__ import annotations

import re
from typing import Iterator

from claimcheck.extract.quantity import EXACT, Quantity
from claimcheck.model import CHANGED, CONTRADICTION, LESS_PRECISE, QUANTITY, Claim, Finding, Slot
from claimcheck.rules.base import Rule, finding, same_occasion, slots_of

RULE_VALUE = "quantity.value/1"

# Subjects whose figure moves over time: a later, different tally is news, not an error.
GROWING = frozenset(
    "death dead casualty case infection arrest vote ballot price share stock population toll victim "
    "injured injury killed died wounded missing displaced evacuee refugee fatality hospitalisation "
    "hospitalization patient user subscriber customer sale revenue profit debt cost budget inflation "
    "unemployment rate valuation arrested detained tally total body survivor rescued evacuated "
    "magnitude".split())
# Words that make a tally of people ("400 people died") a growing one.
_GROWTH_RE = re.compile(
    r"\b(?:killed|killing|died|dying|dead|deaths?|death\s+toll|toll|injured|injuring|wounded|missing|displaced|"
    r"evacuated|infected|"
    r"cases|arrested|detained|confirmed|counted|so\s+far|tally|casualt(?:y|ies)|fatalities)\b", re.I)
# Wording that presents a tally as a new level, so two figures on one day can both be right.
_UPDATE_RE = re.compile(
    r"\b(?:(?:rose|risen|climbed|jumped|increased|grew|reached|fell|dropped)\s+to|now|so\s+far|updated|"
    r"revised|initially|earlier|later|had\s+reached|as\s+of|latest)\b", re.I)
_MAX_ROUNDING_GAP = 0.10  # a "rounding" that moves a figure by more than this is a different figure


def _key(slot: Slot) -> tuple[str, str, str] | None:
    q = slot.value
    if not isinstance(q, Quantity) or not slot.subject:
        return None
    return slot.subject, q.dimension, q.unit


def _overlap(a: Quantity, b: Quantity) -> bool:
    slack = 1e-9 * max(1.0, abs(a.low), abs(b.low))  # float noise from unit conversions
    return (a.low - a.tolerance <= b.high + b.tolerance + slack
            and b.low - b.tolerance <= a.high + a.tolerance + slack)


def is_rounding(a: Quantity, b: Quantity) -> bool:
    """Whether one unhedged figure is the other rounded to its written precision ("3 million" / 3.2 million)."""
    if a.hedge != EXACT or b.hedge != EXACT or a.low != a.high or b.low != b.high:
        return False
    if a.source_unit != b.source_unit or a.unit != b.unit or a.step == b.step or a.low == b.low:
        return False
    coarse, fine = (a, b) if a.step > b.step else (b, a)
    rounded = round(fine.low / coarse.step) * coarse.step
    close = abs(rounded - coarse.low) <= 1e-9 * max(1.0, abs(coarse.low))
    return close and abs(fine.low - coarse.low) <= _MAX_ROUNDING_GAP * abs(coarse.low)


def _can_change(subject: str, a: Claim, b: Claim) -> bool:
    head = subject.rsplit(" ", 1)[-1]  # "new case", "change in price"
    if head in GROWING:
        return True
    return head == "people" and any(_GROWTH_RE.search(c.sentence.text) for c in (a, b))


def _when(claim: Claim) -> str:
    return claim.published.isoformat() if claim.published else "undated"


def _sides(sa: Slot, sb: Slot, a: Claim, b: Claim) -> str:
    if a.article == b.article:
        return (f"'{sa.raw}' ({sa.normalized}) vs '{sb.raw}' ({sb.normalized}) "
                f"in the same {_when(a)} article")
    return (f"'{sa.raw}' ({sa.normalized}) in the {_when(a)} article vs "
            f"'{sb.raw}' ({sb.normalized}) in the {_when(b)} article")


def _verdict(subject: str, sa: Slot, sb: Slot, a: Claim, b: Claim) -> tuple[str, str] | None:
    qa, qb = sa.value, sb.value
    if qa == qb:
        return None
    if is_rounding(qa, qb):
        coarse, fine = (sa, sb) if qa.step > qb.step else (sb, sa)
        return LESS_PRECISE, (f"{fine.normalized} rounds to {coarse.normalized}, "
                              f"so '{coarse.raw}' is only less precise")
    if _overlap(qa, qb):
        return None
    dated = bool(a.published and b.published and a.published != b.published)
    updated = any(_UPDATE_RE.search(c.sentence.text) for c in (a, b))
    occasion = same_occasion(a, b)
    if _can_change(subject, a, b) and (dated or updated or occasion is False):
        why = (f"between {_when(a)} and {_when(b)}" if dated
               else "between the dates the claims name" if occasion is False
               else "during the day, as the wording ('now', 'rose to') suggests")
        return CHANGED, f"a tally like this moves, so the figure was probably updated {why}"
    if occasion is False:
        return None  # figures for two different dated occasions ("300 in 2019", "400 this year")
    return CONTRADICTION, "the figures do not overlap, so they cannot both be right"


def check_value(a: Claim, b: Claim) -> Iterator[Finding]:
    """Findings for figures of the same subject, dimension and unit that cannot agree."""
    if a.sentence == b.sentence:
        return
    by_key_a: dict[tuple[str, str, str], list[Slot]] = {}
    by_key_b: dict[tuple[str, str, str], list[Slot]] = {}
    for claim, by_key in ((a, by_key_a), (b, by_key_b)):
        for slot in slots_of(claim, QUANTITY):
            key = _key(slot)
            if key is not None and all(s.value != slot.value for s in by_key.get(key, [])):
                by_key.setdefault(key, []).append(slot)
    for key in sorted(by_key_a.keys() & by_key_b.keys()):
        slots_a, slots_b = by_key_a[key], by_key_b[key]
        if len(slots_a) != 1 or len(slots_b) != 1:
            continue  # "rose from 300 to 400": which figure answers which is unknowable
        sa, sb = slots_a[0], slots_b[0]
        decided = _verdict(key[0], sa, sb, a, b)
        if decided is None:
            continue
        verdict, reason = decided
        explanation = f"Figures for {key[0]} differ: {_sides(sa, sb, a, b)}; {reason}."
        yield finding(RULE_VALUE, QUANTITY, verdict, key[0], explanation, (sa, sb), (a, b))


RULES: tuple[Rule, ...] = (
    Rule(
        id=RULE_VALUE,
        family="quantity",
        description="Two figures for the same counted or measured thing that cannot both hold.",
        check=check_value,
    ),
)
