"""`verdict audit verify` and `verdict audit checkpoints`.

    verdict audit verify [--db PATH|URL] [--key-file F ...] [--public-key F ...] [--checkpoints F ...]
        recompute every chain (keyed records with the chain keys), check the signed heads and checkpoints
        (signatures, hashes, truncation); exit 0 intact, 1 tampered, 2 no audit log / keys unreadable
    verdict audit checkpoints [--db PATH|URL] -o FILE
        export the signed heads and checkpoints as JSONL, to keep where the database's writers cannot write

For a SQLite log the keys are found beside it, where the server writes them: `<db>.chain-key` (the
chain's HMAC key) and `<db>.signing-key.pub` (the checkpoints' public key). Old keys after a rotation
are given with more `--key-file` / `--public-key` flags: records and checkpoints name their key's id.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from verdict.governance.audit.stores import CHAIN_KEY_SUFFIX, SIGNING_KEY_SUFFIX


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from verdict.governance.audit.stores import DEFAULT_PATH

    parser.add_argument(
        "--db",
        default=DEFAULT_PATH,
        help=f"SQLite file or postgresql:// URL of the audit store (default: {DEFAULT_PATH}, the server's)",
    )
    command = parser.prog.split()[-1]
    parser.set_defaults(_audit_command=command)
    if command == "checkpoints":
        parser.add_argument("-o", "--output", required=True, help="JSONL file to write the checkpoints to")
        return
    add_key_arguments(parser)
    parser.add_argument("--instance", help="verify only this instance's chain")
    parser.add_argument(
        "--checkpoints",
        type=Path,
        action="append",
        default=[],
        help="checkpoints exported earlier (verdict audit checkpoints -o): catches a rollback of the whole database",
    )
    parser.add_argument(
        "--expect-head",
        metavar="INSTANCE:SEQ:HASH",
        action="append",
        default=[],
        help="a head recorded earlier (e.g. in a ticket); detects deletion of the newest records",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def add_key_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--key-file",
        type=Path,
        action="append",
        default=[],
        help=f"chain key (HMAC) file; repeat for rotated keys (default: <db>{CHAIN_KEY_SUFFIX} when present)",
    )
    parser.add_argument(
        "--public-key",
        type=Path,
        action="append",
        default=[],
        help=f"checkpoint public key (PEM); repeat for rotated keys (default: <db>{SIGNING_KEY_SUFFIX}.pub when present)",
    )


def load_keys(db: str, key_files: Iterable[Path], public_keys: Iterable[Path]):
    """(chain keys by id, public keys by id) from the files given, else the ones beside a SQLite `db`."""
    from verdict.governance.audit.checkpoint import load_public_keys
    from verdict.governance.audit.record import ChainKey
    from verdict.governance.audit.stores import URL_SCHEMES, sqlite_path

    key_files, public_keys = list(key_files), list(public_keys)
    if not db.startswith(URL_SCHEMES):
        beside = Path(sqlite_path(db))
        for given, suffix in ((key_files, CHAIN_KEY_SUFFIX), (public_keys, SIGNING_KEY_SUFFIX + ".pub")):
            default = beside.with_name(beside.name + suffix)
            if not given and default.is_file():
                given.append(default)
    chain_keys = {}
    for path in key_files:
        key = ChainKey.from_secret(Path(path).read_text(encoding="utf-8").strip().encode("utf-8"))
        chain_keys[key.key_id] = key.secret
    return chain_keys, load_public_keys(public_keys)


def verify_store(
    store,
    *,
    instance: str | None = None,
    expect_heads: dict[str, tuple[int, str]] | None = None,
    keys: Mapping[str, bytes] | None = None,
    public_keys: Mapping | None = None,
    exported: Iterable = (),
):
    """The chain report, with the signed heads and checkpoints (the store's and `exported`) checked
    against `public_keys`. Where public keys are given, every chain must have a signed head."""
    from verdict.governance.audit.checkpoint import Checkpoint
    from verdict.governance.audit.record import ChainReport, verify_chain

    heads = {k: v for k, v in store.signed_heads().items() if instance in (None, k)}
    checkpoints: list[Checkpoint] = [
        cp for cp in [*store.checkpoints(), *exported] if instance in (None, cp.instance)
    ]
    for inst, (seq, digest) in (expect_heads or {}).items():
        checkpoints.append(Checkpoint(inst, seq, digest, "", "", ""))  # trusted as given, not signed
    wanted = {(cp.instance, cp.seq) for cp in [*checkpoints, *heads.values()]}
    found: dict[tuple[str, int], str] = {}
    purges = store.purge_marks()
    report = verify_chain(_noting(store.records(instance=instance), wanted, found), purges, keys)
    failures = dict(report.failures)
    signing = public_keys is not None and bool(public_keys)
    instances = set(report.chains) | set(failures) | set(heads)
    for inst in sorted(instances):
        if inst in failures:
            continue
        problem = _checkpoint_problem(
            inst,
            report.chains.get(inst, (0, "")),
            heads.get(inst),
            [cp for cp in checkpoints if cp.instance == inst],
            found,
            purges.get(inst, (0, ""))[0],
            public_keys or {},
            need_head=signing,
        )
        if problem:
            failures[inst] = problem
    if not failures:
        return report
    inst, (seq, problem) = min(failures.items(), key=lambda kv: kv[0])
    if not report.ok:
        inst, seq, problem = report.first_bad_instance, report.first_bad_seq, report.problem
    return ChainReport(False, report.records, report.chains, seq, inst, problem, failures)


def _noting(records: Iterator, wanted: set, found: dict) -> Iterator:
    for rec in records:
        if (rec.instance, rec.seq) in wanted:
            found[(rec.instance, rec.seq)] = rec.hash
        yield rec


def _checkpoint_problem(
    instance: str,
    chain_head: tuple[int, str],
    head,
    checkpoints: list,
    found: Mapping[tuple[str, int], str],
    purged_upto: int,
    public_keys: Mapping,
    *,
    need_head: bool,
) -> tuple[int, str] | None:
    from verdict.governance.audit.checkpoint import signature_problem

    end = chain_head[0]
    if head is None and need_head and end:
        return end, f"chain {instance!r} has no signed head: it was deleted, or no signing writer wrote it"
    signed = sorted([*checkpoints, *([head] if head else [])], key=lambda c: c.seq)
    for cp in signed:
        if cp.signature or cp.key_id:  # an --expect-head has neither: it is trusted as given
            problem = signature_problem(cp, public_keys)
            if problem:
                return cp.seq, f"{instance}: {problem}"
    if signed and signed[-1].seq > end:
        return end + 1, (
            f"the chain ends at seq {end} but seq {signed[-1].seq} was signed or recorded earlier: "
            f"{signed[-1].seq - end} records were truncated"
        )
    for cp in signed:
        if cp.seq > purged_upto and found.get((instance, cp.seq)) != cp.hash:
            return cp.seq, f"record seq {cp.seq} does not match its signed checkpoint (rewritten)"
    if head is not None and head.seq != end:
        return head.seq + 1, (
            f"records seq {head.seq + 1} to {end} come after the signed head: appended without the writer's key"
        )
    return None


def run(args: argparse.Namespace) -> int:
    from verdict.governance.audit.store import MissingStoreError
    from verdict.governance.audit.stores import open_store

    command = getattr(args, "_audit_command", "verify")
    try:
        store = open_store(args.db, create=False)
    except MissingStoreError as exc:
        print(f"verdict audit {command}: {exc}", file=sys.stderr)
        return 2
    try:
        if command == "checkpoints":
            return _export(store, args.output)
        return _verify(store, args)
    finally:
        store.close()


def _export(store, output: str) -> int:
    from verdict.governance.audit.checkpoint import write_jsonl

    written = write_jsonl([*store.checkpoints(), *store.signed_heads().values()], Path(output))
    print(f"wrote {written} signed checkpoints to {output}")
    return 0


def _verify(store, args: argparse.Namespace) -> int:
    from verdict.governance.audit.checkpoint import read_jsonl

    expect = {}
    for item in args.expect_head:
        inst, seq, digest = item.rsplit(":", 2)
        expect[inst] = (int(seq), digest)
    try:
        keys, public_keys = load_keys(args.db, args.key_file, args.public_key)
        exported = [cp for path in args.checkpoints for cp in read_jsonl(path)]
    except (OSError, ValueError) as exc:
        print(f"verdict audit verify: cannot read a key or checkpoint file: {exc}", file=sys.stderr)
        return 2
    report = verify_store(
        store,
        instance=args.instance,
        expect_heads=expect,
        keys=keys,
        public_keys=public_keys,
        exported=exported,
    )
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))
    elif report.ok:
        signed = "signed heads checked" if public_keys else "no signing key given: heads not checked"
        print(f"OK: {report.records} records, chain intact ({signed})")
        for inst, (seq, digest) in sorted(report.chains.items()):
            print(f"  {inst}: head seq {seq} hash {digest}")
    else:
        print(
            f"TAMPERED: {report.problem} (instance {report.first_bad_instance}, first bad seq {report.first_bad_seq})",
            file=sys.stderr,
        )
    return 0 if report.ok else 1
