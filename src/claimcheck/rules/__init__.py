"""The rule layer: every rule family registered in one place.

Each family module exposes `RULES`, a tuple of `Rule`s with stable versioned
ids. `tests/test_rules_registry.py` compares this registry against a committed
list, so adding, renaming or re-versioning a rule is a visible change.
"""

from __future__ import annotations

from typing import Iterator

from claimcheck.model import Claim, Finding
from claimcheck.rules import names, ordinal, place, polarity, quantity, role, time
from claimcheck.rules.base import Rule

REGISTRY: tuple[Rule, ...] = (
    *time.RULES,
    *place.RULES,
    *quantity.RULES,
    *ordinal.RULES,
    *role.RULES,
    *polarity.RULES,
    *names.RULES,
)


def check_pair(a: Claim, b: Claim, rules: tuple[Rule, ...] = REGISTRY) -> Iterator[Finding]:
    """Every finding any rule makes about one pair of claims."""
    for rule in rules:
        yield from rule.check(a, b)
