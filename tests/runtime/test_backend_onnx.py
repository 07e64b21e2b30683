"""ONNX Runtime backend on the tiny model: padding and splitting must not change any window's outputs."""

from __future__ import annotations

import numpy as np
import pytest

from verdict.runtime.backends.base import pad_batch, split_outputs
from verdict.runtime.backends.onnx import OnnxBackend, select_providers, select_variant
from verdict.runtime.errors import ModelError
from verdict.runtime.manifest import Manifest

WINDOWS = [
    [101, 7592, 2088, 102],
    [101] + list(range(2000, 2040)) + [102],
    [101, 102],
    [101, 4111, 2487, 11118, 102],
]


def test_pad_batch_right_pads_with_mask():
    ids, mask = pad_batch([[1, 2, 3], [4]], pad_id=0)
    assert ids.dtype == np.int64 and mask.dtype == np.int64
    assert ids.tolist() == [[1, 2, 3], [4, 0, 0]]
    assert mask.tolist() == [[1, 1, 1], [1, 0, 0]]


def test_split_outputs_cuts_padding():
    tokens = np.arange(2 * 3 * 2, dtype=np.float64).reshape(2, 3, 2)
    outs = split_outputs([3, 1], tokens, np.zeros((2, 4)), np.ones((2, 3)), np.eye(2))
    assert outs[0].token_logits.shape == (3, 2) and outs[1].token_logits.shape == (1, 2)
    assert outs[1].token_logits.dtype == np.float32
    assert outs[1].embedding.tolist() == [0.0, 1.0]


def test_provider_preference_and_variant(tiny_model_dir):
    assert select_providers(
        ["CPUExecutionProvider", "CUDAExecutionProvider", "TensorrtExecutionProvider"]
    ) == ["TensorrtExecutionProvider", "CUDAExecutionProvider", "CPUExecutionProvider"]
    assert select_providers(["AzureExecutionProvider"]) == ["CPUExecutionProvider"]
    manifest = Manifest.load(tiny_model_dir)
    assert select_variant(manifest, ["CPUExecutionProvider"]) == "int8"
    # The tiny model ships no fp16: a GPU provider falls back to fp32.
    assert select_variant(manifest, ["CUDAExecutionProvider", "CPUExecutionProvider"]) == "fp32"


@pytest.fixture(scope="module")
def fp32_backend(tiny_model_dir):
    backend = OnnxBackend(Manifest.load(tiny_model_dir), variant="fp32", threads=1)
    backend.load()
    return backend


def test_batch_of_different_lengths_equals_single_runs(fp32_backend):
    batched = fp32_backend.predict(WINDOWS)
    labels = fp32_backend.manifest.labels
    for ids, out in zip(WINDOWS, batched):
        (single,) = fp32_backend.predict([ids])
        assert out.token_logits.shape == (len(ids), len(labels.token_tags))
        assert out.topic_logits.shape == (len(labels.topics),) and out.leak_logits.shape == (
            len(labels.leakage),
        )
        for field in ("token_logits", "topic_logits", "leak_logits", "embedding"):
            np.testing.assert_allclose(getattr(out, field), getattr(single, field), atol=1e-5, rtol=0)
        assert np.linalg.norm(out.embedding) == pytest.approx(1.0, abs=1e-4)


def test_name_health_warmup_and_empty_batch(fp32_backend):
    assert fp32_backend.name == "onnxruntime-cpu"
    assert fp32_backend.health()
    fp32_backend.warmup()
    assert fp32_backend.predict([]) == []


def test_default_cpu_variant_is_int8(tiny_model_dir):
    backend = OnnxBackend(Manifest.load(tiny_model_dir), threads=1)
    assert backend.variant == "int8" and not backend.health()
    assert len(backend.predict([[101, 102]])) == 1  # loads on first use
    assert backend.health()


def test_runtime_failure_is_a_model_error(fp32_backend):
    with pytest.raises(ModelError):
        fp32_backend.predict([[10**9, 10**9]])  # token id past the vocabulary
