"""A report as pandas tables, for notebooks and CSV: one row per finding side, one row per fact.

`Report.to_frame()`, `Report.facts_frame()` and `Report.to_csv()` call these;
pandas is imported only here, so `import claimcheck` stays light.

    >>> report = claimcheck.check("articles/")
    >>> report.to_frame().query("verdict == 'contradiction'")[["finding", "outlet", "value", "normalized"]]
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from claimcheck.model import Article, Report

if TYPE_CHECKING:
    import pandas as pd

# Column order of `findings_frame`: who says what where, then the finding it belongs to.
FINDING_COLUMNS = (
    "finding", "verdict", "severity", "kind", "rule", "subject", "story", "acknowledged", "side",
    "article", "title", "outlet", "published", "url", "value", "normalized", "quote",
    "value_start", "value_end", "attribute", "holder", "source", "role", "modality", "explanation",
)
FACT_COLUMNS = (
    "article", "title", "outlet", "published", "story", "sentence", "quote", "kind", "value", "normalized",
    "value_start", "value_end", "attribute", "attribute_lemmas", "canonical", "holder", "qualifiers", "source",
    "source_named", "time", "modality", "role", "findings",
)


def _published(article: Article | None) -> object:
    return article.published.isoformat() if article is not None and article.published else None


def _frame(rows: list[dict], columns: tuple[str, ...]) -> "pd.DataFrame":
    import pandas as pd

    frame = pd.DataFrame(rows, columns=list(columns))
    frame["published"] = pd.to_datetime(frame["published"], errors="coerce")
    return frame


def findings_frame(report: Report) -> "pd.DataFrame":
    """One row per side of each finding, most severe finding first, sides in their report order."""
    articles = {a.id: a for a in report.articles}
    rows = []
    for finding in report.conflicts:
        for n, side in enumerate(finding.claims):
            article = articles.get(side.article)
            rows.append({
                "finding": finding.id,
                "verdict": finding.verdict,
                "severity": finding.severity,
                "kind": finding.kind,
                "rule": finding.rule,
                "subject": finding.subject,
                "story": finding.story,
                "acknowledged": finding.id in report.acknowledged,
                "side": n,
                "article": side.article,
                "title": article.title if article else None,
                "outlet": article.outlet if article else None,
                "published": side.published,
                "url": article.url if article else None,
                "value": side.value,
                "normalized": side.normalized,
                "quote": side.sentence,
                "value_start": side.value_start,
                "value_end": side.value_end,
                "attribute": side.attribute or None,
                "holder": side.holder or None,
                "source": side.source or None,
                "role": side.role or None,
                "modality": side.modality or None,
                "explanation": finding.explanation,
            })
    return _frame(rows, FINDING_COLUMNS)


def facts_frame(report: Report) -> "pd.DataFrame":
    """One row per fact of the compared articles (a draft's report: the draft's), in article and sentence order."""
    articles = {a.id: a for a in report.articles}
    story_of = {a: s.id for s in report.stories for a in getattr(s, "articles", ())}
    # Which findings quote a fact: the side with its article, sentence and value offsets.
    quoted: dict[tuple[str, int, int], list[str]] = {}
    for finding in report.conflicts:
        for side in finding.claims:
            quoted.setdefault((side.article, side.start, side.value_start), []).append(finding.id)
    rows = []
    for article_id in sorted(report.analyses):
        analysis = report.analyses[article_id]
        article = articles.get(article_id)
        sentences = {c.sentence.index: c.sentence for c in analysis.claims}
        for fact in sorted(analysis.facts, key=lambda f: (f.sentence, f.slot.start, f.slot.end)):
            sentence = sentences.get(fact.sentence)
            found = quoted.get((fact.article, sentence.start, fact.slot.start), []) if sentence else []
            rows.append({
                "article": fact.article,
                "title": article.title if article else None,
                "outlet": article.outlet if article else None,
                "published": _published(article),
                "story": story_of.get(fact.article),
                "sentence": fact.sentence,
                "quote": sentence.text if sentence else None,
                "kind": fact.kind,
                "value": fact.slot.raw,
                "normalized": fact.slot.normalized,
                "value_start": fact.slot.start,
                "value_end": fact.slot.end,
                "attribute": fact.attribute_text,
                "attribute_lemmas": fact.attribute,
                "canonical": fact.canonical or None,
                "holder": fact.holder or None,
                "qualifiers": "; ".join(fact.qualifiers) or None,
                "source": fact.source or None,
                "source_named": fact.source_named,
                "time": fact.time.raw if fact.time else None,
                "modality": fact.modality,
                "role": fact.role,
                "findings": ", ".join(dict.fromkeys(found)) or None,
            })
    return _frame(rows, FACT_COLUMNS)


def csv_text(frame: "pd.DataFrame") -> str:
    """A frame as CSV text: a header row, dates as YYYY-MM-DD, no index."""
    return frame.to_csv(index=False, date_format="%Y-%m-%d", lineterminator="\n")


def write_csv(frame: "pd.DataFrame", path: str | Path) -> Path:
    """Write a frame as UTF-8 CSV through a temp file moved into place; return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        temp.write_text(csv_text(frame), encoding="utf-8")
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    return path
