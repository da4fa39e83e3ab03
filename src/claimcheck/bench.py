"""Benchmark every stage of the real pipeline on a folder of articles.

    python -m claimcheck.bench [CORPUS] [--sizes 0.25,0.5] [--copies 2,4] [--json FILE]
                               [--runs raw,cold,warm,new,draft,startup,growth] [--baseline SRC]
                               [--warm-cache DIR]

Each measurement runs in a child process of its own, so that its peak memory
(the child's maximum resident set) is its own. Printed per run: wall time of
each stage, sentences per second, peak memory.

Raw embedding: the corpus's distinct sentences through each backend (torch
fp32, ONNX fp32, ONNX int8) side by side in one child, in interleaved chunks
of 2,000 sentences, so that the three see the same load on a shared machine;
the ratios are the figures to trust there. The same child compares the
vectors (cosine of each backend's to torch's, over every sentence).

Runs: cold (empty caches, the default backend), warm (nothing changed), one
new article added to the warm archive (the same folder as the warm run's, a
tree of links to the corpus, so only the new file is new), a draft checked
against it from the command line (model loading included), start-up of the
command line, and growth: cold runs on the first 1/4 and 1/2 of the corpus
(each with a fresh cache; the full cold run is 4x the first), and the corpus 2
and 4 times over under new ids with the full run's embedding cache (so every
article is read, parsed and compared again, and embedding, linear by
construction, is not repeated).

With `--warm-cache DIR` the cold run is not made: the runs start from a copy
of that cache folder (an earlier run's on the same corpus), which a first warm
run brings up to date for this code.

With `--baseline SRC` (a folder holding another version's `src/`, e.g. from
`git archive`), the one-new-article run is also made with that code, on a copy
of the same warm cache brought up to date for it by one warm run, right before
this code's; the two runs' reports must be byte-identical. Every run gives
wall and CPU seconds: on a shared machine the CPU seconds are the steadier.
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


class _RssSampler:
    """The resident set, sampled every 50 ms by a thread: its highest value while each stage ran."""

    def __init__(self) -> None:
        import threading

        self.stage = "imports"
        self.peaks: dict[str, float] = {}
        self._page = os.sysconf("SC_PAGE_SIZE")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _rss_mb(self) -> float:
        try:
            with open("/proc/self/statm", "rb") as handle:
                return int(handle.read().split()[1]) * self._page / 2**20
        except OSError:
            return 0.0

    def _sample(self) -> None:
        while not self._stop.wait(0.05):
            self.mark(self.stage)

    def mark(self, stage: str) -> None:
        """Record the current resident set under the stage that was running, then move on to `stage`."""
        current = self._rss_mb()
        self.peaks[self.stage] = max(self.peaks.get(self.stage, 0.0), current)
        self.stage = stage

    def stop(self) -> dict[str, float]:
        """Stop sampling; the peak per stage in MB, in the order the stages ran."""
        self._stop.set()
        self._thread.join()
        self.mark(self.stage)
        return {stage: round(mb, 1) for stage, mb in self.peaks.items()}


def _child_run(corpus: Path, cache: Path, out: Path, draft: Path | None, assume: dt.date | None) -> dict:
    sampler = _RssSampler()
    started = time.perf_counter()
    from claimcheck.pipeline import Settings, Timings, run
    from claimcheck.report import write_reports

    timings = Timings()
    imports = time.perf_counter() - started
    started = time.perf_counter()
    report = run([corpus], draft=draft, settings=Settings(cache_dir=cache, assume_published=assume), timings=timings,
                 on_stage=sampler.mark)
    t = time.perf_counter()
    sampler.mark("writing reports")
    write_reports(report, out)
    timings.add("report", time.perf_counter() - t)
    rss = sampler.stop()
    helper = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "rss_peak_by_stage_mb": rss,
        "stages": timings.stages,
        "wall": time.perf_counter() - started,
        "imports": imports,
        # The helper process's CPU counts too (claimcheck.forked): it has ended, and been waited for.
        "cpu": time.process_time() + helper.ru_utime + helper.ru_stime,
        "cpu_helper": helper.ru_utime + helper.ru_stime,
        "helper_peak_mb": helper.ru_maxrss / 1024,
        "articles": len(report.articles),
        "sentences": report.sentences,
        "clusters": len(report.clusters),
        "conflicts": len(report.conflicts),
        "skipped": len(report.skipped),
        "warnings": len(report.warnings),
        "peak_mb": _peak_mb(),
    }


def _child_raw(corpus: Path, limit: int, chunk: int = 2000) -> dict:
    import numpy as np

    from claimcheck.embed import BACKENDS, Embedder
    from claimcheck.load import load_articles
    from claimcheck.segment import segment_batch

    loaded = load_articles([corpus])
    texts = list(dict.fromkeys(s.text for batch in segment_batch(loaded.articles) for s in batch))
    if limit:
        texts = texts[:limit]
    with tempfile.TemporaryDirectory(prefix="claimcheck-raw-") as tmp:
        embedders = {b: Embedder(Path(tmp), use_cache=False, backend=b) for b in ("torch", "onnx", "onnx-int8")}
        loads = {}
        for backend, embedder in embedders.items():
            t = time.perf_counter()
            embedder.model  # noqa: B018 - load (and on first use export) outside the timed encode
            loads[backend] = time.perf_counter() - t
        seconds = dict.fromkeys(embedders, 0.0)
        cpu = dict.fromkeys(embedders, 0.0)
        vectors = {b: np.zeros((len(texts), 384), dtype=np.float32) for b in embedders}
        for start in range(0, len(texts), chunk):
            part = texts[start : start + chunk]
            for backend, embedder in embedders.items():
                t, c = time.perf_counter(), time.process_time()
                vectors[backend][start : start + len(part)] = embedder.encode_raw(part)
                seconds[backend] += time.perf_counter() - t
                cpu[backend] += time.process_time() - c
    tokenizer = embedders["onnx"].model.tokenizer  # type: ignore[attr-defined]
    tokens = np.array([len(e.ids) for e in tokenizer.encode_batch(texts)])
    agreement = {}
    for backend in ("onnx", "onnx-int8"):
        cos = (vectors[backend].astype(np.float64) * vectors["torch"]).sum(axis=1)
        agreement[backend] = {"mean": float(cos.mean()), "min": float(cos.min()), "p001": float(np.quantile(cos, 0.001)),
                              "below_0.95": int((cos < 0.95).sum()), "below_0.99": int((cos < 0.99).sum())}
    assert set(embedders) <= set(BACKENDS)
    return {
        "distinct_sentences": len(texts), "tokens_mean": float(tokens.mean()), "tokens_total": int(tokens.sum()),
        "attention_tokens_sq_total": int((tokens.astype(np.int64) ** 2).sum()),
        "encode": seconds, "encode_cpu": cpu, "model_load": loads, "cosine_to_torch": agreement, "peak_mb": _peak_mb(),
    }


def _flops(raw: dict) -> float:
    """Multiply-adds x 2 of all-MiniLM-L6-v2 over the sentences: 6 layers of d=384, FFN 1536."""
    d, ffn, layers = 384, 1536, 6
    per_token = layers * (4 * d * d + 2 * d * ffn)  # Q, K, V, output; FFN in and out
    attention = layers * 2 * d  # QK^T and AV, per token pair
    return 2.0 * (per_token * raw["tokens_total"] + attention * raw["attention_tokens_sq_total"])


def _machine() -> dict:
    info = {"cores": os.cpu_count(), "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "python": platform.python_version(), "platform": platform.platform()}
    try:
        text = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        info["cpu"] = fields.get("Model name", "").strip()
        flags = fields.get("Flags", "").split()
        info["int8_flags"] = [f for f in ("avx2", "avx512f", "avx512_vnni", "avx_vnni", "amx_int8") if f in flags]
    except OSError:
        pass
    from importlib import metadata

    for dist in ("torch", "onnxruntime", "sentence-transformers", "transformers", "numpy", "faiss-cpu"):
        try:
            info[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            pass
    return info


def _timed(command: list[str], env: dict, repeat: int) -> dict:
    """Wall and CPU seconds (children's user + sys) of a command, `repeat` times: median and lowest."""
    walls, cpus, code = [], [], 0
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, env=env)
        walls.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        code = done.returncode
    walls.sort()
    cpus.sort()
    return {"median": walls[len(walls) // 2], "lowest": walls[0], "cpu_median": cpus[len(cpus) // 2], "exit": code, "runs": repeat}


def _spawn(args: list[str], source: Path | None = None) -> dict:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    # As an installed claimcheck runs: with its modules' bytecode cached, not compiled from source each time.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    command = [sys.executable, "-m", "claimcheck.bench", *args]
    if source is not None:
        # That version's package, with this module's child (the same measurements for both).
        env["PYTHONPATH"] = str(source / "src")
        run_this = f"import runpy, sys; sys.argv = {[__file__, *args]!r}; runpy.run_path({__file__!r}, run_name='__main__')"
        command = [sys.executable, "-c", run_this]
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(f"benchmark child failed: {' '.join(args)}\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _subset(corpus: Path, fraction: float, work: Path, extra: Path | None = None) -> Path:
    """Symlinks to a fraction of the corpus, or (fraction > 1) to that many copies of it under new ids."""
    from claimcheck.load import article_files

    files = article_files(corpus)
    folder = work / f"corpus-{fraction:g}x{'-plus' if extra else ''}"
    copies = int(fraction) if fraction > 1 else 1
    count = len(files) if fraction >= 1 else max(1, round(len(files) * fraction))
    for copy in range(copies):
        for path, article_id in files[:count]:
            target = folder / (f"copy{copy}" if copies > 1 else "") / f"{article_id}{path.suffix}"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(path.resolve())
    if extra is not None:
        (folder / "zz-new" / extra.name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "zz-new" / extra.name).symlink_to(extra.resolve())
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
    rss = result.get("rss_peak_by_stage_mb")
    helper = f" (helper {result['helper_peak_mb']:,.0f} MB)" if result.get("helper_peak_mb") else ""
    memory = ("\n             resident set, highest per stage: " + " · ".join(f"{k} {v:,.0f} MB" for k, v in rss.items())) if rss else ""
    return (f"{name:<12} wall {result['wall']:7.1f}s  cpu {result.get('cpu', 0):7.1f}s  {rate:7.0f} sent/s  "
            f"peak {result['peak_mb']:6.0f} MB{helper}  | {stages}{memory}")


def _same_reports(a: Path, b: Path) -> bool:
    """Whether two report folders hold the same files, byte for byte."""
    names = sorted(p.name for p in a.iterdir())
    return names == sorted(p.name for p in b.iterdir()) and all((a / n).read_bytes() == (b / n).read_bytes() for n in names)


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(prog="python -m claimcheck.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sizes", default="0.25,0.5", help="corpus fractions below 1 for cold growth runs")
    parser.add_argument("--copies", default="2,4", help="corpus multiples (new ids, embeddings cached) for growth runs")
    parser.add_argument("--raw-limit", type=int, default=0, help="embed only this many distinct sentences raw (0: all)")
    parser.add_argument("--json", type=Path, default=None, help="also write every figure to this file")
    parser.add_argument("--runs", default="raw,cold,warm,new,draft,startup,growth",
                        help="which measurements to make (cold is made whenever a later one needs its cache)")
    parser.add_argument("--baseline", type=Path, default=None,
                        help="a folder with another version's src/: its one-new-article run beside this code's")
    parser.add_argument("--warm-cache", type=Path, default=None,
                        help="start from a copy of this cache folder (an earlier run's on the same corpus) instead of "
                             "a cold run: the warm run brings it up to date for this code")
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
        print(json.dumps(_child_raw(args.corpus, args.raw_limit)))
        return

    if not args.corpus.is_dir():
        raise SystemExit(f"Error: {args.corpus}: no such folder")
    results: dict = {"machine": _machine(), "date": time.strftime("%Y-%m-%d"), "corpus": str(args.corpus),
                     "load_average_start": os.getloadavg()}
    print(f"machine: {results['machine']}  date: {results['date']}  corpus: {args.corpus}  load {os.getloadavg()}")

    def save() -> None:
        if args.json:
            args.json.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")

    runs = {r.strip() for r in args.runs.split(",") if r.strip()}
    with tempfile.TemporaryDirectory(prefix="claimcheck-bench-") as tmp:
        work = Path(tmp)
        assume = ["--assume-published", args.assume_published.isoformat()] if args.assume_published else []

        def run_child(name: str, corpus: Path, cache: Path, draft: Path | None = None, source: Path | None = None) -> dict:
            extra = ["--draft", str(draft)] if draft else []
            extra += assume
            result = _spawn(["--child", "run", str(corpus), "--cache", str(cache), "--out", str(work / f"out-{name}"), *extra],
                            source)
            print(_line(name, result), flush=True)
            return result

        torch_seconds = None
        if "raw" in runs:
            raw = _spawn(["--child", "raw", str(args.corpus), "--raw-limit", str(args.raw_limit)])
            results["raw_embedding"] = raw
            n = raw["distinct_sentences"]
            for backend, seconds in raw["encode"].items():
                print(f"raw encode {backend:<10} {seconds:7.1f}s for {n} distinct sentences ({n / seconds:5.0f} sent/s, "
                      f"cpu {raw['encode_cpu'][backend]:.1f}s; model load {raw['model_load'][backend]:.1f}s)", flush=True)
            torch_seconds = raw["encode"]["torch"]
            results["throughput_vs_torch"] = {b: torch_seconds / s for b, s in raw["encode"].items()}
            flops = _flops(raw)
            results["flops_per_sentence"] = flops / n
            results["achieved_gflops"] = {b: flops / s / 1e9 for b, s in raw["encode"].items()}
            for backend, stats in raw["cosine_to_torch"].items():
                print(f"cosine {backend} to torch: mean {stats['mean']:.4f}, lowest {stats['min']:.4f}, 0.1% {stats['p001']:.4f}; "
                      f"{stats['below_0.95']} below 0.95  (bar: mean >= 0.99, lowest >= 0.95)")
            print("throughput / torch: " + ", ".join(f"{b} {r:.2f}x" for b, r in results["throughput_vs_torch"].items())
                  + f"  ({flops / n / 1e9:.2f} GFLOP per sentence, mean {raw['tokens_mean']:.1f} tokens)", flush=True)
            save()

        # The archive the cold, warm and one-new-article runs read: links to the corpus in a folder of its
        # own, so that the new article is added to the very folder the warm caches were made from.
        archive = _subset(args.corpus, 1, work)
        cache = work / "cache-full"
        if args.warm_cache is not None:
            shutil.copytree(args.warm_cache, cache)
            results["warm_cache_from"] = str(args.warm_cache)
            runs.discard("cold")
        elif runs & {"cold", "warm", "new", "draft", "growth"}:
            results["cold"] = run_child("cold", archive, cache)
            if torch_seconds:
                results["ratio_cold_to_raw_torch"] = results["cold"]["wall"] / torch_seconds
                print(f"cold pipeline / raw torch embedding = {results['ratio_cold_to_raw_torch']:.2f}   (target <= 1.3)")
            save()
        if runs & {"warm", "new", "draft"}:
            results["warm"] = run_child("warm", archive, cache)
            if "cold" in results:
                results["ratio_warm_to_cold"] = results["warm"]["wall"] / results["cold"]["wall"]
                print(f"warm / cold                         = {results['ratio_warm_to_cold']:.2%}  (target <= 5%)")
            else:
                # The copied cache is brought up to date for this code by the first warm run; the second
                # is the warm run with nothing changed.
                results["warm"] = run_child("warm again", archive, cache)
            save()

        draft = _draft(args.corpus, work)
        if "new" in runs:
            added = archive / "zz-new" / draft.name
            if args.baseline is not None:
                # The other version on a copy of the same warm cache: one warm run brings its comparison
                # cache up to date (its code digest differs), then the same new article.
                base_cache = work / "cache-baseline"
                shutil.copytree(cache, base_cache)
                results["baseline_warm"] = run_child("base warm", archive, base_cache, source=args.baseline)
                added.parent.mkdir(parents=True, exist_ok=True)
                added.symlink_to(draft.resolve())
                results["baseline_one_new_article"] = run_child("base +1", archive, base_cache, source=args.baseline)
                added.unlink()
                shutil.rmtree(base_cache)
            added.parent.mkdir(parents=True, exist_ok=True)
            added.symlink_to(draft.resolve())
            results["one_new_article"] = run_child("+1 article", archive, cache)
            print(f"one new article on the warm archive: {results['one_new_article']['wall']:.1f}s  (target <= 5 s)")
            if args.baseline is not None:
                same = _same_reports(work / "out-base +1", work / "out-+1 article")
                results["baseline_reports_identical"] = same
                print(f"reports of the baseline and this code: {'byte-identical' if same else 'DIFFERENT'}")
            added.unlink()
            save()
        if "draft" in runs:
            env = {**os.environ, "HF_HUB_OFFLINE": "1", "CLAIMCHECK_CACHE": str(cache)}
            check = [sys.executable, "-m", "claimcheck", "check", str(draft), "--against", str(archive), "--out",
                     str(work / "out-draft"), "-q", *assume]
            results["draft_check"] = _timed(check, env, 1)
            print(f"draft check  {results['draft_check']['median']:7.1f}s wall, model loading included (exit {results['draft_check']['exit']})")
            save()

        if "startup" in runs:
            env = {**os.environ, "HF_HUB_OFFLINE": "1", "CLAIMCHECK_CACHE": str(cache)}
            script = Path(sys.executable).with_name("claimcheck")
            cli = [str(script)] if script.exists() else [sys.executable, "-m", "claimcheck"]
            seeds = Path("articles")
            results["startup"] = {"version": _timed([*cli, "--version"], env, 7), "help": _timed([*cli, "--help"], env, 7)}
            if seeds.is_dir():
                seed_env = {**env, "CLAIMCHECK_CACHE": str(work / "cache-seeds")}
                seed_check = [*cli, "check", str(seeds), "--out", str(work / "out-seeds"), "-q"]
                _timed(seed_check, seed_env, 1)  # fills the caches
                results["startup"]["cached_check_articles"] = _timed(seed_check, seed_env, 5)
            print("start-up: " + ", ".join(f"{k} {v['median']:.2f}s (lowest {v['lowest']:.2f}, cpu {v['cpu_median']:.2f})"
                                           for k, v in results["startup"].items()) + "  (targets 0.3 s, 0.3 s, 2 s)")
            save()

        if "growth" in runs:
            results["growth"] = {}
            for size in (float(s) for s in args.sizes.split(",") if s):
                subset = _subset(args.corpus, size, work)
                results["growth"][f"{size:g}"] = run_child(f"{size:g}x cold", subset, work / f"cache-{size:g}")
                shutil.rmtree(subset)
                shutil.rmtree(work / f"cache-{size:g}", ignore_errors=True)
                save()
            if "cold" in results:
                results["growth"]["1"] = results["cold"]
            quarter = results["growth"].get("0.25")
            if quarter and "cold" in results:
                # The full corpus is 4x its first quarter: the "4x the corpus" of the targets, every article distinct.
                results["ratio_4x_corpus"] = {
                    "wall": results["cold"]["wall"] / quarter["wall"],
                    "cpu": results["cold"]["cpu"] / quarter["cpu"] if quarter.get("cpu") else None,
                    "sentences": results["cold"]["sentences"] / quarter["sentences"],
                    "stages": {k: results["cold"]["stages"][k] / v for k, v in quarter["stages"].items() if v > 0},
                }
                ratio = results["ratio_4x_corpus"]
                print(f"full / first quarter: {ratio['sentences']:.2f}x the sentences in {ratio['wall']:.2f}x the wall time, "
                      f"{ratio['cpu'] or 0:.2f}x the CPU time  (target <= 4.5x)")
            for copies in (int(c) for c in args.copies.split(",") if c):
                many = _subset(args.corpus, copies, work)
                results["growth"][f"{copies}x"] = run_child(f"{copies}x, embeddings cached", many, cache)
                shutil.rmtree(many)
                save()
    results["load_average_end"] = os.getloadavg()
    save()


if __name__ == "__main__":
    main()
