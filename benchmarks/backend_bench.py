"""Raw backend throughput: `backend.predict` on pre-tokenized batches, no server, no batcher, no policy.

    replay(backend, shapes)          the service's own batch mix (from ServerProcess.batch_shapes), in
                                     windows/s: the ceiling the full service is compared against
    sweep(backend, sizes, width)     fixed shapes (batch size x padded width), windows/s and ms/batch

Token ids are drawn at random from the vocabulary ([CLS] ... [SEP]); a dense encoder's cost depends on
the shape only, not on which ids it sees.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

CLS, SEP, VOCAB = 101, 102, 30522


def make_backend(
    model_dir: str | Path, *, variant: str | None = None, device: str = "cpu", threads: int | None = None
) -> Any:
    """ONNX Runtime on CPU (`variant`: int8, fp32, fp16), or `device="torch-cuda"` (fp16 on a GPU)."""
    from verdict.runtime.manifest import Manifest

    manifest = Manifest.load(model_dir)
    if device == "torch-cuda":
        from verdict.runtime.backends.torch_cuda import TorchCudaBackend

        backend = TorchCudaBackend(manifest)
    else:
        from verdict.runtime.backends.onnx import OnnxBackend

        providers = (
            ["CUDAExecutionProvider", "CPUExecutionProvider"]
            if device == "cuda"
            else ["CPUExecutionProvider"]
        )
        backend = OnnxBackend(manifest, variant=variant, providers=providers, threads=threads)
    backend.load()
    backend.warmup()
    return backend


def batch_of(size: int, width: int, rng: random.Random) -> list[list[int]]:
    return [[CLS, *(rng.randrange(1000, VOCAB) for _ in range(max(width - 2, 0))), SEP] for _ in range(size)]


def replay(backend: Any, shapes: Counter, *, max_batches: int = 200, seed: int = 0, warmup: int = 3) -> dict:
    """Run a sample of the recorded batches (weighted by how often each shape ran) once each."""
    rng = random.Random(seed)
    population = [shape for shape, count in shapes.items() for _ in range(count)]
    if not population:
        return {"batches": 0, "windows": 0, "seconds": 0.0, "windows_per_s": 0.0, "mean_batch": 0.0}
    sample = rng.sample(population, min(max_batches, len(population)))
    batches = [batch_of(size, width, rng) for size, width in sample]
    for batch in batches[:warmup]:
        backend.predict(batch)
    started = time.perf_counter()
    for batch in batches:
        backend.predict(batch)
    seconds = time.perf_counter() - started
    windows = sum(len(b) for b in batches)
    return {
        "batches": len(batches),
        "windows": windows,
        "seconds": seconds,
        "windows_per_s": windows / seconds,
        "mean_batch": windows / len(batches),
        "mean_width": sum(w for _, w in sample) / len(sample),
    }


def sweep(
    backend: Any,
    sizes: Sequence[int],
    width: int,
    *,
    min_seconds: float = 1.0,
    min_runs: int = 3,
    seed: int = 0,
) -> list[dict]:
    """For each batch size: run until `min_seconds` and `min_runs`; median ms per batch and windows/s."""
    rng = random.Random(seed)
    rows = []
    for size in sizes:
        batch = batch_of(size, width, rng)
        backend.predict(batch)
        median, runs = median_seconds(
            lambda batch=batch: backend.predict(batch), min_seconds=min_seconds, min_runs=min_runs
        )
        rows.append(
            {
                "batch": size,
                "width": width,
                "runs": runs,
                "ms_per_batch": median * 1000.0,
                "windows_per_s": size / median,
                "tokens_per_s": size * width / median,
            }
        )
    return rows


def median_seconds(call: Callable[[], Any], *, min_seconds: float, min_runs: int) -> tuple[float, int]:
    """Run `call` until both `min_seconds` and `min_runs` are reached: (median seconds per run, runs)."""
    times: list[float] = []
    began = time.perf_counter()
    while len(times) < min_runs or time.perf_counter() - began < min_seconds:
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    times.sort()
    return times[len(times) // 2], len(times)
