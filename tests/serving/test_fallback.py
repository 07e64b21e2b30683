"""FallbackBackend: a failing primary degrades service without failing the batch in flight."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from prometheus_client import CollectorRegistry

from verdict.runtime.backends.fake import FakeBackend
from verdict.runtime.backends.fallback import FallbackBackend
from verdict.runtime.errors import ModelError
from verdict.serving.batcher import Batcher
from verdict.serving.metrics import FallbackMetrics, Metrics

BATCH = [[101, 7, 8, 102], [101, 9, 102]]


def fake(name: str, **kwargs) -> FakeBackend:
    backend = FakeBackend(5, 3, 2, 8, name=name, seed=1 if name == "gpu" else 2, **kwargs)
    backend.load()
    return backend


class Switches:
    def __init__(self) -> None:
        self.events: list[tuple[str, bool]] = []

    def on_switch(self, backend, degraded):
        self.events.append((backend, degraded))


class Factory:
    def __init__(self, **kwargs) -> None:
        self.built: list[FakeBackend] = []
        self.kwargs = kwargs
        self.lock = threading.Lock()

    def __call__(self) -> FakeBackend:
        with self.lock:
            self.built.append(FakeBackend(5, 3, 2, 8, name="cpu", seed=2, **self.kwargs))
            return self.built[-1]


def same(outputs, expected) -> bool:
    return all(
        np.array_equal(a.token_logits, b.token_logits) and np.array_equal(a.embedding, b.embedding)
        for a, b in zip(outputs, expected, strict=True)
    )


def test_healthy_primary_answers_and_fallback_is_not_built():
    factory = Factory()
    backend = FallbackBackend(fake("gpu"), factory)
    backend.load()
    assert same(backend.predict(BATCH), fake("gpu").predict(BATCH))
    assert (backend.name, backend.degraded, backend.fallbacks, factory.built) == ("gpu", False, 0, [])


def test_failure_reruns_the_same_batch_on_the_fallback():
    primary, factory, switches = fake("gpu"), Factory(), Switches()
    backend = FallbackBackend(primary, factory, observer=switches)
    primary.fail_always()
    outputs = backend.predict(BATCH)
    assert same(outputs, fake("cpu").predict(BATCH))
    assert factory.built[0].batch_sizes == [1, 2]  # warmup, then the failed batch itself
    assert (backend.name, backend.degraded, backend.fallbacks) == ("cpu", True, 1)
    assert switches.events == [("cpu", True)]
    backend.predict(BATCH)
    assert backend.fallbacks == 1 and len(factory.built) == 1  # later batches go straight to the fallback


def test_retry_primary_switches_back_once_healthy():
    primary, switches = fake("gpu"), Switches()
    backend = FallbackBackend(primary, Factory(), observer=switches, prebuild=True)
    backend.load()
    primary.fail_always()
    backend.predict(BATCH)
    assert backend.retry_primary() is False and backend.degraded
    primary.recover()
    assert backend.retry_primary() is True
    assert not backend.degraded and backend.name == "gpu"
    assert switches.events == [("cpu", True), ("gpu", False)]
    assert same(backend.predict(BATCH), fake("gpu").predict(BATCH))


def test_primary_that_cannot_load_starts_degraded():
    class Broken(FakeBackend):
        def load(self):
            raise RuntimeError("no CUDA device")

    backend = FallbackBackend(Broken(5, 3, 2, 8, name="gpu"), Factory())
    backend.load()
    assert backend.degraded and backend.health() and backend.name == "cpu"


def test_failing_fallback_raises_model_error():
    primary = fake("gpu")
    primary.fail_always()
    backend = FallbackBackend(primary, Factory(fail_after=1))  # warmup passes, the rerun fails
    with pytest.raises(ModelError):
        backend.predict(BATCH)


def test_unbuildable_fallback_raises_model_error():
    def factory():
        raise OSError("model.onnx missing")

    primary = fake("gpu")
    primary.fail_next()
    with pytest.raises(ModelError, match="fallback"):
        FallbackBackend(primary, factory).predict(BATCH)


def test_concurrent_failures_build_one_fallback():
    primary, factory = fake("gpu"), Factory()
    backend = FallbackBackend(primary, factory)
    primary.fail_always()
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: backend.predict(BATCH), range(32)))
    expected = fake("cpu").predict(BATCH)
    assert all(same(r, expected) for r in results)
    assert len(factory.built) == 1 and backend.fallbacks == 1


async def test_requests_in_flight_survive_a_dying_primary():
    primary = fake("gpu", fail_after=2)
    backend = FallbackBackend(primary, Factory())
    async with Batcher(backend.predict, max_batch_size=2, max_delay_ms=1) as batcher:
        results = await asyncio.gather(*(batcher.submit([[101, i, 102]]) for i in range(12)))
    assert len(results) == 12 and backend.degraded


def test_fallback_metrics():
    metrics = Metrics(CollectorRegistry())
    primary = fake("gpu")
    backend = FallbackBackend(primary, Factory(), observer=FallbackMetrics(metrics))
    primary.fail_next()
    backend.predict(BATCH)
    sample = metrics.registry.get_sample_value
    assert sample("verdict_degraded") == 1
    assert sample("verdict_fallbacks_total") == 1
    assert sample("verdict_backend_info", {"backend": "cpu"}) == 1
    primary.recover()
    backend.retry_primary()
    assert sample("verdict_degraded") == 0
    assert sample("verdict_backend_info", {"backend": "gpu"}) == 1
    assert sample("verdict_backend_info", {"backend": "cpu"}) is None
