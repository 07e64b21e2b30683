"""Per-label calibration: a head's raw probability -> the score the policy judges.

    calibrated = sigmoid(scale * (logit(p) - logit(t)))

`t` is the version's operating point for the label (manifest `thresholds`, chosen by `verdict eval
--write-thresholds`), `scale` a per-label temperature (`calibration` in eval/thresholds.json, default
1). Calibrated 0.5 means the same thing for every label (the version's own operating point) and a
higher score means more evidence, so the policy's thresholds are the only decision: the analyzer emits every label at or above CANDIDATE_FLOOR as a candidate finding, and the
policy engine alone decides which of them count.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

# Labels calibrated below this are not reported as candidates: a policy threshold under it acts as if it
# were this (docs/policy.md). Low enough that no sensible threshold is affected, high enough that an
# analysis does not list all 21 labels of every text.
CANDIDATE_FLOOR = 0.05
_EPS = 1e-6


def logit(p: float) -> float:
    p = min(max(p, _EPS), 1.0 - _EPS)
    return math.log(p / (1.0 - p))


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


@dataclass(frozen=True, slots=True)
class Calibration:
    """Operating points and temperatures of one version's topic and leakage labels."""

    centers: Mapping[str, float]  # label -> raw probability that calibrates to 0.5
    scales: Mapping[str, float]  # label -> temperature (1: none)

    @classmethod
    def of(cls, thresholds: Mapping[str, float], scales: Mapping[str, float] | None = None) -> Calibration:
        for label, scale in (scales or {}).items():
            if not scale > 0:
                raise ValueError(f"calibration scale of {label!r} must be > 0, got {scale}")
        return cls(centers={label: logit(t) for label, t in thresholds.items()}, scales=dict(scales or {}))

    def score(self, label: str, raw: float) -> float:
        center = self.centers.get(label, 0.0)  # no operating point: 0.5 stays 0.5
        return sigmoid(self.scales.get(label, 1.0) * (logit(raw) - center))

    def scores(self, raw: Mapping[str, float]) -> dict[str, float]:
        return {label: self.score(label, p) for label, p in raw.items()}
