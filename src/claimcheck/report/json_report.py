"""The machine-readable report (schema `claimcheck.report/2`), and the ordered view every format renders.

`report_dict` turns a `Report` into plain dicts and lists in their final order:
the JSON writer dumps it, the Markdown and HTML writers render it, and the
service returns its findings, so no two of them can disagree about what was
found or in which order. The shape is documented, key by key, in the JSON
Schema shipped beside this module (`schema/report-2.schema.json`, loaded by
`json_schema()`); the tests validate every report they write against it.

One rule holds throughout: a key means one thing wherever it appears.
`article` is always an article id, `sentence` always a sentence's text (its
position is `sentence_index`), `start`/`end` always a sentence's offsets in
its article's body, `value_start`/`value_end` always a value's offsets in its
sentence, `published` always a publication date, `story` always a story id.

Nothing here reads a clock or iterates an input mapping unsorted, so the same
report always gives the same bytes.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable
from urllib.parse import urlsplit

from claimcheck import __version__
from claimcheck.model import (
    ATTRIBUTED,
    CHANGED,
    CONTRADICTION,
    DIFFERENT_SCOPE,
    LESS_PRECISE,
    NAME_VARIANT,
    PREVIOUS,
    PUBLISHED_METADATA,
    SEVERITIES,
    SLOT_KINDS,
    UPDATED,
    VERDICTS,
    Article,
    Conflict,
    ConflictSide,
    Report,
)

SCHEMA = "claimcheck.report/2"
SCHEMA_FILE = "schema/report-2.schema.json"
KINDS = (*SLOT_KINDS, "name")
_SAFE_SCHEMES = ("http", "https")
# Undated claims come last in a timeline.
_UNDATED = "9999-99-99"
# How many values an explanation names before it says "and N more".
_LISTED = 4


# What each verdict asks of the editor, for the legends of the Markdown and HTML reports.
VERDICT_MEANINGS = {
    CONTRADICTION: "incompatible values for the same thing at the same time: one is wrong",
    CHANGED: "a state that changed between reports: no article should present the earlier one as current",
    UPDATED: "a tally that moved: the older figure is not wrong, but stale where presented as current",
    ATTRIBUTED: "different sources give different values: attribute each figure",
    NAME_VARIANT: "one name spelled several ways: use one spelling",
    LESS_PRECISE: "one value is a rounding or a vaguer form of the other",
    DIFFERENT_SCOPE: "probably two occasions or scopes of one kind of thing",
}


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


@lru_cache(maxsize=1)
def _schema_text() -> str:
    return resources.files("claimcheck.report").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def json_schema() -> dict[str, Any]:
    """The JSON Schema of `report.json` (draft 2020-12), as shipped in the package: a fresh copy each call."""
    return json.loads(_schema_text())


def _in_order(known: tuple[str, ...], present: Iterable[str]) -> list[str]:
    """Every known value in its documented order, then any other present value alphabetically."""
    seen = set(present)
    return [*known, *sorted(seen - set(known))]


def _tally(conflicts: list[Conflict], field: str, known: tuple[str, ...], report: Report) -> dict[str, dict[str, int]]:
    """Open and acknowledged counts per value of `field`, every known value present (zero included)."""
    counts: dict[str, Counter] = {"open": Counter(), "acknowledged": Counter()}
    for conflict in conflicts:
        status = "acknowledged" if conflict.id in report.acknowledged else "open"
        counts[status][getattr(conflict, field)] += 1
    keys = _in_order(known, (getattr(c, field) for c in conflicts))
    return {key: {"open": counts["open"][key], "acknowledged": counts["acknowledged"][key]} for key in keys}


def _article_record(article: Article, story: str | None) -> dict[str, Any]:
    return {
        "id": article.id,
        "path": article.path,
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "published": article.published.isoformat() if article.published else None,
        "published_precision": article.published_precision if article.published else None,
        "published_source": article.published_source,
        "language": article.language,
        "language_source": article.language_source,
        "body_offset": article.body_offset,
        "story": story,
    }


def _claim_record(side: ConflictSide, article: Article | None) -> dict[str, Any]:
    return {
        "article": side.article,
        "title": article.title if article else None,
        "outlet": article.outlet if article else None,
        "url": article.url if article else None,
        "published": side.published,
        "published_source": article.published_source if article else None,
        "sentence": side.sentence,
        "start": side.start,
        "end": side.end,
        "value": side.value,
        "normalised": side.normalized,
        "value_start": side.value_start,
        "value_end": side.value_end,
        "source": side.source or None,
        "holder": side.holder or None,
        "attribute": side.attribute or None,
        "role": side.role or None,
        "modality": side.modality or None,
        "superseded": side.superseded,
    }


def _timeline_key(claim: dict[str, Any]) -> tuple[str, str, int, int]:
    return claim["published"] or _UNDATED, claim["article"], claim["start"], claim["value_start"]


def _fold(text: str) -> str:
    """A spelling with case and accents folded: "Pelletier" and "PELLETIER" are one spelling."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _value_key(conflict: Conflict, side: ConflictSide) -> str:
    """What makes two sides state the same value: the pipeline's key, else the normalised value."""
    if side.value_key:
        return side.value_key
    # Every spelling of a name normalises to the same canonical name; the spelling is the value.
    return _fold(side.value) if conflict.verdict == NAME_VARIANT else side.normalized


def _values(conflict: Conflict, articles: dict[str, Article]) -> list[dict[str, Any]]:
    """Each distinct value with the claims that state it, both in publication order."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    pairs = [(_value_key(conflict, side), _claim_record(side, articles.get(side.article))) for side in conflict.claims]
    for key, claim in sorted(pairs, key=lambda pair: _timeline_key(pair[1])):
        grouped.setdefault(key, []).append(claim)
    values = []
    for claims in grouped.values():
        # A value as the article that first states it wrote it, preferring a current statement.
        head = next((c for c in claims if c["role"] != PREVIOUS), claims[0])
        values.append(
            {
                "value": head["value"],
                "normalised": head["normalised"],
                "articles": sorted({c["article"] for c in claims}),
                "claims": claims,
            }
        )
    return values


def _timeline(values: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every statement of the finding, in publication order (undated last)."""
    claims = [c for _, c in _statements(values)]
    return [
        {
            "published": c["published"],
            "article": c["article"],
            "outlet": c["outlet"],
            "value": c["value"],
            "normalised": c["normalised"],
            "source": c["source"],
            "role": c["role"],
            "modality": c["modality"],
            "superseded": c["superseded"],
        }
        for c in claims
    ]


def _quoted(text: str) -> str:
    return f"'{' '.join(text.split())}'"


def _listing(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c", "a, b, c, d and 2 more"."""
    if len(items) > _LISTED:
        items = [*items[:_LISTED], f"{len(items) - _LISTED} more"]
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _statements(values: list[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    """(value index, claim) for every claim, in publication order."""
    return sorted(((n, c) for n, v in enumerate(values) for c in v["claims"]), key=lambda nc: _timeline_key(nc[1]))


def _latest(statements: list[tuple[int, dict[str, Any]]]) -> tuple[int, dict[str, Any]]:
    """The most recent dated statement that its sentence does not mark as the earlier figure."""
    current = [s for s in statements if s[1]["role"] != PREVIOUS]
    dated = [s for s in current if s[1]["published"]]
    return (dated or current or statements)[-1]


def explanation(verdict: str, subject: str, values: list[dict[str, Any]]) -> str:
    """One sentence telling the editor what to do about a finding, naming its values as written."""
    what = subject or "this"
    written = [_quoted(v["value"]) for v in values]
    listed = _listing(written)
    statements = _statements(values)
    if verdict == CONTRADICTION:
        return f"The values for {what} ({listed}) cannot all be right: find out which is and correct the articles that give another."
    if verdict == CHANGED:
        first = statements[0][0]
        last, claim = _latest(statements)
        when = f" by {claim['published']}" if claim["published"] else ""
        return (
            f"{what[:1].upper()}{what[1:]} went from {written[first]} to {written[last]}{when}: "
            "make sure no article presents the earlier state as current."
        )
    if verdict == UPDATED:
        last, claim = _latest(statements)
        when = f", on {claim['published']}," if claim["published"] else ""
        stale = list(dict.fromkeys(c["outlet"] or c["article"] for _, c in statements if c["superseded"]))
        if stale:
            return (
                f"The figure for {what} was reported as {listed}; the latest{when} is {written[last]}: "
                f"{_listing(stale)} still {'gives' if len(stale) == 1 else 'give'} an older figure as current."
            )
        return (
            f"The figure for {what} was reported as {listed}; the latest{when} is {written[last]}: "
            "make sure no article presents an older figure as current."
        )
    if verdict == ATTRIBUTED:
        by_source = []
        for v, w in zip(values, written):
            sources = sorted({c["source"] for c in v["claims"] if c["source"]})
            by_source.append(f"{w} per {' and '.join(sources)}" if sources else f"{w} unattributed")
        return f"Sources differ on {what} ({_listing(by_source)}): attribute each figure to its source."
    if verdict == LESS_PRECISE:
        return f"The values for {what} ({listed}) agree, one only less precisely: give the precise value where it matters."
    if verdict == DIFFERENT_SCOPE and len(values) == 1:
        wholes = list(dict.fromkeys(_quoted(c["attribute"]) for c in values[0]["claims"] if c["attribute"]))
        if len(wholes) > 1:
            return (
                f"The same figure, {listed}, is given as a share of {_listing(wholes)}: "
                "make sure each article says which whole it is a share of."
            )
    if verdict == DIFFERENT_SCOPE:
        return (
            f"The values for {what} ({listed}) probably describe different occasions or scopes: "
            "make sure each article says which it means."
        )
    if verdict == NAME_VARIANT:
        others = [w for v, w in zip(values, written) if _fold(v["value"]) != _fold(subject)] or written
        return f"Use one spelling of {what} throughout: it is also written {_listing(others)}."
    return f"Check the values for {what} ({listed})."


def _finding_record(conflict: Conflict, report: Report, articles: dict[str, Article]) -> dict[str, Any]:
    acknowledged = conflict.id in report.acknowledged
    values = _values(conflict, articles)
    timeline = _timeline(values)
    attributes = Counter(c["attribute"] for v in values for c in v["claims"] if c["attribute"])
    # The attribute most claims use as written; ties go to the alphabetically first, for stable bytes.
    attribute = min(attributes, key=lambda a: (-attributes[a], a)) if attributes else None
    return {
        "id": conflict.id,
        "verdict": conflict.verdict,
        "severity": conflict.severity,
        "rule": conflict.rule,
        "kind": conflict.kind,
        "story": conflict.story or None,
        "subject": conflict.subject,
        "attribute": attribute,
        "explanation": explanation(conflict.verdict, conflict.subject, values) if values else conflict.explanation,
        "detail": conflict.explanation,
        "cluster": conflict.cluster,
        "acknowledged": acknowledged,
        "note": report.acknowledged[conflict.id] if acknowledged else None,
        "articles": sorted({side.article for side in conflict.claims}),
        "values": values,
        "timeline": timeline,
    }


def _cluster_records(report: Report) -> list[dict[str, Any]]:
    records = []
    for cluster in sorted(report.clusters, key=lambda c: c.id):
        sentences = []
        for article_id, index in sorted(cluster.members):
            sentence = report.sentence_texts.get((article_id, index))
            sentences.append(
                {
                    "article": article_id,
                    "sentence_index": index,
                    "sentence": sentence.text if sentence else None,
                    "start": sentence.start if sentence else None,
                    "end": sentence.end if sentence else None,
                }
            )
        records.append({"id": cluster.id, "min_similarity": round(cluster.min_similarity, 4), "sentences": sentences})
    return records


def report_dict(report: Report) -> dict[str, Any]:
    """The whole report as ordered plain data (schema claimcheck.report/2): the JSON document, and the view the other formats render."""
    articles = sorted(report.articles, key=lambda a: a.id)
    by_id = {article.id: article for article in articles}
    story_of = {aid: story.id for story in report.stories for aid in story.articles}
    conflicts = sorted(report.conflicts, key=conflict_order)
    acknowledged = sum(1 for c in conflicts if c.id in report.acknowledged)
    stale = sorted(set(report.stale_acknowledgements))
    summary = {
        "articles": len(articles),
        "compared": len(articles) - len(report.not_compared),
        "not_compared": len(report.not_compared),
        "sentences": report.sentences,
        "claims": report.claims,
        "facts": report.facts,
        "clusters": len(report.clusters),
        "stories": len(report.stories),
        "findings": len(conflicts),
        "open": len(conflicts) - acknowledged,
        "acknowledged": acknowledged,
        "stale_acknowledgements": len(stale),
        "skipped": len(report.skipped),
        "warnings": len(report.warnings),
        "by_verdict": _tally(conflicts, "verdict", VERDICTS, report),
        "by_severity": _tally(conflicts, "severity", SEVERITIES, report),
        "by_kind": _tally(conflicts, "kind", KINDS, report),
    }
    findings_of: dict[str, list[str]] = {}
    for conflict in conflicts:
        findings_of.setdefault(conflict.story or "", []).append(conflict.id)
    return {
        "schema": SCHEMA,
        "generator": {"name": "claimcheck", "version": __version__},
        "draft": report.draft,
        "summary": summary,
        "articles": [_article_record(a, story_of.get(a.id)) for a in articles],
        "stories": [
            {"id": story.id, "label": story.label, "articles": list(story.articles), "findings": findings_of.get(story.id, [])}
            # Largest first, as the pipeline groups them; sorted here so the input order never shows.
            for story in sorted(report.stories, key=lambda s: (-len(s.articles), tuple(s.articles), s.id))
        ],
        "not_compared": [
            {"article": aid, "path": by_id[aid].path if aid in by_id else None, "reason": reason}
            for aid, reason in report.not_compared
        ],
        "findings": [_finding_record(c, report, by_id) for c in conflicts],
        "clusters": _cluster_records(report),
        "stale_acknowledgements": stale,
        "skipped": [
            {"path": s.path, "reason": s.reason} for s in sorted(report.skipped, key=lambda s: (s.path, s.reason))
        ],
        # Warnings keep the run's order: they read as a log of what happened.
        "warnings": list(report.warnings),
    }


# The name the renderers and the benchmark first used.
report_data = report_dict


def undated_articles(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Articles whose publication date was inferred from the text or is unknown."""
    return [a for a in data["articles"] if a["published"] is None or a["published_source"] != PUBLISHED_METADATA]


def render_json(report: Report, data: dict[str, Any] | None = None) -> str:
    """The report as a JSON document (schema claimcheck.report/2), newline-terminated.

    `data`, the report's `report_dict` when the caller already has it, is not computed again.
    """
    # Keys keep the documented record order; count mappings are in their documented order.
    return dumps_indented(report_dict(report) if data is None else data) + "\n"


def dumps_indented(data: Any) -> str:
    """`json.dumps(data, indent=2, ensure_ascii=False)`, byte for byte, about three times faster.

    With an indent the standard library encodes in pure Python, a generator per
    container; a report holds a million values (every cluster's sentences).
    This writes the same text into one list of pieces, strings escaped by the
    standard library's C function. Anything it does not know (a key that is not
    a string, a type other than JSON's own) goes to `json.dumps` itself.
    """
    pieces: list[str] = []
    try:
        _encode(data, "\n", pieces)
    except _Unsupported:
        return json.dumps(data, indent=2, ensure_ascii=False)
    return "".join(pieces)


class _Unsupported(Exception):
    """A value `dumps_indented` leaves to `json.dumps`."""


_escape = json.encoder.encode_basestring  # the C escaper when available, as json.dumps(ensure_ascii=False) uses


def _encode(value: Any, newline: str, out: list[str]) -> None:
    kind = type(value)
    if kind is str:
        out.append(_escape(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif kind is int:
        out.append(int.__repr__(value))
    elif kind is float:
        if value != value or value in (float("inf"), float("-inf")):
            raise _Unsupported
        out.append(float.__repr__(value))
    elif kind is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        first = True
        for key, item in value.items():
            if type(key) is not str:
                raise _Unsupported
            out.append(("{" if first else ",") + inner + _escape(key) + ": ")
            first = False
            _encode(item, inner, out)
        out.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        first = True
        for item in value:
            out.append(("[" if first else ",") + inner)
            first = False
            _encode(item, inner, out)
        out.append(newline + "]")
    else:
        raise _Unsupported
