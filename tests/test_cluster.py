"""Tests for claimcheck.cluster: hand-made unit vectors, plus one test with the real model."""

from __future__ import annotations

import math

import numpy as np
import pytest

import claimcheck.cluster as cluster_module
from claimcheck.cluster import (
    DEFAULT_THRESHOLD,
    LINKAGES,
    cluster,
    cluster_id,
    nearest_neighbours,
)

DIM = 16


def unit(*weights: float) -> np.ndarray:
    """A unit vector from its first few coordinates."""
    vec = np.zeros(DIM, dtype=np.float32)
    vec[: len(weights)] = weights
    return vec / np.linalg.norm(vec)


def towards(axis: int, other: int, cosine: float) -> np.ndarray:
    """A unit vector at exactly `cosine` to basis vector `axis`, leaning towards `other`."""
    vec = np.zeros(DIM, dtype=np.float64)
    vec[axis] = cosine
    vec[other] = math.sqrt(1 - cosine**2)
    return vec.astype(np.float32)


def arc(count: int, step_degrees: float) -> np.ndarray:
    """Unit vectors along a circle, each `step_degrees` from the previous one."""
    angles = np.radians(np.arange(count) * step_degrees)
    vectors = np.zeros((count, DIM), dtype=np.float32)
    vectors[:, 0], vectors[:, 1] = np.cos(angles), np.sin(angles)
    return vectors


def keys_for(count: int, article: str = "a") -> list[tuple[str, int]]:
    """Distinct sentence keys, one per vector."""
    return [(f"{article}{i % 3}", i) for i in range(count)]


def groups(clusters: list) -> set[frozenset]:
    """The clusters as sets of member keys."""
    return {frozenset(c.members) for c in clusters}


def random_stories(seed: int, stories: int = 12, per_story: int = 4) -> np.ndarray:
    """Tight groups of paraphrases around random story directions, in random order."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(stories, DIM))
    vectors = np.repeat(centres, per_story, axis=0) + rng.normal(scale=0.15, size=(stories * per_story, DIM))
    vectors = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors[rng.permutation(len(vectors))].astype(np.float32)


def test_cluster_groups_near_duplicates_and_omits_singletons() -> None:
    vectors = np.stack([unit(1, 0.1), unit(1, 0, 0.1), unit(1, 0.05, 0.05), unit(0, 1), unit(0, 0, 0, 1)])
    keys = [("x", 0), ("y", 3), ("z", 7), ("x", 1), ("y", 4)]
    found = cluster(vectors, keys, 0.8)
    assert groups(found) == {frozenset({("x", 0), ("y", 3), ("z", 7)})}
    assert all(len(c.members) >= 2 for c in found)


@pytest.mark.parametrize("linkage", LINKAGES)
def test_cluster_is_deterministic_and_ignores_input_order(linkage: str) -> None:
    vectors = random_stories(seed=7)
    keys = keys_for(len(vectors))
    first = cluster(vectors, keys, 0.7, linkage=linkage)
    assert first, "the fixture should produce clusters"
    assert cluster(vectors, keys, 0.7, linkage=linkage) == first
    shuffle = np.random.default_rng(1).permutation(len(vectors))
    shuffled = cluster(vectors[shuffle], [keys[i] for i in shuffle], 0.7, linkage=linkage)
    assert shuffled == first
    assert [c.members for c in first] == sorted(c.members for c in first)
    assert all(list(c.members) == sorted(c.members) for c in first)


def test_cluster_id_depends_only_on_members() -> None:
    vectors = random_stories(seed=3)
    keys = keys_for(len(vectors))
    before = cluster(vectors, keys, 0.7)
    # An unrelated sentence elsewhere in the archive must not rename clusters.
    extra = np.vstack([vectors, unit(*([0] * (DIM - 1) + [1]))])
    after = cluster(extra, keys + [("zz", 99)], 0.7)
    assert {c.id for c in before} == {c.id for c in after}
    assert all(c.id == cluster_id(c.members) for c in before)
    assert len({c.id for c in before}) == len(before)
    assert cluster_id([("b", 2), ("a", 1)]) == cluster_id([("a", 1), ("b", 2)])
    assert cluster_id([("a", 1), ("b", 2)]) != cluster_id([("a", 1), ("b", 3)])


def test_cluster_does_not_chain_along_an_arc() -> None:
    # Each sentence is 0.91 similar to the next, but the ends of the chain
    # point in opposite directions: a similarity graph links them all.
    vectors = arc(9, 25)
    keys = keys_for(len(vectors))
    chained = cluster(vectors, keys, 0.7, linkage="single")
    assert [len(c.members) for c in chained] == [9]
    found = cluster(vectors, keys, 0.7)
    index = {key: i for i, key in enumerate(keys)}
    for c in found:
        members = [index[m] for m in c.members]
        assert max(members) - min(members) <= 2, c.members


def test_cluster_does_not_chain_through_a_hub() -> None:
    # A short generic sentence ("Cambodia Russia ASEAN") close to two different
    # claims must not glue the two claims together.
    left, right = towards(0, 2, 0.99), towards(1, 3, 0.99)
    hub = unit(1, 1)
    vectors = np.stack([left, right, hub])
    assert len(cluster(vectors, keys_for(3), 0.65, linkage="single")) == 1
    found = cluster(vectors, keys_for(3), 0.65)
    assert not any(("a0", 0) in c.members and ("a1", 1) in c.members for c in found)


@pytest.mark.parametrize("linkage", LINKAGES)
@pytest.mark.parametrize(
    ("cosine", "threshold", "joined"),
    [(0.75, 0.7, True), (0.75, 0.8, False), (0.705, 0.7, True), (0.695, 0.7, False), (0.95, DEFAULT_THRESHOLD, True)],
)
def test_cluster_threshold_decides_a_pair(linkage: str, cosine: float, threshold: float, joined: bool) -> None:
    vectors = np.stack([towards(0, 1, 1.0), towards(0, 1, cosine)])
    found = cluster(vectors, [("a", 0), ("b", 0)], threshold, linkage=linkage)
    assert bool(found) is joined
    if joined:
        assert found[0].min_similarity == pytest.approx(cosine, abs=1e-5)


def test_cluster_keeps_exact_copies_together_beyond_k() -> None:
    # Boilerplate repeated in 30 articles fills any k-nearest list with itself.
    copies = np.repeat(unit(1, 2, 3)[None, :], 30, axis=0)
    near = unit(1, 2, 3.3)
    vectors = np.vstack([copies, near[None, :], unit(0, 0, 0, 1)[None, :]])
    keys = [(f"art{i:02d}", 5) for i in range(30)] + [("other", 0), ("other", 1)]
    found = cluster(vectors, keys, 0.9, k=3)
    assert len(found) == 1
    assert set(found[0].members) == set(keys[:31])


@pytest.mark.parametrize("linkage", LINKAGES)
def test_cluster_copies_alone_form_a_cluster(linkage: str) -> None:
    vectors = np.stack([unit(1, 0), unit(1, 0), unit(0, 1)])
    found = cluster(vectors, [("a", 0), ("b", 0), ("c", 0)], 0.9, linkage=linkage)
    assert [c.members for c in found] == [(("a", 0), ("b", 0))]
    assert found[0].min_similarity == 1.0


def test_nearest_neighbours_k_limits_the_pairs() -> None:
    # Eleven paraphrases of one story: k=10 keeps every pair, k=1 only each
    # sentence's nearest.
    vectors = random_stories(seed=0, stories=1, per_story=11)
    few = nearest_neighbours(vectors, 1, 0.0)
    many = nearest_neighbours(vectors, 10, 0.0)
    assert len(few) < len(many) == 55
    assert {(a, b) for a, b, _ in few} <= {(a, b) for a, b, _ in many}


def test_nearest_neighbours_includes_pairs_nearest_one_way() -> None:
    # b's nearest is c, but a's nearest is b: (a, b) is kept with k=1.
    vectors = np.stack([unit(math.cos(x), math.sin(x)) for x in np.radians([0, 30, 45])])
    pairs = {(i, j) for i, j, _ in nearest_neighbours(vectors, 1, 0.0)}
    assert pairs == {(0, 1), (1, 2)}


def test_nearest_neighbours_threshold_and_order() -> None:
    vectors = np.stack([towards(0, 1, 1.0), towards(0, 1, 0.9), towards(0, 2, 0.5), unit(0, 0, 0, 1)])
    pairs = nearest_neighbours(vectors, 5, 0.6)
    assert [(i, j) for i, j, _ in pairs] == [(0, 1)]
    assert pairs[0][2] == pytest.approx(0.9, abs=1e-6)
    low = nearest_neighbours(vectors, 5, 0.3)
    assert [(i, j) for i, j, _ in low] == sorted((i, j) for i, j, _ in low)
    assert all(i < j for i, j, _ in low)


@pytest.mark.parametrize(
    ("n", "k", "threshold", "spread", "block"),
    [(300, 3, 0.5, 0.6, None), (2200, 4, 0.8, 0.1, None), (1500, 2, 0.3, 2.0, None), (1200, 3, 0.7, 0.2, 32)],
)
def test_nearest_neighbours_matches_brute_force(
    n: int, k: int, threshold: float, spread: float, block: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Several blocks; with spread 0.1 blocks dense enough to take the capped
    # path, and with small blocks enough of them to prune candidates midway.
    if block:
        monkeypatch.setattr(cluster_module, "_BLOCK_ROWS", block)
    rng = np.random.default_rng(n)
    vectors = rng.normal(size=(1, 6)) + rng.normal(scale=spread, size=(n, 6))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    exact = vectors.astype(np.float64) @ vectors.astype(np.float64).T
    np.fill_diagonal(exact, -np.inf)
    nearest = np.argsort(-exact, axis=1, kind="stable")[:, :k]
    want = {
        (min(i, int(j)), max(i, int(j))) for i in range(n) for j in nearest[i] if exact[i, j] >= threshold
    }
    got = nearest_neighbours(vectors, k, threshold)
    assert {(i, j) for i, j, _ in got} == want
    assert all(abs(s - exact[i, j]) < 1e-9 for i, j, s in got)


@pytest.mark.parametrize("count", [0, 1])
def test_cluster_handles_tiny_input(count: int) -> None:
    vectors = np.ones((count, DIM), dtype=np.float32) / math.sqrt(DIM)
    assert cluster(vectors, keys_for(count)) == []
    assert nearest_neighbours(vectors, 3, 0.5) == []


@pytest.mark.parametrize(
    ("vectors", "keys", "linkage", "message"),
    [
        (np.ones((2, DIM), dtype=np.float32), [("a", 0)], "average", "2 vectors but 1 keys"),
        (np.full((2, DIM), np.nan, dtype=np.float32), [("a", 0), ("a", 1)], "average", "finite"),
        (np.ones(DIM, dtype=np.float32), [("a", 0)], "average", "2-d"),
        (np.ones((2, DIM), dtype=np.float32), [("a", 0), ("a", 1)], "ward", "unknown linkage"),
    ],
)
def test_cluster_rejects_bad_input(vectors: np.ndarray, keys: list, linkage: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        cluster(vectors, keys, 0.7, linkage=linkage)


@pytest.mark.model
def test_cluster_real_model_paraphrase_and_shared_vocabulary(embedder) -> None:  # type: ignore[no-untyped-def]
    texts = [
        "The earthquake killed at least 120 people in the north of the country, officials said.",
        "Officials said at least 120 people died in the earthquake that struck the north of the country.",
        "The court sentenced the former minister to five years in prison for corruption.",
        "The minister said the prison would be closed within five years.",
    ]
    vectors = embedder.embed(texts)
    keys = [("quake-1", 0), ("quake-2", 4), ("court", 2), ("prisons", 7)]
    found = cluster(vectors, keys)
    assert groups(found) == {frozenset(keys[:2])}


def test_cluster_rejects_repeated_keys() -> None:
    with pytest.raises(ValueError, match="distinct"):
        cluster(np.stack([unit(1, 0), unit(0, 1)]), [("a", 0), ("a", 0)])


def test_nearest_neighbours_scales_vectors_to_unit_length() -> None:
    vectors = np.stack([unit(1, 0) * 3, unit(1, 1) * 0.5, np.zeros(DIM, dtype=np.float32)])
    pairs = nearest_neighbours(vectors, 2, 0.5)
    assert [(i, j) for i, j, _ in pairs] == [(0, 1)]
    assert pairs[0][2] == pytest.approx(math.sqrt(0.5), abs=1e-6)


@pytest.mark.parametrize("linkage", ["average", "complete"])
def test_cluster_caps_cluster_size(linkage: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # One story retold by many articles: clusters stop growing at the cap
    # instead of handing the rules a quadratic number of pairs.
    monkeypatch.setattr(cluster_module, "MAX_CLUSTER_SIZE", 4)
    vectors = random_stories(seed=5, stories=1, per_story=10)
    found = cluster(vectors, keys_for(10), 0.7, linkage=linkage)
    assert found and max(len(c.members) for c in found) <= 4
    assert sum(len(c.members) for c in found) >= 8


class _DictMemo:
    """A `ComponentMemo` in memory, counting what it is asked for."""

    def __init__(self) -> None:
        self.stored: dict[bytes, object] = {}
        self.asked = 0

    def get_many(self, keys):  # type: ignore[no-untyped-def]
        self.asked += len(keys)
        return {k: self.stored[k] for k in keys if k in self.stored}

    def put_many(self, items):  # type: ignore[no-untyped-def]
        self.stored.update(items)


def _themes(seed: int, themes: int = 40, per: int = 6) -> np.ndarray:
    """Sentences around a number of themes, some close enough to cluster and chain."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(themes, DIM))
    rows = np.repeat(centres, per, axis=0) + rng.normal(scale=0.35, size=(themes * per, DIM))
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


@pytest.mark.parametrize("linkage", ["average", "complete"])
@pytest.mark.parametrize("seed", range(4))
def test_cluster_by_component_is_one_linkage_over_all_edges(linkage: str, seed: int) -> None:
    vectors = _themes(seed)
    keys = [("a", i) for i in range(len(vectors))]
    memo = _DictMemo()
    first = cluster(vectors, keys, 0.6, linkage=linkage, memo=memo)
    # One agglomeration over every edge at once, as the clustering was first written.
    copies, _ = cluster_module.distinct_rows(vectors, keys)
    unique = vectors[[rows[0] for rows in copies]]
    whole = cluster_module._agglomerate(unique, nearest_neighbours(unique, 10, 0.6), 0.6, linkage)
    expected = sorted(tuple(sorted(keys[copies[u][0]] for u in nodes)) for nodes, _ in whole)
    assert sorted(c.members for c in first) == expected
    assert len(first) > 5 and memo.stored  # the case has components worth keeping
    assert cluster(vectors, keys, 0.6, linkage=linkage) == first  # without a memo


def test_cluster_memo_links_again_only_the_components_a_new_sentence_touches(monkeypatch: pytest.MonkeyPatch) -> None:
    vectors = _themes(7)
    keys = [("a", i) for i in range(len(vectors))]
    memo = _DictMemo()
    cluster(vectors, keys, 0.6, memo=memo)
    calls: list[int] = []
    real = cluster_module._agglomerate

    def counting(vecs, edges, threshold, linkage):  # type: ignore[no-untyped-def]
        calls.append(len(vecs))
        return real(vecs, edges, threshold, linkage)

    monkeypatch.setattr(cluster_module, "_agglomerate", counting)
    assert cluster(vectors, keys, 0.6, memo=memo) == cluster(vectors, keys, 0.6)
    calls.clear()
    again = cluster(vectors, keys, 0.6, memo=memo)
    # Unchanged: only components too small to keep are linked again.
    assert all(n < cluster_module._MEMO_FROM for n in calls)
    calls.clear()
    # One new sentence next to the first sentence.
    new = vectors[0] * 0.98 + vectors[1] * 0.02
    grown = np.vstack([vectors, (new / np.linalg.norm(new))[None, :]])
    grown_keys = [*keys, ("b", 0)]
    with_memo = cluster(grown, grown_keys, 0.6, memo=memo)
    big = [n for n in calls if n >= cluster_module._MEMO_FROM]
    assert with_memo == cluster(grown, grown_keys, 0.6)
    assert len(big) == 1  # the component of the new sentence
    assert with_memo != again
