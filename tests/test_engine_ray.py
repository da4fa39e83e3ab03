"""The Ray engine writes byte-identical reports to the local engine: the seeds, the golden cases, a BBC slice.

Ray runs as a local instance with 2 CPUs on the loopback interface, its temp
files in a temporary folder, started once for this module and stopped after.
Every Ray run has a cache of its own, so the workers really parse and embed.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import numpy as np
import pytest

from claimcheck.embed import Embedder
from claimcheck.model import Report
from claimcheck.pipeline import Settings, run
from claimcheck.report import write_reports
from conftest import ARTICLES, ROOT

ray = pytest.importorskip("ray", reason="the Ray engine needs the ray extra: pip install -e '.[ray]'")

pytestmark = [pytest.mark.model, pytest.mark.ray]

GOLDEN = ROOT / "tests" / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "expected.yaml").exists())
BBC = ROOT.parent / "shared" / "corpora" / "bbc"
BBC_DATE = "2005-01-01"


def bbc_slice(per_category: int = 8) -> list[Path]:
    """`per_category` articles from each BBC category, numbered apart so their ids (file stems) never collide."""
    categories = sorted(p for p in BBC.iterdir() if p.is_dir())
    files = []
    for n, category in enumerate(categories):
        for k in range(n * per_category + 1, (n + 1) * per_category + 1):
            files.append(category / f"{k:03d}.txt")
    return files


@pytest.fixture(scope="module")
def ray_instance():
    """A local Ray instance with 2 CPUs for this module, stopped after."""
    from claimcheck.engine import close_engines

    # Short: Ray's socket paths below it must stay under the 107-byte limit.
    temp = tempfile.mkdtemp(prefix="ccray-", dir="/tmp")
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        _temp_dir=temp,
        _node_ip_address="127.0.0.1",
        log_to_driver=False,
        object_store_memory=256 * 1024 * 1024,
    )
    try:
        yield
    finally:
        close_engines()
        ray.shutdown()
        shutil.rmtree(temp, ignore_errors=True)


def _files(report: Report, out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in write_reports(report, out)}


def _ray_run(paths: list[Path], cache: Path, workers: int = 2, **settings) -> Report:
    return run(paths, settings=Settings(cache_dir=cache, engine="ray", workers=workers, **settings))


def _local_run(paths: list[Path], model, cache: Path, **settings) -> Report:
    embedder = Embedder(cache, model_loader=lambda: model)
    try:
        return run(paths, settings=Settings(cache_dir=cache, **settings), embedder=embedder)
    finally:
        embedder.close()


def test_engine_ray_seeds_report_is_byte_identical(ray_instance, seed_report: Report, tmp_path: Path) -> None:
    ray_report = _ray_run([ARTICLES], tmp_path / "cache")
    local, remote = _files(seed_report, tmp_path / "local"), _files(ray_report, tmp_path / "ray")
    assert sorted(local) == ["report.html", "report.json", "report.md"]
    for name in local:
        assert remote[name] == local[name], f"{name} differs between the engines"
    assert ray_report.conflicts


def test_engine_ray_warm_run_reads_the_cache_it_filled(ray_instance, tmp_path: Path) -> None:
    """A second Ray run over the cache the first one filled computes nothing and reports the same."""
    cache = tmp_path / "cache"
    first = _ray_run([GOLDEN / CASES[0] / "articles"], cache, workers=1)

    def no_model() -> object:
        raise AssertionError("a warm run must not load the model")

    embedder = Embedder(cache, model_loader=no_model)
    try:
        again = run([GOLDEN / CASES[0] / "articles"], settings=Settings(cache_dir=cache), embedder=embedder)
    finally:
        embedder.close()
    assert embedder.computed == 0
    assert _files(again, tmp_path / "warm") == _files(first, tmp_path / "first")


@pytest.mark.parametrize("case", CASES)
def test_engine_ray_golden_report_is_byte_identical(ray_instance, model, case: str, tmp_path: Path) -> None:
    paths = [GOLDEN / case / "articles"]
    local = _local_run(paths, model, tmp_path / "local-cache")
    # One worker: the cases are a handful of articles each, and every pool starts its actors.
    remote = _ray_run(paths, tmp_path / "ray-cache", workers=1)
    assert _files(remote, tmp_path / "ray") == _files(local, tmp_path / "local")


@pytest.mark.skipif(not BBC.is_dir(), reason="the BBC corpus is not beside the repository (../shared/corpora/bbc)")
def test_engine_ray_bbc_slice_report_is_byte_identical(ray_instance, model, tmp_path: Path) -> None:
    import datetime as dt

    paths = bbc_slice()
    assume = dt.date.fromisoformat(BBC_DATE)
    local = _local_run(paths, model, tmp_path / "local-cache", assume_published=assume)
    remote = _ray_run(paths, tmp_path / "ray-cache", assume_published=assume)
    assert len(local.articles) == 40 and local.sentences > 500
    assert _files(remote, tmp_path / "ray") == _files(local, tmp_path / "local")
    # Not a vacuous comparison: stories and facts, whatever the findings of the day.
    assert local.stories and local.facts > 100


def test_engine_ray_embed_matches_the_local_embedder(ray_instance, model, tmp_path: Path) -> None:
    """Two lists sharing texts, one text cached beforehand: the same vectors, bit for bit, and the same cache.

    Chunks of two phrases are where torch's thread count shows in the last bit, so
    the model actor runs as many threads as this process (see claimcheck.engine).
    """
    import torch

    from claimcheck.engine import LocalEngine, RayEngine

    first = ["The toll rose to 97.", "Talks resume in Geneva.", "The toll rose to 97.", "A new sentence."]
    second = ["deaths", "Talks resume in Geneva.", "injured people"]
    threads = min(torch.get_num_threads(), 2)  # the instance has 2 CPUs
    torch.set_num_threads(threads)
    results = {}
    for name, engine in (("local", LocalEngine()), ("ray", RayEngine(workers=1, threads_per_worker=threads))):
        cache = tmp_path / name
        embedder = Embedder(cache, model_loader=lambda: model)
        embedder.embed(["A new sentence."])
        embedder.computed = 0
        try:
            vectors = engine.map_embed(embedder, [first, second])
            stored = embedder.cache.get_many([bytes(k) for k in _keys(first + second)])
        finally:
            embedder.close()
        results[name] = (vectors, embedder.computed, stored)
    (lv, lc, ls), (rv, rc, rs) = results["local"], results["ray"]
    assert lc == rc == 4  # two distinct new texts in each list, the shared one once
    for a, b in zip(lv, rv):
        assert a.shape == b.shape and np.array_equal(a, b)
    assert sorted(ls) == sorted(rs) and all(np.array_equal(ls[k], rs[k]) for k in ls)


def _keys(texts: list[str]) -> list[bytes]:
    from claimcheck.embed import text_key

    return list(dict.fromkeys(text_key(t) for t in texts))


def test_engine_ray_unreachable_cluster_is_one_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """A cluster that cannot be joined is one line and exit 2, not a traceback (Ray's own timeout still applies)."""
    from claimcheck.engine import RayEngine
    from claimcheck.errors import EXIT_USAGE, ClaimcheckError

    def refuse(**kwargs) -> None:
        raise ConnectionError("Could not find any running Ray instance")

    monkeypatch.setattr(ray, "is_initialized", lambda: False)
    monkeypatch.setattr(ray, "init", refuse)
    with pytest.raises(ClaimcheckError) as caught:
        RayEngine(address="ray-head.example:6379")
    assert caught.value.exit_code == EXIT_USAGE
    assert caught.value.message == (
        "--engine ray: cannot start or join ray-head.example:6379 (Could not find any running Ray instance)"
    )
