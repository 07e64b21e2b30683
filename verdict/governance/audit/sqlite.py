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

from verdict.governance.audit.checkpoint import Checkpoint
from verdict.governance.audit.record import AuditRecord, ChainKey, utc_ts
from verdict.governance.audit.schema import (
    ADDED,
    CHECKPOINTS,
    HEADS,
    PURGE_GRANT,
    RECORDS,
    SQLITE,
    TABLES,
    TEXTS,
    Column,
    create_tables,
)
from verdict.governance.audit.store import COLUMNS, MissingStoreError, check_head, from_row, to_row

# the append-only guards, in SQLite's trigger language (the tables are schema.py's)
_TRIGGERS = """
CREATE TRIGGER IF NOT EXISTS audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_records_no_update BEFORE UPDATE ON audit_records
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_records_no_delete BEFORE DELETE ON audit_records
WHEN NOT EXISTS (SELECT 1 FROM audit_purge_grant g WHERE g.instance = OLD.instance AND OLD.seq <= g.upto_seq)
BEGIN SELECT RAISE(ABORT, 'audit log is append-only (records leave only through the retention purge)'); END;
"""
SCHEMA = create_tables(SQLITE, (*TABLES, PURGE_GRANT)) + _TRIGGERS
_INSERT = RECORDS.insert(SQLITE)
_HEAD = "SELECT seq, hash FROM audit_records WHERE instance = ? ORDER BY seq DESC LIMIT 1"
_SELECT = f"SELECT {', '.join(COLUMNS)} FROM audit_records"
_CHECKPOINT = ", ".join(CHECKPOINTS.names)
_KEEP_CHECKPOINT = CHECKPOINTS.insert(SQLITE, existing="keep")
_UPSERT_HEAD = HEADS.insert(SQLITE, existing="replace")


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
            for column in _missing_columns(self._conn).values():
                self._conn.execute(
                    f"ALTER TABLE audit_records ADD COLUMN {column.name} {column.declaration(SQLITE)}"
                )
        self._select = _SELECT
        missing = _missing_columns(self._conn)
        if missing:
            # a log from before the keyed chain, opened read-only: its records read with the v1 defaults
            columns = (f"{missing[c].default} AS {c}" if c in missing else c for c in COLUMNS)
            self._select = f"SELECT {', '.join(columns)} FROM audit_records"
        self._lock = threading.Lock()

    def head(self, instance: str) -> tuple[int, str]:
        with self._lock:
            row = self._conn.execute(_HEAD, (instance,)).fetchone()
        return (row[0], row[1]) if row else (0, "")

    def append(
        self,
        records: Sequence[AuditRecord],
        texts: Mapping[str, tuple[str, str]] | None = None,
        *,
        head: Checkpoint | None = None,
        keep: bool = False,
    ) -> None:
        """One transaction: the records, their opted-in texts, and `head` (the signed new head) as the
        chain's current head; `keep` also adds it to the permanent checkpoints."""
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
                        TEXTS.insert(SQLITE),
                        [(rid, text, expires) for rid, (text, expires) in texts.items()],
                    )
                if head is not None:
                    _write_head(cur, head, keep)
                cur.execute("COMMIT")
            except BaseException:
                _rollback(self._conn)
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
            for row in reader.execute(f"{self._select}{where} ORDER BY instance, seq", params):
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

    def signed_heads(self) -> dict[str, Checkpoint]:
        return {cp.instance: cp for cp in self._checkpoints("audit_heads")}

    def checkpoints(self) -> list[Checkpoint]:
        return self._checkpoints("audit_checkpoints")

    def _checkpoints(self, table: str) -> list[Checkpoint]:
        with self._lock:
            if not self._conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
            ).fetchone():
                return []  # a log written before checkpoints, opened read-only
            rows = self._conn.execute(f"SELECT {_CHECKPOINT} FROM {table} ORDER BY instance, seq").fetchall()
        return [Checkpoint(*row) for row in rows]

    def purge(
        self,
        instance: str,
        upto_seq: int,
        *,
        reason: str = "retention",
        key: ChainKey | None = None,
        signer=None,
    ) -> AuditRecord:
        """Remove records 1..upto_seq of a chain, leaving a `purge` record on the chain that vouches for
        the link from the first kept record. Runs as one transaction; a concurrent writer retries.
        A keyed chain needs its `key` (and the `signer`, to sign the new head)."""
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
                keyed = cur.execute(
                    "SELECT chain_version FROM audit_records WHERE instance = ? AND seq = ?",
                    (instance, head[0]),
                ).fetchone()[0]
                if keyed != 1 and (key is None or signer is None):
                    raise ValueError(f"{instance!r} is a keyed chain: purging needs its chain key and signer")
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
                ).chained(instance=instance, seq=head[0] + 1, prev_hash=head[1], key=key)
                cur.execute(_INSERT, to_row(mark))
                if signer is not None:
                    _write_head(cur, signer.sign(instance, mark.seq, mark.hash), True)
                cur.execute(PURGE_GRANT.insert(SQLITE), (instance, upto_seq))
                cur.execute("DELETE FROM audit_records WHERE instance = ? AND seq <= ?", (instance, upto_seq))
                cur.execute("DELETE FROM audit_purge_grant")
                cur.execute("COMMIT")
            except BaseException:
                _rollback(self._conn)
                raise
        return mark

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def _rollback(conn: sqlite3.Connection) -> None:
    """Undo a failed transaction, if SQLite has not already: after a full disk or an I/O error it rolls
    back by itself, and a second ROLLBACK would replace the real error with "no transaction is active"."""
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def _write_head(cur: sqlite3.Cursor, head: Checkpoint, keep: bool) -> None:
    row = (head.instance, head.seq, head.hash, head.ts, head.key_id, head.signature)
    cur.execute(_UPSERT_HEAD, row)
    if keep:
        cur.execute(_KEEP_CHECKPOINT, row)


def _missing_columns(conn: sqlite3.Connection) -> dict[str, Column]:
    have = {row[1] for row in conn.execute("PRAGMA table_info(audit_records)")}
    return {c.name: c for c in ADDED if c.name not in have}


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
