"""verdict.serving.client against a real server, and the committed stubs against the .proto."""

from __future__ import annotations

import asyncio
import re

import grpc
import pytest

from verdict.governance.policy.verdict import Action
from verdict.serving._proto import generate
from verdict.serving._proto import verdict_pb2 as pb
from verdict.serving.client import AsyncVerdictClient, ClassifyResult, VerdictClient


def test_committed_stubs_match_the_proto():
    assert generate.stale() == [], "run: python -m verdict.serving._proto.generate"


def test_a_newer_tool_writing_the_same_stub_is_not_staleness():
    """grpcio-tools 1.85.4 writes GRPC_GENERATED_VERSION = '1.85.4' into the stub 1.85.1 wrote: the same code."""
    grpc_stub = (generate.HERE / "verdict_pb2_grpc.py").read_text(encoding="utf-8")
    pb2 = (generate.HERE / "verdict_pb2.py").read_text(encoding="utf-8")
    newer = re.sub(r"GRPC_GENERATED_VERSION = '[^']*'", "GRPC_GENERATED_VERSION = '9.99.9'", grpc_stub)
    assert newer != grpc_stub and generate.unstamped(newer) == generate.unstamped(grpc_stub)
    newer_pb2 = re.sub(r"PUBLIC,\s*\d+,\s*\d+,\s*\d+,", "PUBLIC, 9, 99, 9,", pb2)
    newer_pb2 = re.sub(r"Protobuf Python Version: .*", "Protobuf Python Version: 9.99.9", newer_pb2)
    assert newer_pb2 != pb2 and generate.unstamped(newer_pb2) == generate.unstamped(pb2)
    renamed = grpc_stub.replace("def Classify(", "def Classified(")
    assert generate.unstamped(renamed) != generate.unstamped(grpc_stub)  # a code change still is


async def test_async_client(server):
    async with AsyncVerdictClient(f"127.0.0.1:{server.port}") as client:
        result = await client.classify("mail bob@example.com", tenant="acme", route="chat")
        assert isinstance(result, ClassifyResult)
        assert result.action == Action.REDACT == "REDACT"
        assert result.redacted_text == "mail <EMAIL_ADDRESS>"
        assert [f.type for f in result.findings] == ["EMAIL_ADDRESS"]
        assert result.model_version == "verdict/1" and result.request_id and not result.degraded
        batch = await client.classify_batch(["fine", "kill it"])
        assert [r.action for r in batch] == [Action.ALLOW, Action.BLOCK]
        released = [r async for r in client.stream(["card 4111 1111 ", "1111 1111 ok"])]
        assert released[-1].final
        assert (
            "".join(r.released_text for r in released) == "card ***************1111 ok"
        )  # default policy: keep_last 4


async def test_sync_client(server):
    def use() -> tuple[ClassifyResult, list, str]:
        with VerdictClient(f"127.0.0.1:{server.port}") as client:
            result = client.classify("all good")
            stream = list(client.stream(iter(["a@b", ".io done"])))
            with pytest.raises(grpc.RpcError) as err:
                client.classify("x" * 300_000)
            return result, stream, err.value.code()

    result, stream, code = await asyncio.to_thread(use)
    assert result.action is Action.ALLOW and result.redacted_text is None
    assert "".join(r.released_text for r in stream) == "<EMAIL_ADDRESS> done"
    assert code == grpc.StatusCode.INVALID_ARGUMENT


@pytest.mark.parametrize("action", list(Action))
def test_actions_travel_as_the_proto_enum_value_the_table_gives(action):
    assert action.proto == pb.Action.Value(f"ACTION_{action.value}")
    assert Action.from_proto(action.proto) is action


def test_every_proto_action_is_in_the_table():
    named = {pb.Action.Name(n).removeprefix("ACTION_") for n in pb.Action.values()} - {"UNSPECIFIED"}
    assert named == {a.value for a in Action}
    with pytest.raises(KeyError):
        Action.from_proto(pb.ACTION_UNSPECIFIED)
