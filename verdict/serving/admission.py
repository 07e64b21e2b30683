"""Admission by cost and deadline: how fast the backend runs, and whether one more request still fits.

    ServiceRate      a batch costs `overhead_ms + ms_per_token x tokens`, fitted by exponentially weighted
                     least squares over the recent batches the batcher ran (its BatchStats)
    Backlog          one request's windows and tokens not yet computed, and its deadline
    refusal(...)     None when a new request fits; else (retry-after ms, why)

The batcher serves the requests of one priority round-robin, a window each in turn, so a request of n
windows is done once every request ahead of it has had min(its own, n) windows computed, whenever it
arrived. A newcomer therefore delays each queued request too, by at most its own size. It is admitted
when, by the measured rate, it finishes within DEADLINE_SHARE of the time its deadline leaves, and no
queued request that would have finished in time is pushed past its deadline by it. Work of higher
priorities and the batches already formed count ahead of everyone. retry-after is the estimated time
until the work in the way has drained: the newcomer's own overshoot, or the time until the request it
would make late is done.

No numpy here (the batcher's habit): a few sums per batch, one sort per admission.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# The plan must end within this share of the time left before a deadline: the estimate leaves out
# decoding, the policy and the reply, and a busy CPU runs slower than the average says.
DEADLINE_SHARE = 0.85
# Batches before the fit is trusted: until then only the queue's size limits admission.
MIN_BATCHES = 3


class ServiceRate:
    """The backend's measured speed. Each batch is a point (real tokens, inference ms); the fit weighs a
    batch `half_life` batches old half as much as the newest, so it follows a backend that slows down
    (a busy CPU, a GPU fallen back to CPU) within a few dozen batches."""

    def __init__(self, *, half_life: float = 32.0) -> None:
        self._decay = 0.5 ** (1.0 / half_life)
        self._w = self._x = self._y = self._xx = self._xy = self._size = 0.0
        self.batches = 0
        self.overhead_ms = 0.0  # per batch
        self.ms_per_token = 0.0

    @property
    def ready(self) -> bool:
        return self.batches >= MIN_BATCHES and self.ms_per_token > 0

    def observe(self, tokens: int, size: int, inference_ms: float) -> None:
        d = self._decay
        self._w = d * self._w + 1.0
        self._x = d * self._x + tokens
        self._y = d * self._y + inference_ms
        self._xx = d * self._xx + tokens * tokens
        self._xy = d * self._xy + tokens * inference_ms
        self._size = d * self._size + size
        self.batches += 1
        self._fit()

    def _fit(self) -> None:
        w, x, y = self._w, self._x, self._y
        if x <= 0:
            return
        spread = w * self._xx - x * x
        slope = (w * self._xy - x * y) / spread if spread > 1e-9 * w * self._xx else 0.0
        intercept = (y - slope * x) / w
        if slope <= 0 or intercept < 0:  # one batch shape so far, or noise: all of it per token
            slope, intercept = y / x, 0.0
        self.ms_per_token, self.overhead_ms = slope, intercept

    def work_ms(self, tokens: int, windows: int) -> float:
        """Milliseconds to compute `windows` windows of `tokens` tokens in all, in batches of the usual size."""
        per_window = self.overhead_ms * self._w / self._size if self._size else self.overhead_ms
        return self.ms_per_token * tokens + per_window * windows

    def batch_ms(self, tokens: int) -> float:
        return self.overhead_ms + self.ms_per_token * tokens

    def tokens_within(self, ms: float) -> int:
        """How many tokens one batch may hold to take at most `ms`."""
        return max(1, int((ms - self.overhead_ms) / self.ms_per_token))


@dataclass(frozen=True, slots=True)
class Backlog:
    """One request's work not yet computed."""

    windows: int
    tokens: int
    deadline: float | None  # time.monotonic() seconds


def refusal(
    rate: ServiceRate,
    *,
    queued: Sequence[Backlog],
    new: Backlog,
    ahead_ms: float,
    now: float,
) -> tuple[int, str] | None:
    """None when `new` fits behind `queued` (the requests of its priority, served round-robin) and
    `ahead_ms` of work that runs before them; else (retry-after ms, the reason in words)."""
    if new.deadline is None and all(b.deadline is None for b in queued):
        return None
    costs = [rate.work_ms(b.tokens, b.windows) for b in queued]
    new_cost = rate.work_ms(new.tokens, new.windows)
    own = ahead_ms + new_cost + sum(_share(cost, b.windows, new.windows) for cost, b in zip(costs, queued))
    if new.deadline is not None:
        allowed = DEADLINE_SHARE * (new.deadline - now) * 1000.0
        if own > allowed:
            return _ms(own - allowed), (
                f"estimated to finish in {own:.0f} ms, past its deadline ({allowed:.0f} ms of it usable)"
            )
    for done_ms, backlog in _completions(queued, costs, ahead_ms):
        if backlog.deadline is None:
            continue
        allowed = DEADLINE_SHARE * (backlog.deadline - now) * 1000.0
        delayed = done_ms + _share(new_cost, new.windows, backlog.windows)
        if done_ms <= allowed < delayed:
            return _ms(done_ms), (
                f"it would delay a queued request past that request's deadline (estimated done in "
                f"{done_ms:.0f} ms)"
            )
    return None


def _share(cost: float, windows: int, rounds: int) -> float:
    """What a request of `windows` windows costing `cost` computes in `rounds` round-robin turns."""
    return cost if windows <= rounds else cost * rounds / windows


def _completions(
    queued: Sequence[Backlog], costs: Sequence[float], ahead_ms: float
) -> list[tuple[float, Backlog]]:
    """Each queued request's estimated completion, ms from now: the requests no longer than it finish
    within its turns, and each longer one computes as many windows as it has (sorted, one pass)."""
    order = sorted(range(len(queued)), key=lambda i: queued[i].windows)
    per_window_after = [0.0] * (len(order) + 1)  # summed per-window cost of order[k:]
    for k in range(len(order) - 1, -1, -1):
        i = order[k]
        per_window_after[k] = per_window_after[k + 1] + costs[i] / queued[i].windows
    out, before, k = [], 0.0, 0
    while k < len(order):
        n = queued[order[k]].windows
        end = k
        while end < len(order) and queued[order[end]].windows == n:
            before += costs[order[end]]
            end += 1
        done = ahead_ms + before + n * per_window_after[end]
        out += [(done, queued[order[i]]) for i in range(k, end)]
        k = end
    return out


def _ms(value: float) -> int:
    return max(1, math.ceil(value))
