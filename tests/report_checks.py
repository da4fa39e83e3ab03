"""Checks every test applies to a report.json: the shipped JSON Schema, and what a schema cannot say.

`conftest.py` runs `assert_valid_report` on every report.json a test writes
through `write_reports`; the schema tests and the golden, seed and news-dev
tests call it on the reports they build.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import jsonschema

from claimcheck.report.json_report import json_schema


@lru_cache(maxsize=1)
def validator() -> jsonschema.Draft202012Validator:
    """A validator for the shipped schema, built once."""
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def schema_errors(data: Any) -> list[str]:
    """Every way `data` breaks the schema, one line each (empty when it is valid)."""
    errors = sorted(validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    return [f"{e.json_path}: {e.message[:300]}" for e in errors]


def invariant_errors(data: dict[str, Any]) -> list[str]:
    """What the schema cannot express: offsets that cut what they claim, counts that add up, ids that resolve."""
    problems: list[str] = []
    articles = {a["id"] for a in data["articles"]}
    stories = {s["id"] for s in data["stories"]}
    findings = data["findings"]
    summary = data["summary"]
    if summary["findings"] != len(findings) or summary["open"] + summary["acknowledged"] != len(findings):
        problems.append("summary: findings, open and acknowledged do not add up")
    if summary["open"] != sum(1 for f in findings if not f["acknowledged"]):
        problems.append("summary.open is not the number of unacknowledged findings")
    for name in ("by_verdict", "by_severity", "by_kind"):
        if sum(n["open"] + n["acknowledged"] for n in summary[name].values()) != len(findings):
            problems.append(f"summary.{name} does not add up to the findings")
    for key, listed in (("articles", data["articles"]), ("stories", data["stories"]), ("skipped", data["skipped"])):
        if summary[key] != len(listed):
            problems.append(f"summary.{key} is {summary[key]}, but {len(listed)} are listed")
    for story in data["stories"]:
        for aid in story["articles"]:
            if aid not in articles:
                problems.append(f"story {story['id']}: unknown article {aid}")
    for finding in findings:
        where = f"finding {finding['id']}"
        if finding["story"] is not None and finding["story"] not in stories:
            problems.append(f"{where}: unknown story {finding['story']}")
        claims = [c for v in finding["values"] for c in v["claims"]]
        if len(finding["timeline"]) != len(claims):
            problems.append(f"{where}: {len(finding['timeline'])} timeline entries for {len(claims)} claims")
        if sorted({c["article"] for c in claims}) != finding["articles"]:
            problems.append(f"{where}: articles is not the articles of its claims")
        dates = [t["published"] or "9999-99-99" for t in finding["timeline"]]
        if dates != sorted(dates):
            problems.append(f"{where}: timeline is not in publication order")
        for value in finding["values"]:
            if sorted({c["article"] for c in value["claims"]}) != value["articles"]:
                problems.append(f"{where}: value {value['value']!r} lists other articles than its claims")
        for claim in claims:
            if claim["article"] not in articles:
                problems.append(f"{where}: unknown article {claim['article']}")
            if claim["end"] - claim["start"] != len(claim["sentence"]):
                problems.append(f"{where}: start/end do not span the sentence in {claim['article']}")
            if claim["sentence"][claim["value_start"] : claim["value_end"]] != claim["value"]:
                problems.append(f"{where}: value_start/value_end do not cut {claim['value']!r} from its sentence")
    ids = [f["id"] for f in findings]
    if len(set(ids)) != len(ids):
        problems.append("two findings share an id")
    return problems


def assert_valid_report(data: dict[str, Any]) -> None:
    """Fail with every problem listed when `data` is not a valid claimcheck.report/2 document."""
    problems = schema_errors(data)
    if not problems:
        problems = invariant_errors(data)
    assert not problems, "report.json is not a valid claimcheck.report/2 document:\n" + "\n".join(problems[:40])
