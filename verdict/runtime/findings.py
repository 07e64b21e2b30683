"""What the engine reports about one text, before any policy is applied."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing found in a text. Spans are character offsets on the ORIGINAL text, end exclusive.

    Entity findings cover the entity's characters; topic and leakage findings cover the window of
    text that scored highest for the label.
    """

    category: str  # "pii" | "topic" | "leakage"
    type: str  # entity name, topic label or leakage label (see verdict.runtime.taxonomy)
    score: float
    start: int
    end: int
    detector: str  # "model", "checksum:luhn", "phonenumbers", "gitleaks:<rule>", "prompt_overlap", ...
    explanation: str = ""

    def to_dict(self) -> dict:
        return {
            "category": self.category,
            "type": self.type,
            "score": round(float(self.score), 4),
            "start": self.start,
            "end": self.end,
            "detector": self.detector,
            **({"explanation": self.explanation} if self.explanation else {}),
        }


@dataclass(frozen=True, slots=True)
class Analysis:
    text: str
    findings: tuple[Finding, ...]
    scores: Mapping[str, float]  # every topic and leakage label -> calibrated score (what policies judge)
    embedding: tuple[float, ...] | None = None
    num_tokens: int = 0
    num_windows: int = 0
    timings_ms: Mapping[str, float] = field(default_factory=dict)
    # The heads' probabilities before calibration, for evaluating the model itself (empty: not known).
    raw_scores: Mapping[str, float] = field(default_factory=dict)
