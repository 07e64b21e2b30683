"""Triton Inference Server backend (KServe v2 over gRPC, tritonclient.grpc): models served out of process.

The exported model repository is Triton's layout, so `tritonserver --model-repository models` serves the
same ONNX graph; this backend only pads, sends `input_ids` / `attention_mask` (INT64) and reads the four
outputs back. The client is a seam: tests inject a fake one instead of running a server.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from verdict.runtime.backends.base import WindowOutput, pad_batch, split_outputs
from verdict.runtime.errors import ModelError

INPUTS = ("input_ids", "attention_mask")
OUTPUTS = ("token_logits", "topic_logits", "leak_logits", "embedding")


class TritonBackend:
    name = "triton"

    def __init__(
        self,
        url: str,
        model_name: str = "verdict",
        model_version: str = "",
        *,
        timeout_s: float = 10.0,
        client: Any = None,
    ) -> None:
        self.url = url
        self.model_name = model_name
        self.model_version = model_version  # "": the version Triton's version policy serves
        self.timeout_s = timeout_s
        self._client = client

    def load(self) -> None:
        if self._client is None:
            import tritonclient.grpc as grpcclient

            self._client = grpcclient.InferenceServerClient(self.url)
        if not self.health():
            raise ModelError(
                f"triton at {self.url}: model {self.model_name!r} version "
                f"{self.model_version or '(default)'} is not ready"
            )

    def health(self) -> bool:
        if self._client is None:
            return False
        try:
            return bool(
                self._client.is_server_live(client_timeout=self.timeout_s)
                and self._client.is_model_ready(
                    self.model_name, self.model_version, client_timeout=self.timeout_s
                )
            )
        except Exception:
            return False

    def warmup(self) -> None:
        self.predict([[101, 102]])  # opens the channel and lets Triton load lazily-initialised instances

    def predict(self, batch: Sequence[Sequence[int]]) -> list[WindowOutput]:
        if self._client is None:
            raise ModelError("triton backend used before load()")
        if not batch:
            return []
        try:
            result = self._client.infer(
                self.model_name,
                build_inputs(batch),
                model_version=self.model_version,
                outputs=requested_outputs(),
                client_timeout=self.timeout_s,
            )
            arrays = [result.as_numpy(name) for name in OUTPUTS]
        except Exception as exc:
            raise ModelError(f"triton inference failed at {self.url}: {exc}") from exc
        missing = [name for name, array in zip(OUTPUTS, arrays) if array is None]
        if missing:
            raise ModelError(f"triton model {self.model_name!r} returned no {missing}")
        return split_outputs([len(ids) for ids in batch], *arrays)


def build_inputs(batch: Sequence[Sequence[int]]) -> list[Any]:
    """KServe v2 inputs for one padded batch: input_ids and attention_mask, INT64 [B, T]."""
    import tritonclient.grpc as grpcclient

    inputs = []
    for name, array in zip(INPUTS, pad_batch(batch)):
        tensor = grpcclient.InferInput(name, list(array.shape), "INT64")
        tensor.set_data_from_numpy(array)
        inputs.append(tensor)
    return inputs


def requested_outputs() -> list[Any]:
    import tritonclient.grpc as grpcclient

    return [grpcclient.InferRequestedOutput(name) for name in OUTPUTS]
