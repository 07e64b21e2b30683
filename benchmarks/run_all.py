"""Every benchmark in one command, results to one directory, and benchmarks/RESULTS.md rewritten.

    python -m benchmarks.run_all --out benchmarks/results/$(date +%F) [--model-dir DIR] [--duration 10]
    python -m benchmarks.run_all --out benchmarks/out/dev --dev     # tiny random model, short runs

Writes service.json (benchmarks.harness), ceiling.json (benchmarks.ceiling: what this host's own matmul
rate allows the encoder), peers.json (benchmarks.peers), meta.json, PNG plots, and
RESULTS.md (`--results-md`, default benchmarks/RESULTS.md; `--dev` writes it into --out instead).
A gpu.json already in --out (from benchmarks/gpu.sh on a GPU machine) is reported as measured.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shlex
import sys
from pathlib import Path

from benchmarks import ceiling, corpus, harness, peers, plots, report
from benchmarks.service import ROOT, default_model_dir


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    harness.add_arguments(parser)
    parser.add_argument("--peer-n", type=int, default=1000, help="labelled texts for the peer comparison")
    parser.add_argument("--skip", action="append", default=[], choices=("service", "ceiling", "peers"))
    parser.add_argument(
        "--dev", action="store_true", help="tiny random model, 2 s runs, small corpus (development)"
    )
    parser.add_argument("--results-md", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    (out / "work").mkdir(parents=True, exist_ok=True)
    if args.dev:
        from tests.tiny_model import build_tiny_model_dir

        tiny = out / "tiny-model" / "verdict" / "1"
        args.model_dir = args.model_dir or (
            tiny if (tiny / "manifest.json").exists() else build_tiny_model_dir(tiny)
        )
        args.duration, args.n, args.peer_n, args.quick, args.audit_reps = 2.0, 600, 100, True, 1
        args.results_md = out / "RESULTS.md"
    model_dir = (args.model_dir or default_model_dir()).resolve()
    meta = {
        "machine": harness.machine(),
        "model_dir": str(model_dir),
        "model": _model_name(model_dir),
        "dev": args.dev,
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=1))

    service = peer = None
    if "service" not in args.skip:
        examples = corpus.load_or_build(args.corpus, args.n, args.seed)
        levels = (1, 8, 32) if args.quick else harness.CONCURRENCY
        service = asyncio.run(
            harness.run_service(
                model_dir,
                examples,
                duration_s=args.duration,
                levels=levels,
                audit_reps=args.audit_reps,
                log_dir=out / "work",
            )
        )
        service["machine"], service["model_dir"] = meta["machine"], str(model_dir)
        (out / "service.json").write_text(json.dumps(service, indent=1))
    if "ceiling" not in args.skip and (model_dir / "config.json").is_file():  # the tiny model has none
        result = ceiling.measure(model_dir, tokens=48, batches=[1, 8, 32], threads=os.cpu_count() or 1)
        result["target_windows_per_s"] = 500.0
        (out / "ceiling.json").write_text(json.dumps(result, indent=1))
    if "peers" not in args.skip:
        work = out / "work"  # per-text peer outputs: large, not committed (benchmarks/results/.gitignore)
        work.mkdir(exist_ok=True)
        peer = peers.run(model_dir, corpus.build(args.peer_n, args.seed + 4), work)
        (out / "peers.json").write_text(json.dumps(peer, indent=1))
    plots.all_plots(service or _load(out / "service.json"), peer or _load(out / "peers.json"), out)
    command = "python -m benchmarks.run_all " + " ".join(shlex.quote(a) for a in argv)
    print(f"wrote {report.write(out, args.results_md, command)}")
    return 0


def _model_name(model_dir: Path) -> str:
    manifest = json.loads((model_dir / "manifest.json").read_text())
    return f"{manifest.get('name')}/{manifest.get('version')}, base {manifest.get('base_model')}"


def _load(path: Path) -> dict | None:
    return json.loads(path.read_text()) if path.exists() else None


if __name__ == "__main__":
    raise SystemExit(main())
