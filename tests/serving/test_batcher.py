"""The batcher with fake run_batch functions: milliseconds, no model."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.serving.conftest import until
from verdict.runtime.errors import DeadlineError, InputError, ModelError, OverloadedError
from verdict.serving.admission import Backlog
from verdict.serving.batcher import Batcher, BatchStats, Item, Priority, _Pending


def score(tokens) -> tuple[int, int]:
    """A deterministic per-window output: unbatched it is simply score(window)."""
    return (len(tokens), sum((i + 1) * t for i, t in enumerate(tokens)))


class Recorder:
    def __init__(self) -> None:
        self.batches: list[list[tuple[int, ...]]] = []
        self.threads: set[str] = set()

    def __call__(self, batch):
        self.threads.add(threading.current_thread().name)
        self.batches.append([tuple(w) for w in batch])
        return [score(w) for w in batch]


class Gate:
    """An async run_batch that holds each batch until the test opens the gate."""

    def __init__(self) -> None:
        self.batches: list[list[tuple[int, ...]]] = []
        self.opened = asyncio.Event()

    async def __call__(self, batch):
        self.batches.append([tuple(w) for w in batch])
        await self.opened.wait()
        return [score(w) for w in batch]


class Observer:
    def __init__(self) -> None:
        self.stats: list[BatchStats] = []
        self.dropped: dict[str, int] = {}
        self.depths: list[int] = []
        self.refused: dict[str, int] = {}

    def on_batch(self, stats):
        self.stats.append(stats)

    def on_dropped(self, reason, count):
        self.dropped[reason] = self.dropped.get(reason, 0) + count

    def on_refused(self, reason):
        self.refused[reason] = self.refused.get(reason, 0) + 1

    def on_queue_depth(self, depth):
        self.depths.append(depth)


async def occupy(batcher: Batcher, gate: Gate) -> list[asyncio.Task]:
    """One batch running (held by the gate) and one formed behind it: new items now stay pending."""
    first = asyncio.create_task(batcher.submit([[900]]))
    await until(lambda: len(gate.batches) == 1)
    second = asyncio.create_task(batcher.submit([[901]]))
    await asyncio.sleep(0)  # lets the task enqueue its window
    await until(lambda: batcher.queue_depth == 0)
    return [first, second]


async def test_concurrent_submits_share_batches():
    run = Recorder()
    async with Batcher(run, max_delay_ms=20) as batcher:
        results = await asyncio.gather(*(batcher.submit([[i, i + 1]]) for i in range(20)))
    assert len(run.batches) < 20
    assert [r[0].output for r in results] == [score([i, i + 1]) for i in range(20)]
    assert all(name.startswith("verdict-inference") for name in run.threads)  # never on the loop


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.lists(st.lists(st.integers(0, 30000), min_size=1, max_size=40), min_size=1, max_size=5),
        max_size=12,
    ),
    st.integers(1, 8),
    st.integers(40, 400),
)
def test_batched_outputs_equal_unbatched(requests, max_size, max_tokens):
    async def scenario():
        async with Batcher(
            Recorder(), max_batch_size=max_size, max_batch_tokens=max_tokens, max_delay_ms=1
        ) as b:
            return await asyncio.gather(*(b.submit(windows) for windows in requests))

    results = asyncio.run(scenario())
    assert [[r.output for r in rs] for rs in results] == [[score(w) for w in ws] for ws in requests]


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(("add", "cancel", "purge", "take")), st.integers(1, 5), st.integers(1, 90)),
        max_size=30,
    )
)
def test_pending_count_follows_adds_drops_and_takes(steps):
    async def scenario():
        pending, loop, now, items = _Pending(), asyncio.get_running_loop(), time.monotonic(), []
        for op, n, length in steps:
            if op == "add":
                deadline = now + 0.5 if length % 3 == 0 else None  # expired by the next purge
                added = [
                    Item((1,) * length, Priority(length % 2), deadline, loop.create_future(), now)
                    for _ in range(n)
                ]
                items += added
                pending.add(added)
            elif op == "cancel":
                for item in items[-n:]:
                    item.future.cancel()
            elif op == "purge":
                pending.purge(now + 1)
            elif len(pending):
                pending.take(n, 256)
            waiting = {p: [i for r in q for i in r.windows] for p, q in pending.queues.items()}
            assert len(pending) == sum(len(w) for w in waiting.values())
            assert pending.tokens == sum(len(i.tokens) for w in waiting.values() for i in w)
            for priority, windows in waiting.items():
                assert pending.load[priority] == [len(windows), sum(len(i.tokens) for i in windows)]
            assert all(r.windows for q in pending.queues.values() for r in q)  # no empty request left
        for item in items:
            if item.future.done() and not item.future.cancelled():
                item.future.exception()  # retrieved: DeadlineError set by the purge

    asyncio.run(scenario())


async def test_token_budget_and_batch_size_respected():
    run, observer = Recorder(), Observer()
    lengths = [5, 50, 7, 90, 30, 12, 64, 3] * 4
    async with Batcher(run, max_batch_tokens=128, max_batch_size=3, max_delay_ms=5, observer=observer) as b:
        await asyncio.gather(*(b.submit([list(range(n))]) for n in lengths))
    for batch in run.batches:
        assert len(batch) <= 3
        assert len(batch) * max(map(len, batch)) <= 128
    assert sum(s.size for s in observer.stats) == len(lengths)


async def test_oversized_window_runs_alone():
    run = Recorder()
    async with Batcher(run, max_batch_tokens=16) as b:
        [result] = await b.submit([list(range(40))])
    assert result.batch_size == 1 and run.batches == [[tuple(range(40))]]


async def test_busy_while_anything_is_queued_formed_or_running():
    gate = Gate()
    async with Batcher(gate, max_batch_size=1) as b:
        assert not b.busy
        held = await occupy(b, gate)
        assert b.busy and b.queue_depth == 0  # nothing waits, but two batches are formed or running
        gate.opened.set()
        await asyncio.gather(*held)
        await until(lambda: not b.busy)


async def test_bulk_waits_behind_inline():
    gate = Gate()
    async with Batcher(gate, max_batch_size=1) as b:
        held = await occupy(b, gate)
        bulk = [asyncio.create_task(b.submit([[100 + i]], priority=Priority.BULK)) for i in range(3)]
        await until(lambda: b.queue_depth == 3)
        inline = [asyncio.create_task(b.submit([[200 + i]])) for i in range(3)]
        await until(lambda: b.queue_depth == 6)
        gate.opened.set()
        await asyncio.gather(*held, *bulk, *inline)
    order = [batch[0][0] for batch in gate.batches]
    assert order == [900, 901, 200, 201, 202, 100, 101, 102]


async def batched_lengths(lengths: tuple[int, ...], max_batch_size: int) -> list[list[int]]:
    """The batches, as sorted window lengths, formed from one window per length queued behind a busy backend."""
    gate = Gate()
    # max_batch_ms: the gate's hold counts as inference time, and must not shrink the token budget here
    async with Batcher(gate, max_batch_size=max_batch_size, max_delay_ms=0, max_batch_ms=1e6) as b:
        held = await occupy(b, gate)
        tasks = [asyncio.create_task(b.submit([[1] * n])) for n in lengths]
        await until(lambda: b.queue_depth == len(lengths))
        gate.opened.set()
        await asyncio.gather(*held, *tasks)
    return [sorted(map(len, batch)) for batch in gate.batches[2:]]


async def test_similar_lengths_batched_together():
    assert await batched_lengths((10, 200, 12, 190), max_batch_size=2) == [[10, 12], [190, 200]]


async def test_a_long_window_does_not_pad_a_batch_of_short_ones():
    """Room in the budget is not reason enough: 200 tokens beside three 10-token windows would make
    most of the batch padding, so it waits for a batch of its own length."""
    assert await batched_lengths((10, 11, 200, 12), max_batch_size=8) == [[10, 11, 12], [200]]


async def test_expired_items_dropped_before_inference():
    gate, observer = Gate(), Observer()
    async with Batcher(gate, observer=observer) as b:
        held = await occupy(b, gate)
        doomed = asyncio.create_task(b.submit([[7], [8]], deadline=time.monotonic() + 0.02))
        await asyncio.sleep(0.04)
        gate.opened.set()
        with pytest.raises(DeadlineError):
            await doomed
        await asyncio.gather(*held)
    assert all((7,) not in batch for batch in gate.batches)
    assert observer.dropped == {"deadline": 2}


async def test_cancelled_items_dropped_before_inference():
    gate, observer = Gate(), Observer()
    async with Batcher(gate, observer=observer) as b:
        held = await occupy(b, gate)
        abandoned = asyncio.create_task(b.submit([[7], [8], [9]]))
        await until(lambda: b.queue_depth == 3)
        abandoned.cancel()
        gate.opened.set()
        await asyncio.gather(*held)
        assert await b.submit([[1]])
    assert all((7,) not in batch for batch in gate.batches)
    assert observer.dropped == {"cancelled": 3}


async def test_deadline_already_passed_is_refused():
    async with Batcher(Recorder()) as b:
        with pytest.raises(DeadlineError):
            await b.submit([[1]], deadline=time.monotonic() - 1)


async def test_full_queue_overloads_at_once():
    gate = Gate()
    async with Batcher(gate, max_queue=4) as b:
        held = await occupy(b, gate)
        waiting = asyncio.create_task(b.submit([[1], [2], [3]]))
        await until(lambda: b.queue_depth == 3)
        with pytest.raises(OverloadedError) as info:
            await b.submit([[4], [5]])
        assert info.value.retry_after_ms >= 1
        gate.opened.set()
        await asyncio.gather(*held, waiting)


async def test_drain_finishes_queued_work_then_refuses():
    gate = Gate()
    b = Batcher(gate, max_batch_size=2)
    b.start()
    tasks = [asyncio.create_task(b.submit([[i]])) for i in range(7)]
    await until(lambda: len(gate.batches) == 1)
    drained = asyncio.create_task(b.drain())
    await asyncio.sleep(0)
    with pytest.raises(ModelError):
        await b.submit([[99]])
    gate.opened.set()
    await drained
    assert [r[0].output for r in await asyncio.gather(*tasks)] == [score([i]) for i in range(7)]


async def test_backend_failure_reaches_every_caller_and_batcher_survives():
    calls = []

    def flaky(batch):
        calls.append(len(batch))
        if len(calls) == 1:
            raise RuntimeError("device lost")
        return [score(w) for w in batch]

    async with Batcher(flaky, max_delay_ms=10) as b:
        failed = await asyncio.gather(b.submit([[1]]), b.submit([[2]]), return_exceptions=True)
        assert all(isinstance(e, ModelError) for e in failed)
        [ok] = await b.submit([[3]])
    assert ok.output == score([3])


async def test_results_carry_timings():
    observer = Observer()
    async with Batcher(Recorder(), max_delay_ms=5, observer=observer) as b:
        results = await b.submit([[1, 2], [3, 4, 5]])
    assert all(r.batch_size == 2 and r.queue_ms >= 0 and r.inference_ms >= 0 for r in results)
    [stats] = observer.stats
    assert (stats.size, stats.padded_tokens, stats.real_tokens) == (2, 6, 5)
    assert observer.depths[-1] == 0


async def test_a_long_request_shares_batches_with_a_later_short_one():
    """Round-robin across requests: the later one-window request is in the first batch formed after it
    arrived, not behind the long request's 40 windows."""
    gate = Gate()
    async with Batcher(gate, max_batch_size=4, max_delay_ms=0, max_batch_ms=1e6) as b:
        held = await occupy(b, gate)
        long = asyncio.create_task(b.submit([[1, i] for i in range(40)]))
        await until(lambda: b.queue_depth == 40)
        short = asyncio.create_task(b.submit([[2, 0]]))
        await until(lambda: b.queue_depth == 41)
        gate.opened.set()
        await asyncio.gather(*held, long, short)
    after = gate.batches[2:]
    assert (2, 0) in after[0]
    assert [w for batch in after for w in batch if w[0] == 1] == [(1, i) for i in range(40)]  # in order


async def test_two_long_requests_take_turns():
    gate = Gate()
    async with Batcher(gate, max_batch_size=2, max_delay_ms=0, max_batch_ms=1e6) as b:
        held = await occupy(b, gate)
        first = asyncio.create_task(b.submit([[1, i] for i in range(6)]))
        await until(lambda: b.queue_depth == 6)
        second = asyncio.create_task(b.submit([[2, i] for i in range(6)]))
        await until(lambda: b.queue_depth == 12)
        gate.opened.set()
        await asyncio.gather(*held, first, second)
    assert [sorted(w[0] for w in batch) for batch in gate.batches[2:]] == [[1, 2]] * 6


class Stepper:
    """An async run_batch that runs one batch per step() of the test."""

    def __init__(self) -> None:
        self.batches: list[list[tuple[int, ...]]] = []
        self.steps = asyncio.Semaphore(0)

    async def __call__(self, batch):
        self.batches.append([tuple(w) for w in batch])
        await self.steps.acquire()
        return [score(w) for w in batch]


async def test_a_cancelled_request_leaves_the_queue_mid_way():
    """A caller that gives up after its first windows ran: the rest are never computed."""
    run, observer = Stepper(), Observer()
    async with Batcher(run, max_batch_size=2, max_delay_ms=0, observer=observer, max_batch_ms=1e6) as b:
        abandoned = asyncio.create_task(b.submit([[7, i] for i in range(10)]))
        await until(lambda: len(run.batches) == 1 and b.queue_depth == 6)  # one running, one formed
        run.steps.release()
        await until(lambda: len(run.batches) == 2)
        abandoned.cancel()
        for _ in range(10):
            run.steps.release()
        assert await b.submit([[1]])
        assert b.queue_depth == 0
    computed = [w for batch in run.batches for w in batch if w[0] == 7]
    # the two batches started before the cancel ran; the one formed behind them and the rest were dropped
    assert computed == [(7, i) for i in range(4)]
    assert observer.dropped == {"cancelled": 6}


class Timed:
    """A backend that takes `ms_per_window` per window (real sleep: a busy CPU only makes it slower)."""

    def __init__(self, ms_per_window: float) -> None:
        self.ms, self.batches = ms_per_window, []

    def __call__(self, batch):
        time.sleep(self.ms * len(batch) / 1000.0)
        self.batches.append([tuple(w) for w in batch])
        return [score(w) for w in batch]


async def warmed(batcher: Batcher, windows: int = 8) -> None:
    """Run enough batches that the batcher knows its rate."""
    for i in range(windows):
        await batcher.submit([[i] * 20])
    assert batcher.rate.ready


async def test_a_request_that_cannot_meet_its_deadline_is_refused_at_once():
    run, observer = Timed(5.0), Observer()
    async with Batcher(run, max_batch_size=4, observer=observer) as b:
        await warmed(b)
        computed = len(run.batches)
        started = time.monotonic()
        with pytest.raises(OverloadedError) as info:
            # 100 windows at >= 5 ms each cannot finish in 100 ms
            await b.submit([[3] * 20] * 100, deadline=time.monotonic() + 0.1)
        assert time.monotonic() - started < 0.1  # refused before its deadline, not at it
        assert "cannot meet the deadline" in str(info.value)
        assert info.value.retry_after_ms >= 1
        assert len(run.batches) == computed and b.queue_depth == 0  # nothing queued, nothing computed
        [ok] = await b.submit([[4] * 20], deadline=time.monotonic() + 30)  # one that fits is admitted
    assert ok.output == score([4] * 20)
    assert observer.refused == {"deadline": 1}


async def test_refusals_are_reported_by_reason():
    gate, observer = Gate(), Observer()
    async with Batcher(gate, max_queue=4, observer=observer) as b:
        held = await occupy(b, gate)
        waiting = asyncio.create_task(b.submit([[1], [2], [3]]))
        await until(lambda: b.queue_depth == 3)
        for windows, deadline, error in (
            ([[4], [5]], None, OverloadedError),
            ([[6]] * 5, None, InputError),
            ([[7]], time.monotonic() - 1, DeadlineError),
        ):
            with pytest.raises(error):
                await b.submit(windows, deadline=deadline)
        gate.opened.set()
        await asyncio.gather(*held, waiting)
    assert observer.refused == {"queue_full": 1, "too_large": 1, "expired": 1}


async def test_precheck_refuses_what_even_a_lower_bound_does_not_let_in():
    """precheck() asks what submit() would of a lower bound, enqueues nothing, and lets the borderline
    through to submit(), whose exact count decides."""
    gate, observer = Gate(), Observer()
    async with Batcher(gate, max_queue=4, observer=observer) as b:
        held = await occupy(b, gate)
        waiting = asyncio.create_task(b.submit([[1], [2], [3]]))
        await until(lambda: b.queue_depth == 3)
        with pytest.raises(OverloadedError, match="inference queue full"):
            b.precheck([Backlog(1, 2, None), Backlog(1, 2, None)])  # together: 2 windows, 1 free
        with pytest.raises(DeadlineError):
            b.precheck([Backlog(1, 2, time.monotonic() - 1)])
        b.precheck([Backlog(1, 2, None)])  # 1 window at least: let through
        b.precheck([Backlog(9, 18, None)])  # could never fit: left to submit()'s INVALID_ARGUMENT
        assert b.queue_depth == 3
        with pytest.raises(OverloadedError):  # 2 windows for real
            await b.submit([[4], [5]])
        gate.opened.set()
        await asyncio.gather(*held, waiting)
    assert observer.refused == {"queue_full": 2, "expired": 1}


async def test_precheck_refuses_on_the_deadline_by_the_measured_rate():
    run, observer = Timed(5.0), Observer()
    async with Batcher(run, max_batch_size=4, observer=observer) as b:
        await warmed(b)
        with pytest.raises(OverloadedError, match="cannot meet the deadline"):
            # the largest text of the call: 100 windows at >= 5 ms each, not in 100 ms
            b.precheck([Backlog(1, 20, time.monotonic() + 0.1), Backlog(100, 2000, time.monotonic() + 0.1)])
        b.precheck([Backlog(1, 20, time.monotonic() + 30)])
    assert observer.refused == {"deadline": 1}


async def test_once_the_rate_is_known_a_batch_holds_about_max_batch_ms():
    run = Timed(4.0)
    async with Batcher(run, max_batch_size=64, max_delay_ms=0, max_batch_ms=10) as b:
        await warmed(b)
        before = len(run.batches)
        await b.submit([[5] * 20] * 30)
    sizes = [len(batch) for batch in run.batches[before:]]
    assert sum(sizes) == 30 and max(sizes) <= 3  # 10 ms holds about 2 windows of 4 ms


async def test_a_newcomer_seeds_the_next_batch_before_the_running_request_takes_another_turn():
    run = Stepper()
    async with Batcher(run, max_batch_size=1, max_delay_ms=0) as b:
        long = asyncio.create_task(b.submit([[1, i] for i in range(6)]))
        await until(lambda: len(run.batches) == 1 and b.queue_depth == 4)  # one running, one formed
        short = asyncio.create_task(b.submit([[2, 0]]))
        await until(lambda: b.queue_depth == 5)
        for _ in range(7):
            run.steps.release()
        await asyncio.gather(long, short)
    assert [batch[0] for batch in run.batches][:4] == [(1, 0), (1, 1), (2, 0), (1, 2)]
