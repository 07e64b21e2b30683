"""Per-label temperatures for the calibrated score (verdict.runtime.calibration), fitted on dev.

With the label's operating point t fixed (the threshold chosen on dev), the temperature is the scale s
that maximizes the likelihood of the dev labels under sigmoid(s * (logit(p) - logit(t))): s > 1 where the
head is under-confident around its cut, s < 1 where it is over-confident. A grid in log space, bounded to
[1/4, 4], is enough for one parameter and never diverges on separable data. Labels with fewer than
MIN_PER_CLASS known positives or negatives keep 1.
"""

from __future__ import annotations

import numpy as np

from verdict.modeling.evaluation.labels import HeadTable

MIN_PER_CLASS = 10
GRID = np.exp(np.linspace(np.log(0.25), np.log(4.0), 49))
_EPS = 1e-6


def fit_scale(y_true: np.ndarray, raw: np.ndarray, threshold: float) -> float:
    """The temperature of one label; 1.0 when the data cannot say."""
    y = np.asarray(y_true, dtype=bool)
    if y.sum() < MIN_PER_CLASS or (~y).sum() < MIN_PER_CLASS:
        return 1.0
    p = np.clip(np.asarray(raw, dtype=np.float64), _EPS, 1 - _EPS)
    t = min(max(threshold, _EPS), 1 - _EPS)
    z = np.log(p / (1 - p)) - np.log(t / (1 - t))  # [n]
    sz = GRID[:, None] * z[None, :]  # [grid, n]
    # -log sigmoid(x) = log(1 + exp(-x)), stably
    nll = np.where(y[None, :], np.logaddexp(0, -sz), np.logaddexp(0, sz)).mean(axis=1)  # [grid]
    return round(float(GRID[int(np.argmin(nll))]), 4)


def fit_scales(table: HeadTable, thresholds: dict[str, float]) -> dict[str, float]:
    """label -> temperature, for the labels of one head whose temperature is not 1."""
    scales = {}
    for j, label in enumerate(table.labels):
        scale = fit_scale(*table.column(j), thresholds.get(label, 0.5))
        if scale != 1.0:
            scales[label] = scale
    return scales
