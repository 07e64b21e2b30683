"""Operating points of the topic threshold on the transfer benchmark: the shipped default policy with every
topic threshold set to one value τ, for a grid of τ, and what each gives on the transfer sets.

    verdict eval --suite transfer --model-dir models/verdict/13 --sweep

Calibrated scores (verdict.runtime.calibration) make one τ meaningful for every topic label, so the
default policy's topic thresholds are one choice, made here on sets never trained on: the τ that keeps
false actions on the everyday answers within their target while catching the most violations. Each row is
a real policy through the real engine (PII and leakage rules unchanged), not a score cut-off.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import yaml

from verdict.governance.policy.engine import PolicyEngine
from verdict.governance.policy.loader import parse_policy
from verdict.governance.policy.registry import DEFAULT_TENANT, SHIPPED_DEFAULT
from verdict.runtime.findings import Analysis
from verdict.runtime.taxonomy import TOPIC_LABELS

DEFAULT_GRID: tuple[float, ...] = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99)
ACTING = frozenset({"BLOCK", "FLAG"})


def policy_with_topic_threshold(tau: float, base_text: str | None = None) -> PolicyEngine:
    """The default policy (or `base_text`) with `defaults.topic` and every topic label's threshold at τ."""
    text = base_text if base_text is not None else SHIPPED_DEFAULT.read_text(encoding="utf-8")
    spec = yaml.safe_load(text)
    spec.setdefault("defaults", {}).setdefault("topic", {})["threshold"] = tau
    for label, rule in (spec.get("labels") or {}).items():
        if label in TOPIC_LABELS:
            rule["threshold"] = tau
    policy = parse_policy(yaml.safe_dump(spec), file=f"default@topic={tau}", tenant=DEFAULT_TENANT)
    return PolicyEngine(policy, fallback=True)


@dataclass(frozen=True, slots=True)
class Point:
    tau: float
    rates: Mapping[str, Mapping[str, float | None]]  # set -> {"caught", "false_action"}

    def to_dict(self) -> dict:
        return {"tau": self.tau, "sets": {k: dict(v) for k, v in self.rates.items()}}


def sweep(
    sets: Sequence[tuple[str, bool, Sequence[int], Sequence[Analysis]]],
    grid: Sequence[float] = DEFAULT_GRID,
    *,
    model_version: str = "",
) -> list[Point]:
    """`sets`: (name, any_action_is_false, labels, analyses) per transfer set."""
    points = []
    for tau in grid:
        engine = policy_with_topic_threshold(tau)
        rates = {}
        for name, any_action, labels, analyses in sets:
            y = np.asarray(labels, dtype=bool)
            actions = [
                engine.decide(a, tenant=DEFAULT_TENANT, route="", model_version=model_version).action.value
                for a in analyses
            ]
            acting = ACTING | ({"REDACT"} if any_action else set())
            caught = np.array([a in ACTING for a in actions])
            acted = np.array([a in acting for a in actions])
            rates[name] = {
                "caught": _mean(caught[y]),
                "false_action": _mean(acted[~y]),
            }
        points.append(Point(tau, rates))
    return points


def report_lines(points: Sequence[Point]) -> list[str]:
    names = list(points[0].rates) if points else []
    lines = [
        "## Operating points (every topic threshold at τ, the rest of the default policy unchanged)",
        "",
        "| τ | " + " | ".join(f"{n} false action | {n} caught" for n in names) + " |",
        "|---|" + "---|---|" * len(names),
    ]
    for p in points:
        cells = [f"{_pct(p.rates[n]['false_action'])} | {_pct(p.rates[n]['caught'])}" for n in names]
        lines.append(f"| {p.tau:g} | " + " | ".join(cells) + " |")
    return lines


def _mean(values: np.ndarray) -> float | None:
    return round(float(values.mean()), 4) if len(values) else None


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"
