"""Every Prometheus metric verdict exports, in one place, on a registry the caller owns.

A dedicated CollectorRegistry (not prometheus_client's global one) lets tests and reloads build several
servers in one process; `verdict/serving/main.py` exposes the registry it creates. The batcher and the fallback
backend import nothing from here: they report through observer objects, implemented at the bottom.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from verdict.serving.batcher import BatchStats

NAMESPACE = "verdict"
STAGES = ("tokenize", "queue", "inference", "decode", "policy", "total")
# Milliseconds: sub-ms tokenization up to multi-second overload; inline callers care about 1-50 ms.
LATENCY_MS_BUCKETS = (0.25, 0.5, 1, 2, 5, 10, 20, 35, 50, 75, 100, 200, 500, 1000, 2500, 5000, 10000)
BATCH_SIZE_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256)
BATCH_TOKEN_BUCKETS = (64, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768)


class Metrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry if registry is not None else CollectorRegistry()
        r, ns = self.registry, NAMESPACE
        self.requests_total = Counter(
            "requests",
            "Classified texts by RPC method, verdict action and tenant",
            ("method", "action", "tenant"),
            namespace=ns,
            registry=r,
        )
        self.errors_total = Counter(
            "errors", "Failed RPCs by gRPC status code", ("code",), namespace=ns, registry=r
        )
        self.stage_ms = Histogram(
            "stage_latency_ms",
            "Latency of each pipeline stage, milliseconds",
            ("stage",),
            buckets=LATENCY_MS_BUCKETS,
            namespace=ns,
            registry=r,
        )
        self.batch_size = Histogram(
            "batch_size", "Windows per inference batch", buckets=BATCH_SIZE_BUCKETS, namespace=ns, registry=r
        )
        self.batch_inference_ms = Histogram(
            "batch_inference_ms",
            "Backend time per inference batch, milliseconds",
            buckets=LATENCY_MS_BUCKETS,
            namespace=ns,
            registry=r,
        )
        self.batch_tokens = Histogram(
            "batch_padded_tokens",
            "Padded tokens per inference batch (size x longest window)",
            buckets=BATCH_TOKEN_BUCKETS,
            namespace=ns,
            registry=r,
        )
        self.queue_depth = Gauge("queue_depth", "Windows waiting for inference", namespace=ns, registry=r)
        self.dropped_total = Counter(
            "dropped",
            "Windows dropped before inference, by reason (deadline, cancelled)",
            ("reason",),
            namespace=ns,
            registry=r,
        )
        self.refused_total = Counter(
            "refused",
            "Requests refused at admission, before any inference, by reason (too_large, queue_full, "
            "deadline: estimated to finish past it, expired: already past it)",
            ("reason",),
            namespace=ns,
            registry=r,
        )
        self.backend_info = Gauge(
            "backend_info", "1 for the backend answering now", ("backend",), namespace=ns, registry=r
        )
        self.degraded = Gauge("degraded", "1 while a fallback backend answers", namespace=ns, registry=r)
        self.fallbacks_total = Counter(
            "fallbacks",
            "Times the preferred backend failed and the CPU fallback took over",
            namespace=ns,
            registry=r,
        )
        self.audit_queue_depth = Gauge(
            "audit_queue_depth", "Audit records waiting to be written", namespace=ns, registry=r
        )
        self.audit_buffered = Gauge(
            "audit_buffered",
            "Audit records held in memory while the store is unavailable",
            namespace=ns,
            registry=r,
        )
        self.audit_dropped_total = Counter(
            "audit_dropped",
            "Audit records dropped because the audit queue was full",
            namespace=ns,
            registry=r,
        )
        # Labelled children looked up once, not per request (labels() takes a lock and builds a key).
        self._stages = {stage: self.stage_ms.labels(stage=stage) for stage in STAGES}
        self._requests: dict[tuple[str, str, str], Counter] = {}

    def count_request(self, method: str, action: str, tenant: str) -> None:
        """One classified text in `requests_total`."""
        key = (method, action, tenant)
        child = self._requests.get(key)
        if child is None:
            child = self._requests[key] = self.requests_total.labels(
                method=method, action=action, tenant=tenant
            )
        child.inc()

    def observe_stage(self, stage: str, ms: float) -> None:
        """One request's time in one of STAGES (the server records these from each response's timings)."""
        child = self._stages.get(stage)
        (child if child is not None else self.stage_ms.labels(stage=stage)).observe(ms)

    def set_backend(self, backend: str, *, degraded: bool = False) -> None:
        """Exactly one backend_info series is 1: the backend answering now."""
        self.backend_info.clear()
        self.backend_info.labels(backend=backend).set(1)
        self.degraded.set(1 if degraded else 0)


class BatcherMetrics:
    """verdict.serving.batcher.BatcherObserver, writing to Metrics. Per-batch numbers only: the per-request
    queue and inference stages are recorded by the server, once per request, not once per window."""

    def __init__(self, metrics: Metrics) -> None:
        self._m = metrics

    def on_batch(self, stats: BatchStats) -> None:
        self._m.batch_size.observe(stats.size)
        self._m.batch_tokens.observe(stats.padded_tokens)
        self._m.batch_inference_ms.observe(stats.inference_ms)

    def on_dropped(self, reason: str, count: int) -> None:
        self._m.dropped_total.labels(reason=reason).inc(count)

    def on_refused(self, reason: str) -> None:
        self._m.refused_total.labels(reason=reason).inc()

    def on_queue_depth(self, depth: int) -> None:
        self._m.queue_depth.set(depth)


class FallbackMetrics:
    """verdict.runtime.backends.fallback.FallbackObserver, writing to Metrics."""

    def __init__(self, metrics: Metrics) -> None:
        self._m = metrics

    def on_switch(self, backend: str, degraded: bool) -> None:
        if degraded:
            self._m.fallbacks_total.inc()
        self._m.set_backend(backend, degraded=degraded)


class AuditMetrics:
    """verdict.governance.audit.SinkObserver, writing to Metrics. `depth` reads the sink's buffered count (the
    sink is built after its observer, so it is passed as a callable)."""

    def __init__(self, metrics: Metrics, depth: Callable[[], int]) -> None:
        self._m, self._depth = metrics, depth

    def committed(self, records: Sequence[object], seconds: float) -> None:
        self._m.audit_queue_depth.set(self._depth())
        self._m.audit_buffered.set(0)

    def dropped(self, count: int) -> None:
        self._m.audit_dropped_total.inc(count)

    def store_error(self, error: BaseException) -> None:
        depth = self._depth()
        self._m.audit_queue_depth.set(depth)
        self._m.audit_buffered.set(depth)
