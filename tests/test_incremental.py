"""A warm run with one new article writes the reports a cold run writes on the same folder, byte for byte.

The warm run reads the earlier run's caches (claims, vectors, neighbour graph,
stories, cluster components, story comparisons, gazetteer) and computes only
what the new article changes; the cold run computes everything. On 40 real
BBC articles and a 41st that restates one of them with other figures, so the
new article joins a story, makes near-duplicate clusters and disagrees.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parent.parent
BBC = ROOT.parent / "shared" / "corpora" / "bbc"
ASSUME = dt.date(2005, 1, 1)


def _sample(folder: Path) -> Path:
    """Links to business/001-020 and politics/001-020 (neighbouring files share stories)."""
    for category in ("business", "politics"):
        for k in range(1, 21):
            target = folder / category / f"{k:03d}.txt"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(BBC / category / f"{k:03d}.txt")
    return folder


def _restated(source: Path) -> str:
    """The article with every digit moved on by three: the same story, other figures."""
    text = source.read_text(encoding="utf-8", errors="replace")
    return "".join(str((int(ch) + 3) % 10) if ch.isdigit() else ch for ch in text)


def _run(folder: Path, cache: Path, out: Path, model) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    from claimcheck.embed import Embedder
    from claimcheck.pipeline import Settings, run
    from claimcheck.report import write_reports

    embedder = Embedder(cache, model_loader=lambda: model)
    try:
        report = run([folder], settings=Settings(assume_published=ASSUME), embedder=embedder)
    finally:
        embedder.close()
    write_reports(report, out)
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


@pytest.mark.skipif(not BBC.is_dir(), reason="the BBC corpus is not beside the repository (../shared/corpora/bbc)")
def test_incremental_one_new_article_gives_the_cold_runs_reports(model, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import claimcheck.candidates as candidates
    import claimcheck.cluster as clustering
    import claimcheck.pipeline as pipeline
    import claimcheck.stories as stories

    archive = _sample(tmp_path / "archive")
    warm_cache = tmp_path / "warm-cache"
    _run(archive, warm_cache, tmp_path / "out-before", model)

    new = archive / "business" / "901.txt"
    new.write_text(_restated(BBC / "business" / "001.txt"), encoding="utf-8")
    work: dict[str, int] = {"compared": 0, "grouped": 0, "linked": 0, "scored": 0}
    real_compare, real_group, real_link = pipeline.compare_story, stories.group_stories, clustering._agglomerate
    real_score = candidates._score_block

    def compare_story(batch):  # type: ignore[no-untyped-def]
        work["compared"] += 1
        return real_compare(batch)

    def group(*args, **kwargs):  # type: ignore[no-untyped-def]
        work["grouped"] += 1
        return real_group(*args, **kwargs)

    def link(vectors, *args):  # type: ignore[no-untyped-def]
        work["linked"] += len(vectors)
        return real_link(vectors, *args)

    def score(members, *args):  # type: ignore[no-untyped-def]
        work["scored"] += 1
        return real_score(members, *args)

    monkeypatch.setattr(pipeline, "compare_story", compare_story)
    monkeypatch.setattr(candidates, "_score_block", score)
    monkeypatch.setattr(pipeline, "group_stories", group)
    monkeypatch.setattr(clustering, "_agglomerate", link)
    warm = _run(archive, warm_cache, tmp_path / "out-warm", model)
    warm_work = dict(work)
    work.update(compared=0, grouped=0, linked=0, scored=0)
    cold = _run(archive, tmp_path / "cold-cache", tmp_path / "out-cold", model)

    assert sorted(warm) == ["report.html", "report.json", "report.md"]
    for name in warm:
        assert warm[name] == cold[name], f"{name}: the warm run with one new article differs from the cold run"
    assert b"business/901" in warm["report.json"]
    # The warm run compared and linked less than the cold run: only what the new article touched.
    assert warm_work["compared"] < work["compared"]
    assert warm_work["linked"] < work["linked"]
    assert 0 < warm_work["scored"] < work["scored"]

    # And with nothing changed, nothing is grouped, linked or compared again.
    work.update(compared=0, grouped=0, linked=0, scored=0)
    again = _run(archive, warm_cache, tmp_path / "out-again", model)
    assert again == cold
    assert work["compared"] == 0 and work["grouped"] == 0 and work["scored"] == 0
