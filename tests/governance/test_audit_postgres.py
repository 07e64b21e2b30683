"""The PostgreSQL audit store against a real server (initdb + pg_ctl on a loopback port in a tmp dir)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from verdict.governance.audit import AuditRecord, AuditSink, text_hmac
from verdict.governance.audit.cli import verify_store

psycopg = pytest.importorskip("psycopg", reason="psycopg 3 is not installed (the `postgres` extra)")

BIN_DIRS = [
    "/usr/lib/postgresql/17/bin",
    "/usr/lib/postgresql/16/bin",
    "/usr/lib/postgresql/15/bin",
    "/usr/local/bin",
    "/usr/bin",
]


def _pg_bin(name: str) -> str | None:
    for d in BIN_DIRS:
        if os.access(os.path.join(d, name), os.X_OK):
            return os.path.join(d, name)
    return shutil.which(name)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def pg_dsn():
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip(
            "PostgreSQL server binaries (initdb, pg_ctl) are not installed: apt-get install postgresql"
        )
    base = Path(
        tempfile.mkdtemp(prefix="verdict-pg-")
    )  # not under pytest's 0700 root-owned tmp: postgres must reach it
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    run_as: list[str] = []
    if os.geteuid() == 0:  # postgres refuses to run as root
        if not shutil.which("runuser"):
            pytest.skip("running as root without runuser: cannot start postgres as an unprivileged user")
        shutil.chown(base, "postgres")
        shutil.chown(sock, "postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    subprocess.run(
        [*run_as, initdb, "-D", str(data), "-U", "verdict", "--auth=trust", "-E", "UTF8"],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            *run_as,
            pg_ctl,
            "-D",
            str(data),
            "-l",
            str(base / "log"),
            "-w",
            "-t",
            "60",
            "-o",
            f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=on",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql://verdict@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*run_as, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def rec(i: int, tenant: str = "acme") -> AuditRecord:
    return AuditRecord(
        tenant=tenant,
        route="chat",
        request_id=f"r{i}",
        action="FLAG",
        enforced_action="FLAG",
        mode="enforce",
        model_version="verdict/1",
        policy_version="1+x",
        text_hmac=text_hmac(str(i), b"k" * 32),
        findings=(
            {"type": "hate", "category": "topic", "score": 0.7, "start": 0, "end": 5, "detector": "model"},
        ),
        timings_ms={"total_ms": 2.0 + i % 5},
    )


def test_fleet_writes_one_chain_per_instance_and_verifies(pg_dsn):
    from verdict.governance.audit.postgres import PostgresAuditStore

    sinks = [AuditSink(lambda: PostgresAuditStore(pg_dsn), instance=f"node-{k}") for k in range(3)]
    for i in range(600):
        assert sinks[i % 3].submit(
            rec(i), text="raw text" if i == 0 else None, retention_days=1 if i == 0 else None
        )
    for sink in sinks:
        assert sink.flush(30) and sink.health().ok
        sink.close()
    store = PostgresAuditStore(pg_dsn)
    report = verify_store(store)
    assert report.ok and report.records == 600
    assert {k: v[0] for k, v in report.chains.items()} == {"node-0": 200, "node-1": 200, "node-2": 200}
    assert len(list(store.records(tenant="acme"))) == 600 and not list(store.records(tenant="globex"))
    first = next(store.records(instance="node-0"))
    assert store.text_of(first.id) == "raw text"
    store.close()


def test_append_only_and_tamper_detection(pg_dsn):
    from verdict.governance.audit.postgres import PostgresAuditStore

    store = PostgresAuditStore(pg_dsn)
    sink = AuditSink(store, instance="tamper")
    for i in range(10):
        sink.submit(rec(i))
    assert sink.flush(30)
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            conn.execute("UPDATE audit_records SET action = 'ALLOW' WHERE instance = 'tamper' AND seq = 3")
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            conn.execute("DELETE FROM audit_records WHERE instance = 'tamper' AND seq = 3")
        conn.execute(
            "ALTER TABLE audit_records DISABLE TRIGGER audit_records_append_only"
        )  # an attacker with DDL
        conn.execute("UPDATE audit_records SET action = 'ALLOW' WHERE instance = 'tamper' AND seq = 3")
        conn.execute("ALTER TABLE audit_records ENABLE TRIGGER audit_records_append_only")
    report = verify_store(store, instance="tamper")
    assert not report.ok and report.first_bad_seq == 3 and report.first_bad_instance == "tamper"
    sink.close()


def test_store_down_then_back(pg_dsn):
    """A store that cannot be reached at start: the sink keeps accepting and commits once it can."""
    from verdict.governance.audit.postgres import PostgresAuditStore

    reachable = {"ok": False}

    def factory():
        if not reachable["ok"]:
            raise psycopg.OperationalError("connection refused")
        return PostgresAuditStore(pg_dsn)

    sink = AuditSink(factory, instance="late", retry_initial_s=0.01, retry_max_s=0.05)
    for i in range(20):
        assert sink.submit(rec(i))
    time.sleep(0.1)
    assert sink.health().status == "degraded" and "20 buffered" in sink.health().message
    reachable["ok"] = True
    assert sink.flush(30) and sink.health().ok
    sink.close()
    assert verify_store(PostgresAuditStore(pg_dsn), instance="late").records == 20


def test_keyed_chain_catches_truncation_in_postgres(pg_dsn):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from verdict.governance.audit.checkpoint import Signer
    from verdict.governance.audit.postgres import PostgresAuditStore
    from verdict.governance.audit.record import ChainKey

    private = Ed25519PrivateKey.generate()
    key, signer = ChainKey.from_secret(b"pg-chain-key"), Signer(private)
    sink = AuditSink(lambda: PostgresAuditStore(pg_dsn), instance="keyed", chain_key=key, signer=signer)
    for i in range(12):
        sink.submit(rec(i))
    assert sink.flush(30)
    sink.close()
    store = PostgresAuditStore(pg_dsn)
    checks = dict(
        instance="keyed", keys={key.key_id: key.secret}, public_keys={signer.key_id: private.public_key()}
    )
    assert verify_store(store, **checks).ok
    assert store.signed_heads()["keyed"].seq == 12 and store.checkpoints()
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        conn.execute("ALTER TABLE audit_records DISABLE TRIGGER audit_records_append_only")
        conn.execute("DELETE FROM audit_records WHERE instance = 'keyed' AND seq > 9")
        conn.execute("ALTER TABLE audit_records ENABLE TRIGGER audit_records_append_only")
    report = verify_store(store, **checks)
    assert not report.ok and "3 records were truncated" in report.problem
    store.close()


def test_postgres_and_sqlite_create_the_same_columns(pg_dsn, tmp_path):
    """One schema definition, two engines: every table has the same columns, in the same order, with the
    same nullability and defaults, as each engine itself reports them."""
    import sqlite3

    from verdict.governance.audit.postgres import PostgresAuditStore
    from verdict.governance.audit.schema import TABLES
    from verdict.governance.audit.sqlite import SQLiteAuditStore

    PostgresAuditStore(pg_dsn).close()
    SQLiteAuditStore(tmp_path / "audit.sqlite").close()
    lite = sqlite3.connect(tmp_path / "audit.sqlite")
    with psycopg.connect(pg_dsn) as conn:
        for table in TABLES:
            pg = conn.execute(
                "SELECT column_name, is_nullable, column_default FROM information_schema.columns "
                "WHERE table_name = %s ORDER BY ordinal_position",
                (table.name,),
            ).fetchall()
            sq = lite.execute(f"PRAGMA table_info({table.name})").fetchall()
            assert [r[0] for r in pg] == [r[1] for r in sq] == list(table.names)
            assert {r[1] for r in pg} == {"NO"} and {r[3] for r in sq} == {1}
            pg_defaults = {r[0]: r[2].split("::")[0] for r in pg if r[2] is not None}
            assert pg_defaults == {r[1]: r[4] for r in sq if r[4] is not None}


def test_signed_checkpoints_are_append_only(pg_dsn):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from verdict.governance.audit.checkpoint import Signer
    from verdict.governance.audit.postgres import PostgresAuditStore
    from verdict.governance.audit.record import ChainKey

    key, signer = ChainKey.from_secret(b"pg-chain-key"), Signer(Ed25519PrivateKey.generate())
    sink = AuditSink(lambda: PostgresAuditStore(pg_dsn), instance="frozen", chain_key=key, signer=signer)
    for i in range(5):
        sink.submit(rec(i))
    assert sink.flush(30)
    sink.close()
    store = PostgresAuditStore(pg_dsn)
    assert [cp for cp in store.checkpoints() if cp.instance == "frozen"]
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        for statement in (
            "UPDATE audit_checkpoints SET seq = seq + 1 WHERE instance = 'frozen'",
            "DELETE FROM audit_checkpoints WHERE instance = 'frozen'",
        ):
            with pytest.raises(psycopg.errors.RaiseException, match="checkpoints are append-only"):
                conn.execute(statement)
    assert [cp for cp in store.checkpoints() if cp.instance == "frozen"]
    store.close()
