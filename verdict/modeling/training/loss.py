"""The multi-task loss: weighted token cross-entropy plus masked BCE per head, the distillation term, and
the ranking term on preference pairs."""

from __future__ import annotations

from verdict.modeling.training.config import TrainConfig
from verdict.modeling.training.encoding import IGNORE, Window


def pos_weights(windows: list[Window], attr: str, mask_attr: str, cap: float):
    """neg/pos per label over the windows where that label is known, capped (rare labels weigh more)."""
    import torch

    mask = torch.tensor([getattr(w, mask_attr) for w in windows])  # [N, L]
    y = torch.tensor([getattr(w, attr) for w in windows])  # [N, L]
    pos = (y * mask).sum(0)  # [L]
    neg = ((1 - y) * mask).sum(0)  # [L]
    return (neg / pos.clamp(min=1)).clamp(min=1.0, max=cap)


def masked_bce(logits, target, mask, pos_weight):
    """BCE averaged over the known (example, label) pairs (mask [B, L]); zero when none are."""
    import torch.nn.functional as F

    loss = F.binary_cross_entropy_with_logits(logits.float(), target, pos_weight=pos_weight, reduction="none")
    return (loss * mask).sum() / mask.sum().clamp(min=1.0)  # [B, L] * [B, L]


def compute_loss(outputs, batch, cfg: TrainConfig, tag_weight, topic_pw, leak_pw):
    import torch.nn.functional as F

    token_logits, topic_logits, leak_logits, embedding = outputs
    n_tags = token_logits.shape[-1]
    flat_tags = batch["tags"].view(-1)  # [B, T] -> [B*T]
    token_sum = F.cross_entropy(
        token_logits.float().view(-1, n_tags),
        flat_tags,  # [B*T, n_tags]
        weight=tag_weight,
        ignore_index=IGNORE,
        reduction="sum",
    )
    valid = flat_tags != IGNORE
    token = token_sum / tag_weight[flat_tags[valid]].sum().clamp(min=1.0)
    parts = {
        "token": token,
        "topic": masked_bce(topic_logits, batch["topics"], batch["topic_mask"], topic_pw),
        "leak": masked_bce(leak_logits, batch["leak"], batch["leak_mask"], leak_pw),
    }
    total = cfg.loss_token * parts["token"] + cfg.loss_topic * parts["topic"] + cfg.loss_leak * parts["leak"]
    if "teacher" in batch and cfg.distill_weight > 0:
        cos = (embedding.float() * batch["teacher"]).sum(-1)  # [B], both unit length
        m = batch["teacher_mask"]
        parts["distill"] = ((1 - cos) * m).sum() / m.sum().clamp(min=1.0)
        total = total + cfg.distill_weight * parts["distill"]
    if "pairs" in batch and cfg.preference_weight > 0:
        parts["prefer"] = preference_loss(topic_logits, batch["pairs"])
        total = total + cfg.preference_weight * parts["prefer"]
    return total, parts


def preference_score(topic_logits):
    """A window's score for ranking a pair: the soft maximum of its topic logits ([B, n_topics] -> [B])."""
    import torch

    return torch.logsumexp(topic_logits.float(), dim=-1)


def preference_loss(topic_logits, pairs):
    """Bradley-Terry: -log sigmoid(s(rejected) - s(chosen)), s = `preference_score`; `pairs` [P, 2] holds
    the rows of each pair's chosen and rejected window."""
    import torch.nn.functional as F

    score = preference_score(topic_logits)  # [B]
    return F.softplus(score[pairs[:, 0]] - score[pairs[:, 1]]).mean()


def loss_weights(cfg: TrainConfig, windows: list[Window], labels, device) -> tuple:
    """(tag weights, topic pos_weight, leak pos_weight): the "O" tag at cfg.o_weight, BCE by rarity."""
    import torch

    tag_weight = torch.ones(len(labels.token_tags), device=device)
    tag_weight[0] = cfg.o_weight
    topic_pw = pos_weights(windows, "topics", "topic_mask", cfg.pos_weight_cap).to(device)
    leak_pw = pos_weights(windows, "leak", "leak_mask", cfg.pos_weight_cap).to(device)
    return tag_weight, topic_pw, leak_pw
