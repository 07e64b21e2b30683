"""A preferred backend with a CPU fallback: a device that fails mid-traffic degrades service, not requests.

    predict(batch) ──primary──> outputs
                     └─ raises ─> switch to the fallback (built on first need), re-run the SAME batch,
                                  degraded = True; later calls go straight to the fallback
    retry_primary() ─ primary healthy again ─> switch back, degraded = False

Predictions run outside the lock (the batcher's inference thread may be mid-batch while a health task
calls `retry_primary()`); only the choice of backend is guarded.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import Protocol

from verdict.runtime.backends.base import Backend, WindowOutput
from verdict.runtime.errors import ModelError

log = logging.getLogger(__name__)


class FallbackObserver(Protocol):
    def on_switch(self, backend: str, degraded: bool) -> None: ...  # after every change of active backend


class FallbackBackend:
    def __init__(
        self,
        primary: Backend,
        fallback_factory: Callable[[], Backend],
        *,
        observer: FallbackObserver | None = None,
        prebuild: bool = False,
    ) -> None:
        self.primary = primary
        self._factory = fallback_factory
        self._observer = observer
        self._prebuild = prebuild
        self._lock = threading.Lock()
        self._fallback: Backend | None = None
        self._degraded = False
        self._fallbacks = 0

    @property
    def name(self) -> str:
        return self._active().name

    @property
    def variant(self) -> str:
        """The active backend's model file (fp16, int8, ...): what an evaluation reports it measured."""
        return getattr(self._active(), "variant", "")

    @property
    def degraded(self) -> bool:
        return self._degraded

    @property
    def fallbacks(self) -> int:
        """How many times the primary failed and the fallback took over."""
        return self._fallbacks

    def load(self) -> None:
        # Pre-building pays the CPU model's memory up front so the first failure costs no load time.
        if self._prebuild:
            self._ensure_fallback()
        try:
            self.primary.load()
        except Exception as exc:
            self._fail_over(exc)

    def health(self) -> bool:
        return self._active().health()

    def warmup(self) -> None:
        self._active().warmup()

    def predict(self, batch: Sequence[Sequence[int]]) -> list[WindowOutput]:
        if self._degraded:
            fallback = self._ensure_fallback()
        else:
            try:
                return self.primary.predict(batch)
            except Exception as exc:
                fallback = self._fail_over(exc)
        try:
            return fallback.predict(batch)
        except ModelError:
            raise
        except Exception as exc:
            raise ModelError(f"fallback backend {fallback.name} failed: {exc!r}") from exc

    def retry_primary(self) -> bool:
        """Switch back to the primary if it reports healthy; True when the primary is active afterwards."""
        if not self._degraded:
            return True
        try:
            healthy = self.primary.health()
        except Exception:
            healthy = False
        if not healthy:
            return False
        with self._lock:
            self._degraded = False
        log.warning("primary backend %s healthy again: switching back from the fallback", self.primary.name)
        self._notify(self.primary.name)
        return True

    # -- internals ------------------------------------------------------------------------------

    def _active(self) -> Backend:
        return self._ensure_fallback() if self._degraded else self.primary

    def _ensure_fallback(self) -> Backend:
        with self._lock:
            if self._fallback is None:
                try:
                    fallback = self._factory()
                    fallback.load()
                    fallback.warmup()
                except Exception as exc:
                    raise ModelError(f"cannot build the CPU fallback backend: {exc!r}") from exc
                self._fallback = fallback
            return self._fallback

    def _fail_over(self, exc: BaseException) -> Backend:
        """Mark the primary failed and return the fallback; the first failure is logged and counted."""
        with self._lock:
            first = not self._degraded
            self._degraded = True
            if first:
                self._fallbacks += 1
        fallback = self._ensure_fallback()
        if first:
            log.error(
                "primary backend %s failed (%r): serving from %s", self.primary.name, exc, fallback.name
            )
            self._notify(fallback.name)
        return fallback

    def _notify(self, active: str) -> None:
        if self._observer is not None:
            self._observer.on_switch(active, self._degraded)
