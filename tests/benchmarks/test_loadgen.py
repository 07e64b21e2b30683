"""The load generators: open loop charges a stalled sender's delay to latency (no coordinated omission)."""

from __future__ import annotations

import asyncio
import itertools
import time

from benchmarks.loadgen import closed_loop, open_loop

SERVICE_S = 0.005


async def test_open_loop_measures_from_the_intended_send_time():
    calls = itertools.count()

    async def call(_item) -> int:
        if next(calls) == 10:
            time.sleep(0.3)  # the whole loop stalls: no request can be sent meanwhile
        await asyncio.sleep(SERVICE_S)
        return 1

    result = await open_loop(call, itertools.repeat("text"), rate=100, duration_s=1.0, warmup_s=0.0)
    # ~30 requests were due during the 300 ms stall; each is charged from when it was due, so the
    # worst waited ~300 ms although every call itself took 5 ms.
    assert result.calls == 100
    assert result.max_ms >= 250
    assert result.p95_ms >= 100
    assert result.p50_ms < 100
    assert result.errors == 0


async def test_open_loop_counts_errors_by_kind():
    async def call(item) -> int:
        if item % 4 == 0:
            raise TimeoutError
        return 1

    result = await open_loop(call, itertools.count(), rate=200, duration_s=0.2, warmup_s=0.0)
    assert result.calls == 40 and result.errors == 10
    assert result.error_kinds == {"TimeoutError": 10}


async def test_closed_loop_keeps_n_in_flight():
    in_flight, peak = 0, 0

    async def call(_item) -> int:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(SERVICE_S)
        in_flight -= 1
        return 2

    result = await closed_loop(call, itertools.repeat("text"), concurrency=4, duration_s=0.3, warmup_s=0.05)
    assert peak == 4
    # 4 workers x 2 verdicts per 5 ms call: ~1600 verdicts/s; generous bounds for a busy machine.
    assert 400 < result.verdicts_per_s < 1700
    assert result.p50_ms >= SERVICE_S * 1000
