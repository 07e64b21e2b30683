"""The dev score the loop keeps its best checkpoint by: entity span F1, topic macro-F1, leakage F1.

A quick in-loop measure on argmax tags per window; `verdict eval` measures a version the way it serves.
The F1 arithmetic is the evaluation's (`verdict.modeling.evaluation.metrics.Counts`).
"""

from __future__ import annotations

from verdict.modeling.evaluation.metrics import Counts
from verdict.modeling.training.batches import collate
from verdict.modeling.training.config import TrainConfig
from verdict.modeling.training.device import autocast
from verdict.modeling.training.encoding import IGNORE, Window


def bio_spans(tags: list[str]) -> set[tuple[str, int, int]]:
    """(type, start, end) spans of a BIO sequence, seqeval's lenient way: a stray I- starts a span."""
    spans, current = set(), None
    for i, tag in enumerate([*tags, "O"]):
        kind = tag[2:] if tag != "O" else None
        if current and (tag == "O" or tag.startswith("B-") or kind != current[0]):
            spans.add((current[0], current[1], i))
            current = None
        if kind and current is None:
            current = (kind, i)
    return spans


def evaluate(
    model, windows: list[Window], n_examples: int, cfg: TrainConfig, device, labels, targets
) -> dict:
    """Entity span F1 (per window); topic macro-F1, leak micro-F1 at 0.5 (max over an example's windows)."""
    import torch

    model.eval()
    topic_max = torch.full((n_examples, len(labels.topics)), -1e9)
    leak_max = torch.full((n_examples, len(labels.leakage)), -1e9)
    tp = fp = fn = 0
    order = sorted(range(len(windows)), key=lambda i: len(windows[i].ids))
    with torch.no_grad():
        for b in range(0, len(order), 64):
            chunk = [windows[i] for i in order[b : b + 64]]
            batch = collate(chunk)
            with autocast(device):
                tok, top, lk, _ = model(batch["input_ids"].to(device), batch["attention_mask"].to(device))
            pred = tok.argmax(-1).cpu()  # [B, T]
            for row, w in enumerate(chunk):
                ex = w.example
                topic_max[ex] = torch.maximum(topic_max[ex], top[row].float().cpu())
                leak_max[ex] = torch.maximum(leak_max[ex], lk[row].float().cpu())
                if all(t == IGNORE for t in w.tags):  # entities not labeled for this example
                    continue
                n = len(w.tags) - 1
                gold = bio_spans([labels.token_tags[t] for t in w.tags[1:n]])
                guess = bio_spans([labels.token_tags[t] for t in pred[row, 1:n].tolist()])
                tp, fp, fn = tp + len(gold & guess), fp + len(guess - gold), fn + len(gold - guess)
    model.train()
    metrics = {"entity_f1": Counts(tp, fp, fn).f1}
    topic_y, topic_m, leak_y, leak_m = targets  # truth and known-mask, [n_examples, n_labels] each
    pred_t, pred_l = (topic_max > 0).float(), (leak_max > 0).float()
    per_label = [_f1_known(p, g, m) for p, g, m in zip(pred_t.T, topic_y.T, topic_m.T) if (g * m).sum() > 0]
    if per_label:
        metrics["topic_macro_f1"] = sum(per_label) / len(per_label)
    if (leak_y * leak_m).sum() > 0:
        metrics["leak_f1"] = _f1_known(pred_l, leak_y, leak_m)
    scores = [metrics[k] for k in ("entity_f1", "topic_macro_f1", "leak_f1") if k in metrics]
    metrics["score"] = sum(scores) / len(scores)
    return metrics


def eval_targets(examples, labels):
    import torch

    topic_y = torch.tensor([[float(t in ex.topics) for t in labels.topics] for ex in examples])
    leak_y = torch.tensor([[float(t in ex.leakage) for t in labels.leakage] for ex in examples])
    topic_m = torch.tensor([[float(ex.known("topics", t)) for t in labels.topics] for ex in examples])
    leak_m = torch.tensor([[float(ex.known("leakage", t)) for t in labels.leakage] for ex in examples])
    shape = (len(examples), -1)
    return topic_y.reshape(shape), topic_m.reshape(shape), leak_y.reshape(shape), leak_m.reshape(shape)


def _f1_known(pred, gold, known) -> float:
    """F1 over the known entries only (all tensors the same shape, 0/1 floats)."""
    p, g = pred * known, gold * known
    return Counts(float((p * g).sum()), float((p * (1 - g)).sum()), float(((1 - p) * g).sum())).f1
