"""The backend seam: what every inference backend takes (token ids) and gives back (WindowOutput).

A backend knows nothing about text, policy or batching policy: it pads the windows it is handed,
runs one forward pass and hands each window its own outputs with the padding cut off.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np


@dataclass(frozen=True, slots=True)
class WindowOutput:
    token_logits: np.ndarray  # [n_tokens, n_tags]  (the window's own tokens, padding removed)
    topic_logits: np.ndarray  # [n_topics]
    leak_logits: np.ndarray  # [n_leak]
    embedding: np.ndarray  # [hidden], L2-normalized mean pool


class Backend(Protocol):
    name: str  # "onnxruntime-cpu", "onnxruntime-cuda", "torch-cuda", "triton", "fake"

    def load(self) -> None: ...

    def health(self) -> bool: ...

    def warmup(self) -> None: ...

    def predict(self, batch: Sequence[Sequence[int]]) -> list[WindowOutput]: ...  # pads internally


def pad_batch(batch: Sequence[Sequence[int]], pad_id: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Right-pad windows to the longest one: (input_ids int64 [B, T], attention_mask int64 [B, T])."""
    width = max((len(ids) for ids in batch), default=0)
    input_ids = np.full((len(batch), width), pad_id, dtype=np.int64)
    attention_mask = np.zeros((len(batch), width), dtype=np.int64)
    for row, ids in enumerate(batch):
        input_ids[row, : len(ids)] = ids
        attention_mask[row, : len(ids)] = 1
    return input_ids, attention_mask


def split_outputs(
    lengths: Sequence[int],
    token_logits: np.ndarray,  # [B, T, n_tags]
    topic_logits: np.ndarray,  # [B, n_topics]
    leak_logits: np.ndarray,  # [B, n_leak]
    embedding: np.ndarray,  # [B, hidden]
) -> list[WindowOutput]:
    """One WindowOutput per row, float32, token logits cut to the row's real length."""
    as32 = [np.asarray(a, dtype=np.float32) for a in (token_logits, topic_logits, leak_logits, embedding)]
    tokens, topics, leak, emb = as32
    return [
        WindowOutput(
            token_logits=tokens[row, :length],
            topic_logits=topics[row],
            leak_logits=leak[row],
            embedding=emb[row],
        )
        for row, length in enumerate(lengths)
    ]
