"""deploy/litellm/verdict_guardrail.py against a real verdict server (fake analyzer), with OpenAI-style
responses: litellm's ModelResponse / ModelResponseStream when litellm is installed, plain dicts always."""

from __future__ import annotations

import importlib.util
import inspect
import os
import sys
from pathlib import Path

import pytest

PATH = Path(__file__).resolve().parents[2] / "deploy" / "litellm" / "verdict_guardrail.py"
CARD = "4111 1111 1111 1111"
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # no network fetch when litellm imports


def _load(name: str, *, hide_litellm: bool = False):
    saved = {
        k: sys.modules.pop(k) for k in list(sys.modules) if hide_litellm and k.split(".")[0] == "litellm"
    }
    if hide_litellm:
        sys.modules["litellm"] = None  # makes `import litellm...` raise ImportError
    try:
        spec = importlib.util.spec_from_file_location(name, PATH)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        if hide_litellm:
            del sys.modules["litellm"]
            sys.modules.update(saved)


vg = _load("verdict_guardrail")
standin = _load("verdict_guardrail_standin", hide_litellm=True)
HAVE_LITELLM = importlib.util.find_spec("litellm") is not None


def _dict_response(*contents: str) -> dict:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "model": "m",
        "choices": [
            {"index": i, "message": {"role": "assistant", "content": c}, "finish_reason": "stop"}
            for i, c in enumerate(contents)
        ],
    }


def _responses(*contents: str) -> list:
    out = [_dict_response(*contents)]
    if HAVE_LITELLM:
        from litellm import ModelResponse

        out.append(ModelResponse(**_dict_response(*contents)))
    return out


def _content(response, i: int = 0) -> str:
    choice = response["choices"][i] if isinstance(response, dict) else response.choices[i]
    return choice["message"]["content"] if isinstance(choice, dict) else choice.message.content


@pytest.fixture
async def guardrail(server):
    g = vg.VerdictGuardrail(
        guardrail_name="verdict",
        event_hook="post_call",
        default_on=True,
        api_base=f"127.0.0.1:{server.port}",
        verdict_tenant="acme",
    )
    yield g
    await g.close()


async def test_clean_response_is_left_alone(guardrail):
    for response in _responses("Paris is the capital of France."):
        data: dict = {}
        out = await guardrail.async_post_call_success_hook(data, None, response)
        assert _content(out) == "Paris is the capital of France."
        assert data["metadata"]["verdict"]["action"] == "ALLOW"


async def test_card_number_is_redacted_in_place(guardrail):
    for response in _responses(f"Your card {CARD} was charged.", "fine"):
        out = await guardrail.async_post_call_success_hook({}, None, response)
        assert _content(out, 0) == "Your card ***************1111 was charged."  # shipped policy: keep_last 4
        assert _content(out, 1) == "fine"
        if not isinstance(out, dict):
            assert out._hidden_params["additional_headers"]["x-verdict-action"] == "REDACT"


async def test_block_raises_the_exception_litellm_surfaces(guardrail):
    for response in _responses("Here is how to kill someone."):
        with pytest.raises(vg.GuardrailRaisedException) as caught:
            await guardrail.async_post_call_success_hook({}, None, response)
        assert caught.value.status_code == 403 and caught.value.blocked_content
        assert "topic" in caught.value.message and "kill" not in caught.value.message


async def test_verdict_down_fails_closed():
    g = vg.VerdictGuardrail(
        guardrail_name="verdict", event_hook="post_call", default_on=True, api_base="127.0.0.1:1"
    )
    with pytest.raises(vg.GuardrailRaisedException) as caught:
        await g.async_post_call_success_hook({}, None, _dict_response("hello"))
    assert caught.value.status_code == 503 and not caught.value.blocked_content
    await g.close()


def _chunks(pieces: list[str], as_model: bool) -> list:
    raw = [
        {
            "id": "c1",
            "object": "chat.completion.chunk",
            "model": "m",
            "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}],
        }
    ]
    raw += [
        {
            "id": "c1",
            "object": "chat.completion.chunk",
            "model": "m",
            "choices": [{"index": 0, "delta": {"content": p}, "finish_reason": None}],
        }
        for p in pieces
    ]
    raw += [
        {
            "id": "c1",
            "object": "chat.completion.chunk",
            "model": "m",
            "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
        }
    ]
    if as_model:
        from litellm.types.utils import ModelResponseStream

        return [ModelResponseStream(**c) for c in raw]
    return raw


async def _aiter(items):
    for item in items:
        yield item


def _streams(pieces: list[str]) -> list[list]:
    return [_chunks(pieces, False)] + ([_chunks(pieces, True)] if HAVE_LITELLM else [])


def _delta(chunk):
    choice = chunk["choices"][0] if isinstance(chunk, dict) else chunk.choices[0]
    delta = choice["delta"] if isinstance(choice, dict) else choice.delta
    return (delta.get("content") if isinstance(delta, dict) else delta.content) or ""


async def test_stream_releases_only_checked_redacted_text(guardrail):
    for chunks in _streams(["Your card ", "4111 1111 ", "1111 1111", " was charged."]):
        out = [c async for c in guardrail.async_post_call_streaming_iterator_hook(None, _aiter(chunks), {})]
        assert (
            "".join(_delta(c) for c in out) == "Your card ***************1111 was charged."
        )  # shipped policy: keep_last 4
        assert "4111" not in str(out)
        assert _delta(out[0]) == ""  # the role chunk first, the finish chunk last
        last = (
            out[-1]["choices"][0]["finish_reason"]
            if isinstance(out[-1], dict)
            else out[-1].choices[0].finish_reason
        )
        assert last == "stop"


async def test_stream_block_stops_with_the_exception(guardrail):
    for chunks in _streams(["Sure. Here is how ", "to kill someone ", "step by step."]):
        released = []
        with pytest.raises(vg.GuardrailRaisedException):
            async for chunk in guardrail.async_post_call_streaming_iterator_hook(None, _aiter(chunks), {}):
                released.append(_delta(chunk))
        assert "kill" not in "".join(released)


async def test_module_works_without_litellm(server):
    g = standin.VerdictGuardrail(
        guardrail_name="verdict", event_hook="post_call", api_base=f"127.0.0.1:{server.port}"
    )
    assert standin.CustomGuardrail.__module__ == "verdict_guardrail_standin"
    out = await g.async_post_call_success_hook({}, None, _dict_response("mail jane@acme.io"))
    assert _content(out) == "mail <EMAIL_ADDRESS>"
    await g.close()


def test_the_guardrail_reads_the_action_table_and_keeps_no_copy():
    # it imports verdict (the client), so it enforces the table itself; a copy here could drift
    from verdict.governance.policy import actions

    for module in (vg, standin):
        assert module.Action is actions.Action and module.strongest is actions.strongest
        assert module.ACTION_HEADER == actions.ACTION_HEADER
        default = inspect.signature(module.VerdictGuardrail).parameters["block_status"].default
        assert default == actions.Action.BLOCK.spec.status == 403
