"""The cached neighbour graph gives the exact search's edges, fresh or updated in place."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from claimcheck.cluster import distinct_rows, nearest_neighbours
from claimcheck.knngraph import ArchiveNeighbours, NeighbourGraph, hnsw_lists, row_pairs


def _vectors(n: int, seed: int = 0, dims: int = 32, copies: int = 0) -> np.ndarray:
    # Points around a few centres, so that many pairs are above the thresholds.
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(max(1, n // 15), dims))
    rows = centres[rng.integers(0, len(centres), n)] + 0.45 * rng.normal(size=(n, dims))
    rows = (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)
    if copies:
        rows[rng.integers(0, n, copies)] = rows[rng.integers(0, n, copies)]
        rows[-copies:] = rows[0]  # one sentence repeated many times (boilerplate)
    return rows


def _edges(graph: NeighbourGraph, nodes: np.ndarray, k: int, t: float) -> list:
    return [(a, b, round(s, 12)) for a, b, s in graph.edges(nodes, k, t)]


def _exact(nodes: np.ndarray, k: int, t: float) -> list:
    return [(a, b, round(s, 12)) for a, b, s in nearest_neighbours(nodes, k, t)]


@pytest.mark.parametrize("threshold", [0.45, 0.6, 0.75])
def test_knngraph_edges_equal_the_exact_search(threshold: float) -> None:
    nodes = _vectors(700)
    graph = NeighbourGraph(10, 0.45).update(nodes)
    assert _edges(graph, nodes, 10, threshold) == _exact(nodes, 10, threshold)
    assert _edges(graph, nodes, 4, threshold) == _exact(nodes, 4, threshold)


def test_knngraph_update_equals_a_fresh_graph() -> None:
    everything = _vectors(900, seed=1)
    old = np.arange(0, 800)
    new = np.concatenate([np.arange(3, 800), np.arange(800, 830)])  # 3 removed, 30 added
    graph = NeighbourGraph(10, 0.45).update(everything[old])
    graph.update(everything[new])
    assert 30 <= graph.searched < 100 and graph.merged > 0  # the new nodes, and the ones that listed a removed one
    assert _edges(graph, everything[new], 10, 0.6) == _exact(everything[new], 10, 0.6)
    assert _edges(graph, everything[new], 10, 0.45) == _exact(everything[new], 10, 0.45)
    again = graph.update(everything[new])
    assert again.searched == 0 and again.merged == 0


def test_knngraph_row_pairs_equal_the_search_over_every_row() -> None:
    rows = _vectors(600, seed=2, copies=40)
    keys = [("a", i) for i in range(len(rows))]
    copies, hashes = distinct_rows(rows, keys)
    nodes = rows[[r[0] for r in copies]]
    node_of_row = np.empty(len(rows), dtype=np.int64)
    for node, members in enumerate(copies):
        node_of_row[members] = node
    graph = NeighbourGraph(10, 0.45).update(nodes, hashes)
    for threshold in (0.45, 0.6):
        expected = sorted({(i, j) for i, j, _ in nearest_neighbours(rows, 10, threshold)})
        assert [tuple(p) for p in row_pairs(graph, nodes, node_of_row, 10, threshold).tolist()] == expected


def test_knngraph_is_saved_and_reused(tmp_path: Path) -> None:
    rows = _vectors(300, seed=3)
    keys = [("a", i) for i in range(len(rows))]
    path = NeighbourGraph.path_for(tmp_path, "model", 10, 0.45)
    first = ArchiveNeighbours(rows, keys, 10, 0.45, path)
    assert first.graph.searched == len(rows) and path.exists()
    second = ArchiveNeighbours(rows, keys, 10, 0.45, path)
    assert second.graph.searched == 0
    assert np.array_equal(second.row_pairs(10, 0.45), first.row_pairs(10, 0.45))
    path.write_bytes(b"not a graph")
    third = ArchiveNeighbours(rows, keys, 10, 0.45, path)  # damaged: searched again, with a warning in the log
    assert third.graph.searched == len(rows)


def test_knngraph_hnsw_finds_nearly_every_exact_edge() -> None:
    nodes = _vectors(3000, seed=4, dims=48)
    exact = NeighbourGraph(10, 0.45).update(nodes)
    approximate = NeighbourGraph(10, 0.45)
    approximate.idx, approximate.sims = hnsw_lists(nodes, approximate.K, 0.45 - 1e-5)
    approximate.hashes = exact.hashes
    want = {(a, b) for a, b, _ in exact.edges(nodes, 10, 0.6)}
    got = {(a, b) for a, b, _ in approximate.edges(nodes, 10, 0.6)}
    assert len(want & got) >= 0.99 * len(want)


def _list_cosines(graph: NeighbourGraph, nodes: np.ndarray) -> np.ndarray:
    from claimcheck.cluster import _cosines

    src = np.repeat(np.arange(len(graph.idx)), graph.K)
    dst = graph.idx.ravel()
    ok = dst >= 0
    out = np.full(len(dst), np.nan)
    out[ok] = _cosines(nodes, src[ok], dst[ok])
    return out.reshape(graph.idx.shape)


def test_knngraph_kept_cosines_are_the_lists_cosines_after_every_update(tmp_path: Path) -> None:
    nodes = _vectors(900, seed=5)
    graph = NeighbourGraph(10, 0.45).update(nodes[:800])
    assert np.array_equal(graph.cos, _list_cosines(graph, nodes[:800]), equal_nan=True)
    graph.update(nodes[:850])  # new nodes: searched, and merged into old lists
    assert graph.merged > 0
    assert np.array_equal(graph.cos, _list_cosines(graph, nodes[:850]), equal_nan=True)
    kept = np.r_[0:300, 310:900]  # ten removed, fifty more added
    graph.update(nodes[kept])
    assert np.array_equal(graph.cos, _list_cosines(graph, nodes[kept]), equal_nan=True)
    path = tmp_path / "graph.npz"
    graph.save(path)
    again = NeighbourGraph.load(path, 10, 0.45)
    assert np.array_equal(again.cos, graph.cos, equal_nan=True)
    assert _edges(again, nodes[kept], 10, 0.6) == _exact(nodes[kept], 10, 0.6)


def test_knngraph_of_an_older_format_is_searched_again(tmp_path: Path) -> None:
    nodes = _vectors(300, seed=6)
    graph = NeighbourGraph(10, 0.45).update(nodes)
    path = tmp_path / "old.npz"
    hashes = np.frombuffer(b"".join(graph.hashes), dtype=np.uint8).reshape(-1, 16)
    np.savez(path, hashes=hashes, idx=graph.idx.astype(np.int32), sims=graph.sims)  # format 1: no cosines
    loaded = NeighbourGraph.load(path, 10, 0.45)
    assert loaded.hashes == []
    loaded.update(nodes)
    assert loaded.searched == len(nodes)
    assert _edges(loaded, nodes, 10, 0.6) == _exact(nodes, 10, 0.6)
