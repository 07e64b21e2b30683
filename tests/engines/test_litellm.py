"""A real LiteLLM proxy (its own venv) with the shipped verdict guardrail (deploy/litellm), post-call, in
front of the mock OpenAI upstream, checking answers with a real `verdict serve` on the shipped model."""

from __future__ import annotations

import pytest
import yaml

from tests.engines.chat import chat, content, events, streamed_text
from tests.engines.conftest import CHILD_ENV
from tests.engines.processes import REPO, free_port
from tests.engines.test_envoy import CARD, ORDINARY

pytestmark = pytest.mark.engines

SHIPPED = REPO / "deploy" / "litellm"
STRICT = {"verdict_route": "strict"}  # acme's route that blocks cards
KEY = "sk-verdict-engines-test"
AUTH = {"authorization": f"Bearer {KEY}"}


@pytest.fixture(scope="module")
def litellm_port(engines, processes, verdict_address, upstream_port) -> int:
    """The shipped config with the model pointed at the mock upstream and the guardrail at verdict."""
    config = yaml.safe_load((SHIPPED / "config.yaml").read_text())
    config["model_list"] = [
        {
            "model_name": "mock-gpt",
            "litellm_params": {
                "model": "openai/mock-gpt",
                "api_base": f"http://127.0.0.1:{upstream_port}/v1",
                "api_key": "sk-mock",
            },
        }
    ]
    guardrail = config["guardrails"][0]["litellm_params"]
    guardrail.update(api_base=verdict_address, verdict_tenant="acme")
    guardrail.pop("api_key")
    folder = processes.log_dir / "litellm"
    folder.mkdir()
    (folder / "config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    (folder / "verdict_guardrail.py").symlink_to(SHIPPED / "verdict_guardrail.py")  # the shipped file
    port = free_port()
    process = processes.start(
        "litellm",
        [str(engines.litellm), "--config", str(folder / "config.yaml")]
        + ["--host", "127.0.0.1", "--port", str(port), "--num_workers", "1"],
        env={
            **CHILD_ENV,
            "LITELLM_LOCAL_MODEL_COST_MAP": "True",
            "LITELLM_TELEMETRY": "False",
            "LITELLM_MASTER_KEY": KEY,
        },
    )
    process.wait_for(r"Uvicorn running on", timeout=240)
    return port


def test_an_ordinary_answer_passes(litellm_port):
    reply = chat(litellm_port, ORDINARY, **AUTH)
    assert reply.status == 200, reply.body
    assert content(reply) == ORDINARY
    assert reply.headers.get("x-verdict-action") == "ALLOW"


def test_post_call_redacts_the_answer(litellm_port):
    reply = chat(litellm_port, f"Your card {CARD} is on file.", **AUTH)
    assert reply.status == 200, reply.body
    assert content(reply) == "Your card ***************1111 is on file."
    assert reply.headers.get("x-verdict-action") == "REDACT"


def test_a_blocked_answer_is_litellms_guardrail_error(litellm_port):
    reply = chat(litellm_port, f"Your card {CARD} is on file.", metadata=STRICT, **AUTH)
    assert reply.status == 403, reply.body
    error = reply.json()["error"]
    assert error["code"] == "403"
    assert "Guardrail: verdict" in error["message"]
    assert "response blocked by verdict (pii)" in error["message"]
    assert "4111" not in reply.body.decode()


def test_a_stream_is_redacted_as_it_streams(litellm_port):
    answer = f"Sure. Your card {CARD} is on file, and " + "the order ships on Monday. " * 12
    reply = chat(litellm_port, answer, stream=True, **AUTH)
    assert reply.status == 200, reply.body
    assert "4111" not in reply.body.decode()
    assert streamed_text(reply) == answer.replace(CARD, "***************1111")
    assert events(reply)[-1] == "[DONE]"
    with_text = [at for at, data in reply.arrivals if b'"content":"' in data.replace(b" ", b"")]
    assert len(with_text) >= 3 and with_text[-1] - with_text[0] > 0.5  # released as it streamed


def test_a_blocked_stream_ends_with_the_guardrail_error(litellm_port):
    answer = "Here are the details you asked for, in full. " * 4 + f"Card {CARD}. " + "More text. " * 10
    reply = chat(litellm_port, answer, stream=True, metadata=STRICT, **AUTH)
    body = reply.body.decode()
    assert reply.status == 200  # the stream had begun; LiteLLM ends it with its error event
    assert "4111" not in body and "More text" not in body
    error = events(reply)[-1]["error"]
    assert error["code"] == "403"
    assert "response blocked by verdict (pii)" in error["message"]
