"""Per-label temperatures: recovered from data drawn with a known one, 1 when the data cannot say."""

from __future__ import annotations

import numpy as np
import pytest

from verdict.modeling.evaluation.calibrating import GRID, fit_scale, fit_scales
from verdict.modeling.evaluation.labels import HeadTable


def _draw(scale: float, threshold: float, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    z = rng.normal(0, 2, n)  # the head's logit, relative to its operating point
    raw = 1 / (1 + np.exp(-(z + np.log(threshold / (1 - threshold)))))
    y = rng.random(n) < 1 / (1 + np.exp(-scale * z))  # truth follows the calibrated score
    return y, raw


@pytest.mark.parametrize("scale", [0.5, 1.0, 2.0])
def test_a_known_temperature_is_recovered(scale):
    y, raw = _draw(scale, 0.8, 20_000, seed=int(scale * 10))
    assert fit_scale(y, raw, 0.8) == pytest.approx(scale, rel=0.12)


def test_too_few_of_a_class_or_separable_data_stay_bounded():
    y, raw = _draw(2.0, 0.5, 200, seed=1)
    few = y.copy()
    few[np.flatnonzero(few)[5:]] = False
    assert fit_scale(few, raw, 0.5) == 1.0
    separable = raw >= 0.5
    assert fit_scale(separable, raw, 0.5) == pytest.approx(GRID[-1], rel=1e-3)


def test_fit_scales_uses_known_entries_only():
    y, raw = _draw(2.0, 0.6, 4000, seed=3)
    table = HeadTable(
        head="topics",
        labels=("hate", "elections"),
        y_true=np.stack([y, np.zeros_like(y)], axis=1),
        scores=np.stack([raw, raw], axis=1),
        known=np.stack([np.ones_like(y), np.zeros_like(y)], axis=1).astype(bool),
    )
    scales = fit_scales(table, {"hate": 0.6})
    assert set(scales) == {"hate"} and scales["hate"] == pytest.approx(2.0, rel=0.2)
