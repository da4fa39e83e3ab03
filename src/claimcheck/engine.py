"""Engines: where a batch of a stage runs, never what happens to it.

The pipeline hands an engine three kinds of batch, each to a stage function
that lives in `claimcheck.pipeline` (or `claimcheck.embed`) and is the same
for every engine:

- `map_analyses(articles)`: `pipeline.analyse_batch`, segment, extract and
  parse each article (the claim cache is read before and filled after, on the
  driver, by the same code for both engines);
- `map_embed(embedder, text_lists)`: `Embedder.embed` on the texts the cache
  does not hold, in the chunks `Embedder.embed` itself would encode;
- `map_compare(batches)`: `pipeline.compare_story`, the sentence rules on one
  story's pairs.

`LocalEngine` (the default) runs each batch in this process, exactly as the
pipeline always did, and never imports Ray. `RayEngine` runs the analyses and
the embedding as Ray Data `map_batches` stages over actor pools sized by
`workers` (each actor loads its model once) and each story's comparison as a
Ray task; the driver gathers the results in input order, so the report is
byte-identical to the local engine's (`tests/test_engine_ray.py`).

Why the embedding chunks are fixed: MiniLM's vectors differ in the last bits
(up to 1.9e-7) with the batch a sentence is encoded in (padding changes the
shapes of the matrix products), and a cosine on a threshold can flip on the
last bit. So the Ray engine encodes exactly the chunks the local engine would:
the distinct texts missing from the cache, in order of first appearance,
`STORE_EVERY` at a time, one chunk per Ray Data row. The thread count matters
too, for tiny chunks only (two phrases: 9e-8 apart between 1 and 2 torch
threads; chunks of dozens of sentences and more came out bit-identical): each
model actor runs `threads_per_worker` torch threads on as many reserved CPUs,
so vectors are bit-identical by construction when that equals the local
engine's thread count (torch's default, the machine's cores), and in practice
(every report in the tests) with the default of one.

The caches: only the driver opens them. It looks up what is cached, ships
the rest to the workers and writes what they return, so workers need no shared
filesystem and SQLite never sees two writers (see README, "On a Ray cluster").
"""

from __future__ import annotations

import logging
import math
import os
import pickle
import time
from typing import TYPE_CHECKING, Any, Iterator, Protocol, Sequence

import numpy as np

if TYPE_CHECKING:
    from claimcheck.embed import Embedder
    from claimcheck.model import Article, ArticleAnalysis, Conflict
    from claimcheck.pipeline import Settings, StoryPairs, Timings

log = logging.getLogger(__name__)

ENGINES = ("local", "ray")
# Articles per Ray Data batch in the analysis stage: small enough to spread a
# few hundred articles over the actors, large enough to batch the parser.
ANALYSE_BATCH = 8
# Story batches per comparison task are bundled to about this many pairs, so a
# thousand small stories do not pay a thousand task overheads.
PAIRS_PER_TASK = 2000


class Engine(Protocol):
    """Where the pipeline's batches run."""

    name: str

    def map_analyses(self, articles: Sequence["Article"], timings: "Timings | None" = None) -> list["ArticleAnalysis"]:
        """One analysis per article, in order."""

    def map_embed(self, embedder: "Embedder", text_lists: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """Vectors for each list of texts, as `embedder.embed` called on each list in turn."""

    def map_compare(self, batches: Sequence["StoryPairs"]) -> list[list["Conflict"]]:
        """The sentence rules' conflicts of each story batch, in order."""


class LocalEngine:
    """Every batch in this process: the pipeline as it has always run."""

    name = "local"

    def map_analyses(self, articles: Sequence["Article"], timings: "Timings | None" = None) -> list["ArticleAnalysis"]:
        """Analyse all the articles as one batch."""
        from claimcheck.pipeline import analyse_batch

        return analyse_batch(articles, timings)

    def map_embed(self, embedder: "Embedder", text_lists: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """`embedder.embed` on each list: it reads and fills the cache itself."""
        return [embedder.embed(texts) for texts in text_lists]

    def map_compare(self, batches: Sequence["StoryPairs"]) -> list[list["Conflict"]]:
        """Each story's comparison in turn."""
        from claimcheck.pipeline import compare_story

        return [compare_story(batch) for batch in batches]


class RayEngine:
    """Analyses and embedding as Ray Data stages on actor pools, story comparisons as Ray tasks.

    Connects to the cluster at `address` ("auto", "ray://host:10001", or
    host:port), or, without one, to the instance this process already started
    (`ray.init` in a test), or else starts a local instance with `workers` CPUs.
    `workers` sizes each actor pool; by default, the cluster's CPUs.
    """

    name = "ray"

    def __init__(
        self,
        address: str | None = None,
        workers: int | None = None,
        embedder_options: dict[str, Any] | None = None,
        threads_per_worker: int = 1,
    ) -> None:
        import ray
        import ray.data

        self._ray = ray
        self.started = False
        if not ray.is_initialized():
            local = address is None and not os.environ.get("RAY_ADDRESS")
            try:
                self._init(ray, address, workers, local)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                from claimcheck.errors import EXIT_USAGE, ClaimcheckError

                where = address or os.environ.get("RAY_ADDRESS") or "a local Ray instance"
                raise ClaimcheckError(f"--engine ray: cannot start or join {where} ({exc})", EXIT_USAGE) from None
            self.started = True
        self.workers = max(1, workers or int(ray.cluster_resources().get("CPU", 1)))
        # How the workers build their Embedder (a backend, a batch size): the driver's own
        # model loader cannot travel, so the workers load the model from its package.
        self.embedder_options = dict(embedder_options or {})
        self.threads_per_worker = max(1, threads_per_worker)
        logging.getLogger("ray.data").setLevel(logging.ERROR)  # progress and execution chatter
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        context.print_on_execution_start = False

    @staticmethod
    def _init(ray: Any, address: str | None, workers: int | None, local: bool) -> None:
        ray.init(
            address=address,
            num_cpus=(workers or os.cpu_count() or 1) if local else None,
            # A local instance listens on the loopback interface only.
            _node_ip_address="127.0.0.1" if local else None,
            include_dashboard=False,
            log_to_driver=False,
            # Ray's own notices (token authentication on) only with --verbose.
            logging_level=logging.INFO if logging.getLogger().isEnabledFor(logging.INFO) else logging.ERROR,
        )

    def close(self) -> None:
        """Stop the Ray instance if this engine started it."""
        if self.started and self._ray.is_initialized():
            self._ray.shutdown()
        self.started = False

    def _pool(self, rows: int):  # type: ignore[no-untyped-def]
        return self._ray.data.ActorPoolStrategy(size=max(1, min(self.workers, rows)))

    def map_analyses(self, articles: Sequence["Article"], timings: "Timings | None" = None) -> list["ArticleAnalysis"]:
        """`analyse_batch` on `ANALYSE_BATCH` articles at a time, on a pool of parser actors."""
        if not articles:
            return []
        from claimcheck.claimcache import code_digest

        t = time.perf_counter()
        rows = [{"i": i, "article": pickle.dumps(a, protocol=pickle.HIGHEST_PROTOCOL)} for i, a in enumerate(articles)]
        batches = math.ceil(len(rows) / ANALYSE_BATCH)
        ds = self._ray.data.from_items(rows, override_num_blocks=batches).map_batches(
            _AnalyseActor, batch_size=ANALYSE_BATCH, compute=self._pool(batches), num_cpus=1, batch_format="numpy"
        )
        out: list["ArticleAnalysis | None"] = [None] * len(articles)
        digest = code_digest()
        for row in ds.iter_rows():
            _same_code("claimcheck's extraction code", digest, row["digest"])
            out[int(row["i"])] = pickle.loads(row["analysis"])
        if timings is not None:
            timings.add("analyse", time.perf_counter() - t)
        assert all(a is not None for a in out), "an article came back without its analysis"
        return out  # type: ignore[return-value]

    def map_embed(self, embedder: "Embedder", text_lists: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """The lists' uncached texts embedded on a pool of model actors, one local-engine chunk per row."""
        from claimcheck.embed import DIMENSIONS, STORE_EVERY, model_id, text_key

        cache = embedder.cache
        plans: list[tuple[list[bytes], dict[bytes, np.ndarray]]] = []
        chunks: list[list[tuple[bytes, str]]] = []
        owner: list[int] = []  # which list each chunk fills
        pending: set[bytes] = set()  # computed for an earlier list: cached by the time a later one looks
        for n, texts in enumerate(text_lists):
            keys = [text_key(t) for t in texts]
            lookup = [k for k in dict.fromkeys(keys) if k not in pending]
            found = cache.get_many(lookup) if cache is not None else {}
            missing: dict[bytes, str] = {}
            for key, text in zip(keys, texts):
                if key not in found and key not in missing and not (cache is not None and key in pending):
                    missing[key] = text
            todo = list(missing.items())
            for start in range(0, len(todo), STORE_EVERY):
                chunks.append(todo[start : start + STORE_EVERY])
                owner.append(n)
            if cache is not None:
                pending.update(missing)
            plans.append((keys, found))
        computed: dict[bytes, np.ndarray] = {}  # with the cache on, a text is computed once for all lists
        by_list: list[dict[bytes, np.ndarray]] = [{} for _ in text_lists]
        # The workers embed with the driver's backend, where the Embedder has one (torch, ONNX).
        backend = getattr(embedder, "backend", None)
        options = {**self.embedder_options, **({"backend": backend} if backend else {})}
        if chunks:
            rows = [{"chunk": c, "texts": pickle.dumps([t for _, t in chunk])} for c, chunk in enumerate(chunks)]
            ds = self._ray.data.from_items(rows, override_num_blocks=len(rows)).map_batches(
                _EmbedActor,
                batch_size=1,
                compute=self._pool(len(rows)),
                num_cpus=self.threads_per_worker,
                batch_format="numpy",
                fn_constructor_kwargs={"options": options, "threads": self.threads_per_worker},
            )
            model = model_id(backend) if backend else model_id()
            for row in ds.iter_rows():
                _same_code("the embedding model", model, row["model"])
                c = int(row["chunk"])
                vectors = np.frombuffer(row["vectors"], dtype=np.float32).reshape(-1, DIMENSIONS)
                fresh = {key: vec for (key, _), vec in zip(chunks[c], vectors)}
                embedder.computed += len(fresh)
                if cache is not None:
                    cache.put_many(fresh.items())  # stored as each chunk arrives, like Embedder.embed
                    computed.update(fresh)
                by_list[owner[c]].update(fresh)
        result = []
        for n, (keys, found) in enumerate(plans):
            table = {**computed, **found, **by_list[n]} if cache is not None else {**found, **by_list[n]}
            if not keys:
                result.append(np.zeros((0, DIMENSIONS), dtype=np.float32))
                continue
            result.append(np.stack([table[k] for k in keys]).astype(np.float32, copy=False))
        return result

    def map_compare(self, batches: Sequence["StoryPairs"]) -> list[list["Conflict"]]:
        """Each story's comparison in a Ray task, small stories bundled to about `PAIRS_PER_TASK` pairs."""
        if not batches:
            return []
        task = self._ray.remote(num_cpus=1)(_compare_bundle)
        bundles = list(_bundles([len(b.pairs) for b in batches], PAIRS_PER_TASK))
        refs = [task.remote([batches[i] for i in bundle]) for bundle in bundles]
        out: list[list["Conflict"]] = [[] for _ in batches]
        for bundle, ref in zip(bundles, refs):
            for i, found in zip(bundle, self._ray.get(ref)):
                out[i] = found
        return out


def _same_code(what: str, driver: str, worker: Any) -> None:
    """A worker with other code or another model would fill the driver's caches with other results."""
    if str(worker) != driver:
        from claimcheck.errors import EXIT_USAGE, ClaimcheckError

        raise ClaimcheckError(
            f"a Ray worker runs a different version of {what} ({worker}, the driver has {driver}): "
            "install the same claimcheck on every node",
            EXIT_USAGE,
        )


def _bundles(sizes: Sequence[int], target: int) -> Iterator[list[int]]:
    """Consecutive batch indices grouped until each group holds about `target` pairs."""
    bundle: list[int] = []
    total = 0
    for i, size in enumerate(sizes):
        bundle.append(i)
        total += size
        if total >= target:
            yield bundle
            bundle, total = [], 0
    if bundle:
        yield bundle


def _compare_bundle(batches: Sequence["StoryPairs"]) -> list[list["Conflict"]]:
    from claimcheck.pipeline import compare_story

    return [compare_story(batch) for batch in batches]


class _AnalyseActor:
    """A Ray Data actor: spaCy and the extractors loaded once, then `analyse_batch` per batch."""

    def __init__(self) -> None:
        from claimcheck.analyze import nlp
        from claimcheck.claimcache import code_digest

        nlp()
        self.digest = code_digest()

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        from claimcheck.pipeline import analyse_batch

        analyses = analyse_batch([pickle.loads(blob) for blob in batch["article"]])
        blobs = [pickle.dumps(a, protocol=pickle.HIGHEST_PROTOCOL) for a in analyses]
        return {
            "i": np.asarray(batch["i"]),
            "analysis": np.array(blobs, dtype=object),
            "digest": np.array([self.digest] * len(blobs), dtype=object),
        }


class _EmbedActor:
    """A Ray Data actor: the model loaded once, then `Embedder.embed` (no cache) per chunk."""

    def __init__(self, options: dict[str, Any], threads: int = 1) -> None:
        import torch

        from claimcheck.embed import Embedder, model_id

        # Before the first encode: the kernels chosen for a shape depend on it.
        torch.set_num_threads(threads)
        self.embedder = Embedder(**{**options, "use_cache": False})
        self.embedder.model  # noqa: B018 - load the model once, when the actor starts
        self.model = model_id(options["backend"]) if options.get("backend") else model_id()

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        vectors = [self.embedder.embed(pickle.loads(blob)).tobytes() for blob in batch["texts"]]
        return {
            "chunk": np.asarray(batch["chunk"]),
            "vectors": np.array(vectors, dtype=object),
            "model": np.array([self.model] * len(vectors), dtype=object),
        }


_ENGINES: dict[tuple, Engine] = {}


def engine_for(settings: "Settings") -> Engine:
    """The engine `settings` asks for, made once per process."""
    name = getattr(settings, "engine", "local")
    if name == "local":
        return LocalEngine()
    if name != "ray":
        from claimcheck.errors import EXIT_USAGE, ClaimcheckError

        raise ClaimcheckError(f"unknown engine {name!r}; choose from {', '.join(ENGINES)}", EXIT_USAGE)
    key = (name, settings.ray_address, settings.workers)
    if key not in _ENGINES:
        try:
            import ray  # noqa: F401
            import ray.data  # noqa: F401
        except ImportError:
            from claimcheck.errors import EXIT_USAGE, ClaimcheckError

            raise ClaimcheckError("--engine ray needs Ray: pip install 'claimcheck[ray]'", EXIT_USAGE) from None
        _ENGINES[key] = RayEngine(settings.ray_address, settings.workers)
    return _ENGINES[key]


def close_engines() -> None:
    """Stop what `engine_for` started (a local Ray instance)."""
    while _ENGINES:
        _, engine = _ENGINES.popitem()
        close = getattr(engine, "close", None)
        if close:
            close()
