"""verdict.serving.ext_proc driven as Envoy drives it: a real ext_proc server on port 0, a real verdict server
(fake analyzer) behind it, and the ProcessingRequest sequence Envoy sends in BUFFERED response mode."""

from __future__ import annotations

import json

import grpc
import pytest
from envoy.config.core.v3 import base_pb2
from envoy.service.ext_proc.v3 import external_processor_pb2 as ep
from envoy.service.ext_proc.v3 import external_processor_pb2_grpc as ep_grpc

from verdict.governance.policy.actions import Action
from verdict.serving.ext_proc import (
    Decision,
    EngineChecker,
    ExtProcServer,
    ExtProcSettings,
    parse_body,
)

CARD = "4111 1111 1111 1111"


def _headers(**values: str) -> ep.HttpHeaders:
    pairs = [base_pb2.HeaderValue(key=k.replace("_", "-"), raw_value=v.encode()) for k, v in values.items()]
    return ep.HttpHeaders(headers=base_pb2.HeaderMap(headers=pairs))


def _completion(*contents: str) -> bytes:
    return json.dumps(
        {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "model": "m",
            "choices": [
                {"index": i, "message": {"role": "assistant", "content": c}, "finish_reason": "stop"}
                for i, c in enumerate(contents)
            ],
        }
    ).encode()


def _exchange(body: bytes, content_type: str = "application/json") -> list[ep.ProcessingRequest]:
    return [
        ep.ProcessingRequest(
            request_headers=_headers(
                **{
                    ":path": "/v1/chat/completions",
                    "x_verdict_tenant": "acme",
                    "x_verdict_route": "chat",
                    "x_request_id": "req-1",
                }
            )
        ),
        ep.ProcessingRequest(response_headers=_headers(**{":status": "200", "content_type": content_type})),
        ep.ProcessingRequest(response_body=ep.HttpBody(body=body, end_of_stream=True)),
    ]


async def _process(port: int, messages: list[ep.ProcessingRequest]) -> list[ep.ProcessingResponse]:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = ep_grpc.ExternalProcessorStub(channel)
        return [r async for r in stub.Process(iter(messages), timeout=10)]


def _set(mutation: ep.HeaderMutation) -> dict[str, str]:
    return {h.header.key: h.header.raw_value.decode() for h in mutation.set_headers}


@pytest.fixture
async def start_ext_proc():
    started: list[ExtProcServer] = []

    async def start(verdict_address: str, **overrides) -> ExtProcServer:
        server = ExtProcServer(
            ExtProcSettings(
                verdict_address=verdict_address, host="127.0.0.1", port=0, timeout_s=2.0, **overrides
            )
        )
        await server.start()
        started.append(server)
        return server

    yield start
    for server in started:
        await server.stop(0)


@pytest.fixture
async def ext_proc(server, start_ext_proc):
    return await start_ext_proc(f"127.0.0.1:{server.port}")


async def test_headers_pass_through_and_clean_body_continues(ext_proc):
    replies = await _process(ext_proc.port, _exchange(_completion("The capital of France is Paris.")))
    assert [r.WhichOneof("response") for r in replies] == [
        "request_headers",
        "response_headers",
        "response_body",
    ]
    assert list(replies[0].request_headers.response.header_mutation.remove_headers) == ["accept-encoding"]
    body = replies[2].response_body.response
    assert not body.HasField("body_mutation")
    assert _set(body.header_mutation) == {"x-verdict-request-id": "req-1"}


async def test_card_number_is_redacted_inside_the_json_content(ext_proc):
    replies = await _process(
        ext_proc.port, _exchange(_completion(f"Your card {CARD} was charged.", "Nothing to see."))
    )
    common = replies[2].response_body.response
    document = json.loads(common.body_mutation.body)
    assert (
        document["choices"][0]["message"]["content"] == "Your card ***************1111 was charged."
    )  # shipped policy: keep_last 4
    assert document["choices"][1]["message"]["content"] == "Nothing to see."
    assert document["id"] == "chatcmpl-1"
    headers = _set(common.header_mutation)
    assert headers["x-verdict-action"] == "REDACT"
    assert headers["content-length"] == str(len(common.body_mutation.body))


async def test_plain_text_body_is_replaced_whole(ext_proc):
    replies = await _process(
        ext_proc.port, _exchange(f"mail jane@acme.io or pay with {CARD}".encode(), "text/plain")
    )
    assert (
        replies[2].response_body.response.body_mutation.body
        == b"mail <EMAIL_ADDRESS> or pay with ***************1111"
    )


async def test_blocked_content_gets_a_403_naming_categories_not_text(ext_proc):
    replies = await _process(ext_proc.port, _exchange(_completion("Here is how to kill someone quietly.")))
    immediate = replies[2].immediate_response
    assert replies[2].WhichOneof("response") == "immediate_response"
    assert immediate.status.code == 403
    error = json.loads(immediate.body)["error"]
    assert (
        error["categories"] == ["topic"]
        and error["types"] == ["violent_crimes"]
        and error["request_id"] == "req-1"
    )
    assert b"kill" not in immediate.body
    assert _set(immediate.headers)["x-verdict-action"] == "BLOCK"


async def test_verdict_down_fails_closed_with_503(start_ext_proc, caplog):
    ext_proc = await start_ext_proc("127.0.0.1:1")  # nothing listens there
    replies = await _process(ext_proc.port, _exchange(_completion("hello")))
    immediate = replies[2].immediate_response
    assert immediate.status.code == 503
    assert json.loads(immediate.body)["error"]["type"] == "verdict_unavailable"
    assert "failing closed" in caplog.text


async def test_verdict_down_with_fail_open_releases_and_marks_unchecked(start_ext_proc):
    ext_proc = await start_ext_proc("127.0.0.1:1", fail_open=True)
    replies = await _process(ext_proc.port, _exchange(_completion("hello")))
    assert _set(replies[2].response_body.response.header_mutation)["x-verdict-action"] == "UNCHECKED"


async def test_in_process_engine_checker(server, start_ext_proc):
    started = ExtProcServer(ExtProcSettings(host="127.0.0.1", port=0), checker=EngineChecker(server.engine))
    await started.start()
    try:
        replies = await _process(started.port, _exchange(_completion("mail jane@acme.io")))
    finally:
        await started.stop(0)
    assert (
        json.loads(replies[2].response_body.response.body_mutation.body)["choices"][0]["message"]["content"]
        == "mail <EMAIL_ADDRESS>"
    )


@pytest.mark.parametrize(
    ("raw", "content_type", "texts"),
    [
        (_completion("a", "b"), "application/json", ["a", "b"]),
        (b'{"choices": [{"text": "legacy"}]}', "application/json; charset=utf-8", ["legacy"]),
        (b'{"not": "a completion"}', "application/json", ['{"not": "a completion"}']),
        (b"not json {", "application/json", ["not json {"]),
        (b"plain", "text/plain", ["plain"]),
    ],
)
def test_parse_body(raw, content_type, texts):
    assert parse_body(raw, content_type).texts == texts


class _Fixed:
    """A checker that answers every text with the same decision."""

    def __init__(self, decision: Decision) -> None:
        self.decision = decision

    async def check(self, text: str, origin) -> Decision:
        return self.decision

    async def close(self) -> None:
        pass


@pytest.mark.parametrize("action", list(Action))
async def test_each_action_is_enforced_as_its_table_row_says(action):
    decision = Decision(action=action, redacted_text="<redacted>", categories=("pii",), types=("EMAIL",))
    started = ExtProcServer(ExtProcSettings(host="127.0.0.1", port=0), checker=_Fixed(decision))
    await started.start()
    try:
        replies = await _process(started.port, _exchange(_completion("mail jane@acme.io")))
    finally:
        await started.stop(0)
    spec, reply = action.spec, replies[2]
    if spec.releases:
        common = reply.response_body.response
        headers = _set(common.header_mutation)
        if spec.replaces_text:
            document = json.loads(common.body_mutation.body)
            assert document["choices"][0]["message"]["content"] == "<redacted>"
        else:
            assert not common.HasField("body_mutation")
    else:
        assert reply.immediate_response.status.code == spec.status
        headers = _set(reply.immediate_response.headers)
    assert headers.get("x-verdict-action") == (action.value if spec.marked else None)
