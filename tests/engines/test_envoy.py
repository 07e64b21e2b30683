"""A real Envoy (deploy/envoy/envoy.yaml) in front of a mock OpenAI upstream, its ext_proc filter calling
`python -m verdict.serving.ext_proc`, which calls a real `verdict serve` on the shipped model. The client
talks plain HTTP to Envoy, as a chat client would."""

from __future__ import annotations

import pytest

from tests.engines.chat import CARD, ORDINARY, chat, content, events, streamed_text

pytestmark = pytest.mark.engines


@pytest.fixture(scope="module")
def envoy_port(start_envoy, start_ext_proc, verdict_address, upstream_port) -> int:
    ext_proc = start_ext_proc("ext-proc", verdict_address)
    return start_envoy("envoy", upstream_port=upstream_port, ext_proc_port=ext_proc).port()


def test_an_ordinary_answer_passes_unchanged(envoy_port):
    reply = chat(envoy_port, ORDINARY, x_request_id="req-allow")
    assert reply.status == 200
    assert content(reply) == ORDINARY
    assert reply.headers["x-verdict-request-id"] == "req-allow"
    assert "x-verdict-action" not in reply.headers


def test_the_client_receives_the_redacted_body(envoy_port):
    reply = chat(envoy_port, f"Your card {CARD} is on file.")
    assert reply.status == 200
    assert reply.headers["x-verdict-action"] == "REDACT"
    assert content(reply) == "Your card ***************1111 is on file."  # the shipped keep_last operator
    assert int(reply.headers["content-length"]) == len(reply.body)
    assert reply.json()["model"] == "mock-gpt"  # the rest of the completion is the upstream's


def test_block_is_a_403_with_a_json_error_a_chat_client_can_show(envoy_port):
    reply = chat(envoy_port, f"Your card {CARD} is on file.", x_verdict_tenant="globex", x_request_id="req-b")
    assert reply.status == 403
    assert reply.headers["content-type"] == "application/json"
    assert reply.headers["x-verdict-action"] == "BLOCK"
    error = reply.json()["error"]
    assert error["type"] == "verdict_blocked"
    assert error["types"] == ["CREDIT_CARD"] and error["categories"] == ["pii"]
    assert error["request_id"] == "req-b"
    assert b"4111" not in reply.body


@pytest.mark.parametrize(
    ("tenant", "route", "status"),
    [("acme", "chat", 200), ("acme", "strict", 403), ("globex", "chat", 403), ("", "strict", 200)],
)
def test_tenant_and_route_come_from_request_headers(envoy_port, tenant, route, status):
    headers = {"x_verdict_route": route} | ({"x_verdict_tenant": tenant} if tenant else {})
    reply = chat(envoy_port, f"Card {CARD}.", **headers)
    assert reply.status == status, reply.body
    if status == 200:
        assert content(reply) == "Card ***************1111."


@pytest.mark.parametrize("fail_open", [False, True], ids=["fail-closed", "fail-open"])
def test_verdict_down(start_envoy, start_ext_proc, upstream_port, unused_tcp_port, fail_open):
    """The processor is up, verdict is not (nothing listens on its address)."""
    flags = ("--timeout-s", "1") + (("--fail-open",) if fail_open else ())
    ext_proc = start_ext_proc(f"ext-proc-down-{fail_open}", f"127.0.0.1:{unused_tcp_port}", *flags)
    port = start_envoy(f"envoy-down-{fail_open}", upstream_port=upstream_port, ext_proc_port=ext_proc).port()
    reply = chat(port, f"Your card {CARD} is on file.", x_request_id="req-down")
    if fail_open:
        assert reply.status == 200
        assert reply.headers["x-verdict-action"] == "UNCHECKED"
        assert content(reply) == f"Your card {CARD} is on file."
    else:
        assert reply.status == 503
        assert reply.json()["error"] == {
            "type": "verdict_unavailable",
            "message": "The response could not be checked.",
            "request_id": "req-down",
        }
    streamed = chat(port, f"Your card {CARD} is on file.", stream=True, x_request_id="req-down-s")
    assert streamed.status == 200
    if fail_open:
        assert streamed_text(streamed) == f"Your card {CARD} is on file."
        assert events(streamed)[-1] == "[DONE]"
    else:
        assert "4111" not in streamed.body.decode()
        assert events(streamed)[-1]["error"]["type"] == "verdict_unavailable"


def test_a_streamed_answer_is_redacted_as_it_streams(envoy_port):
    answer = f"Sure. Your card {CARD} is on file, and " + "the order ships on Monday. " * 12
    reply = chat(envoy_port, answer, stream=True)
    assert reply.status == 200
    assert reply.headers["content-type"] == "text/event-stream"
    assert "4111" not in reply.body.decode()
    assert streamed_text(reply) == answer.replace(CARD, "***************1111")
    assert events(reply)[-1] == "[DONE]"
    # released piece by piece while the upstream was still writing (~1.5 s), not after the whole answer
    with_text = [
        at for at, data in reply.arrivals if b'"content": "' in data and b'"content": ""' not in data
    ]
    assert len(with_text) >= 3
    assert with_text[-1] - with_text[0] > 0.5


def test_a_blocked_stream_ends_with_an_error_event(envoy_port):
    answer = "Here are the details you asked for, in full. " * 4 + f"Card {CARD}. " + "More text. " * 10
    reply = chat(envoy_port, answer, stream=True, x_verdict_tenant="globex", x_request_id="req-sb")
    assert reply.status == 200  # the status line went out before the card was written
    assert "4111" not in reply.body.decode()
    last = events(reply)[-1]
    assert last["error"]["type"] == "verdict_blocked"
    assert last["error"]["types"] == ["CREDIT_CARD"] and last["error"]["request_id"] == "req-sb"
    assert "More text" not in streamed_text(reply)
