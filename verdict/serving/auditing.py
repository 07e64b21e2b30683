"""The server's audit trail: every final verdict becomes a hash-chained AuditRecord, off the hot path.

    Auditor.open(settings, metrics)   AuditSink over open_store(settings.audit_path) (SQLite file or
                                      postgresql:// URL), opened lazily on the writer thread so a store
                                      that is down at start degrades health instead of failing start-up
    record(outcome)                   AuditRecord.from_verdict(...) -> sink.submit(...): never blocks
    health() / close(timeout)         the sink's; close flushes what is buffered (graceful drain)

The text is kept only as an HMAC under the deployment key, unless the tenant's route opts in with
`store_text` (then the store keeps it beside the chain, with the route's retention). The key comes from
`audit_hmac_key` (VERDICT_AUDIT_HMAC_KEY), else `audit_hmac_key_file`, else `<audit_path>.hmac-key`,
generated on first start: without the same key, later digests could not be matched to a text.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from verdict.governance.audit import AuditRecord, AuditSink, SinkHealth, open_store
from verdict.governance.audit.stores import URL_SCHEMES, sqlite_path
from verdict.runtime.errors import ConfigError
from verdict.serving.engine import Outcome
from verdict.serving.metrics import AuditMetrics, Metrics
from verdict.serving.settings import Settings, mask_url

log = logging.getLogger("verdict.serving")


class Auditor:
    def __init__(self, sink: AuditSink, key: bytes, *, where: str) -> None:
        self.sink, self._key, self.where = sink, key, where

    @classmethod
    def open(cls, settings: Settings, metrics: Metrics) -> Auditor:
        key = hmac_key(settings)
        url = settings.audit_path
        holder: list[AuditSink] = []
        sink = AuditSink(
            lambda: open_store(url),
            instance=settings.audit_instance,
            max_buffer=settings.audit_max_buffer,
            observer=AuditMetrics(metrics, lambda: holder[0].health().buffered if holder else 0),
        )
        holder.append(sink)
        return cls(sink, key, where=mask_url(url))

    def record(self, outcome: Outcome) -> None:
        verdict, route = outcome.verdict, outcome.scope.settings
        record = AuditRecord.from_verdict(
            verdict,
            request_id=outcome.request_id,
            hmac_key=self._key,
            timings_ms=outcome.timings.as_dict(),
            scores=outcome.scores,
        )
        if route.store_text:
            self.sink.submit(record, text=verdict.original_text, retention_days=route.retention_days)
        else:
            self.sink.submit(record)

    def health(self) -> SinkHealth:
        return self.sink.health()

    def close(self, timeout: float) -> bool:
        return self.sink.close(timeout)


def hmac_key(settings: Settings) -> bytes:
    if settings.audit_hmac_key is not None:
        return settings.audit_hmac_key.get_secret_value().encode("utf-8")
    path = settings.audit_hmac_key_file
    if path is None:
        if settings.audit_path.startswith(URL_SCHEMES):
            # Instances sharing a PostgreSQL store must share the key; a generated local one would not be.
            raise ConfigError(
                "a PostgreSQL audit store needs audit_hmac_key (VERDICT_AUDIT_HMAC_KEY) or audit_hmac_key_file",
                field="audit_hmac_key",
            )
        path = Path(sqlite_path(settings.audit_path) + ".hmac-key")
    try:
        if path.exists():
            return path.read_text(encoding="utf-8").strip().encode("utf-8")
        return _generate(path)
    except OSError as exc:
        raise ConfigError(
            f"cannot read or create the audit HMAC key {path}: {exc.strerror}", field="audit_hmac_key_file"
        ) from exc


def _generate(path: Path) -> bytes:
    key = secrets.token_hex(32)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(key + "\n")
    log.warning(
        "generated the audit HMAC key %s (keep it with the audit log: text digests are checked with it)", path
    )
    return key.encode("utf-8")
