"""Which examples a run uses and how they are batched: sampling, oversampling, length buckets, padding."""

from __future__ import annotations

import random

from verdict.modeling.training.config import TrainConfig
from verdict.modeling.training.encoding import IGNORE, Window


def sample(examples: list, limit: int, seed: int) -> list:
    if not limit or len(examples) <= limit:
        return examples
    rng = random.Random(seed)
    return sorted(rng.sample(examples, limit), key=lambda ex: ex.id)


def oversampled(examples: list, cfg: TrainConfig) -> list:
    """Each example as many times as the largest oversampling factor of its source, its topic labels or its
    generated kind."""
    if not cfg.oversample_sources and not cfg.oversample_topics and not cfg.oversample_kinds:
        return examples
    out = []
    for ex in examples:
        times = max(
            [
                cfg.oversample_sources.get(ex.source, 1),
                cfg.oversample_kinds.get(ex.meta.get("kind"), 1),
                *(cfg.oversample_topics.get(t, 1) for t in ex.topics),
            ]
        )
        out += [ex] * times
    missing = sorted(set(cfg.oversample_kinds) - {ex.meta.get("kind") for ex in examples})
    if missing:
        from verdict.runtime.errors import ConfigError

        raise ConfigError(f"no train example has kind {missing} (meta.kind)", field="oversample_kinds")
    return out


def length_bucketed_batches(lengths: list[int], batch_size: int, seed: int, chunk: int) -> list[list[int]]:
    """Shuffle, sort by length within chunks of `chunk` batches, batch, shuffle the batches."""
    rng = random.Random(seed)
    order = list(range(len(lengths)))
    rng.shuffle(order)
    batches = []
    span = batch_size * chunk
    for c in range(0, len(order), span):
        part = sorted(order[c : c + span], key=lengths.__getitem__)
        batches += [part[i : i + batch_size] for i in range(0, len(part), batch_size)]
    rng.shuffle(batches)
    return batches


def collate(windows: list[Window], teacher=None) -> dict:
    """Dynamic padding to the longest window of the batch."""
    import torch

    width = max(len(w.ids) for w in windows)
    input_ids = torch.zeros(len(windows), width, dtype=torch.long)  # [B, T], [PAD] = 0
    attention_mask = torch.zeros(len(windows), width, dtype=torch.long)  # [B, T]
    tags = torch.full((len(windows), width), IGNORE, dtype=torch.long)  # [B, T]
    for i, w in enumerate(windows):
        input_ids[i, : len(w.ids)] = torch.tensor(w.ids)
        attention_mask[i, : len(w.ids)] = 1
        tags[i, : len(w.tags)] = torch.tensor(w.tags)
    batch = {
        "input_ids": input_ids,
        "attention_mask": attention_mask,
        "tags": tags,
        "topics": torch.tensor([w.topics for w in windows]),  # [B, n_topics]
        "topic_mask": torch.tensor([w.topic_mask for w in windows]),  # [B, n_topics]
        "leak": torch.tensor([w.leak for w in windows]),  # [B, n_leak]
        "leak_mask": torch.tensor([w.leak_mask for w in windows]),  # [B, n_leak]
    }
    if teacher is not None:
        rows = torch.tensor([max(w.teacher, 0) for w in windows])
        batch["teacher"] = teacher[rows]  # [B, H]
        batch["teacher_mask"] = torch.tensor([float(w.teacher >= 0) for w in windows])  # [B]
    return batch
