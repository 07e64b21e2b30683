"""Which backend serves a model: decided once at load, from the requested kind and what this host has.

    auto    onnxruntime with TensorRT/CUDA  if this onnxruntime build has a GPU provider
            torch-cuda                      elif torch sees a GPU and the version dir has weights.fp16.safetensors
            onnxruntime-cpu                 otherwise
    cuda    as auto, but a host with no GPU path is a configuration error
    cpu     onnxruntime-cpu
    triton  a Triton server (tritonclient gRPC)
    fake    FakeBackend sized from the manifest (tests, load tests without a model)

A variant (int8, fp32, fp16: a file of the manifest) can be named for the onnxruntime backends; otherwise
the backend picks (fp16 on a GPU, int8 on the CPU). Every GPU or remote choice is wrapped in FallbackBackend with the CPU ONNX backend behind it, so a device
that fails at run time degrades the service instead of failing requests.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from verdict.runtime.backends.base import Backend
from verdict.runtime.backends.fallback import FallbackBackend, FallbackObserver
from verdict.runtime.backends.torch_cuda import has_torch_weights
from verdict.runtime.errors import ConfigError
from verdict.runtime.manifest import Manifest

KINDS = ("auto", "cuda", "cpu", "triton", "fake")


@dataclass(frozen=True, slots=True)
class Probe:
    """What the host offers; `choose` is a pure function of it so the table above is testable anywhere."""

    ort_gpu_providers: tuple[str, ...]  # GPU providers this onnxruntime build has, best first
    torch_cuda: bool  # torch importable, a GPU visible, and the version dir has fp16 weights


def probe(manifest: Manifest) -> Probe:
    from verdict.runtime.backends.onnx import GPU_PROVIDERS, select_providers

    gpu = tuple(p for p in select_providers() if p in GPU_PROVIDERS)
    # torch is only imported when it could matter: it is large and often not installed for serving.
    return Probe(gpu, not gpu and has_torch_weights(manifest) and _torch_sees_gpu())


def _torch_sees_gpu() -> bool:
    try:
        import torch
    except ImportError:
        return False
    return bool(torch.cuda.is_available())


def choose(kind: str, host: Probe) -> str:
    """The backend to build: "onnxruntime-gpu", "torch-cuda", "onnxruntime-cpu", "triton" or "fake"."""
    if kind not in KINDS:
        raise ConfigError(f"unknown backend {kind!r} (one of {', '.join(KINDS)})", field="device")
    if kind in ("cpu", "triton", "fake"):
        return "onnxruntime-cpu" if kind == "cpu" else kind
    if host.ort_gpu_providers:
        return "onnxruntime-gpu"
    if host.torch_cuda:
        return "torch-cuda"
    if kind == "cuda":
        raise ConfigError(
            "device cuda, but onnxruntime has no GPU provider and torch sees no GPU "
            "(or the model has no weights.fp16.safetensors)",
            field="device",
        )
    return "onnxruntime-cpu"


def build_backend(
    manifest: Manifest,
    kind: str = "auto",
    *,
    variant: str | None = None,
    threads: int | None = None,
    triton_url: str | None = None,
    fallback: bool = True,
    observer: FallbackObserver | None = None,
    host: Probe | None = None,
) -> Backend:
    """An unloaded backend for `manifest`; the caller runs load() and warmup() (in a thread)."""
    from verdict.runtime.backends.onnx import OnnxBackend

    def cpu() -> Backend:
        return OnnxBackend(manifest, variant=variant, providers=["CPUExecutionProvider"], threads=threads)

    if host is None:
        host = probe(manifest) if kind in ("auto", "cuda") else Probe((), False)
    chosen = choose(kind, host)
    if variant is not None and not chosen.startswith("onnxruntime"):
        raise ConfigError(
            f"{variant!r} names an ONNX file; backend {chosen} runs its own (leave the variant out)",
            field="variant",
        )
    if chosen == "onnxruntime-cpu":
        return cpu()
    if chosen == "fake":
        from verdict.runtime.backends.fake import FakeBackend

        labels = manifest.labels
        return FakeBackend(
            len(labels.token_tags), len(labels.topics), len(labels.leakage), manifest.hidden_size
        )
    primary = _remote_or_gpu(chosen, manifest, host, triton_url, variant)
    return FallbackBackend(primary, cpu, observer=observer) if fallback else primary


def _remote_or_gpu(
    chosen: str, manifest: Manifest, host: Probe, triton_url: str | None, variant: str | None
) -> Backend:
    if chosen == "triton":
        from verdict.runtime.backends.triton import TritonBackend

        if not triton_url:
            raise ConfigError("backend triton needs a Triton URL (host:port)", field="triton_url")
        return TritonBackend(triton_url, manifest.name, manifest.version)
    if chosen == "torch-cuda":
        from verdict.runtime.backends.torch_cuda import TorchCudaBackend

        return TorchCudaBackend(manifest)
    from verdict.runtime.backends.onnx import OnnxBackend

    providers = [*host.ort_gpu_providers, "CPUExecutionProvider"]
    return OnnxBackend(manifest, variant=variant, providers=providers)


def add_device_arguments(parser: argparse.ArgumentParser) -> None:
    """`--device` and `--triton-url` for the commands that run a model without a server (scan, eval)."""
    parser.add_argument(
        "--device",
        choices=KINDS,
        default="auto",
        help="inference backend, as `verdict serve --device` picks it (default: auto: a GPU if this host "
        "has one, else the CPU)",
    )
    parser.add_argument("--triton-url", help="with --device triton: the Triton server's host:port")
