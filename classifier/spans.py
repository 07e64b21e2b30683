"""Tidying the model's entity spans against the text they point into.

The token head tags word pieces, and BERT's pre-tokenizer makes every punctuation mark a word of its
own, so a span's edges can land one mark too far ("9 Travis Arcade," / "Stretto Amedeo, 694.") or a
value with punctuation inside can come out in two touching pieces ("b9" + "+B2QUia2@!9Q"). `tidy`
fixes those on the clean text, before thresholds and validators see the spans:

1. Touching spans of one type (nothing between them, not even a space) are one value: merged, scored
   by their token-length-weighted mean (approximated by characters).
2. Edge punctuation is trimmed: sentence marks `, . ; : ! ?` and whitespace at either end, a closing
   bracket or quote whose opener is not inside the span, an opening one whose closer is not, a pair that
   wraps the whole value ("(jane@acme.io)"). Types
   whose values are made of punctuation keep their edges (passwords and every secret type: `Dragon2024#`,
   `...==`).
3. What is left must hold a letter or digit (a lone "(" tagged as a phone number goes), and a secret
   must be at least `MIN_SECRET_CHARS` long (the "X" of "X-Api-Key" is no token).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from classifier.decode import Span
from classifier.taxonomy import ENTITY_BY_NAME

SENTENCE_MARKS = ",.;:!?"
PAIRS = {"(": ")", "[": "]", "{": "}", "<": ">", '"': '"', "'": "'", "“": "”", "‘": "’"}
CLOSERS = {close: open_ for open_, close in PAIRS.items()}
KEEP_EDGES = frozenset({"PASSWORD"})  # besides every secret type
MIN_SECRET_CHARS = 8


def tidy(spans: Sequence[Span], text: str) -> list[Span]:
    out = []
    for span in _merge_touching(spans):
        span = _trimmed(span, text)
        if span is not None:
            out.append(span)
    return out


def _keeps_edges(entity_type: str) -> bool:
    entity = ENTITY_BY_NAME.get(entity_type)
    return entity_type in KEEP_EDGES or (entity is not None and entity.family == "secret")


def _merge_touching(spans: Sequence[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        last = merged[-1] if merged else None
        if last is not None and last.type == span.type and last.end == span.start:
            width = (last.end - last.start) + (span.end - span.start)
            score = (last.score * (last.end - last.start) + span.score * (span.end - span.start)) / max(width, 1)
            merged[-1] = Span(last.type, last.start, span.end, score)
        else:
            merged.append(span)
    return merged


def _trimmed(span: Span, text: str) -> Span | None:
    start, end = span.start, span.end
    if not _keeps_edges(span.type):
        changed = True
        while changed and start < end:
            changed = False
            head, tail = text[start], text[end - 1]
            if head.isspace() or head in SENTENCE_MARKS or (head in CLOSERS and head not in PAIRS):
                start, changed = start + 1, True
            elif head in PAIRS and PAIRS[head] not in text[start + 1 : end]:
                start, changed = start + 1, True
            elif head in PAIRS and text.find(PAIRS[head], start + 1, end) == end - 1 and end - start > 2:
                start, end, changed = start + 1, end - 1, True  # wrapped whole: "(jane@acme.io)"
            if start >= end:
                break
            tail = text[end - 1]
            if tail.isspace() or tail in SENTENCE_MARKS:
                end, changed = end - 1, True
            elif tail in CLOSERS and CLOSERS[tail] not in text[start : end - 1]:
                end, changed = end - 1, True
            elif tail in PAIRS and tail not in CLOSERS:  # an opener at the end opens nothing in the span
                end, changed = end - 1, True
    else:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
    value = text[start:end]
    if not any(ch.isalnum() for ch in value):
        return None
    entity = ENTITY_BY_NAME.get(span.type)
    if entity is not None and entity.family == "secret" and len(value) < MIN_SECRET_CHARS:
        return None
    return span if (start, end) == (span.start, span.end) else replace(span, start=start, end=end)
