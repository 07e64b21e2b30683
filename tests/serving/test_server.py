"""The server for real on 127.0.0.1 port 0: unary, batch, health, reflection, deadlines, overload, bad input."""

from __future__ import annotations

import asyncio
import time

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from tests.serving.conftest import HMAC_KEY, fake_backend, fake_loader, fallback_loader, until
from verdict.governance.policy.registry import PolicyRegistry
from verdict.serving._proto import verdict_pb2 as pb
from verdict.serving._proto import verdict_pb2_grpc

CARD = "4111 1111 1111 1111"


async def test_classify_allow(stub):
    response = await stub.Classify(pb.ClassifyRequest(text="The weather is nice today.", tenant="acme"))
    assert response.action == pb.ACTION_ALLOW
    assert response.model_version == "verdict/1"
    assert response.policy_version == PolicyRegistry.shipped_default().version
    assert response.request_id
    assert response.timings.total_ms > 0


async def test_classify_redacts_pii_and_keeps_request_id(stub):
    text = f"Mail bob@example.com, card {CARD}."
    response = await stub.Classify(pb.ClassifyRequest(text=text, request_id="req-42"))
    assert response.request_id == "req-42"
    assert response.action == response.enforced_action == pb.ACTION_REDACT
    # the shipped default policy's operators: <TYPE> for emails, keep the last 4 digits of a card
    assert response.redacted_text == "Mail <EMAIL_ADDRESS>, card ***************1111."
    spans = {(f.type, text[f.start : f.end]) for f in response.findings}
    assert spans == {("EMAIL_ADDRESS", "bob@example.com"), ("CREDIT_CARD", CARD)}


async def test_classify_blocks_topic(stub):
    response = await stub.Classify(pb.ClassifyRequest(text="here is how to kill him"))
    assert response.action == pb.ACTION_BLOCK
    assert response.scores["violent_crimes"] == pytest.approx(0.95)


async def test_request_id_from_metadata_is_echoed_in_trailers(stub):
    call = stub.Classify(pb.ClassifyRequest(text="hi"), metadata=(("x-request-id", "from-meta"),))
    response = await call
    assert response.request_id == "from-meta"
    assert ("x-request-id", "from-meta") in tuple(await call.trailing_metadata())


async def test_batch_keeps_order(stub):
    texts = ["fine", "kill", "a@b.io", ""]
    response = await stub.ClassifyBatch(
        pb.ClassifyBatchRequest(items=[pb.ClassifyRequest(text=t) for t in texts])
    )
    assert [r.action for r in response.results] == [
        pb.ACTION_ALLOW,
        pb.ACTION_BLOCK,
        pb.ACTION_REDACT,
        pb.ACTION_ALLOW,
    ]
    assert len({r.request_id for r in response.results}) == 4


async def test_batch_too_many_items(start_server):
    server = await start_server(max_batch_items=3)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as ch:
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await verdict_pb2_grpc.VerdictStub(ch).ClassifyBatch(
                pb.ClassifyBatchRequest(items=[pb.ClassifyRequest(text="x")] * 4)
            )
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "items" in err.value.details() and "max_batch_items" in err.value.details()


async def test_empty_text_is_allowed(stub):
    response = await stub.Classify(pb.ClassifyRequest(text=""))
    assert response.action == pb.ACTION_ALLOW and not response.findings


async def test_ten_megabytes_is_rejected_naming_the_limit(stub):
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await stub.Classify(pb.ClassifyRequest(text="a" * (10 * 1024 * 1024)))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "text" in err.value.details() and "200000" in err.value.details()


async def test_control_characters_are_handled(stub):
    text = "mail\x00 bob@example.com\x1b[31m \u202e\u200b done\x07"
    response = await stub.Classify(pb.ClassifyRequest(text=text))
    assert response.action == pb.ACTION_REDACT
    assert "bob@example.com" not in response.redacted_text


async def test_invalid_utf8_is_invalid_argument(channel):
    # A hand-built message: field 3 (text), length-delimited, with bytes that are not UTF-8.
    raw = bytes([0x1A, 0x03, 0xFF, 0xFE, 0x41])
    call = channel.unary_unary(
        "/verdict.v1.Verdict/Classify", request_serializer=None, response_deserializer=None
    )
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await call(raw)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "UTF-8" in err.value.details()


async def test_health_and_reflection(channel):
    health = health_pb2_grpc.HealthStub(channel)
    for service in ("", "verdict.v1.Verdict", "verdict.v1.Verdict.backend"):
        reply = await health.Check(health_pb2.HealthCheckRequest(service=service))
        assert reply.status == health_pb2.HealthCheckResponse.SERVING
    reflection = reflection_pb2_grpc.ServerReflectionStub(channel)
    replies = reflection.ServerReflectionInfo(
        iter([reflection_pb2.ServerReflectionRequest(list_services="")])
    )
    names = {s.name async for reply in replies for s in reply.list_services_response.service}
    assert {
        "verdict.v1.Verdict",
        "grpc.health.v1.Health",
        "grpc.reflection.v1alpha.ServerReflection",
    } <= names


async def test_model_info(stub):
    info = await stub.GetModelInfo(pb.GetModelInfoRequest())
    assert info.model_version == "verdict/1" and info.backend == "fake" and not info.degraded


async def test_expired_deadline_drops_the_item(start_server):
    backend = fake_backend(latency_ms=300)
    server = await start_server(loader=fake_loader(backend), max_delay_ms=0)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as ch:
        stub = verdict_pb2_grpc.VerdictStub(ch)
        first = asyncio.ensure_future(stub.Classify(pb.ClassifyRequest(text="occupies the backend")))
        batcher = server.engine.model.batcher
        await until(lambda: batcher.busy and batcher.queue_depth == 0)  # its batch formed, alone
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await stub.Classify(pb.ClassifyRequest(text="too late"), timeout=0.1)
        assert err.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
        await first
        await asyncio.sleep(0.35)
    assert backend.batch_sizes == [1]  # the expired request never reached the backend


async def test_overload_is_resource_exhausted_fast(start_server):
    """Six calls at once where at most four fit (one on the backend, one batch formed behind it, two
    queued): the rest are refused at admission, long before the served ones finish (300 ms each, one at
    a time). Counted from the outcome, not from a queue state caught at one instant: a loaded host
    delivers the calls in a burst that can fill the queue before the first one reaches the backend."""
    server = await start_server(
        loader=fake_loader(fake_backend(latency_ms=300)), max_queue=2, max_batch_size=1, max_delay_ms=0
    )
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as ch:
        stub = verdict_pb2_grpc.VerdictStub(ch)
        finished: dict[int, float] = {}
        calls = []
        for i in range(6):
            call = asyncio.ensure_future(stub.Classify(pb.ClassifyRequest(text=f"t{i}")))
            call.add_done_callback(lambda _, i=i: finished.setdefault(i, time.monotonic()))
            calls.append(call)
        outcomes = await asyncio.gather(*calls, return_exceptions=True)
    refused = [i for i, o in enumerate(outcomes) if isinstance(o, grpc.aio.AioRpcError)]
    served = [i for i, o in enumerate(outcomes) if not isinstance(o, BaseException)]
    assert len(refused) >= 2 and len(served) >= 2 and len(refused) + len(served) == 6
    for i in refused:
        error = outcomes[i]
        assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED, error.details()
        assert int(dict(error.trailing_metadata())["retry-after-ms"]) > 0
    # at once: each refusal came back before the last served call, which waited behind the others
    assert max(finished[i] for i in refused) < max(finished[i] for i in served)


async def test_gpu_failure_falls_back_without_failing_requests(start_server):
    gpu = fake_backend("fake-cuda", latency_ms=50)
    server = await start_server(loader=fallback_loader(gpu, fake_backend("fake-cpu")))
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as ch:
        stub = verdict_pb2_grpc.VerdictStub(ch)
        assert not (await stub.Classify(pb.ClassifyRequest(text="before"))).degraded
        in_flight = [
            asyncio.ensure_future(stub.Classify(pb.ClassifyRequest(text=f"a@b.io {i}"))) for i in range(5)
        ]
        gpu.fail_always()
        responses = await asyncio.gather(*in_flight)
        assert all(r.action == pb.ACTION_REDACT for r in responses)
        assert responses[-1].degraded
        assert (await stub.Classify(pb.ClassifyRequest(text="after"))).degraded
        info = await stub.GetModelInfo(pb.GetModelInfoRequest())
        assert info.degraded and info.backend == "fake-cpu"
        health = health_pb2_grpc.HealthStub(ch)
        reply = await health.Check(health_pb2.HealthCheckRequest(service="verdict.v1.Verdict.backend"))
        assert reply.status == health_pb2.HealthCheckResponse.NOT_SERVING
        assert (
            await health.Check(health_pb2.HealthCheckRequest(service=""))
        ).status == health_pb2.HealthCheckResponse.SERVING
    assert server.degraded


async def test_reload_swaps_model_without_dropping_requests(start_server):
    server = await start_server(loader=fake_loader(fake_backend(latency_ms=20)))
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as ch:
        stub = verdict_pb2_grpc.VerdictStub(ch)
        in_flight = [
            asyncio.ensure_future(stub.Classify(pb.ClassifyRequest(text=f"x{i}"))) for i in range(10)
        ]
        reply = await stub.Reload(pb.ReloadRequest(version="2"))
        assert (reply.previous_model_version, reply.model_version) == ("verdict/1", "verdict/2")
        assert all(r.action == pb.ACTION_ALLOW for r in await asyncio.gather(*in_flight))
        assert (await stub.Classify(pb.ClassifyRequest(text="y"))).model_version == "verdict/2"


async def test_graceful_stop_finishes_in_flight_calls(start_server):
    server = await start_server(loader=fake_loader(fake_backend(latency_ms=200)))
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as ch:
        stub = verdict_pb2_grpc.VerdictStub(ch)
        in_flight = asyncio.ensure_future(stub.Classify(pb.ClassifyRequest(text="slow")))
        await until(lambda: server.engine.model.batcher.busy)  # in the server, not still on the wire
        stopping = asyncio.ensure_future(server.stop(5))
        await asyncio.sleep(0.02)
        assert (await in_flight).action == pb.ACTION_ALLOW
        await stopping


def _tiny_model_settings(tmp_path, tiny_model_dir, **overrides):
    """A server on the repository of the tiny real model, on the CPU, on loopback ports it picks."""
    from verdict.serving.settings import Settings

    return Settings.load(
        repository=tiny_model_dir.parent.parent,
        model=tiny_model_dir.parent.name,
        device="cpu",
        host="127.0.0.1",
        port=0,
        metrics_port=0,
        watch_interval_s=0,
        audit_path=str(tmp_path / "audit.sqlite"),
        audit_hmac_key=HMAC_KEY,
        **overrides,
    )


@pytest.mark.parametrize("variant", ["fp32", "int8"])
async def test_the_variant_setting_picks_the_onnx_file(tmp_path, tiny_model_dir, variant):
    from verdict.serving.server import VerdictServer

    server = VerdictServer(_tiny_model_settings(tmp_path, tiny_model_dir, variant=variant))
    await server.start()
    try:
        assert server.engine.model.backend.variant == variant
        async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as ch:
            stub = verdict_pb2_grpc.VerdictStub(ch)
            assert (await stub.Classify(pb.ClassifyRequest(text="hello"))).model_version.endswith("/1")
    finally:
        await server.stop(1)


def test_an_unknown_variant_is_refused_by_name():
    from verdict.runtime.errors import ConfigError
    from verdict.serving.settings import Settings

    with pytest.raises(ConfigError) as err:
        Settings.load(variant="int4")
    assert "variant" in str(err.value) and "int8" in str(err.value)


async def test_real_tiny_model_end_to_end(tmp_path, tiny_model_dir):
    """The real path: repository loader, Analyzer, ONNX Runtime on CPU, batcher, shipped default policy, audit."""
    from verdict.serving.server import VerdictServer

    server = VerdictServer(_tiny_model_settings(tmp_path, tiny_model_dir))
    await server.start()
    try:
        assert (
            server.metrics.registry.get_sample_value("verdict_backend_info", {"backend": "onnxruntime-cpu"})
            == 1
        )
        async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as ch:
            stub = verdict_pb2_grpc.VerdictStub(ch)
            text = "Card 4111 1111 1111 1111, mail bob@example.com."
            response = await stub.Classify(pb.ClassifyRequest(text=text, tenant="acme"))
            assert response.model_version.endswith("/1")
            assert response.policy_version == server.policies.version
            # random weights: topics may BLOCK; the card is still found (checksum detector) and never echoed
            assert response.enforced_action in (pb.ACTION_REDACT, pb.ACTION_BLOCK)
            assert "4111 1111 1111 1111" not in response.redacted_text
            assert any(
                f.type == "CREDIT_CARD" and text[f.start : f.end] == "4111 1111 1111 1111"
                for f in response.findings
            )
            batch = await stub.ClassifyBatch(
                pb.ClassifyBatchRequest(items=[pb.ClassifyRequest(text=t) for t in ("a", text)])
            )
            assert len(batch.results) == 2
    finally:
        await server.stop(0)
