"""The audit log's tables, defined once and rendered for each SQL dialect (SQLite, PostgreSQL).

A column is typed by what it holds (`TEXT`, `INT`, `SEQ`); a dialect maps those to its own types and
names its parameter marker. The stores execute `create_tables(dialect)` and build their statements from
the same tables, so both write the same columns in the same order. What only one engine can say (its
append-only triggers, SQLite's pragmas) stays in its store.

Columns marked `added` came with the keyed chain (v2): a log written before them is migrated by its
writer (`ALTER TABLE ... ADD COLUMN`), and read with their defaults by readers, which never write.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    TEXT = "text"
    INT = "int"
    SEQ = "seq"  # a position in a chain: 64-bit where the engine distinguishes


@dataclass(frozen=True, kw_only=True)
class Dialect:
    name: str
    types: dict[Kind, str]
    param: str  # the DB-API parameter marker


SQLITE = Dialect(
    name="sqlite", types={Kind.TEXT: "TEXT", Kind.INT: "INTEGER", Kind.SEQ: "INTEGER"}, param="?"
)
POSTGRES = Dialect(
    name="postgres", types={Kind.TEXT: "TEXT", Kind.INT: "INTEGER", Kind.SEQ: "BIGINT"}, param="%s"
)


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind = Kind.TEXT
    default: str | None = None  # an SQL literal every dialect reads the same way
    unique: bool = False
    added: bool = False  # not in the first schema: older logs are migrated

    def declaration(self, dialect: Dialect) -> str:
        """`<TYPE> NOT NULL [DEFAULT x] [UNIQUE]`: every audit column is NOT NULL."""
        parts = [dialect.types[self.kind], "NOT NULL"]
        if self.default is not None:
            parts.append(f"DEFAULT {self.default}")
        if self.unique:
            parts.append("UNIQUE")
        return " ".join(parts)


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def create(self, dialect: Dialect) -> str:
        lines = [f"{c.name} {c.declaration(dialect)}" for c in self.columns]
        if self.primary_key:
            lines.append(f"PRIMARY KEY ({', '.join(self.primary_key)})")
        body = ",\n    ".join(lines)
        return f"CREATE TABLE IF NOT EXISTS {self.name} (\n    {body}\n);"

    def insert(self, dialect: Dialect, *, existing: str = "fail") -> str:
        """A row of every column; a row whose primary key is already there fails (`existing="fail"`),
        is left as it is (`"keep"`) or is overwritten (`"replace"`). Both dialects share the syntax."""
        marks = ", ".join(dialect.param for _ in self.columns)
        sql = f"INSERT INTO {self.name} ({', '.join(self.names)}) VALUES ({marks})"
        if existing == "keep":
            return f"{sql} ON CONFLICT DO NOTHING"
        if existing == "replace":
            updates = ", ".join(f"{c} = excluded.{c}" for c in self.names if c not in self.primary_key)
            return f"{sql} ON CONFLICT ({', '.join(self.primary_key)}) DO UPDATE SET {updates}"
        return sql


@dataclass(frozen=True)
class Index:
    name: str
    table: str
    columns: tuple[str, ...]

    def create(self) -> str:
        return f"CREATE INDEX IF NOT EXISTS {self.name} ON {self.table} ({', '.join(self.columns)});"


def _text(*names: str) -> tuple[Column, ...]:
    return tuple(Column(n) for n in names)


RECORDS = Table(
    "audit_records",
    (
        Column("instance"),
        Column("seq", Kind.SEQ),
        Column("id", unique=True),
        *_text("ts", "kind", "tenant", "route", "request_id", "action", "enforced_action", "mode"),
        *_text("model_version", "policy_version", "text_hmac", "findings", "scores", "timings_ms", "extra"),
        *_text("prev_hash", "hash"),
        Column("chain_version", Kind.INT, default="1", added=True),
        Column("key_id", default="''", added=True),
    ),
    primary_key=("instance", "seq"),
)
# raw text of opted-in tenants, outside the chain (which holds its HMAC), so retention can delete it
TEXTS = Table("audit_text", (Column("id"), Column("text"), Column("expires_ts")), primary_key=("id",))
_CHECKPOINT_COLUMNS = (
    Column("instance"),
    Column("seq", Kind.SEQ),
    *_text("hash", "ts", "key_id", "signature"),
)
HEADS = Table("audit_heads", _CHECKPOINT_COLUMNS, primary_key=("instance",))  # one row per chain
CHECKPOINTS = Table("audit_checkpoints", _CHECKPOINT_COLUMNS, primary_key=("instance", "seq"))
# written only by a store's retention purge, inside the transaction that deletes the covered records
PURGE_GRANT = Table("audit_purge_grant", (Column("instance"), Column("upto_seq", Kind.SEQ)))

TABLES: tuple[Table, ...] = (RECORDS, TEXTS, HEADS, CHECKPOINTS)
INDEXES: tuple[Index, ...] = (Index("audit_records_ts", RECORDS.name, ("ts",)),)
ADDED: tuple[Column, ...] = tuple(c for c in RECORDS.columns if c.added)


def create_tables(dialect: Dialect, tables: tuple[Table, ...] = TABLES) -> str:
    """The CREATE TABLE and CREATE INDEX statements (idempotent) of `tables`, in order."""
    names = {t.name for t in tables}
    statements = [t.create(dialect) for t in tables]
    statements += [i.create() for i in INDEXES if i.table in names]
    return "\n".join(statements) + "\n"
