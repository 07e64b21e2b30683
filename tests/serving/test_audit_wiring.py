"""The server's audit trail, for real: a server on port 0 writing a SQLite audit log through the sink."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from verdict.governance.audit import open_store
from verdict.governance.audit.cli import load_keys, verify_store
from verdict.governance.audit.evidence import build
from verdict.serving._proto import verdict_pb2 as pb
from verdict.serving._proto import verdict_pb2_grpc
from verdict.serving.server import AUDIT_HEALTH

SECRET_MAIL = "carol.private@example.org"
REPO = Path(__file__).resolve().parents[2]


async def _traffic(stub) -> int:
    """Unary, batch and stream calls; returns how many verdicts they make (one per stream)."""
    for i in range(3):
        await stub.Classify(pb.ClassifyRequest(text=f"write to {SECRET_MAIL} #{i}", request_id=f"u{i}"))
    await stub.ClassifyBatch(
        pb.ClassifyBatchRequest(items=[pb.ClassifyRequest(text=t) for t in ("fine", "kill it")])
    )
    stream = [
        pb.StreamRequest(config=pb.StreamConfig(request_id="s0")),
        pb.StreamRequest(chunk=f"mail {SECRET_MAIL}"),
    ]
    [r async for r in stub.ClassifyStream(iter(stream))]
    return 3 + 2 + 1


def _dump(path) -> str:
    with sqlite3.connect(path) as conn:
        return "\n".join(conn.iterdump())


async def test_every_verdict_is_recorded_chained_and_without_text(start_server, tmp_path):
    db = tmp_path / "verdicts.sqlite"
    server = await start_server(
        audit_path=str(db), audit_hmac_key=None, audit_hmac_key_file=tmp_path / "k" / "key"
    )
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as ch:
        expected = await _traffic(verdict_pb2_grpc.VerdictStub(ch))
    await server.stop(5)  # graceful drain flushes the sink
    assert (tmp_path / "k" / "key").read_text().strip()  # generated on first start
    store = open_store(str(db))
    try:
        records = [r for r in store.records() if r.kind == "verdict"]
        keys, public_keys = load_keys(str(db), [], [])  # beside the database, where the server wrote them
        report = verify_store(store, keys=keys, public_keys=public_keys)  # `verdict audit verify`
    finally:
        store.close()
    assert report.ok and report.records == expected == len(records)
    assert {r.request_id for r in records} >= {"u0", "u1", "u2", "s0"}
    assert {r.action for r in records} == {"REDACT", "ALLOW", "BLOCK"}
    assert all(r.text_hmac and r.policy_version and r.model_version == "verdict/1" for r in records)
    stream_record = next(r for r in records if r.request_id == "s0")
    assert [f["type"] for f in stream_record.findings] == ["EMAIL_ADDRESS"]
    assert SECRET_MAIL not in _dump(db)  # HMAC only: the text never reaches the store by default
    assert {r.chain_version for r in records} == {2}  # keyed, with the key beside the database


def _verify_cli(db) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "verdict.cli", "audit", "verify", "--db", str(db)],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
    )


async def test_verify_catches_a_truncated_server_log_without_flags(start_server, tmp_path):
    db = tmp_path / "verdicts.sqlite"
    server = await start_server(audit_path=str(db))
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as ch:
        expected = await _traffic(verdict_pb2_grpc.VerdictStub(ch))
    await server.stop(5)
    intact = _verify_cli(db)
    assert intact.returncode == 0 and f"OK: {expected} records" in intact.stdout, intact.stderr
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TRIGGER audit_records_no_delete")
        conn.execute("DELETE FROM audit_records WHERE seq > ?", (expected - 2,))
    cut = _verify_cli(db)
    assert cut.returncode == 1 and "2 records were truncated" in cut.stderr, cut.stdout + cut.stderr


async def test_the_evidence_report_reads_the_latency_the_server_writes(start_server, tmp_path):
    db = tmp_path / "verdicts.sqlite"
    server = await start_server(audit_path=str(db))
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as ch:
        expected = await _traffic(verdict_pb2_grpc.VerdictStub(ch))
    await server.stop(5)
    store = open_store(str(db), create=False)
    try:
        since = datetime.now(timezone.utc) - timedelta(hours=1)
        keys, public_keys = load_keys(str(db), [], [])
        report = build(
            store, since=since, until=since + timedelta(hours=2), keys=keys, public_keys=public_keys
        )
    finally:
        store.close()
    latency = report["latency_ms"]
    assert report["chain"]["ok"], report["chain"]
    assert report["summary"]["outputs_evaluated"] == expected == latency["samples"]
    assert 0 < latency["p50"] <= latency["p99"] <= latency["max"]


async def test_text_is_kept_only_when_the_tenant_opts_in(start_server, tmp_path):
    policies = tmp_path / "policies"
    policies.mkdir()
    (policies / "default.yaml").write_text(
        'version: "1"\nallow_default_tenant: true\nstore_text: true\nretention_days: 7\n'
    )
    (policies / "acme.yaml").write_text('version: "1"\n')
    db = tmp_path / "verdicts.sqlite"
    server = await start_server(audit_path=str(db), policy_dir=policies)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as ch:
        stub = verdict_pb2_grpc.VerdictStub(ch)
        await stub.Classify(pb.ClassifyRequest(text=f"kept {SECRET_MAIL}", tenant="default"))
        await stub.Classify(pb.ClassifyRequest(text="not kept: dave@example.net", tenant="acme"))
    await server.stop(5)
    dump = _dump(db)
    assert f"kept {SECRET_MAIL}" in dump and "dave@example.net" not in dump


@pytest.mark.parametrize("fail_open", [True, False])
async def test_store_down_answers_only_when_fail_open_and_health_says_degraded(
    start_server, tmp_path, fail_open
):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    server = await start_server(
        audit_path=str(blocker / "audit.sqlite"),
        audit_chain_key="test-chain-key",
        audit_signing_key_file=tmp_path / "signing-key",
        audit_release_timeout_s=0.2,
        audit_fail_open=fail_open,
        health_interval_s=0.05,
        drain_timeout_s=0.5,
    )
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as ch:
        stub = verdict_pb2_grpc.VerdictStub(ch)
        for _ in range(3):
            call = stub.Classify(pb.ClassifyRequest(text=f"mail {SECRET_MAIL}"))
            if fail_open:  # answered, the record still buffered and marked released_before_durable
                assert (await call).action == pb.ACTION_REDACT
            else:  # withheld: no verdict goes out without its record
                with pytest.raises(grpc.aio.AioRpcError) as refused:
                    await call
                assert refused.value.code() == grpc.StatusCode.UNAVAILABLE
                assert "audit_fail_open" in refused.value.details()
        sink = server.auditor.health()
        assert (sink.released_early, sink.withheld) == ((3, 0) if fail_open else (0, 3))
        health = health_pb2_grpc.HealthStub(ch)
        for _ in range(100):
            reply = await health.Check(health_pb2.HealthCheckRequest(service=AUDIT_HEALTH))
            if reply.status == health_pb2.HealthCheckResponse.NOT_SERVING:
                break
            await asyncio.sleep(0.05)
        assert reply.status == health_pb2.HealthCheckResponse.NOT_SERVING
        assert (
            await health.Check(health_pb2.HealthCheckRequest(service=""))
        ).status == health_pb2.HealthCheckResponse.SERVING
    assert server.auditor.health().buffered == 3
    for _ in range(100):  # the gauge moves when the writer thread's next attempt fails
        if server.metrics.registry.get_sample_value("verdict_audit_buffered") == 3:
            break
        await asyncio.sleep(0.05)
    assert server.metrics.registry.get_sample_value("verdict_audit_buffered") == 3
