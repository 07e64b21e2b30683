"""SQLite audit store: the embedded default.

WAL journal with `synchronous=FULL`: a committed batch is on disk before `append` returns, so a crash
(process or power) loses no acknowledged record. NORMAL would be faster and is safe against a process
crash but not a power loss in WAL mode; the audit path batches (one fsync per batch, not per record),
so FULL costs little.

Append-only: triggers RAISE on every UPDATE and on DELETE, except rows covered by a row in
`audit_purge_grant`, which only `purge()` writes, inside the same transaction that appends the
`purge` record to the chain and then removes the grant. Anyone with write access to the file can still
tamper; the hash chain (and `verdict audit verify`) is what detects it.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from urllib.request import pathname2url

from verdict.governance.audit.record import AuditRecord, utc_ts
from verdict.governance.audit.store import COLUMNS, MissingStoreError, check_head, from_row, to_row

SCHEMA = """
CREATE TABLE IF NOT EXISTS audit_records (
    instance TEXT NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL UNIQUE, ts TEXT NOT NULL, kind TEXT NOT NULL,
    tenant TEXT NOT NULL, route TEXT NOT NULL, request_id TEXT NOT NULL, action TEXT NOT NULL,
    enforced_action TEXT NOT NULL, mode TEXT NOT NULL, model_version TEXT NOT NULL, policy_version TEXT NOT NULL,
    text_hmac TEXT NOT NULL, findings TEXT NOT NULL, scores TEXT NOT NULL, timings_ms TEXT NOT NULL,
    extra TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL,
    PRIMARY KEY (instance, seq)
);
CREATE INDEX IF NOT EXISTS audit_records_ts ON audit_records (ts);
CREATE TABLE IF NOT EXISTS audit_text (
    id TEXT PRIMARY KEY, text TEXT NOT NULL, expires_ts TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_purge_grant (instance TEXT NOT NULL, upto_seq INTEGER NOT NULL);
CREATE TRIGGER IF NOT EXISTS audit_records_no_update BEFORE UPDATE ON audit_records
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_records_no_delete BEFORE DELETE ON audit_records
WHEN NOT EXISTS (SELECT 1 FROM audit_purge_grant g WHERE g.instance = OLD.instance AND OLD.seq <= g.upto_seq)
BEGIN SELECT RAISE(ABORT, 'audit log is append-only (records leave only through the retention purge)'); END;
"""
_INSERT = f"INSERT INTO audit_records ({', '.join(COLUMNS)}) VALUES ({', '.join('?' for _ in COLUMNS)})"
_HEAD = "SELECT seq, hash FROM audit_records WHERE instance = ? ORDER BY seq DESC LIMIT 1"
_SELECT = f"SELECT {', '.join(COLUMNS)} FROM audit_records"


class SQLiteAuditStore:
    """`create=False` opens an existing audit log only (for readers): a missing file, or a file without
    the audit tables, raises MissingStoreError and nothing is written to the disk."""

    def __init__(self, path: str | Path, *, timeout: float = 10.0, create: bool = True) -> None:
        self.path = str(path)
        if not create and self.path != ":memory:":
            self._conn = _open_existing(self.path, timeout)
        else:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(
                self.path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=FULL")
            self._conn.executescript(SCHEMA)
        self._lock = threading.Lock()

    def head(self, instance: str) -> tuple[int, str]:
        with self._lock:
            row = self._conn.execute(_HEAD, (instance,)).fetchone()
        return (row[0], row[1]) if row else (0, "")

    def append(
        self, records: Sequence[AuditRecord], texts: Mapping[str, tuple[str, str]] | None = None
    ) -> None:
        with self._lock:
            cur = self._conn.cursor()
            cur.execute("BEGIN IMMEDIATE")
            try:
                if records:
                    row = cur.execute(_HEAD, (records[0].instance,)).fetchone()
                    check_head(records, (row[0], row[1]) if row else (0, ""))
                cur.executemany(_INSERT, [to_row(r) for r in records])
                if texts:
                    cur.executemany(
                        "INSERT INTO audit_text (id, text, expires_ts) VALUES (?, ?, ?)",
                        [(rid, text, expires) for rid, (text, expires) in texts.items()],
                    )
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise

    def records(
        self,
        since: str | None = None,
        until: str | None = None,
        *,
        instance: str | None = None,
        tenant: str | None = None,
    ) -> Iterator[AuditRecord]:
        """Records in (instance, seq) order; `tenant` restricts to one tenant's records (a tenant-scoped
        reader never sees another tenant's rows; chain verification needs them all)."""
        clauses, params = [], []
        for clause, value in (
            ("ts >= ?", since),
            ("ts < ?", until),
            ("instance = ?", instance),
            ("tenant = ?", tenant),
        ):
            if value is not None:
                clauses.append(clause)
                params.append(value)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        reader = sqlite3.connect(self.path, timeout=10.0) if self.path != ":memory:" else self._conn
        try:
            for row in reader.execute(f"{_SELECT}{where} ORDER BY instance, seq", params):
                yield from_row(row)
        finally:
            if reader is not self._conn:
                reader.close()

    def text_of(self, record_id: str) -> str | None:
        with self._lock:
            row = self._conn.execute("SELECT text FROM audit_text WHERE id = ?", (record_id,)).fetchone()
        return row[0] if row else None

    def purge_text(self, now: str | None = None) -> int:
        """Delete stored raw text past its retention (the chain keeps its HMAC). Returns rows deleted."""
        with self._lock:
            cur = self._conn.execute("DELETE FROM audit_text WHERE expires_ts <= ?", (now or utc_ts(),))
            return cur.rowcount

    def purge_marks(self) -> dict[str, tuple[int, str]]:
        marks: dict[str, tuple[int, str]] = {}
        with self._lock:
            for instance, extra in self._conn.execute(
                "SELECT instance, extra FROM audit_records WHERE kind = 'purge' ORDER BY instance, seq"
            ):
                data = json.loads(extra)
                marks[instance] = (int(data["upto_seq"]), str(data["last_hash"]))
        return marks

    def purge(self, instance: str, upto_seq: int, *, reason: str = "retention") -> AuditRecord:
        """Remove records 1..upto_seq of a chain, leaving a `purge` record on the chain that vouches for
        the link from the first kept record. Runs as one transaction; a concurrent writer retries."""
        with self._lock:
            cur = self._conn.cursor()
            cur.execute("BEGIN IMMEDIATE")
            try:
                head = cur.execute(_HEAD, (instance,)).fetchone()
                last = cur.execute(
                    "SELECT hash FROM audit_records WHERE instance = ? AND seq = ?", (instance, upto_seq)
                ).fetchone()
                if head is None or last is None or upto_seq >= head[0]:
                    raise ValueError(
                        f"cannot purge {instance!r} up to seq {upto_seq}: not a stored, non-head record"
                    )
                mark = AuditRecord(
                    tenant="*",
                    route="*",
                    request_id="",
                    action="",
                    enforced_action="",
                    mode="",
                    model_version="",
                    policy_version="",
                    text_hmac="",
                    kind="purge",
                    extra={"upto_seq": upto_seq, "last_hash": last[0], "reason": reason},
                ).chained(instance=instance, seq=head[0] + 1, prev_hash=head[1])
                cur.execute(_INSERT, to_row(mark))
                cur.execute(
                    "INSERT INTO audit_purge_grant (instance, upto_seq) VALUES (?, ?)", (instance, upto_seq)
                )
                cur.execute("DELETE FROM audit_records WHERE instance = ? AND seq <= ?", (instance, upto_seq))
                cur.execute("DELETE FROM audit_purge_grant")
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise
        return mark

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def _open_existing(path: str, timeout: float) -> sqlite3.Connection:
    if not Path(path).is_file():
        raise MissingStoreError(path, "no audit database here (readers never create one)")
    # mode=rw: SQLite itself refuses to create the file, should it vanish between the check and here
    uri = f"file:{pathname2url(str(Path(path).resolve()))}?mode=rw"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=False)
        found = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_records'"
        ).fetchone()
    except sqlite3.DatabaseError as exc:
        raise MissingStoreError(path, f"not an audit database ({exc})") from exc
    if found is None:
        conn.close()
        raise MissingStoreError(path, "not an audit database (it has no audit_records table)")
    return conn
