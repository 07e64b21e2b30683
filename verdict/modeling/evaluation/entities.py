"""Entity evaluation: span-level precision/recall/F1 per type, exact and overlap, PII and secrets apart.

Only examples whose `labeled` includes "entities" count (elsewhere nobody marked the spans, so every
prediction would look like a false positive). Gold spans and findings are both on the original text.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from verdict.modeling.data.schema import Example
from verdict.modeling.evaluation.metrics import (
    Counts,
    SpanTuple,
    add_counts,
    match_exact,
    match_overlap,
    micro_f1_ci,
    reliability,
)
from verdict.modeling.evaluation.thresholds import Candidate, Choice, entity_threshold
from verdict.runtime.findings import Analysis, Finding
from verdict.runtime.taxonomy import ENTITY_BY_NAME

FAMILIES = ("pii", "secret")
MATCHERS = {"exact": match_exact, "overlap": match_overlap}


def is_entity(finding: Finding) -> bool:
    # Secret entities report under "leakage", beside the leakage LABEL findings; the type tells them apart.
    return finding.category in ("pii", "leakage") and finding.type in ENTITY_BY_NAME


def is_model_only(finding: Finding) -> bool:
    return finding.detector == "model"


def gold_spans(example: Example) -> list[SpanTuple]:
    return [(s.start, s.end, s.type) for s in example.entities]


def predicted_spans(analysis: Analysis) -> list[SpanTuple]:
    return [(f.start, f.end, f.type) for f in analysis.findings if is_entity(f)]


def labeled_pairs(
    examples: Sequence[Example], analyses: Sequence[Analysis]
) -> list[tuple[Example, Analysis]]:
    return [(ex, a) for ex, a in zip(examples, analyses, strict=True) if "entities" in ex.labeled]


def family_of(entity_type: str) -> str:
    entity = ENTITY_BY_NAME.get(entity_type)
    return entity.family if entity is not None else "pii"


def entity_report(
    examples: Sequence[Example], analyses: Sequence[Analysis], thresholds: dict[str, float]
) -> dict:
    """{"n_examples", "pii": {"exact": {...}, "overlap": {...}}, "secret": {...}, "calibration"}."""
    pairs = labeled_pairs(examples, analyses)
    out: dict = {"n_examples": len(pairs)}
    for mode, matcher in MATCHERS.items():
        totals: dict[str, Counts] = {}
        per_example = {family: np.zeros((len(pairs), 3), dtype=np.int64) for family in FAMILIES}
        for i, (ex, analysis) in enumerate(pairs):
            matched = matcher(gold_spans(ex), predicted_spans(analysis))
            add_counts(totals, matched)
            for t, c in matched.items():
                per_example[family_of(t)][i] += (c.tp, c.fp, c.fn)
        for family in FAMILIES:
            per_type = {t: c for t, c in sorted(totals.items()) if family_of(t) == family}
            summary = _family_summary(per_type, thresholds)
            summary["micro"]["f1_ci95"] = (
                micro_f1_ci(per_example[family]) if summary["micro"]["support"] else None
            )
            out.setdefault(family, {})[mode] = summary
    out["calibration"] = entity_calibration(pairs).to_dict()
    return out


def _family_summary(per_type: dict[str, Counts], thresholds: dict[str, float]) -> dict:
    micro = sum(per_type.values(), Counts())
    # Macro over types that have gold spans: a type nobody wrote in this split has no recall to average.
    supported = [c.f1 for c in per_type.values() if c.support > 0]
    return {
        "micro": micro.to_dict(),
        "macro_f1": float(np.mean(supported)) if supported else None,
        "macro_types": len(supported),
        "types": {t: {**c.to_dict(), "threshold": thresholds.get(t, 0.5)} for t, c in per_type.items()},
    }


def entity_calibration(pairs: Sequence[tuple[Example, Analysis]]):
    """Model span scores against whether the span is exactly a gold span."""
    scores, correct = [], []
    for ex, analysis in pairs:
        gold = set(gold_spans(ex))
        for f in analysis.findings:
            if is_entity(f) and f.detector.startswith("model"):
                scores.append(f.score)
                correct.append((f.start, f.end, f.type) in gold)
    return reliability(np.array(correct, dtype=bool), np.array(scores, dtype=np.float64))


def search_entity_thresholds(
    examples: Sequence[Example], floor_analyses: Sequence[Analysis], entity_types: Sequence[str]
) -> dict[str, Choice]:
    """Per entity type, the span-score cut maximizing exact span F1 on the low-floor pass.

    Rule findings (and merges of model and rule spans) pass any cut, as they do in the analyzer.
    """
    pairs = labeled_pairs(examples, floor_analyses)
    gold = [gold_spans(ex) for ex, _ in pairs]
    candidates = [
        [Candidate((f.start, f.end, f.type), f.score, is_model_only(f)) for f in a.findings if is_entity(f)]
        for _, a in pairs
    ]
    return {t: entity_threshold(t, gold, candidates) for t in entity_types}
