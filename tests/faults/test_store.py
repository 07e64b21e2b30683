"""The audit store down, slow and full under a real server: no verdict goes out without its record
(fail-closed), or goes out marked (fail-open); clear errors, no crash, nothing lost silently."""

from __future__ import annotations

import asyncio
import contextlib
import resource
import signal
import sqlite3
import time
from pathlib import Path

import grpc
import pytest

from tests.faults.servers import TEXTS, Server, drive, kinds, recorded, verify
from verdict.serving._proto import verdict_pb2 as pb
from verdict.serving._proto import verdict_pb2_grpc

pytestmark = pytest.mark.faults

FAST = {"VERDICT_AUDIT_RELEASE_TIMEOUT_S": "0.5", "VERDICT_DRAIN_TIMEOUT_S": "3"}


@pytest.fixture()
def servers():
    started: list[Server] = []
    yield started
    for s in started:
        s.stop()


async def _until_answered(port: int, timeout_s: float = 60.0) -> int:
    """Classify until one is answered OK (the store is back); the number of refusals before it."""
    refused, deadline = 0, time.monotonic() + timeout_s
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = verdict_pb2_grpc.VerdictStub(channel)
        while time.monotonic() < deadline:
            try:
                await stub.Classify(pb.ClassifyRequest(text=TEXTS[0], request_id="back"), timeout=30)
                return refused
            except grpc.aio.AioRpcError as exc:
                assert exc.code() == grpc.StatusCode.UNAVAILABLE, exc.details()
                refused += 1
                await asyncio.sleep(0.2)
    raise AssertionError(f"no answer within {timeout_s}s after the store came back")


async def _until_committed(db, timeout_s: float = 60.0) -> None:
    """Wait until the writer has reconnected and committed what it buffered. Its retries back off up to
    5 s, and the server's `start` record keeps it retrying from start-up: without this wait a request
    sent at once could find the writer still asleep and, fail-open, be released before durable."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with contextlib.suppress(sqlite3.OperationalError):  # created, its tables not yet
            if db.exists() and kinds(db).get("verdict"):  # sqlite3.connect would create a missing file
                return
        await asyncio.sleep(0.1)
    raise AssertionError(f"the audit writer committed nothing within {timeout_s}s after the store came back")


def _refusals_name_the_audit(load) -> None:
    assert set(load.failed) <= {"UNAVAILABLE"}, load.details
    assert all("audit store unavailable" in d and "audit_fail_open" in d for d in load.details), load.details


def _on_a_store_that_is_down(servers, tmp_path, **env: str) -> tuple[Server, Path]:
    """A server whose audit database sits under `blocker`, a file: the store cannot be opened until the
    blocker is removed. The keys live beside it, so the server can start."""
    blocker = tmp_path / "down"
    blocker.write_text("")
    keys = {
        "VERDICT_AUDIT_HMAC_KEY_FILE": str(tmp_path / "hmac-key"),
        "VERDICT_AUDIT_CHAIN_KEY_FILE": str(tmp_path / "chain-key"),
        "VERDICT_AUDIT_SIGNING_KEY_FILE": str(tmp_path / "signing-key"),
    }
    s = Server(tmp_path, db=blocker / "audit.sqlite", env={**FAST, **keys, **env}).wait_listening()
    servers.append(s)
    return s, blocker


@pytest.mark.parametrize("fail_open", [False, True], ids=["fail-closed", "fail-open"])
async def test_store_down_then_back(servers, tmp_path, fail_open):
    (tmp_path / "chain-key").write_text("fault-suite-chain-key\n")
    s, blocker = _on_a_store_that_is_down(servers, tmp_path, VERDICT_AUDIT_FAIL_OPEN=str(fail_open).lower())
    outage = await drive(s.port, seconds=3.0, clients=2, prefix="down")
    if fail_open:
        assert outage.ok and not outage.failed, outage.details
    else:
        assert outage.failed and not outage.ok
        _refusals_name_the_audit(outage)
    assert s.wait_for_log("audit store unavailable"), s.text()[-2000:]
    blocker.unlink()
    await _until_committed(s.db)
    await _until_answered(s.port)
    s.signal(signal.SIGTERM)
    assert await asyncio.to_thread(s.wait, 60) == 0
    stored = recorded(s.db)
    # every verdict of the outage is in the log once the store is back, saying how it left the server
    if fail_open:
        assert {stored[i]["release"] for i in outage.ok} == {"released_before_durable"}
    else:
        assert {stored[i]["release"] for i in outage.failed_ids} == {"withheld"}
    assert "release" not in stored["back"]
    report = verify(
        s.db, "--key-file", str(tmp_path / "chain-key"), "--public-key", str(tmp_path / "signing-key.pub")
    )
    assert report.returncode == 0 and "chain intact" in report.stdout, report.stdout + report.stderr


async def test_each_tenant_fails_open_or_closed_as_its_policy_says(servers, tmp_path):
    """One server (fail-closed by default) with three tenants, its store down: `open` says
    audit_fail_open: true and is answered, its records waiting for the store; `closed` says false and
    `plain` says nothing (the server's default): both are refused. Once the store is back every
    verdict of the outage is in the chain, saying how it left the server."""
    policies = tmp_path / "policies"
    policies.mkdir()
    (policies / "open.yaml").write_text('version: "1"\naudit_fail_open: true\n')
    (policies / "closed.yaml").write_text('version: "1"\naudit_fail_open: false\n')
    (policies / "plain.yaml").write_text('version: "1"\n')
    (tmp_path / "chain-key").write_text("fault-suite-chain-key\n")
    s, blocker = _on_a_store_that_is_down(servers, tmp_path, VERDICT_POLICY_DIR=str(policies))
    outages = await asyncio.gather(
        *(drive(s.port, seconds=3.0, clients=1, prefix=t, tenant=t) for t in ("open", "closed", "plain"))
    )
    answered, closed, plain = outages
    assert answered.ok and not answered.failed, answered.details
    for refused, who in (
        (closed, "tenant 'closed' is fail-closed (audit_fail_open: false in its policy)"),
        (plain, "the server is fail-closed (audit_fail_open: false; the policy of tenant 'plain' does not"),
    ):
        assert refused.failed and not refused.ok
        _refusals_name_the_audit(refused)
        assert all(who in d for d in refused.details), refused.details
    blocker.unlink()
    await _until_committed(s.db)
    s.signal(signal.SIGTERM)
    assert await asyncio.to_thread(s.wait, 60) == 0
    stored = recorded(s.db)
    assert {stored[i]["release"] for i in answered.ok} == {"released_before_durable"}
    assert {stored[i]["release"] for i in closed.failed_ids + plain.failed_ids} == {"withheld"}
    report = verify(
        s.db, "--key-file", str(tmp_path / "chain-key"), "--public-key", str(tmp_path / "signing-key.pub")
    )
    assert report.returncode == 0 and "chain intact" in report.stdout, report.stdout + report.stderr


async def test_a_slow_store_withholds_verdicts_until_it_commits(servers, tmp_path):
    s = Server(tmp_path, name="audit", env=FAST).wait_listening()
    servers.append(s)
    before = await drive(s.port, seconds=1.0, clients=2, prefix="before")
    assert before.ok and not before.failed
    lock = sqlite3.connect(s.db, isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")  # another writer holds the database: every commit waits on it
    try:
        slow = await drive(s.port, seconds=3.0, clients=2, prefix="slow")
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    assert slow.failed and not slow.ok
    _refusals_name_the_audit(slow)
    await _until_answered(s.port)
    s.signal(signal.SIGTERM)
    assert await asyncio.to_thread(s.wait, 60) == 0
    stored = recorded(s.db)
    assert set(before.ok) <= set(stored)
    # a refused verdict is recorded once the store takes it (withheld, unless its group was already
    # being committed when its wait ran out), so records are never fewer than answers
    assert set(slow.failed_ids) <= set(stored)
    assert {i for i in stored if stored[i].get("release") == "withheld"} <= set(slow.failed_ids)
    assert verify(s.db).returncode == 0


def _file_size_limit(limit: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))  # Python ignores SIGXFSZ: EFBIG

    return apply


async def test_a_full_disk_is_a_clear_error_and_no_crash(servers, tmp_path):
    """The server may write at most 1 MiB to any file, like a small file system filling up."""
    s = Server(
        tmp_path,
        name="audit",
        args=("--log-level", "WARNING"),
        env=FAST,
        preexec_fn=_file_size_limit(1 << 20),
    ).wait_listening()
    servers.append(s)
    load = await drive(s.port, seconds=60.0, clients=4, prefix="full", stop_after_failures=20)
    assert load.ok, load.details  # the disk had room at first
    assert load.failed, "the audit log never filled the 1 MiB limit"
    _refusals_name_the_audit(load)
    assert s.proc.poll() is None, s.text()[-3000:]  # no crash
    assert s.wait_for_log(r"audit store unavailable \(.*(disk|full)", 5), s.text()[-3000:]
    stored = recorded(s.db)
    assert set(load.ok) <= set(stored)  # every answer was durable before it went out
    s.signal(signal.SIGTERM)
    assert await asyncio.to_thread(s.wait, 60) == 1  # the records the disk refused: not a clean exit
    # what never reached the disk is said out loud, not lost in silence
    assert s.wait_for_log(r"audit sink closed with \d+ records not committed", 5), s.text()[-3000:]
    assert verify(s.db).returncode == 0


async def test_a_drain_the_store_cannot_take_exits_1(servers, tmp_path):
    """SIGTERM while the store is still down: the records it never took are reported and the exit
    status says so, instead of a clean 0 over a gap in the evidence."""
    s, _ = _on_a_store_that_is_down(
        servers, tmp_path, VERDICT_AUDIT_FAIL_OPEN="true", VERDICT_DRAIN_TIMEOUT_S="1"
    )
    outage = await drive(s.port, seconds=1.5, clients=2, prefix="down")
    assert outage.ok, outage.details
    s.signal(signal.SIGTERM)
    assert await asyncio.to_thread(s.wait, 60) == 1
    assert "records not committed" in s.text() and "did not take every record" in s.text()
