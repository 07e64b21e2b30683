"""Variant agreement: does the shipped model (int8) decide like its reference (fp32) on the same texts?

A "label" is one decision: each topic and leakage label of each text at the threshold in force, plus
one per text for its entity findings, which agree only when both variants found exactly the same set
of (type, start, end) (a stand-in for per-token tag agreement, stricter at the span edges).
"""

from __future__ import annotations

from collections.abc import Sequence

from verdict.modeling.evaluation.entities import predicted_spans
from verdict.modeling.evaluation.labels import raw_scores
from verdict.runtime.findings import Analysis
from verdict.runtime.manifest import Labels, Thresholds


def agreement(
    variant: str,
    reference: str,
    ours: Sequence[Analysis],
    theirs: Sequence[Analysis],
    labels: Labels,
    thresholds: Thresholds,
) -> dict:
    heads = (("topics", labels.topics), ("leakage", labels.leakage))
    agree_labels = units_labels = 0
    per_head = {}
    for family, names in heads:
        same = total = 0
        for a, b in zip(ours, theirs, strict=True):
            for name in names:
                cut = thresholds.for_label(family, name)
                ra, rb = raw_scores(a), raw_scores(b)
                same += (ra.get(name, 0.0) >= cut) == (rb.get(name, 0.0) >= cut)
                total += 1
        per_head[family] = same / total if total else None
        agree_labels, units_labels = agree_labels + same, units_labels + total
    same_entities = sum(
        sorted(predicted_spans(a)) == sorted(predicted_spans(b)) for a, b in zip(ours, theirs, strict=True)
    )
    per_head["entities"] = same_entities / len(ours) if ours else None
    total = units_labels + len(ours)
    return {
        "variant": variant,
        "reference": reference,
        "n_texts": len(ours),
        "agreement": (agree_labels + same_entities) / total if total else None,
        "by_head": per_head,
    }
