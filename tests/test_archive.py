"""The in-memory archive: a draft checked against it finds what `run(archive, draft=...)` finds.

`Archive.check` compares a draft through indexes of the archive built once
instead of re-running the whole pipeline; these tests hold it to the same
findings, clusters and stories as the pipeline's own draft check, on every
golden case (each article in turn as the draft), the seed archive and one draft
per news-dev story. A draft must never reach the archive folder or the disk cache.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from claimcheck.archive import Archive, signature
from claimcheck.embed import Embedder, text_key
from claimcheck.load import read_article
from claimcheck.pipeline import Settings, run
from conftest import ARTICLES, ROOT

pytestmark = pytest.mark.model

GOLDEN = sorted((ROOT / "tests" / "golden").glob("*/articles"))
DEVSET = ROOT.parent / "shared" / "devsets" / "news-dev"
SEED_DRAFT = (
    "---\ntitle: Draft\npublished: 2024-09-02\n---\n"
    "Russian Foreign Minister Sergey Lavrov thanked Cambodia for its work as the ASEAN country coordinator "
    "for the ASEAN-Russia dialogue relations.\n"
    "Cambodia served as the ASEAN country coordinator for the dialogue with Russia until 2025.\n"
    "The 55th ASEAN Foreign Ministers' Meeting was hosted by Laos in Vientiane.\n"
    "Lavrov met Cambodian Deputy Prime Minister Prak Sokhonn in Phnom Penh.\n"
    "The weather in Phnom Penh was hot.\n"
)


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("archive-cache")


def _both(model, cache: Path, archive: list[Path], draft: Path) -> tuple:
    """The pipeline's draft report, then the archive's, on the same caches."""
    settings = Settings(cache_dir=cache)
    embedder = Embedder(cache, model_loader=lambda: model)
    try:
        expected = run(archive, draft=draft, settings=settings, embedder=embedder)
    finally:
        embedder.close()
    held = Archive.open(archive, settings, model=lambda: model)
    article, reason, _ = read_article(draft, draft.stem, settings.assume_published)
    assert article is not None, reason
    return expected, held.check(article)


def _assert_same(expected, got) -> None:
    assert [c.id for c in got.conflicts] == [c.id for c in expected.conflicts]
    assert got.conflicts == expected.conflicts
    assert got.clusters == expected.clusters
    assert got.stories == expected.stories
    assert got.facts == expected.facts and got.sentences == expected.sentences


CASES = [(folder, name.name) for folder in GOLDEN for name in sorted(folder.glob("*.txt"))]


@pytest.mark.parametrize("folder,name", CASES, ids=[f"{f.parent.name}-{n}" for f, n in CASES])
def test_archive_draft_check_matches_the_pipeline_on_golden_cases(model, cache: Path, tmp_path: Path, folder: Path, name: str) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    for path in folder.glob("*.txt"):
        if path.name != name:
            shutil.copy(path, archive / path.name)
    expected, got = _both(model, cache, [archive], folder / name)
    _assert_same(expected, got)


def test_archive_draft_check_matches_the_pipeline_on_the_seed_archive(model, cache: Path, tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(SEED_DRAFT, encoding="utf-8")
    expected, got = _both(model, cache, [ARTICLES], draft)
    assert expected.conflicts
    _assert_same(expected, got)


@pytest.mark.skipif(not DEVSET.is_dir(), reason="../shared/devsets/news-dev is not beside the project")
@pytest.mark.parametrize("story", sorted(p.name for p in DEVSET.glob("*") if p.is_dir()) if DEVSET.is_dir() else [])
def test_archive_draft_check_matches_the_pipeline_on_news_dev(model, cache: Path, story: str) -> None:
    files = sorted(DEVSET.glob("*/*.md"))
    draft = sorted((DEVSET / story).glob("*.md"))[1]
    expected, got = _both(model, cache, [f for f in files if f != draft], draft)
    _assert_same(expected, got)


@pytest.fixture(scope="module")
def seed_archive(model, cache: Path, tmp_path_factory) -> Archive:
    folder = tmp_path_factory.mktemp("seed") / "articles"
    shutil.copytree(ARTICLES, folder)
    return Archive.open(folder, Settings(cache_dir=cache), model=lambda: model)


def test_archive_draft_is_never_written(seed_archive: Archive, cache: Path) -> None:
    before = signature(seed_archive.roots)
    sentence = "Cambodia handed the coordinator role to Laos on 3 March 2031, officials said."
    report = seed_archive.check_text(f"{sentence}\n", {"published": "2031-03-04"})
    assert report.draft == "draft"
    assert signature(seed_archive.roots) == before
    for db in cache.glob("embeddings-*.sqlite"):
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT count(*) FROM vectors WHERE key = ?", (text_key(sentence),)).fetchone()[0] == 0
    assert not seed_archive.changed()


def test_archive_draft_id_defaults_to_draft_and_refuses_an_archive_id(seed_archive: Archive) -> None:
    from claimcheck.errors import ClaimcheckError

    taken = next(iter(seed_archive.corpus.articles))
    with pytest.raises(ClaimcheckError, match=f"id: '{taken}' is an archive article's id"):
        seed_archive.check_text("Some text about 3 people.", {"id": taken})
    assert seed_archive.check_text("Some text about 3 people.", {"id": "mine"}).draft == "mine"


def test_archive_trimmed_report_lists_only_what_concerns_the_draft(seed_archive: Archive) -> None:
    full = seed_archive.check_text(SEED_DRAFT)
    trimmed = seed_archive.check_text(SEED_DRAFT, trim=True)
    assert trimmed.conflicts == full.conflicts
    quoted = {side.article for c in full.conflicts for side in c.claims}
    assert {a.id for a in trimmed.articles} == quoted | {"draft"}
    assert len(full.articles) == len(seed_archive.corpus.loaded.articles) + 1
    assert [s.id for s in trimmed.stories] == [s.id for s in full.stories if "draft" in s.articles]


def test_archive_same_draft_again_is_served_from_memory(seed_archive: Archive) -> None:
    seed_archive.check_text(SEED_DRAFT)
    analyses = len(seed_archive.drafts.analyses)
    again = seed_archive.check_text(SEED_DRAFT)
    assert len(seed_archive.drafts.analyses) == analyses
    assert again.conflicts == seed_archive.check_text(SEED_DRAFT).conflicts


def test_archive_edited_draft_from_kept_rows_matches_the_pipeline(model, cache: Path, tmp_path: Path) -> None:
    # The first check keeps its sentences' rows of similarities; the edit reuses all but one.
    settings = Settings(cache_dir=cache)
    held = Archive.open([ARTICLES], settings, model=lambda: model)
    held.check_text(SEED_DRAFT.replace("was hot", "was hot and humid"))
    assert len(held._rows) > 0
    draft = tmp_path / "draft.txt"
    draft.write_text(SEED_DRAFT, encoding="utf-8")
    embedder = Embedder(cache, model_loader=lambda: model)
    try:
        expected = run([ARTICLES], draft=draft, settings=settings, embedder=embedder)
    finally:
        embedder.close()
    article, reason, _ = read_article(draft, draft.stem, settings.assume_published)
    assert article is not None, reason
    _assert_same(expected, held.check(article))


def test_archive_drafts_checked_side_by_side_match_one_at_a_time(model, cache: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    drafts = [SEED_DRAFT.replace("until 2025", f"until {year}").replace("55th", f"{50 + k}th") for k, year in enumerate(range(2020, 2028))]
    alone = Archive.open([ARTICLES], Settings(cache_dir=cache), model=lambda: model)
    expected = [alone.check_text(text, trim=True) for text in drafts]
    together = Archive.open([ARTICLES], Settings(cache_dir=cache), model=lambda: model)
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda text: together.check_text(text, trim=True), drafts))
    assert any(r.conflicts for r in expected)
    for want, have in zip(expected, got):
        _assert_same(want, have)


def test_archive_refreshed_sees_added_changed_and_removed_files(seed_archive: Archive, model, cache: Path, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(seed_archive.roots[0], folder)
    held = Archive.open(folder, Settings(cache_dir=cache), model=lambda: model)
    assert held.refreshed() is held
    added = folder / "zz_new.txt"
    added.write_text("---\ntitle: New\npublished: 2024-09-03\n---\nLaos took over as coordinator in 2024.\n", encoding="utf-8")
    grown = held.refreshed()
    assert grown is not held and "zz_new" in grown.corpus.articles
    added.write_text("---\ntitle: New\npublished: 2024-09-03\n---\nLaos took over as coordinator in 2025.\n", encoding="utf-8")
    edited = grown.refreshed()
    assert "2025" in edited.corpus.articles["zz_new"].text
    added.unlink()
    shrunk = edited.refreshed()
    assert "zz_new" not in shrunk.corpus.articles
    assert len(shrunk.corpus.loaded.articles) == len(held.corpus.loaded.articles)


def test_archive_report_is_the_pipelines(seed_archive: Archive, model, cache: Path) -> None:
    from claimcheck.report import render_json

    embedder = Embedder(cache, model_loader=lambda: model)
    try:
        expected = run(list(seed_archive.roots), settings=Settings(cache_dir=cache), embedder=embedder)
    finally:
        embedder.close()
    assert render_json(seed_archive.report()) == render_json(expected)


def test_archive_frames_have_a_row_per_side_and_per_fact(seed_archive: Archive, tmp_path: Path) -> None:
    report = seed_archive.report()
    frame = report.to_frame()
    assert len(frame) == sum(len(c.claims) for c in report.findings)
    assert list(frame.columns[:4]) == ["finding", "verdict", "severity", "kind"]
    assert set(frame["finding"]) == {c.id for c in report.findings}
    facts = report.facts_frame()
    assert len(facts) == report.facts
    assert {"article", "outlet", "published", "value", "normalized", "quote", "findings"} <= set(facts.columns)
    path = report.to_csv(tmp_path / "out" / "findings.csv")
    import pandas as pd

    back = pd.read_csv(path)
    assert list(back["finding"]) == list(frame["finding"])
    assert list(back["value"].astype(str)) == list(frame["value"].astype(str))


def test_archive_kept_docs_give_the_analysis_a_fresh_parse_gives(model) -> None:
    from claimcheck import analyze
    from claimcheck.load import article_from_text
    from claimcheck.pipeline import article_analyses

    article, _, _ = article_from_text(SEED_DRAFT, "draft")
    fresh = article_analyses([article])[0]
    analyze.keep_docs(50)
    try:
        first = article_analyses([article])[0]
        kept = list(analyze._DOCS.values())
        again = article_analyses([article])[0]
        assert list(analyze._DOCS.values()) == kept  # the same Doc objects, not parsed again
    finally:
        analyze.keep_docs(0)
    assert first == fresh and again == fresh
    assert analyze._DOCS is None


@pytest.mark.parametrize("folder,name", CASES[::3], ids=[f"{f.parent.name}-{n}" for f, n in CASES[::3]])
def test_archive_draft_analysis_is_the_pipelines(seed_archive: Archive, folder: Path, name: str) -> None:
    from claimcheck.pipeline import article_analyses

    article, _, _ = read_article(folder / name, "draft")
    assert seed_archive._draft_analysis(article) == article_analyses([article])[0]
    assert seed_archive._draft_analysis(article) == article_analyses([article])[0]  # from the remembered slots


def test_archive_kept_docs_stream_a_run_longer_than_they_keep(model) -> None:
    from claimcheck import analyze

    texts = [f"Sentence {n % 7} of a long run, said Lavrov." for n in range(40)]
    expected = [[t.text for t in doc] for doc in analyze.parse(texts)]
    analyze.keep_docs(3)
    try:
        got = [[t.text for t in doc] for doc in analyze.parse(texts, batch_size=5)]
        assert len(analyze._DOCS) == 3
    finally:
        analyze.keep_docs(0)
    assert got == expected


def test_archive_draft_swapped_label_is_found_as_by_the_pipeline(model, cache: Path, tmp_path: Path) -> None:
    # A swapped label (a fine against a forfeiture of one sum) is found by the service as by the pipeline.
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "sentencing.txt").write_text(
        "---\ntitle: Bankman-Fried sentenced\npublished: 2024-03-29\noutlet: The Week\n---\n"
        "Sam Bankman-Fried, the FTX founder, was sentenced to 25 years in prison in New York on Thursday.\n\n"
        "Sam Bankman-Fried was ordered to forfeit $11 billion in assets.\n",
        encoding="utf-8",
    )
    draft = tmp_path / "draft.txt"
    draft.write_text(
        "---\ntitle: FTX founder Bankman-Fried gets 25 years\npublished: 2024-03-29\n---\n"
        "FTX founder Sam Bankman-Fried was sentenced to 25 years in prison in New York on Thursday.\n\n"
        "Judges rarely see a case like it, and Sam Bankman-Fried was also fined $11 billion.\n",
        encoding="utf-8",
    )
    expected, got = _both(model, cache, [archive], draft)
    assert any("wrong word" in c.explanation for c in expected.conflicts), [c.explanation for c in expected.conflicts]
    _assert_same(expected, got)
