"""AuditSink: takes records off the request path and commits them in groups on one writer thread.

    submit(record)  -> Receipt  never blocks: put_nowait into a bounded buffer; the receipt (a
                                concurrent.futures.Future) resolves True once the record is committed,
                                False at once when it was dropped (buffer full, sink closing)
    note(receipt, release)      the caller released its verdict before the record was durable, or
                                withheld it: the record says so when it is written
    flush(timeout)  -> bool     wait until everything submitted before the call is committed
    close(timeout)  -> bool     drain and stop
    health()        -> SinkHealth

Acknowledged means committed: a record counts as written once the store's transaction holding it has
committed (its receipt, and the observer's `committed()`, are resolved after that, never before). The
server answers a verdict only once its receipt says so (serving/auditing.py), so kill -9 at any moment
leaves at least as many records as answered verdicts.

Group commit: the writer takes everything buffered, commits it as one transaction (one fsync), and
meanwhile the next group gathers; under load a commit carries many records, alone a record waits for one
commit. `max_delay_s` > 0 would hold each group open that long first (fewer, larger commits, at that
much more latency per verdict). The writer assigns
`seq` and `prev_hash`, so the chain has exactly one writer per instance; it re-reads the chain head
after any failure, so a batch that failed is re-chained rather than half-linked.

When the store is down the service keeps answering: the writer retries with exponential backoff while
submits fill the buffer (`max_buffer` records). Past the bound, records are dropped and counted; when
the store is back, a `gap` record saying how many were dropped and when goes into the chain before
anything else, so the audit log shows its own gaps.

With a `chain_key` the writer chains keyed (v2) records; with a `signer` it commits each batch with the
chain's signed new head, and keeps one as a permanent checkpoint every `checkpoint_interval_s` (and
with its first batch and any batch written while closing).
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, InvalidStateError
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from typing import Protocol

from verdict.governance.audit.checkpoint import Signer
from verdict.governance.audit.record import AuditRecord, ChainKey, utc_ts
from verdict.governance.audit.store import AuditStore

log = logging.getLogger(__name__)


class SinkObserver(Protocol):
    """Metrics hooks (the server adapts them to Prometheus); called from the writer thread, except
    `dropped`, which is called from `submit`."""

    def committed(self, records: Sequence[AuditRecord], seconds: float) -> None: ...
    def dropped(self, count: int) -> None: ...
    def store_error(self, error: BaseException) -> None: ...


class NullObserver:
    def committed(self, records: Sequence[AuditRecord], seconds: float) -> None:
        pass

    def dropped(self, count: int) -> None:
        pass

    def store_error(self, error: BaseException) -> None:
        pass


@dataclass(frozen=True, slots=True)
class SinkHealth:
    status: str  # "ok" | "degraded"
    message: str
    buffered: int
    committed: int
    dropped: int
    last_error: str = ""
    released_early: int = 0  # verdicts answered before their record was durable (fail-open)
    withheld: int = 0  # verdicts refused because their record was not durable in time (fail-closed)

    @property
    def ok(self) -> bool:
        return self.status == "ok"


# How a verdict left the server when its record was not durable in time (`AuditSink.note`): written
# into the record's `extra["release"]` if the writer has not chained it yet.
RELEASED_EARLY = "released_before_durable"  # fail-open: answered anyway
WITHHELD = "withheld"  # fail-closed: the caller got UNAVAILABLE instead of this verdict


class Receipt(Future):
    """A record's acknowledgement: resolves True once the transaction holding the record has committed,
    False when the record was dropped (buffer full, sink closing) or abandoned at close."""

    def __init__(self) -> None:
        super().__init__()
        self.release = ""  # RELEASED_EARLY or WITHHELD, set through AuditSink.note

    @property
    def dropped(self) -> bool:
        return self.done() and self.result() is False


@dataclass(frozen=True, slots=True)
class _Item:
    record: AuditRecord
    receipt: Receipt
    text: str | None = None
    retention_days: int | None = None

    def chainable(self) -> AuditRecord:
        if not self.receipt.release:
            return self.record
        return replace(self.record, extra={**self.record.extra, "release": self.receipt.release})


StoreOrFactory = AuditStore | Callable[[], AuditStore]


class AuditSink:
    def __init__(
        self,
        store: StoreOrFactory,
        *,
        instance: str = "local",
        max_buffer: int = 100_000,
        batch_size: int = 256,
        max_delay_s: float = 0.0,
        retry_initial_s: float = 0.05,
        retry_max_s: float = 5.0,
        observer: SinkObserver | None = None,
        chain_key: ChainKey | None = None,
        signer: Signer | None = None,
        checkpoint_interval_s: float = 60.0,
        start: bool = True,
    ) -> None:
        self.instance = instance
        self._key, self._signer, self._keep_every = chain_key, signer, checkpoint_interval_s
        self._kept_at = float("-inf")
        self._factory = store if not hasattr(store, "append") else (lambda: store)
        self._store: AuditStore | None = None
        self._queue: queue.Queue[_Item] = queue.Queue(maxsize=max_buffer)
        self._batch_size, self._max_delay = batch_size, max_delay_s
        self._retry_initial, self._retry_max = retry_initial_s, retry_max_s
        self._observer = observer or NullObserver()
        self._cond = threading.Condition()
        self._accepted = self._committed = 0
        self._dropped_total = 0
        self._released_early = self._withheld = 0
        self._gap: list = [0, None, None]  # dropped since the last gap record: count, first ts, last ts
        self._pending = 0
        self._last_error = ""
        self._closing = threading.Event()
        self._abandon = threading.Event()
        self._head: tuple[int, str] | None = None
        self._attempt: tuple[tuple[int, str], list[AuditRecord], int] | None = None  # last batch sent
        self._thread = threading.Thread(target=self._run, name=f"audit-writer-{instance}", daemon=True)
        if start:
            self.start()

    # -- request path --------------------------------------------------------------------------------
    def start(self) -> None:
        if not self._thread.is_alive():
            self._thread.start()

    def submit(
        self, record: AuditRecord, *, text: str | None = None, retention_days: int | None = None
    ) -> Receipt:
        """Queue a record (and, for tenants with `store_text`, its raw text). Never blocks."""
        receipt = Receipt()
        if self._closing.is_set():
            return self._drop(receipt)
        try:
            self._queue.put_nowait(_Item(record, receipt, text, retention_days))
        except queue.Full:
            return self._drop(receipt)
        with self._cond:
            self._accepted += 1
        return receipt

    def note(self, receipt: Receipt, release: str) -> None:
        """The caller stopped waiting for `receipt`: it released the verdict anyway (RELEASED_EARLY) or
        withheld it (WITHHELD). Counted in health; a record not yet chained carries the note."""
        receipt.release = release
        with self._cond:
            if release == RELEASED_EARLY:
                self._released_early += 1
            else:
                self._withheld += 1

    def _drop(self, receipt: Receipt) -> Receipt:
        _resolve(receipt, False)
        now = utc_ts()
        with self._cond:
            self._dropped_total += 1
            self._gap[0] += 1
            self._gap[1] = self._gap[1] or now
            self._gap[2] = now
        try:
            self._observer.dropped(1)
        except Exception:
            log.exception("audit observer failed")
        return receipt

    # -- control -------------------------------------------------------------------------------------
    def flush(self, timeout: float | None = None) -> bool:
        """True once every record accepted before this call is committed."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            target = self._accepted
            while self._committed < target:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._cond.wait(remaining if remaining is not None else 0.5)
        return True

    def close(self, timeout: float = 10.0) -> bool:
        """Stop accepting, drain what is buffered, stop the writer. False if the store never took it all."""
        self._closing.set()
        if self._thread.is_alive():
            self._thread.join(timeout)
        if self._thread.is_alive():
            self._abandon.set()
            self._thread.join(1.0)
            log.error("audit sink closed with %d records not committed", self.health().buffered)
            self._abandon_buffered()
            return False
        if self._store is not None:
            self._store.close()
        return True

    def health(self) -> SinkHealth:
        with self._cond:
            buffered = self._queue.qsize() + self._pending
            committed, dropped, error = self._committed, self._dropped_total, self._last_error
            early, withheld = self._released_early, self._withheld
        if error:
            return SinkHealth(
                "degraded",
                f"degraded: audit store unavailable, {buffered} buffered",
                buffered,
                committed,
                dropped,
                error,
                early,
                withheld,
            )
        if self._gap[0]:
            return SinkHealth(
                "degraded",
                f"degraded: audit buffer overflowed, {self._gap[0]} records dropped",
                buffered,
                committed,
                dropped,
                released_early=early,
                withheld=withheld,
            )
        return SinkHealth("ok", "ok", buffered, committed, dropped, released_early=early, withheld=withheld)

    # -- writer thread -------------------------------------------------------------------------------
    def _run(self) -> None:
        batch: list[_Item] = []
        backoff = self._retry_initial
        while not self._abandon.is_set():
            if not batch:
                batch = self._collect()
                with self._cond:
                    self._pending = len(batch)
            if not batch and not self._gap[0]:
                if self._closing.is_set() and self._queue.empty():
                    return
                continue
            try:
                self._write(batch)
            except Exception as exc:  # the store is down or refused the batch: keep it, retry
                self._head = None
                with self._cond:
                    self._last_error = f"{type(exc).__name__}: {exc}"
                try:
                    self._observer.store_error(exc)
                except Exception:
                    log.exception("audit observer failed")
                log.warning(
                    "audit store unavailable (%s); %d buffered, retrying in %.2fs",
                    exc,
                    self.health().buffered,
                    backoff,
                )
                self._abandon.wait(backoff)
                backoff = min(backoff * 2, self._retry_max)
                continue
            backoff = self._retry_initial
            batch = []
            with self._cond:
                self._pending = 0
        for item in batch:  # abandoned at close: never committed
            _resolve(item.receipt, False)

    def _abandon_buffered(self) -> None:
        while True:
            try:
                _resolve(self._queue.get_nowait().receipt, False)
            except queue.Empty:
                return

    def _collect(self) -> list[_Item]:
        try:
            first = self._queue.get(timeout=0.1)
        except queue.Empty:
            return []
        batch = [first]
        # With a delay, sleep it out, then take what came: blocking in get() instead would wake this
        # thread (and take the GIL from the request path) once per submitted record.
        if self._max_delay > 0 and self._queue.qsize() < self._batch_size - 1:
            self._closing.wait(self._max_delay)
        while len(batch) < self._batch_size:
            try:
                batch.append(self._queue.get_nowait())
            except queue.Empty:
                break
        return batch

    def _write(self, batch: list[_Item]) -> None:
        started = time.monotonic()
        if self._store is None:
            self._store = self._factory()
        if self._head is None:
            self._head = self._store.head(self.instance)
            if self._attempt is not None and self._head == self._attempt[0]:
                # the last attempt did commit (the failure came after COMMIT): do not write it twice
                self._done(self._attempt[1], self._attempt[2], batch, started)
                return
        seq, prev = self._head
        with self._cond:
            gap = list(self._gap)
        records = [self._gap_record(*gap)] if gap[0] else []
        records += [item.chainable() for item in batch]
        chained: list[AuditRecord] = []
        for record in records:
            seq += 1
            record = record.chained(instance=self.instance, seq=seq, prev_hash=prev, key=self._key)
            prev = record.hash
            chained.append(record)
        texts = {
            c.id: (item.text, _expiry(c.ts, item.retention_days or 30))
            for c, item in zip(chained[len(records) - len(batch) :], batch)
            if item.text is not None
        }
        self._attempt = ((seq, prev), chained, gap[0])
        if self._signer is None:
            self._store.append(chained, texts)
        else:
            now = time.monotonic()
            keep = self._closing.is_set() or now - self._kept_at >= self._keep_every
            head = self._signer.sign(self.instance, seq, prev)
            self._store.append(chained, texts, head=head, keep=keep)
            self._kept_at = now if keep else self._kept_at
        self._head = (seq, prev)
        self._done(chained, gap[0], batch, started)

    def _done(self, chained: list[AuditRecord], gap_count: int, batch: list[_Item], started: float) -> None:
        self._attempt = None
        with self._cond:
            self._gap[0] -= gap_count
            if not self._gap[0]:
                self._gap[1] = self._gap[2] = None
            self._committed += len(batch)
            self._last_error = ""
            self._cond.notify_all()
        for item in batch:
            _resolve(item.receipt, True)
        try:
            self._observer.committed(chained, time.monotonic() - started)
        except Exception:  # a metrics bug must not make a committed batch look failed
            log.exception("audit observer failed")

    @staticmethod
    def _gap_record(count: int, first_ts: str | None, last_ts: str | None) -> AuditRecord:
        return AuditRecord(
            tenant="*",
            route="*",
            request_id="",
            action="",
            enforced_action="",
            mode="",
            model_version="",
            policy_version="",
            text_hmac="",
            kind="gap",
            extra={
                "dropped": count,
                "first_ts": first_ts,
                "last_ts": last_ts,
                "reason": "audit buffer full while the store was unavailable",
            },
        )


def _resolve(receipt: Receipt, durable: bool) -> None:
    with contextlib.suppress(InvalidStateError):  # a waiter cancelled it; the record's fate is the same
        receipt.set_result(durable)


def _expiry(ts: str, days: int) -> str:
    moment = datetime.strptime(ts, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
    return utc_ts(moment + timedelta(days=days))
