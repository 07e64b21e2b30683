"""Admission by cost and deadline (verdict.serving.admission), the estimate alone in milliseconds, then
for real on a server on loopback: a batch whose windows can never fit the inference queue is refused
with INVALID_ARGUMENT naming the limit; a request that cannot meet its deadline is refused at once with
RESOURCE_EXHAUSTED and a retry-after, counted, never computed and never recorded; a long text shares the
backend with a short request sent after it; a request whose client gave up is never computed further; a
batch that fails on one item leaves no record of the others."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import grpc
import pytest

from tests.serving.conftest import fake_backend, fake_loader
from verdict.governance.audit import open_store
from verdict.runtime.analyzer import Analyzer
from verdict.runtime.backends.fake import FakeBackend
from verdict.runtime.manifest import Manifest, resolve_model_dir
from verdict.serving._proto import verdict_pb2 as pb
from verdict.serving._proto import verdict_pb2_grpc
from verdict.serving.admission import DEADLINE_SHARE, Backlog, ServiceRate, refusal
from verdict.serving.server import Loaded

ROOT = Path(__file__).resolve().parents[2]

# the conftest's fake analyzer makes one window per 200 characters
TEXT_5_WINDOWS = "word " * 200  # 1000 characters


def rate(ms_per_token: float = 0.1, overhead_ms: float = 0.0) -> ServiceRate:
    """A rate that has seen batches costing exactly overhead_ms + ms_per_token x tokens."""
    measured = ServiceRate()
    for tokens in (100, 200, 400, 800):
        measured.observe(tokens, 1, overhead_ms + ms_per_token * tokens)
    return measured


def test_the_rate_is_fitted_from_the_batches_run():
    measured = rate(0.05, 2.0)
    assert measured.ready
    assert measured.ms_per_token == pytest.approx(0.05) and measured.overhead_ms == pytest.approx(2.0)
    assert measured.tokens_within(12.0) == 200  # 2 ms + 200 x 0.05 ms
    assert not ServiceRate().ready  # no batch yet: admission falls back to the queue's size alone


NOW = 1000.0


def backlog(windows: int, deadline_s: float | None = None) -> Backlog:
    """`windows` windows of 100 tokens: 10 ms each at the test rate."""
    return Backlog(windows, 100 * windows, None if deadline_s is None else NOW + deadline_s)


@pytest.mark.parametrize(
    ("queued", "new", "ahead_ms", "expected"),
    [
        ((), backlog(10, 1.0), 0.0, None),  # 100 ms of work, 1 s to go
        ((), backlog(100, 1.0), 0.0, 1000 - 1000 * DEADLINE_SHARE),  # 1 s of work: over by that much
        ((), backlog(10, 1.0), 900.0, 1000 - 1000 * DEADLINE_SHARE),  # work of higher priority first
        # round-robin: 10 windows behind a 50-window request wait for 10 of its windows, not all 50
        ((backlog(50),), backlog(10, 0.5), 0.0, None),
        # no deadline of its own, and none queued: nothing to miss
        ((backlog(500),), backlog(500), 0.0, None),
    ],
)
def test_a_newcomer_is_refused_when_it_would_finish_past_its_deadline(queued, new, ahead_ms, expected):
    refused = refusal(rate(), queued=queued, new=new, ahead_ms=ahead_ms, now=NOW)
    if expected is None:
        assert refused is None
    else:
        retry_after, why = refused
        assert retry_after == pytest.approx(expected, abs=1) and "past its deadline" in why


def test_retry_after_is_when_the_work_in_the_way_has_drained():
    """Refused with retry-after t, the same request sent t later (the queue drained meanwhile by what the
    rate says) fits."""
    measured = rate()
    queued = (backlog(60), backlog(60))  # 1.2 s of work
    new = backlog(2, 0.1)  # 20 ms of its own; behind two 60-window requests: 2 windows of each first
    retry_after, _ = refusal(measured, queued=queued, new=new, ahead_ms=500.0, now=NOW)
    assert retry_after > 1
    later = NOW + retry_after / 1000.0
    moved = Backlog(2, 200, later + 0.1)
    assert refusal(measured, queued=queued, new=moved, ahead_ms=500.0 - retry_after, now=later) is None


def test_a_newcomer_that_would_make_a_queued_request_late_is_refused():
    measured = rate()
    queued = (backlog(10, 0.13),)  # done in 100 ms, its deadline leaves 110 ms usable
    refused = refusal(measured, queued=queued, new=backlog(5), ahead_ms=0.0, now=NOW)
    assert refused is not None
    retry_after, why = refused
    assert retry_after == 100 and "past that request's deadline" in why  # once that request is done
    # a queued request already estimated late is not protected: it would refuse everyone until it expires
    assert refusal(measured, queued=(backlog(10, 0.1),), new=backlog(5), ahead_ms=0.0, now=NOW) is None
    # a one-window newcomer delays it by one window only
    assert refusal(measured, queued=queued, new=backlog(1), ahead_ms=0.0, now=NOW) is None


def _records(path) -> list:
    store = open_store(str(path), create=False)
    try:
        return [r for r in store.records() if r.kind == "verdict"]
    finally:
        store.close()


async def test_a_batch_that_can_never_fit_is_invalid_and_never_computed(start_server, tmp_path):
    backend = fake_backend()
    db = tmp_path / "audit.sqlite"
    server = await start_server(loader=fake_loader(backend), max_queue=8, audit_path=str(db))
    warm = len(backend.batch_sizes)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as ch:
        stub = verdict_pb2_grpc.VerdictStub(ch)
        batch = pb.ClassifyBatchRequest(
            items=[pb.ClassifyRequest(text=TEXT_5_WINDOWS, request_id=f"b{i}") for i in range(3)]
        )
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await stub.ClassifyBatch(batch)
        assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert err.value.details() == (
            "items: the batch needs 15 inference windows; at most 8 fit the inference queue (max_queue): "
            "send fewer or shorter items per call"
        )
        assert len(backend.batch_sizes) == warm  # nothing reached the backend
        one = await stub.Classify(pb.ClassifyRequest(text=TEXT_5_WINDOWS, request_id="alone"))
        assert one.action == pb.ACTION_ALLOW  # each item alone fits, and is answered
    await server.stop(5)
    assert [r.request_id for r in _records(db)] == ["alone"]  # the refused batch left no record


async def test_a_batch_with_a_failing_item_records_none_of_its_items(start_server, tmp_path):
    """One window per backend call; the first call fails: the call fails, and the items that would
    have been computed after it are cancelled, not answered into the audit log as if delivered."""
    backend = fake_backend()
    db = tmp_path / "audit.sqlite"
    server = await start_server(loader=fake_loader(backend), max_batch_size=1, audit_path=str(db))
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as ch:
        stub = verdict_pb2_grpc.VerdictStub(ch)
        await stub.Classify(pb.ClassifyRequest(text="before", request_id="before"))
        backend.fail_next(1)
        batch = pb.ClassifyBatchRequest(
            items=[pb.ClassifyRequest(text=f"item {i}", request_id=f"b{i}") for i in range(4)]
        )
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await stub.ClassifyBatch(batch)
        assert err.value.code() == grpc.StatusCode.UNAVAILABLE
    await server.stop(5)
    assert [r.request_id for r in _records(db)] == ["before"]


async def test_a_fitting_batch_is_answered_and_recorded_whole(start_server, tmp_path):
    db = tmp_path / "audit.sqlite"
    server = await start_server(max_queue=8, audit_path=str(db))
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as ch:
        stub = verdict_pb2_grpc.VerdictStub(ch)
        texts = [TEXT_5_WINDOWS[:600], "kill it", "", "mail bob@example.com"]
        reply = await stub.ClassifyBatch(
            pb.ClassifyBatchRequest(
                items=[pb.ClassifyRequest(text=t, request_id=f"r{i}") for i, t in enumerate(texts)]
            )
        )
    assert [r.action for r in reply.results] == [
        pb.ACTION_ALLOW,
        pb.ACTION_BLOCK,
        pb.ACTION_ALLOW,
        pb.ACTION_REDACT,
    ]
    assert all(r.timings.total_ms >= 0 for r in reply.results) and reply.results[0].timings.total_ms > 0
    await server.stop(5)
    assert sorted(r.request_id for r in _records(db)) == ["r0", "r1", "r2", "r3"]


SHORT = "hello there"  # one window of 4 tokens
LONG_40_WINDOWS = "word " * 1600  # 8000 characters: 40 windows of the conftest's analyzer


async def warm(stub, n: int = 5) -> None:
    """Short requests, so the batcher has measured its rate (each batch takes the backend's latency)."""
    for i in range(n):
        await stub.Classify(pb.ClassifyRequest(text=SHORT, request_id=f"warm{i}"))


def refused(server, reason: str) -> float:
    return server.metrics.registry.get_sample_value("verdict_refused_total", {"reason": reason}) or 0.0


async def test_a_request_that_cannot_meet_its_deadline_is_refused_at_once(start_server, tmp_path):
    backend = fake_backend(latency_ms=20)
    db = tmp_path / "audit.sqlite"
    server = await start_server(loader=fake_loader(backend), audit_path=str(db))
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as ch:
        stub = verdict_pb2_grpc.VerdictStub(ch)
        await warm(stub)
        computed = sum(backend.batch_sizes)
        started = time.monotonic()
        with pytest.raises(grpc.aio.AioRpcError) as err:
            # 40 windows of >= 20 ms each (one per batch at this rate) cannot finish in 2 s
            await stub.Classify(pb.ClassifyRequest(text=LONG_40_WINDOWS, request_id="late"), timeout=2.0)
        assert time.monotonic() - started < 1.5  # refused, not timed out
        assert err.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        assert "cannot meet the deadline" in err.value.details()
        retry_after = dict(err.value.trailing_metadata())["retry-after-ms"]
        assert int(retry_after) >= 1
        assert sum(backend.batch_sizes) == computed  # never computed
        assert refused(server, "deadline") == 1
        ok = await stub.Classify(pb.ClassifyRequest(text=SHORT, request_id="after"), timeout=30)
        assert ok.action == pb.ACTION_ALLOW
    await server.stop(5)
    ids = [r.request_id for r in _records(db)]
    assert "late" not in ids and "after" in ids  # the refusal is not recorded, least of all as ALLOW


async def test_a_long_text_does_not_stall_a_short_request_sent_after_it(start_server):
    backend = fake_backend(latency_ms=20)
    server = await start_server(loader=fake_loader(backend))
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as ch:
        stub = verdict_pb2_grpc.VerdictStub(ch)
        await warm(stub)
        warmed = len(backend.batch_sizes)
        long = asyncio.ensure_future(stub.Classify(pb.ClassifyRequest(text=LONG_40_WINDOWS)))
        await _until_batches(backend, warmed + 2, time.monotonic() + 30)  # the long text is being computed
        short = await stub.Classify(pb.ClassifyRequest(text=SHORT), timeout=30)
        assert not long.done()  # answered between the long text's batches, not after them
        windows_before_short = sum(backend.batch_sizes[warmed:]) - 1
        assert (await long).action == pb.ACTION_ALLOW
    assert short.action == pb.ACTION_ALLOW
    assert windows_before_short < 40 // 2


async def test_a_request_whose_client_gave_up_is_not_computed_further(start_server):
    backend = fake_backend(latency_ms=20)
    server = await start_server(loader=fake_loader(backend))
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as ch:
        stub = verdict_pb2_grpc.VerdictStub(ch)
        await warm(stub)
        warmed = len(backend.batch_sizes)
        call = stub.Classify(pb.ClassifyRequest(text=LONG_40_WINDOWS))
        deadline = time.monotonic() + 30
        await _until_batches(backend, warmed + 2, deadline)
        call.cancel()
        shorts = 0
        while not dropped(server):
            assert time.monotonic() < deadline
            await stub.Classify(pb.ClassifyRequest(text=SHORT))  # keeps the scheduler forming batches
            shorts += 1
    computed = sum(backend.batch_sizes[warmed:]) - shorts
    assert computed < 40
    assert computed + dropped(server) >= 40  # what was left of it was dropped, never computed


async def _until_batches(backend, count: int, deadline: float) -> None:
    """Wait (bounded by `deadline`, time.monotonic() seconds) until the backend has run `count` batches."""
    while len(backend.batch_sizes) < count:
        assert time.monotonic() < deadline
        await asyncio.sleep(0.005)


def dropped(server) -> float:
    sample = server.metrics.registry.get_sample_value("verdict_dropped_total", {"reason": "cancelled"})
    return sample or 0.0


class CountingTokenizer:
    """The shipped model's WindowTokenizer, with every text it tokenizes counted."""

    def __init__(self, inner) -> None:
        self._inner, self.calls = inner, 0

    def encode(self, clean_text: str):
        self.calls += 1
        return self._inner.encode(clean_text)

    def __getattr__(self, name: str):
        return getattr(self._inner, name)


def shipped_analyzer() -> tuple[Analyzer, CountingTokenizer]:
    analyzer = Analyzer(Manifest.load(resolve_model_dir(ROOT / "models")))
    analyzer.tokenizer = counting = CountingTokenizer(analyzer.tokenizer)
    return analyzer, counting


def shipped_shape_backend(analyzer: Analyzer, latency_ms: float) -> FakeBackend:
    labels = analyzer.manifest.labels
    backend = FakeBackend(
        len(labels.token_tags),
        len(labels.topics),
        len(labels.leakage),
        analyzer.manifest.hidden_size,
        latency_ms=latency_ms,
    )
    backend.load()
    return backend


PROSE = " ".join(["the customer asked how interest is calculated on the remaining amount each month"] * 300)


async def test_an_overload_refusal_comes_before_the_text_is_tokenized(start_server, tmp_path):
    """The shipped tokenizer, a backend of 250 ms per window, one window per batch: a long text holds
    the queue; a text that even its least cost does not let in is refused without being tokenized,
    counted and recorded as a refusal as before; one that its least cost lets in is tokenized first."""
    analyzer, tokenizer = shipped_analyzer()
    backend = shipped_shape_backend(analyzer, latency_ms=250)
    holder = PROSE[:20_000]
    held = len(analyzer.prepare(holder).windows)  # tokenized here, before the server counts
    medium = PROSE[:12_000]
    assert analyzer.least_cost(medium)[0] >= 11  # 2 places free, and fewer than 9 of the holder's
    # windows run (250 ms each) before it is sent; a lower bound: its real windows are more
    exclaimed = "!" * 900
    assert len(analyzer.prepare(exclaimed).windows) >= 11  # tokenized here, before the server counts
    db = tmp_path / "audit.sqlite"
    server = await start_server(
        loader=lambda requested: Loaded("verdict/7", analyzer, backend, analyzer.manifest),
        max_queue=held + 2,
        max_batch_size=1,
        audit_path=str(db),
    )
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as ch:
        stub = verdict_pb2_grpc.VerdictStub(ch)
        await warm(stub, 3)
        warmed = len(backend.batch_sizes)
        holding = asyncio.ensure_future(stub.Classify(pb.ClassifyRequest(text=holder, request_id="holder")))
        await _until_batches(backend, warmed + 1, time.monotonic() + 30)  # queued: the queue is full
        before = tokenizer.calls
        started = time.monotonic()
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await stub.Classify(pb.ClassifyRequest(text=medium, request_id="full"))
        assert err.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        assert "inference queue full" in err.value.details()
        assert time.monotonic() - started < 1.0
        assert int(dict(err.value.trailing_metadata())["retry-after-ms"]) >= 1
        # 2 windows at least, 250 ms each: not within 0.15 s
        with pytest.raises(grpc.aio.AioRpcError) as late:
            await stub.Classify(pb.ClassifyRequest(text=PROSE[:1_800], request_id="late"), timeout=0.15)
        assert late.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        assert "cannot meet the deadline" in late.value.details()
        assert tokenizer.calls == before  # neither was tokenized
        assert refused(server, "queue_full") == 1 and refused(server, "deadline") == 1
        # punctuation is a token a character: 1 window by its least cost, 11 or more for real; let in
        # by the bound, tokenized, then refused by the exact count (fewer than 9 of the holder's windows
        # have run meanwhile, at 250 ms each)
        assert analyzer.least_cost(exclaimed)[0] == 1
        with pytest.raises(grpc.aio.AioRpcError) as exact:
            await stub.Classify(pb.ClassifyRequest(text=exclaimed, request_id="exact"))
        assert exact.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        assert tokenizer.calls == before + 1
        assert refused(server, "queue_full") == 2
        holding.cancel()
    await server.stop(5)
    store = open_store(str(db), create=False)
    try:
        refusals = {r.request_id: r.extra for r in store.records() if r.kind == "refusal"}
    finally:
        store.close()
    assert [refusals[i]["reason"] for i in ("full", "late", "exact")] == ["overload", "deadline", "overload"]
    assert {refusals[i]["code"] for i in ("full", "late", "exact")} == {"RESOURCE_EXHAUSTED"}
