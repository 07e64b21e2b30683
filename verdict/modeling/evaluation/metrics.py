"""Metric arithmetic on plain numbers: span matching, precision/recall/F1, average precision, calibration.

Pure numpy and no model, so every function here is checked against hand-computed tables in tests.
Spans are `(start, end, type)` tuples, end exclusive.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

SpanTuple = tuple[int, int, str]
CALIBRATION_BINS = 10
# Bootstrap over examples (Efron's percentile interval): how far a split of this size could move a number
# by the luck of which examples it holds. Seeded, so a report is reproducible.
BOOTSTRAP_RESAMPLES = 1000
BOOTSTRAP_SEED = 0


@dataclass(frozen=True, slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        # 2tp / (2tp + fp + fn) equals the harmonic mean and needs no special case for p = r = 0.
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else 0.0

    def to_dict(self) -> dict:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "support": self.support,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


def match_exact(gold: Iterable[SpanTuple], pred: Iterable[SpanTuple]) -> dict[str, Counts]:
    """Per type: a prediction is correct only with the same start, end and type (one-to-one)."""
    gold_c, pred_c = Counter(gold), Counter(pred)
    out: dict[str, Counts] = defaultdict(Counts)
    for span in gold_c.keys() | pred_c.keys():
        tp = min(gold_c[span], pred_c[span])
        out[span[2]] += Counts(tp, pred_c[span] - tp, gold_c[span] - tp)
    return dict(out)


def match_overlap(gold: Sequence[SpanTuple], pred: Sequence[SpanTuple]) -> dict[str, Counts]:
    """Per type: same type and any shared character; pairs are matched one-to-one, largest overlap first."""
    pairs = sorted(
        (
            (min(g[1], p[1]) - max(g[0], p[0]), gi, pi)
            for gi, g in enumerate(gold)
            for pi, p in enumerate(pred)
            if g[2] == p[2] and g[0] < p[1] and p[0] < g[1]
        ),
        key=lambda pair: (-pair[0], pair[1], pair[2]),
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for _, gi, pi in pairs:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
    out: dict[str, Counts] = defaultdict(Counts)
    for gi, g in enumerate(gold):
        out[g[2]] += Counts(tp=1) if gi in used_gold else Counts(fn=1)
    for pi, p in enumerate(pred):
        if pi not in used_pred:
            out[p[2]] += Counts(fp=1)
    return dict(out)


def add_counts(total: dict[str, Counts], more: dict[str, Counts]) -> None:
    for name, counts in more.items():
        total[name] = total.get(name, Counts()) + counts


def label_counts(y_true: np.ndarray, y_pred: np.ndarray) -> Counts:
    y_true, y_pred = np.asarray(y_true, dtype=bool), np.asarray(y_pred, dtype=bool)
    return Counts(int((y_true & y_pred).sum()), int((~y_true & y_pred).sum()), int((y_true & ~y_pred).sum()))


def pr_curve(y_true: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(precision, recall, thresholds), one point per distinct score, highest score first."""
    y_true = np.asarray(y_true, dtype=np.float64)
    scores = np.asarray(scores, dtype=np.float64)
    order = np.argsort(-scores, kind="mergesort")
    scores, y_true = scores[order], y_true[order]
    # Tied scores are one cut: take the cumulative counts at the last index of each run of ties.
    last_of_run = np.r_[np.flatnonzero(np.diff(scores)), len(scores) - 1]
    tps = np.cumsum(y_true)[last_of_run]
    fps = (last_of_run + 1) - tps
    precision = tps / (tps + fps)
    recall = tps / tps[-1] if len(tps) and tps[-1] > 0 else np.zeros_like(tps)
    return precision, recall, scores[last_of_run]


def average_precision(y_true: np.ndarray, scores: np.ndarray) -> float | None:
    """AP = sum_n (R_n - R_{n-1}) P_n over distinct score cuts (no interpolation); None without positives."""
    if len(y_true) == 0 or not np.asarray(y_true, dtype=bool).any():
        return None
    precision, recall, _ = pr_curve(y_true, scores)
    return float(np.sum(np.diff(recall, prepend=0.0) * precision))


@dataclass(frozen=True, slots=True)
class Reliability:
    """Equal-width probability bins: how often the label was true against how sure the model was."""

    edges: tuple[float, ...]
    confidence: tuple[float | None, ...]  # mean predicted probability per bin (None: empty bin)
    accuracy: tuple[float | None, ...]  # fraction of true labels per bin
    count: tuple[int, ...]
    ece: float | None

    def to_dict(self) -> dict:
        return {
            "ece": self.ece,
            "edges": list(self.edges),
            "confidence": list(self.confidence),
            "accuracy": list(self.accuracy),
            "count": list(self.count),
        }


def reliability(y_true: np.ndarray, probs: np.ndarray, bins: int = CALIBRATION_BINS) -> Reliability:
    """Expected calibration error = sum_b (n_b / N) |accuracy_b - confidence_b| over `bins` equal bins."""
    y_true = np.asarray(y_true, dtype=np.float64)
    probs = np.clip(np.asarray(probs, dtype=np.float64), 0.0, 1.0)
    edges = np.linspace(0.0, 1.0, bins + 1)
    # Right-closed bins so a probability of exactly 1.0 falls in the last bin, 0.0 in the first.
    index = np.clip(np.searchsorted(edges, probs, side="left") - 1, 0, bins - 1)
    count = np.bincount(index, minlength=bins)
    conf_sum = np.bincount(index, weights=probs, minlength=bins)
    true_sum = np.bincount(index, weights=y_true, minlength=bins)
    filled = count > 0
    confidence = np.where(filled, conf_sum / np.maximum(count, 1), np.nan)
    accuracy = np.where(filled, true_sum / np.maximum(count, 1), np.nan)
    gaps = count[filled] * np.abs(accuracy[filled] - confidence[filled])
    ece = float(gaps.sum() / count.sum()) if count.sum() else None
    return Reliability(
        edges=tuple(float(e) for e in edges),
        confidence=tuple(None if np.isnan(c) else float(c) for c in confidence),
        accuracy=tuple(None if np.isnan(a) else float(a) for a in accuracy),
        count=tuple(int(c) for c in count),
        ece=ece,
    )


def f1_of(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> np.ndarray:
    """Elementwise 2tp / (2tp + fp + fn), 0 where there is nothing to count (as `Counts.f1`)."""
    denominator = 2 * tp + fp + fn
    return np.divide(2 * tp, denominator, out=np.zeros(np.shape(denominator)), where=denominator > 0)


def bootstrap_ci(
    statistic,
    n: int,
    *,
    level: float = 0.95,
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> tuple[float, float] | None:
    """Percentile interval of `statistic(indices)` over resamples of n examples drawn with replacement.

    `statistic` takes an int array of example indices (repeats allowed) and returns a float; None when
    there are no examples.
    """
    if n == 0:
        return None
    rng = np.random.default_rng(seed)
    values = np.array([statistic(rng.integers(0, n, n)) for _ in range(resamples)])
    tail = (1 - level) / 2 * 100
    return float(np.percentile(values, tail)), float(np.percentile(values, 100 - tail))


def micro_f1_ci(per_example: np.ndarray) -> tuple[float, float] | None:
    """95% interval of micro F1 from per-example counts, an [n, 3] array of (tp, fp, fn)."""
    per_example = np.asarray(per_example, dtype=np.int64).reshape(-1, 3)

    def micro(idx: np.ndarray) -> float:
        tp, fp, fn = per_example[idx].sum(axis=0)
        return float(f1_of(tp, fp, fn))

    return bootstrap_ci(micro, len(per_example))
