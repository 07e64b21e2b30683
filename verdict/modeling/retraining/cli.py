"""The retraining subcommands: `review export`, `review import`, `gate`, `promote`, `rollback`.

One module serves the five entries of `verdict.cli.COMMANDS`; each subparser's `prog` names its
command, so `add_arguments` knows which arguments to add and which function `run` calls.

    verdict review export --db verdict-audit.sqlite --since 2025-06-01 -o queue.jsonl
    verdict review import queue_labeled.jsonl -o labels.jsonl            (+ review-dev.jsonl)
    verdict gate --candidate models/verdict/13 --baseline models/verdict/12 --data build/data \
        [--extra-dev review-dev.jsonl] [--transfer-sets everyday probes ...]   (the transfer benchmark too)
    verdict promote --version 7        verdict rollback

Exit status: 0 done (gate: PASS), 1 gate FAIL or promotion refused, 2 bad input.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from functools import partial
from itertools import islice
from pathlib import Path

EXIT_OK, EXIT_REFUSED, EXIT_BAD_INPUT = 0, 1, 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    command = " ".join(parser.prog.split()[1:])
    add, run_ = _COMMANDS[command]
    add(parser)
    parser.set_defaults(_retraining=run_)


def run(args: argparse.Namespace) -> int:
    from verdict.modeling.data.schema import SchemaError
    from verdict.modeling.retraining.registry import PromotionError
    from verdict.runtime.errors import ConfigError

    try:
        return args._retraining(args)
    except PromotionError as exc:
        print(f"verdict: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except (ConfigError, SchemaError, OSError) as exc:
        print(f"verdict: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


# -- review export --------------------------------------------------------------------------------


def _export_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", required=True, help="audit store: SQLite file or postgresql:// URL")
    p.add_argument("--since", help="first timestamp (ISO date or time, UTC), inclusive")
    p.add_argument("--until", help="last timestamp (ISO date or time, UTC), exclusive")
    p.add_argument("--tenant", help="only this tenant's records")
    p.add_argument("--actions", default="FLAG,BLOCK", help="policy actions to queue (default: FLAG,BLOCK)")
    p.add_argument(
        "--max-score-margin",
        type=float,
        default=0.15,
        help="also queue records with a score within this of its threshold (0: off)",
    )
    p.add_argument(
        "--repository",
        type=Path,
        default=Path("models"),
        help="model repository: per-label thresholds of the record's model version (else 0.5)",
    )
    p.add_argument("-o", "--out", type=Path, required=True, help="queue JSONL to write")


def _export(args: argparse.Namespace) -> int:
    from verdict.governance.audit import open_store
    from verdict.modeling.retraining.review import QueueFilter, export_queue, parse_when

    which = QueueFilter(
        actions=tuple(a.strip().upper() for a in args.actions.split(",") if a.strip()),
        margin=args.max_score_margin,
    )
    store = open_store(args.db, create=False)  # a mistyped --db is an error, never a new empty log
    try:
        count = with_text = 0
        with open(args.out, "w", encoding="utf-8") as out:
            for line in export_queue(
                store,
                since=parse_when(args.since),
                until=parse_when(args.until),
                tenant=args.tenant,
                which=which,
                repository=args.repository,
            ):
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
                count, with_text = count + 1, with_text + (line["text"] is not None)
    finally:
        store.close()
    print(f"wrote {count} records to {args.out} ({with_text} with text; the others carry text_hmac only)")
    return EXIT_OK


# -- review import --------------------------------------------------------------------------------


def _import_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("queue", type=Path, help="the reviewed queue JSONL (labels filled in)")
    p.add_argument("-o", "--out", type=Path, required=True, help="training examples JSONL (split train)")
    p.add_argument(
        "--dev-out", type=Path, help="held-out review-dev JSONL (default: review-dev.jsonl beside -o)"
    )


def _import(args: argparse.Namespace) -> int:
    from verdict.modeling.data.schema import write_jsonl
    from verdict.modeling.retraining.review import import_labels

    with open(args.queue, encoding="utf-8") as fh:
        imported = import_labels(fh, source_name=str(args.queue))
    if imported.errors:
        shown = list(islice(imported.errors, 50))
        more = len(imported.errors) - len(shown)
        print("\n".join(shown) + (f"\n... and {more} more" if more else ""), file=sys.stderr)
        print(
            f"verdict review import: {len(imported.errors)} lines need fixing; nothing written",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    dev_out = args.dev_out or args.out.with_name("review-dev.jsonl")
    write_jsonl(args.out, imported.train)
    write_jsonl(dev_out, imported.dev)
    print(
        f"wrote {len(imported.train)} train examples to {args.out}, {len(imported.dev)} review-dev to "
        f"{dev_out}; {imported.skipped} lines not reviewed yet (skipped)"
    )
    return EXIT_OK


# -- gate -----------------------------------------------------------------------------------------


def _gate_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--candidate", type=Path, required=True, help="the retrained version dir")
    p.add_argument("--baseline", type=Path, required=True, help="the version it must not regress from")
    p.add_argument("--data", type=Path, default=Path("build/data"), help="dir with dev.jsonl")
    p.add_argument("--extra-dev", type=Path, help="review-dev JSONL from `verdict review import`")
    p.add_argument("--tolerance", type=float, default=0.01, help="largest allowed drop of a gate metric")
    p.add_argument(
        "--limit", type=int, help="evaluate only the first N dev examples (and of each transfer set)"
    )
    p.add_argument(
        "--transfer-sets",
        nargs="+",
        metavar="SET",
        help="the transfer benchmark's sets to gate on (default: all of them)",
    )
    p.add_argument(
        "--no-transfer",
        action="store_true",
        help="gate on in-distribution dev only (recorded as such in gate.json)",
    )
    p.add_argument(
        "--transfer-tolerance",
        type=float,
        default=None,
        help="largest allowed AUROC drop or false-action rise on a transfer set (default 0.02)",
    )
    p.add_argument("--shared", type=Path, help="the shared data root (default: ../shared/data)")
    p.add_argument(
        "--no-first-use",
        action="store_true",
        help="skip the first-use cases (benchmarks/first_use/cases.jsonl; recorded as not run)",
    )


def _gate(args: argparse.Namespace) -> int:
    from verdict.modeling.data.schema import read_jsonl
    from verdict.modeling.retraining.gate import TRANSFER_TOLERANCE, gate, write_gate
    from verdict.runtime.errors import VerdictError

    dev = list(islice(read_jsonl(args.data / "dev.jsonl"), args.limit))
    review_dev = list(read_jsonl(args.extra_dev)) if args.extra_dev else []
    transfer = None if args.no_transfer else _transfer_runner(args)
    if isinstance(transfer, str):
        print(f"verdict gate: {transfer}", file=sys.stderr)
        return EXIT_BAD_INPUT
    tolerance = TRANSFER_TOLERANCE if args.transfer_tolerance is None else args.transfer_tolerance
    first_use = None
    if not args.no_first_use:
        from verdict.modeling.evaluation.first_use import load_cases, run_cases

        try:
            cases = load_cases()
        except (ValueError, OSError) as exc:
            print(f"verdict gate: first-use cases: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
        first_use = partial(run_cases, cases=cases)
    try:
        result = gate(
            args.candidate,
            args.baseline,
            dev,
            review_dev=review_dev,
            tolerance=args.tolerance,
            transfer=transfer,
            transfer_tolerance=tolerance,
            first_use=first_use,
            progress=sys.stderr.isatty(),
        )
    except (VerdictError, OSError) as exc:
        print(f"verdict gate: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    path = write_gate(args.candidate, result)
    print("\n".join(result.lines()) + f"\nwrote {path} (and the candidate's manifest metrics.gate)")
    return EXIT_OK if result.passed else EXIT_REFUSED


def _transfer_runner(args: argparse.Namespace):
    """A version dir -> its transfer SetResults, or why the benchmark cannot run (a message)."""
    from verdict.modeling.data.build import data_root
    from verdict.modeling.evaluation import transfer

    sets = args.transfer_sets or list(transfer.SET_BY_NAME)
    unknown = sorted(set(sets) - set(transfer.SET_BY_NAME))
    if unknown:
        return f"--transfer-sets: unknown {unknown}; known: {sorted(transfer.SET_BY_NAME)}"
    root = data_root(args.shared)
    shared = [transfer.SET_BY_NAME[name] for name in sets if transfer.SET_BY_NAME[name].dev_only]
    missing = [spec.name for spec in shared if not (root / spec.source).is_dir()]
    if missing:
        return (
            f"--transfer-sets: {missing} need the shared data under {root}; pass --shared, "
            f"name other sets, or --no-transfer"
        )
    return lambda model_dir: transfer.run_suite(model_dir, root, sets=sets, limit=args.limit)


# -- promote / rollback ---------------------------------------------------------------------------


def _registry_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--repository", type=Path, default=Path("models"), help="model repository (default: models)"
    )
    p.add_argument("--model", default="verdict", help="model name (default: verdict)")
    p.add_argument("--by", default=None, help="who (default: the login name)")


def _promote_arguments(p: argparse.ArgumentParser) -> None:
    _registry_arguments(p)
    p.add_argument("--version", required=True, help="the version to serve")
    p.add_argument("--force", action="store_true", help="promote without a passing gate.json")


def _promote(args: argparse.Namespace) -> int:
    from verdict.modeling.retraining.registry import pointer_path, promote

    pointer = promote(
        args.repository, args.model, args.version, by=args.by or getpass.getuser(), force=args.force
    )
    print(
        f"promoted {args.model}/{pointer['version']} (gate {pointer['history'][-1]['gate']}) -> "
        f"{pointer_path(args.repository, args.model)}\n{_RELOAD_HINT}"
    )
    return EXIT_OK


def _rollback(args: argparse.Namespace) -> int:
    from verdict.modeling.retraining.registry import pointer_path, rollback

    pointer = rollback(args.repository, args.model, by=args.by or getpass.getuser())
    print(
        f"rolled back {args.model} to version {pointer['version']} -> "
        f"{pointer_path(args.repository, args.model)}\n{_RELOAD_HINT}"
    )
    return EXIT_OK


_RELOAD_HINT = (
    "running servers pick it up within watch_interval_s (default 5 s); "
    "now: `kill -HUP <verdict serve pid>` or the Reload RPC"
)

_COMMANDS = {
    "review export": (_export_arguments, _export),
    "review import": (_import_arguments, _import),
    "gate": (_gate_arguments, _gate),
    "promote": (_promote_arguments, _promote),
    "rollback": (_registry_arguments, _rollback),
}
