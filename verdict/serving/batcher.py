"""Dynamic batching: the scheduler between request handlers and the backend. It only schedules.

    submit() ──> pending (inline deque, bulk deque; bounded by max_queue items)
                   │  scheduler task: wait for the first item, fill until the token budget, the batch
                   │  size or max_delay; drop expired / cancelled items; bucket by length
                   ▼
                 formed batches: asyncio.Queue(maxsize=1), so the next batch is formed while one runs
                   │  inference task: run_batch in the batcher's single inference thread
                   ▼
                 futures resolved with Result(output, queue_ms, inference_ms, batch_size)

Nothing here knows about tensors: a batch is a list of token-id sequences and an output is whatever
`run_batch` returns for each of them, in order. Metrics reach out through an injected observer.
"""

from __future__ import annotations

import asyncio
import enum
import inspect
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

from verdict.runtime.errors import DeadlineError, InputError, ModelError, OverloadedError, VerdictError

# Items whose lengths fall in the same 32-token bin count as "similar" when a batch is filled, so FIFO
# order is kept among them and padding stays under one bin per item.
LENGTH_BIN = 32


class Priority(enum.IntEnum):
    INLINE = 0  # a proxy is holding a user's response for this verdict
    BULK = 1  # offline scans, ClassifyBatch backfills: may wait behind inline work


@dataclass(frozen=True, slots=True)
class Item:
    """One window waiting for inference."""

    tokens: Sequence[int]
    priority: Priority
    deadline: float | None  # time.monotonic() seconds; None: no deadline
    future: asyncio.Future
    enqueued: float


@dataclass(frozen=True, slots=True)
class Result:
    """One window's output and what it cost: every response carries its queue and inference time."""

    output: Any
    queue_ms: float
    inference_ms: float
    batch_size: int


@dataclass(frozen=True, slots=True)
class BatchStats:
    size: int
    padded_tokens: int  # batch_size x longest window: what the backend actually computes
    real_tokens: int
    inference_ms: float
    queue_ms: tuple[float, ...]  # one per item


class BatcherObserver(Protocol):
    def on_batch(self, stats: BatchStats) -> None: ...
    def on_dropped(self, reason: str, count: int) -> None: ...  # reason: "deadline" | "cancelled"
    def on_queue_depth(self, depth: int) -> None: ...


class NullObserver:
    def on_batch(self, stats: BatchStats) -> None:
        pass

    def on_dropped(self, reason: str, count: int) -> None:
        pass

    def on_queue_depth(self, depth: int) -> None:
        pass


def padded_cost(items: Sequence[Item]) -> int:
    return len(items) * max((len(i.tokens) for i in items), default=0)


def triage(items: Sequence[Item], now: float) -> tuple[list[Item], dict[str, int]]:
    """Split off items not worth inference: cancelled by their caller, or past their deadline (those
    callers get DeadlineError). Returns the live items and the number dropped per reason."""
    live, dropped = [], {"cancelled": 0, "deadline": 0}
    for item in items:
        if item.future.done():
            dropped["cancelled"] += 1
        elif item.deadline is not None and item.deadline <= now:
            item.future.set_exception(DeadlineError("deadline passed while queued for inference"))
            dropped["deadline"] += 1
        else:
            live.append(item)
    return live, dropped


class _Pending:
    """The waiting items, one FIFO per priority; counts kept so submit() checks capacity in O(1)."""

    def __init__(self) -> None:
        self.queues: dict[Priority, deque[Item]] = {p: deque() for p in Priority}
        self.tokens = 0
        self._size = 0  # asked several times per request: kept, not summed over the queues

    def __len__(self) -> int:
        return self._size

    def add(self, items: Sequence[Item]) -> None:
        for item in items:
            self.queues[item.priority].append(item)
            self.tokens += len(item.tokens)
        self._size += len(items)

    def oldest(self) -> Item | None:
        heads = [q[0] for q in self.queues.values() if q]
        return min(heads, key=lambda i: i.enqueued, default=None)

    def purge(self, now: float) -> dict[str, int]:
        """triage() every queue; returns the number dropped per reason."""
        dropped = {"cancelled": 0, "deadline": 0}
        for priority, queue in self.queues.items():
            live, counts = triage(queue, now)
            self.queues[priority] = deque(live)
            self.tokens -= sum(len(i.tokens) for i in queue) - sum(len(i.tokens) for i in live)
            self._size -= len(queue) - len(live)
            for reason, count in counts.items():
                dropped[reason] += count
        return dropped

    def take(self, max_size: int, max_tokens: int) -> list[Item]:
        """The next batch: seeded by the head of the highest non-empty priority, filled with inline items
        before bulk ones, preferring lengths close to the seed's (within a priority, a stable sort by
        length-bin distance keeps FIFO order among similar lengths); an item is left out when it would
        raise the batch's padding past one LENGTH_BIN per item, since padded tokens cost full inference.
        The seed is always the oldest of its queue, so an item skipped for its length is the seed of a
        later batch: nothing starves.
        A seed longer than the whole token budget still runs, alone."""
        seed = next(q for q in self.queues.values() if q)[0]
        chosen, longest, real = [seed], len(seed.tokens), len(seed.tokens)
        for queue in self.queues.values():
            candidates = sorted(
                (i for i in queue if i is not seed),
                key=lambda i: abs(len(i.tokens) - len(seed.tokens)) // LENGTH_BIN,
            )
            for item in candidates:
                if len(chosen) == max_size:
                    break
                size, grown = len(chosen) + 1, max(longest, len(item.tokens))
                # Padding stays under one bin per item on average: a long window does not join (and pad)
                # a batch of short ones, it seeds a later batch of its own length instead.
                if (
                    grown * size <= max_tokens
                    and grown * size - (real + len(item.tokens)) <= LENGTH_BIN * size
                ):
                    chosen.append(item)
                    longest, real = grown, real + len(item.tokens)
        taken = {id(i) for i in chosen}
        for priority, queue in self.queues.items():
            self.queues[priority] = deque(i for i in queue if id(i) not in taken)
        self.tokens -= sum(len(i.tokens) for i in chosen)
        self._size -= len(chosen)
        return chosen


class Batcher:
    """Groups windows from concurrent requests into token-budget batches for one backend.

    `run_batch(list_of_token_sequences) -> list_of_outputs` is a backend's `predict` (run in the batcher's
    single inference thread: ONNX Runtime and torch release the GIL, so the event loop keeps serving) or
    a coroutine function (awaited on the loop, e.g. an async remote client).
    """

    def __init__(
        self,
        run_batch: Callable[[list[Sequence[int]]], Sequence[Any] | Awaitable[Sequence[Any]]],
        *,
        max_batch_tokens: int = 8192,
        max_batch_size: int = 64,
        max_delay_ms: float = 2.0,
        max_queue: int = 2048,
        observer: BatcherObserver | None = None,
        executor: Executor | None = None,
    ) -> None:
        if min(max_batch_tokens, max_batch_size, max_queue) < 1 or max_delay_ms < 0:
            raise ValueError("batch limits and max_queue must be >= 1, max_delay_ms >= 0")
        self._run_batch = run_batch
        # An object with an async __call__ (a stateful async client) counts as a coroutine function too.
        self._is_async = inspect.iscoroutinefunction(run_batch) or inspect.iscoroutinefunction(
            getattr(run_batch, "__call__", None)  # noqa: B004 (the method itself, not callable())
        )
        self.max_batch_tokens, self.max_batch_size = max_batch_tokens, max_batch_size
        self.max_delay = max_delay_ms / 1000.0
        self.max_queue = max_queue
        self._observer = observer or NullObserver()
        self._owns_executor = executor is None
        self._executor = executor or ThreadPoolExecutor(max_workers=1, thread_name_prefix="verdict-inference")
        self._pending = _Pending()
        # The scheduler's wake-up: a bare future, set only when the scheduler has something to do (the
        # first item, or a batch became full): not one wake-up, and no timeout task, per request.
        self._wakeup: asyncio.Future | None = None
        self._filling = False
        # Free places in the formed-batch queue: the scheduler forms a batch only when it can hand it
        # over at once, so items arriving while the backend is busy join the next batch, not a stale one.
        self._slots = asyncio.Semaphore(1)
        self._batches: asyncio.Queue[list[Item] | None] = asyncio.Queue(maxsize=1)
        self._tasks: tuple[asyncio.Task, ...] = ()
        self._accepting = False
        self._batch_ms = 10.0  # moving average of inference time, for the overload retry hint

    # -- lifecycle ------------------------------------------------------------------------------

    def start(self) -> None:
        """Start the scheduler and inference tasks on the running loop."""
        if self._tasks:
            return
        self._accepting = True
        self._tasks = (
            asyncio.create_task(self._schedule(), name="verdict-batcher-schedule"),
            asyncio.create_task(self._infer(), name="verdict-batcher-infer"),
        )

    async def drain(self) -> None:
        """Graceful shutdown: refuse new work, run everything already queued, then stop."""
        self._accepting = False
        self._wake()
        if self._tasks:
            await asyncio.gather(*self._tasks)
        if self._owns_executor:
            self._executor.shutdown(wait=True)

    async def __aenter__(self) -> Batcher:
        self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.drain()

    @property
    def queue_depth(self) -> int:
        return len(self._pending)

    # -- request side ---------------------------------------------------------------------------

    async def submit(
        self,
        windows: Sequence[Sequence[int]],
        *,
        priority: Priority = Priority.INLINE,
        deadline: float | None = None,
    ) -> list[Result]:
        """Queue one request's windows; results come back in the same order.

        Raises OverloadedError at once when the queue is full, DeadlineError when `deadline`
        (time.monotonic() seconds) passes before inference, ModelError when the backend fails.
        """
        items = self._admit(windows, priority, deadline)
        futures = [item.future for item in items]
        try:
            if len(futures) == 1:  # most requests: one window, no gathering future
                return [await futures[0]]
            return list(await asyncio.gather(*futures))
        finally:
            for future in futures:
                if not future.done():
                    future.cancel()  # the scheduler drops these instead of running them
                elif not future.cancelled():
                    future.exception()  # siblings of a failed window: retrieved, so asyncio does not warn

    def _admit(
        self, windows: Sequence[Sequence[int]], priority: Priority, deadline: float | None
    ) -> list[Item]:
        if not self._accepting:
            raise ModelError("the batcher is not accepting work (not started or draining)")
        if len(windows) > self.max_queue:
            raise InputError("text", f"needs {len(windows)} windows; at most {self.max_queue} fit the queue")
        now = time.monotonic()
        if deadline is not None and deadline <= now:
            raise DeadlineError("deadline passed before the request was queued")
        if len(self._pending) + len(windows) > self.max_queue:
            raise OverloadedError(
                f"inference queue full ({len(self._pending)}/{self.max_queue} windows)",
                retry_after_ms=self._retry_after_ms(),
            )
        loop = asyncio.get_running_loop()
        items = [Item(tuple(w), Priority(priority), deadline, loop.create_future(), now) for w in windows]
        self._pending.add(items)
        self._observer.on_queue_depth(len(self._pending))
        if not self._filling or self._can_fill():
            self._wake()
        return items

    def _retry_after_ms(self) -> int:
        batches_ahead = len(self._pending) / self.max_batch_size + 1
        return max(1, math.ceil(batches_ahead * self._batch_ms))

    # -- scheduler task -------------------------------------------------------------------------

    async def _schedule(self) -> None:
        while True:
            await self._slots.acquire()
            batch = await self._next_batch()
            await self._batches.put(batch)
            if batch is None:
                return

    async def _next_batch(self) -> list[Item] | None:
        """The next non-empty batch, or None once draining and nothing is left."""
        while True:
            while not len(self._pending):
                if not self._accepting:
                    return None
                await self._sleep(None)
            await self._wait_for_fill()
            self._report_dropped(self._pending.purge(time.monotonic()))
            if len(self._pending):
                batch = self._pending.take(self.max_batch_size, self.max_batch_tokens)
                self._observer.on_queue_depth(len(self._pending))
                return batch

    async def _wait_for_fill(self) -> None:
        """Wait for more items until a full batch is pending or the oldest item has waited max_delay."""
        while self._accepting and not self._can_fill():
            oldest = self._pending.oldest()
            remaining = oldest.enqueued + self.max_delay - time.monotonic() if oldest else 0.0
            if remaining <= 0:
                return
            await self._sleep(remaining, filling=True)

    async def _sleep(self, timeout: float | None, *, filling: bool = False) -> None:
        """Until _wake() or `timeout` seconds; while `filling`, only a full batch wakes the scheduler."""
        loop = asyncio.get_running_loop()
        self._wakeup, self._filling = loop.create_future(), filling
        timer = None if timeout is None else loop.call_later(timeout, _resolve, self._wakeup)
        try:
            await self._wakeup
        finally:
            self._wakeup, self._filling = None, False
            if timer is not None:
                timer.cancel()

    def _wake(self) -> None:
        if self._wakeup is not None:
            _resolve(self._wakeup)

    def _report_dropped(self, dropped: dict[str, int]) -> None:
        for reason, count in dropped.items():
            if count:
                self._observer.on_dropped(reason, count)

    def _can_fill(self) -> bool:
        # Real tokens past the budget mean the padded cost is past it too; cheap and never waits wrongly.
        return len(self._pending) >= self.max_batch_size or self._pending.tokens >= self.max_batch_tokens

    # -- inference task -------------------------------------------------------------------------

    async def _infer(self) -> None:
        while True:
            batch = await self._batches.get()
            self._slots.release()
            if batch is None:
                return
            # A formed batch waits for at most one inference; its items may have expired meanwhile.
            live, dropped = triage(batch, time.monotonic())
            self._report_dropped(dropped)
            if live:
                await self._run(live)

    async def _run(self, items: list[Item]) -> None:
        tokens = [item.tokens for item in items]
        started = time.monotonic()
        try:
            if self._is_async:
                outputs = await self._run_batch(tokens)
            else:
                outputs = await asyncio.get_running_loop().run_in_executor(
                    self._executor, self._run_batch, tokens
                )
            if len(outputs) != len(items):
                raise ModelError(f"backend returned {len(outputs)} outputs for {len(items)} windows")
        except Exception as exc:
            error = exc if isinstance(exc, VerdictError) else ModelError(f"inference failed: {exc!r}")
            for item in items:
                if not item.future.done():
                    item.future.set_exception(error)
            return
        inference_ms = (time.monotonic() - started) * 1000.0
        self._batch_ms = 0.8 * self._batch_ms + 0.2 * inference_ms
        queue_ms = tuple((started - item.enqueued) * 1000.0 for item in items)
        for item, output, waited in zip(items, outputs, queue_ms):
            if not item.future.done():
                item.future.set_result(Result(output, waited, inference_ms, len(items)))
        self._observer.on_batch(
            BatchStats(len(items), padded_cost(items), sum(len(t) for t in tokens), inference_ms, queue_ms)
        )


def _resolve(future: asyncio.Future) -> None:
    if not future.done():
        future.set_result(None)
