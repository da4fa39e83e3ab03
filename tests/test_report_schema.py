"""The JSON Schema of report.json (claimcheck.report/2): shipped, in step with the model, and what every report obeys."""

from __future__ import annotations

import copy
import fnmatch
import json
import tomllib
from pathlib import Path

import pytest

from claimcheck.evaluate import reported_findings
from claimcheck.model import ASSERTED, CURRENT, EXPECTED, NEGATED, PREVIOUS, PROPOSED, SEVERITIES, VERDICTS, Report
from claimcheck.report import render_json
from claimcheck.report.json_report import KINDS, SCHEMA, SCHEMA_FILE, json_schema
from report_checks import assert_valid_report, invariant_errors, schema_errors
from test_report import sample_report

ROOT = Path(__file__).resolve().parent.parent


def _sample() -> dict:
    return json.loads(render_json(sample_report()))


def test_report_schema_is_a_valid_draft_2020_12_schema() -> None:
    import jsonschema

    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]["schema"]["const"] == SCHEMA == "claimcheck.report/2"


def test_report_schema_ships_as_package_data() -> None:
    """The file sits in the package and pyproject's package-data globs include it, so a wheel carries it."""
    assert (ROOT / "src" / "claimcheck" / "report" / SCHEMA_FILE).is_file()
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["claimcheck"]
    assert any(fnmatch.fnmatch(f"report/{SCHEMA_FILE}", glob) for glob in package_data), package_data


def test_report_schema_enums_follow_the_model() -> None:
    """A verdict, severity, kind, role or modality added to the code must be documented in the schema too."""
    defs = json_schema()["$defs"]
    assert defs["verdict"]["enum"] == list(VERDICTS)
    assert defs["severity"]["enum"] == list(SEVERITIES)
    assert defs["kind"]["enum"] == list(KINDS)
    assert set(defs["role"]["enum"]) == {CURRENT, PREVIOUS, None}
    assert set(defs["modality"]["enum"]) == {ASSERTED, EXPECTED, PROPOSED, NEGATED, None}


def test_report_schema_every_record_is_closed() -> None:
    """Every object in the schema lists its keys and allows no others, so a new key cannot slip in undocumented."""
    schema = json_schema()
    objects = [schema, *(d for d in schema["$defs"].values() if d.get("type") == "object")]
    for record in objects:
        if "properties" in record:
            assert record.get("additionalProperties") is False, record.get("title") or record.get("description")
            assert set(record["required"]) == set(record["properties"]), record.get("description")


def test_report_schema_accepts_the_sample_and_an_empty_report() -> None:
    assert_valid_report(_sample())
    empty = Report(articles=(), sentences=0, claims=0, clusters=(), conflicts=())
    assert_valid_report(json.loads(render_json(empty)))


@pytest.mark.parametrize(
    ("break_it", "where"),
    [
        (lambda d: d["findings"][0].update(colour="red"), "$.findings[0]"),
        (lambda d: d["findings"][0]["values"][0]["claims"][0].update(sentence=3), "$.findings[0].values[0].claims[0].sentence"),
        (lambda d: d["findings"][0].update(verdict="wrong"), "$.findings[0].verdict"),
        (lambda d: d["findings"][0]["values"][0]["claims"][0].update(published="9 August 2024"), "$.findings[0].values[0].claims[0].published"),
        (lambda d: d["findings"][0].update(values=[]), "$.findings[0].values"),
        (lambda d: d["summary"].pop("open"), "$.summary"),
        (lambda d: d.update(schema="claimcheck.report/1"), "$.schema"),
        (lambda d: d["clusters"][0]["sentences"][0].update(sentence_index="x"), "$.clusters[0].sentences[0].sentence_index"),
    ],
)
def test_report_schema_rejects_a_broken_report(break_it, where: str) -> None:
    data = _sample()
    break_it(data)
    errors = schema_errors(data)
    assert errors and errors[0].startswith(where + ":"), errors


def test_report_invariants_catch_what_the_schema_cannot() -> None:
    data = _sample()
    broken = copy.deepcopy(data)
    broken["findings"][0]["values"][0]["claims"][0]["value_start"] += 1
    broken["findings"][1]["timeline"].pop()
    broken["summary"]["open"] += 1
    problems = invariant_errors(broken)
    assert not schema_errors(broken)
    assert any("value_start/value_end" in p for p in problems)
    assert any("timeline entries" in p for p in problems)
    assert any("summary" in p for p in problems)
    assert invariant_errors(data) == []


def test_report_schema_2_is_what_the_news_dev_scorer_reads() -> None:
    """`claimcheck.evaluate` reads findings[].values[].claims[]: article id, sentence text and its offsets."""
    data = _sample()
    found = {f.id: f for f in reported_findings(data)}
    assert list(found) == [f["id"] for f in data["findings"]]
    sides = found["c-contra"].sides
    assert [(s.story, s.article, s.start, s.end) for s in sides] == [("seeds", "a2.txt", 0, 63), ("seeds", "a1.txt", 0, 81)]
    assert sides[1].sentence.startswith("Iangareev noted")


@pytest.mark.model
def test_report_schema_seed_report_is_valid(seed_report: Report) -> None:
    data = json.loads(render_json(seed_report))
    assert_valid_report(data)
    assert data["findings"] and data["stories"]


def test_report_schema_committed_reports_are_schema_2() -> None:
    """reports/report.json, as committed, is in the current schema (regenerate it after a change of shape)."""
    data = json.loads((ROOT / "reports" / "report.json").read_text(encoding="utf-8"))
    assert_valid_report(data)
