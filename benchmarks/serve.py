"""`verdict serve` for benchmarks: the same server, plus what a benchmark must observe from outside.

    python -m benchmarks.serve --repository R --device cpu --host 127.0.0.1 --port 0 --metrics-port 0 \
        --audit-path /tmp/a.sqlite [--no-audit]

Takes every `verdict serve` flag and builds `verdict.serving.server.VerdictServer` from the same settings. What
it adds, on the server's own Prometheus registry:
* `verdict_bench_batches_total{size, width}`: one count per inference batch of `size` windows padded to
  `width` tokens, so the backend benchmark replays exactly the shapes the service formed (the server's
  `verdict_batch_size` histogram only has buckets);
* `verdict_bench_backend_seconds_total`: time inside `backend.predict`.
`--no-audit` swaps the server's auditor for one that records nothing, to measure what the audit path
(AuditRecord + AuditSink on SQLite, the default) costs the service.
Prints `verdict listening on HOST:PORT metrics METRICS_PORT` once serving.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import logging
import signal
import time
from typing import Any

from prometheus_client import Counter


class RecordingBackend:
    """Delegates to a backend and counts the shape and time of every batch it is given (after warmup)."""

    def __init__(self, inner: Any, batches: Counter, seconds: Counter) -> None:
        self.inner, self._batches, self._seconds = inner, batches, seconds

    def __getattr__(self, name: str) -> Any:  # name, degraded, retry_primary, ...: the wrapped backend's
        return getattr(self.inner, name)

    def load(self) -> None:
        self.inner.load()

    def health(self) -> bool:
        return self.inner.health()

    def warmup(self) -> None:
        self.inner.warmup()

    def predict(self, batch):
        started = time.perf_counter()
        out = self.inner.predict(batch)
        self._seconds.inc(time.perf_counter() - started)
        self._batches.labels(
            size=str(len(batch)), width=str(max((len(ids) for ids in batch), default=0))
        ).inc()
        return out


class NoAudit:
    """The auditor's surface, recording nothing."""

    where = "off (benchmark)"

    def record(self, outcome: Any) -> None:
        pass

    def health(self) -> Any:
        from verdict.governance.audit import SinkHealth

        return SinkHealth("ok", "audit off", 0, 0, 0)

    def close(self, timeout: float) -> bool:
        return True


async def serve(settings: Any, *, audit: bool) -> int:
    from verdict.serving import event_loop
    from verdict.serving.metrics import Metrics
    from verdict.serving.server import VerdictServer, repository_loader

    metrics = Metrics()
    batches = Counter(
        "verdict_bench_batches",
        "Inference batches by windows and padded width",
        ("size", "width"),
        registry=metrics.registry,
    )
    seconds = Counter(
        "verdict_bench_backend_seconds", "Seconds inside backend.predict", registry=metrics.registry
    )
    load = repository_loader(settings, metrics)

    def loader(version: str | None):
        loaded = load(version)
        return dataclasses.replace(loaded, backend=RecordingBackend(loaded.backend, batches, seconds))

    server = VerdictServer(settings, loader=loader, metrics=metrics)
    await server.start()
    if not audit:
        server.auditor.close(1.0)
        server.auditor = NoAudit()
    print(
        f"verdict listening on {settings.host}:{server.port} metrics {server.metrics_port} "
        f"backend {server.engine.model.backend_name} model {server.engine.model.version} "
        f"audit {server.auditor.where} loop {event_loop.running_loop_name()}",
        flush=True,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await server.stop(1.0)
    return 0


def main(argv: list[str] | None = None) -> int:
    from verdict.serving import event_loop
    from verdict.serving.main import add_arguments
    from verdict.serving.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    parser.add_argument(
        "--no-audit", action="store_true", help="record no audit trail (the audit-off baseline)"
    )
    args = parser.parse_args(argv)
    flags = {k: v for k, v in vars(args).items() if k not in ("config", "no_audit") and v is not None}
    settings = Settings.load(file=args.config, watch_interval_s=0, **flags)
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    return event_loop.run(serve(settings, audit=not args.no_audit), settings.event_loop)


if __name__ == "__main__":
    raise SystemExit(main())
