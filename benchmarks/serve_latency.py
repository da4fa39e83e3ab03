"""Latency and memory of `claimcheck serve` under concurrent clients, against a warm archive.

    python benchmarks/serve_latency.py ../shared/corpora/bbc --assume-published 2005-01-01 \\
        --clients 1,8 --requests 100 --json /tmp/serve-latency.json

Starts `claimcheck serve CORPUS` as a child process (so its memory is its
own), waits until it answers, then sends a 600-word draft of new text (written
for this benchmark: UK economy and politics, the corpus's own subjects, so the
draft joins a large story and meets its facts) from N clients, each sending its
requests one after the other. Three scenarios, each `clients x requests`:

- `repeat`: the same draft every time (an editor saving without changes; after
  the first request its sentences are remembered);
- `edit`: one sentence differs from one request to the next (a CMS checking on
  save: one new sentence to embed, the draft parsed again);
- `fresh`: every figure differs in every request (all 30 sentences new: the
  worst case, every sentence parsed and embedded).

Per scenario: p50, p95, p99 and the maximum latency, requests per second,
errors, the service's CPU time per request (all its threads, from /proc), and
its resident memory sampled after every 100 requests.
The archive is read from CORPUS in place and never copied; the caches go to
--cache-dir (default: $CLAIMCHECK_CACHE), so a second run starts warm.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "bbc"

# About 600 words of new text: none of these sentences is in the BBC corpus.
DRAFT = [
    "The Chancellor said on Wednesday that the economy grew by {a}% in the last three months of 2004, faster than the Treasury had forecast.",
    "Figures from the Office for National Statistics showed that unemployment fell by {b},000 to 1.4 million in the quarter to December.",
    "The Bank of England kept interest rates at 4.75% for a sixth month, although two of the nine members of its committee voted for a rise.",
    "Economists at the Confederation of British Industry now expect growth of {c}% this year, up from the 2.5% they predicted in November.",
    "House prices rose by {d}% in January, according to the Nationwide, the first increase after four months of small falls.",
    "Retail sales were weaker than expected, with the British Retail Consortium reporting that sales fell {e}% on a like-for-like basis.",
    "The Conservatives said the government had borrowed {f} billion pounds more than it planned and that taxes would have to rise after the election.",
    "Tony Blair told the Commons that Labour would not raise the basic rate of income tax if it won a third term.",
    "The Prime Minister is widely expected to call a general election for 5 May, although Downing Street has refused to confirm the date.",
    "Michael Howard, the Conservative leader, promised savings of {g} billion pounds by cutting waste in Whitehall.",
    "The Liberal Democrats, led by Charles Kennedy, want a local income tax to replace the council tax, which rose by an average of {h}% last year.",
    "A poll for the Guardian put Labour on {i}%, the Conservatives on 33% and the Liberal Democrats on 21%.",
    "Turnout at the last general election, in 2001, was 59%, the lowest since 1918.",
    "The pound fell against the dollar after the figures, trading at {j} dollars in London late on Wednesday.",
    "Shares in London closed higher, with the FTSE 100 index gaining {k} points to end the day at 4,900.",
    "Oil prices rose to {l} dollars a barrel, adding to worries about inflation, which stands at 1.6% on the government's target measure.",
    "The Treasury said public sector net borrowing would fall to {m} billion pounds by 2008, a forecast the Institute for Fiscal Studies called optimistic.",
    "Manufacturing output rose {n}% in December, its strongest monthly gain for a year, helped by demand for cars and chemicals.",
    "The car maker MG Rover said it had sold {o},000 cars in Britain last year and was still in talks with a Chinese partner.",
    "Unions warned that as many as {p},000 jobs could go if the talks with Shanghai Automotive failed.",
    "In Brussels, European finance ministers agreed to relax the rules that limit budget deficits to 3% of national income.",
    "France and Germany have broken the limit for three years in a row, and Italy's deficit is expected to reach {q}% this year.",
    "The European Central Bank left its main rate at 2% for the twentieth month running.",
    "In the United States the economy added {r},000 jobs in January, fewer than analysts had expected.",
    "Alan Greenspan, chairman of the Federal Reserve, told Congress that the deficit was a serious problem that had to be tackled.",
    "The dollar has lost about a third of its value against the euro since 2002.",
    "Mobile phone makers reported record sales, with Nokia saying it had shipped {s} million handsets in the last quarter.",
    "Broadband connections in the UK passed {t} million at the end of the year, according to the regulator Ofcom.",
    "The Chancellor will present his budget on 16 March, his ninth since Labour came to power in 1997.",
    "Treasury officials said the date of the budget would not be moved whatever the timing of the election.",
]
FIGURES = {
    "a": 0.7, "b": 42, "c": 2.8, "d": 0.4, "e": 1.3, "f": 12, "g": 35, "h": 5.9, "i": 38, "j": 1.88,
    "k": 22, "l": 46, "m": 24, "n": 1.1, "o": 114, "p": 6, "q": 3.4, "r": 146, "s": 66, "t": 6,
}


def draft(scenario: str, n: int) -> str:
    """The draft of request `n` in a scenario."""
    figures = dict(FIGURES)
    sentences = list(DRAFT)
    if scenario == "edit":
        sentences[n % len(sentences)] += f" The figure was revised {n} times."
    elif scenario == "fresh":
        m = n % 9973 + 1  # figures stay plausible; unique within a run
        figures = {k: (v + m if isinstance(v, int) else round(v + m / 100, 2)) for k, v in figures.items()}
    body = " ".join(s.format(**figures) for s in sentences)
    return body


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _post(url: str, payload: dict, timeout: float = 120) -> tuple[int, float]:
    body = json.dumps(payload).encode("utf-8")
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        exc.read()
        status = exc.code
    return status, time.perf_counter() - started


def _cpu_s(pid: int) -> float:
    """CPU seconds (user and system, every thread) the process has used so far."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def run_scenario(url: str, pid: int, scenario: str, clients: int, requests: int, published: str, offset: int = 0) -> dict:
    """Every client sends `requests` drafts one after the other; latencies and memory."""
    latencies: list[float] = []
    errors: list[int] = []
    memory: list[float] = []
    done = [0]
    lock = threading.Lock()

    def client(k: int) -> None:
        for r in range(requests):
            n = offset + k * requests + r  # every run's drafts its own (an earlier run's are remembered)
            status, seconds = _post(url + "/check", {"text": draft(scenario, n), "published": published, "title": "Benchmark draft"})
            with lock:
                latencies.append(seconds)
                if status != 200:
                    errors.append(status)
                done[0] += 1
                if done[0] % 100 == 0:
                    memory.append(round(_rss_mb(pid), 1))

    started = time.perf_counter()
    cpu = _cpu_s(pid)
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    cpu = _cpu_s(pid) - cpu
    return {
        "scenario": scenario,
        "requests": len(latencies),
        "errors": len(errors),
        "p50_ms": round(1000 * statistics.median(latencies), 1),
        "p95_ms": round(1000 * _percentile(latencies, 0.95), 1),
        "p99_ms": round(1000 * _percentile(latencies, 0.99), 1),
        "max_ms": round(1000 * max(latencies), 1),
        "mean_ms": round(1000 * statistics.fmean(latencies), 1),
        "per_second": round(len(latencies) / wall, 2),
        "wall_s": round(wall, 1),
        # The service's CPU time per request: with C clients on N cores no p50 can be below C x this / N.
        "service_cpu_ms_per_request": round(1000 * cpu / max(1, len(latencies)), 1),
        "rss_mb_every_100": memory,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print (and optionally save) its figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--assume-published", default="2005-01-01")
    parser.add_argument("--published", default="2005-02-16", help="The draft's publication date.")
    parser.add_argument("--clients", default="8", help="Concurrent clients; several, comma-separated, run each scenario at each count.")
    parser.add_argument("--requests", type=int, default=100, help="Requests per client and scenario.")
    parser.add_argument("--scenarios", default="repeat,edit,fresh")
    parser.add_argument("--cache-dir", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--log", type=Path, default=Path("serve-latency.log"))
    args = parser.parse_args(argv)

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "claimcheck", "serve", str(args.corpus), "--port", str(port), "--rescan-interval", "0"]
    if args.assume_published:
        command += ["--assume-published", args.assume_published]
    if args.cache_dir:
        command += ["--cache-dir", str(args.cache_dir)]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    log = open(args.log, "w", encoding="utf-8")  # noqa: SIM115 - the child's whole life
    load_at_start = os.getloadavg()  # the machine is shared: how busy it was before the service ran
    started = time.perf_counter()
    service = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        while True:
            if service.poll() is not None:
                raise SystemExit(f"the service exited ({service.returncode}); see {args.log}")
            try:
                with urllib.request.urlopen(url + "/health", timeout=5) as response:
                    health = json.loads(response.read())
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(1)
        warm_up = time.perf_counter() - started
        print(f"service ready after {warm_up:.1f} s: {health['articles']} articles, {health['sentences']} sentences, "
              f"{health['facts']} facts, {health['stories']} stories, {_rss_mb(service.pid):.0f} MB", flush=True)
        words = len(draft("repeat", 0).split())
        results = []
        for run, clients in enumerate(int(c) for c in args.clients.split(",")):
            for scenario in args.scenarios.split(","):
                offset = 0 if scenario == "repeat" else 100_000 * (run + 1)
                result = {"clients": clients, **run_scenario(url, service.pid, scenario, clients, args.requests, args.published, offset)}
                results.append(result)
                print(json.dumps(result), flush=True)
        # The command-line client end to end: a fresh process that checks one draft file through the service.
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "benchmark-draft.txt"
            path.write_text(f"---\ntitle: Benchmark draft\npublished: {args.published}\n---\n{draft('fresh', 10_000)}\n", encoding="utf-8")
            t = time.perf_counter()
            cli = subprocess.run(
                [sys.executable, "-m", "claimcheck", "check", str(path), "--against", str(args.corpus), "--server", url,
                 "--format", "json", "--out", str(Path(tmp) / "out"), "-q"],
                capture_output=True, text=True, env=env,
            )
            cli_seconds = time.perf_counter() - t
        print(f"claimcheck check --server (new draft, a fresh process): {cli_seconds:.2f} s, exit {cli.returncode}", flush=True)
        summary = {
            "date": time.strftime("%Y-%m-%d"),
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "platform": platform.platform(),
                "load_average_at_start": load_at_start,
                "cores_available": len(os.sched_getaffinity(0)),
            },
            "corpus": str(args.corpus),
            "health": health,
            "warm_up_s": round(warm_up, 1),
            "draft_words": words,
            "draft_sentences": len(DRAFT),
            "requests_per_client": args.requests,
            "scenarios": results,
            "cli_check_server_s": round(cli_seconds, 2),
            "cli_exit": cli.returncode,
            "rss_mb_end": round(_rss_mb(service.pid), 1),
            "load_average_at_end": os.getloadavg(),
        }
        if args.json:
            args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
        print("\n| clients | scenario | requests | errors | p50 | p95 | p99 | max | req/s | CPU/request | RSS every 100 requests (MB) |")
        print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for r in results:
            rss = ", ".join(f"{m:.0f}" for m in r["rss_mb_every_100"])
            print(f"| {r['clients']} | {r['scenario']} | {r['requests']} | {r['errors']} | {r['p50_ms']:.0f} ms | {r['p95_ms']:.0f} ms | "
                  f"{r['p99_ms']:.0f} ms | {r['max_ms']:.0f} ms | {r['per_second']} | {r['service_cpu_ms_per_request']:.0f} ms | {rss} |")
        return 0
    finally:
        service.send_signal(signal.SIGINT)
        try:
            service.wait(timeout=60)
        except subprocess.TimeoutExpired:
            service.kill()
        log.close()


if __name__ == "__main__":
    sys.exit(main())
