"""The audit schema is defined once (verdict/governance/audit/schema.py) and rendered for both dialects."""

from __future__ import annotations

import re
import sqlite3

import pytest

from verdict.governance.audit.record import AuditRecord
from verdict.governance.audit.schema import POSTGRES, SQLITE, TABLES, create_tables
from verdict.governance.audit.sqlite import SQLiteAuditStore
from verdict.governance.audit.store import COLUMNS, from_row, to_row


def _declared(ddl: str) -> dict[str, list[tuple[str, str]]]:
    """table -> [(column, declaration without the type)] as written in the rendered DDL."""
    tables = {}
    for name, body in re.findall(r"CREATE TABLE IF NOT EXISTS (\w+) \((.*?)\n\);", ddl, re.S):
        lines = [line.strip().rstrip(",") for line in body.strip().splitlines()]
        tables[name] = [
            (line.split()[0], " ".join(line.split()[2:])) for line in lines if not line.startswith("PRIMARY")
        ]
    return tables


def test_both_dialects_render_the_same_tables_and_columns():
    sqlite, postgres = _declared(create_tables(SQLITE)), _declared(create_tables(POSTGRES))
    assert list(sqlite) == list(postgres) == [t.name for t in TABLES]
    assert sqlite == postgres  # same columns, same order, same NOT NULL / DEFAULT / UNIQUE
    assert [c for c, _ in sqlite["audit_records"]] == list(COLUMNS)


@pytest.mark.parametrize(
    ("dialect", "seq_type"), [(SQLITE, "seq INTEGER NOT NULL"), (POSTGRES, "seq BIGINT NOT NULL")]
)
def test_each_dialect_names_its_own_types(dialect, seq_type):
    ddl = create_tables(dialect)
    assert ddl.count(seq_type) == 3  # records, heads, checkpoints
    assert "CREATE INDEX IF NOT EXISTS audit_records_ts ON audit_records (ts);" in ddl


def test_a_new_sqlite_log_has_the_schema_columns_and_rows_round_trip(tmp_path):
    path = tmp_path / "audit.sqlite"
    SQLiteAuditStore(path).close()
    conn = sqlite3.connect(path)
    for table in TABLES:
        info = conn.execute(f"PRAGMA table_info({table.name})").fetchall()
        assert [row[1] for row in info] == list(table.names)
        assert all(row[3] == 1 for row in info)  # every column NOT NULL
    record = AuditRecord(
        tenant="acme",
        route="chat",
        request_id="r1",
        action="FLAG",
        enforced_action="FLAG",
        mode="enforce",
        model_version="verdict/7",
        policy_version="1",
        text_hmac="h",
    ).chained(instance="i", seq=1, prev_hash="")
    assert from_row(to_row(record)) == record
