"""The local engine against the Ray engine on the same BBC slice, side by side in one run.

    python benchmarks/ray_engine.py [--corpus ../shared/corpora/bbc] [--articles 400] [--workers 2]
                                    [--repeat 1] [--json docs/benchmarks_ray.json]

Each measurement is a child process of its own with an empty cache of its own
(so both engines parse and embed everything), so its peak memory (maximum
resident set) is the driver's alone; the Ray workers are Ray's processes, not
the driver's. The Ray child starts a local Ray instance with `--workers` CPUs
on the loopback interface, temp files in a temporary folder; its wall time is
given with and without that start-up (on an existing cluster it is a connect).
With `--repeat 2` the engines alternate (local, ray, local, ray), which shows
how much of a difference is the machine's other load.

The slice is the first `--articles`/5 files of each category, read in place
through a folder of symlinks (ids stay `business/001`); `--articles 0` runs the
whole corpus folder. Printed: per-stage seconds, wall, the Ray/local ratio, the
driver's peak memory, and per-worker throughput of the distributed stages,
which docs/benchmarks.md extrapolates to 15 million sentences.
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

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "bbc"


def _slice(corpus: Path, articles: int, into: Path) -> Path:
    """A folder of symlinks to the first articles/5 files of each category (the corpus is read in place)."""
    if not articles:
        return corpus
    categories = sorted(p for p in corpus.iterdir() if p.is_dir())
    per = max(1, articles // len(categories))
    for category in categories:
        (into / category.name).mkdir(parents=True)
        for path in sorted(category.glob("*.txt"))[:per]:
            (into / category.name / path.name).symlink_to(path.resolve())
    return into


def _child(engine: str, folder: Path, cache: Path, out: Path, workers: int, assume: dt.date) -> dict:
    from claimcheck.pipeline import Settings, Timings, run
    from claimcheck.report import write_reports

    started = time.perf_counter()
    ray_start = 0.0
    temp = None
    if engine == "ray":
        import ray

        temp = tempfile.mkdtemp(prefix="ccray-bench-", dir="/tmp")
        t = time.perf_counter()
        ray.init(num_cpus=workers, include_dashboard=False, _temp_dir=temp, _node_ip_address="127.0.0.1", log_to_driver=False)
        ray_start = time.perf_counter() - t
    timings = Timings()
    t = time.perf_counter()
    settings = Settings(cache_dir=cache, assume_published=assume, engine=engine, workers=workers if engine == "ray" else None)
    report = run([folder], settings=settings, timings=timings)
    run_wall = time.perf_counter() - t
    t = time.perf_counter()
    write_reports(report, out)
    timings.add("report", time.perf_counter() - t)
    if engine == "ray":
        import ray

        ray.shutdown()
        shutil.rmtree(temp, ignore_errors=True)
    return {
        "engine": engine,
        "stages": timings.stages,
        "wall": time.perf_counter() - started,
        "wall_without_ray_start": run_wall + timings.stages["report"],
        "ray_start": ray_start,
        "articles": len(report.articles),
        "sentences": report.sentences,
        "facts": report.facts,
        "conflicts": len(report.conflicts),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "loadavg": os.getloadavg(),
    }


def _spawn(engine: str, folder: Path, work: Path, workers: int, assume: dt.date, n: int) -> dict:
    cache, out = work / f"cache-{engine}-{n}", work / f"out-{engine}-{n}"
    code = (
        "import json, sys, datetime as dt; sys.path.insert(0, %r); from ray_engine import _child; from pathlib import Path; "
        "print('RESULT' + json.dumps(_child(%r, Path(%r), Path(%r), Path(%r), %d, dt.date.fromisoformat(%r))))"
        % (str(Path(__file__).parent), engine, str(folder), str(cache), str(out), workers, assume.isoformat())
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(f"{engine} run failed:\n{done.stderr[-4000:]}")
    line = next(l for l in done.stdout.splitlines() if l.startswith("RESULT"))
    result = json.loads(line[len("RESULT"):])
    result["report_bytes"] = {p.name: p.stat().st_size for p in sorted(out.iterdir())}
    result["out"] = str(out)
    return result


def _machine() -> dict:
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    keep = ("Architecture", "CPU(s)", "Model name", "Thread(s) per core", "Core(s) per socket", "Socket(s)", "L3 cache")
    fields = {k.strip(): v.strip() for k, _, v in (l.partition(":") for l in lscpu.splitlines()) if k.strip() in keep}
    import numpy
    import torch

    return {
        "date": dt.date.today().isoformat(),
        "lscpu": fields,
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "numpy": numpy.__version__,
        "ray": __import__("ray").__version__,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=400, help="slice size (0: the whole corpus folder)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--assume-published", default="2005-01-01")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    assume = dt.date.fromisoformat(args.assume_published)
    work = Path(tempfile.mkdtemp(prefix="cc-ray-bench-"))
    try:
        folder = _slice(args.corpus, args.articles, work / "slice")
        machine = _machine()
        runs = []
        for n in range(args.repeat):
            for engine in ("local", "ray"):
                result = _spawn(engine, folder, work, args.workers, assume, n)
                runs.append(result)
                stages = " ".join(f"{k} {v:.1f}" for k, v in result["stages"].items())
                print(f"{engine:5} wall {result['wall']:7.1f} s (without Ray start {result['wall_without_ray_start']:7.1f}) "
                      f"peak {result['peak_mb']:6.0f} MB load {result['loadavg'][0]:.1f} | {stages}", flush=True)
        identical = all(
            (Path(a["out"]) / name).read_bytes() == (Path(b["out"]) / name).read_bytes()
            for a in runs for b in runs for name in ("report.json", "report.md", "report.html")
        )
        summary = _summary(runs, args.workers)
        summary["identical_reports"] = identical
        print(json.dumps(summary, indent=2))
        if args.json:
            for r in runs:
                r.pop("out", None)
            args.json.write_text(json.dumps({"machine": machine, "args": {k: str(v) for k, v in vars(args).items()}, "runs": runs, "summary": summary}, indent=2) + "\n")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _summary(runs: list[dict], workers: int) -> dict:
    local = [r for r in runs if r["engine"] == "local"]
    ray = [r for r in runs if r["engine"] == "ray"]
    best = lambda rs, key: min(r[key] for r in rs)  # noqa: E731
    ray_best = min(ray, key=lambda r: r["wall"])
    sentences = ray_best["sentences"]
    embed = ray_best["stages"].get("embed", 0.0)
    analyse = ray_best["stages"].get("analyse", 0.0)
    return {
        "articles": ray_best["articles"],
        "sentences": sentences,
        "local_wall": best(local, "wall"),
        "ray_wall": best(ray, "wall"),
        "ray_wall_without_start": best(ray, "wall_without_ray_start"),
        "ratio": best(ray, "wall") / best(local, "wall"),
        "ratio_without_ray_start": best(ray, "wall_without_ray_start") / best(local, "wall"),
        "local_peak_mb": max(r["peak_mb"] for r in local),
        "ray_driver_peak_mb": max(r["peak_mb"] for r in ray),
        "ray_embed_sentences_per_s_per_worker": sentences / embed / workers if embed else None,
        "ray_analyse_sentences_per_s_per_worker": sentences / analyse / workers if analyse else None,
        "driver_stages_s": {k: ray_best["stages"].get(k, 0.0) for k in ("stories", "cluster", "rules", "report")},
    }


if __name__ == "__main__":
    main()
