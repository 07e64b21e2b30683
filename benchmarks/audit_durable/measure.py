"""The cost of durable audit (issue 16 item 3): Classify latency when a verdict waits for its record's
commit (this tree) against the fire-and-forget sink it replaced (`--baseline` ref, default b9bfdf3),
same machine, same run, same shipped model.

    PYTHONPATH=. python benchmarks/audit_durable/measure.py [--seconds 20] [--clients 1 8] [--rounds 2]

Each variant is a real `verdict serve` on loopback (CPU, models/verdict/<newest>) with its audit log on
the local disk; the baseline's code is `git archive`d into a temporary directory. Rounds alternate
(baseline, durable, baseline, durable, ...) so drift in a shared machine's load hits both alike. The
latency is the client's, per call, after a warm-up; the table gives p50/p99 and calls per second.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import grpc

from verdict.serving._proto import verdict_pb2 as pb
from verdict.serving._proto import verdict_pb2_grpc

REPO = Path(__file__).resolve().parents[2]
TEXTS = (
    "Sure, the meeting moved to Thursday at 3pm in room 4.",
    "You can reach our support desk at help@example.org any weekday.",
    "Here is a summary of the quarterly report you asked for.",
    "My card is 4111 1111 1111 1111, expiring 09/29.",
)


def start(code: Path, workdir: Path, name: str) -> tuple[subprocess.Popen, int]:
    log = workdir / f"{name}.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "verdict.cli", "serve", "--repository", str(REPO / "models"), "--device", "cpu",
         "--host", "127.0.0.1", "--port", "0", "--metrics-port", "0", "--log-level", "WARNING",
         "--audit-path", str(workdir / f"{name}.sqlite")],
        stdout=log.open("wb"), stderr=subprocess.STDOUT, cwd=workdir,
        env={**os.environ, "PYTHONPATH": str(code)},
    )  # fmt: skip
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        found = re.search(r"verdict listening on [\d.]+:(\d+)", log.read_text(errors="replace"))
        if found:
            return proc, int(found.group(1))
        if proc.poll() is not None:
            raise RuntimeError(log.read_text())
        time.sleep(0.2)
    raise TimeoutError(name)


async def load(port: int, clients: int, seconds: float) -> list[float]:
    """Closed loop: each client sends its next call when the last one is answered. Latencies in ms."""
    latencies: list[float] = []
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = verdict_pb2_grpc.VerdictStub(channel)

        async def client(k: int, until: float, keep: bool) -> None:
            i = k
            while time.monotonic() < until:
                i += 1
                started = time.perf_counter()
                await stub.Classify(pb.ClassifyRequest(text=TEXTS[i % len(TEXTS)]), timeout=30)
                if keep:
                    latencies.append((time.perf_counter() - started) * 1000.0)

        warm = time.monotonic() + 2.0
        await asyncio.gather(*(client(k, warm, False) for k in range(clients)))
        until = time.monotonic() + seconds
        await asyncio.gather(*(client(k, until, True) for k in range(clients)))
    return latencies


def percentile(values: list[float], q: float) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="b9bfdf3", help="git ref of the fire-and-forget sink")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per round")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="audit-durable-") as tmp:
        work = Path(tmp)
        baseline = work / "baseline"
        baseline.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", args.baseline, "verdict"], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(baseline)], input=archive, check=True)
        variants = {"fire-and-forget": baseline, "durable": REPO}
        results: dict[tuple[str, int], list[float]] = {}
        for name, code in [v for _ in range(args.rounds) for v in variants.items()]:
            proc, port = start(code, work, name)
            try:
                for clients in args.clients:
                    results.setdefault((name, clients), []).extend(
                        asyncio.run(load(port, clients, args.seconds))
                    )
            finally:
                proc.send_signal(signal.SIGTERM)
                proc.wait(60)
        print("| audit | clients | calls | calls/s | p50 ms | p99 ms |")
        print("|---|---|---|---|---|---|")
        for (name, clients), values in sorted(results.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            rate = len(values) / (args.seconds * args.rounds)
            print(
                f"| {name} | {clients} | {len(values)} | {rate:.0f} | {percentile(values, 50):.2f} | "
                f"{percentile(values, 99):.2f} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
