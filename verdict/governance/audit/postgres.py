"""PostgreSQL audit store (psycopg 3): the store for a fleet of verdict instances.

Several instances write one table. Choice: **one chain per instance** (`instance` column, `seq` per
instance, primary key `(instance, seq)`), not one global chain. Each instance's writer appends to its
own chain without waiting on the others; `verdict audit verify` checks every chain. A global chain
would need a table-wide lock per batch and serialize the fleet. Within one chain,
`pg_advisory_xact_lock(hashtext(instance))` plus a head check in the same transaction make a second
writer that (wrongly) shares an instance id fail and re-chain instead of forking the chain.

Append-only: triggers raise on UPDATE and DELETE of records and of signed checkpoints. Retention of raw text (opt-in tenants) works on
the separate `audit_text` table; purging chain records is done with the SQLite store's `purge()`
procedure and is not offered here (document a DBA-run partition drop + purge record if needed).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence

from verdict.governance.audit.checkpoint import Checkpoint
from verdict.governance.audit.record import AuditRecord, utc_ts
from verdict.governance.audit.schema import ADDED, CHECKPOINTS, HEADS, POSTGRES, RECORDS, TEXTS, create_tables
from verdict.governance.audit.store import COLUMNS, check_head, from_row, to_row

# the migration of a table from before the keyed chain, and the append-only guard, in PostgreSQL's
# language (the tables are schema.py's)
_MIGRATE = "".join(
    f"ALTER TABLE {RECORDS.name} ADD COLUMN IF NOT EXISTS {c.name} {c.declaration(POSTGRES)};\n"
    for c in ADDED
)
# The signed checkpoints are append-only too, as in the SQLite store: a checkpoint rewritten in place
# could be made to vouch for a truncated chain (its signature would fail, but only a verifier that
# holds the public key would notice).
_TRIGGERS = """
CREATE OR REPLACE FUNCTION audit_records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit log is append-only'; END $$;
CREATE OR REPLACE FUNCTION audit_checkpoints_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit checkpoints are append-only'; END $$;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'audit_records_append_only') THEN
    CREATE TRIGGER audit_records_append_only BEFORE UPDATE OR DELETE ON audit_records
      FOR EACH ROW EXECUTE FUNCTION audit_records_append_only();
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'audit_checkpoints_append_only') THEN
    CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
      FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_append_only();
  END IF;
END $$;
"""
SCHEMA = create_tables(POSTGRES) + _MIGRATE + _TRIGGERS
_INSERT = RECORDS.insert(POSTGRES)
_SELECT = f"SELECT {', '.join(COLUMNS)} FROM audit_records"
_HEAD = "SELECT seq, hash FROM audit_records WHERE instance = %s ORDER BY seq DESC LIMIT 1"
_CHECKPOINT = ", ".join(CHECKPOINTS.names)
_KEEP_CHECKPOINT = CHECKPOINTS.insert(POSTGRES, existing="keep")
_UPSERT_HEAD = HEADS.insert(POSTGRES, existing="replace")


class PostgresAuditStore:
    def __init__(self, dsn: str, *, connect_timeout: int = 5) -> None:
        import psycopg

        self.dsn = dsn
        self._psycopg = psycopg
        self._conn = psycopg.connect(dsn, connect_timeout=connect_timeout, autocommit=False)
        with self._conn.transaction():
            self._conn.execute("SELECT pg_advisory_xact_lock(hashtext('verdict-audit-schema'))")
            self._conn.execute(SCHEMA)

    def _ensure(self) -> None:
        if self._conn.closed or self._conn.broken:
            self._conn = self._psycopg.connect(self.dsn, autocommit=False)

    def head(self, instance: str) -> tuple[int, str]:
        self._ensure()
        with self._conn.transaction():
            row = self._conn.execute(_HEAD, (instance,)).fetchone()
        return (int(row[0]), row[1]) if row else (0, "")

    def append(
        self,
        records: Sequence[AuditRecord],
        texts: Mapping[str, tuple[str, str]] | None = None,
        *,
        head: Checkpoint | None = None,
        keep: bool = False,
    ) -> None:
        if not records:
            return
        self._ensure()
        with self._conn.transaction(), self._conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (records[0].instance,))
            row = cur.execute(_HEAD, (records[0].instance,)).fetchone()
            check_head(records, (int(row[0]), row[1]) if row else (0, ""))
            cur.executemany(_INSERT, [to_row(r) for r in records])
            if texts:
                cur.executemany(
                    TEXTS.insert(POSTGRES),
                    [(rid, text, expires) for rid, (text, expires) in texts.items()],
                )
            if head is not None:
                row = (head.instance, head.seq, head.hash, head.ts, head.key_id, head.signature)
                cur.execute(_UPSERT_HEAD, row)
                if keep:
                    cur.execute(_KEEP_CHECKPOINT, row)

    def signed_heads(self) -> dict[str, Checkpoint]:
        return {cp.instance: cp for cp in self._checkpoints("audit_heads")}

    def checkpoints(self) -> list[Checkpoint]:
        return self._checkpoints("audit_checkpoints")

    def _checkpoints(self, table: str) -> list[Checkpoint]:
        self._ensure()
        with self._conn.transaction():
            rows = self._conn.execute(f"SELECT {_CHECKPOINT} FROM {table} ORDER BY instance, seq").fetchall()
        return [Checkpoint(r[0], int(r[1]), *r[2:]) for r in rows]

    def records(
        self,
        since: str | None = None,
        until: str | None = None,
        *,
        instance: str | None = None,
        tenant: str | None = None,
    ) -> Iterator[AuditRecord]:
        clauses, params = [], []
        for clause, value in (
            ("ts >= %s", since),
            ("ts < %s", until),
            ("instance = %s", instance),
            ("tenant = %s", tenant),
        ):
            if value is not None:
                clauses.append(clause)
                params.append(value)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        with self._psycopg.connect(self.dsn) as reader, reader.cursor(name="audit_scan") as cur:
            cur.itersize = 2000
            cur.execute(f"{_SELECT}{where} ORDER BY instance, seq", params)
            for row in cur:
                yield from_row(row)

    def text_of(self, record_id: str) -> str | None:
        self._ensure()
        with self._conn.transaction():
            row = self._conn.execute("SELECT text FROM audit_text WHERE id = %s", (record_id,)).fetchone()
        return row[0] if row else None

    def purge_text(self, now: str | None = None) -> int:
        self._ensure()
        with self._conn.transaction():
            return self._conn.execute(
                "DELETE FROM audit_text WHERE expires_ts <= %s", (now or utc_ts(),)
            ).rowcount

    def purge_marks(self) -> dict[str, tuple[int, str]]:
        self._ensure()
        marks: dict[str, tuple[int, str]] = {}
        with self._conn.transaction():
            for instance, extra in self._conn.execute(
                "SELECT instance, extra FROM audit_records WHERE kind = 'purge' ORDER BY instance, seq"
            ):
                data = json.loads(extra)
                marks[instance] = (int(data["upto_seq"]), str(data["last_hash"]))
        return marks

    def close(self) -> None:
        self._conn.close()
