"""What every rule family shares: the rule record, verdict and severity helpers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable, Iterable

from claimcheck.model import (
    CHANGED,
    CONTRADICTION,
    DIFFERENT_SCOPE,
    HIGH,
    LESS_PRECISE,
    LOW,
    MEDIUM,
    NAME_VARIANT,
    TIME,
    Claim,
    Finding,
    Slot,
)

Check = Callable[[Claim, Claim], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A registered rule: a stable versioned id and the check it runs on a claim pair."""

    id: str  # "family.name/version", never reused for a different behaviour
    family: str
    description: str
    check: Check


_SEVERITY = {
    CONTRADICTION: HIGH,
    CHANGED: MEDIUM,
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
