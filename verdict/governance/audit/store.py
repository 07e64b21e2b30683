"""The interface every audit store implements (`verdict.governance.audit.stores.open_store` picks one).

A store is written by one writer per instance (the AuditSink's thread) and read by anyone. `append`
is one transaction: a batch is either committed whole or not at all, and "acknowledged" means
committed, together with the chain's signed head when the writer signs (checkpoint.py). Raw text, for tenants that opt in, lives in a separate table outside the chain (the chain
holds its HMAC), so retention can delete it without touching the chain.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Protocol

from verdict.governance.audit.checkpoint import Checkpoint
from verdict.governance.audit.record import AuditRecord
from verdict.governance.audit.schema import RECORDS

COLUMNS: tuple[str, ...] = RECORDS.names  # the order of `to_row` and `from_row`
JSON_COLUMNS = frozenset({"findings", "scores", "timings_ms", "extra"})


class MissingStoreError(FileNotFoundError):
    """A reader was pointed at an audit store that is not there (it never creates one)."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where


class StaleHeadError(RuntimeError):
    """The batch does not continue the chain head in the store (another writer got there first)."""


def check_head(records: Sequence[AuditRecord], head: tuple[int, str]) -> None:
    if records and (records[0].seq - 1, records[0].prev_hash) != head:
        raise StaleHeadError(f"batch starts at seq {records[0].seq} but the chain head is seq {head[0]}")


class AuditStore(Protocol):
    def head(self, instance: str) -> tuple[int, str]: ...  # (0, "") for an empty chain
    def append(
        self,
        records: Sequence[AuditRecord],
        texts: Mapping[str, tuple[str, str]] | None = None,
        *,
        head: Checkpoint | None = None,  # the signed new head, written in the same transaction
        keep: bool = False,  # also keep it among the permanent checkpoints
    ) -> None: ...
    def records(
        self,
        since: str | None = None,
        until: str | None = None,
        *,
        instance: str | None = None,
        tenant: str | None = None,
    ) -> Iterator[AuditRecord]: ...
    def purge_marks(self) -> dict[str, tuple[int, str]]: ...
    def signed_heads(self) -> dict[str, Checkpoint]: ...  # instance -> its current signed head
    def checkpoints(self) -> list[Checkpoint]: ...  # the permanent ones, in (instance, seq) order
    def close(self) -> None: ...


def to_row(record: AuditRecord) -> tuple:
    body = record.to_dict()
    return tuple(
        json.dumps(body[c], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        if c in JSON_COLUMNS
        else body[c]
        for c in COLUMNS
    )


def from_row(row: Sequence) -> AuditRecord:
    data = dict(zip(COLUMNS, row))
    for c in JSON_COLUMNS:
        data[c] = json.loads(data[c]) if isinstance(data[c], str) else data[c]
    return AuditRecord.from_dict(data)
