"""Load generators over any async call: closed loop (N in flight) and open loop (fixed rate).

    call: async (Example) -> int        one RPC; returns the verdicts it produced (1, or a batch's size)
    await closed_loop(call, texts, concurrency=8, duration_s=10)
    await open_loop(call, texts, rate=200, duration_s=10)

Open loop sends request i at its INTENDED time t_i = t0 + i / rate, whatever happened to the requests
before it, and measures latency from t_i, not from when the send actually happened: a sender that
falls behind (a stalled loop, a slow server holding the client's CPU) shows up as latency instead of
silently lowering the offered rate (no coordinated omission).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

Call = Callable[[Any], Awaitable[int]]


@dataclass(frozen=True, slots=True)
class Sample:
    start: float  # intended (open loop) or actual (closed loop) send time, clock seconds
    latency_ms: float
    verdicts: int
    error: str = ""  # exception type / gRPC code; "" on success


@dataclass(frozen=True, slots=True)
class LoadResult:
    mode: str  # "closed" | "open"
    concurrency: int | None
    rate: float | None  # offered calls/s (open loop)
    duration_s: float  # measurement window
    calls: int
    errors: int
    verdicts_per_s: float
    calls_per_s: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    mean_ms: float
    error_kinds: dict[str, int]

    def to_dict(self) -> dict:
        return asdict(self)


def summarize(
    samples: list[Sample],
    *,
    mode: str,
    window_s: float,
    concurrency: int | None = None,
    rate: float | None = None,
) -> LoadResult:
    ok = [s for s in samples if not s.error]
    latencies = np.array([s.latency_ms for s in ok]) if ok else np.array([np.nan])
    kinds: dict[str, int] = {}
    for s in samples:
        if s.error:
            kinds[s.error] = kinds.get(s.error, 0) + 1
    p50, p95, p99 = (float(np.percentile(latencies, q)) for q in (50, 95, 99))
    return LoadResult(
        mode=mode,
        concurrency=concurrency,
        rate=rate,
        duration_s=window_s,
        calls=len(samples),
        errors=len(samples) - len(ok),
        verdicts_per_s=sum(s.verdicts for s in ok) / window_s,
        calls_per_s=len(ok) / window_s,
        p50_ms=p50,
        p95_ms=p95,
        p99_ms=p99,
        max_ms=float(np.max(latencies)),
        mean_ms=float(np.mean(latencies)),
        error_kinds=kinds,
    )


async def _timed(call: Call, item: Any, start: float, clock: Callable[[], float]) -> Sample:
    try:
        verdicts = await call(item)
        return Sample(start, (clock() - start) * 1000.0, verdicts)
    except Exception as exc:
        code = getattr(exc, "code", None)
        kind = code().name if callable(code) else type(exc).__name__
        return Sample(start, (clock() - start) * 1000.0, 0, kind)


async def closed_loop(
    call: Call,
    items: Iterator[Any],
    *,
    concurrency: int,
    duration_s: float,
    warmup_s: float = 1.0,
    clock: Callable[[], float] = time.perf_counter,
) -> LoadResult:
    """`concurrency` workers, each sending its next call as soon as the previous one returns. Counts
    calls that start after the warmup and end before the window closes."""
    begin = clock() + warmup_s
    end = begin + duration_s
    samples: list[Sample] = []

    async def worker() -> None:
        while clock() < end:
            sample = await _timed(call, next(items), clock(), clock)
            if sample.start >= begin and sample.start + sample.latency_ms / 1000.0 <= end:
                samples.append(sample)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return summarize(samples, mode="closed", window_s=duration_s, concurrency=concurrency)


async def open_loop(
    call: Call,
    items: Iterator[Any],
    *,
    rate: float,
    duration_s: float,
    warmup_s: float = 1.0,
    clock: Callable[[], float] = time.perf_counter,
) -> LoadResult:
    """Offer `rate` calls/s for warmup + duration; latency from each call's intended send time."""
    t0 = clock()
    total = int((warmup_s + duration_s) * rate)
    tasks: list[asyncio.Task] = []
    for i in range(total):
        intended = t0 + i / rate
        delay = intended - clock()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.ensure_future(_timed(call, next(items), intended, clock)))
    samples = [s for s in await asyncio.gather(*tasks) if s.start >= t0 + warmup_s]
    return summarize(samples, mode="open", window_s=duration_s, rate=rate)
