"""PyTorch backend for GPUs where onnxruntime-gpu is absent: the exported fp16 weights, eager forward.

Reads `weights.fp16.safetensors` + the encoder config from the model version directory through
`VerdictModel.from_checkpoint`, so it serves exactly the weights the ONNX files were exported from.
torch is imported inside `load()`: the serving image needs no torch unless this backend is chosen.
`device="cpu"` (with dtype float32) runs the same code path on machines without a GPU, for tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from verdict.runtime.backends.base import WindowOutput, pad_batch, split_outputs
from verdict.runtime.errors import ModelError
from verdict.runtime.manifest import Manifest

WEIGHTS_FILE = "weights.fp16.safetensors"
WARMUP_SHAPES = ((1, 16), (4, 64), (8, 256))  # (batch, tokens): let the caching allocator reach its size


def has_torch_weights(manifest: Manifest) -> bool:
    return manifest.directory is not None and (Path(manifest.directory) / WEIGHTS_FILE).is_file()


class TorchCudaBackend:
    def __init__(self, manifest: Manifest, *, device: str = "cuda", dtype: Any = None) -> None:
        self.manifest = manifest
        self.device = device
        self._dtype = dtype  # None: float16 on CUDA, float32 on CPU (fp16 matmuls are slow or missing there)
        self.name = "torch-cuda" if device.startswith("cuda") else "torch-cpu"
        self._torch: Any = None
        self._model: Any = None

    def load(self) -> None:
        try:
            import torch

            from verdict.runtime.model import VerdictModel
        except ImportError as exc:
            raise ModelError(
                f"the torch backend needs the `train` extra (torch, transformers): {exc}"
            ) from exc
        if not has_torch_weights(self.manifest):
            raise ModelError(f"model {self.manifest.model_version} has no {WEIGHTS_FILE}")
        dtype = self._dtype or (torch.float16 if self.device.startswith("cuda") else torch.float32)
        try:
            model = VerdictModel.from_checkpoint(self.manifest.directory)
            self._model = model.to(device=self.device, dtype=dtype).eval()
        except (RuntimeError, OSError, ValueError) as exc:
            raise ModelError(f"cannot load {self.manifest.model_version} on {self.device}: {exc}") from exc
        self._torch = torch

    def health(self) -> bool:
        if self._model is None:
            return False
        if self.device.startswith("cuda"):
            try:
                self._torch.cuda.synchronize(self.device)  # surfaces a lost device / sticky CUDA error
            except RuntimeError:
                return False
        return True

    def warmup(self) -> None:
        for batch, tokens in WARMUP_SHAPES:
            self.predict([[101] * tokens] * batch)

    def predict(self, batch: Sequence[Sequence[int]]) -> list[WindowOutput]:
        if self._model is None:
            raise ModelError("torch backend used before load()")
        if not batch:
            return []
        torch = self._torch
        input_ids, attention_mask = pad_batch(batch)  # int64 [B, T] each, padded on the CPU
        with torch.inference_mode():
            ids = torch.from_numpy(input_ids).to(self.device, non_blocking=True)
            mask = torch.from_numpy(attention_mask).to(self.device, non_blocking=True)
            outputs = self._model(
                ids, mask
            )  # token [B, T, n_tags], topic [B, n_topics], leak [B, n_leak], emb [B, H]
            host = [t.float().cpu().numpy() for t in outputs]  # .cpu() waits for the device
        return split_outputs([len(ids) for ids in batch], *host)
