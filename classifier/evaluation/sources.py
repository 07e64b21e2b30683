"""The same measures split by data source: where the errors come from.

A split mixes generated text with public sets that are much harder (WNUT-17's tweets for names and places,
prompt sets for topics); one number over all of them hides which part fails. Per source: exact span
counts for PII and secrets (examples with entity labels), micro counts over the known topic labels, and
the leakage labels, each at the thresholds in force.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from classifier.data.schema import Example
from classifier.evaluation.entities import family_of, gold_spans, predicted_spans
from classifier.evaluation.metrics import Counts, match_exact
from classifier.findings import Analysis

HEADS = ("topics", "leakage")


def by_source(examples: Sequence[Example], analyses: Sequence[Analysis], thresholds, labels) -> dict[str, dict]:
    """source -> {"n_examples", "pii", "secret", "topics", "leakage"}: Counts as dicts, None where unlabeled."""
    rows: dict[str, dict] = defaultdict(lambda: {"n_examples": 0})
    for ex, analysis in zip(examples, analyses, strict=True):
        row = rows[ex.source]
        row["n_examples"] += 1
        if "entities" in ex.labeled:
            for entity_type, counts in match_exact(gold_spans(ex), predicted_spans(analysis)).items():
                family = family_of(entity_type)
                row[family] = row.get(family, Counts()) + counts
        for head in HEADS:
            if head in ex.labeled:
                cuts = {label: thresholds.for_label(head, label) for label in getattr(labels, head)}
                row[head] = row.get(head, Counts()) + _label_counts(ex, analysis, head, cuts)
    return {
        source: {"n_examples": row["n_examples"],
                 **{k: row[k].to_dict() if k in row else None for k in ("pii", "secret", *HEADS)}}
        for source, row in sorted(rows.items())
    }


def _label_counts(ex: Example, analysis: Analysis, head: str, cuts: dict[str, float]) -> Counts:
    truth = set(getattr(ex, head))
    tp = fp = fn = 0
    for label, cut in cuts.items():
        if not ex.known(head, label):
            continue
        predicted = analysis.scores.get(label, 0.0) >= cut
        tp += predicted and label in truth
        fp += predicted and label not in truth
        fn += (not predicted) and label in truth
    return Counts(tp, fp, fn)
