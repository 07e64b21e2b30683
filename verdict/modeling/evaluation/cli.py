"""`verdict eval`: evaluate a model version on a labeled split and write its report.

    verdict eval --model-dir models/verdict/1 --data build/data --split dev --write-thresholds
    verdict eval --model-dir models/verdict/1 --data build/data --split test --compare-variant fp32
    verdict eval --model-dir models/verdict/1 --data build/data --split dev-mixed
    verdict eval --model-dir models/verdict/1 --suite transfer      # sets never trained on (transfer.py)

Thresholds are chosen on dev only (`--write-thresholds` refuses another split): test numbers are
measured with thresholds that never saw test. Exit status: 0 when every measurable gate passes,
1 when one fails, 2 when nothing could run. Needs no torch: onnxruntime + tokenizers only.
"""

from __future__ import annotations

import argparse
import json
import sys
from itertools import islice
from pathlib import Path

from verdict.runtime.backends.select import add_device_arguments
from verdict.runtime.manifest import VARIANTS

EXIT_OK, EXIT_GATE_FAILED, EXIT_FAILED = 0, 1, 2
THRESHOLD_SPLIT = "dev"
# <split>.jsonl under --data; the -mixed ones are `verdict data build --mixed`'s topic texts in benign prose.
EVAL_SPLITS = ("dev", "test", "dev-mixed", "test-mixed", "dev-openers", "test-openers")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model-dir", type=Path, required=True, help="a model version directory (has manifest.json)"
    )
    parser.add_argument(
        "--data", type=Path, default=Path("build/data"), help="dir with <split>.jsonl (default: build/data)"
    )
    parser.add_argument(
        "--split", choices=EVAL_SPLITS, default="dev", help="labeled split to evaluate (default: dev)"
    )
    parser.add_argument("--variant", choices=VARIANTS, help="model file to run (default: as serving picks)")
    parser.add_argument("--compare-variant", choices=VARIANTS, help="also run this variant; report agreement")
    parser.add_argument("--out", type=Path, help="report directory (default: <model-dir>/eval)")
    parser.add_argument(
        "--write-thresholds",
        action="store_true",
        help="choose thresholds on dev, write them to <model-dir>/eval/thresholds.json (merged by Manifest.load)",
    )
    parser.add_argument(
        "--threshold-slack",
        type=float,
        default=0.0,
        help="with --write-thresholds: each topic and leakage label takes the highest cut whose dev F1 is "
        "within this of its best (in-distribution dev overstates separation; 0: the best F1's cut)",
    )
    parser.add_argument("--limit", type=int, help="evaluate only the first N examples")
    parser.add_argument("--batch-size", type=int, default=32, help="windows per inference batch")
    parser.add_argument("--threads", type=int, help="onnxruntime intra-op threads (default: all cores)")
    add_device_arguments(parser)
    parser.add_argument(
        "--suite",
        choices=("split", "transfer"),
        default="split",
        help="split: a labeled split of --data (default); transfer: the transfer benchmark, written to "
        "<model-dir>/eval/transfer unless --out",
    )
    parser.add_argument("--sets", nargs="+", help="with --suite transfer: only these sets")
    parser.add_argument(
        "--shared", type=Path, help="with --suite transfer: the shared data root (default: ../shared/data)"
    )
    parser.add_argument(
        "--no-probe", action="store_true", help="with --suite transfer: skip the frozen-encoder probe"
    )
    parser.add_argument(
        "--sweep",
        action="store_true",
        help="with --suite transfer: also report every topic threshold at each τ of a grid (operating.py)",
    )
    parser.epilog = "exit status: 0 gates pass (or are n/a), 1 a gate fails, 2 nothing ran"


def run(args: argparse.Namespace) -> int:
    from verdict.modeling.data.schema import SchemaError, read_jsonl
    from verdict.modeling.evaluation.evaluator import evaluate, write_thresholds
    from verdict.modeling.evaluation.report import summary_lines, write_report
    from verdict.runtime.errors import VerdictError

    if args.suite == "transfer":
        return run_transfer(args)
    if args.write_thresholds and args.split != THRESHOLD_SPLIT:
        print(
            f"verdict eval: --write-thresholds chooses thresholds on {THRESHOLD_SPLIT} only", file=sys.stderr
        )
        return EXIT_FAILED
    if args.threshold_slack and not args.write_thresholds:
        print("verdict eval: --threshold-slack applies only with --write-thresholds", file=sys.stderr)
        return EXIT_FAILED
    if not 0 <= args.threshold_slack < 1:
        print(
            f"verdict eval: --threshold-slack must be in [0, 1), got {args.threshold_slack}", file=sys.stderr
        )
        return EXIT_FAILED
    try:
        examples = list(islice(read_jsonl(args.data / f"{args.split}.jsonl"), args.limit))
        result = evaluate(
            args.model_dir,
            examples,
            variant=args.variant,
            compare_variant=args.compare_variant,
            search_thresholds=args.write_thresholds,
            threshold_slack=args.threshold_slack,
            split=args.split,
            batch_size=args.batch_size,
            threads=args.threads,
            device=args.device,
            triton_url=args.triton_url,
        )
    except (VerdictError, SchemaError, OSError) as exc:
        print(f"verdict eval: {exc}", file=sys.stderr)
        return EXIT_FAILED
    written = write_report(result, args.out or args.model_dir / "eval")
    if args.write_thresholds:
        written.append(write_thresholds(args.model_dir, result))
    print("\n".join(summary_lines(result)))
    print("wrote " + ", ".join(str(p) for p in written))
    return EXIT_OK if all(g.passed or g.value is None for g in result.gates) else EXIT_GATE_FAILED


def run_transfer(args: argparse.Namespace) -> int:
    """The transfer benchmark; exit 0 (it reports, the gate judges), 2 when it cannot run."""
    import datetime
    import platform
    import subprocess

    from verdict.modeling.data.build import data_root
    from verdict.modeling.data.schema import SchemaError, read_jsonl
    from verdict.modeling.evaluation import transfer
    from verdict.runtime.errors import VerdictError
    from verdict.runtime.manifest import Manifest

    split_only = [
        flag
        for flag, given in (
            ("--compare-variant", args.compare_variant),
            ("--write-thresholds", args.write_thresholds),
            ("--threshold-slack", args.threshold_slack),
        )
        if given
    ]
    if split_only:
        print(
            f"verdict eval: {', '.join(split_only)} apply to --suite split only (thresholds are chosen on "
            "dev, never on the transfer sets)",
            file=sys.stderr,
        )
        return EXIT_FAILED
    sets = args.sets or list(transfer.SET_BY_NAME)
    unknown = sorted(set(sets) - set(transfer.SET_BY_NAME))
    if unknown:
        print(
            f"verdict eval: --sets: unknown {unknown}; known: {sorted(transfer.SET_BY_NAME)}", file=sys.stderr
        )
        return EXIT_FAILED
    try:
        root = data_root(args.shared)
        probe = None
        if not args.no_probe:
            from verdict.modeling.evaluation.probe import FrozenProbe

            probe = FrozenProbe(args.data / "cache").fit(list(read_jsonl(args.data / "train.jsonl")))
        kept: list | None = [] if args.sweep else None
        results = transfer.run_suite(
            args.model_dir,
            root,
            sets=sets,
            probe=probe,
            batch_size=args.batch_size,
            threads=args.threads,
            device=args.device,
            variant=args.variant,
            triton_url=args.triton_url,
            limit=args.limit,
            analyses_out=kept,
        )
        version = Manifest.load(args.model_dir).model_version
    except (VerdictError, SchemaError, OSError, ImportError) as exc:
        print(f"verdict eval: {exc}", file=sys.stderr)
        return EXIT_FAILED
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    meta = {
        "model_version": version,
        "command": "verdict " + " ".join(sys.argv[1:]),
        "commit": commit,
        "date": datetime.date.today().isoformat(),
        "machine": f"{platform.machine()} {_cpu()}",
        "variant": args.variant or "as serving picks",
        "probe_trained_on": probe.trained_on if probe else 0,
    }
    out = args.out or args.model_dir / "eval" / "transfer"
    written = transfer.write_report(results, out, meta)
    if kept:
        from verdict.modeling.evaluation import operating

        points = operating.sweep(kept, model_version=version)
        lines = operating.report_lines(points)
        (out / "operating_points.json").write_text(
            json.dumps({"meta": meta, "points": [p.to_dict() for p in points]}, indent=2) + "\n",
            encoding="utf-8",
        )
        (out / "operating_points.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
        written += [out / "operating_points.json", out / "operating_points.md"]
        print("\n".join(lines))
    print("\n".join(transfer.report_lines(results, meta)[6 : 8 + len(results)]))
    print("wrote " + ", ".join(str(p) for p in written))
    return EXIT_OK


def _cpu() -> str:
    try:
        info = Path("/proc/cpuinfo").read_text()
    except OSError:
        return ""
    name = next(
        (line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("model name")), ""
    )
    return f"{name}, {'AVX-512 VNNI' if 'avx512_vnni' in info else 'AVX2' if 'avx2' in info else 'no AVX2'}"
