"""Which audit store a URL names: the one place that knows every implementation of `AuditStore`."""

from __future__ import annotations

from verdict.governance.audit.store import AuditStore

# The one default audit location: the server writes it, and `verdict audit verify`, `verdict evidence`
# read it, so a bare command in the server's directory finds the server's log.
DEFAULT_PATH = "verdict-audit.sqlite"
URL_SCHEMES = ("postgresql://", "postgres://")
# Where the server keeps a SQLite log's keys by default, and the tools look for them: <path><suffix>
CHAIN_KEY_SUFFIX = ".chain-key"  # HMAC key of the keyed chain
SIGNING_KEY_SUFFIX = ".signing-key"  # Ed25519 private key of the checkpoints; the public one adds .pub


def sqlite_path(url: str) -> str:
    """The file a SQLite store URL (a path, or sqlite:///path) names."""
    return url.removeprefix("sqlite:///").removeprefix("sqlite://")


def open_store(url: str, *, create: bool = True) -> AuditStore:
    """`postgresql://...` -> PostgresAuditStore; anything else (a path, or sqlite:///path) -> SQLiteAuditStore.

    `create=False` is for the readers (verify, evidence, review): a SQLite file that does not exist, or
    holds no audit log, raises `MissingStoreError` instead of being created empty and reported intact."""
    if url.startswith(URL_SCHEMES):
        from verdict.governance.audit.postgres import PostgresAuditStore

        return PostgresAuditStore(url)
    from verdict.governance.audit.sqlite import SQLiteAuditStore

    return SQLiteAuditStore(sqlite_path(url), create=create)
