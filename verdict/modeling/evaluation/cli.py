"""`verdict eval`: evaluate a model version on a labeled split and write its report.

    verdict eval --model-dir models/verdict/1 --data build/data --split dev --write-thresholds
    verdict eval --model-dir models/verdict/1 --data build/data --split test --compare-variant fp32
    verdict eval --model-dir models/verdict/1 --data build/data --split dev-mixed

Thresholds are chosen on dev only (`--write-thresholds` refuses another split): test numbers are
measured with thresholds that never saw test. Exit status: 0 when every measurable gate passes,
1 when one fails, 2 when nothing could run. Needs no torch: onnxruntime + tokenizers only.
"""

from __future__ import annotations

import argparse
import sys
from itertools import islice
from pathlib import Path

EXIT_OK, EXIT_GATE_FAILED, EXIT_FAILED = 0, 1, 2
THRESHOLD_SPLIT = "dev"
VARIANTS = ("int8", "fp32", "fp16")
# <split>.jsonl under --data; the -mixed ones are `verdict data build --mixed`'s topic texts in benign prose.
EVAL_SPLITS = ("dev", "test", "dev-mixed", "test-mixed")


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
        "--write-thresholds", action="store_true", help="choose thresholds on dev, write them to the manifest"
    )
    parser.add_argument("--limit", type=int, help="evaluate only the first N examples")
    parser.add_argument("--batch-size", type=int, default=32, help="windows per inference batch")
    parser.add_argument("--threads", type=int, help="onnxruntime intra-op threads (default: all cores)")
    parser.epilog = "exit status: 0 gates pass (or are n/a), 1 a gate fails, 2 nothing ran"


def run(args: argparse.Namespace) -> int:
    from verdict.modeling.data.schema import SchemaError, read_jsonl
    from verdict.runtime.errors import VerdictError
    from verdict.modeling.evaluation.evaluator import evaluate, write_thresholds
    from verdict.modeling.evaluation.report import summary_lines, write_report

    if args.write_thresholds and args.split != THRESHOLD_SPLIT:
        print(f"verdict eval: --write-thresholds chooses thresholds on {THRESHOLD_SPLIT} only",
              file=sys.stderr)
        return EXIT_FAILED
    try:
        examples = list(islice(read_jsonl(args.data / f"{args.split}.jsonl"), args.limit))
        result = evaluate(
            args.model_dir, examples, variant=args.variant, compare_variant=args.compare_variant,
            search_thresholds=args.write_thresholds, split=args.split, batch_size=args.batch_size,
            threads=args.threads,
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
