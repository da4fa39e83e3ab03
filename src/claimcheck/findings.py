"""Findings: one per fact of a story, with every article's value and a verdict that knows time and sources.

Matched facts (`claimcheck.candidates`) are joined into groups, one group per
fact of a story ("the death toll of the Lahaina fire"); a group whose values
cannot all be true at once is a finding. Values are compared as intervals
(a hedge, a rounding or a conversion agrees by overlap; see
`claimcheck.extract.quantity`), dates by their intervals.

The verdict is decided for the group from its pairs that disagree, the most
actionable first:

- `contradiction`: the same fact at the same time with values that cannot
  both hold, and no source difference to explain it; a settled past fact
  (an event's date) stated two ways is one whatever the publication dates;
- `changed`: an expectation against what happened (modality differs);
- `updated`: a tally that moves (deaths, injured, missing, votes counted)
  reported on different dates: the older figure is not wrong, but an
  article presenting it as current is stale;
- `attributed`: different named sources give different values;
- `less_precise`: only a rounding of the other value;
- `different_scope`: one share given of two different wholes ("70% of the
  paper tickets presented at the pre-filter" and "70% of tickets").
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Sequence

from claimcheck.extract.quantity import (
    AT_LEAST, EXACT, LESS_THAN, MONEY, MORE_THAN, NEARLY, PERCENT, UP_TO, Quantity, fingerprint, same_fingerprint,
)
from claimcheck.facts import Venue, is_tally, names_meet, venues_agree
from claimcheck.unionfind import UnionFind
from claimcheck.model import (
    ATTRIBUTED,
    CHANGED,
    CONTRADICTION,
    DIFFERENT_SCOPE,
    EXPECTED,
    LESS_PRECISE,
    PREVIOUS,
    TIME,
    UPDATED,
    Article,
    Fact,
)

AGREE, ROUNDING, DISAGREE = "agree", "rounding", "disagree"
_ORDER = (CONTRADICTION, CHANGED, UPDATED, ATTRIBUTED, LESS_PRECISE, DIFFERENT_SCOPE)


def compare_values(a: Fact, b: Fact) -> str:
    """Whether two facts' values agree, one rounds the other, or they disagree."""
    va, vb = a.slot.value, b.slot.value
    if a.kind == TIME and b.kind == TIME:
        from claimcheck.rules.time import compare

        return DISAGREE if compare(va, vb) == "disjoint" else AGREE
    if isinstance(va, Venue) and isinstance(vb, Venue):
        return AGREE if venues_agree(va, vb) else DISAGREE
    if isinstance(va, Quantity) and isinstance(vb, Quantity):
        from claimcheck.rules.quantity import is_rounding

        if va == vb or overlap(va, vb):
            return AGREE
        return ROUNDING if is_rounding(va, vb) else DISAGREE
    return AGREE if a.slot.normalized == b.slot.normalized else DISAGREE


def overlap(a: Quantity, b: Quantity) -> bool:
    """Whether two figures' intervals, widened by their written precision, share more than an end point.

    45% and 46% each stand for half a point either side, so they touch at 45.5
    but do not overlap: two different figures. 7.18 million and 7,176,141 overlap.
    """
    slack = 1e-9 * max(1.0, abs(a.low), abs(b.low))  # float noise from unit conversions
    lo_a, hi_a = a.low - a.tolerance, a.high + a.tolerance
    lo_b, hi_b = b.low - b.tolerance, b.high + b.tolerance
    if a.tolerance or b.tolerance:
        return lo_a < hi_b - slack and lo_b < hi_a - slack
    return lo_a <= hi_b + slack and lo_b <= hi_a + slack


@dataclass(frozen=True)
class FactGroup:
    """Facts (indices) about one thing, and the verdict on their values."""

    id: str
    story: str
    members: tuple[int, ...]
    verdict: str
    reason: str


def group_facts(
    facts: Sequence[Fact], matches: Sequence, compatible: Callable[[Fact, Fact], bool] | None = None
) -> list[list[int]]:
    """Join matched facts into one group per fact, strongest matches first.

    Two canonical attributes never share a group, nor (with `compatible`) two
    facts that cannot be one: a merge that would hold such a pair is skipped.
    """
    union = UnionFind(len(facts))
    canon: dict[int, set[str]] = {i: ({f.canonical} if f.canonical else set()) for i, f in enumerate(facts)}
    held: dict[int, list[int]] = {i: [i] for i in range(len(facts))}
    for m in sorted(matches, key=lambda m: (-m.score, m.a, m.b)):
        ra, rb = union.find(m.a), union.find(m.b)
        if ra == rb:
            continue
        if canon[ra] and canon[rb] and not (canon[ra] & canon[rb]):
            continue
        if compatible is not None and not all(compatible(facts[i], facts[j]) for i in held[ra] for j in held[rb]):
            continue
        root = union.union(ra, rb)
        merged = canon.pop(ra) | canon.pop(rb)
        canon[root] = merged
        held[root] = held.pop(ra) + held.pop(rb) if root == ra else held.pop(rb) + held.pop(ra)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(facts)):
        groups[union.find(i)].append(i)
    # A fact stated in two sentences, of one article (a self-contradiction) or of several.
    return [sorted(g) for g in groups.values() if len({(facts[i].article, facts[i].sentence) for i in g}) > 1]


def _published(fact: Fact, articles: dict[str, Article]) -> str:
    article = articles.get(fact.article)
    return article.published.isoformat() if article and article.published else ""


def pair_verdict(a: Fact, b: Fact, articles: dict[str, Article]) -> tuple[str, str] | None:
    """The verdict on two facts of one group, or None when they agree."""
    relation = compare_values(a, b)
    if relation == AGREE:
        mislabelled = _one_figure_two_labels(a, b)
        if mislabelled:
            return CONTRADICTION, mislabelled
        wholes = _share_of_two_wholes(a, b)
        return (DIFFERENT_SCOPE, wholes) if wholes else None
    if PREVIOUS in (a.role, b.role):
        return None  # a figure its own sentence marks as the earlier one is history, not a claim
    if relation == ROUNDING:
        return LESS_PRECISE, "one figure is the other rounded"
    slipped = _slipped_scale(a, b) or _slipped_scale(b, a)
    if slipped:
        return CONTRADICTION, slipped
    if (a.modality == EXPECTED) != (b.modality == EXPECTED):
        return CHANGED, "one article states an expectation, the other what happened"
    if _sources_differ(a, b):
        return ATTRIBUTED, f"the figures come from different sources ({a.source}; {b.source})"
    tally = a.kind != TIME and (is_tally(a) or is_tally(b))
    if tally and a.article == b.article:
        return None  # an article that gives two figures of a tally tells its history ("had said 115, now 97")
    da, db = _published(a, articles), _published(b, articles)
    if tally and (not da or not db or da != db):
        when = f"between {da} and {db}" if da and db else "between reports (one is undated)"
        return UPDATED, f"a tally like this moves, so the figure was probably updated {when}"
    if a.kind == TIME:
        return CONTRADICTION, "a past event happened on one date only"
    return CONTRADICTION, "the values cannot both be right for the same thing at the same time"


def _one_figure_two_labels(a: Fact, b: Fact) -> str:
    """Why one exact figure given for two different subsets of one thing is a mislabelling, or "".

    "rejected votes 24,025,940" and "24,025,940 valid votes": a figure of five
    significant digits or more is not two counts by chance, and two different
    modifiers of one head ("rejected" / "valid" votes) name two subsets, so one
    label is wrong. One phrase inside the other ("votes" / "valid votes") is
    only less specific, and agrees.
    """
    qa, qb = a.slot.value, b.slot.value
    if not (isinstance(qa, Quantity) and isinstance(qb, Quantity)) or a.article == b.article:
        return ""
    if not same_fingerprint(qa, qb):
        return ""
    wa, wb = a.attribute.split(), b.attribute.split()
    if len(wa) < 2 or len(wb) < 2 or wa[-1] != wb[-1]:
        return ""
    if not (set(wa) - set(wb)) or not (set(wb) - set(wa)):
        return ""
    return (f"one figure, {a.slot.raw}, is given for '{a.attribute_text}' and for '{b.attribute_text}': "
            "two different counts cannot share it, so one label is wrong")


def _share_of_two_wholes(a: Fact, b: Fact) -> str:
    """Why one percentage given of a narrower and of a wider whole is two claims, or "".

    A count restated without a modifier is the same count named loosely
    ("votes" for "valid votes"), but a share is a ratio and its whole is what it
    says: 70% of "the paper tickets presented for pre-filtering" is not 70% of
    "tickets". One attribute must hold the other's words and more (the narrowing
    words); the articles must differ (an article's own shorthand is its own).
    """
    qa, qb = a.slot.value, b.slot.value
    if not (isinstance(qa, Quantity) and isinstance(qb, Quantity)) or a.article == b.article:
        return ""
    if qa.dimension != PERCENT or qb.dimension != PERCENT or a.canonical != b.canonical:
        return ""
    narrow, wide = (a, b) if len(a.attribute.split()) > len(b.attribute.split()) else (b, a)
    wn, ww = narrow.attribute.split(), wide.attribute.split()
    if not ww or wn[-1] != ww[-1] or not set(ww) < set(wn):
        return ""
    return (f"the same {narrow.slot.raw.strip()} is given as a share of '{narrow.attribute_text}' and of "
            f"'{wide.attribute_text}': a share of a narrower whole is a different claim")


def _slipped_scale(a: Fact, b: Fact) -> str:
    """Why `a` reads as a slipped scale word where its digits are `b`'s figure ("8,794,726 million"
    beside 8,794,726), or "" when it does not: a typo an editor corrects, whenever each was published."""
    qa, qb = a.slot.value, b.slot.value
    if not (isinstance(qa, Quantity) and isinstance(qb, Quantity)) or not qa.unscaled or qb.unscaled:
        return ""
    from claimcheck.rules.quantity import is_rounding

    digits = Quantity(qa.unscaled, qa.unscaled, qa.unit, qa.dimension, qa.hedge)
    if not (overlap(digits, qb) or is_rounding(qb, digits)):
        return ""
    return f"'{a.slot.raw}' is {a.slot.normalized.split(' (')[0]} as written: the scale word after a figure written to the unit is a slip"


def _sources_differ(a: Fact, b: Fact) -> bool:
    """Two stated sources with no word in common: both named, or, for two estimates ("will probably
    serve 17 to 20 years", "could serve as little as 12.5"), one named and one described.

    A named officer against "its quarterly filing" is not two sources: the
    filing may be the officer's own company, so a plain figure needs two names.
    """
    if not a.source or not b.source or not (a.source_named or b.source_named):
        return False
    if not (a.source_named and b.source_named) and not (a.modality == EXPECTED and b.modality == EXPECTED):
        return False
    return not names_meet(a.source, b.source)


def superseded(members: Sequence[Fact], articles: dict[str, Article]) -> set[int]:
    """Which facts of a moving tally (by position) still give, as current, a figure the latest report replaced.

    The latest report is the last publication date among current figures; a
    fact published before it (or undated) whose value agrees with none of that
    date's figures presents a superseded figure ("115" after the toll was
    revised to 97). A figure its own sentence marks as the earlier one is
    history, and a figure of the same date is not older.
    """
    current = [(k, f) for k, f in enumerate(members) if f.role != PREVIOUS]
    dated = [_published(f, articles) for _, f in current]
    last = max((d for d in dated if d), default="")
    if not last:
        return set()
    latest = [f for (_, f), d in zip(current, dated) if d == last]
    return {k for (k, f), d in zip(current, dated) if d != last and all(_replaced(f, g) for g in latest)}


def _replaced(old: Fact, new: Fact) -> bool:
    """Whether a later figure of a tally replaces an older one: their stated figures differ, beyond
    a rounding ("115" is replaced by "at least 97", which its bound would still admit)."""
    qa, qb = old.slot.value, new.slot.value
    if not (isinstance(qa, Quantity) and isinstance(qb, Quantity)):
        return compare_values(old, new) == DISAGREE
    from claimcheck.rules.quantity import is_rounding

    a, b = _stated(qa), _stated(qb)
    return a != b and not is_rounding(qa, qb) and not is_rounding(qb, qa)


def _stated(q: Quantity) -> float:
    """The figure a hedged quantity writes: 97 for "at least 97", 40,000 for "up to 40,000"."""
    if q.hedge in (AT_LEAST, MORE_THAN):
        return q.low
    if q.hedge in (UP_TO, LESS_THAN, NEARLY):
        return q.high
    return (q.low + q.high) / 2


def judge(group: Sequence[int], facts: Sequence[Fact], articles: dict[str, Article]) -> tuple[str, str] | None:
    """The group's verdict: the most actionable of its disagreeing pairs, or None when all agree."""
    verdicts: list[tuple[str, str]] = []
    for x, i in enumerate(group):
        for j in group[x + 1 :]:
            if facts[i].article == facts[j].article and facts[i].sentence == facts[j].sentence:
                continue
            found = pair_verdict(facts[i], facts[j], articles)
            if found:
                verdicts.append(found)
    if not verdicts:
        return None
    return min(verdicts, key=lambda v: _ORDER.index(v[0]))


def group_id(story: str, group: Sequence[int], facts: Sequence[Fact], taken: set[str] | None = None) -> str:
    """An id from the story, the fact's attribute and its distinct values.

    It stays while they stand: a new article that repeats a known value keeps
    the id (and its acknowledgement); a new distinct value gives a new id, so
    the finding opens again. Two groups that would share an id (one attribute,
    the same values) are told apart by their first statement.
    """
    attribute = sorted({facts[i].canonical or facts[i].attribute for i in group})[0]
    values = sorted({facts[i].slot.normalized for i in group})
    parts = [story, attribute, *values]
    digest = hashlib.sha1("\x1f".join(parts).encode()).hexdigest()
    if taken is not None and f"f-{digest[:12]}" in taken:
        first = min((facts[i].article, facts[i].sentence, facts[i].slot.start) for i in group)
        digest = hashlib.sha1("\x1f".join([*parts, *map(str, first)]).encode()).hexdigest()
    return f"f-{digest[:12]}"


def fact_groups(
    facts: Sequence[Fact],
    matches: Sequence,
    story_of: dict[str, str],
    articles: dict[str, Article],
    compatible: Callable[[Fact, Fact], bool] | None = None,
) -> list[FactGroup]:
    """The groups whose values disagree, each with its verdict."""
    found = []
    taken: set[str] = set()
    for group in group_facts(facts, matches, compatible):
        verdict = judge(group, facts, articles)
        if verdict is None:
            continue
        story = story_of.get(facts[group[0]].article, "")
        gid = group_id(story, group, facts, taken)
        taken.add(gid)
        found.append(FactGroup(gid, story, tuple(group), *verdict))
    for group, reason in swapped_labels(facts, story_of):
        story = story_of.get(facts[group[0]].article, "")
        gid = group_id(story, group, facts, taken)
        taken.add(gid)
        found.append(FactGroup(gid, story, tuple(group), CONTRADICTION, reason))
    return found


# A count this large, or any sum of money, is not given for two things of one holder by chance.
SWAP_MIN_COUNT = 100


def swap_key(f: Fact) -> tuple | None:
    """The value a fact may share with a swapped label of its holder's (see `swapped_labels`), or None."""
    q = f.slot.value
    if not (f.canonical and f.holder and isinstance(q, Quantity)) or q.hedge != EXACT or q.low != q.high:
        return None
    if q.dimension != MONEY and not fingerprint(q) and q.low < SWAP_MIN_COUNT:
        return None
    return (q.low, q.unit, q.dimension)


def swapped_labels(facts: Sequence[Fact], story_of: dict[str, str]) -> list[tuple[list[int], str]]:
    """One holder's one figure given under two lexicon attributes in two articles of a story.

    "Bankman-Fried was also fined $11 billion" against "He was ordered to
    forfeit $11 billion": a fine and a forfeiture are two penalties, and the
    same sum for one man under both is one article's wrong word. Indexed by
    story and value, so only equal figures are ever looked at; the holders
    must share a name.
    """
    index: dict[tuple, list[int]] = defaultdict(list)
    for i, f in enumerate(facts):
        key = swap_key(f)
        if key is not None:
            index[(story_of.get(f.article, ""), *key)].append(i)
    found = []
    for members in index.values():
        classes = {facts[i].canonical for i in members}
        if len(classes) < 2 or len({facts[i].article for i in members}) < 2:
            continue
        for x, i in enumerate(members):
            pair = next((j for j in members[x + 1:] if facts[j].article != facts[i].article
                         and facts[j].canonical != facts[i].canonical
                         and set(facts[i].holder.split()) & set(facts[j].holder.split())), None)
            if pair is not None:
                a, b = facts[i], facts[pair]
                reason = (f"one sum, {a.slot.raw}, is given for {a.holder} as '{a.attribute_text}' and as "
                          f"'{b.attribute_text}': two different things, so one article has the wrong word")
                found.append(([i, pair], reason))
                break
    return found
