"""The report as one self-contained HTML page for editors.

Everything the page needs (CSS and a little plain JavaScript) is inlined, so the
file opens from disk or an email attachment with no network. Article text only
ever reaches the page through Jinja2 with autoescape on, and a Content Security
Policy pinned to the hashes of our own style and script means that even a
markup slip could not run anything an article smuggled in.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from claimcheck.model import PREVIOUS, PUBLISHED_INFERRED, SEVERITIES, VERDICTS, Report
from claimcheck.report.json_report import (
    VERDICT_MEANINGS,
    report_dict,
    safe_url,
    split_highlight,
    undated_articles,
    verdict_label,
)

_TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """The template environment, built once: autoescape is on for every template."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _asset(name: str) -> str:
    """A static asset's text, read through the loader so it ships with the templates."""
    env = _environment()
    source, _, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
    if "</" in source:
        # Inlined text must not be able to close its own <style>/<script> element.
        raise ValueError(f"{name} must not contain '</'")
    return source


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _claim_view(claim: dict[str, Any]) -> dict[str, Any]:
    before, mark, after = split_highlight(claim["sentence"], claim["value_start"], claim["value_end"], claim["value"])
    return {
        **claim,
        "before": before,
        "mark": mark,
        "after": after,
        "link": safe_url(claim["url"]),
        "inferred": claim["published_source"] == PUBLISHED_INFERRED,
    }


def _finding_view(finding: dict[str, Any], stories: dict[str, dict[str, Any]], sources: dict[str, str]) -> dict[str, Any]:
    story = stories.get(finding["story"] or "")
    return {
        **finding,
        "verdict_label": verdict_label(finding["verdict"]),
        "story_label": (story["label"] or story["id"]) if story else None,
        "values": [{**v, "claims": [_claim_view(c) for c in v["claims"]]} for v in finding["values"]],
        "timeline": [
            {**t, "inferred": sources.get(t["article"]) == PUBLISHED_INFERRED, "earlier": t["role"] == PREVIOUS}
            for t in finding["timeline"]
        ],
    }


def _ordered(present: set[str], known: tuple[str, ...]) -> list[str]:
    """Known values in their documented order, then any others alphabetically."""
    return [v for v in known if v in present] + sorted(present - set(known))


def _filters(findings: list[dict[str, Any]], data: dict[str, Any]) -> dict[str, Any]:
    in_use = {a for f in findings for a in f["articles"]}
    stories = {f["story"] for f in findings if f["story"]}
    return {
        "stories": [(st["id"], st["label"] or st["id"]) for st in data["stories"] if st["id"] in stories],
        "verdicts": [(v, verdict_label(v)) for v in _ordered({f["verdict"] for f in findings}, VERDICTS)],
        "severities": [(s, s) for s in _ordered({f["severity"] for f in findings}, SEVERITIES)],
        "kinds": [(k, k) for k in sorted({f["kind"] for f in findings})],
        # Titles can repeat across outlets (wire copy), so the outlet tells them apart.
        "articles": [
            (a["id"], " · ".join(x for x in (a["title"] or a["id"], a["outlet"]) if x))
            for a in data["articles"]
            if a["id"] in in_use
        ],
    }


def html_context(report: Report, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """Everything the template reads, in display order (`data`: the report's `report_dict`, if already made)."""
    data = report_dict(report) if data is None else data
    sources = {a["id"]: a["published_source"] for a in data["articles"]}
    stories = {st["id"]: st for st in data["stories"]}
    findings = [_finding_view(f, stories, sources) for f in data["findings"]]
    open_findings = [f for f in findings if not f["acknowledged"]]
    open_ids = {f["id"] for f in open_findings}
    verdict_counts = [
        (v, verdict_label(v), n["open"], n["acknowledged"], VERDICT_MEANINGS.get(v, ""))
        for v, n in data["summary"]["by_verdict"].items()
    ]
    style, script = _asset("report.css"), _asset("report.js")
    return {
        "data": data,
        "summary": data["summary"],
        "open_findings": open_findings,
        "acknowledged_findings": [f for f in findings if f["acknowledged"]],
        "verdict_counts": verdict_counts,
        "stories": [{**st, "open": sum(1 for f in st["findings"] if f in open_ids)} for st in data["stories"]],
        "filters": _filters(findings, data),
        "articles": [{**a, "link": safe_url(a["url"])} for a in data["articles"]],
        "undated": undated_articles(data),
        # Our own code, trusted and hashed into the CSP; never article text.
        "style": Markup(style),
        "script": Markup(script),
        # Built only from constants and base64 digests, so its quotes need no escaping.
        "csp": Markup(
            "default-src 'none'; img-src data:; base-uri 'none'; form-action 'none'; "
            f"style-src {_csp_hash(style)}; script-src {_csp_hash(script)}"
        ),
    }


def render_html(report: Report, data: dict[str, Any] | None = None) -> str:
    """The report as one self-contained HTML page (inline CSS and JS, no network).

    `data`, the report's `report_dict` when the caller already has it, is not computed again.
    """
    return _environment().get_template("report.html.j2").render(**html_context(report, data))
