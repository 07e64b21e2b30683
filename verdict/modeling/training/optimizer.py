"""AdamW with layer-wise learning rates, the warmup-then-linear schedule, and the time budget's step count."""

from __future__ import annotations

from verdict.modeling.training.config import TrainConfig


def lr_schedule(optimizer, cfg: TrainConfig, total_steps: int, last_step: int = -1):
    """Linear warmup, then linear decay to 0 at total_steps (rebuilt when a time budget shortens the run)."""
    import torch

    warmup = max(int(cfg.warmup_fraction * total_steps), 1)

    def schedule(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return max(0.0, (total_steps - step) / max(total_steps - warmup, 1))

    return torch.optim.lr_scheduler.LambdaLR(optimizer, schedule, last_epoch=last_step)


def budget_steps(budget_s: float, elapsed_s: float, step: int, first_step: int, margin: float = 1.1) -> int:
    """The last step a run can reach within `budget_s`, at the rate it has gone since `first_step`."""
    rate = elapsed_s / max(step - first_step, 1)
    return step + max(int((budget_s - elapsed_s) / (rate * margin)), 1)


def encoder_depth(name: str, n_layers: int) -> int:
    """0 for the embeddings, k + 1 for encoder layer k, n_layers + 1 for anything above the encoder."""
    import re

    if not name.startswith("encoder."):
        return n_layers + 1
    if ".embeddings." in name:
        return 0
    found = re.search(r"\.layer\.(\d+)\.", name)
    return int(found.group(1)) + 1 if found else n_layers


def make_optimizer(model, cfg: TrainConfig, total_steps: int):
    import torch

    n_layers = model.config.num_hidden_layers
    groups: dict[tuple[float, float], list] = {}
    model.encoder.embeddings.word_embeddings.weight.requires_grad_(not cfg.freeze_word_embeddings)
    for name, p in model.named_parameters():
        if not p.requires_grad:
            continue
        depth = encoder_depth(name, n_layers)
        if depth > n_layers:
            lr = cfg.lr_heads
        else:
            lr = cfg.lr_encoder * cfg.layer_decay ** (n_layers - depth)
        decay = cfg.weight_decay if p.ndim >= 2 and "LayerNorm" not in name else 0.0
        groups.setdefault((lr, decay), []).append(p)
    optimizer = torch.optim.AdamW(
        [{"params": params, "lr": lr, "weight_decay": decay} for (lr, decay), params in groups.items()],
        fused=True,
    )
    return optimizer, lr_schedule(optimizer, cfg, total_steps)
