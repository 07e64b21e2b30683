"""Triton Inference Server backend (KServe v2 over gRPC, tritonclient.grpc): models served out of process.

The exported model repository is Triton's layout, so `tritonserver --model-repository models` serves the
same ONNX graph (deploy/triton/); this backend only pads, sends `input_ids` / `attention_mask` (INT64) and
reads the four outputs (FP32) back. At load it checks that the served model has that signature and reads
its `max_batch_size`: Triton refuses a request with more rows, so a larger batch goes out in pieces, and
Triton's dynamic batcher merges what several verdict replicas send. Every failure is a ModelError naming
the server, the model and Triton's status, so a FallbackBackend can take over. The client is a seam: tests
inject a fake one instead of running a server.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from verdict.runtime.backends.base import WindowOutput, pad_batch, split_outputs
from verdict.runtime.errors import ModelError

INPUTS = ("input_ids", "attention_mask")
OUTPUTS = ("token_logits", "topic_logits", "leak_logits", "embedding")
SIGNATURE = {"inputs": dict.fromkeys(INPUTS, "INT64"), "outputs": dict.fromkeys(OUTPUTS, "FP32")}


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
        self.max_batch_size = 0  # rows per request the served model takes; 0: no limit
        self._checked = False  # the served model's signature was checked and max_batch_size read
        self._client = client

    def load(self) -> None:
        if self._client is None:
            import tritonclient.grpc as grpcclient

            self._client = grpcclient.InferenceServerClient(self.url)
        if not self.health():
            raise ModelError(f"triton at {self.url}: {self._model()} is not ready")
        self._check_model()

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
        if not self._checked:  # Triton was not ready at load; a FallbackBackend has come back to it
            self._check_model()
        step = self.max_batch_size or len(batch)
        outputs: list[WindowOutput] = []
        for start in range(0, len(batch), step):
            outputs.extend(self._infer(batch[start : start + step]))
        return outputs

    def _infer(self, batch: Sequence[Sequence[int]]) -> list[WindowOutput]:
        """One request of at most max_batch_size windows, padded to its widest."""
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
            raise ModelError(f"triton inference failed at {self.url}, {self._model()}: {exc}") from exc
        missing = [name for name, array in zip(OUTPUTS, arrays) if array is None]
        if missing:
            raise ModelError(f"triton {self._model()} returned no {missing}")
        return split_outputs([len(ids) for ids in batch], *arrays)

    def _check_model(self) -> None:
        """Read the served model's max_batch_size, once its inputs and outputs are what verdict speaks."""
        try:
            metadata = self._client.get_model_metadata(
                self.model_name, self.model_version, as_json=True, client_timeout=self.timeout_s
            )
            config = self._client.get_model_config(
                self.model_name, self.model_version, as_json=True, client_timeout=self.timeout_s
            )
        except Exception as exc:
            raise ModelError(f"triton at {self.url}: cannot read {self._model()}: {exc}") from exc
        for side, expected in SIGNATURE.items():
            served = {t["name"]: t["datatype"] for t in metadata.get(side, [])}
            if any(served.get(name) != datatype for name, datatype in expected.items()):
                raise ModelError(
                    f"triton at {self.url}: {self._model()} has {side} {served}, "
                    f"verdict needs {expected} (models/<name>/config.pbtxt)"
                )
        self.max_batch_size = int(config.get("config", {}).get("max_batch_size", 0))
        self._checked = True

    def _model(self) -> str:
        return f"model {self.model_name!r} version {self.model_version or '(default)'}"


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
