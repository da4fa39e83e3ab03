"""Group near-duplicate claims: an exact k-nearest-neighbour graph, then average linkage on it.

`cluster` collapses exact copies (boilerplate) to one point, links each
sentence to its k nearest neighbours at cosine >= threshold, and merges
clusters best-first while the mean cosine across them stays >= threshold
(average linkage), so topic-similar sentences cannot chain into blobs the way
connected components do. Copies rejoin their cluster at the end.

Measured with benchmarks/cluster_devset.py. "dev" is pairwise P/R/F1 on the
MSRP paraphrase groups (859 sentences); "mixed" clusters them again inside the
43,960 BBC sentences as distractors, counting any devset-BBC pair as wrong;
"max" is the largest BBC cluster (k=10 throughout; k from 3 to 20 changes
F1 by < 0.002):

    linkage    thr   dev P   R     F1   | mixed P  F1  | BBC max
    single     0.65  .864  .975  .916   |  .010  .021  |  3050
    single     0.75  .904  .855  .879   |  .894  .874  |    75
    community  0.70  .919  .918  .918   |  .869  .891  |    30
    average    0.60  .879  .978  .926   |  .796  .874  |    44
    average    0.65  .918  .931  .924   |  .874  .899  |    31
    average    0.70  .943  .876  .908   |  .928  .900  |    15
    complete   0.55  .915  .958  .936   |  .850  .896  |    23
    complete   0.60  .939  .934  .936   |  .890  .909  |    18
    complete   0.65  .939  .893  .916   |  .922  .905  |    12
    complete   0.70  .945  .850  .895   |  .935  .891  |    10

Most "wrong" devset pairs at 0.60 are MSRP groups that differ only in their
numbers (two days' S&P 500 reports), which claimcheck wants together anyway.
Why average linkage at 0.60 and not complete linkage, which scores 0.010 F1
higher on the devset: complete linkage splits restatements that are worded
apart, the case claimcheck exists for. "Cambodia is the ASEAN Country
Coordinator ... until 2024" and "Cambodia fulfilled the duties of country
coordinator ... until last month" (cosine 0.69) land in different clusters
under complete linkage at any threshold, because the first is closer (0.74 to
0.76) to the headline and to other Cambodia-hosts-ASEAN sentences that are
only 0.50 to 0.60 from the second. Average linkage at 0.60 joins them, keeps
the devset recall at .978, and its largest BBC cluster stays at 44.

Search: exact inner products over the upper triangle in 1024-row blocks,
keeping only pairs >= threshold (memory linear in n; a dense block keeps only
each row's and column's k best). On the 40,225 distinct BBC sentences on 2
shared cores: 6.5 s wall / 12.7 s CPU. faiss HNSW (M=16, efConstruction=40,
efSearch=32) took 7.0 s / 13.2 s and found 99.73% of the edges >= 0.60, so
it is neither faster nor lossless at this size and exact search is kept;
faiss IndexFlatIP over all rows took 19 s CPU. The whole `cluster` call on BBC
takes 8 to 10 s wall (13 to 16 s CPU) and about 110 MB above its input.
"""

from __future__ import annotations

import hashlib
import heapq
import json
from typing import Any, Callable, Iterable, Protocol, Sequence

import numpy as np

from claimcheck.unionfind import UnionFind

from claimcheck.model import Cluster

# Chosen by pairwise F1 on the MSRP paraphrase groups, alone and mixed into the
# BBC sentences (table above), weighted towards recall of restatements: see the
# docstring for why average rather than complete linkage.
DEFAULT_THRESHOLD = 0.6
# k only bounds the candidate merges (and memory on dense archives); 3 to 20
# give the same scores, 10 leaves room for a claim retold in many articles.
DEFAULT_K = 10
DEFAULT_LINKAGE = "average"
# single: connected components (chains; kept for comparison); average: mean
# cosine across two clusters; complete: lowest cosine across them; community:
# leaders with the most neighbours take them, as in sentence-transformers'
# community_detection but over the kNN graph.
LINKAGES = ("single", "average", "complete", "community")
# A safety cap, in distinct sentences, for archives that retell one story
# hundreds of times: a cluster of m claims costs the rules m^2 / 2 pairs.
MAX_CLUSTER_SIZE = 100
# Rows per block of exact search: a 1024 x 1024 float32 score block is 4 MB,
# small enough to stay in cache-friendly BLAS calls and bound memory.
_BLOCK_ROWS = 1024
# Float32 block scores may sit a hair below their float64 value; candidates are
# taken with this slack and the threshold is applied to the float64 score.
_SLACK = 1e-5
# Extra ranks kept when pruning on float32 scores, so that rounding cannot push
# out a pair that is among the k best in float64.
_SPARE = 2


def _check_vectors(vectors: np.ndarray) -> np.ndarray:
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if vectors.ndim != 2:
        raise ValueError(f"vectors must be a 2-d array, got shape {vectors.shape}")
    # Squared norms without a temporary copy of the matrix; a NaN or infinity
    # anywhere in a row makes its squared norm non-finite too.
    squares = np.einsum("ij,ij->i", vectors, vectors, dtype=np.float64)
    if not np.isfinite(squares).all():
        raise ValueError("vectors must be finite (no NaN or infinity)")
    # The embedder returns unit vectors; anything else is scaled so that inner
    # products stay cosines (an all-zero row stays zero, similar to nothing).
    if len(squares) and np.abs(squares - 1).max() > 2e-3:
        norms = np.sqrt(squares)
        vectors = (vectors / np.where(norms > 0, norms, 1)[:, None]).astype(np.float32)
    return vectors


def _top_mask(scores: np.ndarray, k: int) -> np.ndarray:
    # Entries among the k best of their row or of their column.
    mask = np.zeros(scores.shape, dtype=bool)
    rows, cols = scores.shape
    if cols > k:
        best = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        mask[np.arange(rows)[:, None], best] = True
    else:
        mask[:] = True
    if rows > k:
        best = np.argpartition(-scores, k - 1, axis=0)[:k, :]
        mask[best, np.arange(cols)[None, :]] = True
    else:
        mask[:] = True
    return mask


def _keep_top(lo: np.ndarray, hi: np.ndarray, sims: np.ndarray, k: int) -> np.ndarray:
    # A pair stays if it is among the k best of either end, ties going to the
    # lower index. Safe to apply before all candidates are in: more candidates
    # can only push a pair's rank down, never bring a dropped pair back.
    ends = np.concatenate([lo, hi])
    others = np.concatenate([hi, lo])
    both = np.concatenate([sims, sims])
    order = np.lexsort((others, -both, ends))
    sorted_ends = ends[order]
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order)) - np.searchsorted(sorted_ends, sorted_ends, side="left")
    return (rank[: len(lo)] < k) | (rank[len(lo) :] < k)


def _cosines(vectors: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    # Recomputed in float64 pair by pair, so a pair's score does not depend on
    # how a BLAS kernel blocked or threaded the search.
    out = np.empty(len(left), dtype=np.float64)
    for start in range(0, len(left), 4096):
        a = vectors[left[start : start + 4096]].astype(np.float64)
        b = vectors[right[start : start + 4096]].astype(np.float64)
        out[start : start + len(a)] = np.einsum("ij,ij->i", a, b)
    return out


def nearest_neighbours(vectors: np.ndarray, k: int, min_similarity: float) -> list[tuple[int, int, float]]:
    """Pairs (i < j, cosine), sorted, where one is among the other's k nearest and cosine >= min_similarity."""
    vectors = _check_vectors(vectors)
    n = len(vectors)
    if n < 2 or k < 1:
        return []
    floor = np.float32(min_similarity - _SLACK)
    lower = np.tri(min(n, _BLOCK_ROWS), dtype=bool)
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    held = 0
    # Exact search over the upper triangle only: each block of scores serves
    # both its rows and its columns, halving the O(n^2) multiply.
    for i0 in range(0, n, _BLOCK_ROWS):
        left = vectors[i0 : i0 + _BLOCK_ROWS]
        for j0 in range(i0, n, _BLOCK_ROWS):
            scores = left @ vectors[j0 : j0 + _BLOCK_ROWS].T
            if j0 == i0:
                scores[lower[: len(left), : len(left)]] = -np.inf
            # Most rows of a block have no pair above the threshold; a row
            # maximum is far cheaper than a nonzero scan of the whole block.
            hot = np.flatnonzero(scores.max(axis=1) >= floor)
            if not len(hot):
                continue
            hot_scores = scores[hot]
            keep = hot_scores >= floor
            # In a dense block (one story told many times) cap the candidates
            # per row and column so memory stays linear in n.
            if np.count_nonzero(keep) > k * sum(scores.shape):
                keep &= _top_mask(scores, k)[hot]
            r, c = np.nonzero(keep)
            parts.append((hot[r] + i0, c + j0, hot_scores[r, c]))
            held += len(r)
        if held > 8 * k * n:
            parts = [_prune(parts, k + _SPARE)]
            held = len(parts[0][0])
    if not parts:
        return []
    # Rank on the float32 scores with a few spare places, then decide on the
    # float64 cosines of the few survivors.
    lo, hi, _ = _prune(parts, k + _SPARE)
    return strongest_edges(vectors, lo, hi, k, min_similarity)


def strongest_edges(
    vectors: np.ndarray, lo: np.ndarray, hi: np.ndarray, k: int, min_similarity: float, sims: np.ndarray | None = None
) -> list[tuple[int, int, float]]:
    """Of candidate pairs (lo, hi), those at float64 cosine `min_similarity` or more that are
    among the k best of either end, as sorted (i, j, cosine) edges.

    `sims`, the pairs' float64 cosines when the caller kept them (`_cosines(vectors, lo, hi)`), are not computed again.
    """
    sims = _cosines(vectors, lo, hi) if sims is None else sims
    strong = sims >= min_similarity
    lo, hi, sims = lo[strong], hi[strong], sims[strong]
    survivors = _keep_top(lo, hi, sims, k)
    lo, hi, sims = lo[survivors], hi[survivors], sims[survivors]
    order = np.lexsort((hi, lo))
    return [(int(a), int(b), float(s)) for a, b, s in zip(lo[order], hi[order], sims[order])]


def _prune(parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]], k: int) -> tuple[np.ndarray, ...]:
    # Concatenate candidate pairs and keep those among the k best of either end.
    lo, hi, sims = (np.concatenate(column) for column in zip(*parts))
    survivors = _keep_top(lo, hi, sims, k)
    return lo[survivors].astype(np.int64), hi[survivors].astype(np.int64), sims[survivors]


def cluster_id(members: Sequence[tuple[str, int]]) -> str:
    """A stable id for a cluster: a hash of its sorted member keys."""
    text = json.dumps([[article, index] for article, index in sorted(members)], ensure_ascii=False)
    return "c" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _single(n: int, edges: list[tuple[int, int, float]], threshold: float) -> list[tuple[list[int], float]]:
    uf = UnionFind(n)
    low: dict[int, float] = {}
    for a, b, s in sorted(edges, key=lambda e: (-e[2], e[0], e[1])):
        if s < threshold:
            break
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb:
            continue
        root = uf.union(ra, rb)
        low[root] = min(low.pop(ra, 1.0), low.pop(rb, 1.0), s)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(uf.find(i), []).append(i)
    return [(m, low.get(r, 1.0)) for r, m in groups.items() if len(m) > 1]


def _community(n: int, edges: list[tuple[int, int, float]], threshold: float) -> list[tuple[list[int], float]]:
    near: list[dict[int, float]] = [{} for _ in range(n)]
    for a, b, s in edges:
        if s >= threshold:
            near[a][b] = s
            near[b][a] = s
    order = sorted(range(n), key=lambda i: (-len(near[i]), -sum(near[i].values()), i))
    taken = [False] * n
    out: list[tuple[list[int], float]] = []
    for leader in order:
        if taken[leader] or not near[leader]:
            continue
        members = [leader] + [j for j in sorted(near[leader]) if not taken[j]]
        if len(members) < 2:
            continue
        for j in members:
            taken[j] = True
        out.append((members, min(near[leader][j] for j in members[1:])))
    return out


def _agglomerate(
    vectors: np.ndarray, edges: list[tuple[int, int, float]], threshold: float, linkage: str
) -> list[tuple[list[int], float]]:
    # Best-first merging of clusters joined by a kNN edge >= threshold, while
    # the linkage between them stays >= threshold. Both linkages are exact, not
    # estimated from the sparse edges: for unit vectors the mean cosine between
    # A and B is sum(A) . sum(B) / (|A| |B|); the complete linkage is the true
    # minimum over all cross pairs, updated as min(L(a, c), L(b, c)).
    members: dict[int, list[int]] = {}
    sums: dict[int, np.ndarray] = {}
    links: dict[int, set[int]] = {}
    known: dict[tuple[int, int], float] = {}  # complete linkage of current neighbours
    low: dict[int, float] = {}
    heap: list[tuple[float, int, int]] = []
    for a, b, s in edges:
        if s < threshold:
            continue
        for x in (a, b):
            if x not in members:
                members[x], links[x], low[x] = [x], set(), 1.0
                if linkage == "average":
                    sums[x] = vectors[x].astype(np.float64)
        links[a].add(b)
        links[b].add(a)
        known[(a, b)] = s
        heap.append((-s, a, b))
    heapq.heapify(heap)

    def lowest(x: int, others: list[int]) -> np.ndarray:
        # Complete linkage of x to each of `others`: cached where known, the
        # rest from one matrix product, reduced per cluster.
        out = np.empty(len(others), dtype=np.float64)
        missing = []
        for i, c in enumerate(others):
            cached = known.pop((min(x, c), max(x, c)), None)
            if cached is None:
                missing.append(i)
            else:
                out[i] = cached
        if missing:
            cols = [members[others[i]] for i in missing]
            starts = np.cumsum([0] + [len(m) for m in cols[:-1]])
            block = vectors[members[x]].astype(np.float64) @ vectors[np.concatenate(cols)].astype(np.float64).T
            out[missing] = np.minimum.reduceat(block.min(axis=0), starts)
        return out

    next_id = len(vectors)
    while heap:
        neg, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue  # stale: one side has been merged since
        if -neg < threshold:
            break
        new, next_id = next_id, next_id + 1
        links[a].discard(b)
        links[b].discard(a)
        known.pop((min(a, b), max(a, b)), None)
        near = links.pop(a) | links.pop(b)
        size = len(members[a]) + len(members[b])
        links[new] = set()
        fits = []
        for c in sorted(near):
            links[c] -= {a, b}
            if size + len(members[c]) > MAX_CLUSTER_SIZE:
                known.pop((min(a, c), max(a, c)), None)
                known.pop((min(b, c), max(b, c)), None)
                continue  # sizes only grow: this pair can never merge
            fits.append(c)
        if linkage == "average":
            joined = sums[a] + sums[b]
            scores = [float(joined @ sums[c]) / (size * len(members[c])) for c in fits]
        else:
            scores = np.minimum(lowest(a, fits), lowest(b, fits)).tolist() if fits else []
        for c, score in zip(fits, scores):
            if linkage == "complete":
                known[(c, new)] = score
            links[c].add(new)
            links[new].add(c)
            heapq.heappush(heap, (-score, c, new))
        members[new] = members.pop(a) + members.pop(b)
        if linkage == "average":
            sums[new] = sums.pop(a) + sums.pop(b)
        low[new] = min(low.pop(a), low.pop(b), -neg)
    return [(m, low[c]) for c, m in members.items() if len(m) > 1]


class ComponentMemo(Protocol):
    """Where `cluster` keeps each component's linkage by content (`claimcheck.comparecache.CompareCache`)."""

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, Any]:
        """The stored values among `keys`."""

    def put_many(self, items: Iterable[tuple[bytes, Any]]) -> None:
        """Store values."""


# Components this small are linked faster than they are looked up.
_MEMO_FROM = 3
_MEMO_VERSION = b"cluster-components/1"


def _agglomerate_components(
    vectors: np.ndarray,
    hashes: Sequence[bytes],
    edges: list[tuple[int, int, float]],
    threshold: float,
    linkage: str,
    memo: ComponentMemo | None,
) -> list[tuple[list[int], float]]:
    """`_agglomerate` over every connected component of the edges at `threshold` on its own.

    Merges follow edges, so no merge ever joins two components, and within one
    the merges are made in the same order whatever else the archive holds (the
    heap orders them by linkage, then by node, and renumbering a component's
    nodes in order keeps that order): the groups are those of one run over all
    edges. A component is keyed by its nodes' vectors (their hashes), its
    edges with their cosines, the linkage, the threshold and the size cap.
    """
    strong = [(a, b, s) for a, b, s in edges if s >= threshold]
    if not strong:
        return []
    uf = UnionFind(len(vectors))
    for a, b, _ in strong:
        uf.union(uf.find(a), uf.find(b))
    nodes_of: dict[int, list[int]] = {}
    for node in sorted({x for a, b, _ in strong for x in (a, b)}):
        nodes_of.setdefault(uf.find(node), []).append(node)
    edge_ids_of: dict[int, list[int]] = {}  # each component's edges, by their place in `strong`
    for n, edge in enumerate(strong):
        edge_ids_of.setdefault(uf.find(edge[0]), []).append(n)
    roots = sorted(nodes_of, key=lambda r: nodes_of[r][0])
    keys: dict[int, bytes] = {}
    if memo is not None:
        ends = np.array([(a, b) for a, b, _ in strong], dtype=np.int64)
        cosines = np.array([s for _, _, s in strong], dtype=np.float64)
        local = np.zeros(len(vectors), dtype=np.int64)  # a node's place in its component
        for root in roots:
            nodes = nodes_of[root]
            if len(nodes) < _MEMO_FROM:
                continue
            local[nodes] = np.arange(len(nodes))
            ids = np.array(edge_ids_of[root], dtype=np.int64)
            digest = hashlib.blake2b(_MEMO_VERSION, digest_size=20)
            digest.update(f"{linkage}\x1f{threshold!r}\x1f{MAX_CLUSTER_SIZE}".encode())
            digest.update(b"".join(hashes[node] for node in nodes))
            digest.update(np.ascontiguousarray(local[ends[ids]]).tobytes())  # its edges, (local a, local b) rows
            digest.update(cosines[ids].tobytes())
            keys[root] = digest.digest()
    found = memo.get_many(list(keys.values())) if keys and memo is not None else {}
    fresh: list[tuple[bytes, list[tuple[list[int], float]]]] = []
    groups: list[tuple[list[int], float]] = []
    for root in roots:
        nodes = nodes_of[root]
        key = keys.get(root)
        result = found.get(key) if key is not None else None
        if result is None and len(nodes) == 2:
            # Two nodes and their edge: one merge at its cosine, as `_agglomerate` makes it.
            result = [([0, 1], min(1.0, strong[edge_ids_of[root][0]][2]))]
        if result is None:
            local = {node: i for i, node in enumerate(nodes)}
            component = [strong[n] for n in edge_ids_of[root]]
            result = _agglomerate(vectors[nodes], [(local[a], local[b], s) for a, b, s in component], threshold, linkage)
            if key is not None:
                fresh.append((key, result))
        groups.extend(([nodes[i] for i in members], low) for members, low in result)
    if fresh and memo is not None:
        memo.put_many(fresh)
    return groups


def distinct_rows(vectors: np.ndarray, keys: Sequence[tuple[str, int]]) -> tuple[list[list[int]], list[bytes]]:
    """The distinct vectors (nodes) in key order: each node's input rows, and its 16-byte hash."""
    order = sorted(range(len(keys)), key=lambda i: keys[i])
    copies: list[list[int]] = []  # node -> input rows with that exact vector
    hashes: list[bytes] = []
    seen: dict[bytes, int] = {}
    for row in order:
        digest = hashlib.blake2b(vectors[row].tobytes(), digest_size=16).digest()
        node = seen.setdefault(digest, len(copies))
        if node == len(copies):
            copies.append([])
            hashes.append(digest)
        copies[node].append(row)
    return copies, hashes


def cluster(
    vectors: np.ndarray,
    keys: Sequence[tuple[str, int]],
    threshold: float = DEFAULT_THRESHOLD,
    k: int = DEFAULT_K,
    *,
    linkage: str = DEFAULT_LINKAGE,
    neighbours: Callable[[np.ndarray], list[tuple[int, int, float]]] | None = None,
    memo: "ComponentMemo | None" = None,
    distinct: tuple[list[list[int]], list[bytes]] | None = None,
) -> list[Cluster]:
    """Clusters (size >= 2) of near-duplicate sentences, sorted by their member keys.

    `neighbours`, given the distinct vectors in `distinct_rows` order, returns
    what `nearest_neighbours(them, k, threshold)` would: a cached graph
    (`claimcheck.knngraph`) passes its edges this way. `memo` keeps the
    linkage of each connected component of the edges by its content, so a run
    that adds a few sentences links again only the components they touch.
    `distinct`, `distinct_rows(vectors, keys)` when the caller has it already,
    is not computed again.
    """
    vectors = _check_vectors(vectors)
    if len(vectors) != len(keys):
        raise ValueError(f"{len(vectors)} vectors but {len(keys)} keys")
    if len(set(keys)) != len(keys):
        raise ValueError("keys must be distinct")
    if linkage not in LINKAGES:
        raise ValueError(f"unknown linkage {linkage!r}; expected one of {', '.join(LINKAGES)}")
    # Work in key order so the result does not depend on the input order, and
    # on distinct vectors only: repeated boilerplate would otherwise fill every
    # k-nearest list with copies of itself.
    copies, hashes = distinct if distinct is not None else distinct_rows(vectors, keys)
    unique = vectors[[rows[0] for rows in copies]]
    edges = neighbours(unique) if neighbours is not None else nearest_neighbours(unique, k, threshold)
    if linkage == "single":
        groups = _single(len(unique), edges, threshold)
    elif linkage == "community":
        groups = _community(len(unique), edges, threshold)
    else:
        groups = _agglomerate_components(unique, hashes, edges, threshold, linkage, memo)
    grouped = {u for nodes, _ in groups for u in nodes}
    # Exact copies of one sentence always belong together.
    groups += [([u], 1.0) for u, rows in enumerate(copies) if len(rows) > 1 and u not in grouped]
    out = []
    for nodes, low in groups:
        members = sorted(keys[row] for u in nodes for row in copies[u])
        if len(members) > 1:
            out.append(Cluster(id=cluster_id(members), members=tuple(members), min_similarity=round(low, 6)))
    return sorted(out, key=lambda c: c.members)
