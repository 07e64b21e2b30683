"""A real Triton Inference Server (PyTriton's `tritonserver`, tests/engines/triton_server.py) serving the
shipped model with its dynamic batcher on, and verdict's `--device triton` backend against it: the same
verdicts as the local ONNX Runtime backend on a corpus, in process and through `verdict serve`."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from dataclasses import dataclass

import numpy as np
import pytest
from google.protobuf import text_format
from tritonclient.grpc import model_config_pb2

from benchmarks.recognizers.cases import CASES
from tests.engines.processes import REPO, free_port
from verdict.governance.policy.compiled import TENANT_SCOPE
from verdict.governance.policy.deciding import decider
from verdict.governance.policy.loader import load_policy
from verdict.governance.policy.registry import SHIPPED_DEFAULT
from verdict.governance.policy.verdict import Verdict
from verdict.runtime.analyzer import Analyzer
from verdict.runtime.backends.select import build_backend
from verdict.runtime.backends.triton import TritonBackend
from verdict.runtime.errors import ModelError
from verdict.runtime.findings import Analysis
from verdict.runtime.manifest import Manifest, resolve_model_dir
from verdict.serving.client import VerdictClient

pytestmark = pytest.mark.engines

MODEL_DIR = resolve_model_dir(REPO / "models")
# The same graph on the same ONNX Runtime gives the same numbers for the same input tensor. Up to
# verdict/10 the int8 graph quantized activations with one scale per batch, so a window's logits moved (up to
# ~1 logit) with the other windows of its batch; since verdict/11 ('token' int8, one scale per token) they do
# not, and each comparison below still holds the batch's composition the same on both sides.
SCORE_TOLERANCE = 1e-3
SERVED_EVERY = 4  # every 4th corpus text goes through `verdict serve`, one request at a time
# `verdict serve` batches a text's windows its own way. With verdict/10's per-batch int8 scales that moved a
# calibrated topic score by up to 0.17 (the corpus's house-party answer: 0.50, 0.60, 0.67 and 0.52 alone and
# in batches of 4, 16 and 64); verdict/11's per-token scales give one score in any batch (64 dev texts alone
# and in batches of 16: no change), and the band stays for kernels that may differ in Triton's ORT build.
NEAR_THRESHOLD = 0.2
DEFAULT_RULES = load_policy(SHIPPED_DEFAULT).route(TENANT_SCOPE)


@dataclass(frozen=True, slots=True)
class Triton:
    grpc: str  # host:port for tritonclient / VERDICT_TRITON_URL
    metrics: str  # http://host:port/metrics

    def counts(self) -> dict[str, float]:
        """Triton's own counters for the model: requests, inferences (rows) and executions (batches)."""
        text = urllib.request.urlopen(self.metrics, timeout=30).read().decode()
        wanted = ("nv_inference_request_success", "nv_inference_count", "nv_inference_exec_count")
        return {
            line.split("{")[0]: float(line.rsplit(" ", 1)[1])
            for line in text.splitlines()
            if line.startswith(wanted) and 'model="verdict"' in line
        }


def corpus() -> list[str]:
    """Hand-written texts with PII, topics and plain answers: probes, recognizer cases, harmful answers."""
    texts = [case.text for case in CASES]
    for path, limit in (("probes/test.jsonl", 136), ("everyday/harmful.jsonl", 40)):
        lines = (REPO / "benchmarks" / path).read_text(encoding="utf-8").splitlines()[:limit]
        texts += [json.loads(line)["text"] for line in lines]
    return texts


def start_triton(engines, processes, name: str, grpc_port: int) -> Triton:
    """A tests/engines/triton_server.py process serving the shipped model, once it says it is ready."""
    metrics_port = free_port()
    server = processes.start(
        name,
        [str(engines.triton), str(REPO / "tests" / "engines" / "triton_server.py")]
        + ["--model-dir", str(MODEL_DIR), "--grpc-port", str(grpc_port)]
        + ["--http-port", str(free_port()), "--metrics-port", str(metrics_port)],
    )
    address = server.wait_for(r"triton listening on (127\.0\.0\.1:\d+)", timeout=240).group(1)
    return Triton(address, f"http://127.0.0.1:{metrics_port}/metrics")


def start_verdict(processes, name: str, triton_url: str, **env: str) -> str:
    """`verdict serve --device triton` on the shipped model and policy; returns its address."""
    server = processes.python(
        name,
        *("-m", "verdict.cli", "serve", "--repository", str(REPO / "models"), "--device", "triton"),
        *("--host", "127.0.0.1", "--port", "0", "--metrics-port", "0"),
        *("--audit-path", str(processes.log_dir / f"{name}-audit.sqlite")),
        env={"PYTHONPATH": str(REPO), "VERDICT_TRITON_URL": triton_url, **env},
    )
    return server.wait_for(r"verdict listening on (127\.0\.0\.1:\d+)", timeout=180).group(1)


@pytest.fixture(scope="module")
def triton(engines, processes) -> Triton:
    return start_triton(engines, processes, "triton", free_port())


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer.from_model_dir(MODEL_DIR)


@pytest.fixture(scope="module")
def remote(triton, analyzer) -> TritonBackend:
    backend = build_backend(analyzer.manifest, "triton", triton_url=triton.grpc, fallback=False)
    backend.load()
    warmed = triton.counts().get("nv_inference_count", 0.0) + 1  # the warm-up sends one window
    backend.warmup()
    # Triton counts a request just after it answers it: a test that reads the counters right after this
    # fixture could miss the warm-up's row and count it as one of its own (379 for 378 windows, seen in CI).
    deadline = time.monotonic() + 10
    while triton.counts().get("nv_inference_count", 0.0) < warmed and time.monotonic() < deadline:
        time.sleep(0.05)
    return backend


@pytest.fixture(scope="module")
def local(analyzer):
    backend = build_backend(analyzer.manifest, "cpu")
    backend.load()
    return backend


@pytest.fixture(scope="module")
def local_results(analyzer, local) -> list[tuple[Analysis, Verdict]]:
    """The corpus in batches of 32 texts, as the in-process comparison sends it to Triton."""
    decide = decider(None, analyzer.manifest.model_version)
    return [(a, decide(a)) for a in analyzer.analyze(corpus(), local)]


@pytest.fixture(scope="module")
def single_verdicts(analyzer, local):
    """The served texts each alone, as `verdict serve` batches requests that arrive one by one."""
    decide = decider(None, analyzer.manifest.model_version)
    return [decide(analyzer.analyze([text], local)[0]) for text in corpus()[::SERVED_EVERY]]


def spans(findings) -> list[tuple[str, int, int]]:
    """Each finding's type and span; a topic finding's span is the window that scored highest, and when two
    overlapping windows score within the int8 graph's batch-to-batch movement (verdict serve batches a
    text's windows its own way), either may be it: a topic finding is compared by its type."""
    return sorted((f.type, -1, -1) if f.category == "topic" else (f.type, f.start, f.end) for f in findings)


def _near_topic_threshold(findings) -> bool:
    return any(
        f.category == "topic"
        and abs(f.score - DEFAULT_RULES.rule_for(f.type, f.category).threshold) < NEAR_THRESHOLD
        for f in findings
    )


def ordered(findings) -> list:
    return sorted(findings, key=lambda f: (f.type, f.start, f.end, f.detector))


def test_the_corpus_reaches_every_action(local_results):
    actions = {verdict.action.name for _, verdict in local_results}
    categories = {f.category for _, verdict in local_results for f in verdict.findings}
    assert actions == {"ALLOW", "FLAG", "REDACT", "BLOCK"} and {"pii", "topic"} <= categories


def test_triton_gives_the_local_verdicts_on_a_corpus(triton, analyzer, remote, local_results):
    texts = corpus()
    before = triton.counts()
    analyses = analyzer.analyze(texts, remote)
    after = triton.counts()
    decide = decider(None, analyzer.manifest.model_version)
    for text, analysis, (local_analysis, expected) in zip(texts, analyses, local_results, strict=True):
        verdict = decide(analysis)
        assert (verdict.action, spans(verdict.findings)) == (expected.action, spans(expected.findings)), text
        assert verdict.redacted_text == expected.redacted_text
        for got, want in zip(ordered(verdict.findings), ordered(expected.findings)):
            assert got.score == pytest.approx(want.score, abs=SCORE_TOLERANCE), (text, got)
        assert analysis.scores == pytest.approx(local_analysis.scores, abs=SCORE_TOLERANCE)  # topics, leakage
        np.testing.assert_allclose(analysis.embedding, local_analysis.embedding, atol=SCORE_TOLERANCE)
    windows = sum(a.num_windows for a in analyses)
    assert (
        after["nv_inference_count"] - before["nv_inference_count"] == windows
    )  # every window went to Triton


def test_verdict_serve_on_triton_gives_the_local_verdicts(triton, processes, single_verdicts):
    address = start_verdict(processes, "verdict-triton", triton.grpc)
    before = triton.counts()
    with VerdictClient(address, timeout=120) as client:
        info = client.model_info()
        assert (info.backend, info.degraded) == ("triton", False)
        results = [client.classify(text) for text in corpus()[::SERVED_EVERY]]
    served = triton.counts()["nv_inference_request_success"] - before["nv_inference_request_success"]
    assert served >= len(results)  # each text's windows reached Triton, none was answered by a fallback
    compared = 0
    for text, result, expected in zip(corpus()[::SERVED_EVERY], results, single_verdicts, strict=True):
        assert not result.degraded, text
        if _near_topic_threshold(result.findings) or _near_topic_threshold(expected.findings):
            continue
        compared += 1
        assert (result.action, spans(result.findings)) == (expected.action, spans(expected.findings)), text
        assert result.redacted_text == expected.redacted_text
    assert compared >= 0.8 * len(results)  # a near tie is the exception


def test_triton_batches_what_concurrent_replicas_send(triton, analyzer, local):
    """Six clients, as six verdict replicas would be, each sending single windows of one width: Triton's
    dynamic batcher runs them in fewer executions, and every client gets its own rows back (which rows
    share an execution is Triton's choice, so each is matched to the nearest local result, not equated)."""
    replicas, requests, width = 6, 8, 48
    windows = [analyzer.prepare(text).windows[0].ids for text in corpus()[-replicas:]]  # long answers
    windows = [[*ids[: width - 1], ids[-1]] for ids in windows]  # [CLS] ... [SEP], all `width` long
    alone = [local.predict([ids])[0] for ids in windows]
    start, results, errors = threading.Barrier(replicas), {}, []

    def replica(r: int) -> None:
        backend = TritonBackend(triton.grpc, "verdict", MODEL_DIR.name, timeout_s=120)
        try:
            backend.load()
            start.wait(timeout=60)
            results[r] = [backend.predict([windows[r]])[0] for _ in range(requests)]
        except Exception as exc:  # reported below: a thread's assertion would be lost
            errors.append(exc)

    before = triton.counts()
    threads = [threading.Thread(target=replica, args=(r,)) for r in range(replicas)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    after = triton.counts()
    assert not errors, errors
    rows = after["nv_inference_count"] - before["nv_inference_count"]
    executions = after["nv_inference_exec_count"] - before["nv_inference_exec_count"]
    assert rows == replicas * requests
    assert executions < rows, (executions, rows)
    for r in range(replicas):
        for output in results[r]:
            distances = [np.linalg.norm(output.embedding - a.embedding) for a in alone]
            assert int(np.argmin(distances)) == r, distances
            assert output.token_logits.shape == alone[r].token_logits.shape


def test_a_failed_inference_is_a_model_error_and_triton_keeps_serving(triton, remote):
    with pytest.raises(ModelError, match=f"triton inference failed at {triton.grpc}"):
        remote.predict([[101, 10**9, 102]])  # no such token: ONNX Runtime's Gather fails inside Triton
    assert remote.health() and len(remote.predict([[101, 102]])) == 1


def test_a_version_triton_does_not_serve_is_not_ready(triton):
    with pytest.raises(ModelError, match="model 'verdict' version 999 is not ready"):
        TritonBackend(triton.grpc, "verdict", "999").load()


@pytest.mark.parametrize("name", ["gpu.pbtxt", "gpu-tensorrt.pbtxt"])
def test_the_gpu_configs_keep_the_shipped_signature_and_batching(name):
    """deploy/triton/ mounts these over models/verdict/config.pbtxt: only the graph file, the device and
    the execution provider may differ from the shipped config."""

    def parse(path):
        return text_format.Parse(path.read_text(encoding="utf-8"), model_config_pb2.ModelConfig())

    shipped, gpu = parse(MODEL_DIR.parent / "config.pbtxt"), parse(REPO / "deploy" / "triton" / name)
    for field in ("name", "platform", "max_batch_size", "input", "output", "dynamic_batching"):
        assert getattr(gpu, field) == getattr(shipped, field), field
    files = Manifest.load(MODEL_DIR).files
    assert (shipped.default_model_filename, gpu.default_model_filename) == (files["int8"], files["fp16"])
    assert (MODEL_DIR / gpu.default_model_filename).is_file()
    assert [group.kind for group in gpu.instance_group] == [model_config_pb2.ModelInstanceGroup.KIND_GPU]
    accelerators = gpu.optimization.execution_accelerators.gpu_execution_accelerator
    assert [a.name for a in accelerators] == (["tensorrt"] if "tensorrt" in name else [])


def test_verdict_serve_falls_back_while_triton_is_away_and_comes_back_to_it(engines, processes):
    """Triton not there at start: verdict serves from its CPU backend, degraded; once Triton is up on
    that address, verdict's health loop switches back and Triton answers."""
    grpc_port = free_port()
    address = start_verdict(
        processes, "verdict-triton-late", f"127.0.0.1:{grpc_port}", VERDICT_RETRY_PRIMARY_INTERVAL_S="1"
    )
    text = corpus()[0]
    with VerdictClient(address, timeout=120) as client:
        info = client.model_info()
        assert (info.backend, info.degraded) == ("onnxruntime-cpu", True)
        assert client.classify(text).degraded
        late = start_triton(engines, processes, "triton-late", grpc_port)
        deadline = time.monotonic() + 120
        while client.model_info().degraded and time.monotonic() < deadline:
            time.sleep(0.5)
        assert client.model_info().backend == "triton"
        before = late.counts()
        result = client.classify(text)
    assert not result.degraded
    assert late.counts()["nv_inference_request_success"] > before["nv_inference_request_success"]
