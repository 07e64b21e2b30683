"""The server's audit trail, for real: a server on port 0 writing a SQLite audit log through the sink."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from tests.serving.conftest import fake_backend, fake_loader
from verdict.governance.audit import AuditSink, open_store
from verdict.governance.audit.cli import load_keys, verify_store
from verdict.governance.audit.evidence import build
from verdict.serving._proto import verdict_pb2 as pb
from verdict.serving._proto import verdict_pb2_grpc
from verdict.serving.auditing import Auditor, Refusal
from verdict.serving.security import hash_key
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
    assert report.ok and len(records) == expected
    assert report.records == expected + 1  # and the server's `start` record, first in its chain
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
    total = expected + 1  # the verdicts and the server's `start` record
    assert intact.returncode == 0 and f"OK: {total} records" in intact.stdout, intact.stderr
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TRIGGER audit_records_no_delete")
        conn.execute("DELETE FROM audit_records WHERE seq > ?", (total - 2,))
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
    assert server.auditor.health().buffered == 4  # the three verdicts and the server's `start` record
    for _ in range(100):  # the gauge moves when the writer thread's next attempt fails
        if server.metrics.registry.get_sample_value("verdict_audit_buffered") == 4:
            break
        await asyncio.sleep(0.05)
    assert server.metrics.registry.get_sample_value("verdict_audit_buffered") == 4


async def test_a_record_the_buffer_cannot_take_withholds_even_a_fail_open_verdict(start_server, tmp_path):
    """Fail-open answers a verdict whose record waits in the buffer for the store; once the buffer (one
    place here) is full its record is dropped, and a verdict with no record at all never goes out."""
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    server = await start_server(
        audit_path=str(blocker / "audit.sqlite"),
        audit_chain_key="test-chain-key",
        audit_signing_key_file=tmp_path / "signing-key",
        audit_release_timeout_s=0.2,
        audit_fail_open=True,
        audit_max_buffer=1,
        drain_timeout_s=0.5,
    )
    answered, refused = 0, []
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as ch:
        stub = verdict_pb2_grpc.VerdictStub(ch)
        for _ in range(4):
            try:
                await stub.Classify(pb.ClassifyRequest(text=f"mail {SECRET_MAIL}"))
                answered += 1
            except grpc.aio.AioRpcError as exc:
                refused.append(exc)
    assert refused and {e.code() for e in refused} == {grpc.StatusCode.UNAVAILABLE}
    assert all("was dropped (the audit buffer is full: audit_max_buffer)" in e.details() for e in refused)
    sink = server.auditor.health()
    assert (sink.dropped, sink.withheld, sink.released_early) == (len(refused), len(refused), answered)


def _evidence_cli(db, out) -> dict:
    """`verdict evidence` over the last hour as an operator runs it; the report's JSON."""
    now = datetime.now(timezone.utc)
    since, until = (now - timedelta(hours=1)).isoformat(), (now + timedelta(hours=1)).isoformat()
    done = subprocess.run(
        [sys.executable, "-m", "verdict.cli", "evidence", "--db", str(db), "--since", since, "--until", until]
        + ["-o", str(out / "report.html"), "--json", str(out / "report.json")],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads((out / "report.json").read_text())


async def test_a_refused_request_leaves_a_refusal_record_and_no_verdict(start_server, tmp_path):
    keys = tmp_path / "keys.yaml"
    keys.write_text(f"{hash_key('acme-key')}: acme\n")
    db = tmp_path / "verdicts.sqlite"
    server = await start_server(
        loader=fake_loader(fake_backend(latency_ms=20)), audit_path=str(db), api_keys_file=keys
    )
    acme = (("authorization", "Bearer acme-key"),)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as ch:
        stub = verdict_pb2_grpc.VerdictStub(ch)
        for i in range(5):  # the batcher measures its rate, so it can tell a deadline it cannot meet
            await stub.Classify(pb.ClassifyRequest(text="hello there", request_id=f"warm{i}"), metadata=acme)
        with pytest.raises(grpc.aio.AioRpcError) as bad_key:
            await stub.Classify(
                pb.ClassifyRequest(text=f"mail {SECRET_MAIL}", request_id="intruder", tenant="acme"),
                metadata=(("authorization", "Bearer wrong-key"),),
            )
        assert bad_key.value.code() == grpc.StatusCode.UNAUTHENTICATED
        with pytest.raises(grpc.aio.AioRpcError) as late:
            # 40 windows of >= 20 ms each (one per batch at this rate) cannot finish in 2 s
            await stub.Classify(
                pb.ClassifyRequest(text="word " * 1600, request_id="late", route="chat"),
                metadata=acme,
                timeout=2.0,
            )
        assert late.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    await server.stop(5)
    store = open_store(str(db))
    try:
        records = list(store.records())
        keys_, public_keys = load_keys(str(db), [], [])
        assert verify_store(store, keys=keys_, public_keys=public_keys).ok  # chained like any record
    finally:
        store.close()
    refusals = {r.request_id: r for r in records if r.kind == "refusal"}
    verdicts = {r.request_id for r in records if r.kind == "verdict"}
    assert set(refusals) == {"intruder", "late"} and not verdicts & {"intruder", "late"}
    assert len(verdicts) == 5
    intruder, deadline = refusals["intruder"], refusals["late"]
    assert (intruder.tenant, intruder.extra["reason"], intruder.extra["code"]) == (
        "-",
        "auth",
        "UNAUTHENTICATED",
    )
    assert (deadline.tenant, deadline.route) == ("acme", "chat")
    assert (deadline.extra["reason"], deadline.extra["code"]) == ("deadline", "RESOURCE_EXHAUSTED")
    for r in refusals.values():  # never a verdict, never the text
        assert (r.action, r.enforced_action, r.text_hmac, r.findings) == ("", "", "", ())
    assert SECRET_MAIL not in _dump(db)
    report = _evidence_cli(db, tmp_path)
    assert report["summary"]["refusals"] == {"auth": 1, "overload": 0, "deadline": 1}
    page = (tmp_path / "report.html").read_text()
    assert "<h3>Refusals</h3>" in page and "requests refused" in page


async def test_a_restarted_server_leaves_two_starts_and_the_report_one_restart(start_server, tmp_path):
    db = tmp_path / "verdicts.sqlite"
    for run in range(2):
        server = await start_server(audit_path=str(db))
        async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as ch:
            await verdict_pb2_grpc.VerdictStub(ch).Classify(pb.ClassifyRequest(text=f"run {run}"))
        await server.stop(5)
    store = open_store(str(db), create=False)
    try:
        records = list(store.records())
    finally:
        store.close()
    starts = [r for r in records if r.kind == "start"]
    assert [r.seq for r in starts] == [1, 3]  # each process's first record, before its verdict
    assert all(r.extra["model_version"] == "verdict/1" and r.extra["pid"] for r in starts)
    report = _evidence_cli(db, tmp_path)
    assert [r["restart"] for r in report["summary"]["restarts"]] == [False, True]
    assert "Server restarts" in (tmp_path / "report.html").read_text()


def test_refusals_never_take_more_than_half_the_buffer_and_say_what_went_unrecorded(tmp_path):
    db, up = tmp_path / "audit.sqlite", []

    def store():
        if not up:
            raise OSError("the store is down")
        return open_store(str(db))

    sink = AuditSink(store, max_buffer=4, retry_initial_s=0.01, retry_max_s=0.05)
    auditor = Auditor(sink, b"key", where=str(db), max_buffer=4)
    refusal = Refusal("r", "acme", "-", "Classify", "auth", "UNAUTHENTICATED")
    for _ in range(5):
        auditor.refused(refusal)
    assert sink.health().buffered == 2 and auditor.refusals_unrecorded == 3  # half of 4, then counted
    up.append(True)
    assert sink.flush(30)
    auditor.refused(refusal)
    assert sink.close(30)
    check = open_store(str(db), create=False)
    try:
        records = [r for r in check.records() if r.kind == "refusal"]
    finally:
        check.close()
    assert [r.extra.get("unrecorded_before") for r in records] == [None, None, 3]
    assert auditor.refusals_unrecorded == 0 and sink.health().dropped == 0
