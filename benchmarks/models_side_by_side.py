"""Model versions side by side on the benchmark corpus: the same labelled texts, the same scoring as peers.

    python -m benchmarks.models_side_by_side --model-dir models/verdict/5 --model-dir OLD/models/verdict/4 \
        --out benchmarks/results/DATE-models.json [--n 1000 --seed 11]

The corpus (`benchmarks.corpus`, another generator than the training data) is the one `benchmarks.peers`
scores the tools on; each version runs in-process with its own manifest thresholds (`peers.verdict_inprocess`)
and is scored by `peers.score`: span precision/recall by type (overlap) and text labels (has_pii,
has_secret, has_leak, has_topic). A model change that moves a number here moved it on text it was not
tuned on. Writes one JSON (machine, commit, command, per-version scores) and prints the rows that differ.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path

from benchmarks import corpus, harness, peers

METRICS = ("precision", "recall", "f1", "predicted")


def compare(model_dirs: list[Path], n: int, seed: int) -> dict:
    examples = corpus.build(n, seed)
    buckets = corpus.by_bucket(examples)
    versions = {}
    for model_dir in model_dirs:
        found = peers.verdict_inprocess(model_dir, examples)["findings"]
        predicted = peers.verdict_predictions(found)
        scores = peers.score(examples, predicted, *peers.VERDICT_SCORED)
        # A violation inside a long answer is diluted in the topic head's mean over its window: the same
        # labelled cores are scored per length bucket to show it.
        for bucket, rows in sorted(buckets.items()):
            scores[f"has_topic@{bucket}"] = peers.score(rows, predicted, (), ("has_topic",))["has_topic"]
        versions[str(model_dir)] = scores
    return {"n_texts": len(examples), "seed": seed, "versions": versions}


def rows(result: dict) -> list[list[str]]:
    """[kind, metric, value per version] for every metric where the versions differ."""
    scores = list(result["versions"].values())
    out = []
    for kind in scores[0]:
        for metric in METRICS:
            values = [s.get(kind, {}).get(metric) for s in scores]
            if all(isinstance(v, (int, float)) for v in values) and len(set(values)) > 1:
                out.append([kind, metric, *(f"{v:.3f}" if metric != "predicted" else str(v) for v in values)])
    return out


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--model-dir", type=Path, action="append", required=True, help="a version dir; repeat"
    )
    parser.add_argument("--out", type=Path, required=True, help="JSON file to write")
    parser.add_argument("--n", type=int, default=1000, help="labelled texts")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    if len(args.model_dir) < 2:
        parser.error("--model-dir: give at least two versions to compare")
    missing = [str(d) for d in args.model_dir if not (d / "manifest.json").is_file()]
    if missing:
        parser.error(f"--model-dir: no manifest.json in {', '.join(missing)}")
    result = {
        "machine": harness.machine(),
        "command": "python -m benchmarks.models_side_by_side " + shlex.join(argv),
        **compare(args.model_dir, args.n, args.seed),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    print("\t".join(["kind", "metric", *result["versions"]]))
    for row in rows(result):
        print("\t".join(row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
