"""Where the run computes: the device a `--device` names, and mixed precision on CUDA."""

from __future__ import annotations


def autocast(device):
    import contextlib

    import torch

    if device.type != "cuda":
        return contextlib.nullcontext()
    dtype = torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
    return torch.autocast("cuda", dtype=dtype)


def pick_device(name: str, threads: int):
    """`auto`: CUDA when there is one, else the CPU (with `threads` threads)."""
    import torch

    auto = "cuda" if torch.cuda.is_available() else "cpu"
    device = torch.device(auto if name == "auto" else name)
    if device.type == "cpu":
        torch.set_num_threads(threads)
    return device
