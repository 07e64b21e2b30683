"""Dynamic batching: the scheduler between request handlers and the backend. It only schedules.

    submit() ──> admission (below) ──> pending: per priority, a rotation of requests, each its windows
                   │  scheduler task: wait for the first item, fill until the token budget, the batch
                   │  size or max_delay; drop the requests whose caller gave up (deadline, cancel);
                   │  take windows round-robin across requests, inline before bulk, similar lengths
                   ▼
                 formed batches: asyncio.Queue(maxsize=1), so the next batch is formed while one runs
                   │  inference task: run_batch in the batcher's single inference thread
                   ▼
                 futures resolved with Result(output, queue_ms, inference_ms, batch_size)

Admission, at submit(), in milliseconds and before anything is computed:
  * more windows than the whole queue (max_queue) holds: InputError (INVALID_ARGUMENT), a retry never fits;
  * a deadline already passed: DeadlineError;
  * max_queue windows waiting: OverloadedError (RESOURCE_EXHAUSTED) with the time the queue needs to
    drain enough, by the measured rate, as retry-after;
  * by the measured rate (`admission.ServiceRate`, fitted on every batch run), the request would finish
    past its deadline, or would push a queued request of its priority that would have finished in time
    past its own: OverloadedError, retry-after the estimated time until the work in the way has drained
    (`admission.refusal`). Every refusal is reported to the observer with its reason (REFUSALS).
  precheck() asks the same of a lower bound on a request's windows and tokens, taken from its length
  before it is tokenized, so that under overload a refusal does not wait for a prepare thread.
Fairness: a request's windows take turns with every other request's of its priority, so a 200,000-character
text's 800 windows do not stall a later one-window request; and once the rate is known a batch holds
only what runs in about max_batch_ms, so a request arriving while a long text runs waits for at most one
such batch.

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
from verdict.serving.admission import Backlog, ServiceRate, refusal

# Why submit() refused a request, as on_refused() and the metrics name it.
REFUSALS = (
    "too_large",  # more windows than the whole queue holds: INVALID_ARGUMENT, a retry can never fit
    "queue_full",  # max_queue windows are waiting: RESOURCE_EXHAUSTED
    "deadline",  # estimated to finish past its deadline, or to push a queued request past its own
    "expired",  # the deadline had passed before the request reached the queue: DEADLINE_EXCEEDED
)

# The next batch is formed while one runs only when the running one is estimated shorter than this: a
# longer one would leave a request arriving meanwhile behind two batches, and forming the next batch
# after it finishes costs a fraction of a millisecond.
FORM_AHEAD_MS = 5.0

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
    def on_refused(self, reason: str) -> None: ...  # one request; reason: see REFUSALS
    def on_queue_depth(self, depth: int) -> None: ...


class NullObserver:
    def on_batch(self, stats: BatchStats) -> None:
        pass

    def on_dropped(self, reason: str, count: int) -> None:
        pass

    def on_refused(self, reason: str) -> None:
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


class _Request:
    """One submit()'s windows not yet taken, in order; served in turn with the other requests of its priority."""

    __slots__ = ("windows", "tokens", "deadline", "enqueued", "served")

    def __init__(self, items: Sequence[Item]) -> None:
        self.windows: deque[Item] = deque(items)
        self.tokens = sum(len(i.tokens) for i in items)
        self.deadline, self.enqueued = items[0].deadline, items[0].enqueued
        self.served = False  # has had a window in a batch

    def given_up(self, now: float) -> str | None:
        """Why no more of this request is worth computing ("cancelled", "deadline"), or None. A caller that
        leaves (its deadline, a cancel, a sibling window's failure) cancels every window it waits for,
        so the first one tells; a passed deadline fails them all with DeadlineError."""
        if self.windows[0].future.done():
            return "cancelled"
        if self.deadline is not None and self.deadline <= now:
            for item in self.windows:
                if not item.future.done():
                    item.future.set_exception(DeadlineError("deadline passed while queued for inference"))
            return "deadline"
        return None

    def backlog(self) -> Backlog:
        return Backlog(len(self.windows), self.tokens, self.deadline)


class _Pending:
    """The waiting requests, one round-robin rotation per priority; window and token counts kept (in all,
    and per priority) so submit() checks capacity and work ahead without summing the queues."""

    def __init__(self) -> None:
        self.queues: dict[Priority, deque[_Request]] = {p: deque() for p in Priority}
        self.tokens = 0
        self._size = 0  # windows; asked several times per request: kept, not summed over the queues
        self.load: dict[Priority, list[int]] = {p: [0, 0] for p in Priority}  # [windows, tokens]
        self._fresh_seeded = False  # the last batch was seeded by a request's first window

    def __len__(self) -> int:
        return self._size

    def add(self, items: Sequence[Item]) -> None:
        """Queue one request's windows (one priority, one deadline) at the back of its rotation."""
        if items:
            request = _Request(items)
            self.queues[items[0].priority].append(request)
            self._count(items[0].priority, len(items), request.tokens)

    def _count(self, priority: Priority, windows: int, tokens: int) -> None:
        self._size += windows
        self.tokens += tokens
        load = self.load[priority]
        load[0] += windows
        load[1] += tokens

    def backlogs(self, priority: Priority) -> list[Backlog]:
        return [r.backlog() for r in self.queues[priority]]

    def oldest(self) -> Item | None:
        heads = [q[0].windows[0] for q in self.queues.values() if q]
        return min(heads, key=lambda i: i.enqueued, default=None)

    def purge(self, now: float) -> dict[str, int]:
        """Drop every request whose caller gave up or whose deadline passed; returns the windows dropped
        per reason."""
        dropped = {"cancelled": 0, "deadline": 0}
        for priority, queue in self.queues.items():
            live: deque[_Request] = deque()
            for request in queue:
                reason = request.given_up(now)
                if reason is None:
                    live.append(request)
                else:
                    dropped[reason] += len(request.windows)
                    self._count(priority, -len(request.windows), -request.tokens)
            self.queues[priority] = live
        return dropped

    def take(self, max_size: int, max_tokens: int) -> list[Item]:
        """The next batch, round-robin across requests: seeded by the next window of the request at the
        head of the highest non-empty priority (every other batch, by the first window of a request not
        yet served, so a newcomer does not wait for the served requests' turns), then one window per request in rotation order, round
        after round, inline before bulk, until the batch is full. One request's 800 windows thus share
        each batch with a later request's one, instead of going ahead of it. A window is left out when
        it would raise the batch's padding past one LENGTH_BIN per window (padded tokens cost full
        inference): its request keeps its place and seeds a batch soon. Requests served move to the back
        of their rotation, so every request reaches the head: nothing starves.
        A seed longer than the whole token budget still runs, alone."""
        queue = next(q for q in self.queues.values() if q)
        seed_request = queue[0]
        # A request not yet served seeds every other batch: one that arrives while a long text's batch
        # runs is in the next batch, not behind that text's next turn too.
        fresh = None if self._fresh_seeded else next((r for r in queue if not r.served), None)
        if fresh is not None:
            seed_request = fresh
        self._fresh_seeded = not seed_request.served
        seed = seed_request.windows[0]
        chosen, longest, real = [seed], len(seed.tokens), len(seed.tokens)
        taken = {id(seed_request): 1}
        for queue in self.queues.values():
            rounds = 0
            # A window joins only if the batch's longest could take one more: past that, stop looking.
            while len(chosen) < max_size and longest * (len(chosen) + 1) <= max_tokens:
                rounds, added = rounds + 1, False
                for request in queue:
                    k = taken.get(id(request), 0)
                    if k >= rounds or k == len(request.windows):
                        continue  # had its turn this round, or has nothing left
                    if len(chosen) == max_size:
                        break
                    item = request.windows[k]
                    size, grown = len(chosen) + 1, max(longest, len(item.tokens))
                    # Padding stays under one bin per item on average: a long window does not join (and
                    # pad) a batch of short ones, it seeds a later batch of its own length instead.
                    if (
                        grown * size <= max_tokens
                        and grown * size - (real + len(item.tokens)) <= LENGTH_BIN * size
                    ):
                        chosen.append(item)
                        longest, real = grown, real + len(item.tokens)
                        taken[id(request)] = k + 1
                        added = True
                if not added and rounds > 1:  # (round 1 may hold only the seed's request)
                    break
        for priority, queue in self.queues.items():
            waiting: deque[_Request] = deque()
            served = []
            for request in queue:
                k = taken.get(id(request), 0)
                if not k:
                    waiting.append(request)
                    continue
                tokens = sum(len(request.windows.popleft().tokens) for _ in range(k))
                request.tokens -= tokens
                request.served = True
                self._count(priority, -k, -tokens)
                if request.windows:
                    served.append(request)
            waiting.extend(served)
            self.queues[priority] = waiting
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
        max_batch_ms: float = 20.0,
        max_queue: int = 2048,
        observer: BatcherObserver | None = None,
        executor: Executor | None = None,
    ) -> None:
        if min(max_batch_tokens, max_batch_size, max_queue) < 1 or max_delay_ms < 0 or max_batch_ms <= 0:
            raise ValueError("batch limits and max_queue must be >= 1, max_delay_ms >= 0, max_batch_ms > 0")
        self._run_batch = run_batch
        # An object with an async __call__ (a stateful async client) counts as a coroutine function too.
        self._is_async = inspect.iscoroutinefunction(run_batch) or inspect.iscoroutinefunction(
            getattr(run_batch, "__call__", None)  # noqa: B004 (the method itself, not callable())
        )
        self.max_batch_tokens, self.max_batch_size = max_batch_tokens, max_batch_size
        self.max_delay = max_delay_ms / 1000.0
        self.max_batch_ms = max_batch_ms
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
        self.rate = ServiceRate()
        # Estimated ms of each batch formed and not yet finished (the one running first), since when the
        # first has run: the work every queued request waits for.
        self._inflight: deque[float] = deque()
        self._running_since: float | None = None
        self._finished: asyncio.Future | None = None  # resolved when the running batch is done

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

    @property
    def busy(self) -> bool:
        """Windows are waiting, or a batch is formed or on the backend."""
        return bool(len(self._pending) or self._inflight)

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
            self._observer.on_refused("too_large")
            raise InputError("text", f"needs {len(windows)} windows; at most {self.max_queue} fit the queue")
        now = time.monotonic()
        priority = Priority(priority)
        self._refuse_overload(Backlog(len(windows), sum(len(w) for w in windows), deadline), priority, now)
        loop = asyncio.get_running_loop()
        items = [Item(tuple(w), priority, deadline, loop.create_future(), now) for w in windows]
        self._pending.add(items)
        self._observer.on_queue_depth(len(self._pending))
        if not self._filling or self._can_fill():
            self._wake()
        return items

    def precheck(self, least: Sequence[Backlog], *, priority: Priority = Priority.INLINE) -> None:
        """Refuse, as submit() would, one call's texts from what they need at least (`least`: a lower
        bound on each text's windows and tokens, from its length), before any of them is tokenized:
        when their windows together do not fit the queue, or the largest cannot meet its deadline.
        Both only grow with the work, so what a lower bound refuses the exact count would refuse too;
        what it lets through is checked again, exactly, at submit(). A call that could never fit is
        left to the exact check, whose INVALID_ARGUMENT names the windows it needs."""
        if not least:
            return
        largest = max(least, key=lambda b: b.tokens)
        total = Backlog(sum(b.windows for b in least), sum(b.tokens for b in least), largest.deadline)
        if total.windows > self.max_queue:
            return
        self._refuse_overload(total, Priority(priority), time.monotonic(), deadline_of=largest)

    def _refuse_overload(
        self, new: Backlog, priority: Priority, now: float, *, deadline_of: Backlog | None = None
    ) -> None:
        """DeadlineError, or OverloadedError, when `new` (windows entering the queue at once) finds its
        deadline passed, the queue too full for it, or (`deadline_of`, default `new`) its deadline
        beyond reach by the measured rate; each refusal counted by its reason (REFUSALS)."""
        if new.deadline is not None and new.deadline <= now:
            self._observer.on_refused("expired")
            raise DeadlineError("deadline passed before the request was queued")
        if len(self._pending) + new.windows > self.max_queue:
            self._observer.on_refused("queue_full")
            raise OverloadedError(
                f"inference queue full ({len(self._pending)}/{self.max_queue} windows)",
                retry_after_ms=self._retry_after_ms(new.windows),
            )
        if self.rate.ready:
            self._check_deadlines(deadline_of or new, priority, now)

    def _check_deadlines(self, new: Backlog, priority: Priority, now: float) -> None:
        """OverloadedError when, by the measured rate, the request would finish past its deadline or
        push a queued request of its priority past its own (verdict.serving.admission)."""
        refused = refusal(
            self.rate,
            queued=self._pending.backlogs(priority),
            new=new,
            ahead_ms=self._ahead_ms(priority, now),
            now=now,
        )
        if refused is not None:
            retry_after_ms, why = refused
            self._observer.on_refused("deadline")
            raise OverloadedError(
                f"cannot meet the deadline: {why}; {len(self._pending)} windows queued",
                retry_after_ms=retry_after_ms,
                reason="deadline",
            )

    def _ahead_ms(self, priority: Priority, now: float) -> float:
        """Estimated ms of the work every request of `priority` waits for: the batches formed and not yet
        finished, and the requests of higher priorities."""
        ahead = sum(self._inflight)
        if self._inflight and self._running_since is not None:
            ahead -= min(self._inflight[0], (now - self._running_since) * 1000.0)
        for higher in Priority:
            if higher < priority:
                windows, tokens = self._pending.load[higher]
                ahead += self.rate.work_ms(tokens, windows)
        return ahead

    def _retry_after_ms(self, windows: int) -> int:
        """The estimated time until `windows` more windows fit the queue: the running work, then enough
        of the queue's windows (at their average size)."""
        excess = len(self._pending) + windows - self.max_queue
        if not self.rate.ready:
            return max(1, math.ceil((excess / self.max_batch_size + 1) * 10.0))
        mean_tokens = self._pending.tokens / max(1, len(self._pending))
        drain = self.rate.work_ms(round(mean_tokens * excess), excess)
        return max(1, math.ceil(self._ahead_ms(Priority.INLINE, time.monotonic()) + drain))

    def _budget(self) -> int:
        """Tokens per batch: max_batch_tokens, or fewer when the measured rate says a batch that size
        would run past max_batch_ms: a short request arriving meanwhile waits at most about that long."""
        if not self.rate.ready:
            return self.max_batch_tokens
        return min(self.max_batch_tokens, self.rate.tokens_within(self.max_batch_ms))

    # -- scheduler task -------------------------------------------------------------------------

    async def _schedule(self) -> None:
        while True:
            await self._slots.acquire()
            if self._finished is not None and self._inflight and self._inflight[0] >= FORM_AHEAD_MS:
                await self._finished
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
                batch = self._pending.take(self.max_batch_size, self._budget())
                self._inflight.append(self.rate.batch_ms(sum(len(i.tokens) for i in batch)))
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
        return len(self._pending) >= self.max_batch_size or self._pending.tokens >= self._budget()

    # -- inference task -------------------------------------------------------------------------

    async def _infer(self) -> None:
        while True:
            batch = await self._batches.get()
            self._slots.release()
            if batch is None:
                return
            self._running_since = time.monotonic()
            self._finished = asyncio.get_running_loop().create_future()
            # A formed batch waits for at most one inference; its items may have expired meanwhile.
            live, dropped = triage(batch, self._running_since)
            self._report_dropped(dropped)
            try:
                if live:
                    await self._run(live)
            finally:
                self._inflight.popleft()
                self._running_since = None
                _resolve(self._finished)
                self._finished = None

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
        real_tokens = sum(len(t) for t in tokens)
        self.rate.observe(real_tokens, len(items), inference_ms)
        queue_ms = tuple((started - item.enqueued) * 1000.0 for item in items)
        for item, output, waited in zip(items, outputs, queue_ms):
            if not item.future.done():
                item.future.set_result(Result(output, waited, inference_ms, len(items)))
        self._observer.on_batch(
            BatchStats(len(items), padded_cost(items), real_tokens, inference_ms, queue_ms)
        )


def _resolve(future: asyncio.Future) -> None:
    if not future.done():
        future.set_result(None)
