"""Tests for the report writers: JSON shape and order, determinism, escaping, atomic writes."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from typing import Callable

import pytest

import claimcheck
import claimcheck.report as report_pkg
from claimcheck.errors import EXIT_OUTPUT, ClaimcheckError
from claimcheck.model import (
    PUBLISHED_INFERRED,
    PUBLISHED_METADATA,
    PUBLISHED_UNKNOWN,
    Article,
    Cluster,
    Conflict,
    ConflictSide,
    Report,
    Sentence,
    Skipped,
)
from claimcheck.report import render_html, render_json, render_markdown, write_reports
from claimcheck.report.json_report import conflict_order, explanation, report_dict, safe_url, split_highlight
from claimcheck.report.markdown import md_text
from claimcheck.stories import Story

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'
EVIL_QUOTE = f"Officials said {SCRIPT} the toll rose to 40 | *confirmed* by {IMG} & aides."


def _side(article: str, sentence: str, value: str, normalized: str, published: str | None, **fact: str) -> ConflictSide:
    start = sentence.index(value)
    return ConflictSide(
        article=article,
        sentence=sentence,
        start=0,
        end=len(sentence),
        value=value,
        normalized=normalized,
        published=published,
        value_start=start,
        value_end=start + len(value),
        **fact,
    )


def sample_report(*, reverse: bool = False) -> Report:
    """A hand-built report: three articles in two stories, four conflicts of different verdicts, one acknowledged.

    `reverse` feeds the same content in other orders, to show the output does not depend on them.
    """
    s_a1 = "Iangareev noted that from August 2021 until last month, Cambodia was coordinator."
    s_a2 = "Cambodia will be the coordinator until 2024, the ministry said."
    s_a3 = "Floods killed 35 people in the province, officials said."
    articles = (
        Article(
            id="a1", path="seeds/a1.txt", text=s_a1, title="Russian envoy praises Cambodia",
            outlet="The Phnom Penh Post", url="https://example.org/envoy",
            published=dt.date(2024, 8, 9), published_source=PUBLISHED_METADATA,
        ),
        Article(
            id="a2", path="seeds/a2.txt", text=s_a2, title="Minister to <b>attend</b> meetings",
            outlet="Diplomatic Insight", url="javascript:alert(3)",
            published=dt.date(2022, 7, 28), published_source=PUBLISHED_INFERRED,
        ),
        Article(
            id="sub/a3", path="seeds/sub/a3.txt", text=f"{s_a3} {EVIL_QUOTE}", title="Flood | toll *rises*",
            outlet=None, url=None, published=None, published_source=PUBLISHED_UNKNOWN,
        ),
    )
    conflicts = (
        Conflict(
            id="c-scope", rule="place.scope/1", kind="place", verdict="different_scope", severity="low",
            subject="venue", explanation="Venue differs in scope: 'Asia' vs 'Phnom Penh'.",
            claims=(_side("a1", s_a1, "Cambodia", "Cambodia", "2024-08-09"),
                    _side("a2", s_a2, "Cambodia", "Cambodia", "2022-07-28")),
            story="s-envoy",
        ),
        Conflict(
            id="c-changed", rule="quantity.count/1", kind="quantity", verdict="changed", severity="medium",
            subject="flood deaths",
            explanation="Flood deaths differ: '35' (35) vs '40' (40) in a later article.",
            claims=(_side("sub/a3", s_a3, "35", "35", None, source="officials", role="current", modality="asserted"),
                    _side("sub/a3", EVIL_QUOTE, "40", "40", None, source=IMG, role="current", modality="asserted")),
            cluster="k2",
            story="s-flood",
        ),
        Conflict(
            id="c-ack", rule="time.until/1", kind="time", verdict="less_precise", severity="low",
            subject="coordinator term", explanation="'until 2024' is only less precise than 'until last month'.",
            claims=(_side("a2", s_a2, "until 2024", "2024", "2022-07-28"),
                    _side("a1", s_a1, "until last month", "July 2024", "2024-08-09")),
            cluster="k1",
            story="s-envoy",
        ),
        Conflict(
            id="c-contra", rule="time.until/1", kind="time", verdict="contradiction", severity="high",
            subject="coordinator term end",
            explanation="Coordinator term end differs: 'until 2024' (2024) vs 'August 2021' (August 2021).",
            claims=(_side("a2", s_a2, "until 2024", "2024", "2022-07-28"),
                    _side("a1", s_a1, "August 2021", "August 2021", "2024-08-09")),
            cluster="k1",
            story="s-envoy",
        ),
    )
    sentences = {
        ("a1", 0): Sentence("a1", 0, 0, len(s_a1), s_a1),
        ("a2", 0): Sentence("a2", 0, 0, len(s_a2), s_a2),
        ("sub/a3", 0): Sentence("sub/a3", 0, 0, len(s_a3), s_a3),
        ("sub/a3", 1): Sentence("sub/a3", 1, len(s_a3) + 1, len(s_a3) + 1 + len(EVIL_QUOTE), EVIL_QUOTE),
    }
    clusters = (
        Cluster("k2", (("sub/a3", 1), ("sub/a3", 0)), 0.8),
        Cluster("k1", (("a2", 0), ("a1", 0)), 0.9),
    )
    acknowledged = {"c-ack": "Checked with the desk <b>ok</b> | fine", "gone": "old note"}
    skipped = (Skipped("z.bin", "binary file, not text"), Skipped("b|ad.txt", "empty file"))
    stories = (Story("s-flood", ("sub/a3",), "flood | <b>toll</b>"), Story("s-envoy", ("a1", "a2"), "russia, cambodia, asean"))
    if reverse:
        articles, conflicts, clusters, skipped = articles[::-1], conflicts[::-1], clusters[::-1], skipped[::-1]
        stories = stories[::-1]
        acknowledged = dict(reversed(acknowledged.items()))
        sentences = dict(reversed(sentences.items()))
    return Report(
        articles=articles, sentences=4, claims=4, clusters=clusters, conflicts=conflicts, skipped=skipped,
        warnings=("sub/a3: no publication date found",), acknowledged=acknowledged,
        stale_acknowledgements=("gone",), draft=None, sentence_texts=sentences, stories=stories, facts=2,
    )


# --- JSON -------------------------------------------------------------------------------------


def test_report_json_has_documented_keys() -> None:
    data = json.loads(render_json(sample_report()))
    assert list(data) == [
        "schema", "generator", "draft", "summary", "articles", "stories", "not_compared", "findings", "clusters",
        "stale_acknowledgements", "skipped", "warnings",
    ]
    assert data["schema"] == "claimcheck.report/2"
    assert data["generator"] == {"name": "claimcheck", "version": claimcheck.__version__}
    assert list(data["articles"][0]) == [
        "id", "path", "title", "outlet", "url", "published", "published_precision", "published_source", "language",
        "language_source", "body_offset", "story",
    ]
    assert list(data["stories"][0]) == ["id", "label", "articles", "findings"]
    assert list(data["clusters"][0]) == ["id", "min_similarity", "sentences"]
    assert list(data["clusters"][0]["sentences"][0]) == ["article", "sentence_index", "sentence", "start", "end"]
    finding = data["findings"][0]
    assert list(finding) == [
        "id", "verdict", "severity", "rule", "kind", "story", "subject", "attribute", "explanation", "detail",
        "cluster", "acknowledged", "note", "articles", "values", "timeline",
    ]
    assert list(finding["values"][0]) == ["value", "normalised", "articles", "claims"]
    assert list(finding["values"][0]["claims"][0]) == [
        "article", "title", "outlet", "url", "published", "published_source", "sentence", "start", "end", "value",
        "normalised", "value_start", "value_end", "source", "holder", "attribute", "role", "modality", "superseded",
    ]
    assert list(finding["timeline"][0]) == [
        "published", "article", "outlet", "value", "normalised", "source", "role", "modality", "superseded",
    ]


def test_report_json_keys_mean_one_thing_everywhere() -> None:
    """`sentence` is always text (its position is `sentence_index`), `article` always an article id."""
    data = json.loads(render_json(sample_report()))
    ids = {a["id"] for a in data["articles"]}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "sentence" in node:
                assert isinstance(node["sentence"], str), node
            if "article" in node:
                assert node["article"] in ids, node
            if "sentence_index" in node:
                assert isinstance(node["sentence_index"], int), node
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(data)


def test_report_json_summary_counts() -> None:
    summary = json.loads(render_json(sample_report()))["summary"]
    assert summary["articles"] == 3 and summary["compared"] == 3 and summary["stories"] == 2
    assert summary["sentences"] == 4 and summary["claims"] == 4 and summary["clusters"] == 2 and summary["facts"] == 2
    assert summary["findings"] == 4 and summary["open"] == 3 and summary["acknowledged"] == 1
    assert summary["skipped"] == 2 and summary["stale_acknowledgements"] == 1
    assert summary["by_verdict"] == {
        "contradiction": {"open": 1, "acknowledged": 0},
        "changed": {"open": 1, "acknowledged": 0},
        "updated": {"open": 0, "acknowledged": 0},
        "attributed": {"open": 0, "acknowledged": 0},
        "name_variant": {"open": 0, "acknowledged": 0},
        "less_precise": {"open": 0, "acknowledged": 1},
        "different_scope": {"open": 1, "acknowledged": 0},
    }
    assert summary["by_kind"]["time"] == {"open": 1, "acknowledged": 1} and summary["by_kind"]["person"]["open"] == 0
    assert {k: v["open"] + v["acknowledged"] for k, v in summary["by_severity"].items()} == {"high": 1, "medium": 1, "low": 2}


def test_report_json_orders_findings_most_severe_first() -> None:
    data = json.loads(render_json(sample_report()))
    # high > medium > low; inside low, less_precise comes before different_scope in VERDICTS.
    assert [f["id"] for f in data["findings"]] == ["c-contra", "c-changed", "c-ack", "c-scope"]


def test_report_conflict_order_puts_severity_before_verdict() -> None:
    def conflict(cid: str, verdict: str, severity: str) -> Conflict:
        return Conflict(cid, "r/1", "time", verdict, severity, "s", "e", ())

    conflicts = [
        conflict("x", "changed", "low"), conflict("y", "less_precise", "medium"),
        conflict("z", "contradiction", "low"), conflict("a", "contradiction", "low"), conflict("q", "odd", "odd"),
    ]
    assert [c.id for c in sorted(conflicts, key=conflict_order)] == ["y", "a", "z", "x", "q"]


def test_report_json_marks_acknowledged_with_note() -> None:
    data = json.loads(render_json(sample_report()))
    by_id = {f["id"]: f for f in data["findings"]}
    assert by_id["c-ack"]["acknowledged"] is True
    assert by_id["c-ack"]["note"] == "Checked with the desk <b>ok</b> | fine"
    assert by_id["c-contra"]["acknowledged"] is False and by_id["c-contra"]["note"] is None
    assert data["stale_acknowledgements"] == ["gone"]


def test_report_json_stories_list_their_findings() -> None:
    data = json.loads(render_json(sample_report()))
    # Largest story first, whatever order the pipeline handed them over in.
    assert [(s["id"], s["articles"], s["findings"]) for s in data["stories"]] == [
        ("s-envoy", ["a1", "a2"], ["c-contra", "c-ack", "c-scope"]),
        ("s-flood", ["sub/a3"], ["c-changed"]),
    ]
    assert {a["id"]: a["story"] for a in data["articles"]} == {"a1": "s-envoy", "a2": "s-envoy", "sub/a3": "s-flood"}
    assert {f["id"]: f["story"] for f in data["findings"]}["c-changed"] == "s-flood"


def test_report_json_clusters_and_claims_carry_text_and_article_metadata() -> None:
    data = json.loads(render_json(sample_report()))
    assert [c["id"] for c in data["clusters"]] == ["k1", "k2"]
    k2 = data["clusters"][1]["sentences"]
    assert [(c["article"], c["sentence_index"]) for c in k2] == [("sub/a3", 0), ("sub/a3", 1)]
    assert k2[1]["sentence"] == EVIL_QUOTE
    contra = data["findings"][0]
    claim = contra["values"][1]["claims"][0]
    assert (claim["article"], claim["title"], claim["outlet"], claim["published"], claim["published_source"]) == (
        "a1", "Russian envoy praises Cambodia", "The Phnom Penh Post", "2024-08-09", "metadata",
    )
    assert claim["sentence"][claim["value_start"]:claim["value_end"]] == claim["value"] == "August 2021"
    assert (claim["source"], claim["holder"], claim["role"], claim["modality"]) == (None, None, None, None)
    assert [a["published"] for a in data["articles"]] == ["2024-08-09", "2022-07-28", None]
    assert [s["path"] for s in data["skipped"]] == ["b|ad.txt", "z.bin"]


def test_report_json_values_group_claims_in_publication_order() -> None:
    data = json.loads(render_json(sample_report()))
    contra = next(f for f in data["findings"] if f["id"] == "c-contra")
    # The 2022 article states its value first; each value keeps its own claims.
    assert [(v["value"], v["normalised"], v["articles"]) for v in contra["values"]] == [
        ("until 2024", "2024", ["a2"]), ("August 2021", "August 2021", ["a1"]),
    ]
    assert [(t["published"], t["outlet"], t["value"]) for t in contra["timeline"]] == [
        ("2022-07-28", "Diplomatic Insight", "until 2024"), ("2024-08-09", "The Phnom Penh Post", "August 2021"),
    ]
    # One value stated in two articles is one value with two claims.
    scope = next(f for f in data["findings"] if f["id"] == "c-scope")
    assert [(v["value"], v["articles"]) for v in scope["values"]] == [("Cambodia", ["a1", "a2"])]
    changed = next(f for f in data["findings"] if f["id"] == "c-changed")
    assert [t["source"] for t in changed["timeline"]] == ["officials", IMG]
    assert changed["attribute"] is None and changed["detail"].startswith("Flood deaths differ")


def test_report_json_value_key_groups_differently_worded_values() -> None:
    sentence = "The toll rose to 288 on Saturday, or 288 people, officials said."
    first = _side("a1", sentence, "288", "288", "2024-01-02", value_key="v1")
    second = _side("a1", sentence, "288 people", "288 people", "2024-01-02", value_key="v1")
    other = _side("a1", "Some said 300.", "300", "300", "2024-01-03", value_key="v2")
    conflict = Conflict("f-1", "facts.value/1", "quantity", "contradiction", "high", "deaths", "e", (first, second, other))
    report = Report(articles=(Article("a1", "a1.txt", sentence),), sentences=1, claims=1, clusters=(), conflicts=(conflict,))
    values = report_dict(report)["findings"][0]["values"]
    assert [(v["value"], len(v["claims"])) for v in values] == [("288", 2), ("300", 1)]


def test_report_json_name_variant_values_are_spellings() -> None:
    sentence = "Khan Chuon Naron and Han Chuon Naron and KHAN CHUON NARON spoke."
    sides = tuple(
        _side("a1", sentence, name, "Khan Chuon Naron", "2024-01-02")
        for name in ("Khan Chuon Naron", "Han Chuon Naron", "KHAN CHUON NARON")
    )
    conflict = Conflict("n-1", "names.variant/2", "person", "name_variant", "low", "Khan Chuon Naron", "e", sides)
    report = Report(articles=(Article("a1", "a1.txt", sentence),), sentences=1, claims=1, clusters=(), conflicts=(conflict,))
    finding = report_dict(report)["findings"][0]
    # Case is folded, so the capitalised mention is the canonical spelling again.
    assert [(v["value"], len(v["claims"])) for v in finding["values"]] == [("Khan Chuon Naron", 2), ("Han Chuon Naron", 1)]
    assert finding["explanation"] == "Use one spelling of Khan Chuon Naron throughout: it is also written 'Han Chuon Naron'."


def _values(*specs: tuple[str, str | None, str | None, str | None]) -> list[dict[str, object]]:
    """Values for `explanation`: (value as written, publication date, source, role), one claim each."""
    return [
        {
            "value": value,
            "claims": [{"value": value, "published": published, "article": f"a{n}", "start": 0, "value_start": 0,
                        "source": source, "role": role, "outlet": None, "superseded": False}],
        }
        for n, (value, published, source, role) in enumerate(specs)
    ]


def _superseded(values: list[dict], article: str) -> list[dict]:
    for v in values:
        for c in v["claims"]:
            c["superseded"] = c["article"] == article
    return values


@pytest.mark.parametrize(
    ("verdict", "values", "expected"),
    [
        (
            "contradiction",
            _values(("261", "2023-06-03", None, None), ("288", "2023-06-03", None, None), ("294", "2023-06-04", None, None)),
            "The values for deaths ('261', '288' and '294') cannot all be right: find out which is and correct the "
            "articles that give another.",
        ),
        (
            "updated",
            _values(("115", "2023-09-15", None, "previous"), ("97", "2023-09-15", None, "current"), ("115", None, None, "current")),
            "The figure for deaths was reported as '115', '97' and '115'; the latest, on 2023-09-15, is '97': "
            "make sure no article presents an older figure as current.",
        ),
        (
            "updated",
            _superseded(_values(("115", "2023-09-10", None, "current"), ("97", "2023-09-15", None, "current")), "a0"),
            "The figure for deaths was reported as '115' and '97'; the latest, on 2023-09-15, is '97': a0 still gives "
            "an older figure as current.",
        ),
        (
            "changed",
            _values(("expected in Vientiane", "2024-01-01", None, None), ("held in Phnom Penh", "2024-02-01", None, None)),
            "Deaths went from 'expected in Vientiane' to 'held in Phnom Penh' by 2024-02-01: make sure no article "
            "presents the earlier state as current.",
        ),
        (
            "attributed",
            _values(("5.4", "2024-01-01", "USGS", None), ("5.6", "2024-01-01", "EMSC", None), ("5.5", "2024-01-01", None, None)),
            "Sources differ on deaths ('5.4' per USGS, '5.6' per EMSC and '5.5' unattributed): attribute each figure to "
            "its source.",
        ),
        (
            "contradiction",
            _values(*((str(n), "2024-01-01", None, None) for n in range(6))),
            "The values for deaths ('0', '1', '2', '3' and 2 more) cannot all be right: find out which is and correct "
            "the articles that give another.",
        ),
    ],
)
def test_report_explanation_says_what_to_do_in_one_sentence(verdict: str, values: list, expected: str) -> None:
    said = explanation(verdict, "deaths", values)
    assert said == expected
    assert said.count(". ") == 0 and said.endswith(".")


@pytest.mark.parametrize("render", [render_json, render_markdown, render_html])
def test_report_render_is_byte_identical(render: Callable[[Report], str]) -> None:
    first = render(sample_report())
    assert render(sample_report()) == first
    # The order the pipeline happened to hand things over in must not show.
    assert render(sample_report(reverse=True)) == first


# --- Markdown ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a | b", r"a \| b"),
        ("<script>x</script>", r"\<script\>x\</script\>"),
        ("*bold* _it_", r"\*bold\* \_it\_"),
        ("line\none", "line one"),
        ("# not a heading", r"\# not a heading"),
        ("- not a list", r"\- not a list"),
        ("1. not a list", r"1\. not a list"),
        ("$5 and $6", r"\$5 and \$6"),
        ("[x](javascript:y)", r"\[x\](javascript:y)"),
        ("&lt;", r"\&lt;"),
        ("plain U.S. text, 3.5%", "plain U.S. text, 3.5%"),
        ("", ""),
    ],
)
def test_report_md_text_escapes_specials(text: str, expected: str) -> None:
    assert md_text(text) == expected


def _cells(row: str) -> list[str]:
    """Split a Markdown table row on its unescaped pipes."""
    return re.split(r"(?<!\\)\|", row.strip())[1:-1]


def test_report_markdown_escapes_article_text() -> None:
    md = render_markdown(sample_report())
    # No `<` reaches a Markdown renderer unescaped: raw HTML there would be live.
    assert not re.search(r"(?<!\\)<", md)
    assert r"\<script\>alert(1)\</script\>" in md
    assert r"\| \*confirmed\*" in md
    # Every table row keeps its column count despite the `|` in titles, paths and quotes.
    for block in re.findall(r"((?:^\|.*\n)+)", md, flags=re.MULTILINE):
        rows = block.strip("\n").split("\n")
        assert len({len(_cells(r)) for r in rows}) == 1, block
    assert "javascript:" not in md


def test_report_markdown_highlights_value_and_orders_sections() -> None:
    md = render_markdown(sample_report())
    assert "from August 2021 **until last month**, Cambodia" not in md  # c-ack is acknowledged, not open
    assert "from **August 2021** until last month" in md
    assert "toll rose to **40** \\|" in md
    # Open findings by story (largest first), numbered through, most severe first inside a story.
    headings = re.findall(r"^#### (\d+)\. (.*)$", md, flags=re.MULTILINE)
    assert [(n, h.split("`")[1]) for n, h in headings] == [("1", "c-contra"), ("2", "c-scope"), ("3", "c-changed")]
    order = [md.index(h) for h in (
        "## Stories", "## Open findings", "### Story: russia, cambodia, asean (`s-envoy`)", "`c-contra`",
        "### Story: flood \\| \\<b\\>toll\\</b\\> (`s-flood`)", "`c-changed`", "## Acknowledged findings",
        "## Stale acknowledgements", "## Publication dates inferred or unknown", "## Not compared", "## Articles",
        "## Skipped files",
    )]
    assert order == sorted(order)
    ack = md[md.index("## Acknowledged findings"):md.index("## Stale")]
    assert "`c-ack`" in ack and r"Checked with the desk \<b\>ok\</b\> \| fine" in ack
    assert "- `gone`" in md
    assert "2022-07-28 (inferred)" in md
    assert "[Russian envoy praises Cambodia](https://example.org/envoy)" in md


def test_report_markdown_summary_counts_verdicts_open_and_acknowledged() -> None:
    md = render_markdown(sample_report())
    assert "**3 articles in 2 stories · 3 open findings** (1 acknowledged · 0 not compared · 2 files skipped)" in md
    assert "| contradiction | 1 | 0 | incompatible values" in md
    assert "| less precise | 0 | 1 |" in md
    assert "| `s-envoy` | russia, cambodia, asean | 2 | 2 |" in md


def test_report_markdown_finding_has_timeline_and_quotes_per_value() -> None:
    md = render_markdown(sample_report())
    contra = md[md.index("`c-contra`"):md.index("`c-scope`")]
    assert "**What to do:** The values for coordinator term end ('until 2024' and 'August 2021') cannot all be right" in contra
    rows = re.findall(r"^\|.*\|$", contra, flags=re.MULTILINE)
    assert rows == [
        "| Published | Outlet | Value | Source |",
        "|---|---|---|---|",
        "| 2022-07-28 (inferred) | Diplomatic Insight | until 2024 | — |",
        "| 2024-08-09 | The Phnom Penh Post | August 2021 | — |",
    ]
    assert contra.index("**until 2024** → 2024 · in 1 article") < contra.index("> Cambodia will be the coordinator **until 2024**")
    assert "> — [Russian envoy praises Cambodia](https://example.org/envoy) · The Phnom Penh Post · 2024-08-09 · `a1`" in contra
    # A source is article text like any other: escaped in its cell.
    assert '| undated | sub/a3 | 40 | \\<img src=x onerror="alert(2)"\\> |' in md


@pytest.mark.parametrize(
    ("sentence", "start", "end", "expected"),
    [
        ("toll rose to 40 people", 12, 16, r"toll rose to **40** people"),  # offsets cover a space
        ("a *b* 40", 6, 8, r"a \*b\* **40**"),
        ("40 dead", 0, 2, "**40** dead"),
        ("no value here", 3, 3, "no value here"),
    ],
)
def test_report_markdown_bold_hugs_the_value(sentence: str, start: int, end: int, expected: str) -> None:
    from claimcheck.report.markdown import _highlighted

    side = {"sentence": sentence, "value_start": start, "value_end": end, "value": sentence[start:end]}
    assert _highlighted(side) == expected


# --- HTML -------------------------------------------------------------------------------------


def test_report_html_escapes_article_text() -> None:
    html = render_html(sample_report())
    assert SCRIPT not in html and "<img" not in html and "<b>ok" not in html and "<b>attend" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&#34;alert(2)&#34;&gt;" in html
    assert "javascript:" not in html
    assert "toll rose to <mark>40</mark> | *confirmed*" in html
    assert html.count("<script>") == 1


def test_report_html_is_self_contained() -> None:
    html = render_html(sample_report())
    assert not re.search(r"<(?:script|img|iframe)[^>]*\ssrc=", html)
    assert not re.search(r"<link[^>]*stylesheet", html)
    assert "@import" not in html and "url(" not in html
    # Our one script is pinned by hash in the CSP, so an injected one could not run.
    script = re.search(r"<script>(.*?)</script>", html, flags=re.DOTALL).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in html


def test_report_html_has_cards_filters_and_permalinks() -> None:
    html = render_html(sample_report())
    for conflict_id in ("c-contra", "c-changed", "c-scope", "c-ack"):
        assert f'id="{conflict_id}"' in html and f'href="#{conflict_id}"' in html
    assert 'data-verdict="contradiction"' in html and 'data-severity="high"' in html
    assert "data-articles='[\"a1\", \"a2\"]'" in html
    for name in ("story", "verdict", "kind", "severity", "article"):
        assert f'data-filter="{name}"' in html
    assert '<span id="visible-count">3</span> of 3 shown' in html
    assert html.index('id="c-contra"') < html.index('id="c-changed"') < html.index('id="c-scope"')
    assert 'data-story="s-flood"' in html and '<option value="s-envoy">russia, cambodia, asean</option>' in html
    # Story labels are article-derived text: escaped in the filter and on the card.
    assert '<option value="s-flood">flood | &lt;b&gt;toll&lt;/b&gt;</option>' in html
    assert 'data-set-filter="story" data-value="s-envoy"' in html
    assert 'data-set-filter="verdict" data-value="contradiction"' in html


def test_report_html_card_has_timeline_and_values() -> None:
    html = render_html(sample_report())
    card = html[html.index('id="c-contra"'):html.index('id="c-changed"')]
    rows = re.findall(r"<tr>(.*?)</tr>", card, flags=re.DOTALL)
    cells = [re.sub(r"<[^>]+>", "", r).split() for r in rows[1:]]
    assert cells == [["2022-07-28", "inferred", "Diplomatic", "Insight", "until", "2024", "—"],
                     ["2024-08-09", "The", "Phnom", "Penh", "Post", "August", "2021", "—"]]
    assert card.count('class="value-group"') == 2
    assert card.index("until 2024</span>") < card.index("<mark>until 2024</mark>") < card.index("<mark>August 2021</mark>")
    assert "The values for coordinator term end (&#39;until 2024&#39; and &#39;August 2021&#39;)" in card
    assert html.count('class="tag tag-info">earlier figure') == 0


def test_report_renders_an_empty_report() -> None:
    empty = Report(articles=(), sentences=0, claims=0, clusters=(), conflicts=())
    assert json.loads(render_json(empty))["summary"]["findings"] == 0
    assert "No open findings." in render_markdown(empty)
    assert "No open findings" in render_html(empty)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("http://example.org", "http://example.org"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//example.org", None),
        ("https://exa mple.org", None),
        ("", None),
        (None, None),
    ],
)
def test_report_safe_url_allows_only_http(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected


@pytest.mark.parametrize(
    ("start", "end", "value", "expected"),
    [
        (4, 6, "40", ("toll", "40", " rose")),
        (99, 120, "40", ("toll", "40", " rose")),  # bad offsets: fall back to the value
        (3, 3, "xx", ("toll40 rose", "", "")),  # nothing to highlight
    ],
)
def test_report_split_highlight(start: int, end: int, value: str, expected: tuple[str, str, str]) -> None:
    assert split_highlight("toll40 rose", start, end, value) == expected


# --- Writing ----------------------------------------------------------------------------------


def _old_reports(out: Path) -> dict[str, str]:
    out.mkdir(parents=True, exist_ok=True)
    old = {name: f"old {name}\n" for name in ("report.json", "report.md", "report.html")}
    for name, text in old.items():
        (out / name).write_text(text, encoding="utf-8")
    return old


def _assert_untouched(out: Path, old: dict[str, str]) -> None:
    assert sorted(p.name for p in out.iterdir()) == sorted(old), "temp files left behind"
    for name, text in old.items():
        assert (out / name).read_text(encoding="utf-8") == text


def test_report_write_reports_writes_three_files(tmp_path: Path) -> None:
    out = tmp_path / "new" / "reports"
    paths = write_reports(sample_report(), out)
    assert [p.name for p in paths] == ["report.json", "report.md", "report.html"]
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "report.json", "report.md"]
    assert (out / "report.json").read_bytes() == render_json(sample_report()).encode("utf-8")
    assert (out / "report.html").read_bytes() == render_html(sample_report()).encode("utf-8")


def test_report_write_keeps_old_reports_when_replace_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = _old_reports(tmp_path)

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(report_pkg.os, "replace", refuse)
    with pytest.raises(ClaimcheckError) as err:
        write_reports(sample_report(), tmp_path)
    assert err.value.exit_code == EXIT_OUTPUT
    assert str(tmp_path) in err.value.message and "Permission denied" in err.value.message
    _assert_untouched(tmp_path, old)


def test_report_write_keeps_old_reports_when_a_temp_write_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = _old_reports(tmp_path)
    real = report_pkg._write_temp
    calls: list[Path] = []

    def flaky(target: Path, text: str) -> Path:
        calls.append(target)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(target, text)

    monkeypatch.setattr(report_pkg, "_write_temp", flaky)
    with pytest.raises(ClaimcheckError, match="No space left on device"):
        write_reports(sample_report(), tmp_path)
    _assert_untouched(tmp_path, old)


def test_report_write_keeps_old_reports_when_a_renderer_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = _old_reports(tmp_path)

    def broken(report: Report, data: object = None) -> str:
        raise RuntimeError("renderer bug")

    files = tuple((name, broken if name == "report.html" else render) for name, render in report_pkg.REPORT_FILES)
    monkeypatch.setattr(report_pkg, "REPORT_FILES", files)
    with pytest.raises(RuntimeError, match="renderer bug"):
        write_reports(sample_report(), tmp_path)
    _assert_untouched(tmp_path, old)


@pytest.mark.parametrize(
    "value",
    [
        {}, [], {"a": []}, [{}], "é\"\n\t\u2028", 0, -7, 1.5, -0.0, 1e300, 12345678901234567890, None, True, False,
        {"x": 1.25, "y": None, "z": [1, [2, {}], {"k": "v"}]}, [1, (2, 3)],
    ],
)
def test_report_dumps_indented_is_json_dumps(value: object) -> None:
    from claimcheck.report.json_report import dumps_indented

    assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)


@pytest.mark.parametrize("value", [{1: "a"}, [float("nan")], {"a": float("inf")}, {"s": {1, 2}}])
def test_report_dumps_indented_leaves_the_rest_to_json_dumps(value: object) -> None:
    from claimcheck.report.json_report import dumps_indented

    try:
        expected = json.dumps(value, indent=2, ensure_ascii=False)
    except TypeError:
        with pytest.raises(TypeError):
            dumps_indented(value)
        return
    assert dumps_indented(value) == expected


def test_report_render_json_of_a_report_is_json_dumps() -> None:
    report = sample_report()
    assert render_json(report) == json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"


def test_report_renderers_given_the_ordered_view_render_the_same(tmp_path: Path) -> None:
    report = sample_report()
    data = report_dict(report)
    assert render_json(report, data) == render_json(report)
    assert render_markdown(report, data) == render_markdown(report)
    assert render_html(report, data) == render_html(report)
