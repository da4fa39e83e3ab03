"""Measure claimcheck.cluster: devset quality per linkage and threshold, and cost on a large corpus.

Reads the shared data in place (never copies it):
  ../shared/devsets/msrp-paraphrase-grouped   gold paraphrase groups (pairwise P/R/F1)
  ../shared/corpora/bbc                      ~42,000 news sentences (time, memory, cluster sizes)

The BBC sentences also serve as distractors: the devset is clustered again
mixed into them, and "mixed P" is the precision of pairs that involve a devset
sentence, which shows how a method chains when the haystack is large. Each
row also says whether two seed-article probe pairs share a cluster (a sanity
check only; nothing is tuned to them).

Usage (from the repository root):
  HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/cluster_devset.py --cache /tmp/cc_cluster/cache
  add --no-corpus to score the devset only, --search to compare exact and HNSW search,
  --backend torch|onnx|onnx-int8 to embed with another backend than the pipeline's default.
  The first run embeds ~42,000 sentences (about ten minutes on 2 cores); later runs read the cache.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from claimcheck import cluster as cl  # noqa: E402
from claimcheck.embed import BACKENDS, Embedder  # noqa: E402
from claimcheck.model import Article  # noqa: E402
from claimcheck.segment import segment_batch  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEVSET = SHARED / "devsets" / "msrp-paraphrase-grouped"
CORPUS = SHARED / "corpora" / "bbc"
SEEDS = SHARED / "seeds"
# Sanity probes on the seed articles (never tuned to): pairs that should and
# should not share a cluster, by the start of each sentence.
SEED_TOGETHER = ("Furthermore, Cambodia is the ASEAN Country Coordinator", "Iangareev noted that from August 2021")
SEED_APART = ("The 55th ASEAN Foreign Ministers", "All in all, the ASEAN Charter entered into force")
DEV_PREFIX = "msrp/"
LAST_CPU = 0.0
THRESHOLDS = (0.6, 0.65, 0.7, 0.75, 0.8, 0.85)


def load_devset() -> tuple[list[str], list[int]]:
    """Devset sentences and their gold group per line."""
    texts = (DEVSET / "phrases.txt").read_text(encoding="utf-8").splitlines()
    gold = [0] * len(texts)
    with (DEVSET / "phrase_groups.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            gold[int(row["phrase_index"])] = int(row["paraphrase_group_index"])
    return texts, gold


def load_corpus(folder: Path) -> tuple[list[str], list[tuple[str, int]]]:
    """Sentences of every article under `folder` and their (article id, index) keys."""
    files = sorted(folder.glob("*/*.txt"))
    articles = [
        Article(id=str(p.relative_to(folder)), path=str(p), text=p.read_text(encoding="utf-8", errors="replace"))
        for p in files
    ]
    sentences = [s for batch in segment_batch(articles) for s in batch]
    return [s.text for s in sentences], [(s.article, s.index) for s in sentences]


def load_seeds(folder: Path) -> tuple[list[str], list[tuple[str, int]]]:
    """Sentences of the seed articles and their keys."""
    files = sorted(folder.glob("*.txt"))
    articles = [Article(id=p.stem, path=str(p), text=p.read_text(encoding="utf-8", errors="replace")) for p in files]
    sentences = [s for batch in segment_batch(articles) for s in batch]
    return [s.text for s in sentences], [(s.article, s.index) for s in sentences]


def seed_check(vectors: np.ndarray, texts: list[str], keys: list[tuple[str, int]], linkage: str, threshold: float,
               k: int) -> str:
    """Whether the seed probe pairs share a cluster, and the largest seed clusters."""
    found = cl.cluster(vectors, keys, threshold, k, linkage=linkage)
    where = {m: c.id for c in found for m in c.members}

    def together(pair: tuple[str, str]) -> bool:
        a, b = (next(keys[i] for i, t in enumerate(texts) if t.startswith(p)) for p in pair)
        return a in where and where[a] == where.get(b)

    sizes = sorted((len(c.members) for c in found), reverse=True)
    return (f"together {'yes' if together(SEED_TOGETHER) else 'NO'}, apart {'NO' if together(SEED_APART) else 'yes'}, "
            f"{len(found)} clusters, largest {sizes[:3]}")


def gold_pairs(gold: list[int]) -> set[tuple[int, int]]:
    """Every same-group pair (i < j) of devset lines."""
    groups: dict[int, list[int]] = {}
    for i, g in enumerate(gold):
        groups.setdefault(g, []).append(i)
    return {(a, b) for m in groups.values() for x, a in enumerate(m) for b in m[x + 1 :]}


def predicted_pairs(clusters: list, devset_only: bool) -> tuple[set[tuple[int, int]], int]:
    """Devset pairs inside clusters, and the count of pairs mixing a devset and a corpus sentence."""
    pairs: set[tuple[int, int]] = set()
    foreign = 0
    for c in clusters:
        dev = sorted(int(a[len(DEV_PREFIX) :]) for a, _ in c.members if a.startswith(DEV_PREFIX))
        pairs |= {(a, b) for x, a in enumerate(dev) for b in dev[x + 1 :]}
        if not devset_only:
            foreign += len(dev) * (len(c.members) - len(dev))
    return pairs, foreign


def prf(pred: set, gold: set, extra_false: int = 0) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1."""
    hit = len(pred & gold)
    p = hit / (len(pred) + extra_false) if pred or extra_false else 1.0
    r = hit / len(gold) if gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def measure(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    """Run fn; return its result, wall seconds, tracemalloc peak MB and max-RSS growth MB.

    Also records CPU seconds (all threads) in LAST_CPU: on a shared machine the
    wall time swings with other load, the CPU time much less.
    """
    global LAST_CPU
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn(*args, **kwargs)
    seconds = time.perf_counter() - t0
    LAST_CPU = time.process_time() - c0
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    rss = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0) / 1024
    return out, seconds, peak, rss


def hnsw_edges(vectors: np.ndarray, k: int, floor: float) -> set[tuple[int, int]]:
    """kNN pairs >= floor from a faiss HNSW index (M=16, efConstruction=40, efSearch=32)."""
    import faiss

    index = faiss.IndexHNSWFlat(vectors.shape[1], 16, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = 40
    index.add(vectors)
    index.hnsw.efSearch = 32
    sims, ids = index.search(vectors, k + 1)
    rows = np.repeat(np.arange(len(vectors)), k + 1)
    cols, sims = ids.reshape(-1), sims.reshape(-1)
    keep = (cols >= 0) & (cols != rows) & (sims >= floor)
    lo, hi = np.minimum(rows[keep], cols[keep]), np.maximum(rows[keep], cols[keep])
    return set(zip(lo.tolist(), hi.tolist()))


def search_report(vectors: np.ndarray, k: int, floors: list[float]) -> None:
    """Time exact (claimcheck) and HNSW kNN search; recall of HNSW on the exact edges >= each floor."""
    vectors = np.unique(vectors, axis=0)  # as cluster() sees them
    low = min(floors)
    exact, seconds, peak, rss = measure(cl.nearest_neighbours, vectors, k, low)
    print(f"  exact k={k} n={len(vectors)}: {seconds:5.1f}s (cpu {LAST_CPU:5.1f}s)  tracemalloc peak {peak:.0f} MB  maxrss +{rss:.0f} MB")
    approx, seconds, peak, rss = measure(hnsw_edges, vectors, k, low)
    print(f"  hnsw  k={k} n={len(vectors)}: {seconds:5.1f}s (cpu {LAST_CPU:5.1f}s)  tracemalloc peak {peak:.0f} MB  maxrss +{rss:.0f} MB")
    for floor in sorted(floors):
        want = {(a, b) for a, b, s in exact if s >= floor}
        print(f"  HNSW recall of exact edges >= {floor}: {len(want & approx) / max(1, len(want)):.4f} of {len(want)}")
    # The pipeline's graph (claimcheck.knngraph): exact lists against its HNSW lists (used above
    # APPROXIMATE_ABOVE nodes), edges at the cluster threshold as the pipeline takes them.
    from claimcheck.knngraph import NeighbourGraph, hnsw_lists

    graph, seconds, _, _ = measure(lambda: NeighbourGraph(k, low).update(vectors))
    print(f"  knngraph exact lists n={len(vectors)}: {seconds:5.1f}s (cpu {LAST_CPU:5.1f}s)")
    approx_graph = NeighbourGraph(k, low)
    (approx_graph.idx, approx_graph.sims), seconds, _, _ = measure(hnsw_lists, vectors, approx_graph.K, low - 1e-5)
    approx_graph.hashes = graph.hashes
    print(f"  knngraph HNSW lists n={len(vectors)}: {seconds:5.1f}s (cpu {LAST_CPU:5.1f}s)")
    for floor in sorted({*floors, cl.DEFAULT_THRESHOLD}):
        want = {(a, b) for a, b, _ in graph.edges(vectors, k, floor)}
        got = {(a, b) for a, b, _ in approx_graph.edges(vectors, k, floor)}
        print(f"  knngraph HNSW recall of exact edges >= {floor}: {len(want & got) / max(1, len(want)):.4f} of {len(want)}")


def size_summary(clusters: list) -> str:
    """Cluster count, size histogram and the largest sizes."""
    sizes = sorted((len(c.members) for c in clusters), reverse=True)
    if not sizes:
        return "0 clusters"
    bins = Counter("2" if s == 2 else "3-5" if s <= 5 else "6-10" if s <= 10 else "11-50" if s <= 50 else ">50"
                   for s in sizes)
    hist = " ".join(f"{b}:{bins[b]}" for b in ("2", "3-5", "6-10", "11-50", ">50") if bins[b])
    return f"{len(sizes)} clusters, {sum(sizes)} sentences; sizes {hist}; largest {sizes[:5]}"


def main() -> int:
    """Print the tables."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/cc_cluster/cache"))
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--no-corpus", action="store_true")
    parser.add_argument("--search", action="store_true", help="compare exact and HNSW search")
    parser.add_argument("--seeds", type=Path, default=SEEDS, help="seed articles for the sanity probes")
    parser.add_argument("-k", type=int, default=cl.DEFAULT_K)
    parser.add_argument("--backend", choices=BACKENDS, default=None, help="embedding backend [default: the pipeline's]")
    parser.add_argument("--linkages", default=",".join(cl.LINKAGES))
    parser.add_argument("--thresholds", default=",".join(map(str, THRESHOLDS)))
    args = parser.parse_args()
    linkages = args.linkages.split(",")
    thresholds = [float(t) for t in args.thresholds.split(",")]

    embedder = Embedder(cache_dir=args.cache, backend=args.backend)
    print(f"backend: {embedder.backend}")
    texts, gold = load_devset()
    dev_vectors = embedder.embed(texts)
    # MSRP pairs come from different articles: one article id per sentence.
    dev_keys = [(f"{DEV_PREFIX}{i}", 0) for i in range(len(texts))]
    truth = gold_pairs(gold)
    corpus_vectors = corpus_keys = None
    if not args.no_corpus:
        t0 = time.perf_counter()
        corpus_texts, corpus_keys = load_corpus(args.corpus)
        corpus_vectors = embedder.embed(corpus_texts)
        print(f"corpus: {len(corpus_keys)} sentences from {args.corpus}, loaded in {time.perf_counter() - t0:.1f}s "
              f"({embedder.computed} embedded now)")
    seed_texts, seed_keys = load_seeds(args.seeds)
    seed_vectors = embedder.embed(seed_texts)
    embedder.close()
    print(f"devset: {len(texts)} sentences, {len(truth)} gold pairs; k={args.k}")

    if args.search and corpus_vectors is not None:
        search_report(corpus_vectors, args.k, thresholds)

    header = f"{'linkage':10s} {'thr':>5s} | {'P':>5s} {'R':>5s} {'F1':>5s} | seeds"
    if corpus_vectors is not None:
        header += f" | {'mixP':>5s} {'mixF1':>5s} | corpus: wall (cpu) seconds, tracemalloc peak, clusters"
    print(header)
    for linkage in linkages:
        for threshold in thresholds:
            found = cl.cluster(dev_vectors, dev_keys, threshold, args.k, linkage=linkage)
            p, r, f = prf(predicted_pairs(found, True)[0], truth)
            line = f"{linkage:10s} {threshold:5.2f} | {p:5.3f} {r:5.3f} {f:5.3f}"
            line += f" | {seed_check(seed_vectors, seed_texts, seed_keys, linkage, threshold, args.k)}"
            if corpus_vectors is not None:
                mixed = cl.cluster(np.vstack([corpus_vectors, dev_vectors]), corpus_keys + dev_keys,
                                   threshold, args.k, linkage=linkage)
                pred, foreign = predicted_pairs(mixed, False)
                mp, _, mf = prf(pred, truth, foreign)
                found, seconds, peak, _ = measure(cl.cluster, corpus_vectors, corpus_keys, threshold, args.k,
                                                  linkage=linkage)
                line += (f" | {mp:5.3f} {mf:5.3f} | {seconds:5.1f}s (cpu {LAST_CPU:5.1f}s) {peak:4.0f} MB  "
                         f"{size_summary(found)}")
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
