"""The whole pipeline on the seed archive: clusters, a warm second run, drafts, acknowledgements."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claimcheck.embed import Embedder
from claimcheck.model import Conflict, Report
from claimcheck.pipeline import run
from conftest import ARTICLES

pytestmark = pytest.mark.model

COORDINATOR_2022 = "Furthermore, Cambodia is the ASEAN Country Coordinator for ASEAN-Russia Dialogue Relations until 2024."
COORDINATOR_2024 = "Iangareev noted that from August 2021 until last month, Cambodia fulfilled the duties of country coordinator for the dialogue."
HOSTED = "The 55th ASEAN Foreign Ministers’ Meeting (AMM) and related meetings will be hosted by Cambodia in Phnom Penh."
CHARTER = "All in all, the ASEAN Charter entered into force on 15 December 2008."


def _cluster_of(report: Report, text: str) -> str | None:
    for cluster in report.clusters:
        for member in cluster.members:
            if report.sentence_texts[member].text == text:
                return cluster.id
    return None


def test_pipeline_coordinator_sentences_share_a_cluster(seed_report: Report) -> None:
    first = _cluster_of(seed_report, COORDINATOR_2022)
    assert first is not None
    assert first == _cluster_of(seed_report, COORDINATOR_2024)


def test_pipeline_unrelated_sentences_do_not_share_a_cluster(seed_report: Report) -> None:
    hosted, charter = _cluster_of(seed_report, HOSTED), _cluster_of(seed_report, CHARTER)
    assert hosted is None or hosted != charter


def test_pipeline_second_run_embeds_nothing(seed_report: Report, seed_cache: Path) -> None:
    def no_model() -> object:
        raise AssertionError("a warm run must not load the model")

    embedder = Embedder(seed_cache, model_loader=no_model)
    try:
        again = run([ARTICLES], embedder=embedder)
    finally:
        embedder.close()
    assert embedder.computed == 0
    assert again.conflicts == seed_report.conflicts


def test_pipeline_counts(seed_report: Report) -> None:
    assert len(seed_report.articles) == 5
    assert seed_report.sentences > 90
    assert 0 < seed_report.claims <= seed_report.sentences
    for cluster in seed_report.clusters:
        assert len(cluster.members) >= 2


def test_pipeline_draft_reports_only_what_involves_it(model, seed_cache: Path, tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(
        "---\ntitle: Draft\npublished: 2024-09-02\n---\n"
        "Cambodia served as the ASEAN country coordinator for the dialogue with Russia until 2025.\n"
        "The weather in Phnom Penh was hot.\n"
    )
    embedder = Embedder(seed_cache, model_loader=lambda: model)
    try:
        report = run([ARTICLES], draft=draft, embedder=embedder)
    finally:
        embedder.close()
    assert report.draft == str(draft)
    assert report.conflicts
    for conflict in report.conflicts:
        assert "draft" in {side.article for side in conflict.claims}
    assert any(c.rule == "time.period_end/1" and {s.value for s in c.claims} >= {"until 2025"} for c in report.conflicts)


def test_pipeline_acknowledged_and_stale(seed_report: Report, model, seed_cache: Path, tmp_path: Path) -> None:
    archive = tmp_path / "articles"
    shutil.copytree(ARTICLES, archive)
    target = seed_report.conflicts[0].id
    (archive / "acknowledged.yaml").write_text(f"{target}:\n  note: checked\nc-000000000000: gone\n")
    embedder = Embedder(seed_cache, model_loader=lambda: model)
    try:
        report = run([archive], embedder=embedder)
    finally:
        embedder.close()
    assert report.acknowledged == {target: "checked"}
    assert report.stale_acknowledgements == ("c-000000000000",)


def test_pipeline_pairs_sharing_a_kind_are_the_pairs_compare_reads() -> None:
    import random

    import numpy as np

    from claimcheck.model import PLACE, POLARITY, QUANTITY, ROLE, TIME, Claim, Sentence, Slot
    from claimcheck.pipeline import pairs_sharing_a_kind

    rng = random.Random(3)
    kinds = [PLACE, POLARITY, QUANTITY, ROLE, TIME]
    claims = [
        Claim(Sentence("a", n, 0, 4, "text"), None, tuple(Slot(rng.choice(kinds), "x", 0, 1, None, "x") for _ in range(rng.choice([0, 1, 1, 2, 3]))))
        for n in range(80)
    ]
    pairs = np.array([(i, j) for i in range(80) for j in range(i + 1, 80) if rng.random() < 0.4], dtype=np.int64)
    expected = [
        [i, j] for i, j in pairs.tolist() if {s.kind for s in claims[i].slots} & {s.kind for s in claims[j].slots}
    ]
    assert pairs_sharing_a_kind(claims, pairs).tolist() == expected
    assert 0 < len(expected) < len(pairs)
    assert pairs_sharing_a_kind(claims, np.zeros((0, 2), dtype=np.int64)).shape == (0, 2)


def test_pipeline_small_anchor_groups_at_once_are_group_by_group() -> None:
    import numpy as np

    from claimcheck.pipeline import Settings, _group_neighbours, _small_group_pairs

    rng = np.random.default_rng(5)
    vectors = rng.normal(size=(300, 384)).astype(np.float32)
    vectors[100:200] = vectors[0] + 0.6 * vectors[100:200]  # many pairs near the pair threshold
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    settings = Settings()
    for size in (2, 3, settings.neighbours + 1):
        groups = [sorted(rng.choice(300, size=size, replace=False).tolist()) for _ in range(40)]
        expected = set().union(*(_group_neighbours(vectors, g, settings, None) for g in groups))
        got = {tuple(p) for p in _small_group_pairs(vectors, groups, settings.pair_threshold).tolist()}
        assert got == expected
        assert expected, "the groups must hold pairs at the threshold"


def test_pipeline_pairs_in_scope_is_the_pair_by_pair_test() -> None:
    import random

    from claimcheck.extract.people import Role
    from claimcheck.model import ROLE, Claim, Sentence, Slot
    from claimcheck.pipeline import pairs_in_scope, sentence_pair_in_scope

    rng = random.Random(7)
    offices = ["foreign minister|russia", "mayor|london", "chief executive", ""]
    claims = []
    for n in range(120):
        article = f"a{n % 30}"
        slots = tuple(
            Slot(ROLE, "the minister", 0, 12, Role(office=rng.choice(offices), person="X"), "minister", subject="minister")
            for _ in range(rng.choice([0, 0, 1, 2]))
        )
        claims.append(Claim(Sentence(article, n, 0, 12, "the minister"), None, slots))
    story_of = {f"a{k}": f"s{k % 7}" for k in range(25)}  # five articles in no story
    pairs = {(i, j) for i in range(120) for j in range(i + 1, 120) if rng.random() < 0.3}
    expected = {(i, j) for i, j in pairs if sentence_pair_in_scope(claims[i], claims[j], story_of)}
    kept = pairs_in_scope(claims, pairs, story_of)
    assert kept.tolist() == sorted(map(list, expected))
    assert 0 < len(expected) < len(pairs)
    assert pairs_in_scope(claims, set(), story_of).shape == (0, 2)


def _two_articles(tmp_path: Path, first: str, second: str) -> list[Path]:
    folder = tmp_path / "story"
    folder.mkdir()
    for name, (day, body) in zip("ab", (("2024-03-02", first), ("2024-03-03", second))):
        (folder / f"{name}.md").write_text(f"---\ntitle: {name}\noutlet: Outlet {name}\npublished: {day}\n---\n{body}\n",
                                           encoding="utf-8")
    return [folder]


def _one_finding(tmp_path: Path, embedder, first: str, second: str, subject: str) -> tuple[Report, Conflict]:
    """The run of a two-article story, and its one finding about `subject`."""
    report = run(_two_articles(tmp_path, first, second), embedder=embedder)
    found = [c for c in report.conflicts if c.subject == subject]
    assert len(found) == 1, [(c.subject, c.verdict) for c in report.conflicts]
    return report, found[0]


@pytest.mark.model
def test_pipeline_an_unnamed_victims_two_ages_are_one_fact(tmp_path: Path, embedder) -> None:
    from claimcheck.model import CONTRADICTION

    report, ages = _one_finding(
        tmp_path, embedder,
        "A gunman killed three people in a shop in Leeds on Friday, police said.\n\nThe victims included a 17-year-old girl, police said.",
        "Three people were shot dead in a shop in Leeds on Friday, police said.\n\nAmong the dead was a girl aged 16, officers said.",
        "age",
    )
    assert ages.verdict == CONTRADICTION
    assert {s.value for s in ages.claims} == {"17-year-old", "16"}
    assert not [c for c in report.conflicts if c.subject == "deaths"]  # three killed, three shot dead: one toll


@pytest.mark.model
def test_pipeline_magnitudes_written_two_ways_meet(tmp_path: Path, embedder) -> None:
    _, found = _one_finding(
        tmp_path, embedder,
        "A 6.4-magnitude earthquake struck southern Turkey on Monday, damaging hundreds of buildings in Hatay.",
        "The earthquake that hit Hatay in southern Turkey on Monday had a magnitude of 6.2, the agency said.",
        "magnitude",
    )
    assert {s.normalized for s in found.claims} == {"6.4 magnitude", "6.2 magnitude"}


@pytest.mark.model
def test_pipeline_an_election_dated_two_ways_is_a_contradiction(tmp_path: Path, embedder) -> None:
    from claimcheck.model import CONTRADICTION

    _, dates = _one_finding(
        tmp_path, embedder,
        "Nigerians voted in the presidential election on 25 February, with Bola Tinubu declared the winner.",
        "Bola Tinubu won the presidential election held on February 26, the electoral commission said.",
        "presidential election",
    )
    assert dates.verdict == CONTRADICTION
    assert {s.value for s in dates.claims} == {"25 February", "February 26"}


def test_pipeline_new_articles_are_parsed_by_the_helper_to_the_same_report(model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import claimcheck.pipeline as pipeline
    from claimcheck.forked import forking
    from claimcheck.report.json_report import render_json

    if not forking():
        pytest.skip("this platform does not fork")
    sent: list[str] = []
    real_beside = pipeline.beside
    monkeypatch.setattr(pipeline, "beside", lambda fn, *args: (sent.append(fn.__name__), real_beside(fn, *args))[1])

    def check(cache: Path) -> str:
        embedder = Embedder(cache, model_loader=lambda: model)
        try:
            return render_json(run([ARTICLES], embedder=embedder))
        finally:
            embedder.close()

    helped = check(tmp_path / "helped")
    assert sent == ["_analysed"]
    monkeypatch.setenv("CLAIMCHECK_FORK", "0")
    assert check(tmp_path / "here") == helped
    assert sent == ["_analysed"]  # the second run parsed them itself

    def remembered(cache: Path) -> dict[str, str]:
        return {p.name: p.read_text() for p in cache.glob("*.json")}

    # What the helper asked (units converted, ...) is written by the run as if asked there.
    assert remembered(tmp_path / "helped") == remembered(tmp_path / "here")
    assert remembered(tmp_path / "helped")


def test_pipeline_a_damaged_stored_analysis_and_a_new_article_give_the_cold_report(model, tmp_path: Path) -> None:
    import sqlite3

    from claimcheck.claimcache import ClaimCache
    from claimcheck.report.json_report import render_json

    def check(folder: Path, cache: Path) -> str:
        embedder = Embedder(cache, model_loader=lambda: model)
        try:
            return render_json(run([folder], embedder=embedder))
        finally:
            embedder.close()

    folder = tmp_path / "articles"
    shutil.copytree(ARTICLES, folder)
    cold = check(folder, tmp_path / "cold")
    held_back = sorted(p for p in folder.iterdir() if p.suffix != ".csv")[-1]
    kept = held_back.read_bytes()
    held_back.unlink()
    check(folder, tmp_path / "warm")
    with sqlite3.connect(ClaimCache(tmp_path / "warm").path) as db:
        db.execute("UPDATE claims SET data = ? WHERE rowid = (SELECT MIN(rowid) FROM claims)", (b"damaged",))
    held_back.write_bytes(kept)
    # The new article goes to the helper, the damaged one is analysed again here.
    assert check(folder, tmp_path / "warm") == cold
