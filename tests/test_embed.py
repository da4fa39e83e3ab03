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


def test_embed_cache_key_names_the_backend() -> None:
    from claimcheck.embed import BACKENDS

    keys = {backend: model_id(backend) for backend in BACKENDS}
    assert len(set(keys.values())) == len(BACKENDS)
    assert "-onnx-int8-ort" in keys["onnx-int8"] and "-onnx-ort" in keys["onnx"]
    assert "onnx" not in keys["torch"]  # the key caches had before the ONNX backends
    with pytest.raises(ValueError, match="unknown backend 'tensorflow'"):
        model_id("tensorflow")


def test_embed_cli_offers_every_backend() -> None:
    from claimcheck.cli import _BACKENDS
    from claimcheck.embed import BACKENDS, DEFAULT_BACKEND

    assert _BACKENDS == BACKENDS and _BACKENDS[0] == DEFAULT_BACKEND == "onnx"


def test_embed_backends_agree_with_torch(model, tmp_path: Path) -> None:
    from claimcheck.embed import load_model, onnx_dir

    texts = [
        "The vote was held on Sunday.",
        "Rescuers said at least 97 people were killed when the dam burst after three days of rain.",
        "Shares fell.",
        "Cambodia is the ASEAN Country Coordinator for Russia until 2024, the envoy said in Phnom Penh.",
    ]
    torch_vectors = Embedder(use_cache=False, backend="torch").embed(texts)
    fp32 = Embedder(tmp_path, use_cache=False, backend="onnx").embed(texts)
    int8 = Embedder(tmp_path, use_cache=False, backend="onnx-int8").embed(texts)
    session = Embedder(use_cache=False, model_loader=lambda: model).embed(texts)  # the default backend: fp32 ONNX
    assert np.abs(session - torch_vectors).max() < 1e-5
    assert np.abs(fp32 - torch_vectors).max() < 1e-5
    cosines = (int8 * torch_vectors).sum(axis=1)
    assert cosines.min() > 0.97, cosines
    assert np.allclose(np.linalg.norm(int8, axis=1), 1.0, atol=1e-5)
    # Exported once into the cache folder (or found in the default one), then reused.
    exported = next(p for p in (onnx_dir(tmp_path), onnx_dir(None)) if (p / "model-fp32.onnx").exists()) / "model-fp32.onnx"
    stamp = exported.stat().st_mtime_ns
    assert np.array_equal(load_model("onnx", tmp_path).encode(texts), fp32)
    assert exported.stat().st_mtime_ns == stamp
    assert not list(exported.parent.glob("*.tmp"))


def test_embed_onnx_export_is_written_once_and_atomically(tmp_path: Path) -> None:
    from claimcheck.embed import _model_dir
    from claimcheck.onnxmodel import model_file

    int8 = model_file(_model_dir(), tmp_path / "onnx", "int8")
    assert sorted(p.name for p in (tmp_path / "onnx").iterdir()) == ["model-fp32.onnx", "model-int8.onnx"]
    stamp = int8.stat().st_mtime_ns
    assert model_file(_model_dir(), tmp_path / "onnx", "int8") == int8 and int8.stat().st_mtime_ns == stamp
    with pytest.raises(ValueError, match="unknown precision"):
        model_file(_model_dir(), tmp_path / "onnx", "int4")


def test_embed_int8_vector_does_not_depend_on_what_else_is_embedded() -> None:
    from claimcheck.embed import load_model

    # Dynamic quantisation scales activations per batch: int8 embeds each sentence alone.
    model = load_model("onnx-int8")
    texts = [f"Sentence number {i} says {'more and ' * (i % 7)}something." for i in range(150)]
    together = model.encode(texts, batch_size=64)
    one_by_one = np.stack([model.encode([t])[0] for t in texts[:20]])
    reversed_order = model.encode(texts[::-1])[::-1]
    assert np.array_equal(together[:20], one_by_one)
    assert np.array_equal(together, reversed_order)
    assert model.encode([]).shape == (0, DIMENSIONS)


def test_embed_fp32_onnx_rows_come_back_in_order(tmp_path: Path) -> None:
    from claimcheck.embed import load_model

    fp32 = load_model("onnx", tmp_path)
    texts = [f"Sentence number {i} says {'more and ' * (i % 7)}something." for i in range(20)]
    whole = fp32.encode(texts, batch_size=64)
    one_by_one = np.stack([fp32.encode([t])[0] for t in texts])
    assert np.allclose(whole, one_by_one, atol=1e-5)


def test_embed_prefetched_vectors_are_taken_not_read_again(model, tmp_path: Path) -> None:
    texts = ["The dam burst after three days of rain.", "Rescuers found 40 survivors."]
    first = Embedder(tmp_path, model_loader=lambda: model)
    expected = first.embed(texts)
    first.close()
    second = Embedder(tmp_path, model_loader=lambda: model)
    second.prefetch(texts)
    read: list[int] = []
    real_get = second.cache.get_many
    second.cache.get_many = lambda keys: (read.append(len(keys)), real_get(keys))[1]  # type: ignore[method-assign]
    both = second.embed([*texts, "A third sentence, new."])
    assert np.array_equal(both[:2], expected)
    assert read == [1] and second.computed == 1  # only the new sentence was looked up and embedded
    assert second._held == {} and second._keys == {}  # taken by embed, not kept beside the result
    second.close()
