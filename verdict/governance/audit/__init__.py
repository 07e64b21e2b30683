"""Audit: one hash-chained record per verdict, written off the request path.

store = open_store(DEFAULT_PATH)                     # "verdict-audit.sqlite", or "postgresql://..."
sink = AuditSink(store, instance="verdict-0")       # one writer thread per instance chain
receipt = sink.submit(AuditRecord.from_verdict(verdict, request_id=rid, hmac_key=key, timings_ms=t, scores=s))
receipt.result(timeout=2.0)                         # True once committed (a concurrent.futures.Future)
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
from verdict.governance.audit.sink import AuditSink, NullObserver, Receipt, SinkHealth, SinkObserver
from verdict.governance.audit.store import AuditStore, MissingStoreError, StaleHeadError
from verdict.governance.audit.stores import DEFAULT_PATH, open_store

__all__ = [
    "DEFAULT_PATH",
    "AuditRecord",
    "AuditSink",
    "AuditStore",
    "ChainReport",
    "MissingStoreError",
    "NullObserver",
    "Receipt",
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
