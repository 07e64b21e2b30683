"""ClassifyStream: nothing is released unchecked; values split across chunks are caught."""

from __future__ import annotations

import grpc
import pytest

from serving._proto import verdict_pb2 as pb

FILLER = "The quarterly report shows steady growth across all regions and segments. " * 2  # 150 chars


def config(**kw) -> pb.StreamRequest:
    return pb.StreamRequest(config=pb.StreamConfig(**kw))


def chunks(*texts: str) -> list[pb.StreamRequest]:
    return [pb.StreamRequest(chunk=t) for t in texts]


async def run(stub, requests) -> list[pb.StreamResponse]:
    return [r async for r in stub.ClassifyStream(iter(requests))]


@pytest.mark.parametrize(
    ("first", "second", "secret", "placeholder"),
    [
        ("pay with 4111 1111", " 1111 1111 today.", "4111 1111 1111 1111", "<CREDIT_CARD>"),
        ("write to alice.smith@exam", "ple.com for details.", "alice.smith@example.com", "<EMAIL_ADDRESS>"),
    ],
)
async def test_value_split_across_chunks_is_never_released_in_clear(stub, first, second, secret, placeholder):
    text = FILLER + first + second + " " + FILLER
    responses = await run(stub, [config(request_id="s1"), *chunks(FILLER + first, second + " " + FILLER)])
    released = "".join(r.released_text for r in responses)
    assert secret not in released
    assert placeholder in released
    assert released.replace(placeholder, secret) == text
    assert responses[-1].final and responses[-1].action == pb.ACTION_REDACT
    assert all(r.request_id == "s1" for r in responses)
    found = [f for r in responses for f in r.findings if f.category == "pii"]
    assert [text[f.start:f.end] for f in found] == [secret]  # offsets on the whole stream, reported once


async def test_releases_are_contiguous_and_hold_back_the_tail(stub):
    pieces = [FILLER[i:i + 40] for i in range(0, len(FILLER), 40)] * 3
    responses = await run(stub, [config(holdback_chars=32), *chunks(*pieces)])
    position = 0
    for r in responses:
        assert r.released_start == position
        position = r.released_end
        if not r.final:
            assert r.released_end <= sum(len(p) for p in pieces) - 32 or r.final
    assert position == sum(len(p) for p in pieces)
    assert "".join(r.released_text for r in responses) == "".join(pieces)
    assert len(responses) > 2  # text was released incrementally, not only at the end


async def test_block_ends_the_stream(stub):
    responses = await run(stub, [config(), *chunks(FILLER, "and then we kill everyone " + FILLER, FILLER, FILLER)])
    assert responses[-1].final and responses[-1].action == pb.ACTION_BLOCK
    assert responses[-1].released_text == ""
    assert "kill" not in "".join(r.released_text for r in responses)


async def test_short_stream_is_released_at_the_end(stub):
    responses = await run(stub, [config(), *chunks("hello ", "world")])
    assert len(responses) == 1 and responses[0].final
    assert responses[0].released_text == "hello world"


async def test_first_message_must_be_config(stub):
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await run(stub, chunks("no config"))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "config" in err.value.details()


async def test_holdback_limit(stub):
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await run(stub, [config(holdback_chars=10**6), *chunks("x")])
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "max_holdback_chars" in err.value.details()
