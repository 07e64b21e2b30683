"""Which audit store a URL names: the one place that knows every implementation of `AuditStore`."""

from __future__ import annotations

from verdict.governance.audit.store import AuditStore


def open_store(url: str) -> AuditStore:
    """`postgresql://...` -> PostgresAuditStore; anything else (a path, or sqlite:///path) -> SQLiteAuditStore."""
    if url.startswith(("postgresql://", "postgres://")):
        from verdict.governance.audit.postgres import PostgresAuditStore

        return PostgresAuditStore(url)
    from verdict.governance.audit.sqlite import SQLiteAuditStore

    return SQLiteAuditStore(url.removeprefix("sqlite:///").removeprefix("sqlite://"))
