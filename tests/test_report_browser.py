"""The HTML report in a real browser: findings render, filters (and the buttons that set them) work, article text stays inert, layout stacks."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest
from playwright.sync_api import expect, sync_playwright

from claimcheck.report import write_reports
from claimcheck.report.screenshot import CHROMIUM, launch_chromium, screenshot
from test_report import SCRIPT, sample_report

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_playwright() as p:
        chromium = launch_chromium(p)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def report_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    write_reports(sample_report(), out)
    return out / "report.html"


class Opened:
    """A page on the report, with everything it tried to do recorded."""

    def __init__(self, browser: Any, html: Path, width: int) -> None:
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(html.as_uri())
        self.page.wait_for_load_state("load")

    def visible_ids(self) -> list[str]:
        return self.page.eval_on_selector_all(".finding", "cs => cs.filter(c => !c.hidden).map(c => c.id)")

    def count(self) -> str:
        return self.page.inner_text("#visible-count")

    def choose(self, name: str, value: str) -> None:
        self.page.select_option(f'select[data-filter="{name}"]', value)


@pytest.fixture(scope="module")
def page_on_report(browser: Any, report_html: Path) -> Iterator[Opened]:
    # One page for the module: opening a page costs far more than resetting one.
    page = Opened(browser, report_html, 1280)
    yield page
    page.page.close()


@pytest.fixture()
def opened(page_on_report: Opened) -> Opened:
    """The shared page, put back as it loaded: screen media, laptop width, no hash, no filter."""
    page = page_on_report.page
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.evaluate("history.replaceState(null, '', location.pathname)")
    page.click("button.reset")
    # expect() polls without eval: the page's CSP rightly forbids wait_for_function's string eval.
    expect(page.locator("#visible-count")).to_have_text("3")
    return page_on_report


def test_report_browser_renders_findings(opened: Opened) -> None:
    assert opened.count() == "3"
    assert opened.visible_ids() == ["c-contra", "c-changed", "c-scope", "c-ack"]
    assert opened.page.locator("#c-contra mark").first.inner_text() == "until 2024"
    assert opened.page.locator("#c-contra .badge").inner_text() == "contradiction"
    assert opened.errors == []


@pytest.mark.parametrize(
    ("name", "value", "count", "ids"),
    [
        ("verdict", "contradiction", "1", ["c-contra"]),
        ("severity", "low", "1", ["c-scope", "c-ack"]),
        ("kind", "time", "1", ["c-contra", "c-ack"]),
        ("article", "sub/a3", "1", ["c-changed"]),
        ("story", "s-envoy", "2", ["c-contra", "c-scope", "c-ack"]),
        ("story", "s-flood", "1", ["c-changed"]),
        ("verdict", "name_variant", None, None),  # not offered: no conflict has it
    ],
)
def test_report_browser_filters_change_visible_count(
    opened: Opened, name: str, value: str, count: str | None, ids: list[str] | None
) -> None:
    options = opened.page.eval_on_selector_all(f'select[data-filter="{name}"] option', "os => os.map(o => o.value)")
    if count is None:
        assert value not in options
        return
    opened.choose(name, value)
    assert opened.count() == count
    assert opened.visible_ids() == ids


def test_report_browser_story_and_verdict_filters_combine(opened: Opened) -> None:
    opened.choose("story", "s-envoy")
    opened.choose("verdict", "different_scope")
    assert opened.count() == "1"
    assert opened.visible_ids() == ["c-scope"]


def test_report_browser_story_button_sets_the_story_filter(opened: Opened) -> None:
    opened.choose("verdict", "contradiction")
    opened.page.click('button[data-set-filter="story"][data-value="s-flood"]')
    assert opened.page.input_value('select[data-filter="story"]') == "s-flood"
    # Only that filter is set: the verdict chosen before still holds.
    assert opened.count() == "0"
    opened.choose("verdict", "")
    assert opened.visible_ids() == ["c-changed"]
    # The findings are brought into view.
    assert opened.page.evaluate("document.getElementById('findings-title').getBoundingClientRect().top") < 120


def test_report_browser_verdict_count_sets_the_verdict_filter(opened: Opened) -> None:
    opened.page.click('button[data-set-filter="verdict"][data-value="changed"]')
    assert opened.page.input_value('select[data-filter="verdict"]') == "changed"
    assert opened.count() == "1"
    assert opened.visible_ids() == ["c-changed"]
    # A verdict no finding has offers nothing to click.
    assert opened.page.is_disabled('button[data-set-filter="verdict"][data-value="name_variant"]')


def test_report_browser_timeline_lists_every_statement(opened: Opened) -> None:
    rows = opened.page.eval_on_selector_all(
        "#c-contra table.timeline tbody tr", "rs => rs.map(r => Array.from(r.cells).map(c => c.innerText.trim()))"
    )
    assert rows == [
        ["2022-07-28 INFERRED", "Diplomatic Insight", "until 2024", "—"],
        ["2024-08-09", "The Phnom Penh Post", "August 2021", "—"],
    ]


def test_report_browser_shows_no_match_message(opened: Opened) -> None:
    assert not opened.page.is_visible("#no-match")
    opened.choose("verdict", "contradiction")
    opened.choose("article", "sub/a3")
    assert opened.count() == "0"
    assert opened.page.is_visible("#no-match")


def test_report_browser_article_markup_is_inert(opened: Opened) -> None:
    opened.page.wait_for_timeout(200)
    assert opened.dialogs == []
    assert opened.page.locator("#c-changed .quote", has_text=SCRIPT).count() == 1
    assert opened.page.locator("#c-changed .quote img").count() == 0
    assert opened.page.locator("script").count() == 1
    # Self-contained: nothing but the file itself was fetched.
    assert opened.requests and all(u.startswith(("file:", "data:")) for u in opened.requests), opened.requests


def test_report_browser_permalink_reveals_a_filtered_finding(opened: Opened) -> None:
    opened.choose("verdict", "changed")
    assert "c-contra" not in opened.visible_ids()
    opened.page.evaluate("location.hash = '#c-contra'")
    expect(opened.page.locator("#c-contra")).to_be_visible()
    assert opened.count() == "3"


def test_report_browser_print_shows_every_finding_and_no_filters(opened: Opened) -> None:
    opened.choose("verdict", "changed")
    opened.page.emulate_media(media="print")
    assert not opened.page.is_visible("form.filters")
    assert all(opened.page.is_visible(f"#{i}") for i in ("c-contra", "c-changed", "c-scope", "c-ack"))


def _sides(page: Any) -> list[dict[str, float]]:
    return page.eval_on_selector_all("#c-contra .value-group", "ss => ss.map(s => s.getBoundingClientRect().toJSON())")


@pytest.mark.parametrize(("width", "stacked"), [(1280, False), (390, True)])
def test_report_browser_evidence_layout(opened: Opened, width: int, stacked: bool) -> None:
    opened.page.set_viewport_size({"width": width, "height": 900})
    a, b = _sides(opened.page)
    if stacked:
        assert a["x"] == b["x"] and b["y"] >= a["y"] + a["height"]
    else:
        assert a["y"] == b["y"] and b["x"] >= a["x"] + a["width"]
    # Nothing sticks out sideways, at phone width too.
    assert opened.page.evaluate("document.documentElement.scrollWidth") <= width


def test_report_browser_screenshot_helper(browser: Any, report_html: Path, tmp_path: Path) -> None:
    png = screenshot(report_html, tmp_path / "shot.png", width=800, height=600, full_page=False, browser=browser)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
