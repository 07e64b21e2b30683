"""`verdict audit verify [--db PATH|URL]`: recompute the hash chain; exit 1 at the first bad record.

Exit codes: 0 intact, 1 tampered, 2 no audit log at the path (verify never creates one).
"""

from __future__ import annotations

import argparse
import json
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from verdict.governance.audit.stores import DEFAULT_PATH

    parser.add_argument(
        "--db",
        default=DEFAULT_PATH,
        help=f"SQLite file or postgresql:// URL of the audit store (default: {DEFAULT_PATH}, the server's)",
    )
    parser.add_argument("--instance", help="verify only this instance's chain")
    parser.add_argument(
        "--expect-head",
        metavar="INSTANCE:SEQ:HASH",
        action="append",
        default=[],
        help="a head recorded earlier (e.g. in a ticket); detects deletion of the newest records",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def verify_store(
    store, *, instance: str | None = None, expect_heads: dict[str, tuple[int, str]] | None = None
):
    from verdict.governance.audit.record import ChainReport, verify_chain

    report = verify_chain(store.records(instance=instance), store.purge_marks())
    for inst, (seq, digest) in (expect_heads or {}).items():
        if not report.ok:
            break
        have = report.chains.get(inst, (0, ""))
        if have[0] < seq or (have[0] == seq and have[1] != digest):
            problem = (
                f"the chain ends at seq {have[0]} but seq {seq} was recorded earlier: records were truncated"
            )
            report = ChainReport(
                False,
                report.records,
                report.chains,
                have[0] + 1,
                inst,
                problem,
                {inst: (have[0] + 1, problem)},
            )
    return report


def run(args: argparse.Namespace) -> int:
    from verdict.governance.audit.store import MissingStoreError
    from verdict.governance.audit.stores import open_store

    expect = {}
    for item in args.expect_head:
        inst, seq, digest = item.rsplit(":", 2)
        expect[inst] = (int(seq), digest)
    try:
        store = open_store(args.db, create=False)
    except MissingStoreError as exc:
        print(f"verdict audit verify: {exc}", file=sys.stderr)
        return 2
    try:
        report = verify_store(store, instance=args.instance, expect_heads=expect)
    finally:
        store.close()
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))
    elif report.ok:
        print(f"OK: {report.records} records, chain intact")
        for inst, (seq, digest) in sorted(report.chains.items()):
            print(f"  {inst}: head seq {seq} hash {digest}")
    else:
        print(
            f"TAMPERED: {report.problem} (instance {report.first_bad_instance}, first bad seq {report.first_bad_seq})",
            file=sys.stderr,
        )
    return 0 if report.ok else 1
