"""The distillation teacher: the initial model's embeddings of a fraction of the train windows, cached."""

from __future__ import annotations

import random
from pathlib import Path

from verdict.modeling.training.batches import collate
from verdict.modeling.training.config import TrainConfig
from verdict.modeling.training.device import autocast
from verdict.modeling.training.encoding import Window


def teacher_embeddings(model, windows: list[Window], cfg: TrainConfig, device, cache: Path):
    """Embeddings of the initial model for a fraction of train windows, computed once and cached."""
    import torch

    rng = random.Random(cfg.seed + 1)
    chosen = sorted(rng.sample(range(len(windows)), int(cfg.distill_fraction * len(windows))))
    for row, i in enumerate(chosen):
        windows[i].teacher = row
    if cache.is_file():
        return torch.load(cache)
    model.eval()
    table = torch.zeros(len(chosen), model.config.hidden_size)  # [N_teacher, H]
    by_length = sorted(range(len(chosen)), key=lambda r: len(windows[chosen[r]].ids))
    with torch.no_grad():
        for b in range(0, len(by_length), 128):
            rows = by_length[b : b + 128]
            batch = collate([windows[chosen[r]] for r in rows])
            with autocast(device):
                emb = model(batch["input_ids"].to(device), batch["attention_mask"].to(device))[3]
            table[rows] = emb.float().cpu()
    model.train()
    torch.save(table, cache)
    return table
