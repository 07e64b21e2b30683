"""A real verdict server on 127.0.0.1 port 0: a fake analyzer (no model needed) over the real rule
detectors, on the real FakeBackend (fault injection, latency) and FallbackBackend, with the real
policy registry, metrics and audit sink.

The fake analyzer finds what the real detectors find (emails, Luhn-valid cards, secrets, prompt
overlap), a "violent_crimes" topic on the word "kill", and prompt similarity from the backend's
embeddings (windows are word-hashed ids, so only shared wording looks similar).
"""

from __future__ import annotations

import asyncio
import re
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import grpc
import numpy as np
import pytest

from verdict.runtime.backends.fake import FakeBackend
from verdict.runtime.backends.fallback import FallbackBackend
from verdict.runtime.detectors import DetectContext, default_detectors, run_detectors
from verdict.runtime.findings import Analysis, Finding
from verdict.serving._proto import verdict_pb2_grpc
from verdict.serving.server import Loaded, VerdictServer
from verdict.serving.settings import Settings

WORD = re.compile(r"\S+")
HMAC_KEY = "test-audit-key"


@dataclass(frozen=True)
class FakeWindow:
    ids: tuple[int, ...]


@dataclass(frozen=True)
class FakePrepared:
    text: str
    windows: tuple[FakeWindow, ...]
    system_prompt: str | None
    protected_prompts: tuple[str, ...]
    prompt_embeddings: np.ndarray | None


def _windows(text: str, size: int = 200) -> tuple[FakeWindow, ...]:
    pieces = [text[i : i + size] for i in range(0, len(text), size)] or [""]
    return tuple(
        FakeWindow((101, *(zlib.crc32(w.encode()) % 30000 for w in WORD.findall(p)), 102)) for p in pieces
    )


def _embedding(outputs) -> np.ndarray:
    mean = np.mean([o.embedding for o in outputs], axis=0)
    return mean / max(float(np.linalg.norm(mean)), 1e-9)


class FakeAnalyzer:
    def __init__(self) -> None:
        # The serving tests write RFC 2606 addresses (bob@example.com) as stand-ins for real ones.
        self.detectors = default_detectors(report_documentation=True)
        self.embedded: list[tuple[str, ...]] = []  # every embed_prompts call, to check the cache

    def prepare(
        self, text: str, *, system_prompt=None, protected_prompts=(), prompt_embeddings=None
    ) -> FakePrepared:
        return FakePrepared(text, _windows(text), system_prompt, tuple(protected_prompts), prompt_embeddings)

    def least_cost(self, text: str) -> tuple[int, int]:
        windows = max(
            1, -(-len(text) // 200)
        )  # as _windows cuts; tokens: at least each window's two specials
        return windows, 2 * windows

    def finish(self, prepared: FakePrepared, outputs) -> Analysis:
        assert len(outputs) == len(prepared.windows)
        text = prepared.text
        context = DetectContext(
            system_prompt=prepared.system_prompt, protected_prompts=prepared.protected_prompts
        )
        findings = run_detectors(text, context, self.detectors)
        violent = 0.95 if "kill" in text.lower() else 0.01
        if violent > 0.5:
            findings.append(Finding("topic", "violent_crimes", violent, 0, len(text), "model"))
        if prepared.prompt_embeddings is not None:
            similarity = float(np.max(prepared.prompt_embeddings @ _embedding(outputs)))
            if similarity >= 0.8:
                findings.append(
                    Finding(
                        "leakage", "system_prompt_disclosure", similarity, 0, len(text), "prompt_similarity"
                    )
                )
        return Analysis(
            text=text,
            findings=tuple(sorted(findings, key=lambda f: f.start)),
            scores={"violent_crimes": violent},
        )

    def embed_prompts(self, prompts, backend) -> np.ndarray:
        self.embedded.append(tuple(prompts))
        windows = [_windows(p) for p in prompts]
        outputs = backend.predict([w.ids for ws in windows for w in ws])
        rows, at = [], 0
        for ws in windows:
            rows.append(_embedding(outputs[at : at + len(ws)]))
            at += len(ws)
        return np.stack(rows)


def fake_backend(name: str = "fake", *, latency_ms: float = 0.0) -> FakeBackend:
    backend = FakeBackend(n_tags=3, n_topics=2, n_leak=2, hidden=64, name=name, latency_ms=latency_ms)
    backend.load()
    return backend


def fake_loader(backend=None, version: str = "verdict/1", analyzer: FakeAnalyzer | None = None):
    backend = backend or fake_backend()
    analyzer = analyzer or FakeAnalyzer()

    def load(requested: str | None) -> Loaded:
        return Loaded(version if requested is None else f"verdict/{requested}", analyzer, backend)

    return load


def fallback_loader(primary, secondary):
    return fake_loader(FallbackBackend(primary, lambda: secondary))


async def until(condition, timeout: float = 5.0) -> None:
    """Wait (bounded) for a condition on the server's state instead of sleeping a guessed time: a loaded
    CI machine can take longer than any fixed sleep to deliver requests over loopback."""
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "condition not reached"
        await asyncio.sleep(0.001)


@pytest.fixture
async def start_server(tmp_path):
    """`await start_server(loader=..., **settings)` -> a started VerdictServer on 127.0.0.1:<port>."""
    servers: list[VerdictServer] = []

    async def start(*, loader=None, **overrides) -> VerdictServer:
        # metrics_port 0: a free port per server (None would mean "not given", i.e. the default 9464,
        # and concurrent test runs on one machine would collide on it)
        values = dict(
            host="127.0.0.1",
            port=0,
            metrics_port=0,
            watch_interval_s=0,
            device="fake",
            audit_path=str(tmp_path / f"audit-{len(servers)}.sqlite"),
            audit_hmac_key=HMAC_KEY,
        )
        values.update(overrides)
        server = VerdictServer(Settings.load(**values), loader=loader or fake_loader())
        await server.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        await server.stop(0)


@pytest.fixture
async def server(start_server):
    return await start_server()


@pytest.fixture
async def channel(server):
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as ch:
        yield ch


@pytest.fixture
def stub(channel):
    return verdict_pb2_grpc.VerdictStub(channel)


MODELS = Path(__file__).resolve().parents[2] / "models"


@pytest.fixture(scope="session")
def shipped_model() -> Loaded:
    """The shipped model version from the repository, loaded once: real ONNX Runtime on the CPU."""
    from verdict.serving.metrics import Metrics
    from verdict.serving.server import repository_loader

    settings = Settings.load(repository=str(MODELS), model="verdict", device="cpu", inference_threads=1)
    return repository_loader(settings, Metrics())(None)
