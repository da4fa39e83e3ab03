"""The machine-readable report, and the ordered view that every format renders.

`report_data` turns a `Report` into plain dicts and lists in their final order;
the JSON writer dumps it, and the Markdown and HTML writers render the same
view, so the three files can never disagree about what was found or in which
order. Nothing here reads a clock or iterates an input mapping unsorted, so the
same report always gives the same bytes.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, Iterable
from urllib.parse import urlsplit

from claimcheck.model import (
    PUBLISHED_METADATA,
    SEVERITIES,
    SLOT_KINDS,
    VERDICTS,
    Article,
    Conflict,
    ConflictSide,
    Report,
)

SCHEMA = "claimcheck.report/1"
_SAFE_SCHEMES = ("http", "https")


def conflict_order(conflict: Conflict) -> tuple[int, int, str]:
    """Sort key putting the most severe conflicts first, then by verdict order, then id."""
    severity = SEVERITIES.index(conflict.severity) if conflict.severity in SEVERITIES else len(SEVERITIES)
    verdict = VERDICTS.index(conflict.verdict) if conflict.verdict in VERDICTS else len(VERDICTS)
    return severity, verdict, conflict.id


def verdict_label(verdict: str) -> str:
    """A verdict as an editor reads it ("less_precise" -> "less precise")."""
    return verdict.replace("_", " ")


def safe_url(url: str | None) -> str | None:
    """The URL if it is a plain http(s) link, else None: a `javascript:` URL must never become a link."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in _SAFE_SCHEMES or not parts.netloc:
        return None
    # Whitespace or control characters inside a URL are a sign of garbage metadata.
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    return url


def split_highlight(sentence: str, start: int, end: int, value: str = "") -> tuple[str, str, str]:
    """Split a quote into (before, value, after) around the conflicting value.

    Trusts the offsets only when they cut a non-empty span inside the sentence;
    otherwise looks for the value as written, and failing that highlights nothing.
    """
    if 0 <= start < end <= len(sentence):
        return sentence[:start], sentence[start:end], sentence[end:]
    if value:
        found = sentence.find(value)
        if found >= 0:
            return sentence[:found], value, sentence[found + len(value):]
    return sentence, "", ""


def _counts(values: Iterable[str], known: tuple[str, ...]) -> dict[str, int]:
    """Counts keyed by every known value (zero included, for stable keys) plus any other seen."""
    counter = Counter(values)
    keys = sorted(set(known) | set(counter))
    return {key: counter.get(key, 0) for key in keys}


def _article_record(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "path": article.path,
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "published": article.published.isoformat() if article.published else None,
        "published_source": article.published_source,
        "language": article.language,
    }


def _side_record(side: ConflictSide, article: Article | None) -> dict[str, Any]:
    return {
        "article": side.article,
        "sentence": side.sentence,
        "start": side.start,
        "end": side.end,
        "value": side.value,
        "normalized": side.normalized,
        "published": side.published,
        "value_start": side.value_start,
        "value_end": side.value_end,
        "title": article.title if article else None,
        "outlet": article.outlet if article else None,
        "url": article.url if article else None,
        "source": side.source or None,
        "holder": side.holder or None,
        "attribute": side.attribute or None,
        "role": side.role or None,
        "modality": side.modality or None,
    }


def _conflict_record(conflict: Conflict, report: Report, articles: dict[str, Article]) -> dict[str, Any]:
    acknowledged = conflict.id in report.acknowledged
    return {
        "id": conflict.id,
        "rule": conflict.rule,
        "kind": conflict.kind,
        "verdict": conflict.verdict,
        "severity": conflict.severity,
        "subject": conflict.subject,
        "explanation": conflict.explanation,
        "cluster": conflict.cluster,
        "story": conflict.story,
        "acknowledged": acknowledged,
        "note": report.acknowledged[conflict.id] if acknowledged else None,
        "claims": [_side_record(side, articles.get(side.article)) for side in conflict.claims],
    }


def _cluster_records(report: Report) -> list[dict[str, Any]]:
    records = []
    for cluster in sorted(report.clusters, key=lambda c: c.id):
        claims = []
        for article_id, index in sorted(cluster.members):
            sentence = report.sentence_texts.get((article_id, index))
            claims.append(
                {
                    "article": article_id,
                    "sentence": index,
                    "text": sentence.text if sentence else None,
                    "start": sentence.start if sentence else None,
                    "end": sentence.end if sentence else None,
                }
            )
        records.append({"id": cluster.id, "claims": claims})
    return records


def report_data(report: Report) -> dict[str, Any]:
    """The whole report as ordered plain data: the JSON document, and the view the other formats render."""
    articles = sorted(report.articles, key=lambda a: a.id)
    by_id = {article.id: article for article in articles}
    conflicts = sorted(report.conflicts, key=conflict_order)
    acknowledged = sum(1 for c in conflicts if c.id in report.acknowledged)
    summary = {
        "articles": len(articles),
        "sentences": report.sentences,
        "claims": report.claims,
        "clusters": len(report.clusters),
        "conflicts": len(conflicts),
        "open": len(conflicts) - acknowledged,
        "acknowledged": acknowledged,
        "acknowledged_stale": len(set(report.stale_acknowledgements)),
        "skipped": len(report.skipped),
        "warnings": len(report.warnings),
        "by_verdict": _counts((c.verdict for c in conflicts), VERDICTS),
        "by_kind": _counts((c.kind for c in conflicts), (*SLOT_KINDS, "name")),
        "facts": report.facts,
        "stories": len(report.stories),
        "not_compared": len(report.not_compared),
        "by_severity": _counts((c.severity for c in conflicts), SEVERITIES),
    }
    return {
        "schema": SCHEMA,
        "summary": summary,
        "articles": [_article_record(a) for a in articles],
        "stories": [
            {"id": story.id, "label": story.label, "articles": list(story.articles)} for story in report.stories
        ],
        "not_compared": [
            {"article": aid, "path": by_id[aid].path if aid in by_id else None, "reason": reason}
            for aid, reason in report.not_compared
        ],
        "clusters": _cluster_records(report),
        "conflicts": [_conflict_record(c, report, by_id) for c in conflicts],
        "acknowledged_stale": sorted(set(report.stale_acknowledgements)),
        "skipped": [
            {"path": s.path, "reason": s.reason} for s in sorted(report.skipped, key=lambda s: (s.path, s.reason))
        ],
        # Warnings keep the run's order: they read as a log of what happened.
        "warnings": list(report.warnings),
        "draft": report.draft,
    }


def undated_articles(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Articles whose publication date was inferred from the text or is unknown."""
    return [a for a in data["articles"] if a["published"] is None or a["published_source"] != PUBLISHED_METADATA]


def render_json(report: Report) -> str:
    """The report as a JSON document (schema claimcheck.report/1), newline-terminated."""
    # Keys keep the documented record order; count mappings are already sorted.
    return json.dumps(report_data(report), indent=2, ensure_ascii=False) + "\n"
