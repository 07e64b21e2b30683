"""The same measures split by data source: where the errors come from.

A split mixes generated text with public sets that are much harder (WNUT-17's tweets for names and places,
prompt sets for topics); one number over all of them hides which part fails. Per source: exact span
counts for PII and secrets (examples with entity labels), micro counts over the known topic labels, and
the leakage labels, each at the thresholds in force. The entity and label tables are the ones the whole
split is measured with (`entities`, `labels.head_table`), built on each source's examples.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from verdict.modeling.data.schema import Example
from verdict.modeling.evaluation.entities import (
    FAMILIES,
    family_of,
    gold_spans,
    labeled_pairs,
    predicted_spans,
)
from verdict.modeling.evaluation.labels import HEADS, head_table
from verdict.modeling.evaluation.metrics import Counts, add_counts, label_counts, match_exact
from verdict.runtime.findings import Analysis


def by_source(
    examples: Sequence[Example], analyses: Sequence[Analysis], thresholds, labels
) -> dict[str, dict]:
    """source -> {"n_examples", "pii", "secret", "topics", "leakage"}: Counts as dicts, None where unlabeled."""
    groups: dict[str, list[tuple[Example, Analysis]]] = defaultdict(list)
    for ex, analysis in zip(examples, analyses, strict=True):
        groups[ex.source].append((ex, analysis))
    return {source: _row(pairs, thresholds, labels) for source, pairs in sorted(groups.items())}


def _row(pairs: list[tuple[Example, Analysis]], thresholds, labels) -> dict:
    examples, analyses = [ex for ex, _ in pairs], [a for _, a in pairs]
    by_type: dict[str, Counts] = {}
    for ex, analysis in labeled_pairs(examples, analyses):
        add_counts(by_type, match_exact(gold_spans(ex), predicted_spans(analysis)))
    row: dict = {"n_examples": len(pairs)}
    for family in FAMILIES:
        counts = [c for t, c in by_type.items() if family_of(t) == family]
        row[family] = sum(counts, Counts()).to_dict() if counts else None
    for head in HEADS:
        table = head_table(head, getattr(labels, head), examples, analyses)
        cuts = np.array([thresholds.for_label(head, label) for label in table.labels])  # [n_labels]
        predicted = table.scores >= cuts  # [n_examples, n_labels]
        row[head] = (
            label_counts(table.y_true[table.known], predicted[table.known]).to_dict()
            if len(table.y_true)
            else None
        )
    return row
