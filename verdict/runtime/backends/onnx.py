"""ONNX Runtime backend: TensorRT → CUDA → CPU, whichever this onnxruntime build offers.

GPU providers run the fp16 file, the CPU provider the int8 one (`Manifest.files`); a variant can be
named to override (tests run "fp32" to compare batch against single runs exactly).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np
import onnxruntime as ort

from verdict.runtime.backends.base import WindowOutput, pad_batch, split_outputs
from verdict.runtime.errors import ModelError
from verdict.runtime.manifest import Manifest

PROVIDER_NAMES: dict[str, str] = {
    "TensorrtExecutionProvider": "tensorrt",
    "CUDAExecutionProvider": "cuda",
    "CPUExecutionProvider": "cpu",
}
PREFERENCE = tuple(PROVIDER_NAMES)  # dict order is the preference order
GPU_PROVIDERS = frozenset({"TensorrtExecutionProvider", "CUDAExecutionProvider"})
OUTPUTS = ("token_logits", "topic_logits", "leak_logits", "embedding")
WARMUP_SHAPES = ((1, 16), (4, 64), (8, 256))  # (batch, tokens): allocate the arenas real traffic needs


def select_providers(available: Sequence[str] | None = None) -> list[str]:
    """Preferred providers this build has, best first; CPU always last as the fallback."""
    available = ort.get_available_providers() if available is None else available
    chosen = [p for p in PREFERENCE if p in available]
    return chosen if "CPUExecutionProvider" in chosen else [*chosen, "CPUExecutionProvider"]


def select_variant(manifest: Manifest, providers: Sequence[str]) -> str:
    """fp16 on a GPU provider, int8 on CPU; else whatever the model ships, fp32 first."""
    wanted = ("fp16", "fp32", "int8") if providers[0] in GPU_PROVIDERS else ("int8", "fp32", "fp16")
    for variant in wanted:
        if variant in manifest.files:
            return variant
    raise ModelError(
        f"model {manifest.model_version} has no usable variant (files: {sorted(manifest.files)})"
    )


class OnnxBackend:
    def __init__(
        self,
        manifest: Manifest,
        *,
        variant: str | None = None,
        providers: Sequence[str] | None = None,
        threads: int | None = None,
    ) -> None:
        self.manifest = manifest
        self.providers = list(providers) if providers else select_providers()
        self.variant = variant or select_variant(manifest, self.providers)
        self.threads = threads or os.cpu_count() or 1
        self.name = f"onnxruntime-{PROVIDER_NAMES.get(self.providers[0], 'cpu')}"
        self._session: ort.InferenceSession | None = None
        self._use_binding = False

    def load(self) -> None:
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.intra_op_num_threads = self.threads
        # Spinning intra-op workers keep a core busy between batches; on a small CPU server that core is
        # the event loop's, which forms the next batch, so idle workers block instead.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        path = str(self.manifest.path_of(self.variant))
        try:
            self._session = ort.InferenceSession(path, sess_options=options, providers=self.providers)
        except Exception as exc:  # ORT raises pybind error types with no common base
            raise ModelError(f"cannot load {path} with {self.providers}: {exc}") from exc
        # A provider that failed to initialise is dropped silently by ORT: name what actually runs.
        active = self._session.get_providers()[0]
        self.name = f"onnxruntime-{PROVIDER_NAMES.get(active, 'cpu')}"
        self._use_binding = active in GPU_PROVIDERS

    def health(self) -> bool:
        return self._session is not None

    def warmup(self) -> None:
        for batch, tokens in WARMUP_SHAPES:
            self.predict([[0] * min(tokens, self.manifest.max_length)] * batch)

    def predict(self, batch: Sequence[Sequence[int]]) -> list[WindowOutput]:
        if not batch:
            return []
        if self._session is None:
            self.load()
        input_ids, attention_mask = pad_batch(batch)
        try:
            outputs = self._run(input_ids, attention_mask)
        except Exception as exc:  # ORT raises pybind error types with no common base
            raise ModelError(f"{self.name} inference failed on batch {input_ids.shape}: {exc}") from exc
        return split_outputs([len(ids) for ids in batch], *outputs)

    def _run(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> list[np.ndarray]:
        session = self._session
        if not self._use_binding:
            return session.run(list(OUTPUTS), {"input_ids": input_ids, "attention_mask": attention_mask})
        # IOBinding lets ORT place the inputs on the device once and skip its per-run output copies.
        binding = session.io_binding()
        binding.bind_cpu_input("input_ids", input_ids)
        binding.bind_cpu_input("attention_mask", attention_mask)
        for name in OUTPUTS:
            binding.bind_output(name, "cpu")
        session.run_with_iobinding(binding)
        return binding.copy_outputs_to_cpu()
