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
from claimcheck.report.json_report import conflict_order, safe_url, split_highlight
from claimcheck.report.markdown import md_text

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'
EVIL_QUOTE = f"Officials said {SCRIPT} the toll rose to 40 | *confirmed* by {IMG} & aides."


def _side(article: str, sentence: str, value: str, normalized: str, published: str | None) -> ConflictSide:
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
    )


def sample_report(*, reverse: bool = False) -> Report:
    """A hand-built report: three articles, four conflicts of different verdicts, one acknowledged.

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
        ),
        Conflict(
            id="c-changed", rule="quantity.count/1", kind="quantity", verdict="changed", severity="medium",
            subject="flood deaths",
            explanation="Flood deaths differ: '35' (35) vs '40' (40) in a later article.",
            claims=(_side("sub/a3", s_a3, "35", "35", None), _side("sub/a3", EVIL_QUOTE, "40", "40", None)),
            cluster="k2",
        ),
        Conflict(
            id="c-ack", rule="time.until/1", kind="time", verdict="less_precise", severity="low",
            subject="coordinator term", explanation="'until 2024' is only less precise than 'until last month'.",
            claims=(_side("a2", s_a2, "until 2024", "2024", "2022-07-28"),
                    _side("a1", s_a1, "until last month", "July 2024", "2024-08-09")),
            cluster="k1",
        ),
        Conflict(
            id="c-contra", rule="time.until/1", kind="time", verdict="contradiction", severity="high",
            subject="coordinator term end",
            explanation="Coordinator term end differs: 'until 2024' (2024) vs 'August 2021' (August 2021).",
            claims=(_side("a2", s_a2, "until 2024", "2024", "2022-07-28"),
                    _side("a1", s_a1, "August 2021", "August 2021", "2024-08-09")),
            cluster="k1",
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
    if reverse:
        articles, conflicts, clusters, skipped = articles[::-1], conflicts[::-1], clusters[::-1], skipped[::-1]
        acknowledged = dict(reversed(acknowledged.items()))
        sentences = dict(reversed(sentences.items()))
    return Report(
        articles=articles, sentences=4, claims=4, clusters=clusters, conflicts=conflicts, skipped=skipped,
        warnings=("sub/a3: no publication date found",), acknowledged=acknowledged,
        stale_acknowledgements=("gone",), draft=None, sentence_texts=sentences,
    )


# --- JSON -------------------------------------------------------------------------------------


def test_report_json_has_documented_keys() -> None:
    data = json.loads(render_json(sample_report()))
    assert list(data) == [
        "schema", "summary", "articles", "stories", "not_compared", "clusters", "conflicts", "acknowledged_stale",
        "skipped", "warnings", "draft",
    ]
    assert data["schema"] == "claimcheck.report/1"
    assert set(data["articles"][0]) == {
        "id", "path", "title", "outlet", "url", "published", "published_source", "language",
    }
    assert set(data["clusters"][0]["claims"][0]) == {"article", "sentence", "text", "start", "end"}
    conflict = data["conflicts"][0]
    assert set(conflict) == {
        "id", "rule", "kind", "verdict", "severity", "subject", "explanation", "cluster", "story", "acknowledged",
        "note", "claims",
    }
    assert set(conflict["claims"][0]) == {
        "article", "sentence", "start", "end", "value", "normalized", "published", "value_start", "value_end",
        "title", "outlet", "url", "source", "holder", "attribute", "role", "modality",
    }


def test_report_json_summary_counts() -> None:
    summary = json.loads(render_json(sample_report()))["summary"]
    assert summary["articles"] == 3
    assert summary["sentences"] == 4 and summary["claims"] == 4 and summary["clusters"] == 2
    assert summary["conflicts"] == 4 and summary["open"] == 3 and summary["acknowledged"] == 1
    assert summary["skipped"] == 2
    assert summary["by_verdict"] == {
        "attributed": 0, "changed": 1, "contradiction": 1, "different_scope": 1, "less_precise": 1,
        "name_variant": 0, "updated": 0,
    }
    assert summary["by_kind"]["time"] == 2 and summary["by_kind"]["person"] == 0
    assert summary["by_severity"] == {"high": 1, "low": 2, "medium": 1}


def test_report_json_orders_conflicts_most_severe_first() -> None:
    data = json.loads(render_json(sample_report()))
    # high > medium > low; inside low, less_precise comes before different_scope in VERDICTS.
    assert [c["id"] for c in data["conflicts"]] == ["c-contra", "c-changed", "c-ack", "c-scope"]


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
    by_id = {c["id"]: c for c in data["conflicts"]}
    assert by_id["c-ack"]["acknowledged"] is True
    assert by_id["c-ack"]["note"] == "Checked with the desk <b>ok</b> | fine"
    assert by_id["c-contra"]["acknowledged"] is False and by_id["c-contra"]["note"] is None
    assert data["acknowledged_stale"] == ["gone"]


def test_report_json_clusters_and_sides_carry_text_and_article_metadata() -> None:
    data = json.loads(render_json(sample_report()))
    assert [c["id"] for c in data["clusters"]] == ["k1", "k2"]
    k2 = data["clusters"][1]["claims"]
    assert [(c["article"], c["sentence"]) for c in k2] == [("sub/a3", 0), ("sub/a3", 1)]
    assert k2[1]["text"] == EVIL_QUOTE
    side = data["conflicts"][0]["claims"][1]
    assert (side["title"], side["outlet"], side["published"]) == (
        "Russian envoy praises Cambodia", "The Phnom Penh Post", "2024-08-09",
    )
    assert side["sentence"][side["value_start"]:side["value_end"]] == side["value"]
    assert [a["published"] for a in data["articles"]] == ["2024-08-09", "2022-07-28", None]
    assert [s["path"] for s in data["skipped"]] == ["b|ad.txt", "z.bin"]


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
    headings = re.findall(r"^### \d+\. (.*)$", md, flags=re.MULTILINE)
    assert [h.split("`")[1] for h in headings] == ["c-contra", "c-changed", "c-scope"]
    order = [md.index(h) for h in (
        "## Open conflicts", "## Acknowledged conflicts", "## Stale acknowledgements",
        "## Publication dates inferred or unknown", "## Articles", "## Skipped files",
    )]
    assert order == sorted(order)
    ack = md[md.index("## Acknowledged conflicts"):md.index("## Stale")]
    assert "`c-ack`" in ack and r"Checked with the desk \<b\>ok\</b\> \| fine" in ack
    assert "- `gone`" in md
    assert "2022-07-28 (inferred)" in md
    assert "[Russian envoy praises Cambodia](https://example.org/envoy)" in md


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
    for name in ("verdict", "kind", "severity", "article"):
        assert f'data-filter="{name}"' in html
    assert '<span id="visible-count">3</span> of 3 shown' in html
    assert html.index('id="c-contra"') < html.index('id="c-changed"') < html.index('id="c-scope"')


def test_report_renders_an_empty_report() -> None:
    empty = Report(articles=(), sentences=0, claims=0, clusters=(), conflicts=())
    assert json.loads(render_json(empty))["summary"]["conflicts"] == 0
    assert "No open conflicts." in render_markdown(empty)
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

    def broken(report: Report) -> str:
        raise RuntimeError("renderer bug")

    files = tuple((name, broken if name == "report.html" else render) for name, render in report_pkg.REPORT_FILES)
    monkeypatch.setattr(report_pkg, "REPORT_FILES", files)
    with pytest.raises(RuntimeError, match="renderer bug"):
        write_reports(sample_report(), tmp_path)
    _assert_untouched(tmp_path, old)
