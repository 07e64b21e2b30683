"""Topic and leakage heads: per-label AUPRC and F1 at the threshold in force, macro-F1, calibration.

A head counts only on examples whose `labeled` includes it, and a label only where it is known: on a
positive-only (`partial`) example, the labels its source did not list are unknown, not false, so a score
there is neither a false nor a true negative (the report also gives macro-F1 counting them as negatives).
Macro-F1 averages labels with at least `MACRO_MIN_SUPPORT` positives in the split: a label with two
examples would swing the average on a coin flip, so it is reported but named as excluded.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from verdict.modeling.data.schema import Example
from verdict.modeling.evaluation.metrics import (
    average_precision,
    bootstrap_ci,
    f1_of,
    label_counts,
    pr_curve,
    reliability,
)
from verdict.modeling.evaluation.thresholds import Choice, label_threshold
from verdict.runtime.findings import Analysis

# The Example field, the `labeled` head name and the Thresholds field share these names.
HEADS = ("topics", "leakage")
MACRO_MIN_SUPPORT = 5
SYSTEM_PROMPT_LABEL = "system_prompt_disclosure"


@dataclass(frozen=True, slots=True)
class HeadTable:
    """One head on its labeled examples: truth, probability and whether the truth is known, per (example, label)."""

    head: str
    labels: tuple[str, ...]
    y_true: np.ndarray  # [n_examples, n_labels] bool
    scores: np.ndarray  # [n_examples, n_labels] float
    known: np.ndarray  # [n_examples, n_labels] bool; False: a label a positive-only source did not list

    def column(self, j: int) -> tuple[np.ndarray, np.ndarray]:
        """Truth and scores of label j on the examples where it is known."""
        k = self.known[:, j]
        return self.y_true[k, j], self.scores[k, j]


def head_table(
    head: str, labels: Sequence[str], examples: Sequence[Example], analyses: Sequence[Analysis]
) -> HeadTable:
    pairs = [(ex, a) for ex, a in zip(examples, analyses, strict=True) if head in ex.labeled]
    y_true = np.array([[label in getattr(ex, head) for label in labels] for ex, _ in pairs], dtype=bool)
    # The heads' own probabilities (before calibration): thresholds are chosen, and applied, on these.
    scores = np.array(
        [[raw_scores(a).get(label, 0.0) for label in labels] for _, a in pairs], dtype=np.float64
    )
    known = np.array([[ex.known(head, label) for label in labels] for ex, _ in pairs], dtype=bool)
    shape = (len(pairs), len(labels))
    return HeadTable(head, tuple(labels), y_true.reshape(shape), scores.reshape(shape), known.reshape(shape))


def head_report(table: HeadTable, thresholds: dict[str, float]) -> dict:
    per_label, excluded, absent_as_negative = {}, {}, {}
    for j, label in enumerate(table.labels):
        cut = thresholds.get(label, 0.5)
        y_true, scores = table.column(j)
        counts = label_counts(y_true, scores >= cut)
        auprc = average_precision(y_true, scores)
        unknown = int((~table.known[:, j]).sum())
        per_label[label] = {**counts.to_dict(), "auprc": auprc, "threshold": cut, "unknown": unknown}
        absent_as_negative[label] = label_counts(table.y_true[:, j], table.scores[:, j] >= cut).f1
        if counts.support < MACRO_MIN_SUPPORT:
            excluded[label] = f"support {counts.support} < {MACRO_MIN_SUPPORT}"
    included = [v["f1"] for k, v in per_label.items() if k not in excluded]
    auprcs = [v["auprc"] for k, v in per_label.items() if k not in excluded and v["auprc"] is not None]
    strict = [f for k, f in absent_as_negative.items() if k not in excluded]
    return {
        "n_examples": int(table.y_true.shape[0]),
        "n_partial": int((~table.known).any(axis=1).sum()),
        "labels": per_label,
        "macro_f1": float(np.mean(included)) if included else None,
        "macro_f1_ci95": macro_f1_ci(table, thresholds, [k for k in per_label if k not in excluded]),
        # The same labels with every unlisted label of a positive-only example counted as false.
        "macro_f1_absent_as_negative": float(np.mean(strict)) if strict else None,
        "macro_auprc": float(np.mean(auprcs)) if auprcs else None,
        "excluded_from_macro": excluded,
        "calibration": reliability(table.y_true[table.known], table.scores[table.known]).to_dict(),
    }


def macro_f1_ci(
    table: HeadTable, thresholds: dict[str, float], included: Sequence[str]
) -> tuple[float, float] | None:
    """95% bootstrap interval of macro-F1 over `included` labels (the split's, held fixed), examples resampled."""
    if not included:
        return None
    cols = [table.labels.index(label) for label in included]
    cuts = np.array([thresholds.get(label, 0.5) for label in included])
    y, known = table.y_true[:, cols], table.known[:, cols]
    predicted = table.scores[:, cols] >= cuts
    # Per example and label: 1 where it is a true positive, false positive, false negative (unknown: none).
    tp, fp, fn = (y & predicted & known), (~y & predicted & known), (y & ~predicted & known)

    def macro(idx: np.ndarray) -> float:
        return float(f1_of(tp[idx].sum(0), fp[idx].sum(0), fn[idx].sum(0)).mean())

    return bootstrap_ci(macro, len(y))


def curves(table: HeadTable) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """label -> (precision, recall) for the labels with positives (the others have no curve)."""
    out = {}
    for j, label in enumerate(table.labels):
        y_true, scores = table.column(j)
        if y_true.any():
            precision, recall, _ = pr_curve(y_true, scores)
            out[label] = (np.r_[1.0, precision], np.r_[0.0, recall])
    return out


def raw_scores(analysis: Analysis):
    """The heads' probabilities before calibration (an Analysis built by hand may carry only `scores`)."""
    return analysis.raw_scores or analysis.scores


def search_label_thresholds(table: HeadTable, slack: float = 0.0) -> dict[str, Choice]:
    return {label: label_threshold(*table.column(j), slack=slack) for j, label in enumerate(table.labels)}


def system_prompt_leak(examples: Sequence[Example], analyses: Sequence[Analysis]) -> dict:
    """Detection of system-prompt disclosure by ANY detector: the model head, prompt overlap, similarity."""
    pairs = [(ex, a) for ex, a in zip(examples, analyses, strict=True) if "leakage" in ex.labeled]
    y_true = np.array([SYSTEM_PROMPT_LABEL in ex.leakage for ex, _ in pairs], dtype=bool)
    # A model finding is a candidate; it counts at the version's operating point (calibrated 0.5).
    flagged = [
        [
            f.detector
            for f in a.findings
            if f.type == SYSTEM_PROMPT_LABEL and (f.detector != "model" or f.score >= 0.5)
        ]
        for _, a in pairs
    ]
    y_pred = np.array([bool(d) for d in flagged], dtype=bool)
    # Which detectors fired on the true positives: shows what each one contributes.
    by_detector = Counter(name for truth, names in zip(y_true, flagged) if truth for name in set(names))
    return {
        "n_examples": len(pairs),
        "with_system_prompt": sum(1 for ex, _ in pairs if ex.system_prompt),
        **label_counts(y_true, y_pred).to_dict(),
        "true_positives_by_detector": dict(sorted(by_detector.items())),
    }
