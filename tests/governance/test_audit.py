"""Audit log: hash chain, tamper detection, append-only store, the sink's batching, outage and crash safety."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from verdict.governance.audit import AuditRecord, AuditSink, text_hmac, verify_chain
from verdict.governance.audit.cli import add_arguments, run, verify_store
from verdict.governance.audit.record import canonical_json, parse_ts, utc_ts
from verdict.governance.audit.sqlite import SQLiteAuditStore
from verdict.governance.audit.store import StaleHeadError
from verdict.governance.policy import PolicyEngine, parse_policy
from verdict.runtime.findings import Analysis, Finding

KEY = b"k" * 32
REPO = Path(__file__).resolve().parents[2]


def record(i: int = 0, tenant: str = "acme", **kw) -> AuditRecord:
    fields = dict(
        tenant=tenant,
        route="chat",
        request_id=f"req-{i}",
        action="REDACT",
        enforced_action="REDACT",
        mode="enforce",
        model_version="verdict/1",
        policy_version="7+abc",
        text_hmac=text_hmac(f"text {i}", KEY),
        findings=(
            {
                "type": "EMAIL_ADDRESS",
                "category": "pii",
                "score": 0.91234567,
                "start": 3,
                "end": 20,
                "detector": "model",
            },
        ),
        scores={"hate": 0.01},
        timings_ms={"total_ms": 3.5 + i % 7},
    )
    fields.update(kw)
    return AuditRecord(**fields)


def fill(path: Path, n: int, instance: str = "i0") -> SQLiteAuditStore:
    store = SQLiteAuditStore(path)
    sink = AuditSink(store, instance=instance)
    for i in range(n):
        assert not sink.submit(record(i)).dropped
    assert sink.flush(10)
    sink.close()
    return SQLiteAuditStore(path)


def raw(path: Path) -> sqlite3.Connection:
    """An attacker's connection: drops the append-only triggers first."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP TRIGGER IF EXISTS audit_records_no_update")
    conn.execute("DROP TRIGGER IF EXISTS audit_records_no_delete")
    return conn


def test_record_from_verdict_has_no_raw_text():
    policy = parse_policy('version: "1"\n', file="acme.yaml", tenant="acme")
    text = "write to bob@gmail.com"
    analysis = Analysis(
        text, (Finding("pii", "EMAIL_ADDRESS", 0.9, 9, 22, "model"),), {"hate": 0.2, "harassment": 0.1}
    )
    verdict = PolicyEngine(policy).decide(analysis, tenant="acme", route="chat", model_version="verdict/2")
    rec = AuditRecord.from_verdict(
        verdict,
        request_id="r1",
        hmac_key=KEY,
        timings_ms={"total_ms": 4.2},
        scores=analysis.scores,
        top_scores=1,
    )
    body = json.dumps(rec.to_dict())
    assert "bob@gmail.com" not in body and "write to" not in body
    assert rec.text_hmac == text_hmac(text, KEY) and rec.scores == {"hate": 0.2}
    assert rec.findings[0] == {
        "type": "EMAIL_ADDRESS",
        "category": "pii",
        "score": 0.9,
        "start": 9,
        "end": 22,
        "detector": "model",
    }
    assert (rec.action, rec.policy_version, rec.model_version) == ("REDACT", policy.version, "verdict/2")


def test_ids_are_monotonic_uuid7():
    ids = [record().id for _ in range(2000)]
    assert ids == sorted(ids) and len(set(ids)) == 2000 and all(i[14] == "7" for i in ids)


def test_chain_hash_covers_every_field():
    a = record(1).chained(instance="i0", seq=1, prev_hash="")
    assert a.hash == a.compute_hash()
    for change in (
        {"action": "ALLOW"},
        {"seq": 2},
        {"prev_hash": "x"},
        {"ts": "2020-01-01T00:00:00.000000Z"},
        {"findings": ()},
    ):
        from dataclasses import replace

        assert replace(a, **change).compute_hash() != a.hash


def test_chained_stores_what_it_hashes(tmp_path):
    rec = record(1, scores={"hate": 0.123456789}, extra={"nested": {"x": [0.1 + 0.2, (1.0000004, 2)]}})
    a = rec.chained(instance="i0", seq=1, prev_hash="")
    assert a.findings[0]["score"] == 0.912346 and a.scores == {"hate": 0.123457}
    assert a.extra == {"nested": {"x": [0.3, [1.0, 2]]}}
    assert a.hash == hashlib.sha256(canonical_json(a.body()).encode()).hexdigest() == a.compute_hash()
    assert (a.instance, a.seq, a.prev_hash, a.id, a.ts) == ("i0", 1, "", rec.id, rec.ts)
    store = SQLiteAuditStore(tmp_path / "a.sqlite")
    store.append([a])
    assert list(store.records()) == [a] and verify_chain(store.records()).ok


def test_utc_ts_of_now_has_the_stored_format():
    before = datetime.now(timezone.utc)
    now = parse_ts(utc_ts())
    assert before - timedelta(seconds=1) <= now <= datetime.now(timezone.utc) + timedelta(seconds=1)
    assert len(utc_ts()) == len("2026-01-01T00:00:00.000000Z")
    moment = datetime(2026, 3, 4, 5, 6, 7, 89, tzinfo=timezone.utc)
    assert utc_ts(moment) == "2026-03-04T05:06:07.000089Z" and parse_ts(utc_ts(moment)) == moment


def test_store_is_append_only(tmp_path):
    store = fill(tmp_path / "a.db", 3)
    conn = sqlite3.connect(tmp_path / "a.db")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE audit_records SET action = 'ALLOW' WHERE seq = 2")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM audit_records WHERE seq = 3")
    assert verify_store(store).ok


TAMPERS = [
    # (description, SQL run by an attacker who dropped the triggers, first bad seq)
    ("edit a field", "UPDATE audit_records SET action = 'ALLOW' WHERE seq = 5", 5),
    ("edit findings", "UPDATE audit_records SET findings = '[]' WHERE seq = 7", 7),
    ("delete one", "DELETE FROM audit_records WHERE seq = 4", 5),
    ("delete the first", "DELETE FROM audit_records WHERE seq = 1", 2),
    (
        "reorder two",
        "UPDATE audit_records SET seq = -3 WHERE seq = 3; UPDATE audit_records SET seq = 3 WHERE seq = 6; "
        "UPDATE audit_records SET seq = 6 WHERE seq = -3",
        3,
    ),
    ("re-hash an edited record", None, 6),
]


@pytest.mark.parametrize("name, sql, bad_seq", TAMPERS, ids=[t[0] for t in TAMPERS])
def test_verify_detects_tampering(tmp_path, name, sql, bad_seq):
    path = tmp_path / "audit.db"
    store = fill(path, 10)
    assert verify_store(store).ok
    conn = raw(path)
    if sql:
        conn.executescript(sql)
    else:  # recompute the edited record's own hash: the next record's link breaks instead
        victim = next(r for r in store.records() if r.seq == 5)
        from dataclasses import replace

        forged = replace(victim, action="ALLOW")
        conn.execute(
            "UPDATE audit_records SET action = 'ALLOW', hash = ? WHERE seq = 5", (forged.compute_hash(),)
        )
    report = verify_store(store)
    assert not report.ok and report.first_bad_seq == bad_seq, report.problem


def test_truncating_the_newest_records_is_caught_with_a_known_head(tmp_path, capsys):
    path = tmp_path / "audit.db"
    store = fill(path, 5)
    head = verify_store(store).chains["i0"]
    raw(path).execute("DELETE FROM audit_records WHERE seq = 5")
    assert verify_store(store).ok  # a chain alone cannot see its own tail cut off...
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args(["--db", str(path), "--expect-head", f"i0:{head[0]}:{head[1]}"])
    assert run(args) == 1  # ...a head recorded elsewhere can
    assert "truncated" in capsys.readouterr().err


def test_verify_cli_ok(tmp_path, capsys):
    path = tmp_path / "audit.db"
    fill(path, 4)
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    assert run(parser.parse_args(["--db", str(path)])) == 0
    assert "OK: 4 records" in capsys.readouterr().out


def test_purge_leaves_a_verifiable_chain(tmp_path):
    path = tmp_path / "audit.db"
    store = fill(path, 10)
    mark = store.purge("i0", 6)
    assert mark.kind == "purge" and mark.seq == 11
    seqs = [r.seq for r in store.records()]
    assert seqs == [7, 8, 9, 10, 11]
    assert verify_store(store).ok
    raw(path).execute("DELETE FROM audit_records WHERE seq = 7")  # deleting past the purge is still caught
    assert not verify_store(store).ok


def test_two_instances_keep_separate_chains(tmp_path):
    path = tmp_path / "audit.db"
    sinks = [AuditSink(SQLiteAuditStore(path), instance=f"i{k}") for k in range(2)]
    for i in range(200):
        sinks[i % 2].submit(record(i))
    for sink in sinks:
        assert sink.flush(10)
        sink.close()
    report = verify_store(SQLiteAuditStore(path))
    assert (
        report.ok
        and report.records == 200
        and {k: v[0] for k, v in report.chains.items()} == {"i0": 100, "i1": 100}
    )


def test_stale_head_is_refused(tmp_path):
    store = fill(tmp_path / "a.db", 2)
    with pytest.raises(StaleHeadError):
        store.append([record(9).chained(instance="i0", seq=2, prev_hash="nope")])


def test_tenant_scoped_reads(tmp_path):
    store = SQLiteAuditStore(tmp_path / "a.db")
    sink = AuditSink(store, instance="i0")
    for i in range(6):
        sink.submit(record(i, tenant="acme" if i % 3 else "globex"))
    sink.flush(10)
    assert {r.tenant for r in store.records(tenant="acme")} == {"acme"}
    assert len(list(store.records(tenant="globex"))) == 2
    sink.close()


def test_raw_text_only_on_opt_in_and_outside_the_chain(tmp_path):
    store = SQLiteAuditStore(tmp_path / "a.db")
    sink = AuditSink(store, instance="i0")
    kept, plain = record(1), record(2)
    sink.submit(kept, text="the raw text", retention_days=7)
    sink.submit(plain)
    sink.flush(10)
    assert store.text_of(kept.id) == "the raw text" and store.text_of(plain.id) is None
    assert store.purge_text(now="2999-01-01T00:00:00.000000Z") == 1  # past retention
    assert store.text_of(kept.id) is None and verify_store(store).ok
    sink.close()


class FlakyStore:
    """Wraps a real store; `down` makes every call fail like a lost connection."""

    def __init__(self, inner):
        self.inner, self.down = inner, False

    def __getattr__(self, name):
        attr = getattr(self.inner, name)
        if name in ("append", "head"):

            def call(*a, **kw):
                if self.down:
                    raise ConnectionError("audit store unreachable")
                return attr(*a, **kw)

            return call
        return attr


class Counter:
    """A SinkObserver that counts."""

    def __init__(self):
        self.n_committed, self.n_dropped, self.n_errors = 0, 0, 0

    def committed(self, records, seconds):
        self.n_committed += len(records)

    def dropped(self, n):
        self.n_dropped += n

    def store_error(self, error):
        self.n_errors += 1


def test_store_outage_buffers_within_bound_and_records_the_gap(tmp_path):
    flaky = FlakyStore(SQLiteAuditStore(tmp_path / "a.db"))
    obs = Counter()
    sink = AuditSink(
        flaky,
        instance="i0",
        max_buffer=50,
        batch_size=10,
        retry_initial_s=0.01,
        retry_max_s=0.05,
        observer=obs,
    )
    sink.submit(record(0))
    assert sink.flush(5) and sink.health().ok
    flaky.down = True
    started = time.monotonic()
    accepted = sum(not sink.submit(record(i)).dropped for i in range(1, 101))
    assert time.monotonic() - started < 0.5  # submit never blocks on the store
    deadline = time.monotonic() + 5  # the writer thread's first failed attempt, however loaded the host
    while sink.health().status != "degraded" and time.monotonic() < deadline:
        time.sleep(0.01)
    health = sink.health()
    assert health.status == "degraded" and "audit store unavailable" in health.message
    assert 50 <= accepted <= 60 and health.dropped == 100 - accepted and obs.n_dropped == 100 - accepted
    assert health.buffered == accepted and obs.n_errors >= 1
    flaky.down = False
    assert sink.flush(5)
    sink.submit(record(999))
    assert sink.flush(5) and sink.health().ok
    sink.close()
    records = list(SQLiteAuditStore(tmp_path / "a.db").records())
    gaps = [r for r in records if r.kind == "gap"]
    assert len(gaps) == 1 and gaps[0].extra["dropped"] == 100 - accepted
    assert len(records) == 1 + accepted + 1 + 1
    assert verify_chain(records).ok


def test_observer_failure_does_not_duplicate_a_committed_batch(tmp_path):
    class Broken(Counter):
        def committed(self, records, seconds):
            raise RuntimeError("metrics bug")

    sink = AuditSink(SQLiteAuditStore(tmp_path / "a.db"), instance="i0", observer=Broken())
    for i in range(5):
        sink.submit(record(i))
    assert sink.flush(5) and sink.health().ok
    sink.close()
    assert [r.seq for r in SQLiteAuditStore(tmp_path / "a.db").records()] == [1, 2, 3, 4, 5]


def test_a_commit_whose_ack_was_lost_is_not_written_twice(tmp_path):
    class LostAck(FlakyStore):
        def append(self, records, texts=None):
            self.inner.append(records, texts)
            if not self.down:
                self.down = True
                raise ConnectionError("connection lost after COMMIT")

    store = LostAck(SQLiteAuditStore(tmp_path / "a.db"))
    store.down = False
    sink = AuditSink(store, instance="i0", retry_initial_s=0.01)
    sink.submit(record(1))
    time.sleep(0.2)
    store.down = False
    assert sink.flush(5)
    sink.close()
    assert [r.seq for r in SQLiteAuditStore(tmp_path / "a.db").records()] == [1]


def test_batches_and_drains_on_close(tmp_path):
    store = SQLiteAuditStore(tmp_path / "a.db")
    batches = []

    class Obs(Counter):
        def committed(self, records, seconds):
            batches.append(len(records))

    sink = AuditSink(store, instance="i0", batch_size=64, max_delay_s=0.05, observer=Obs())
    for i in range(1000):
        sink.submit(record(i))
    assert sink.close(10)
    assert sum(batches) == 1000 and max(batches) <= 64 and len(batches) < 1000
    assert sink.submit(record(1)).dropped  # closed: counted as dropped, never blocks


WRITER = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, sys.argv[2])
    from verdict.governance.audit import AuditRecord, AuditSink
    from verdict.governance.audit.sqlite import SQLiteAuditStore

    class Printer:
        def committed(self, records, seconds):
            sys.stdout.write("".join(f"{r.seq}\\n" for r in records if r.kind == "verdict"))
            sys.stdout.flush()
        def dropped(self, n): pass
        def store_error(self, e): pass

    sink = AuditSink(SQLiteAuditStore(sys.argv[1]), instance="crash", batch_size=64, max_delay_s=0.002, observer=Printer())
    i = 0
    while True:
        sink.submit(AuditRecord(tenant="acme", route="chat", request_id=f"r{i}", action="ALLOW", enforced_action="ALLOW",
                                mode="enforce", model_version="m/1", policy_version="p", text_hmac="00" * 32))
        i += 1
        if i % 32 == 0:
            time.sleep(0.001)
    """
)


def test_sigkill_mid_batch_loses_no_acknowledged_record(tmp_path):
    path = tmp_path / "audit.db"
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    proc = subprocess.Popen(
        [sys.executable, str(script), str(path), str(REPO)], stdout=subprocess.PIPE, text=True
    )
    acknowledged: list[int] = []
    try:
        deadline = time.monotonic() + 30
        while len(acknowledged) < 3000 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            acknowledged.append(int(line))
        os.kill(proc.pid, signal.SIGKILL)  # mid-stream: batches are being built and committed
    finally:
        proc.wait(10)
    acknowledged += [int(line) for line in proc.stdout.read().split()]  # printed before the kill
    assert len(acknowledged) >= 3000, "the writer did not get going"
    store = SQLiteAuditStore(path)
    report = verify_store(store)
    assert report.ok, report.problem
    stored = {r.seq for r in store.records()}
    assert set(acknowledged) <= stored
    assert stored == set(range(1, max(stored) + 1))


def _cli(cwd: Path, *argv: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "verdict.cli", *argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "argv",
    [
        ("audit", "verify", "--db", "typo.sqlite"),
        ("audit", "verify"),  # the default path, where no server has run
        ("evidence", "--db", "typo.sqlite", "--since", "2026-01-01", "--until", "2026-01-02", "-o", "r.html"),
    ],
    ids=["verify", "verify-default", "evidence"],
)
def test_readers_refuse_a_missing_database_and_never_create_one(tmp_path, argv):
    result = _cli(tmp_path, *argv)
    assert result.returncode == 2, result.stdout + result.stderr
    name = argv[argv.index("--db") + 1] if "--db" in argv else "verdict-audit.sqlite"
    assert f"{name}: no audit database here" in result.stderr and "OK" not in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_readers_refuse_a_database_that_is_not_an_audit_log(tmp_path):
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    result = _cli(tmp_path, "audit", "verify", "--db", str(other))
    assert result.returncode == 2 and "not an audit database" in result.stderr
    tables = {r[0] for r in sqlite3.connect(other).execute("SELECT name FROM sqlite_master")}
    assert tables == {"t"}  # nothing was added to it


# -- keyed chain and signed checkpoints ------------------------------------------------------------


def keyed(path: Path, n: int, *, key: str = "chain-secret", signing: str = "signing-key", start: int = 0):
    """n records through a keyed, signing sink; the keys where the server keeps them (beside the db)."""
    from verdict.governance.audit.checkpoint import Signer
    from verdict.governance.audit.record import ChainKey

    key_file = path.with_name(path.name + ".chain-key")
    key_file.write_text(key + "\n")
    signer, _ = Signer.load_or_create(path.with_name(path.name + ".signing-key"))
    sink = AuditSink(
        SQLiteAuditStore(path),
        instance="i0",
        chain_key=ChainKey.from_secret(key.encode()),
        signer=signer,
        checkpoint_interval_s=3600,
    )
    for i in range(start, start + n):
        assert not sink.submit(record(i)).dropped
        if i % 4 == 3:
            assert sink.flush(10)  # several batches: several signed heads
    assert sink.flush(10)
    sink.close()


def verify_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="verdict audit verify")
    add_arguments(parser)
    return run(parser.parse_args(list(argv)))


def test_keyed_chain_verifies_with_the_keys_beside_it(tmp_path, capsys):
    path = tmp_path / "audit.db"
    keyed(path, 10)
    rows = list(SQLiteAuditStore(path).records())
    assert {(r.chain_version, len(r.key_id)) for r in rows} == {(2, 16)}
    assert verify_cli("--db", str(path)) == 0
    assert "OK: 10 records, chain intact (signed heads checked)" in capsys.readouterr().out


def _rechain(path: Path, *, key: bytes | None, from_seq: int, edit: dict) -> None:
    """An attacker with write access: edit a record, recompute it and every later hash (sha256, or
    HMAC under a key they guessed), keep the signed head row as it is."""
    from verdict.governance.audit.record import ChainKey
    from verdict.governance.audit.store import COLUMNS, to_row

    records = list(SQLiteAuditStore(path, create=False).records())
    conn = raw(path)
    prev = next(r.hash for r in records if r.seq == from_seq - 1) if from_seq > 1 else ""
    from dataclasses import replace

    for rec in records:
        if rec.seq < from_seq:
            continue
        body = replace(rec, **edit) if rec.seq == from_seq else rec
        forged = body.chained(
            instance=rec.instance,
            seq=rec.seq,
            prev_hash=prev,
            key=None if key is None else ChainKey.from_secret(key),
        )
        conn.execute("DELETE FROM audit_records WHERE seq = ?", (rec.seq,))
        conn.execute(
            f"INSERT INTO audit_records ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
            to_row(forged),
        )
        prev = forged.hash


@pytest.mark.parametrize(
    "key, problem",
    [(None, "unkeyed (chain v1) after keyed records"), (b"a-guessed-key", "keyed with chain key id")],
    ids=["recomputed-sha256", "recomputed-with-a-guessed-key"],
)
def test_an_edit_with_recomputed_hashes_is_caught(tmp_path, capsys, key, problem):
    path = tmp_path / "audit.db"
    keyed(path, 10)
    _rechain(path, key=key, from_seq=5, edit={"action": "ALLOW"})
    assert verify_cli("--db", str(path)) == 1
    err = capsys.readouterr().err
    assert "TAMPERED" in err and problem in err and "first bad seq 5" in err


def test_rewriting_the_whole_chain_unkeyed_and_deleting_the_head_is_caught(tmp_path, capsys):
    path = tmp_path / "audit.db"
    keyed(path, 10)
    _rechain(path, key=None, from_seq=1, edit={"action": "ALLOW"})
    conn = raw(path)
    conn.execute("DROP TRIGGER audit_checkpoints_no_delete")
    conn.execute("DELETE FROM audit_heads")
    conn.execute("DELETE FROM audit_checkpoints")
    assert verify_cli("--db", str(path)) == 1
    assert "has no signed head" in capsys.readouterr().err


@pytest.mark.parametrize("n", [1, 3])
def test_truncating_the_newest_records_is_caught_without_flags(tmp_path, capsys, n):
    path = tmp_path / "audit.db"
    keyed(path, 10)
    raw(path).execute("DELETE FROM audit_records WHERE seq > ?", (10 - n,))
    assert verify_cli("--db", str(path)) == 1
    err = capsys.readouterr().err
    assert f"ends at seq {10 - n} but seq 10 was signed" in err and f"{n} records were truncated" in err


def test_a_signed_head_cannot_be_moved_back(tmp_path, capsys):
    """Truncate, then rewrite the head row to the new end: its signature no longer matches."""
    path = tmp_path / "audit.db"
    keyed(path, 10)
    seven = next(r for r in SQLiteAuditStore(path).records() if r.seq == 7)
    conn = raw(path)
    conn.execute("DELETE FROM audit_records WHERE seq > 7")
    conn.execute("UPDATE audit_heads SET seq = 7, hash = ?", (seven.hash,))
    assert verify_cli("--db", str(path)) == 1
    assert "invalid signature (forged or altered)" in capsys.readouterr().err


def test_exported_checkpoints_catch_a_rollback_of_the_whole_database(tmp_path, capsys):
    import shutil

    path = tmp_path / "audit.db"
    keyed(path, 6)
    old = tmp_path / "old-copy.db"
    shutil.copy(path, old)  # the attacker keeps a copy, heads included
    keyed(path, 6, start=6)
    exported = tmp_path / "checkpoints.jsonl"
    parser = argparse.ArgumentParser(prog="verdict audit checkpoints")
    add_arguments(parser)
    assert run(parser.parse_args(["--db", str(path), "-o", str(exported)])) == 0
    assert exported.read_text().count("\n") >= 2
    shutil.copy(old, path)  # ...and puts it back: a consistent, older database
    (tmp_path / "audit.db-wal").unlink(missing_ok=True)
    assert verify_cli("--db", str(path)) == 0  # the database alone cannot tell
    capsys.readouterr()
    assert verify_cli("--db", str(path), "--checkpoints", str(exported)) == 1
    assert "6 records were truncated" in capsys.readouterr().err


def test_key_rotation_needs_the_old_keys_named_by_id(tmp_path, capsys):
    path = tmp_path / "audit.db"
    keyed(path, 4, key="old-key")
    (tmp_path / "old.chain-key").write_text("old-key\n")
    sign = tmp_path / "audit.db.signing-key"
    sign.rename(tmp_path / "old.signing-key")
    (tmp_path / "audit.db.signing-key.pub").rename(tmp_path / "old.signing-key.pub")
    keyed(path, 4, key="new-key", start=4)  # a new chain key and a new signing key
    assert verify_cli("--db", str(path)) == 1
    assert "keyed with chain key id" in capsys.readouterr().err
    argv = ["--db", str(path), "--key-file", str(tmp_path / "old.chain-key")]
    argv += ["--key-file", str(tmp_path / "audit.db.chain-key")]
    argv += ["--public-key", str(tmp_path / "audit.db.signing-key.pub")]
    assert verify_cli(*argv) == 1  # the first batch's permanent checkpoint names the old signing key
    assert "signed by key id" in capsys.readouterr().err
    argv += ["--public-key", str(tmp_path / "old.signing-key.pub")]
    assert verify_cli(*argv) == 0


def test_an_unkeyed_log_from_before_the_keyed_chain_still_verifies_and_continues_keyed(tmp_path):
    path = tmp_path / "audit.db"
    fill(path, 5)
    conn = raw(path)  # the schema of a log written before chain_version and key_id existed
    conn.execute("ALTER TABLE audit_records DROP COLUMN chain_version")
    conn.execute("ALTER TABLE audit_records DROP COLUMN key_id")
    conn.execute("DROP TABLE audit_heads")
    conn.execute("DROP TABLE audit_checkpoints")
    conn.close()
    reader = SQLiteAuditStore(path, create=False)
    assert verify_store(reader).ok and {r.chain_version for r in reader.records()} == {1}
    reader.close()
    assert verify_cli("--db", str(path)) == 0
    keyed(path.with_name("audit.db"), 0)  # keys beside it; opening as a writer migrates the schema
    store = SQLiteAuditStore(path)
    from verdict.governance.audit.checkpoint import Signer
    from verdict.governance.audit.record import ChainKey

    sink = AuditSink(
        store,
        instance="i0",
        chain_key=ChainKey.from_secret(b"chain-secret"),
        signer=Signer.load_or_create(path.with_name("audit.db.signing-key"))[0],
    )
    for i in range(5, 8):
        sink.submit(record(i))
    assert sink.flush(10)
    sink.close()
    versions = [r.chain_version for r in SQLiteAuditStore(path).records()]
    assert versions == [1] * 5 + [2] * 3
    assert verify_cli("--db", str(path)) == 0


def test_purging_a_keyed_chain_keeps_it_verifiable(tmp_path):
    from verdict.governance.audit.checkpoint import Signer
    from verdict.governance.audit.record import ChainKey

    path = tmp_path / "audit.db"
    keyed(path, 10)
    store = SQLiteAuditStore(path)
    with pytest.raises(ValueError, match="keyed chain"):
        store.purge("i0", 6)
    signer, _ = Signer.load_or_create(path.with_name("audit.db.signing-key"))
    mark = store.purge("i0", 6, key=ChainKey.from_secret(b"chain-secret"), signer=signer)
    assert mark.chain_version == 2 and [r.seq for r in store.records()] == [7, 8, 9, 10, 11]
    assert verify_cli("--db", str(path)) == 0
