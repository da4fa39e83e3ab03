"""What every rule family shares: the rule record, verdict and severity helpers."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from dataclasses import dataclass
from typing import Callable, Iterable

from claimcheck.model import (
    ATTRIBUTED,
    CHANGED,
    CONTRADICTION,
    DIFFERENT_SCOPE,
    HIGH,
    LESS_PRECISE,
    LOW,
    MEDIUM,
    NAME_VARIANT,
    TIME,
    UPDATED,
    Claim,
    Finding,
    Slot,
)

Check = Callable[[Claim, Claim], Iterable[Finding]]

WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
# Capitalised words that are not names: sentence openers, calendar words, pronouns.
NOT_NAMES = frozenset(
    """
    the a an this that these those it its he she they we i you his her their our as at in on of
    for from to by with and but or if when while after before since during despite although
    however meanwhile also so yet still then there here what which who why how according
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday mr mrs ms dr no not
    """.split()
)
# Titles name an office, which two different people can hold ("Foreign Minister").
TITLE_WORDS = frozenset(
    """
    minister ministers foreign prime president vice deputy secretary general chief executive
    chairman chairwoman chair spokesman spokeswoman spokesperson ambassador envoy governor mayor
    senator king queen prince princess sir lord lady premier chancellor attorney justice judge
    director head leader official officials government ministry department council
    """.split()
)


@dataclass(frozen=True)
class Rule:
    """A registered rule: a stable versioned id and the check it runs on a claim pair."""

    id: str  # "family.name/version", never reused for a different behaviour
    family: str
    description: str
    check: Check
    # Rules whose slots carry no subject of their own (an event's date) can only
    # trust that two claims speak of one thing when the claims are near-duplicates.
    near_duplicates_only: bool = False


_SEVERITY = {
    CONTRADICTION: HIGH,
    CHANGED: MEDIUM,
    UPDATED: MEDIUM,
    ATTRIBUTED: LOW,
    NAME_VARIANT: LOW,
    LESS_PRECISE: LOW,
    DIFFERENT_SCOPE: LOW,
}


def severity_for(verdict: str) -> str:
    """The default severity of a verdict."""
    return _SEVERITY[verdict]


def changed_or_contradiction(a: Claim, b: Claim, *, can_change: bool) -> str:
    """`changed` when a changeable value was stated on different dates, else `contradiction`."""
    if can_change and a.published and b.published and a.published != b.published:
        return CHANGED
    return CONTRADICTION


def slots_of(claim: Claim, kind: str) -> list[Slot]:
    """The claim's slots of one kind, in sentence order."""
    return [s for s in claim.slots if s.kind == kind]


def _span(slot: Slot) -> tuple[dt.date, dt.date] | None:
    value = slot.value
    start, end = getattr(value, "start", None), getattr(value, "end", None)
    if isinstance(start, dt.date) and isinstance(end, dt.date):
        return start, end
    return None


def same_occasion(a: Claim, b: Claim) -> bool | None:
    """Whether two claims speak of the same time: False when their dated events cannot overlap.

    None when either claim carries no date; then the caller cannot tell two
    occasions apart and should fall back on the cluster.
    """
    spans_a = [s for s in (_span(x) for x in slots_of(a, TIME)) if s]
    spans_b = [s for s in (_span(x) for x in slots_of(b, TIME)) if s]
    if not spans_a or not spans_b:
        return None
    return any(sa <= eb and sb <= ea for sa, ea in spans_a for sb, eb in spans_b)


# Undated claims published this far apart are more likely two occasions.
FAR_APART = dt.timedelta(days=180)


def two_occasions(a: Claim, b: Claim) -> str:
    """Why two claims probably speak of two occasions, or "" when they may be one."""
    occasion = same_occasion(a, b)
    if occasion is False:
        return "the claims are dated to times that do not overlap"
    if occasion is None and a.published and b.published and abs(a.published - b.published) > FAR_APART:
        days = abs(a.published - b.published).days
        return f"the articles were published {days} days apart and the claims carry no dates"
    return ""


def finding(
    rule: str,
    kind: str,
    verdict: str,
    subject: str,
    explanation: str,
    slots: tuple[Slot, Slot],
    claims: tuple[Claim, Claim],
    severity: str | None = None,
) -> Finding:
    """Build a Finding with the verdict's default severity unless one is given."""
    return Finding(
        rule=rule,
        kind=kind,
        verdict=verdict,
        severity=severity or severity_for(verdict),
        subject=subject,
        explanation=explanation,
        slots=slots,
        claims=claims,
    )


# Rules ask these of the same sentences over and over (each sentence meets
# many others), so the answers are memoised per text; they are immutable.
_MEMO = 1 << 16


@lru_cache(maxsize=_MEMO)
def names_in(text: str, titles: bool = True) -> frozenset[str]:
    """Capitalised words of a sentence that may name an actor, lowercased (titles too, unless told)."""
    names = set()
    for m in WORD_RE.finditer(text):
        word = m.group()
        lower = word.lower()
        if word[0].isupper() and lower not in NOT_NAMES and len(word) > 1 and (titles or lower not in TITLE_WORDS):
            names.add(word.lower().replace("’", "'").removesuffix("'s"))
    return frozenset(names)


@lru_cache(maxsize=_MEMO)
def words_in(text: str) -> frozenset[str]:
    """Every word of a sentence, lowercased, possessives folded."""
    return frozenset(m.group().lower().replace("’", "'").removesuffix("'s") for m in WORD_RE.finditer(text))


def _without(claim: Claim, kinds: frozenset[str]) -> str:
    text = claim.sentence.text
    for slot in claim.slots:
        if slot.kind in kinds:
            text = text[: slot.start] + " " * (slot.end - slot.start) + text[slot.end :]
    return text


def same_actor(a: Claim, b: Claim, ignore: frozenset[str] = frozenset(), titles: bool = True) -> bool:
    """Whether two sentences plausibly speak of the same actor.

    They do when a name of one appears in the other (in any case: "Foreign
    Minister" and "foreign minister"), or when neither names anyone ("the
    minister"): then the clustering's judgement stands. Slots of the kinds in
    `ignore` are not names of actors (the places a rule compares); without
    `titles`, a shared title alone ("Foreign Minister") is not a shared actor.
    """
    text_a, text_b = _without(a, ignore), _without(b, ignore)
    names_a, names_b = names_in(text_a, titles), names_in(text_b, titles)
    if not names_a and not names_b:
        return True
    return bool(names_a & words_in(text_b)) or bool(names_b & words_in(text_a))


# Function words and reporting verbs: what two sentences share of these says nothing about their topic.
STOPWORDS = frozenset(
    """
    a an the this that these those it its he she they we i you his her their our them him us me my
    and or but if so as at in on of for from to by with into onto over under about after before since
    during until than then there here what which who whom whose why how when where while also still yet
    is are was were be been being has have had do does did will would shall should may might can could
    must not no nor only just very more most less least much many some any all each every other such
    said says say told according added reported report reports one two three new first last year years
    """.split()
)


@lru_cache(maxsize=_MEMO)
def content_words(text: str) -> frozenset[str]:
    """A sentence's content words, lowercased, possessives and plural -s folded."""
    words = set()
    for word in words_in(text):
        word = word.rstrip("'")
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        if word not in STOPWORDS and len(word) > 1:
            words.add(word)
    return frozenset(words)


def shared_topic(a: Claim, b: Claim, ignore: frozenset[str] = frozenset()) -> set[str]:
    """Content words two claims share outside their slots of the kinds in `ignore`."""
    return content_words(_without(a, ignore)) & content_words(_without(b, ignore))
