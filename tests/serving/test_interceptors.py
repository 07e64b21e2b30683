"""The interceptor: request ids, and handlers wrapped once per method while each call keeps its own metadata."""

from __future__ import annotations

import asyncio
import uuid

from serving._proto import verdict_pb2 as pb
from serving.interceptors import new_request_id


def test_generated_request_ids_are_uuid4_hex():
    ids = {new_request_id() for _ in range(2000)}
    assert len(ids) == 2000
    for value in ids:
        parsed = uuid.UUID(hex=value)
        assert (parsed.hex, parsed.version, parsed.variant) == (value, 4, uuid.RFC_4122)


async def test_concurrent_calls_keep_their_own_metadata(stub):
    calls = [stub.Classify(pb.ClassifyRequest(text=f"text {i}"), metadata=(("x-request-id", f"meta-{i}"),)) for i in range(20)]
    responses = await asyncio.gather(*calls)
    assert [r.request_id for r in responses] == [f"meta-{i}" for i in range(20)]
    for i, call in enumerate(calls):
        assert ("x-request-id", f"meta-{i}") in tuple(await call.trailing_metadata())
    unnamed = await stub.Classify(pb.ClassifyRequest(text="no id"))
    assert uuid.UUID(hex=unnamed.request_id).version == 4
