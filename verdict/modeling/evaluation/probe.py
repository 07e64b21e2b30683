"""The frozen-encoder probe: the baseline every fine-tuned version must beat on the transfer benchmark.

The base encoder (all-MiniLM-L6-v2, untouched), mean-pooled over its first window, and a logistic
regression for "any topic violation" trained on the topic-labelled train split. Whatever a fine-tune
scores above this on sets it never saw is what fine-tuning added; at or below it, fine-tuning only
memorized. Needs torch (`pip install -e '.[train]'`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from verdict.modeling.data.schema import Example

MAX_TOKENS = 256
TRAIN_CAP = 8000  # examples: balanced enough, and about a minute of embedding on 2 CPU cores
L2 = 1e-3
EPOCHS = 300


class FrozenProbe:
    def __init__(self, cache_dir: Path | None = None, *, batch_size: int = 64) -> None:
        import torch
        from transformers import AutoModel, AutoTokenizer

        from verdict.runtime.model import base_model_path

        path = base_model_path()
        self._torch = torch
        self._tokenizer = AutoTokenizer.from_pretrained(path)
        self._encoder = AutoModel.from_pretrained(path).eval()
        self._cache = cache_dir
        self._batch = batch_size
        self.weights: np.ndarray | None = None
        self.bias = 0.0
        self.trained_on = 0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """[n, 384] L2-normalized mean-pooled embeddings; cached on disk by the hash of the texts."""
        key = hashlib.sha256("\x00".join(texts).encode()).hexdigest()[:20]
        cached = self._cache / f"probe-{key}.npy" if self._cache else None
        if cached is not None and cached.is_file():
            return np.load(cached)
        torch, out = self._torch, []
        order = np.argsort([len(t) for t in texts])  # similar lengths per batch: less padding
        with torch.inference_mode():
            for begin in range(0, len(texts), self._batch):
                idx = order[begin : begin + self._batch]
                batch = self._tokenizer(
                    [texts[i] for i in idx],
                    padding=True,
                    truncation=True,
                    max_length=MAX_TOKENS,
                    return_tensors="pt",
                )
                hidden = self._encoder(**batch).last_hidden_state  # [B, T, H]
                mask = batch["attention_mask"].unsqueeze(-1).float()  # [B, T, 1]
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1)  # [B, H]
                out.append((idx, torch.nn.functional.normalize(pooled, dim=-1).numpy()))
        embeddings = np.zeros((len(texts), self._encoder.config.hidden_size), dtype=np.float32)
        for idx, rows in out:
            embeddings[idx] = rows
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            np.save(cached, embeddings)
        return embeddings

    def fit(self, examples: Sequence[Example], *, seed: int = 13) -> FrozenProbe:
        """Logistic regression on "has any topic" over topic-labelled examples (positives first, capped)."""
        labelled = [ex for ex in examples if "topics" in ex.labeled]
        rng = np.random.default_rng(seed)
        if len(labelled) > TRAIN_CAP:
            labelled = [labelled[i] for i in sorted(rng.choice(len(labelled), TRAIN_CAP, replace=False))]
        x = self.embed([ex.text for ex in labelled])
        y = np.array([float(bool(ex.topics)) for ex in labelled], dtype=np.float32)
        self.weights, self.bias = _logistic(x, y)
        self.trained_on = len(labelled)
        return self

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        if self.weights is None:
            raise RuntimeError("FrozenProbe.fit() first")
        return 1 / (1 + np.exp(-(self.embed(texts) @ self.weights + self.bias)))


def _logistic(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Class-balanced L2 logistic regression by full-batch L-BFGS (torch), deterministic."""
    import torch

    xt, yt = torch.from_numpy(x).double(), torch.from_numpy(y).double()
    positive = float(yt.mean().clamp(1e-6, 1 - 1e-6))
    weight = torch.where(yt > 0, 0.5 / positive, 0.5 / (1 - positive))  # each class weighs half
    w = torch.zeros(x.shape[1], dtype=torch.float64, requires_grad=True)
    b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.LBFGS([w, b], max_iter=EPOCHS, line_search_fn="strong_wolfe")

    def closure():
        optimizer.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(xt @ w + b, yt, weight=weight) + L2 * (
            w @ w
        )
        loss.backward()
        return loss

    optimizer.step(closure)
    return w.detach().numpy().astype(np.float32), float(b.detach())
