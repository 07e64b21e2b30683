"""Soak (issue 16 item 9): a real `verdict serve` under steady mixed load for ~10 minutes, sampling its
resident memory and open file descriptors from /proc, to show both stay flat. Not part of CI.

    PYTHONPATH=. python benchmarks/soak/soak.py [--minutes 10] [--clients 4] [--every 15]

Load, from `--clients` callers in a closed loop: short and ~2,000-character Classify calls, a
ClassifyBatch of 8, and a streamed answer in 20 chunks, in turn. Every `--every` seconds one line:
elapsed, calls answered, RSS (MiB), open fds, threads. At the end: the first and last minute's
averages, the drift, and `verdict audit verify` on the log the run wrote (records >= answered calls).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import grpc

from verdict.serving._proto import verdict_pb2 as pb
from verdict.serving._proto import verdict_pb2_grpc

REPO = Path(__file__).resolve().parents[2]
SHORT = "You can reach our support desk at help@example.org any weekday, 9 to 5."
LONG = ("The quarterly report shows revenue up four percent, with costs flat and churn down. " * 24)[:2000]


def proc_stats(pid: int) -> tuple[float, int, int]:
    """(RSS MiB, open fds, threads) of a live process, from /proc."""
    status = Path(f"/proc/{pid}/status").read_text()
    rss_kib = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
    threads = int(re.search(r"Threads:\s+(\d+)", status).group(1))
    return rss_kib / 1024.0, len(os.listdir(f"/proc/{pid}/fd")), threads


async def one_call(stub, i: int) -> int:
    """One call of the mix; how many verdicts it was answered with."""
    kind = i % 4
    if kind == 0:
        await stub.Classify(pb.ClassifyRequest(text=SHORT), timeout=60)
        return 1
    if kind == 1:
        await stub.Classify(pb.ClassifyRequest(text=LONG), timeout=60)
        return 1
    if kind == 2:
        batch = pb.ClassifyBatchRequest(items=[pb.ClassifyRequest(text=f"{SHORT} #{j}") for j in range(8)])
        await stub.ClassifyBatch(batch, timeout=60)
        return 8
    chunks = [LONG[j : j + 100] for j in range(0, 2000, 100)]
    stream = [pb.StreamRequest(config=pb.StreamConfig()), *(pb.StreamRequest(chunk=c) for c in chunks)]
    [r async for r in stub.ClassifyStream(iter(stream), timeout=60)]
    return 1


async def soak(port: int, pid: int, minutes: float, clients: int, every: float) -> tuple[list, int, int]:
    answered, errors, samples = [0], [0], []
    until = time.monotonic() + minutes * 60.0
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = verdict_pb2_grpc.VerdictStub(channel)

        async def client(k: int) -> None:
            i = k
            while time.monotonic() < until:
                i += 1
                try:
                    verdicts = await one_call(stub, i)
                except grpc.aio.AioRpcError:
                    errors[0] += 1
                    continue
                answered[0] += verdicts  # after the await: `x += await f()` would read x before it

        async def sampler() -> None:
            started = time.monotonic()
            while time.monotonic() < until:
                rss, fds, threads = proc_stats(pid)
                samples.append((time.monotonic() - started, answered[0], rss, fds, threads))
                print(f"{samples[-1][0]:7.0f}s {answered[0]:8d} verdicts  rss {rss:7.1f} MiB  fds {fds:4d}  "
                      f"threads {threads:3d}", flush=True)  # fmt: skip
                await asyncio.sleep(every)

        await asyncio.gather(sampler(), *(client(k) for k in range(clients)))
    return samples, answered[0], errors[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--every", type=float, default=15.0, help="seconds between samples")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
        db, log = Path(tmp) / "audit.sqlite", Path(tmp) / "server.log"
        proc = subprocess.Popen(
            [sys.executable, "-m", "verdict.cli", "serve", "--repository", str(REPO / "models"),
             "--device", "cpu", "--host", "127.0.0.1", "--port", "0", "--metrics-port", "0",
             "--log-level", "WARNING", "--audit-path", str(db)],
            stdout=log.open("wb"), stderr=subprocess.STDOUT, cwd=tmp,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )  # fmt: skip
        try:
            while not (found := re.search(r"listening on [\d.]+:(\d+)", log.read_text(errors="replace"))):
                if proc.poll() is not None:
                    raise RuntimeError(log.read_text())
                time.sleep(0.2)
            samples, answered, errors = asyncio.run(
                soak(int(found.group(1)), proc.pid, args.minutes, args.clients, args.every)
            )
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(120)
        window = max(1, int(60 / args.every))
        first, last = samples[1 : 1 + window], samples[-window:]  # sample 0 is before any load

        def mean(rows, i):
            return sum(r[i] for r in rows) / len(rows)

        print(f"\nanswered {answered} verdicts, {errors} failed calls, exit code {proc.returncode}")
        for label, i in (("rss MiB", 2), ("open fds", 3), ("threads", 4)):
            a, b = mean(first, i), mean(last, i)
            print(f"{label:9s} first minute {a:8.1f}  last minute {b:8.1f}  drift {b - a:+8.1f}")
        with sqlite3.connect(db) as conn:
            records = conn.execute("SELECT count(*) FROM audit_records WHERE kind = 'verdict'").fetchone()[0]
        verify = subprocess.run(
            [sys.executable, "-m", "verdict.cli", "audit", "verify", "--db", str(db)],
            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)},
        )  # fmt: skip
        print(
            f"records {records} (answered {answered}); audit verify: {verify.stdout.strip() or verify.stderr.strip()}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
