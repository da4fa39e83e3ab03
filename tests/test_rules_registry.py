"""The rule registry against its committed list: adding or re-versioning a rule is a visible change."""

from __future__ import annotations

import re

from claimcheck.rules import REGISTRY

COMMITTED = [
    "time.period_end/1",
    "time.period_start/1",
    "time.event_date/1",
    "place.venue/1",
    "place.destination/1",
    "quantity.value/1",
    "ordinal.number/1",
    "role.holder/1",
    "polarity.flip/1",
    "polarity.hedge/1",
    "names.variant/1",
]


def test_rules_registry_matches_committed_list() -> None:
    assert [rule.id for rule in REGISTRY] == COMMITTED


def test_rules_registry_ids_are_versioned_and_unique() -> None:
    ids = [rule.id for rule in REGISTRY]
    assert len(set(ids)) == len(ids)
    for rule in REGISTRY:
        assert re.fullmatch(r"[a-z]+\.[a-z_]+/\d+", rule.id), rule.id
        assert rule.id.startswith(rule.family + ".")
        assert rule.description.strip(), rule.id


def test_rules_registry_covers_every_family() -> None:
    assert {rule.family for rule in REGISTRY} == {"time", "place", "quantity", "ordinal", "role", "polarity", "names"}
