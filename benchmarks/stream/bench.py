"""Streaming cost against chunk count (issue 16 item 6): one text sent as 1-character chunks vs one chunk.

A real `VerdictServer` on 127.0.0.1 (port 0) with the shipped model (ONNX Runtime, CPU) and the shipped
default policy; the backend is wrapped to count the windows it runs. Each case is one ClassifyStream call:
windows run and wall seconds are printed per case, as JSON lines.

    PYTHONPATH=. python benchmarks/stream/bench.py [--chars 2000] [--threads 1]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from pathlib import Path

import grpc

from verdict.serving._proto import verdict_pb2 as pb
from verdict.serving._proto import verdict_pb2_grpc
from verdict.serving.server import Loaded, VerdictServer, repository_loader
from verdict.serving.settings import Settings

MODELS = Path(__file__).resolve().parents[2] / "models"
PARAGRAPH = (
    "Thanks for waiting. The quarterly review covered the new onboarding flow, the support backlog and "
    "the plan for the spring release. Most teams hit their targets; the mobile team slipped a week "
    "because of the payment provider's API change. Please send questions to the release channel. "
)


class CountingBackend:
    """The real backend, counting the windows it is asked to run."""

    def __init__(self, inner) -> None:
        self.inner, self.windows = inner, 0
        self.name = inner.name

    def load(self) -> None:
        self.inner.load()

    def health(self) -> bool:
        return self.inner.health()

    def warmup(self) -> None:
        self.inner.warmup()

    def predict(self, batch):
        self.windows += len(batch)
        return self.inner.predict(batch)


def text_of(chars: int) -> str:
    return (PARAGRAPH * (chars // len(PARAGRAPH) + 1))[:chars]


async def one_stream(stub, chunks: list[str]) -> tuple[str, int]:
    requests = [pb.StreamRequest(config=pb.StreamConfig())] + [pb.StreamRequest(chunk=c) for c in chunks]
    responses = [r async for r in stub.ClassifyStream(iter(requests))]
    return "".join(r.released_text for r in responses), len(responses)


async def main(chars: int, threads: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.load(
            repository=str(MODELS),
            model="verdict",
            device="cpu",
            host="127.0.0.1",
            port=0,
            metrics_port=0,
            watch_interval_s=0,
            inference_threads=threads,
            audit_path=str(Path(tmp) / "audit.sqlite"),
            audit_hmac_key="bench",
        )
        counted: list[CountingBackend] = []

        def load(version: str | None) -> Loaded:
            from verdict.serving.metrics import Metrics

            loaded = repository_loader(settings, Metrics())(version)
            counted.append(CountingBackend(loaded.backend))
            return Loaded(loaded.version, loaded.analyzer, counted[-1], loaded.manifest)

        server = VerdictServer(settings, loader=load)
        await server.start()
        try:
            async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as channel:
                stub = verdict_pb2_grpc.VerdictStub(channel)
                text = text_of(chars)
                for name, chunks in (("one chunk", [text]), ("1-char chunks", list(text))):
                    before = counted[-1].windows
                    started = time.perf_counter()
                    released, responses = await one_stream(stub, chunks)
                    seconds = time.perf_counter() - started
                    assert released == text, "the benchmark text must be released whole"
                    row = {
                        "case": name,
                        "chars": chars,
                        "chunks": len(chunks),
                        "windows": counted[-1].windows - before,
                        "seconds": round(seconds, 3),
                        "responses": responses,
                    }
                    print(json.dumps(row), flush=True)
        finally:
            await server.stop(0)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    asyncio.run(main(args.chars, args.threads))
