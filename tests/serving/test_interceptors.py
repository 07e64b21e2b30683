"""The interceptor: request ids, handlers wrapped once per method while each call keeps its own metadata, and
one access log line per call with its status."""

from __future__ import annotations

import asyncio
import logging
import uuid

import grpc
import pytest

from verdict.serving._proto import verdict_pb2 as pb
from verdict.serving._proto import verdict_pb2_grpc
from verdict.serving.interceptors import new_request_id


def test_generated_request_ids_are_uuid4_hex():
    ids = {new_request_id() for _ in range(2000)}
    assert len(ids) == 2000
    for value in ids:
        parsed = uuid.UUID(hex=value)
        assert (parsed.hex, parsed.version, parsed.variant) == (value, 4, uuid.RFC_4122)


async def test_concurrent_calls_keep_their_own_metadata(stub):
    calls = [
        stub.Classify(pb.ClassifyRequest(text=f"text {i}"), metadata=(("x-request-id", f"meta-{i}"),))
        for i in range(20)
    ]
    responses = await asyncio.gather(*calls)
    assert [r.request_id for r in responses] == [f"meta-{i}" for i in range(20)]
    for i, call in enumerate(calls):
        assert ("x-request-id", f"meta-{i}") in tuple(await call.trailing_metadata())
    unnamed = await stub.Classify(pb.ClassifyRequest(text="no id"))
    assert uuid.UUID(hex=unnamed.request_id).version == 4


async def _access_codes(caplog, count: int) -> list[str]:
    """The `code=` of the first `count` access log lines, waiting for a stream's line to be written."""
    for _ in range(200):
        lines = [r.getMessage() for r in caplog.records if r.name == "verdict.serving.access"]
        if len(lines) >= count:
            return [line.split(" code=")[1].split()[0] for line in lines]
        await asyncio.sleep(0.01)
    raise AssertionError(f"expected {count} access log lines, got {lines}")


async def test_one_access_line_per_call_with_its_status(start_server, caplog):
    caplog.set_level(logging.INFO, logger="verdict.serving.access")
    server = await start_server(api_keys="key-a=acme")
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as ch:
        stub = verdict_pb2_grpc.VerdictStub(ch)
        await stub.Classify(pb.ClassifyRequest(text="hello"), metadata=(("x-api-key", "key-a"),))
        for request, key in (
            (pb.ClassifyRequest(text="x" * 300_000), "key-a"),
            (pb.ClassifyRequest(text="hi"), "wrong"),
        ):
            with pytest.raises(grpc.aio.AioRpcError):
                await stub.Classify(request, metadata=(("x-api-key", key),))
        assert await _access_codes(caplog, 3) == ["OK", "INVALID_ARGUMENT", "UNAUTHENTICATED"]
        # a stream its client cancels mid-way is logged as cancelled, not as OK
        stream = stub.ClassifyStream(metadata=(("x-api-key", "key-a"),))
        await stream.write(pb.StreamRequest(config=pb.StreamConfig(request_id="gone")))
        await stream.write(pb.StreamRequest(chunk="some text that is still streaming"))
        # nothing the server exposes says a stream has reached its handler: give a loaded host time,
        # since a stream cancelled before then is never logged at all
        await asyncio.sleep(0.3)
        stream.cancel()
        assert (await _access_codes(caplog, 4))[3] == "CANCELLED"
    text = caplog.text
    assert "hello" not in text and "still streaming" not in text  # never the text itself
