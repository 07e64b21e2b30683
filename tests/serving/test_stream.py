"""ClassifyStream: nothing is released unchecked; values split across chunks are caught."""

from __future__ import annotations

import grpc
import pytest

from verdict.serving._proto import verdict_pb2 as pb

FILLER = "The quarterly report shows steady growth across all regions and segments. " * 2  # 150 chars


def config(**kw) -> pb.StreamRequest:
    return pb.StreamRequest(config=pb.StreamConfig(**kw))


def chunks(*texts: str) -> list[pb.StreamRequest]:
    return [pb.StreamRequest(chunk=t) for t in texts]


async def run(stub, requests) -> list[pb.StreamResponse]:
    return [r async for r in stub.ClassifyStream(iter(requests))]


# (value, how the shipped default policy releases it: None = BLOCK, the stream ends before it)
SPLIT_VALUES = [
    ("4111 1111 1111 1111", "***************1111"),  # CREDIT_CARD: keep_last 4
    ("alice.smith@example.com", "<EMAIL_ADDRESS>"),  # EMAIL_ADDRESS: replace
    ("AKIAZ3MGNBVXQK4PLW7T", None),  # AWS_ACCESS_KEY: a leakage type, blocked
]


@pytest.mark.parametrize(("secret", "released_as"), SPLIT_VALUES, ids=["card", "email", "aws-key"])
async def test_value_split_at_every_position_is_never_released_in_clear(stub, secret, released_as):
    head, tail = FILLER + "value: ", " is here. " + FILLER
    text = head + secret + tail
    for cut in range(1, len(secret)):
        responses = await run(
            stub, [config(request_id=f"s{cut}"), *chunks(head + secret[:cut], secret[cut:] + tail)]
        )
        released = "".join(r.released_text for r in responses)
        assert secret not in released, cut
        assert responses[-1].final and all(r.request_id == f"s{cut}" for r in responses)
        found = {(f.type, text[f.start : f.end]) for r in responses for f in r.findings}
        assert secret in {value for _, value in found}, cut  # offsets on the whole stream
        # exact: no character of the value is released other than what the policy's operator keeps
        if released_as is None:
            assert (
                responses[-1].action == pb.ACTION_BLOCK
                and text.startswith(released)
                and len(released) <= len(head)
            ), cut
        else:
            assert responses[-1].action == pb.ACTION_REDACT and released == head + released_as + tail, cut


async def test_stream_uses_the_tenant_policy_operators(start_server, tmp_path):
    policies = tmp_path / "policies"
    policies.mkdir()
    (policies / "acme.yaml").write_text(
        'version: "1"\nlabels:\n  EMAIL_ADDRESS: {action: redact, operator: {type: mask, char: "#"}}\n'
    )
    server = await start_server(policy_dir=policies)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as ch:
        from verdict.serving._proto import verdict_pb2_grpc

        responses = await run(
            verdict_pb2_grpc.VerdictStub(ch),
            [config(tenant="acme"), *chunks(FILLER + "mail bob@exa", "mple.com now " + FILLER)],
        )
    released = "".join(r.released_text for r in responses)
    assert "bob@example.com" not in released and "#" * len("bob@example.com") in released
    assert responses[-1].policy_version.startswith("1+")


async def test_releases_are_contiguous_and_hold_back_the_tail(stub):
    pieces = [FILLER[i : i + 40] for i in range(0, len(FILLER), 40)] * 3
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
    responses = await run(
        stub, [config(), *chunks(FILLER, "and then we kill everyone " + FILLER, FILLER, FILLER)]
    )
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


@pytest.mark.parametrize(
    ("holdback", "named"), [(10**6, "max_holdback_chars"), (16, "min_holdback_chars"), (31, "32")]
)
async def test_holdback_limits(stub, holdback, named):
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await run(stub, [config(holdback_chars=holdback)])
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "holdback_chars" in err.value.details() and named in err.value.details()
