"""A backend with no model: deterministic outputs computed from the token ids, plus fault injection.

Outputs depend only on a window's own ids (fixed random tables indexed by id), never on what else is in
the batch, so batch-vs-single equivalence tests mean something; `fail_next` / `fail_always` stand in for
a GPU that dies mid-traffic.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

import numpy as np

from verdict.runtime.backends.base import WindowOutput
from verdict.runtime.errors import ModelError

TABLE_ROWS = 4096  # ids are folded into this many rows: enough to keep outputs distinct in tests


class FakeBackend:
    def __init__(
        self,
        n_tags: int,
        n_topics: int,
        n_leak: int,
        hidden: int,
        *,
        fail_after: int | None = None,
        latency_ms: float = 0.0,
        name: str = "fake",
        seed: int = 0,
    ) -> None:
        rng = np.random.default_rng(seed)
        self.name = name
        self.latency_ms = latency_ms
        self._tags = rng.standard_normal((TABLE_ROWS, n_tags), dtype=np.float32)
        self._topics = rng.standard_normal((TABLE_ROWS, n_topics), dtype=np.float32)
        self._leak = rng.standard_normal((TABLE_ROWS, n_leak), dtype=np.float32)
        self._hidden = rng.standard_normal((TABLE_ROWS, hidden), dtype=np.float32)
        self._lock = threading.Lock()
        self._calls = 0
        self._fail_after = fail_after
        self._fail_next = 0
        self._fail_always = False
        self.loaded = False
        self.batch_sizes: list[int] = []

    # -- fault injection ------------------------------------------------------------------------

    def fail_next(self, n: int = 1) -> None:
        with self._lock:
            self._fail_next += n

    def fail_always(self) -> None:
        with self._lock:
            self._fail_always = True

    def recover(self) -> None:
        with self._lock:
            self._fail_next, self._fail_always, self._fail_after = 0, False, None

    # -- Backend protocol -----------------------------------------------------------------------

    def load(self) -> None:
        self.loaded = True

    def health(self) -> bool:
        with self._lock:
            return self.loaded and not self._fail_always and not self._past_fail_after()

    def warmup(self) -> None:
        self.predict([[101, 102]])

    def predict(self, batch: Sequence[Sequence[int]]) -> list[WindowOutput]:
        if self.latency_ms:
            time.sleep(self.latency_ms / 1000.0)  # a blocking device call, as in a real backend
        with self._lock:
            self._calls += 1
            failing = self._fail_always or self._fail_next > 0 or self._past_fail_after()
            self._fail_next = max(0, self._fail_next - 1)
            if not failing:
                self.batch_sizes.append(len(batch))
        if failing:
            raise ModelError(f"{self.name}: injected failure")
        return [self._window(ids) for ids in batch]

    # -- internals ------------------------------------------------------------------------------

    def _past_fail_after(self) -> bool:
        return self._fail_after is not None and self._calls > self._fail_after

    def _window(self, ids: Sequence[int]) -> WindowOutput:
        rows = np.asarray(ids, dtype=np.int64) % TABLE_ROWS  # [n_tokens]
        hidden = self._hidden[rows].mean(axis=0)  # [n_tokens, hidden] -> [hidden]
        return WindowOutput(
            token_logits=self._tags[rows],  # [n_tokens, n_tags]
            topic_logits=self._topics[rows].mean(axis=0),  # [n_topics]
            leak_logits=self._leak[rows].mean(axis=0),  # [n_leak]
            embedding=hidden / max(float(np.linalg.norm(hidden)), 1e-9),
        )
