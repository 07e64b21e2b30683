"""The ranking term's data: preference pairs (`data.sources.preferences`) as windows, drawn into batches.

Each reply is prepared as serving prepares it (normalized, windowed) and its first window kept; the windows
carry no label and no loss mask, so in a batch they add nothing to the token, topic, leakage or distillation
terms. What they add is `loss.preference_loss`: the rejected reply's topic score (the soft maximum over
topic logits, as the transfer benchmark ranks by the highest topic probability) should exceed the chosen
one's. `pair_accuracy` is the share of held-out pairs the model already ranks that way.
"""

from __future__ import annotations

import random
from pathlib import Path

from verdict.modeling.training.batches import collate
from verdict.modeling.training.config import TrainConfig
from verdict.modeling.training.device import autocast
from verdict.modeling.training.encoding import Window, encode_examples
from verdict.modeling.training.loss import preference_score

PAIRS_FILE = "pairs.jsonl"


def pair_windows(tokenizer, pairs, labels, cfg: TrainConfig) -> list[tuple[Window, Window]]:
    """(chosen, rejected) first windows per pair, unlabeled."""
    from verdict.modeling.data.schema import Example

    examples = [
        Example(id=f"{p.id}-{side}", text=text, source="preference_pairs", labeled=())
        for p in pairs
        for side, text in (("chosen", p.chosen), ("rejected", p.rejected))
    ]
    first: dict[int, Window] = {}
    for w in encode_examples(tokenizer, examples, labels, cfg):
        first.setdefault(w.example, w)
    return [(first[2 * i], first[2 * i + 1]) for i in range(len(pairs))]


def load_pair_windows(data_dir: Path, split: str, tokenizer, labels, cfg: TrainConfig):
    """The split's pairs as windows; a clear error when the build has no pairs.jsonl."""
    from verdict.modeling.data.sources.preferences import read_pairs
    from verdict.runtime.errors import ConfigError

    path = data_dir / PAIRS_FILE
    if not path.is_file():
        raise ConfigError(
            f"preference_weight > 0 needs {path} (verdict data build writes it unless --no-preference-pairs)",
            field="preference_weight",
        )
    return pair_windows(tokenizer, read_pairs(path, split), labels, cfg)


def draw(pairs: list, n: int, seed: int, step: int) -> list:
    """`n` pairs for one step, the same ones when a resumed run replays that step."""
    return random.Random(f"{seed}-pairs-{step}").sample(pairs, min(n, len(pairs)))


def with_pairs(windows: list[Window], pairs: list[tuple[Window, Window]], teacher=None) -> dict:
    """The batch of `windows` with the pairs' windows appended, and `pairs` [P, 2] = their rows."""
    import torch

    extra = [w for pair in pairs for w in pair]
    batch = collate([*windows, *extra], teacher)
    start = len(windows)
    batch["pairs"] = torch.arange(start, start + len(extra)).view(-1, 2)  # [P, 2]: chosen, rejected
    return batch


def pair_accuracy(model, pairs: list[tuple[Window, Window]], device) -> float:
    """Share of pairs whose rejected reply scores above the chosen one (soft maximum of topic logits)."""
    import torch

    model.eval()
    right = 0
    with torch.no_grad():
        for b in range(0, len(pairs), 32):
            chunk = pairs[b : b + 32]
            batch = collate([w for pair in chunk for w in pair])
            with autocast(device):
                topic_logits = model(batch["input_ids"].to(device), batch["attention_mask"].to(device))[1]
            score = preference_score(topic_logits).view(-1, 2)  # [P, 2]
            right += int((score[:, 1] > score[:, 0]).sum())
    model.train()
    return right / max(len(pairs), 1)
