"""The fake, Triton and torch backends, the backend factory and the batcher's metrics observer."""

from __future__ import annotations

import json

import numpy as np
import pytest
from prometheus_client import CollectorRegistry

from verdict.runtime.backends.fake import FakeBackend
from verdict.runtime.backends.fallback import FallbackBackend
from verdict.runtime.backends.select import Probe, build_backend, choose
from verdict.runtime.backends.triton import OUTPUTS, TritonBackend
from verdict.runtime.errors import ConfigError, ModelError
from verdict.runtime.manifest import Labels, Manifest
from verdict.serving.batcher import BatchStats
from verdict.serving.metrics import BatcherMetrics, Metrics

BATCH = [[101, 2023, 2003, 102], [101, 7592, 102]]
LABELS = Labels(
    token_tags=("O", "B-EMAIL_ADDRESS", "I-EMAIL_ADDRESS"),
    topics=("hate", "violent_crimes"),
    leakage=("system_prompt_disclosure",),
)


def assert_outputs_equal(actual, expected, atol=0.0):
    assert len(actual) == len(expected)
    for a, b in zip(actual, expected):
        for field in ("token_logits", "topic_logits", "leak_logits", "embedding"):
            np.testing.assert_allclose(getattr(a, field), getattr(b, field), atol=atol, rtol=0)


def manifest_in(directory, files=None) -> Manifest:
    (directory / "tokenizer.json").write_text("{}", encoding="utf-8")
    manifest = Manifest(
        name="verdict", version="1", labels=LABELS, files=files or {}, hidden_size=8, directory=directory
    )
    manifest.save(directory)
    return Manifest.load(directory)


# -- FakeBackend ------------------------------------------------------------------------------------


def test_fake_outputs_depend_only_on_the_window():
    backend = FakeBackend(3, 2, 1, 8)
    batched = backend.predict(BATCH)
    assert_outputs_equal(batched, [backend.predict([w])[0] for w in BATCH])
    assert_outputs_equal(batched, FakeBackend(3, 2, 1, 8).predict(BATCH))
    first = batched[0]
    assert first.token_logits.shape == (4, 3) and first.topic_logits.shape == (2,)
    assert first.leak_logits.shape == (1,) and first.embedding.dtype == np.float32
    assert np.isclose(np.linalg.norm(first.embedding), 1.0)


def test_fake_fault_injection():
    backend = FakeBackend(3, 2, 1, 8, fail_after=1)
    backend.load()
    backend.predict(BATCH)
    with pytest.raises(ModelError):
        backend.predict(BATCH)
    assert not backend.health()
    backend.recover()
    backend.fail_next(2)
    for _ in range(2):
        with pytest.raises(ModelError):
            backend.predict(BATCH)
    assert backend.health() and len(backend.predict(BATCH)) == 2
    backend.fail_always()
    assert not backend.health()
    assert backend.batch_sizes == [2, 2]


# -- backend selection ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "probe", "expected"),
    [
        ("auto", Probe(("CUDAExecutionProvider",), False), "onnxruntime-gpu"),
        ("auto", Probe((), True), "torch-cuda"),
        ("auto", Probe((), False), "onnxruntime-cpu"),
        ("cuda", Probe(("TensorrtExecutionProvider",), True), "onnxruntime-gpu"),
        ("cuda", Probe((), True), "torch-cuda"),
        ("cpu", Probe(("CUDAExecutionProvider",), True), "onnxruntime-cpu"),
        ("triton", Probe((), False), "triton"),
        ("fake", Probe((), False), "fake"),
    ],
)
def test_choose(kind, probe, expected):
    assert choose(kind, probe) == expected


@pytest.mark.parametrize("kind", ["cuda", "tpu"])
def test_choose_refuses_what_the_host_cannot_do(kind):
    with pytest.raises(ConfigError):
        choose(kind, Probe((), False))


def test_build_backend(tmp_path):
    for name in ("model.onnx", "model.fp16.onnx"):
        (tmp_path / name).write_bytes(b"")  # built, never loaded: the factory only picks
    manifest = manifest_in(tmp_path, {"int8": "model.onnx", "fp16": "model.fp16.onnx"})
    assert build_backend(manifest, "cpu").name == "onnxruntime-cpu"
    assert build_backend(manifest, "auto", host=Probe((), False)).name == "onnxruntime-cpu"
    fake = build_backend(manifest, "fake")
    assert fake.predict(BATCH)[0].token_logits.shape == (4, 3) and fake.predict(BATCH)[0].embedding.shape == (
        8,
    )
    remote = build_backend(manifest, "triton", triton_url="localhost:8001")
    assert isinstance(remote, FallbackBackend) and remote.primary.name == "triton"
    torch_backend = build_backend(manifest, "auto", host=Probe((), True), fallback=False)
    assert torch_backend.name == "torch-cuda"
    gpu = build_backend(manifest, "auto", host=Probe(("CUDAExecutionProvider",), False))
    assert gpu.primary.providers == ["CUDAExecutionProvider", "CPUExecutionProvider"]
    assert gpu.primary.variant == "fp16"
    with pytest.raises(ConfigError):
        build_backend(manifest, "triton")


# -- Triton -----------------------------------------------------------------------------------------


class FakeTritonClient:
    """Records what the backend sends; answers like a KServe v2 server running the verdict graph."""

    def __init__(self, ready: bool = True, max_batch_size: int = 64, output_type: str = "FP32") -> None:
        self.ready = ready
        self.max_batch_size = max_batch_size
        self.output_type = output_type
        self.requests: list[dict] = []

    def is_server_live(self, client_timeout=None):
        return True

    def is_model_ready(self, model_name, model_version="", client_timeout=None):
        return self.ready

    def get_model_metadata(self, model_name, model_version="", as_json=False, client_timeout=None):
        return {
            "inputs": [{"name": name, "datatype": "INT64"} for name in ("input_ids", "attention_mask")],
            "outputs": [{"name": name, "datatype": self.output_type} for name in OUTPUTS],
        }

    def get_model_config(self, model_name, model_version="", as_json=False, client_timeout=None):
        return {"config": {"name": model_name, "max_batch_size": self.max_batch_size}}

    def infer(self, model_name, inputs, model_version="", outputs=None, client_timeout=None):
        self.requests.append(
            {
                "model": model_name,
                "version": model_version,
                "inputs": inputs,
                "outputs": [o.name() for o in outputs],
            }
        )
        ids = np.frombuffer(inputs[0]._get_content(), dtype=np.int64).reshape(inputs[0].shape())
        batch, width = ids.shape
        arrays = {
            "token_logits": np.broadcast_to(ids[..., None].astype(np.float32), (batch, width, 3)),
            "topic_logits": np.zeros((batch, 2), np.float32),
            "leak_logits": np.ones((batch, 1), np.float32),
            "embedding": np.full((batch, 8), 8**-0.5, np.float32),
        }
        return type("Result", (), {"as_numpy": lambda self, name: arrays.get(name)})()


def test_triton_request_construction():
    client = FakeTritonClient()
    backend = TritonBackend("localhost:8001", "verdict", "3", client=client)
    backend.load()
    outputs = backend.predict(BATCH)
    [request] = client.requests
    assert (request["model"], request["version"], request["outputs"]) == ("verdict", "3", list(OUTPUTS))
    ids, mask = request["inputs"]
    assert [(t.name(), t.datatype(), t.shape()) for t in (ids, mask)] == [
        ("input_ids", "INT64", [2, 4]),
        ("attention_mask", "INT64", [2, 4]),
    ]
    assert np.frombuffer(mask._get_content(), dtype=np.int64).tolist() == [1, 1, 1, 1, 1, 1, 1, 0]
    assert outputs[1].token_logits[:, 0].tolist() == [101, 7592, 102]  # padding cut off


def test_triton_not_ready_and_failures():
    with pytest.raises(ModelError, match="not ready"):
        TritonBackend("localhost:8001", client=FakeTritonClient(ready=False)).load()

    class Failing(FakeTritonClient):
        def infer(self, *args, **kwargs):
            raise ConnectionError("socket closed")

    with pytest.raises(ModelError, match="socket closed"):
        TritonBackend("localhost:8001", client=Failing()).predict(BATCH)


def test_triton_splits_a_batch_above_the_served_max_batch_size():
    client = FakeTritonClient(max_batch_size=2)
    backend = TritonBackend("localhost:8001", client=client)
    backend.load()
    windows = [[101, 7, 102], [101, 102], [101, 9, 9, 9, 102]]
    outputs = backend.predict(windows)
    assert [r["inputs"][0].shape() for r in client.requests] == [[2, 3], [1, 5]]  # each padded alone
    assert [o.token_logits[:, 0].tolist() for o in outputs] == windows
    assert backend.predict([]) == [] and len(client.requests) == 2


def test_triton_refuses_a_model_of_another_signature():
    with pytest.raises(ModelError, match="outputs .*FP16.* verdict needs"):
        TritonBackend("localhost:8001", client=FakeTritonClient(output_type="FP16")).load()


# -- torch ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def torch_model_dir(tmp_path_factory):
    """A version dir holding only what the torch backend reads: fp16 weights, encoder config, manifest."""
    torch = pytest.importorskip("torch")
    pytest.importorskip("transformers")
    from verdict.runtime.model import VerdictModel, tiny_encoder_config

    directory = tmp_path_factory.mktemp("torch") / "1"
    directory.mkdir()
    (directory / "tokenizer.json").write_text(json.dumps({}), encoding="utf-8")
    torch.manual_seed(0)
    VerdictModel(tiny_encoder_config(), LABELS).save_checkpoint(
        directory, tokenizer_path=directory / "tokenizer.json", fp16=True
    )
    manifest_in(directory)
    return directory


def reference(directory, batch):
    """Each window run alone through the checkpoint in float32: no padding anywhere."""
    import torch

    from verdict.runtime.model import VerdictModel

    model = VerdictModel.from_checkpoint(directory).eval()
    with torch.inference_mode():
        rows = [model(torch.tensor([w]), torch.ones(1, len(w), dtype=torch.int64)) for w in batch]
    return [
        type(
            "Out",
            (),
            dict(
                zip(("token_logits", "topic_logits", "leak_logits", "embedding"), (t[0].numpy() for t in row))
            ),
        )()
        for row in rows
    ]


def test_torch_backend_on_cpu_matches_unpadded_windows(torch_model_dir):
    from verdict.runtime.backends.torch_cuda import TorchCudaBackend

    backend = TorchCudaBackend(Manifest.load(torch_model_dir), device="cpu")
    backend.load()
    assert backend.health() and backend.name == "torch-cpu"
    outputs = backend.predict(BATCH)
    assert outputs[1].token_logits.shape == (3, len(LABELS.token_tags))
    assert outputs[0].embedding.dtype == np.float32
    assert_outputs_equal(outputs, reference(torch_model_dir, BATCH), atol=1e-4)


@pytest.mark.gpu
def test_torch_backend_on_cuda_matches_cpu(torch_model_dir):
    import torch

    from verdict.runtime.backends.torch_cuda import TorchCudaBackend

    if not torch.cuda.is_available():
        pytest.skip("no CUDA device")
    backend = TorchCudaBackend(Manifest.load(torch_model_dir))
    backend.load()
    backend.warmup()
    assert backend.health() and backend.name == "torch-cuda"
    assert_outputs_equal(backend.predict(BATCH), reference(torch_model_dir, BATCH), atol=2e-2)


def test_torch_backend_without_weights_fails_to_load(tmp_path):
    from verdict.runtime.backends.torch_cuda import TorchCudaBackend

    with pytest.raises(ModelError, match="weights.fp16.safetensors"):
        TorchCudaBackend(manifest_in(tmp_path), device="cpu").load()


# -- metrics ----------------------------------------------------------------------------------------


def test_batcher_metrics_and_separate_registries():
    metrics, other = Metrics(CollectorRegistry()), Metrics(CollectorRegistry())
    observer = BatcherMetrics(metrics)
    observer.on_batch(
        BatchStats(size=3, padded_tokens=300, real_tokens=250, inference_ms=4.0, queue_ms=(1.0, 2.0, 3.0))
    )
    observer.on_dropped("deadline", 2)
    observer.on_queue_depth(7)
    sample = metrics.registry.get_sample_value
    assert sample("verdict_batch_size_count") == 1 and sample("verdict_batch_size_sum") == 3
    assert sample("verdict_batch_padded_tokens_sum") == 300
    assert sample("verdict_batch_inference_ms_sum") == 4.0
    assert sample("verdict_dropped_total", {"reason": "deadline"}) == 2
    assert sample("verdict_queue_depth") == 7
    assert other.registry.get_sample_value("verdict_queue_depth") == 0
