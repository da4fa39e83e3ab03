"""Offline embeddings and their cache."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from claimcheck.embed import DIMENSIONS, Embedder, EmbeddingCache, model_id, text_key

pytestmark = pytest.mark.model


def test_embed_vectors_are_unit_length_and_deduplicated(embedder: Embedder) -> None:
    vectors = embedder.embed(["The vote was held on Sunday.", "Shares fell.", "The vote was held on Sunday."])
    assert vectors.shape == (3, DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(vectors[0], vectors[2])
    assert embedder.computed == 2


def test_embed_second_run_computes_nothing(model, tmp_path: Path) -> None:
    texts = ["The dam burst after three days of rain.", "Rescuers found 40 survivors."]
    first = Embedder(tmp_path, model_loader=lambda: model)
    expected = first.embed(texts)
    first.close()

    def no_model() -> object:
        raise AssertionError("the model must not be loaded on a warm cache")

    second = Embedder(tmp_path, model_loader=no_model)
    assert np.array_equal(second.embed(texts), expected)
    assert second.computed == 0
    second.close()


def test_embed_corrupt_cache_is_rebuilt(model, tmp_path: Path) -> None:
    path = tmp_path / f"embeddings-{model_id()}.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    embedder = Embedder(tmp_path, model_loader=lambda: model)
    assert embedder.cache.warning == f"{path}: embedding cache unreadable (file is not a database); rebuilt"
    assert embedder.embed(["A sentence."]).shape == (1, DIMENSIONS)
    embedder.close()


def test_embed_truncated_vector_is_recomputed(model, tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path, model_id())
    cache.put_many([(text_key("A sentence."), np.ones(10, dtype=np.float32))])
    cache.close()
    embedder = Embedder(tmp_path, model_loader=lambda: model)
    vector = embedder.embed(["A sentence."])
    assert embedder.computed == 1
    assert np.isclose(np.linalg.norm(vector), 1.0, atol=1e-5)
    embedder.close()


def test_embed_without_cache_writes_nothing(model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMCHECK_CACHE", str(tmp_path / "cache"))
    embedder = Embedder(use_cache=False, model_loader=lambda: model)
    embedder.embed(["A sentence."])
    assert not (tmp_path / "cache").exists()
