"""`verdict serve` on the shipped model whose backend faults on every n-th batch, like a device that
fails mid-traffic (the fault suite's backend-exception test runs it as a process).

    python tests/faults/faulty_serve.py AUDIT_DB EVERY
"""

from __future__ import annotations

import asyncio
import signal
import sys
from dataclasses import replace
from pathlib import Path

from verdict.serving.metrics import Metrics
from verdict.serving.server import VerdictServer, repository_loader
from verdict.serving.settings import Settings

REPO = Path(__file__).resolve().parents[2]


class Faulting:
    """The real backend, raising on every `every`-th batch."""

    def __init__(self, inner, every: int) -> None:
        self.inner, self.every, self.calls = inner, every, 0

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def predict(self, batch):
        self.calls += 1
        if self.calls % self.every == 0:
            raise RuntimeError(f"injected backend fault (batch {self.calls})")
        return self.inner.predict(batch)


async def main(db: str, every: int) -> int:
    settings = Settings.load(
        repository=REPO / "models",
        device="cpu",
        host="127.0.0.1",
        port=0,
        metrics_port=None,
        watch_interval_s=0,
        audit_path=db,
    )
    metrics = Metrics()
    load = repository_loader(settings, metrics)

    def loader(version):
        loaded = load(version)
        return replace(loaded, backend=Faulting(loaded.backend, every))

    server = VerdictServer(settings, loader=loader, metrics=metrics)
    await server.start()
    print(f"verdict listening on 127.0.0.1:{server.port}", flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    await server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1], int(sys.argv[2]))))
