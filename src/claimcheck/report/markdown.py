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

from claimcheck.model import PUBLISHED_INFERRED, VERDICTS, Report
from claimcheck.report.json_report import report_data, safe_url, split_highlight, undated_articles, verdict_label

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
    """The quote with the conflicting value in bold, each part escaped on its own."""
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


def _date(side_or_article: dict[str, Any], source: str | None) -> str:
    date = side_or_article.get("published")
    if not date:
        return "unknown"
    return f"{date} (inferred)" if source == PUBLISHED_INFERRED else date


def _summary(data: dict[str, Any]) -> list[str]:
    s = data["summary"]
    lines = [
        "# claimcheck report",
        "",
        f"**{s['articles']} articles · {s['sentences']} sentences · {s['claims']} claims · "
        f"{s['clusters']} clusters · {s['open']} open conflicts** "
        f"({s['acknowledged']} acknowledged, {s['skipped']} files skipped)",
        "",
    ]
    if data["draft"]:
        lines += [f"Draft checked: {_code(data['draft'])}", ""]
    lines += ["| Verdict | Conflicts |", "|---|---:|"]
    lines += [f"| {md_text(verdict_label(v))} | {n} |" for v, n in _verdict_rows(s["by_verdict"])]
    lines += ["", "| Kind | Conflicts |", "|---|---:|"]
    kinds = [(k, n) for k, n in s["by_kind"].items() if n]
    lines += [f"| {md_text(k)} | {n} |" for k, n in kinds] or [f"| {_EMPTY} | 0 |"]
    lines.append("")
    return lines


def _verdict_rows(by_verdict: dict[str, int]) -> list[tuple[str, int]]:
    """Verdicts in their documented order (most actionable first), then any unknown ones."""
    known = [(v, by_verdict.get(v, 0)) for v in VERDICTS]
    return known + [(v, n) for v, n in by_verdict.items() if v not in VERDICTS]


def _conflict(number: int, conflict: dict[str, Any], sources: dict[str, str]) -> list[str]:
    sides = conflict["claims"]
    letters = [chr(ord("A") + i) if i < 26 else str(i + 1) for i in range(len(sides))]
    subject = md_text(conflict["subject"][:1].upper() + conflict["subject"][1:]) or "(no subject)"
    lines = [
        f"### {number}. {subject} — {verdict_label(conflict['verdict'])}, {conflict['severity']} severity "
        f"({_code(conflict['id'])})",
        "",
        "| | " + " | ".join(letters) + " |",
        "|---|" + "---|" * len(sides),
    ]

    def row(label: str, cells: list[str]) -> str:
        return f"| {label} | " + " | ".join(c or _EMPTY for c in cells) + " |"

    lines += [
        row("As written", [md_text(s["value"]) for s in sides]),
        row("Normalised", [md_text(s["normalized"]) for s in sides]),
        row("Article", [_link(s["title"] or s["article"], s["url"]) for s in sides]),
        row("Outlet", [md_text(s["outlet"]) for s in sides]),
        row("Published", [_date(s, sources.get(s["article"])) for s in sides]),
    ]
    if any(s.get("source") or s.get("holder") or s.get("role") == "previous" for s in sides):
        lines += [
            row("Who says so", [md_text(s.get("source")) for s in sides]),
            row("Whose value", [md_text(s.get("holder")) for s in sides]),
            row("Role", ["earlier figure" if s.get("role") == "previous" else md_text(s.get("modality") if s.get("modality") not in (None, "asserted") else "") for s in sides]),
        ]
    lines += [
        "",
    ]
    for letter, side in zip(letters, sides):
        lines += [f"> **{letter}** ({md_text(side['article'])}): {_highlighted(side)}", ""]
    lines += [md_text(conflict["explanation"]), ""]
    cluster = f" · cluster {_code(conflict['cluster'])}" if conflict["cluster"] else ""
    lines += [f"Rule {_code(conflict['rule'])} · kind {md_text(conflict['kind'])}{cluster}", ""]
    return lines


def _acknowledged(conflicts: list[dict[str, Any]]) -> list[str]:
    lines = ["## Acknowledged conflicts", ""]
    if not conflicts:
        return lines + ["None.", ""]
    for c in conflicts:
        lines.append(
            f"- {_code(c['id'])} **{md_text(c['subject']) or '(no subject)'}** — "
            f"{verdict_label(c['verdict'])}, {c['severity']}: {md_text(c['explanation'])}"
        )
        lines.append(f"  - Note: {md_text(c['note']) or _EMPTY}")
    return lines + [""]


def _tail(data: dict[str, Any]) -> list[str]:
    lines = ["## Stale acknowledgements", ""]
    stale = data["acknowledged_stale"]
    if stale:
        lines += ["These acknowledged ids match no conflict any more; remove them from the acknowledgements file:", ""]
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
    lines += ["", "## Stories", ""]
    if data["stories"]:
        lines += ["| Story | About | Articles |", "|---|---|---|"]
        lines += [
            f"| {_code(st['id'])} | {md_text(st['label']) or _EMPTY} | {md_text(', '.join(st['articles']))} |"
            for st in data["stories"]
        ]
    else:
        lines.append("None.")
    lines += ["", "## Not compared", ""]
    if data["not_compared"]:
        lines += ["| Article | Reason |", "|---|---|"]
        lines += [f"| {md_text(n['article'])} | {md_text(n['reason'])} |" for n in data["not_compared"]]
    else:
        lines.append("None: every article was compared.")
    lines += ["", "## Articles", "", "| Id | Title | Outlet | Published | Date source |", "|---|---|---|---|---|"]
    lines += [
        f"| {md_text(a['id'])} | {_link(a['title'] or _EMPTY, a['url'])} | {md_text(a['outlet']) or _EMPTY} "
        f"| {a['published'] or 'unknown'} | {md_text(a['published_source'])} |"
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


def render_markdown(report: Report) -> str:
    """The report as Markdown: summary, open conflicts most severe first, then the rest."""
    data = report_data(report)
    sources = {a["id"]: a["published_source"] for a in data["articles"]}
    open_conflicts = [c for c in data["conflicts"] if not c["acknowledged"]]
    lines = _summary(data)
    lines += ["## Open conflicts", ""]
    if not open_conflicts:
        lines += ["No open conflicts.", ""]
    for number, conflict in enumerate(open_conflicts, start=1):
        lines += _conflict(number, conflict, sources)
    lines += _acknowledged([c for c in data["conflicts"] if c["acknowledged"]])
    lines += _tail(data)
    return "\n".join(lines).rstrip("\n") + "\n"
