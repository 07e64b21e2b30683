"""The server's audit trail: every final verdict becomes a hash-chained AuditRecord, durable before release.

    Auditor.open(settings, metrics)   AuditSink over open_store(settings.audit_path) (SQLite file or
                                      postgresql:// URL), opened lazily on the writer thread so a store
                                      that is down at start degrades health instead of failing start-up
    await record(outcome)             AuditRecord.from_verdict(...) -> sink.submit(...), then wait (at
                                      most audit_release_timeout_s) until the record has committed
    started(**extra)                  a `start` record: the server opened its audit sink
    refused(refusal)                  a `refusal` record for a request refused without a verdict; not
                                      awaited, and skipped (counted, then noted on the next one) while
                                      the buffer is half full, so refusals never crowd out verdicts
    health() / close(timeout)         the sink's; close flushes what is buffered (graceful drain)

Durable before released: `record` returns once the transaction holding the record has committed (the
writer commits in groups, one fsync per group). When that takes longer than `audit_release_timeout_s`,
the verdict is refused with AuditUnavailableError (UNAVAILABLE), unless fail-open lets it out anyway:
the tenant's policy (`audit_fail_open`) decides, else the server's setting. A fail-open verdict's record
stays in the sink's buffer, retried until the store takes it. Either way the record, once written, says
so (`extra.release`: "withheld" or "released_before_durable"). A record the sink dropped (buffer full)
withholds its verdict even for a fail-open tenant, and is counted in a gap record.

The text is kept only as an HMAC under the deployment key, unless the tenant's route opts in with
`store_text` (then the store keeps it beside the chain, with the route's retention). The key comes from
`audit_hmac_key` (VERDICT_AUDIT_HMAC_KEY), else `audit_hmac_key_file`, else `<audit_path>.hmac-key`,
generated on first start: without the same key, later digests could not be matched to a text.

The chain is keyed the same way, with its own key (`audit_chain_key`, else `audit_chain_key_file`, else
`<audit_path>.chain-key`), and each batch commits with the chain's head signed by the Ed25519 key
`audit_signing_key_file` (else `<audit_path>.signing-key`, public key beside it as `.pub`).
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from verdict.governance.audit import AuditRecord, AuditSink, SinkHealth, open_store
from verdict.governance.audit.checkpoint import Signer
from verdict.governance.audit.evidence_stats import REFUSAL, START
from verdict.governance.audit.record import ChainKey
from verdict.governance.audit.sink import RELEASED_EARLY, WITHHELD
from verdict.governance.audit.stores import CHAIN_KEY_SUFFIX, SIGNING_KEY_SUFFIX, URL_SCHEMES, sqlite_path
from verdict.runtime.errors import AuditUnavailableError, ConfigError
from verdict.serving.engine import Outcome
from verdict.serving.metrics import AuditMetrics, Metrics
from verdict.serving.settings import Settings, mask_url

log = logging.getLogger("verdict.serving")


@dataclass(frozen=True, slots=True)
class Refusal:
    """A request refused without a verdict, as its `refusal` record says it: never an action, never text."""

    request_id: str
    tenant: str  # "-" when no API key named one
    route: str  # "-" when the refused message named none
    method: str
    reason: str  # "auth" | "overload" | "deadline" | "invalid_argument" (evidence_stats.REFUSAL_REASONS)
    code: str  # the gRPC status code's name


class Auditor:
    def __init__(
        self,
        sink: AuditSink,
        key: bytes,
        *,
        where: str,
        timeout_s: float = 2.0,
        fail_open: bool = False,
        max_buffer: int = 100_000,
    ) -> None:
        self.sink, self._key, self.where = sink, key, where
        self._timeout, self._fail_open = timeout_s, fail_open
        self._refusal_room = max_buffer // 2  # buffered records past which a refusal is not recorded
        self.refusals_unrecorded = 0  # since the last refusal record (it says how many)

    @classmethod
    def open(cls, settings: Settings, metrics: Metrics) -> Auditor:
        key = hmac_key(settings)
        chain_key = ChainKey.from_secret(
            _secret(settings, "audit_chain_key", "audit_chain_key_file", CHAIN_KEY_SUFFIX, "chain")
        )
        signer = _signer(settings)
        url = settings.audit_path
        holder: list[AuditSink] = []
        sink = AuditSink(
            lambda: open_store(url),
            instance=settings.audit_instance,
            max_buffer=settings.audit_max_buffer,
            observer=AuditMetrics(metrics, lambda: holder[0].health().buffered if holder else 0),
            chain_key=chain_key,
            signer=signer,
            checkpoint_interval_s=settings.audit_checkpoint_interval_s,
        )
        holder.append(sink)
        log.info("audit chain key id %s, checkpoint signing key id %s", chain_key.key_id, signer.key_id)
        return cls(
            sink,
            key,
            where=mask_url(url),
            timeout_s=settings.audit_release_timeout_s,
            fail_open=settings.audit_fail_open,
            max_buffer=settings.audit_max_buffer,
        )

    def started(self, **extra: Any) -> None:
        """The `start` record of this process: first in what it writes (a restart when the chain had
        records before it, evidence_stats.restarts). Not awaited: the store may still be coming up."""
        self.sink.submit(AuditRecord.event(START, extra={"pid": os.getpid(), **extra}))

    def refused(self, refusal: Refusal) -> None:
        """Record a refused request, off the request path (the refusal does not wait for durability)."""
        if self.sink.health().buffered >= self._refusal_room:
            self.refusals_unrecorded += 1
            if self.refusals_unrecorded == 1:
                log.warning("audit buffer half full: refusals are counted, not recorded, until it drains")
            return
        extra: dict[str, Any] = {"reason": refusal.reason, "code": refusal.code, "method": refusal.method}
        if self.refusals_unrecorded:
            extra["unrecorded_before"], self.refusals_unrecorded = self.refusals_unrecorded, 0
        self.sink.submit(
            AuditRecord.event(
                REFUSAL,
                request_id=refusal.request_id,
                tenant=refusal.tenant,
                route=refusal.route,
                extra=extra,
            )
        )

    async def record(self, outcome: Outcome) -> None:
        """Submit the verdict's record and return once it is durable; AuditUnavailableError when it is
        not within the timeout and the policy is fail-closed."""
        verdict, route = outcome.verdict, outcome.scope.settings
        record = AuditRecord.from_verdict(
            verdict,
            request_id=outcome.request_id,
            hmac_key=self._key,
            timings_ms=outcome.timings.as_dict(),
            scores=outcome.scores,
        )
        if route.store_text:
            receipt = self.sink.submit(
                record, text=verdict.original_text, retention_days=route.retention_days
            )
        else:
            receipt = self.sink.submit(record)
        try:
            # shielded: a caller that goes away does not cancel the receipt the writer will resolve
            durable = await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(receipt)), self._timeout)
        except TimeoutError:
            durable = False
        if durable:
            return
        fail_open = self._fail_open if route.audit_fail_open is None else route.audit_fail_open
        if receipt.dropped:  # not even buffered: a verdict never goes out with no record at all
            self.sink.note(receipt, WITHHELD)
            raise AuditUnavailableError(
                "audit store unavailable: the verdict's audit record was dropped (the audit buffer is "
                "full: audit_max_buffer), so it is refused whatever audit_fail_open says; retry later"
            )
        if fail_open:
            self.sink.note(receipt, RELEASED_EARLY)
            return
        self.sink.note(receipt, WITHHELD)
        if route.audit_fail_open is None:
            who = (
                "the server is fail-closed (audit_fail_open: false; the policy of tenant "
                f"{route.tenant!r} does not set its own)"
            )
        else:
            who = f"tenant {route.tenant!r} is fail-closed (audit_fail_open: false in its policy)"
        raise AuditUnavailableError(
            f"audit store unavailable: the verdict's audit record is not durable after {self._timeout:g} s "
            f"(audit_release_timeout_s), and {who}; retry later"
        )

    def health(self) -> SinkHealth:
        return self.sink.health()

    def close(self, timeout: float) -> bool:
        return self.sink.close(timeout)


def hmac_key(settings: Settings) -> bytes:
    return _secret(settings, "audit_hmac_key", "audit_hmac_key_file", ".hmac-key", "HMAC")


def _secret(settings: Settings, value: str, file: str, suffix: str, what: str) -> bytes:
    """A secret from its setting, else its file, else `<audit_path><suffix>` (generated on first start)."""
    given = getattr(settings, value)
    if given is not None:
        return given.get_secret_value().encode("utf-8")
    path = _key_path(settings, file, suffix, f"{value} (VERDICT_{value.upper()}) or {file}")
    try:
        if path.exists():
            return path.read_text(encoding="utf-8").strip().encode("utf-8")
        return _generate(path, what)
    except OSError as exc:
        raise ConfigError(
            f"cannot read or create the audit {what} key {path}: {exc.strerror}", field=file
        ) from exc


def _key_path(settings: Settings, file: str, suffix: str, needed: str) -> Path:
    path = getattr(settings, file)
    if path is not None:
        return path
    if settings.audit_path.startswith(URL_SCHEMES):
        # Instances sharing a PostgreSQL store must share the keys; a generated local one would not be.
        raise ConfigError(f"a PostgreSQL audit store needs {needed}", field=file)
    return Path(sqlite_path(settings.audit_path) + suffix)


def _signer(settings: Settings) -> Signer:
    path = _key_path(settings, "audit_signing_key_file", SIGNING_KEY_SUFFIX, "audit_signing_key_file")
    try:
        signer, created = Signer.load_or_create(path)
    except (OSError, ValueError) as exc:
        raise ConfigError(
            f"cannot read or create the audit signing key {path}: {exc}", field="audit_signing_key_file"
        ) from exc
    if created:
        log.warning(
            "generated the audit checkpoint signing key %s and its public key %s.pub (copy the .pub to "
            "wherever `verdict audit verify` runs)",
            path,
            path,
        )
    return signer


def _generate(path: Path, what: str) -> bytes:
    key = secrets.token_hex(32)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(key + "\n")
    log.warning(
        "generated the audit %s key %s (keep it with the audit log: verification needs it)", what, path
    )
    return key.encode("utf-8")
