"""Golden cases: small stories in other domains, run through the real pipeline and model.

Each folder under tests/golden/ holds `articles/` and `expected.yaml`:
`must_find` lists findings (kind, allowed verdicts, the two values as written)
that the run must report; `must_not_find` lists value pairs no finding may
oppose. `findings.txt` is the full list of what the run reports, one line per
finding; `pytest --update-golden` rewrites it so a change in output shows up
in `git diff` for review.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from claimcheck.embed import Embedder
from claimcheck.model import Conflict, Report
from claimcheck.pipeline import run
from claimcheck.report import render_json
from report_checks import assert_valid_report

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "expected.yaml").exists())

pytestmark = pytest.mark.model


def _norm(value: str) -> str:
    return " ".join(value.lower().split())


def _matches(expected: str, written: str) -> bool:
    a, b = _norm(expected), _norm(written)
    return a == b or a in b or b in a


def _pairs_with(conflict: Conflict, values: list[str]) -> bool:
    """Whether two different sides of the finding carry the two values (a finding holds every article's value)."""
    a, b = values
    sides = [side.value for side in conflict.claims]
    return any(
        _matches(a, x) and _matches(b, y)
        for i, x in enumerate(sides)
        for j, y in enumerate(sides)
        if i != j
    )


def findings_lines(report: Report) -> str:
    """One line per finding, stable across runs: verdict, kind, rule, the values, the articles."""
    lines = []
    for c in report.conflicts:
        sides = " | ".join(f"{s.article}: {s.value!r} -> {s.normalized}" for s in c.claims)
        lines.append(f"{c.verdict:<15} {c.kind:<9} {c.rule:<24} {sides}")
    return "\n".join(sorted(lines)) + "\n"


@pytest.fixture(scope="module")
def golden_reports(model, tmp_path_factory) -> dict[str, Report]:
    cache = tmp_path_factory.mktemp("golden-cache")
    embedder = Embedder(cache, model_loader=lambda: model)
    try:
        return {case: run([GOLDEN / case / "articles"], embedder=embedder) for case in CASES}
    finally:
        embedder.close()


@pytest.mark.parametrize("case", CASES)
def test_golden_must_find(golden_reports: dict[str, Report], case: str) -> None:
    report = golden_reports[case]
    expected = yaml.safe_load((GOLDEN / case / "expected.yaml").read_text())
    missing = []
    for want in expected.get("must_find", []):
        hits = [
            c
            for c in report.conflicts
            if c.kind == want["kind"] and c.verdict in want["verdict"] and _pairs_with(c, want["values"])
        ]
        if not hits:
            missing.append(want)
    assert not missing, f"{case}: not found {missing}\nreported:\n{findings_lines(report)}"


@pytest.mark.parametrize("case", CASES)
def test_golden_must_not_find(golden_reports: dict[str, Report], case: str) -> None:
    report = golden_reports[case]
    expected = yaml.safe_load((GOLDEN / case / "expected.yaml").read_text())
    # A finding holds every article's value of one fact: it opposes a must-not pair
    # when those two values are all it holds (a third, different value is what it reports).
    wrong = [
        (want["values"], c.id, c.rule)
        for want in expected.get("must_not_find", [])
        for c in report.conflicts
        if _pairs_with(c, want["values"]) and all(any(_matches(v, s.value) for v in want["values"]) for s in c.claims)
    ]
    assert not wrong, f"{case}: false findings {wrong}\nreported:\n{findings_lines(report)}"


@pytest.mark.parametrize("case", CASES)
def test_golden_findings_snapshot(golden_reports: dict[str, Report], case: str, request: pytest.FixtureRequest) -> None:
    path = GOLDEN / case / "findings.txt"
    actual = findings_lines(golden_reports[case])
    if request.config.getoption("--update-golden"):
        path.write_text(actual)
    assert path.exists(), f"{path} missing: run pytest --update-golden and review it"
    assert actual == path.read_text(), f"{case}: findings changed; review, then run pytest --update-golden"


@pytest.mark.parametrize("case", CASES)
def test_golden_report_matches_schema(golden_reports: dict[str, Report], case: str) -> None:
    assert_valid_report(json.loads(render_json(golden_reports[case])))


def test_golden_second_run_is_byte_identical(golden_reports: dict[str, Report], model, tmp_path: Path) -> None:
    case = CASES[0]
    embedder = Embedder(tmp_path, model_loader=lambda: model)
    try:
        again = run([GOLDEN / case / "articles"], embedder=embedder)
    finally:
        embedder.close()
    assert render_json(again) == render_json(golden_reports[case])
