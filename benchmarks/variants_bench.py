"""Model files side by side: the same batches through each, interleaved round by round.

    python -m benchmarks.variants_bench models/verdict/2 /tmp/v2-plain --variant int8 \
        --shapes 1x40 8x40 32x40 --rounds 5 --out benchmarks/results/<date>/variants.json

Which export is faster (ORT fusions or not, int8 or fp16) is a ratio on one machine at one time: this
host is shared, so each round runs every model once on the same batches and the report gives the median
windows/s per model and its ratio to the first.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path

from benchmarks.backend_bench import batch_of, make_backend
from benchmarks.harness import machine


def parse_shape(text: str) -> tuple[int, int]:
    size, _, width = text.partition("x")
    return int(size), int(width)


def compare(
    model_dirs: list[str],
    shapes: list[tuple[int, int]],
    *,
    variant: str,
    rounds: int,
    batches_per_round: int,
    threads: int | None,
    seed: int = 0,
) -> dict:
    backends = [make_backend(d, variant=variant, threads=threads) for d in model_dirs]
    rng = random.Random(seed)
    results: dict = {}
    for size, width in shapes:
        batches = [batch_of(size, width, rng) for _ in range(batches_per_round)]
        rates: list[list[float]] = [[] for _ in backends]
        for _ in range(rounds):
            for i, backend in enumerate(backends):
                backend.predict(batches[0])  # warm the shape
                started = time.perf_counter()
                for batch in batches:
                    backend.predict(batch)
                rates[i].append(size * len(batches) / (time.perf_counter() - started))
        medians = [statistics.median(r) for r in rates]
        results[f"{size}x{width}"] = {
            d: {"windows_per_s": m, "ratio_to_first": m / medians[0], "rounds": r}
            for d, m, r in zip(model_dirs, medians, rates)
        }
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model_dirs", nargs="+")
    parser.add_argument("--variant", default="int8", choices=("int8", "fp32", "fp16"))
    parser.add_argument("--shapes", nargs="+", default=["1x40", "8x40", "32x40"], help="BATCHxTOKENS")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--batches", type=int, default=10, help="batches per model per round")
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--out", type=Path, default=None, help="write the JSON here")
    args = parser.parse_args(argv)
    results = compare(
        args.model_dirs,
        [parse_shape(s) for s in args.shapes],
        variant=args.variant,
        rounds=args.rounds,
        batches_per_round=args.batches,
        threads=args.threads,
    )
    record = {
        "machine": machine(),
        "variant": args.variant,
        "shapes": args.shapes,
        "rounds": args.rounds,
        "results": results,
    }
    for shape, per_model in results.items():
        for model, r in per_model.items():
            print(f"{shape:>7}  {model:40s} {r['windows_per_s']:8.1f} windows/s  x{r['ratio_to_first']:.2f}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
