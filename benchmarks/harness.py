"""Service benchmarks against a real `verdict` server in a subprocess on loopback.

    python -m benchmarks.harness --out benchmarks/out/dev [--model-dir DIR] [--duration 10] [--quick]

Runs, in order, and writes `service.json`:
  closed     throughput and p50/p95/p99 vs in-flight concurrency (1..64), ~40-token outputs, Classify
  open       fixed offered rates at 25/50/75% of the best closed-loop throughput; latency from the
             intended send time (benchmarks.loadgen)
  lengths    output length scaling, 16 -> 4096 tokens (closed loop, fixed concurrency)
  batch      ClassifyBatch (32 texts a call) vs Classify, same texts
  audit      audit on (the server's default: SQLite, hash-chained) vs off (benchmarks.serve --no-audit): p50 delta, alternated
  backend    the server's own batch mix replayed on the bare backend (efficiency ratio), and int8 vs
             fp32 at fixed shapes, with the server stopped
Client and server are separate processes; on a small machine they share the cores, and the CPU seconds
each used are recorded beside every run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import resource
import subprocess
import time
from collections import Counter
from pathlib import Path
from typing import Any

import grpc

from benchmarks import backend_bench, corpus, loadgen
from benchmarks.service import ROOT, ServerProcess, default_model_dir
from verdict.serving._proto import verdict_pb2 as pb
from verdict.serving._proto import verdict_pb2_grpc as pb_grpc

CONCURRENCY = (1, 2, 4, 8, 16, 32, 64)
OPEN_FRACTIONS = (0.25, 0.50, 0.75)
BATCH_ITEMS = 32
LENGTH_CONCURRENCY = 8
AUDIT_CONCURRENCY = 4


# -- calls ----------------------------------------------------------------------------------------


def unary(stub: pb_grpc.VerdictStub, timeout: float = 30.0):
    async def call(ex) -> int:
        await stub.Classify(
            pb.ClassifyRequest(text=ex.text, system_prompt=ex.system_prompt or "", route="bench"),
            timeout=timeout,
        )
        return 1

    return call


def batched(stub: pb_grpc.VerdictStub, timeout: float = 60.0):
    async def call(examples) -> int:
        items = [pb.ClassifyRequest(text=ex.text, system_prompt=ex.system_prompt or "") for ex in examples]
        response = await stub.ClassifyBatch(
            pb.ClassifyBatchRequest(items=items, route="bench", priority=pb.PRIORITY_INLINE), timeout=timeout
        )
        return len(response.results)

    return call


def chunks(items, size: int):
    while True:
        yield [next(items) for _ in range(size)]


# -- measuring one run ----------------------------------------------------------------------------


class Meter:
    """CPU seconds of this process and of the server, and the server's batch shapes, over one run."""

    def __init__(self, server: ServerProcess) -> None:
        self.server = server

    def __enter__(self) -> Meter:
        self._cpu = (_self_cpu(), _proc_cpu(self.server.proc.pid))
        self._shapes = self.server.batch_shapes()
        self._backend = self.server.backend_seconds()
        self._wall = time.perf_counter()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.wall_s = time.perf_counter() - self._wall
        self.client_cpu_s = _self_cpu() - self._cpu[0]
        self.server_cpu_s = _proc_cpu(self.server.proc.pid) - self._cpu[1]
        self.shapes = self.server.batch_shapes() - self._shapes
        self.backend_s = self.server.backend_seconds() - self._backend

    def to_dict(self) -> dict:
        batches = sum(self.shapes.values())
        windows = sum(size * n for (size, _), n in self.shapes.items())
        return {
            "wall_s": self.wall_s,
            "client_cpu_s": self.client_cpu_s,
            "server_cpu_s": self.server_cpu_s,
            "backend_busy": self.backend_s / self.wall_s,
            "batches": batches,
            "windows": windows,
            "mean_batch": windows / batches if batches else 0.0,
        }


def _self_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _proc_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def measured(server: ServerProcess, run) -> tuple[dict, Counter]:
    with Meter(server) as meter:
        result = await run
    return {**result.to_dict(), **meter.to_dict()}, meter.shapes


# -- experiments ----------------------------------------------------------------------------------


async def closed_sweep(server, stub, texts, levels, duration_s) -> tuple[list[dict], dict[int, Counter]]:
    rows, shapes = [], {}
    for level in levels:
        row, shape = await measured(
            server, loadgen.closed_loop(unary(stub), texts, concurrency=level, duration_s=duration_s)
        )
        rows.append(row)
        shapes[level] = shape
        _log(
            f"closed c={level}: {row['verdicts_per_s']:.0f} verdicts/s p50 {row['p50_ms']:.1f} p99 {row['p99_ms']:.1f} ms "
            f"batch {row['mean_batch']:.1f}"
        )
    return rows, shapes


async def open_rates(server, stub, texts, capacity, duration_s) -> list[dict]:
    rows = []
    for fraction in OPEN_FRACTIONS:
        row, _ = await measured(
            server, loadgen.open_loop(unary(stub), texts, rate=capacity * fraction, duration_s=duration_s)
        )
        rows.append({"fraction": fraction, **row})
        _log(
            f"open {fraction:.0%} ({row['rate']:.0f}/s): p50 {row['p50_ms']:.1f} p99 {row['p99_ms']:.1f} ms errors {row['errors']}"
        )
    return rows


async def length_scaling(server, stub, examples, duration_s, tokenizer) -> list[dict]:
    rows = []
    for bucket, group in sorted(corpus.by_bucket(examples).items()):
        tokens = [len(w.ids) - 2 for ex in group[:50] for w in tokenizer.encode(ex.text)]
        windows = sum(len(tokenizer.encode(ex.text)) for ex in group[:50]) / min(len(group), 50)
        row, _ = await measured(
            server,
            loadgen.closed_loop(
                unary(stub), corpus.iter_texts(group), concurrency=LENGTH_CONCURRENCY, duration_s=duration_s
            ),
        )
        mean_tokens = sum(tokens) / max(len(group[:50]), 1)
        rows.append(
            {
                "bucket": bucket,
                "mean_tokens": mean_tokens,
                "windows_per_text": windows,
                "tokens_per_s": row["verdicts_per_s"] * mean_tokens,
                **row,
            }
        )
        _log(
            f"length {bucket}: {row['verdicts_per_s']:.1f} verdicts/s p50 {row['p50_ms']:.1f} ms ({mean_tokens:.0f} tokens)"
        )
    return rows


async def batch_vs_unary(server, stub, texts, duration_s) -> dict:
    batch, _ = await measured(
        server,
        loadgen.closed_loop(batched(stub), chunks(texts, BATCH_ITEMS), concurrency=2, duration_s=duration_s),
    )
    single, _ = await measured(
        server, loadgen.closed_loop(unary(stub), texts, concurrency=2 * BATCH_ITEMS, duration_s=duration_s)
    )
    _log(f"batch: {batch['verdicts_per_s']:.0f} verdicts/s vs unary {single['verdicts_per_s']:.0f}")
    return {
        "items_per_call": BATCH_ITEMS,
        "batch": batch,
        "unary": single,
        "ratio": batch["verdicts_per_s"] / single["verdicts_per_s"] if single["verdicts_per_s"] else None,
    }


async def audit_delta(model_dir, examples, duration_s, reps: int) -> dict:
    runs: dict[str, list[dict]] = {"off": [], "on": []}
    for rep in range(reps):
        for mode in ("off", "on"):  # alternated so drift on a shared machine hits both alike
            with ServerProcess(model_dir, audit=mode == "on") as server:
                async with grpc.aio.insecure_channel(server.address) as channel:
                    stub = pb_grpc.VerdictStub(channel)
                    await loadgen.closed_loop(
                        unary(stub), corpus.iter_texts(examples), concurrency=8, duration_s=1.0, warmup_s=0.5
                    )
                    row, _ = await measured(
                        server,
                        loadgen.closed_loop(
                            unary(stub),
                            corpus.iter_texts(examples, rep),
                            concurrency=AUDIT_CONCURRENCY,
                            duration_s=duration_s,
                        ),
                    )
            runs[mode].append(row)
    p50 = {mode: sorted(r["p50_ms"] for r in rows)[len(rows) // 2] for mode, rows in runs.items()}
    delta = (p50["on"] - p50["off"]) / p50["off"]
    _log(f"audit: p50 off {p50['off']:.2f} ms on {p50['on']:.2f} ms ({delta:+.1%})")
    return {
        "concurrency": AUDIT_CONCURRENCY,
        "p50_off_ms": p50["off"],
        "p50_on_ms": p50["on"],
        "p50_delta": delta,
        "target": 0.05,
        "runs": runs,
    }


def backend_section(model_dir, shapes: Counter, service_row: dict, *, seconds: float) -> dict:
    """The best closed-loop level's batch mix on the bare backend, then int8 vs fp32 at fixed shapes."""
    from verdict.runtime.manifest import Manifest

    int8 = backend_bench.make_backend(model_dir, variant="int8")
    raw = backend_bench.replay(int8, shapes)
    service_windows_s = service_row["windows"] / service_row["wall_s"]
    efficiency = service_windows_s / raw["windows_per_s"] if raw["windows_per_s"] else None
    _log(
        f"backend replay: {raw['windows_per_s']:.0f} windows/s vs service {service_windows_s:.0f} -> {efficiency:.0%}"
    )
    width = max(16, round(raw.get("mean_width", 48)))
    variants = {"int8": backend_bench.sweep(int8, (1, 8, 32), width, min_seconds=seconds)}
    if "fp32" in Manifest.load(model_dir).files:
        variants["fp32"] = backend_bench.sweep(
            backend_bench.make_backend(model_dir, variant="fp32"), (1, 8, 32), width, min_seconds=seconds
        )
    return {
        "replay": raw,
        "service_windows_per_s": service_windows_s,
        "efficiency": efficiency,
        "target": 0.80,
        "variants": variants,
        "variant_width": width,
    }


# -- the whole run --------------------------------------------------------------------------------


async def run_service(
    model_dir: Path, examples, *, duration_s: float, levels, audit_reps: int, log_dir: Path
) -> dict:
    from verdict.runtime.manifest import Manifest
    from verdict.runtime.windows import WindowTokenizer

    manifest = Manifest.load(model_dir)
    tokenizer = WindowTokenizer(manifest.tokenizer_path, manifest.max_length, manifest.stride)
    headline = corpus.by_bucket(examples)[corpus.HEADLINE_BUCKET]
    texts = corpus.iter_texts(headline)
    out: dict[str, Any] = {}
    with ServerProcess(model_dir, log_path=log_dir / "server.log") as server:
        async with grpc.aio.insecure_channel(server.address) as channel:
            stub = pb_grpc.VerdictStub(channel)
            await loadgen.closed_loop(unary(stub), texts, concurrency=8, duration_s=1.0, warmup_s=0.5)
            out["closed"], shapes = await closed_sweep(server, stub, texts, levels, duration_s)
            best = max(out["closed"], key=lambda r: r["verdicts_per_s"])
            out["capacity_verdicts_per_s"] = best["verdicts_per_s"]
            out["open"] = await open_rates(server, stub, texts, best["verdicts_per_s"], duration_s)
            out["lengths"] = await length_scaling(server, stub, examples, duration_s, tokenizer)
            out["batch_vs_unary"] = await batch_vs_unary(server, stub, texts, duration_s)
    out["audit"] = await audit_delta(model_dir, headline, duration_s, audit_reps)
    out["backend"] = backend_section(
        model_dir, shapes[best["concurrency"]], best, seconds=min(duration_s, 2.0)
    )
    return out


def machine() -> dict:
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    model = next(
        (line.split(":", 1)[1].strip() for line in lscpu.splitlines() if line.startswith("Model name")),
        platform.processor(),
    )
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = bool(
        subprocess.run(
            ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    )
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "commit": commit,
        "dirty": dirty,
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
    }


def _log(line: str) -> None:
    print(f"[harness] {line}", flush=True)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model-dir", type=Path, help="model version dir (default: newest under models/verdict)"
    )
    parser.add_argument("--corpus", type=Path, help="JSONL corpus (built and written here if missing)")
    parser.add_argument("--n", type=int, default=3000, help="corpus size when it is generated")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds measured per run")
    parser.add_argument("--audit-reps", type=int, default=3, help="alternated off/on server pairs")
    parser.add_argument("--quick", action="store_true", help="concurrency 1, 8, 32 only (development)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    add_arguments(parser)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    model_dir = args.model_dir or default_model_dir()
    examples = corpus.load_or_build(args.corpus, args.n, args.seed)
    levels = (1, 8, 32) if args.quick else CONCURRENCY
    result = asyncio.run(
        run_service(
            model_dir,
            examples,
            duration_s=args.duration,
            levels=levels,
            audit_reps=args.audit_reps,
            log_dir=args.out,
        )
    )
    result["machine"], result["model_dir"] = machine(), str(model_dir)
    (args.out / "service.json").write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
