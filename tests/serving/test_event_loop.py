"""The event loop choice: uvloop when installed (auto), asyncio on request, a clear error when uvloop is
asked for and missing; and the server answering for real on uvloop when it is installed."""

from __future__ import annotations

import sys

import grpc
import pytest

from tests.serving.conftest import HMAC_KEY, fake_loader
from verdict.runtime.errors import ConfigError
from verdict.serving import event_loop
from verdict.serving._proto import verdict_pb2 as pb
from verdict.serving._proto import verdict_pb2_grpc
from verdict.serving.server import VerdictServer
from verdict.serving.settings import Settings


async def _loop_name() -> str:
    return event_loop.running_loop_name()


def test_asyncio_on_request():
    assert event_loop.loop_factory("asyncio") is None
    assert event_loop.run(_loop_name(), "asyncio") == "asyncio"


def test_uvloop_missing(monkeypatch):
    monkeypatch.setitem(sys.modules, "uvloop", None)  # import uvloop now raises ImportError
    assert event_loop.loop_factory("auto") is None
    assert event_loop.run(_loop_name(), "auto") == "asyncio"
    with pytest.raises(ConfigError, match="uvloop is not installed"):
        event_loop.run(_loop_name(), "uvloop")


def test_unknown_choice_is_a_config_error():
    with pytest.raises(ConfigError, match="unknown event loop"):
        event_loop.loop_factory("trio")
    with pytest.raises(ConfigError):
        Settings.load(event_loop="trio")
    assert Settings.load().event_loop == "auto"


def test_auto_takes_uvloop_when_installed():
    pytest.importorskip("uvloop")
    assert event_loop.run(_loop_name(), "auto") == "uvloop"


def test_server_answers_on_uvloop(tmp_path):
    pytest.importorskip("uvloop")

    async def classify_once() -> tuple[str, int]:
        settings = Settings.load(
            host="127.0.0.1",
            port=0,
            metrics_port=0,
            watch_interval_s=0,
            device="fake",
            audit_path=str(tmp_path / "audit.sqlite"),
            audit_hmac_key=HMAC_KEY,
        )
        server = VerdictServer(settings, loader=fake_loader())
        await server.start()
        try:
            async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as channel:
                stub = verdict_pb2_grpc.VerdictStub(channel)
                response = await stub.Classify(
                    pb.ClassifyRequest(text="card 4111 1111 1111 1111", request_id="r-1")
                )
            return event_loop.running_loop_name(), response.action
        finally:
            await server.stop(0)

    assert event_loop.run(classify_once(), "uvloop") == ("uvloop", pb.ACTION_REDACT)
