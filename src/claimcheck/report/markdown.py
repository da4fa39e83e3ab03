"""The report as Markdown, for a diff in review or a newsroom wiki.

Article text is data: every piece of it goes through `md_text`, which
backslash-escapes the characters Markdown (and the HTML a Markdown renderer
lets through) would act on, and folds line breaks so a quote can never end a
table row or start a heading.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from claimcheck.model import ASSERTED, PREVIOUS, PUBLISHED_INFERRED, Report
from claimcheck.report.json_report import (
    VERDICT_MEANINGS,
    report_dict,
    safe_url,
    split_highlight,
    undated_articles,
    verdict_label,
)

# `$` because GitHub renders `$...$` as math; `&` because `&lt;` would become `<`.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#~&$])")
_SPACES = re.compile(r"[\s\x00-\x1f\x7f]+")
# A line that opens with these would become a list, a heading or a rule.
_LINE_START = re.compile(r"^(\d+)([.)])|^([-+=>])")
# Characters that would end a link destination or a table cell early.
_URL_SAFE = ":/?#[]@!$&'*+,;=%~-._"
_EMPTY = "—"


def md_text(text: str | None) -> str:
    """Article text made inert for Markdown: specials escaped, all whitespace folded to single spaces."""
    if not text:
        return ""
    text = _SPACES.sub(" ", text).strip()
    text = _SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else f"\\{m.group(3)}", text)


def _code(text: str) -> str:
    """An inline code span that survives backticks in its content."""
    text = _SPACES.sub(" ", text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _link(label: str, url: str | None) -> str:
    """A Markdown link when the URL is a plain http(s) one, else the escaped label alone."""
    safe = safe_url(url)
    if not safe:
        return md_text(label) or _EMPTY
    return f"[{md_text(label) or md_text(safe)}]({quote(safe, safe=_URL_SAFE)})"


def _highlighted(side: dict[str, Any]) -> str:
    """A claim's sentence with its value in bold, each part escaped on its own."""
    before, value, after = split_highlight(side["sentence"], side["value_start"], side["value_end"], side["value"])
    # Bold must hug the value: `** 400**` is not emphasis in CommonMark.
    stripped = value.strip()
    if not stripped:
        return md_text(side["sentence"])
    lead = value[: len(value) - len(value.lstrip())]
    trail = value[len(value.rstrip()):]
    before, after = before + lead, trail + after
    # Escape the parts separately, keeping the spaces at their edges.
    left = md_text(before) + (" " if before[-1:].isspace() else "")
    right = (" " if after[:1].isspace() else "") + md_text(after)
    return f"{left}**{md_text(stripped)}**{right}".strip()


def _date(published: str | None, source: str | None) -> str:
    if not published:
        return "undated"
    return f"{published} (inferred)" if source == PUBLISHED_INFERRED else published


def _plural(n: int, word: str, plural: str = "") -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def _summary(data: dict[str, Any]) -> list[str]:
    s = data["summary"]
    lines = [
        "# claimcheck report",
        "",
        f"**{_plural(s['articles'], 'article')} in {_plural(s['stories'], 'story', 'stories')} · "
        f"{_plural(s['open'], 'open finding')}** "
        f"({s['acknowledged']} acknowledged · {s['not_compared']} not compared · {s['skipped']} files skipped)",
        "",
        f"{s['sentences']} sentences · {s['claims']} claims · {s['facts']} facts · {s['clusters']} clusters",
        "",
    ]
    if data["draft"]:
        lines += [f"Draft checked: {_code(data['draft'])} (only findings that involve it)", ""]
    lines += ["| Verdict | Open | Acknowledged | What it means |", "|---|---:|---:|---|"]
    lines += [
        f"| {md_text(verdict_label(v))} | {n['open']} | {n['acknowledged']} | {md_text(VERDICT_MEANINGS.get(v, ''))} |"
        for v, n in s["by_verdict"].items()
    ]
    lines.append("")
    return lines


def _stories(data: dict[str, Any], open_ids: set[str]) -> list[str]:
    lines = ["## Stories", ""]
    if not data["stories"]:
        return lines + ["None.", ""]
    lines += ["| Story | About | Articles | Open findings |", "|---|---|---:|---:|"]
    lines += [
        f"| {_code(st['id'])} | {md_text(st['label']) or _EMPTY} | {len(st['articles'])} "
        f"| {sum(1 for f in st['findings'] if f in open_ids)} |"
        for st in data["stories"]
    ]
    return lines + [""]


def _value_cell(entry: dict[str, Any]) -> str:
    """A timeline value as written, with what its sentence says about it."""
    notes = []
    if entry.get("role") == PREVIOUS:
        notes.append("earlier figure")
    if entry.get("superseded"):
        notes.append("superseded, given as current")
    if entry.get("modality") not in (None, ASSERTED):
        notes.append(entry["modality"])
    text = md_text(entry["value"]) or _EMPTY
    return f"{text} ({', '.join(notes)})" if notes else text


def _finding(number: int, finding: dict[str, Any], sources: dict[str, str]) -> list[str]:
    subject = md_text(finding["subject"][:1].upper() + finding["subject"][1:]) or "(no subject)"
    lines = [
        f"#### {number}. {subject} — {verdict_label(finding['verdict'])}, {finding['severity']} severity "
        f"({_code(finding['id'])})",
        "",
        f"**What to do:** {md_text(finding['explanation'])}",
        "",
        "| Published | Outlet | Value | Source |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {_date(t['published'], sources.get(t['article']))} | {md_text(t['outlet'] or t['article'])} "
        f"| {_value_cell(t)} | {md_text(t['source']) or _EMPTY} |"
        for t in finding["timeline"]
    ]
    lines.append("")
    for value in finding["values"]:
        normalised = f" → {md_text(value['normalised'])}" if value["normalised"] != value["value"] else ""
        lines += [f"**{md_text(value['value'])}**{normalised} · in {_plural(len(value['articles']), 'article')}", ""]
        for claim in value["claims"]:
            where = " · ".join(
                x
                for x in (
                    _link(claim["title"] or claim["article"], claim["url"]),
                    md_text(claim["outlet"]),
                    _date(claim["published"], claim["published_source"]),
                    _code(claim["article"]),
                )
                if x
            )
            lines += [f"> {_highlighted(claim)}", ">", f"> — {where}", ""]
    lines += [md_text(finding["detail"]), ""]
    cluster = f" · cluster {_code(finding['cluster'])}" if finding["cluster"] else ""
    lines += [f"Rule {_code(finding['rule'])} · kind {md_text(finding['kind'])}{cluster}", ""]
    return lines


def _open_findings(data: dict[str, Any], open_findings: list[dict[str, Any]]) -> list[str]:
    lines = ["## Open findings", ""]
    if not open_findings:
        return lines + ["No open findings.", ""]
    by_story: dict[str | None, list[dict[str, Any]]] = {}
    for finding in open_findings:
        by_story.setdefault(finding["story"], []).append(finding)
    known = {st["id"]: st for st in data["stories"]}
    sources = {a["id"]: a["published_source"] for a in data["articles"]}
    # Stories in their listed order, then findings outside any story.
    order = [st["id"] for st in data["stories"] if st["id"] in by_story]
    order += sorted((k for k in by_story if k not in known), key=lambda k: (k is None, k or ""))
    number = 0
    for story_id in order:
        story = known.get(story_id)
        findings = by_story[story_id]
        if story:
            lines += [
                f"### Story: {md_text(story['label']) or _EMPTY} ({_code(story['id'])})",
                "",
                f"{_plural(len(story['articles']), 'article')} · {_plural(len(findings), 'open finding')}",
                "",
            ]
        else:
            lines += ["### Not in a story" if story_id is None else f"### Story {_code(story_id)}", ""]
        for finding in findings:
            number += 1
            lines += _finding(number, finding, sources)
    return lines


def _acknowledged(findings: list[dict[str, Any]]) -> list[str]:
    lines = ["## Acknowledged findings", ""]
    if not findings:
        return lines + ["None.", ""]
    for f in findings:
        lines.append(
            f"- {_code(f['id'])} **{md_text(f['subject']) or '(no subject)'}** — "
            f"{verdict_label(f['verdict'])}, {f['severity']}: {md_text(f['explanation'])}"
        )
        lines.append(f"  - Note: {md_text(f['note']) or _EMPTY}")
    return lines + [""]


def _tail(data: dict[str, Any]) -> list[str]:
    lines = ["## Stale acknowledgements", ""]
    stale = data["stale_acknowledgements"]
    if stale:
        lines += ["These acknowledged ids match no finding any more; remove them from the acknowledgements file:", ""]
        lines += [f"- {_code(i)}" for i in stale]
    else:
        lines.append("None.")
    lines += ["", "## Publication dates inferred or unknown", ""]
    undated = undated_articles(data)
    if undated:
        lines += ["| Article | Published | Source |", "|---|---|---|"]
        lines += [
            f"| {_link(a['title'] or a['id'], a['url'])} ({md_text(a['id'])}) | {a['published'] or 'unknown'} "
            f"| {md_text(a['published_source'])} |"
            for a in undated
        ]
    else:
        lines.append("None: every article's date came from its metadata.")
    lines += ["", "## Not compared", ""]
    if data["not_compared"]:
        lines += ["| Article | Reason |", "|---|---|"]
        lines += [f"| {md_text(n['article'])} | {md_text(n['reason'])} |" for n in data["not_compared"]]
    else:
        lines.append("None: every article was compared.")
    lines += ["", "## Articles", "", "| Id | Title | Outlet | Published | Date source | Story |", "|---|---|---|---|---|---|"]
    lines += [
        f"| {md_text(a['id'])} | {_link(a['title'] or _EMPTY, a['url'])} | {md_text(a['outlet']) or _EMPTY} "
        f"| {a['published'] or 'unknown'} | {md_text(a['published_source'])} | {_code(a['story']) if a['story'] else _EMPTY} |"
        for a in data["articles"]
    ]
    lines += ["", "## Skipped files", ""]
    if data["skipped"]:
        lines += ["| File | Reason |", "|---|---|"]
        lines += [f"| {md_text(s['path'])} | {md_text(s['reason'])} |" for s in data["skipped"]]
    else:
        lines.append("None.")
    if data["warnings"]:
        lines += ["", "## Warnings", ""]
        lines += [f"- {md_text(w)}" for w in data["warnings"]]
    return lines + [""]


def render_markdown(report: Report, data: dict[str, Any] | None = None) -> str:
    """The report as Markdown: summary, stories, open findings by story (most severe first), then the rest.

    `data`, the report's `report_dict` when the caller already has it, is not computed again.
    """
    data = report_dict(report) if data is None else data
    open_findings = [f for f in data["findings"] if not f["acknowledged"]]
    lines = _summary(data)
    lines += _stories(data, {f["id"] for f in open_findings})
    lines += _open_findings(data, open_findings)
    lines += _acknowledged([f for f in data["findings"] if f["acknowledged"]])
    lines += _tail(data)
    lines.append(f"Schema {_code(data['schema'])} · claimcheck {md_text(data['generator']['version'])}")
    return "\n".join(lines).rstrip("\n") + "\n"
