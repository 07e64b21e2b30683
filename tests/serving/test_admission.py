"""Admission of batches, for real: a batch whose windows can never fit the inference queue is refused
with INVALID_ARGUMENT naming the limit, is never computed and leaves no audit record; a batch that fails
on one item leaves no record of the others."""

from __future__ import annotations

import grpc
import pytest

from tests.serving.conftest import fake_backend, fake_loader
from verdict.governance.audit import open_store
from verdict.serving._proto import verdict_pb2 as pb
from verdict.serving._proto import verdict_pb2_grpc

# the conftest's fake analyzer makes one window per 200 characters
TEXT_5_WINDOWS = "word " * 200  # 1000 characters


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
