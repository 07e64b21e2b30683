"""Audit: one hash-chained record per verdict, written off the request path.

store = open_store("audit.db")                      # or "postgresql://..."
sink = AuditSink(store, instance="verdict-0")       # one writer thread per instance chain
sink.submit(AuditRecord.from_verdict(verdict, request_id=rid, hmac_key=key, timings_ms=t, scores=s))
sink.health(); sink.flush(); sink.close()
"""

from verdict.governance.audit.record import (
    AuditRecord,
    ChainReport,
    canonical_json,
    new_id,
    text_hmac,
    utc_ts,
    verify_chain,
)
from verdict.governance.audit.sink import AuditSink, NullObserver, SinkHealth, SinkObserver
from verdict.governance.audit.store import AuditStore, StaleHeadError
from verdict.governance.audit.stores import open_store

__all__ = [
    "AuditRecord",
    "AuditSink",
    "AuditStore",
    "ChainReport",
    "NullObserver",
    "SinkHealth",
    "SinkObserver",
    "StaleHeadError",
    "canonical_json",
    "new_id",
    "open_store",
    "text_hmac",
    "utc_ts",
    "verify_chain",
]
