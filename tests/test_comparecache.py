"""A warm run with nothing changed compares nothing and searches no neighbours."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claimcheck import candidates, knngraph, pipeline
from claimcheck.embed import Embedder
from claimcheck.pipeline import run

pytestmark = pytest.mark.model

ARTICLES = Path(__file__).resolve().parent.parent / "articles"


def _run(paths, cache: Path, model) -> object:
    embedder = Embedder(cache, model_loader=lambda: model)
    try:
        return run(paths, embedder=embedder)
    finally:
        embedder.close()


def test_comparecache_warm_run_recomputes_nothing(model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    first = _run([ARTICLES], cache, model)
    assert (cache / "comparisons.sqlite").exists() and list(cache.glob("knn-*.npz"))

    def never(*_args, **_kwargs):
        raise AssertionError("a warm run must not compare or search again")

    monkeypatch.setattr(pipeline, "name_conflicts", never)
    monkeypatch.setattr(pipeline, "compare_story", never)
    monkeypatch.setattr(candidates, "_score_block", never)
    monkeypatch.setattr(knngraph, "exact_lists", never)
    monkeypatch.setattr(knngraph, "hnsw_lists", never)
    monkeypatch.setattr(pipeline.clustering, "nearest_neighbours", never)
    again = _run([ARTICLES], cache, model)
    assert again.conflicts == first.conflicts and again.clusters == first.clusters


def test_comparecache_new_article_gives_the_same_report_as_a_fresh_run(model, tmp_path: Path) -> None:
    archive = tmp_path / "articles"
    shutil.copytree(ARTICLES, archive)
    newest = sorted(archive.glob("*.txt"))[-1]
    held = newest.read_text(encoding="utf-8")
    newest.unlink()
    cache = tmp_path / "cache"
    _run([archive], cache, model)  # the archive without its newest article, cached
    newest.write_text(held, encoding="utf-8")
    updated = _run([archive], cache, model)  # the article added: graph and comparisons updated
    fresh = _run([archive], tmp_path / "fresh", model)
    assert updated.conflicts == fresh.conflicts and updated.clusters == fresh.clusters
