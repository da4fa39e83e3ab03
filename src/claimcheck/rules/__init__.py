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


# Replaced in the pipeline by the fact layer (claimcheck.facts, candidates, findings)
# and the entity layer (claimcheck.entities); kept registered for their unit tests
# and for comparing old and new behaviour.
REPLACED_BY_FACTS = frozenset({"quantity.value/1", "time.event_date/1", "names.variant/1"})
# The sentence-pair rules the pipeline still runs, inside a story: periods, venues,
# destinations, ordinals, office holders and polarity.
SENTENCE_RULES: tuple[Rule, ...] = tuple(rule for rule in REGISTRY if rule.id not in REPLACED_BY_FACTS)

# Ids of the fact-level findings, versioned like the rules.
FACT_VALUE_RULE = "facts.value/1"
FACT_DATE_RULE = "facts.date/1"
NAME_VARIANT_RULE = "names.variant/2"


def check_pair(a: Claim, b: Claim, rules: tuple[Rule, ...] = REGISTRY) -> Iterator[Finding]:
    """Every finding any rule makes about one pair of claims."""
    for rule in rules:
        yield from rule.check(a, b)
