"""How many audit records one writer commits a second: the keyed hash chain with Ed25519-signed heads on
SQLite, through the server's own AuditSink (batches of 256), records shaped like a REDACT verdict's.

    python -m benchmarks.replicas.audit_rate [--records 50000] [--runs 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from verdict.governance.audit.checkpoint import Signer
from verdict.governance.audit.record import AuditRecord, ChainKey
from verdict.governance.audit.sink import AuditSink
from verdict.governance.audit.sqlite import SQLiteAuditStore

FINDING = {
    "type": "EMAIL_ADDRESS",
    "category": "pii",
    "score": 0.9,
    "start": 3,
    "end": 20,
    "detector": "model",
}


def record(i: int) -> AuditRecord:
    return AuditRecord(
        tenant="acme",
        route="chat",
        request_id=f"r{i}",
        action="REDACT",
        enforced_action="REDACT",
        mode="enforce",
        model_version="verdict/7",
        policy_version="2026.12.2+0",
        text_hmac="00" * 32,
        findings=(FINDING,),
        scores={"hate": 0.01},
        timings_ms={"total_ms": 3.5},
    )


def run(records: int, directory: Path) -> float:
    """Records per second from the first submit until every record is committed."""
    sink = AuditSink(
        SQLiteAuditStore(str(directory / "audit.sqlite")),
        instance="bench",
        chain_key=ChainKey.from_secret(b"k" * 32),
        signer=Signer(Ed25519PrivateKey.generate()),
    )
    started = time.perf_counter()
    for i in range(records):
        while not sink.submit(record(i)):  # the buffer is full: the writer is the limit, wait for it
            time.sleep(0.001)
    sink.flush(600)
    seconds = time.perf_counter() - started
    sink.close()
    return records / seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    for n in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="verdict-audit-rate-") as directory:
            print(f"run {n}: {run(args.records, Path(directory)):.0f} records/s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
