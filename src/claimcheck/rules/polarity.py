"""POLARITY rules: one claim affirms an event that the other negates or only hedges.

Slots are compared only when they share an event key (their subject) and a
compatible predicate: "did not confirm" is checked against "confirmed", not
against "attended" (not confirming an attendance does not deny it). The two
sentences must plausibly be about the same actor: they share a capitalised name,
or neither names anyone. The status of an announcement can change, so
affirmed vs negated on different publication dates is `changed`; on the same
date it is a contradiction. Affirmed vs hedged is at most less precise.
"""

from __future__ import annotations

import re
from typing import Iterator

from claimcheck.extract.polarity import _FORMS, _HEDGES, _NEGATIONS, AFFIRMED, META_PREDICATES, NEGATED, UNCERTAIN, Polarity
from claimcheck.model import CHANGED, LESS_PRECISE, POLARITY, Claim, Finding, Slot
from claimcheck.rules.base import (
    WORD_RE as _WORD_RE,
    Rule,
    changed_or_contradiction,
    finding,
    names_in as _names,
    same_actor,
    slots_of,
    two_occasions,
)

RULE_ID = "polarity.flip/1"
HEDGE_RULE_ID = "polarity.hedge/1"

_STRENGTH = {CHANGED: 2, LESS_PRECISE: 1}
# Words skipped when looking for the noun a predicate's clause is about.
_NOT_AGENTS = frozenset(
    """
    the a an this that these those his her their its our some any all no not never n't did does do
    has have had was were is are be been being will would shall should may might could can must
    also still yet already reportedly allegedly officially formally finally later earlier just
    one who which that to failed refused declined very going able
    """.split()
) | frozenset(_HEDGES) | frozenset(_NEGATIONS)
# Predicates whose slot subject already names what they act on ("confirm" -> "attend").
_OBJECT_IN_SUBJECT = frozenset({"confirm", "receive"})
_PRONOUNS = frozenset("he she it they we i you him her them us".split())
_PREPOSITIONS = frozenset(
    "in on at by for from with to into over after before during since until as than about against "
    "between through under within without because when while if but and or so".split()
)
_OBJECT_FILLERS = frozenset("up out off down back part".split())
_OBJECT_AGREEMENT = 0.5
_WINDOW = 6  # content words looked at on each side of a predicate
_PARTICIPANT_AGREEMENT = 0.5
_CLAUSE_END = re.compile(r"[,;:.!?()\[\]—–]")


def _agent(claim: Claim, slot: Slot) -> str:
    """The nearest content word before a predicate: its likely grammatical subject."""
    words = [w.lower() for w in _WORD_RE.findall(claim.sentence.text[: slot.end])]
    words = words[:-2] if words[-1:] == ["part"] else words[:-1]  # drop the predicate itself
    for word in reversed(words[-6:]):
        if word not in _NOT_AGENTS:
            return word
    return ""


def _same_agent(x: Slot, y: Slot, a: Claim, b: Claim) -> bool:
    """Without names to go by, the subjects must not visibly differ ("no humans died" vs "animals died")."""
    ax, ay = _agent(a, x), _agent(b, y)
    if not ax or not ay or ax in _PRONOUNS or ay in _PRONOUNS:
        return True
    return ax.rstrip("s") == ay.rstrip("s")


def _participants(claim: Claim, slot: Slot) -> set[str]:
    """Content words on either side of a predicate: who did it and to what, in either voice."""
    text = claim.sentence.text

    def content(chunk: str) -> list[str]:
        words = [w.lower() for w in _WORD_RE.findall(chunk)]
        # The predicates themselves ("attend" / "attended") are what is compared, not evidence.
        return [w.rstrip("s") for w in words if len(w) > 2 and w not in _NOT_AGENTS and w not in _PREPOSITIONS
                and w not in _PRONOUNS and w not in _OBJECT_FILLERS and w not in _FORMS]

    inside = content(text[slot.start : slot.end])  # "not confirmed that Lavrov will attend"
    return set(content(text[: slot.start])[-_WINDOW:]) | set(inside) | set(content(text[slot.end :])[:_WINDOW])


def _same_participants(x: Slot, y: Slot, a: Claim, b: Claim) -> bool:
    """For an event itself ("won", "resigned", "announced"), the words around it must mostly agree.

    A shared name elsewhere in the sentences ("BBC", "US") does not make "the
    film won best drama" and "Scorsese has never won the best director prize"
    one event. Comparing the words on both sides of the predicate keeps "a
    sniper killed a soldier" and "a soldier was not killed by a sniper" together.
    """
    px, py = _participants(a, x), _participants(b, y)
    shared = px & py
    return bool(shared) and len(shared) >= _PARTICIPANT_AGREEMENT * min(len(px), len(py))


def _object_words(claim: Claim, slot: Slot) -> set[str]:
    """Content words right after a predicate, up to a preposition or punctuation: what it acts on."""
    rest = claim.sentence.text[slot.end : slot.end + 80]
    words: set[str] = set()
    for m in _WORD_RE.finditer(rest):
        if _CLAUSE_END.search(rest[: m.start()]):
            break
        word = m.group().lower()
        if word in _PREPOSITIONS:
            break
        if word not in _NOT_AGENTS and word not in _PRONOUNS and word not in _OBJECT_FILLERS:
            words.add(word.rstrip("s"))
        if len(words) >= 5:
            break
    return words


def _same_object(x: Slot, y: Slot, a: Claim, b: Claim) -> bool:
    """"did not win the award" vs "won a nomination": different things won."""
    if x.value.predicate in META_PREDICATES:
        return True  # the subject already names what is confirmed or received
    ox, oy = _object_words(a, x), _object_words(b, y)
    # Sharing one word ("best actress" vs "best supporting actress Academy Award") is not the
    # same thing acted on: most of the words must agree when both sides name an object.
    return not ox or not oy or len(ox & oy) >= _OBJECT_AGREEMENT * len(ox | oy)


def _comparable(x: Polarity, y: Polarity) -> bool:
    # "not confirmed" vs "attended" is no flip: an unconfirmed attendance may still happen.
    if x.predicate in META_PREDICATES or y.predicate in META_PREDICATES:
        return x.predicate == y.predicate
    return True


def _verdict(x: Slot, y: Slot, a: Claim, b: Claim) -> str | None:
    pair = {x.value.polarity, y.value.polarity}
    if pair == {AFFIRMED, NEGATED}:
        return changed_or_contradiction(a, b, can_change=True)
    if pair == {AFFIRMED, UNCERTAIN}:
        return LESS_PRECISE
    return None


def _dated(claim: Claim) -> str:
    return f"the {claim.published.isoformat()} article" if claim.published else "an undated article"


def _explain(verdict: str, subject: str, x: Slot, y: Slot, a: Claim, b: Claim) -> str:
    quoted = f'"{x.raw}" ({x.normalized}) in {_dated(a)} vs "{y.raw}" ({y.normalized}) in {_dated(b)}'
    if verdict == LESS_PRECISE:
        return (
            f"'{subject}' is stated as fact in one claim and only hedged in the other: {quoted}; "
            "the hedged claim is less precise rather than wrong."
        )
    if verdict == CHANGED:
        # `changed` implies both claims are dated.
        (first, first_slot), (then, then_slot) = sorted([(a, x), (b, y)], key=lambda side: str(side[0].published))
        return (
            f"'{subject}' went from {first_slot.value.polarity} to {then_slot.value.polarity} between reports: "
            f"{quoted}; {first_slot.value.polarity} on {first.published}, {then_slot.value.polarity} on "
            f"{then.published}: the status of an announcement can change, so check the later article is current."
        )
    return (
        f"'{subject}' is affirmed in one claim and negated in the other: {quoted}; "
        "both are stated for the same date (or undated), so one of them is wrong."
    )


def check_flip(a: Claim, b: Claim, hedges: bool = False) -> Iterator[Finding]:
    """An event one claim affirms and the other negates (with `hedges`: only hedges)."""
    if a.sentence == b.sentence:
        return
    xs = [s for s in slots_of(a, POLARITY) if isinstance(s.value, Polarity) and s.subject]
    ys = [s for s in slots_of(b, POLARITY) if isinstance(s.value, Polarity) and s.subject]
    if not xs or not ys or not same_actor(a, b):
        return
    if two_occasions(a, b):
        return  # "did not win in 1989" vs "won in 1994": two occasions
    unnamed = not _names(a.sentence.text) and not _names(b.sentence.text)
    best: dict[str, tuple[int, str, Slot, Slot]] = {}
    for x in xs:
        for y in ys:
            if x.subject != y.subject or not _comparable(x.value, y.value):
                continue
            if unnamed and not _same_agent(x, y, a, b):
                continue
            if x.value.predicate not in _OBJECT_IN_SUBJECT and not _same_participants(x, y, a, b):
                continue
            if not _same_object(x, y, a, b):
                continue
            verdict = _verdict(x, y, a, b)
            if verdict is None or (verdict == LESS_PRECISE) != hedges:
                continue
            strength = _STRENGTH.get(verdict, 3)
            if x.subject not in best or strength > best[x.subject][0]:
                best[x.subject] = (strength, verdict, x, y)
    for subject in sorted(best):
        _, verdict, x, y = best[subject]
        rule = HEDGE_RULE_ID if hedges else RULE_ID
        yield finding(rule, POLARITY, verdict, subject, _explain(verdict, subject, x, y, a, b), (x, y), (a, b))


def check_hedge(a: Claim, b: Claim) -> Iterator[Finding]:
    """An event one claim affirms and a near-duplicate claim only hedges."""
    flipped = {found.subject for found in check_flip(a, b)}  # one finding per event: the flip says more
    for found in check_flip(a, b, hedges=True):
        if found.subject not in flipped:
            yield found


RULES: tuple[Rule, ...] = (
    Rule(RULE_ID, "polarity", "An event one claim affirms and another negates.", check_flip),
    # "Likely to attend" vs "attended" is worth a look only when the claims are
    # near-duplicates: loosely related claims hedge about other occasions too.
    Rule(HEDGE_RULE_ID, "polarity", "An event one claim affirms and a near-duplicate claim only hedges.",
         check_hedge, near_duplicates_only=True),
)
