"""The conflicts the seed archive is known to hold stay found (real model, real pipeline)."""

from __future__ import annotations

import pytest

from claimcheck.model import Conflict, Report

pytestmark = pytest.mark.model

TDI, POST, IBT, NEWSFRONT = "002_05aa9a2d9991a945", "001_0f6fb389601c1e5d", "000_a22ccafb5ac4f325", "003_a042c7e17330f192"


def _find(report: Report, rule: str, **values: str) -> Conflict:
    """The one conflict of `rule` whose sides carry these values (article id -> value as written)."""
    hits = [
        c
        for c in report.conflicts
        if c.rule == rule and {s.article: s.value for s in c.claims} == values
    ]
    assert len(hits) == 1, [(c.rule, [(s.article, s.value) for s in c.claims]) for c in report.conflicts]
    return hits[0]


def test_seeds_coordinator_term_is_flagged(seed_report: Report) -> None:
    found = _find(seed_report, "time.period_end/1", **{TDI: "until 2024", POST: "until last month"})
    sides = {s.article: s for s in found.claims}
    assert sides[TDI].normalized == "2024"
    assert sides[POST].normalized == "July 2024"
    assert (sides[TDI].published, sides[POST].published) == ("2022-07-28", "2024-08-09")
    assert found.verdict == "less_precise"
    assert "Coordinator" in sides[TDI].sentence and "coordinator" in sides[POST].sentence
    for quoted in ("until 2024", "until last month", "July 2024", "2022-07-28", "2024-08-09"):
        assert quoted in found.explanation
    for side in found.claims:
        assert side.sentence[side.value_start : side.value_end] == side.value


def test_seeds_venue_is_flagged(seed_report: Report) -> None:
    found = _find(seed_report, "place.venue/1", **{TDI: "Phnom Penh", POST: "Vientiane, Laos"})
    sides = {s.article: s for s in found.claims}
    assert sides[TDI].normalized == "Phnom Penh, Cambodia"
    assert sides[POST].normalized == "Vientiane, Laos"
    # The 55th meeting (2022) and the 2024 one: the same annual meetings in two years.
    assert found.verdict == "different_scope"
    assert "Phnom Penh" in found.explanation and "Vientiane" in found.explanation


def test_seeds_attendance_confirmation_changed(seed_report: Report) -> None:
    found = next(c for c in seed_report.conflicts if c.rule == "polarity.flip/1")
    sides = {s.article: s for s in found.claims}
    assert set(sides) == {IBT, TDI}
    assert sides[IBT].normalized.startswith("negated") and sides[TDI].normalized.startswith("affirmed")
    assert found.verdict == "changed"


def test_seeds_name_variant(seed_report: Report) -> None:
    found = next(c for c in seed_report.conflicts if c.rule == "names.variant/2")
    assert sorted(s.value for s in found.claims) == ["Han Chuon Naron", "Khan Chuon Naron"]
    assert found.verdict == "name_variant"


def test_seeds_no_contradiction_between_city_and_country(seed_report: Report) -> None:
    for conflict in seed_report.conflicts:
        values = {s.value for s in conflict.claims}
        assert values != {"Cambodia", "Phnom Penh"}


def test_seeds_every_finding_explains_itself(seed_report: Report) -> None:
    assert seed_report.conflicts
    for conflict in seed_report.conflicts:
        assert conflict.explanation.endswith(".")
        assert len(conflict.claims) >= 2
        for side in conflict.claims:
            assert side.value and side.normalized and side.published
            assert side.sentence[side.value_start : side.value_end] == side.value
