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

from claimcheck.model import PUBLISHED_INFERRED, SEVERITIES, VERDICTS, Report
from claimcheck.report.json_report import report_data, safe_url, split_highlight, undated_articles, verdict_label

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


def _side_view(side: dict[str, Any], index: int, sources: dict[str, str]) -> dict[str, Any]:
    before, mark, after = split_highlight(side["sentence"], side["value_start"], side["value_end"], side["value"])
    return {
        **side,
        "letter": chr(ord("A") + index) if index < 26 else str(index + 1),
        "before": before,
        "mark": mark,
        "after": after,
        "link": safe_url(side["url"]),
        "inferred": sources.get(side["article"]) == PUBLISHED_INFERRED,
    }


def _conflict_view(conflict: dict[str, Any], sources: dict[str, str]) -> dict[str, Any]:
    return {
        **conflict,
        "verdict_label": verdict_label(conflict["verdict"]),
        "sides": [_side_view(side, i, sources) for i, side in enumerate(conflict["claims"])],
        "article_ids": sorted({side["article"] for side in conflict["claims"]}),
    }


def _ordered(present: set[str], known: tuple[str, ...]) -> list[str]:
    """Known values in their documented order, then any others alphabetically."""
    return [v for v in known if v in present] + sorted(present - set(known))


def _filters(conflicts: list[dict[str, Any]], articles: list[dict[str, Any]]) -> dict[str, Any]:
    in_use = {a for c in conflicts for a in c["article_ids"]}
    return {
        "verdicts": [(v, verdict_label(v)) for v in _ordered({c["verdict"] for c in conflicts}, VERDICTS)],
        "kinds": [(k, k) for k in sorted({c["kind"] for c in conflicts})],
        "severities": [(s, s) for s in _ordered({c["severity"] for c in conflicts}, SEVERITIES)],
        # Titles can repeat across outlets (wire copy), so the outlet tells them apart.
        "articles": [
            (a["id"], " · ".join(x for x in (a["title"] or a["id"], a["outlet"]) if x))
            for a in articles
            if a["id"] in in_use
        ],
    }


def html_context(report: Report) -> dict[str, Any]:
    """Everything the template reads, in display order."""
    data = report_data(report)
    sources = {a["id"]: a["published_source"] for a in data["articles"]}
    conflicts = [_conflict_view(c, sources) for c in data["conflicts"]]
    open_conflicts = [c for c in conflicts if not c["acknowledged"]]
    open_by_verdict = [
        (v, verdict_label(v), sum(1 for c in open_conflicts if c["verdict"] == v))
        for v in _ordered({c["verdict"] for c in conflicts} | set(VERDICTS), VERDICTS)
    ]
    style, script = _asset("report.css"), _asset("report.js")
    return {
        "data": data,
        "summary": data["summary"],
        "open_conflicts": open_conflicts,
        "acknowledged_conflicts": [c for c in conflicts if c["acknowledged"]],
        "open_by_verdict": open_by_verdict,
        "filters": _filters(conflicts, data["articles"]),
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


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page (inline CSS and JS, no network)."""
    return _environment().get_template("report.html.j2").render(**html_context(report))
