"""Benchmark every stage of the real pipeline on a folder of articles.

    python -m claimcheck.bench [CORPUS] [--sizes 0.25,0.5,1,2] [--json FILE]

Each measurement runs in a child process of its own, so that its peak memory
(the child's maximum resident set) is its own. Printed per run: wall time of
each stage, sentences per second, peak memory. Then the raw embedding time of
the model on the same sentences (`SentenceTransformer.encode` alone) and the
headline ratio: the whole cold pipeline over that raw embedding time.

Growth: cold runs on the first 1/4 and 1/2 of the corpus (each with a fresh
cache), the cold full run, and 2x: the corpus twice under two folder names, so
every article has a new id. The 2x run reuses the full run's embedding cache
(its sentences are the corpus's, embedded once), so it shows how the other
stages grow; embedding itself is linear by construction (each distinct
sentence once).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_CORPUS = Path("../shared/corpora/bbc")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child_run(corpus: Path, cache: Path, out: Path, draft: Path | None, assume: dt.date | None) -> dict:
    from claimcheck.pipeline import Settings, Timings, run
    from claimcheck.report import write_reports

    timings = Timings()
    started = time.perf_counter()
    report = run([corpus], draft=draft, settings=Settings(cache_dir=cache, assume_published=assume), timings=timings)
    t = time.perf_counter()
    write_reports(report, out)
    timings.add("report", time.perf_counter() - t)
    return {
        "stages": timings.stages,
        "wall": time.perf_counter() - started,
        "articles": len(report.articles),
        "sentences": report.sentences,
        "clusters": len(report.clusters),
        "conflicts": len(report.conflicts),
        "skipped": len(report.skipped),
        "warnings": len(report.warnings),
        "peak_mb": _peak_mb(),
    }


def _child_raw(corpus: Path) -> dict:
    from claimcheck.embed import Embedder
    from claimcheck.load import load_articles
    from claimcheck.segment import segment_batch

    loaded = load_articles([corpus])
    texts = list(dict.fromkeys(s.text for batch in segment_batch(loaded.articles) for s in batch))
    embedder = Embedder(use_cache=False)
    t = time.perf_counter()
    embedder.model  # noqa: B018 - load outside the timed encode
    load_seconds = time.perf_counter() - t
    t = time.perf_counter()
    embedder.encode_raw(texts)
    seconds = time.perf_counter() - t
    return {"distinct_sentences": len(texts), "encode": seconds, "model_load": load_seconds, "peak_mb": _peak_mb()}


def _spawn(args: list[str]) -> dict:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    done = subprocess.run([sys.executable, "-m", "claimcheck.bench", *args], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(f"benchmark child failed: {' '.join(args)}\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _subset(corpus: Path, fraction: float, work: Path) -> Path:
    from claimcheck.load import article_files

    files = article_files(corpus)
    folder = work / f"corpus-{fraction:g}x"
    copies = 2 if fraction > 1 else 1
    count = len(files) if fraction > 1 else max(1, round(len(files) * fraction))
    for copy in range(copies):
        for path, article_id in files[:count]:
            target = folder / f"copy{copy}" / f"{article_id}{path.suffix}"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(path.resolve())
    return folder


def _draft(corpus: Path, work: Path) -> Path:
    """A new article: the corpus's last one with its figures changed, so its sentences are new."""
    from claimcheck.load import article_files

    path, _ = article_files(corpus)[-1]
    text = path.read_text(encoding="utf-8", errors="replace")
    head, body = "", text
    if text.startswith("---\n") and "\n---\n" in text[4:]:
        cut = text.index("\n---\n", 4) + 5
        head, body = text[:cut], text[cut:]
    changed = head + "".join(str((int(ch) + 3) % 10) if ch.isdigit() else ch for ch in body)
    draft = work / "draft" / "new-article.txt"
    draft.parent.mkdir(parents=True, exist_ok=True)
    draft.write_text(changed + "\nThis paragraph was added to the draft today.\n", encoding="utf-8")
    return draft


def _line(name: str, result: dict) -> str:
    stages = "  ".join(f"{k} {v:6.1f}s" for k, v in result["stages"].items())
    rate = result["sentences"] / result["wall"] if result["wall"] else 0
    return f"{name:<12} wall {result['wall']:7.1f}s  {rate:7.0f} sent/s  peak {result['peak_mb']:6.0f} MB  | {stages}"


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(prog="python -m claimcheck.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sizes", default="0.25,0.5", help="corpus fractions below 1 for cold growth runs")
    parser.add_argument("--json", type=Path, default=None, help="also write every figure to this file")
    parser.add_argument("--assume-published", type=dt.date.fromisoformat, default=None,
                        help="publication date for undated articles (the BBC corpus: 2005-01-01)")
    parser.add_argument("--child", choices=["run", "raw"], help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--draft", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child == "run":
        print(json.dumps(_child_run(args.corpus, args.cache, args.out, args.draft, args.assume_published)))
        return
    if args.child == "raw":
        print(json.dumps(_child_raw(args.corpus)))
        return

    if not args.corpus.is_dir():
        raise SystemExit(f"Error: {args.corpus}: no such folder")
    results: dict = {
        "machine": {"cores": os.cpu_count(), "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1), "python": platform.python_version(), "platform": platform.platform()},
        "date": time.strftime("%Y-%m-%d"),
        "corpus": str(args.corpus),
    }
    print(f"machine: {results['machine']}  date: {results['date']}  corpus: {args.corpus}")
    with tempfile.TemporaryDirectory(prefix="claimcheck-bench-") as tmp:
        work = Path(tmp)

        assume = ["--assume-published", args.assume_published.isoformat()] if args.assume_published else []

        def run_child(name: str, corpus: Path, cache: Path, draft: Path | None = None) -> dict:
            extra = ["--draft", str(draft)] if draft else []
            extra += assume
            result = _spawn(["--child", "run", str(corpus), "--cache", str(cache), "--out", str(work / f"out-{name}"), *extra])
            print(_line(name, result), flush=True)
            return result

        cache = work / "cache-full"
        results["cold"] = run_child("cold", args.corpus, cache)
        results["warm"] = run_child("warm", args.corpus, cache)
        raw = _spawn(["--child", "raw", str(args.corpus)])
        results["raw_embedding"] = raw
        print(f"raw encode   {raw['encode']:7.1f}s for {raw['distinct_sentences']} distinct sentences "
              f"({raw['distinct_sentences'] / raw['encode']:.0f} sent/s; model load {raw['model_load']:.1f}s)")
        results["ratio_cold_to_raw"] = results["cold"]["wall"] / raw["encode"]
        results["ratio_warm_to_cold"] = results["warm"]["wall"] / results["cold"]["wall"]
        print(f"cold pipeline / raw embedding = {results['ratio_cold_to_raw']:.2f}   (target <= 1.5)")
        print(f"warm / cold                   = {results['ratio_warm_to_cold']:.2%}  (target <= 10%)")

        draft = _draft(args.corpus, work)
        t = time.perf_counter()
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "CLAIMCHECK_CACHE": str(cache)}
        cli = subprocess.run(
            [sys.executable, "-m", "claimcheck", "check", str(draft), "--against", str(args.corpus), "--out", str(work / "out-draft"), "-q", *assume],
            capture_output=True, text=True, env=env,
        )
        results["draft_check_wall"] = time.perf_counter() - t
        print(f"draft check  {results['draft_check_wall']:7.1f}s wall, model loading included (exit {cli.returncode}; target < 10 s)")

        results["growth"] = {}
        for size in (float(s) for s in args.sizes.split(",") if s):
            subset = _subset(args.corpus, size, work)
            results["growth"][f"{size:g}"] = run_child(f"{size:g}x cold", subset, work / f"cache-{size:g}")
            shutil.rmtree(subset)
        results["growth"]["1"] = results["cold"]
        double = _subset(args.corpus, 2, work)
        results["growth"]["2"] = run_child("2x, embeddings cached", double, cache)
        shutil.rmtree(double)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
