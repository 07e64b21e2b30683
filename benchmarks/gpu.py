"""GPU benchmarks: backends on CUDA at batch sizes up to the token budget, then the service on --device cuda.

    python -m benchmarks.gpu --out benchmarks/out/gpu [--model-dir DIR]      (benchmarks/gpu.sh wraps this)
    python -m benchmarks.gpu --out /tmp/g --device cpu --model-dir DIR       (smoke test of the code path)

Backends measured when present: torch-cuda fp16 (verdict/runtime/backends/torch_cuda.py; needs
weights.fp16.safetensors in the version dir), ONNX Runtime CUDA fp16 (needs onnxruntime-gpu and
model.fp16.onnx). Shapes: windows of 64 and 256 tokens, batch 1, 2, 4, ... up to max_batch_tokens / width
(the batcher never forms bigger batches). Writes gpu.json (read by benchmarks.report) and prints a table;
a backend that cannot run is recorded with the reason, never silently left out.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import time
from pathlib import Path

import grpc

from benchmarks import backend_bench, corpus, harness, loadgen
from benchmarks.service import ServerProcess, default_model_dir

WIDTHS = (64, 256)
MAX_BATCH_TOKENS = 8192  # verdict.serving.settings.Settings.max_batch_tokens default
SERVICE_LEVELS = (1, 8, 32, 64, 128)


def describe() -> dict:
    info: dict = {"date": time.strftime("%Y-%m-%d %H:%M:%S %Z")}
    smi = (
        subprocess.run(
            ["nvidia-smi", "--query-gpu=name,memory.total,driver_version", "--format=csv,noheader"],
            capture_output=True,
            text=True,
        )
        if _which("nvidia-smi")
        else None
    )
    info["gpu"] = smi.stdout.strip() if smi and smi.returncode == 0 else "none"
    try:
        import torch

        info["torch"] = (
            f"{torch.__version__}, cuda {torch.version.cuda}, available {torch.cuda.is_available()}"
        )
    except ImportError:
        info["torch"] = "not installed"
    import onnxruntime as ort

    info["onnxruntime"] = f"{ort.__version__}, providers {ort.get_available_providers()}"
    return info


def _which(name: str) -> bool:
    from shutil import which

    return which(name) is not None


def sizes_for(width: int) -> list[int]:
    out, size = [], 1
    while size * width <= MAX_BATCH_TOKENS:
        out.append(size)
        size *= 2
    return out


def backends(model_dir: Path, device: str, seconds: float) -> dict:
    plans = (
        {"onnxruntime-cpu int8": dict(device="cpu", variant="int8")}
        if device == "cpu"
        else {
            "torch-cuda fp16": dict(device="torch-cuda"),
            "onnxruntime-cuda fp16": dict(device="cuda", variant="fp16"),
        }
    )
    out: dict = {}
    for name, plan in plans.items():
        try:
            backend = backend_bench.make_backend(model_dir, **plan)
            if plan["device"] == "cuda" and backend.name != "onnxruntime-cuda":
                raise RuntimeError(f"onnxruntime fell back to {backend.name} (install onnxruntime-gpu)")
        except Exception as exc:
            out[name] = f"unmeasured: {exc}"[:300]
            continue
        out[name] = [
            row
            for width in WIDTHS
            for row in backend_bench.sweep(backend, sizes_for(width), width, min_seconds=seconds)
        ]
    return out


async def service(model_dir: Path, device: str, duration_s: float) -> list[dict] | str:
    examples = corpus.by_bucket(corpus.build(2000, 7))[corpus.HEADLINE_BUCKET]
    texts = corpus.iter_texts(examples)
    try:
        server = ServerProcess(model_dir, device=device, start_timeout_s=300).start()
    except RuntimeError as exc:
        return f"unmeasured: {exc}"[:500]
    rows = []
    try:
        async with grpc.aio.insecure_channel(server.address) as channel:
            stub = harness.pb_grpc.VerdictStub(channel)
            await loadgen.closed_loop(harness.unary(stub), texts, concurrency=8, duration_s=1.0, warmup_s=0.5)
            for level in SERVICE_LEVELS:
                row, _ = await harness.measured(
                    server,
                    loadgen.closed_loop(harness.unary(stub), texts, concurrency=level, duration_s=duration_s),
                )
                rows.append(row)
    finally:
        server.stop()
    return rows


def table(result: dict) -> str:
    lines = [
        f"GPU: {result['gpu']} | torch {result['torch']} | onnxruntime {result['onnxruntime']}",
        "",
        f"{'backend':<24}{'batch':>6}{'width':>6}{'ms/batch':>10}{'windows/s':>11}",
    ]
    for name, rows in result["backends"].items():
        if isinstance(rows, str):
            lines.append(f"{name:<24}{rows}")
            continue
        lines += [
            f"{name:<24}{r['batch']:>6}{r['width']:>6}{r['ms_per_batch']:>10.2f}{r['windows_per_s']:>11.0f}"
            for r in rows
        ]
    lines += ["", f"service --device {result['device']} (closed loop, ~40-token outputs)"]
    if isinstance(result["service"], str):
        lines.append(result["service"])
    else:
        lines += [
            f"  {r['concurrency']:>4} in flight: {r['verdicts_per_s']:>7.0f} verdicts/s  p50 {r['p50_ms']:.1f} ms  "
            f"p99 {r['p99_ms']:.1f} ms  mean batch {r['mean_batch']:.1f}"
            for r in result["service"]
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--model-dir", type=Path)
    parser.add_argument(
        "--device", choices=("cuda", "cpu"), default="cuda", help="cpu: smoke-test the script without a GPU"
    )
    parser.add_argument("--seconds", type=float, default=1.0, help="per backend shape")
    parser.add_argument("--duration", type=float, default=5.0, help="per service concurrency level")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    model_dir = (args.model_dir or default_model_dir()).resolve()
    result = {
        **describe(),
        "device": args.device,
        "model_dir": str(model_dir),
        "max_batch_tokens": MAX_BATCH_TOKENS,
    }
    result["backends"] = backends(model_dir, args.device, args.seconds)
    result["service"] = asyncio.run(service(model_dir, args.device, args.duration))
    (args.out / "gpu.json").write_text(json.dumps(result, indent=1))
    print(table(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
