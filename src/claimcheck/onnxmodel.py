"""all-MiniLM-L6-v2 on ONNX Runtime: exported from the package's own files, int8 per channel.

No hub and no network: on first use the packaged PyTorch weights are traced to
ONNX (`torch.onnx.export`, the TorchScript exporter) with mean pooling and
L2 normalisation inside the graph, and the weights of every MatMul are then
quantised to int8, one scale per output channel (`onnxruntime.quantization.
quantize_dynamic`: int8 weights, uint8 activations quantised per batch, no
reduced range, so the VNNI / AMX int8 dot-product instructions apply). Both
files are kept under the cache folder, keyed by the model's id and
`EXPORT_VERSION`, written to a temporary file and moved into place, so a
concurrent or interrupted export never leaves half a model.

Why not sentence-transformers' own ONNX backend: it needs optimum-onnx, whose
release pins transformers below 4.58, and pip then resolves
sentence-transformers back to 5.x and huggingface_hub to 0.36 (checked with
`pip install --dry-run 'sentence-transformers[onnx]'`). The export here uses
only torch and transformers, which the torch backend needs anyway, and only
once; encoding needs onnxruntime, tokenizers and numpy.

Encoding tokenises with the package's `tokenizer.json` (truncated at the
model's 256 tokens, as sentence-transformers does), sorts the texts by token
count so a batch carries almost no padding, and returns unit-length float32
rows in the input order.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Sequence

import numpy as np

log = logging.getLogger(__name__)

# Bump when the exported graph or the quantisation changes: old files are then ignored.
EXPORT_VERSION = 1
OPSET = 17
PRECISIONS = ("fp32", "int8")


def _atomic_target(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide a shared cache from other users
    return Path(tmp)


def export_fp32(model_dir: Path, target: Path) -> Path:
    """Trace the packaged model (transformer, mean pooling, normalisation) to an ONNX file."""
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    # Eager attention traces to plain MatMul/Softmax nodes with the padding mask
    # as a graph input; the SDPA path bakes the traced batch's mask in.
    bert = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()

    class Pooled(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden = self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=torch.zeros_like(input_ids)
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    ids = torch.ones((2, 16), dtype=torch.int64)
    mask = torch.ones((2, 16), dtype=torch.int64)
    mask[1, 9:] = 0  # a padded row, so the mask is traced as data
    tmp = _atomic_target(target)
    try:
        import warnings

        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the tracer's notes on shape-dependent Python branches
            torch.onnx.export(
                Pooled(bert),
                (ids, mask),
                str(tmp),
                input_names=["input_ids", "attention_mask"],
                output_names=["embedding"],
                dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"}, "embedding": {0: "batch"}},
                opset_version=OPSET,
                dynamo=False,
            )
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def quantize_int8(source: Path, target: Path) -> Path:
    """Dynamic int8 quantisation of every MatMul weight, one scale per output channel."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    tmp = _atomic_target(target)
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # the quantiser logs advice on the root logger
    try:
        quantize_dynamic(
            str(source),
            str(tmp),
            per_channel=True,
            reduce_range=False,  # VNNI has no 7-bit overflow problem
            weight_type=QuantType.QInt8,
            op_types_to_quantize=["MatMul"],
            extra_options={"DefaultTensorType": 1},  # float, for outputs shape inference leaves untyped
        )
        os.replace(tmp, target)
    finally:
        root.setLevel(level)
        tmp.unlink(missing_ok=True)
    return target


def model_file(model_dir: Path, folder: Path, precision: str) -> Path:
    """The ONNX file for `precision`, exported (and quantised) into `folder` on first use."""
    if precision not in PRECISIONS:
        raise ValueError(f"unknown precision {precision!r}; expected one of {', '.join(PRECISIONS)}")
    fp32 = folder / "model-fp32.onnx"
    if not fp32.exists():
        log.info("exporting %s to ONNX in %s (once)", model_dir.name, folder)
        export_fp32(model_dir, fp32)
    if precision == "fp32":
        return fp32
    int8 = folder / "model-int8.onnx"
    if not int8.exists():
        log.info("quantising %s to int8 (once)", fp32)
        quantize_int8(fp32, int8)
    return int8


class OnnxEncoder:
    """The model on ONNX Runtime, with the `encode` signature claimcheck uses of SentenceTransformer.

    `alone=True` (the int8 model) runs every sentence as a batch of one. Dynamic
    quantisation scales a MatMul's activations by the largest value in the whole
    batch, padding included, so batch-mates would move a sentence's vector (a
    cosine as low as 0.95 between two batchings of one sentence on BBC); alone,
    a sentence always gets the same vector, whatever else is embedded with it.
    On one core it costs nothing (about 410 sentences/s either way, since there
    is no padding). The fp32 model runs length-sorted batches of 8, which beat
    batches of 64 on one core (220 against 175 sentences/s). Either way the
    cores are used by running batches side by side, one single-threaded ONNX
    Runtime call per thread.
    """

    def __init__(self, model_dir: Path, onnx_path: Path, *, alone: bool = False, threads: int | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        config = json.loads((model_dir / "sentence_bert_config.json").read_text())
        self.max_tokens = int(config.get("max_seq_length", 256))
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(self.max_tokens)
        self.tokenizer.no_padding()
        self.alone = alone
        self.threads = max(1, threads or len(os.sched_getaffinity(0)))
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # Parallel across batches, not inside one: each call runs on its caller's thread,
        # which keeps the cores busy even on the small batches that carry no padding.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
        self.path = onnx_path
        self.dimensions = int(self.session.get_outputs()[0].shape[-1] or 384)

    def _run(self, encodings: list, rows: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        width = int(lengths[rows].max())
        ids = np.zeros((len(rows), width), dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int64)
        for r, i in enumerate(rows):
            n = lengths[i]
            ids[r, :n] = encodings[i].ids
            mask[r, :n] = 1
        return self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]

    def encode(
        self,
        texts: Sequence[str],
        batch_size: int = 8,
        normalize_embeddings: bool = True,
        convert_to_numpy: bool = True,
        show_progress_bar: bool = False,
    ) -> np.ndarray:
        """Unit-length float32 vectors of `texts`, one row each, in order (the graph normalises)."""
        del normalize_embeddings, convert_to_numpy  # always both
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        if not len(texts):
            return out
        encodings = self.tokenizer.encode_batch(list(texts), add_special_tokens=True)
        lengths = np.array([len(e.ids) for e in encodings])
        # Longest first, as sentence-transformers does: batches of like lengths carry
        # little padding, and a batch's cost is its longest row times its size.
        order = np.argsort(-lengths, kind="stable")
        step = 1 if self.alone else batch_size
        batches = [order[start : start + step] for start in range(0, len(order), step)]
        progress = None
        if show_progress_bar:
            from tqdm import tqdm

            progress = tqdm(total=len(batches), desc="Batches", unit="batch")

        def work(chunk: list[np.ndarray]) -> None:
            for rows in chunk:
                out[rows] = self._run(encodings, rows, lengths)
            if progress is not None:
                progress.update(len(chunk))

        if self.threads > 1 and len(batches) > 1:
            from concurrent.futures import ThreadPoolExecutor

            # Small chunks handed out in turn keep every core busy to the end.
            size = 64 if self.alone else 8
            chunks = [batches[start : start + size] for start in range(0, len(batches), size)]
            with ThreadPoolExecutor(self.threads) as pool:
                list(pool.map(work, chunks))
        else:
            work(batches)
        if progress is not None:
            progress.close()
        return out
