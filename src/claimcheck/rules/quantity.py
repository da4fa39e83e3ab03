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
- The rest of the sentences must not point at two different things: each
  naming an actor the other does not ("Cadbury's sales" vs "Next's sales"),
  across articles a sentence naming nobody ("Its sales rose 3%"), or other
  figures of one kind that disagree too (two brackets, two regions).
- Disjoint intervals are a `contradiction`, or `changed` when the figure is a
  tally that moves (deaths, cases, arrests, votes counted, prices, shares,
  population, ...) and the claims were published on different dates, are
  dated to different occasions, or word it as an update ("rose to", "so far").
  Figures dated to two different occasions ("fell 0.4% in October", "fell
  0.2% in December") yield nothing unless worded as an update of one tally.
"""

from __future__ import annotations

import re
from typing import Iterator

from claimcheck.extract.quantity import EXACT, Quantity
from claimcheck.model import CHANGED, CONTRADICTION, LESS_PRECISE, QUANTITY, TIME, Claim, Finding, Slot
from claimcheck.rules.base import Rule, finding, names_in, same_occasion, slots_of, words_in

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
    if occasion is False and not updated:
        # Two dated occasions ("fell 0.4% in October", "fell 0.2% in December"): two
        # figures, each right for its own time, unless worded as an update of one tally.
        return None
    if _can_change(subject, a, b) and (dated or updated or occasion is False):
        why = (f"between {_when(a)} and {_when(b)}" if dated
               else "between the dates the claims name" if occasion is False
               else "during the day, as the wording ('now', 'rose to') suggests")
        return CHANGED, f"a tally like this moves, so the figure was probably updated {why}"
    return CONTRADICTION, "the figures do not overlap, so they cannot both be right"


_NOT_ACTORS = frozenset({QUANTITY, TIME})


# Function words carry no evidence that two sentences say the same thing.
_FUNCTION_WORDS = frozenset(
    """
    the a an of in on at to for from by with and or but as is are was were be been has have had it its
    this that these those which who he she they their his her there than about some all said says also
    now currently just only more less up down over under after before into new
    """.split()
)
_AGREEMENT = 0.5  # share of content words two unnamed sentences must have in common


def _blank(claim: Claim) -> str:
    text = claim.sentence.text
    for slot in claim.slots:
        if slot.kind in _NOT_ACTORS:
            text = text[: slot.start] + " " * (slot.end - slot.start) + text[slot.end :]
    return text


def _names(claim: Claim) -> set[str]:
    """Capitalised words naming who or what the sentence speaks of, less figures, dates and bare titles."""
    return names_in(_blank(claim), titles=False)


def _content(claim: Claim) -> set[str]:
    return {w for w in words_in(_blank(claim)) if w not in _FUNCTION_WORDS and len(w) > 2}


def _agree(a: Claim, b: Claim) -> bool:
    """Whether, figures aside, two sentences mostly say the same words ("400 people died in the floods")."""
    ca, cb = _content(a), _content(b)
    return bool(ca and cb) and len(ca & cb) >= _AGREEMENT * len(ca | cb)


def different_things(a: Claim, b: Claim) -> str:
    """Why two figures of one kind may belong to two different things, or "" when nothing says so.

    A figure's subject ("sales", "subscribers") rarely says whose it is, so the
    rest of the sentences must not point at two owners: each naming someone the
    other does not ("Cadbury's sales" vs "Next's sales"), or, across articles, one
    naming nobody at all ("It has 1.3 million subscribers") while the rest of the
    sentences differ: then whose figure it is cannot be told.
    """
    names_a, names_b = _names(a), _names(b)
    if names_a - words_in(b.sentence.text) and names_b - words_in(a.sentence.text):
        return "the sentences name different actors"
    if a.article != b.article and (not names_a or not names_b) and not _agree(a, b):
        return "one sentence does not say whose figure it is"
    if a.article == b.article and not _agree(a, b) and not any(_UPDATE_RE.search(c.sentence.text) for c in (a, b)):
        # One article giving two figures of one kind ("12 films in the documentary
        # category", "16 films in the dramatic category") is describing two things.
        return "one article states both figures in different sentences"
    return ""


def _other_figures_differ(a: Claim, b: Claim, key: tuple[str, str, str]) -> bool:
    """Whether the sentences' other figures of one kind disagree too: then they describe two cases.

    "16% of women earn more than £50,000" and "35% of women earn less than
    £20,000" compare two brackets, not two reports of one figure.
    """
    def others(claim: Claim) -> list[Quantity]:
        return [s.value for s in slots_of(claim, QUANTITY)
                if isinstance(s.value, Quantity) and s.subject != key[0]]  # "$5bn (£2.6bn)" is one figure

    qa, qb = others(a), others(b)
    for x in qa:
        peers = [y for y in qb if (y.dimension, y.unit) == (x.dimension, x.unit)]
        if peers and not any(_overlap(x, y) for y in peers):
            return True
    return False


def check_value(a: Claim, b: Claim) -> Iterator[Finding]:
    """Findings for figures of the same subject, dimension and unit that cannot agree."""
    if a.sentence == b.sentence or different_things(a, b):
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
        if _other_figures_differ(a, b, key):
            continue
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
        # "people", "rise", "up": a figure's subject rarely says which thing it counts.
        near_duplicates_only=True,
    ),
)
