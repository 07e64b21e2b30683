"""Choosing decision thresholds on dev: the cut on a grid that maximizes F1, within guard rails.

Guard rails, because dev sets are small per label: a label with fewer than `MIN_SUPPORT` positives
keeps the default; the chosen cut is clamped to `CLAMP` so one lucky dev split cannot switch a label
(almost) always on or off; among cuts with equal F1 the one nearest the default wins.

With a `slack`, the highest cut whose F1 is within `slack` of the best wins instead: in-distribution dev
shares templates with training and so separates a label better than real outputs do, and the cut that
maximizes its F1 is often far lower than one that costs it almost nothing (a conservative operating point).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from verdict.modeling.evaluation.metrics import Counts, SpanTuple, add_counts, label_counts, match_exact

GRID: tuple[float, ...] = tuple(round(0.05 * i, 2) for i in range(1, 20))  # 0.05 .. 0.95
MIN_SUPPORT = 5
CLAMP = (0.2, 0.9)
DEFAULT = 0.5
# The analyzer keeps model spans at or above the manifest threshold; searching needs the spans below
# every cut on the grid it may choose, so the search pass runs with entity thresholds at this floor.
ENTITY_FLOOR = CLAMP[0]


@dataclass(frozen=True, slots=True)
class Choice:
    threshold: float
    f1: float | None  # dev F1 at the chosen cut (None: not searched)
    support: int
    reason: str

    def to_dict(self) -> dict:
        return {"threshold": self.threshold, "f1": self.f1, "support": self.support, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Candidate:
    """An entity finding of the low-floor pass; rule findings pass every model threshold."""

    span: SpanTuple
    score: float
    model_only: bool


def best_cut(
    f1_at: Callable[[float], float], support: int, default: float = DEFAULT, slack: float = 0.0
) -> Choice:
    if support < MIN_SUPPORT:
        return Choice(default, None, support, f"support {support} < {MIN_SUPPORT}: kept {default}")
    f1s = np.array([f1_at(t) for t in GRID])
    if f1s.max() <= 0.0:
        return Choice(default, 0.0, support, f"F1 is 0 at every cut: kept {default}")
    if slack > 0:
        best = max(t for t, f in zip(GRID, f1s) if f >= f1s.max() - slack)
        found = f"highest cut within {slack} of max F1 {f1s.max():.3f}"
    else:
        ties = [t for t, f in zip(GRID, f1s) if f == f1s.max()]
        best = min(ties, key=lambda t: abs(t - default))
        found = "max F1"
    clamped = float(min(max(best, CLAMP[0]), CLAMP[1]))
    reason = f"{found} on the grid" if clamped == best else f"{found} at {best}, clamped to {CLAMP}"
    return Choice(clamped, float(f1_at(clamped)), support, reason)


def label_threshold(
    y_true: np.ndarray, scores: np.ndarray, default: float = DEFAULT, slack: float = 0.0
) -> Choice:
    y_true, scores = np.asarray(y_true, dtype=bool), np.asarray(scores, dtype=np.float64)
    return best_cut(lambda t: label_counts(y_true, scores >= t).f1, int(y_true.sum()), default, slack)


def entity_threshold(
    entity_type: str,
    gold: Sequence[Sequence[SpanTuple]],
    candidates: Sequence[Sequence[Candidate]],
    default: float = DEFAULT,
) -> Choice:
    """The cut on model span scores that maximizes exact-match span F1 of `entity_type` over examples."""
    gold_of_type = [[g for g in spans if g[2] == entity_type] for spans in gold]
    cands_of_type = [[c for c in cands if c.span[2] == entity_type] for cands in candidates]

    def f1_at(cut: float) -> float:
        total: dict[str, Counts] = {}
        for g, cands in zip(gold_of_type, cands_of_type, strict=True):
            add_counts(total, match_exact(g, [c.span for c in cands if not c.model_only or c.score >= cut]))
        return total.get(entity_type, Counts()).f1

    return best_cut(f1_at, sum(len(g) for g in gold_of_type), default)
