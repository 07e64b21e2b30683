"""A real verdict server on 127.0.0.1 port 0, with a fake analyzer and a fake backend (no model needed).

The fake analyzer finds emails and Luhn-valid card numbers by pattern and a "violent_crimes" topic on
the word "kill"; the fake backend can be slowed down or made to fail to exercise overload, deadlines
and fallback.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass

import grpc
import pytest

from classifier.findings import Analysis, Finding
from serving._proto import verdict_pb2_grpc
from serving.server import Loaded, VerdictServer
from serving.settings import Settings

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
CARD = re.compile(r"\b\d(?:[ -]?\d){12,18}\b")


def luhn(digits: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


@dataclass(frozen=True)
class FakeWindow:
    ids: tuple[int, ...]


@dataclass(frozen=True)
class FakePrepared:
    text: str
    windows: tuple[FakeWindow, ...]


class FakeAnalyzer:
    window_chars = 200

    def prepare(self, text: str, *, system_prompt: str | None = None) -> FakePrepared:
        pieces = [text[i:i + self.window_chars] for i in range(0, len(text), self.window_chars)] or [""]
        return FakePrepared(text, tuple(FakeWindow((101, *(ord(c) % 30000 for c in p), 102)) for p in pieces))

    def finish(self, prepared: FakePrepared, outputs) -> Analysis:
        assert len(outputs) == len(prepared.windows)
        text = prepared.text
        findings = [Finding("pii", "EMAIL_ADDRESS", 0.99, m.start(), m.end(), "regex:email") for m in EMAIL.finditer(text)]
        findings += [Finding("pii", "CREDIT_CARD", 0.99, m.start(), m.end(), "checksum:luhn")
                     for m in CARD.finditer(text) if luhn(re.sub(r"\D", "", m.group()))]
        violent = 0.95 if "kill" in text.lower() else 0.01
        if violent > 0.5:
            findings.append(Finding("topic", "violent_crimes", violent, 0, len(text), "model"))
        return Analysis(text=text, findings=tuple(sorted(findings, key=lambda f: f.start)), scores={"violent_crimes": violent})


class FakeBackend:
    """Backend protocol; `delay_s` slows every batch, `fail` makes predict raise (a dying GPU)."""

    def __init__(self, name: str = "fake", *, delay_s: float = 0.0, fail: bool = False) -> None:
        self.name, self.delay_s, self.fail = name, delay_s, fail
        self.batches: list[int] = []

    def load(self) -> None:
        pass

    def health(self) -> bool:
        return not self.fail

    def warmup(self) -> None:
        pass

    def predict(self, batch):
        if self.delay_s:
            time.sleep(self.delay_s)
        if self.fail:
            raise RuntimeError("CUDA error: an illegal memory access was encountered")
        self.batches.append(len(batch))
        return [object() for _ in batch]


class FallbackStub:
    """Primary backend, replaced for good by the secondary one on its first failure."""

    def __init__(self, primary, secondary) -> None:
        self.primary, self.secondary, self.degraded = primary, secondary, False
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.secondary.name if self.degraded else self.primary.name

    def load(self) -> None:
        self.primary.load()
        self.secondary.load()

    def health(self) -> bool:
        return True

    def warmup(self) -> None:
        pass

    def predict(self, batch):
        if not self.degraded:
            try:
                return self.primary.predict(batch)
            except Exception:  # noqa: BLE001
                with self._lock:
                    self.degraded = True
        return self.secondary.predict(batch)


def fake_loader(backend=None, version: str = "verdict/1"):
    backend = backend or FakeBackend()

    def load(requested: str | None) -> Loaded:
        return Loaded(version if requested is None else f"verdict/{requested}", FakeAnalyzer(), backend)

    return load


def fallback_loader(primary, secondary):
    return fake_loader(FallbackStub(primary, secondary))


@pytest.fixture
async def start_server():
    """`await start_server(loader=..., **settings)` -> a started VerdictServer on 127.0.0.1:<port>."""
    servers: list[VerdictServer] = []

    async def start(*, loader=None, **overrides) -> VerdictServer:
        settings = Settings.load(host="127.0.0.1", port=0, metrics_port=None, watch_interval_s=0, device="fake", **overrides)
        server = VerdictServer(settings, loader=loader or fake_loader())
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
