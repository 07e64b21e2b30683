"""Overload and head-of-line blocking against a real `verdict serve` on loopback (issue 16 items 1, 2).

    python -m benchmarks.overload.run [--seconds 20] [--out results.json]

One server process with the shipped model on the CPU (benchmarks.service.ServerProcess), then, bounded:
1. capacity: long texts (~6,000 characters), `--concurrency` in flight, no deadline: answers per second;
2. overload: long texts sent open loop at 2x that capacity for `--seconds`, each with a 5 s deadline;
   goodput = answers (OK, within the deadline) per second / capacity; refusals by code, and how fast
   they come back;
3. short requests one at a time, idle, then while one 200,000-character text (no deadline) runs:
   their p50/p99 latency, and the long text's own time.
Prints one JSON object (and writes it to --out).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import time
from pathlib import Path

import grpc
import numpy as np

from benchmarks.harness import machine
from benchmarks.service import ServerProcess, default_model_dir
from verdict.serving._proto import verdict_pb2 as pb
from verdict.serving._proto import verdict_pb2_grpc as pb_grpc

SENTENCE = (
    "the customer asked about their account balance and the assistant explained how interest is "
    "calculated each month on the remaining amount before the statement closes so that payments made "
    "early reduce the total paid over the year while late payments add fees and a higher rate applies"
)
WORDS = tuple(SENTENCE.split())
DEADLINE_S = 5.0


def text(chars: int, seed: int) -> str:
    rng = random.Random(seed)
    out, size = [], 0
    while size < chars:
        word = rng.choice(WORDS)
        out.append(word)
        size += len(word) + 1
    return " ".join(out)[:chars]


def pct(values: list[float], q: float) -> float | None:
    return round(float(np.percentile(values, q)), 1) if values else None


async def capacity(stub, texts: list[str], concurrency: int, seconds: float) -> float:
    done, end = 0, time.monotonic() + seconds

    async def worker(k: int) -> None:
        nonlocal done
        i = k
        while time.monotonic() < end:
            await stub.Classify(pb.ClassifyRequest(text=texts[i % len(texts)]), timeout=120)
            done += 1 if time.monotonic() <= end else 0
            i += concurrency

    started = time.monotonic()
    await asyncio.gather(*(worker(k) for k in range(concurrency)))
    return done / (min(time.monotonic(), end) - started)


async def overload(stub, texts: list[str], rate: float, seconds: float) -> dict:
    """Open loop: request i leaves at t0 + i / rate whatever happened before."""
    outcomes: list[tuple[str, float]] = []

    async def one(i: int, t: str) -> None:
        sent = time.monotonic()
        try:
            await stub.Classify(pb.ClassifyRequest(text=t), timeout=DEADLINE_S)
            code = "OK"
        except grpc.aio.AioRpcError as exc:
            code = exc.code().name
        outcomes.append((code, (time.monotonic() - sent) * 1000.0))

    t0, tasks, i = time.monotonic(), [], 0
    while (due := t0 + i / rate) < t0 + seconds:
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        tasks.append(asyncio.create_task(one(i, texts[i % len(texts)])))
        i += 1
    await asyncio.gather(*tasks)
    codes: dict[str, int] = {}
    for code, _ in outcomes:
        codes[code] = codes.get(code, 0) + 1
    ok = [ms for code, ms in outcomes if code == "OK" and ms <= DEADLINE_S * 1000]
    refused = [ms for code, ms in outcomes if code == "RESOURCE_EXHAUSTED"]
    return {
        "offered_per_s": round(rate, 2),
        "sent": len(outcomes),
        "codes": codes,
        "ok_within_deadline_per_s": round(len(ok) / seconds, 2),
        "ok_latency_ms": {"p50": pct(ok, 50), "p99": pct(ok, 99)},
        "refusal_latency_ms": {"p50": pct(refused, 50), "p99": pct(refused, 99), "max": pct(refused, 100)},
    }


async def shorts(stub, count: int | None, until: asyncio.Future | None = None) -> dict:
    """Short requests one after another, 20 ms apart: `count` of them, or until `until` is done. Their
    latency at the client, and the queue and total time the server reports."""
    latencies: list[float] = []
    queue: list[float] = []
    total: list[float] = []
    while (count is None or len(latencies) < count) and not (until is not None and until.done()):
        started = time.monotonic()
        reply = await stub.Classify(
            pb.ClassifyRequest(text="Thanks, your order ships on Monday."), timeout=30
        )
        latencies.append((time.monotonic() - started) * 1000.0)
        queue.append(reply.timings.queue_ms)
        total.append(reply.timings.total_ms)
        await asyncio.sleep(0.02)
    return {
        "n": len(latencies),
        "p50": pct(latencies, 50),
        "p99": pct(latencies, 99),
        "server_queue_ms": {"p50": pct(queue, 50), "p99": pct(queue, 99)},
        "server_total_ms": {"p50": pct(total, 50), "p99": pct(total, 99)},
    }


async def measure(address: str, args) -> dict:
    long_texts = [text(6000, seed) for seed in range(32)]
    async with grpc.aio.insecure_channel(address) as channel:
        stub = pb_grpc.VerdictStub(channel)
        for t in long_texts[:4]:  # warm: the batcher learns its rate
            await stub.Classify(pb.ClassifyRequest(text=t), timeout=120)
        await shorts(stub, 20)
        cap = await capacity(stub, long_texts, args.concurrency, args.capacity_seconds)
        over = await overload(stub, long_texts, 2 * cap, args.seconds)
        await asyncio.sleep(DEADLINE_S)  # nothing of the overload left queued
        idle = await shorts(stub, args.shorts)
        started = time.monotonic()
        maximal = asyncio.ensure_future(
            stub.Classify(pb.ClassifyRequest(text=text(200_000, 99)), timeout=600)
        )
        await asyncio.sleep(0.5)
        during = await shorts(stub, None, maximal)
        await maximal
        long_s = time.monotonic() - started
    return {
        "capacity_per_s": round(cap, 2),
        "overload_2x": over,
        "goodput_share_of_capacity": round(over["ok_within_deadline_per_s"] / cap, 3),
        "short_idle_ms": idle,
        "short_during_200k_ms": during,
        "short_p99_ratio": round(during["p99"] / idle["p99"], 2) if during["n"] and idle["n"] else None,
        "text_200k_s": round(long_s, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-dir", type=Path, default=None)
    parser.add_argument("--seconds", type=float, default=20.0, help="length of the overload phase")
    parser.add_argument("--capacity-seconds", type=float, default=15.0)
    parser.add_argument("--concurrency", type=int, default=4, help="long texts in flight for capacity")
    parser.add_argument("--shorts", type=int, default=200, help="idle short requests")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    with ServerProcess(args.model_dir or default_model_dir()) as server:
        result = {"machine": machine(), **asyncio.run(measure(server.address, args))}
    text_out = json.dumps(result, indent=2)
    print(text_out)
    if args.out:
        args.out.write_text(text_out + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
