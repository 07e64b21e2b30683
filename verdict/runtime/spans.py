"""Tidying the model's entity spans against the text they point into.

The token head tags word pieces, and BERT's pre-tokenizer makes every punctuation mark a word of its
own, so a span's edges can land one mark too far ("9 Travis Arcade," / "Stretto Amedeo, 694.") or a
value with punctuation inside can come out in two touching pieces ("b9" + "+B2QUia2@!9Q"). `tidy`
fixes those on the clean text, before thresholds and validators see the spans:

1. Touching spans of one type (nothing between them, not even a space) are one value: merged, scored
   by their token-length-weighted mean (approximated by characters).
2. A span that runs over a line break ends at it: a value is written on one line ("https://...d43e84"
   then "- Mobile +1" on the next is two things), except a street address, which may take two, and a
   secret (a private key block takes many).
3. Edge punctuation is trimmed: sentence marks `, . ; : ! ?` and whitespace at either end, a closing
   bracket or quote whose opener is not inside the span, an opening one whose closer is not, a pair that
   wraps the whole value ("(jane@acme.io)"). Types
   whose values are made of punctuation keep their edges (passwords and every secret type: `Dragon2024#`,
   `...==`).
4. What is left must hold a letter or digit (a lone "(" tagged as a phone number goes), and a secret
   must be at least `MIN_SECRET_CHARS` long (the "X" of "X-Api-Key" is no token).
5. A name (`WHOLE_WORDS`: person, location) is made of whole words: a span that starts or ends inside
   a word is a word piece tagged on its own (the "er" of "The drifter pinned Marcus") and goes. None of
   the 2,080 person and location spans of the built data starts or ends inside a word.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from verdict.runtime.decode import Span
from verdict.runtime.taxonomy import ENTITY_BY_NAME

SENTENCE_MARKS = ",.;:!?"
PAIRS = {"(": ")", "[": "]", "{": "}", "<": ">", '"': '"', "'": "'", "“": "”", "‘": "’"}
CLOSERS = {close: open_ for open_, close in PAIRS.items()}
KEEP_EDGES = frozenset({"PASSWORD"})  # besides every secret type
MULTI_LINE = frozenset({"STREET_ADDRESS"})  # besides every secret type
MIN_SECRET_CHARS = 8
WHOLE_WORDS = frozenset({"PERSON", "LOCATION"})


def tidy(spans: Sequence[Span], text: str) -> list[Span]:
    out = []
    for span in _merge_touching(spans):
        span = _trimmed(span, text)
        if span is not None:
            out.append(span)
    return out


def _is_secret(entity_type: str) -> bool:
    entity = ENTITY_BY_NAME.get(entity_type)
    return entity is not None and entity.family == "secret"


def _keeps_edges(entity_type: str) -> bool:
    return entity_type in KEEP_EDGES or _is_secret(entity_type)


def _merge_touching(spans: Sequence[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        last = merged[-1] if merged else None
        if last is not None and last.type == span.type and last.end == span.start:
            width = (last.end - last.start) + (span.end - span.start)
            score = (last.score * (last.end - last.start) + span.score * (span.end - span.start)) / max(
                width, 1
            )
            merged[-1] = Span(last.type, last.start, span.end, score)
        else:
            merged.append(span)
    return merged


def _trimmed(span: Span, text: str) -> Span | None:
    start, end = span.start, span.end
    if span.type not in MULTI_LINE and not _is_secret(span.type):
        head = start
        while head < end and text[head].isspace():  # a break before the value is edge whitespace
            head += 1
        line_break = text.find("\n", head, end)
        if line_break != -1:
            end = line_break
    start, end = _stripped(text, start, end, punctuation=not _keeps_edges(span.type))
    value = text[start:end]
    if not any(ch.isalnum() for ch in value) or (_is_secret(span.type) and len(value) < MIN_SECRET_CHARS):
        return None
    if span.type in WHOLE_WORDS and _inside_word(text, start, end):
        return None
    return span if (start, end) == (span.start, span.end) else replace(span, start=start, end=end)


def _inside_word(text: str, start: int, end: int) -> bool:
    """The span cuts a word: a letter or digit on both sides of its start, or of its end."""
    cut_head = start > 0 and text[start - 1].isalnum() and text[start].isalnum()
    cut_tail = end < len(text) and text[end].isalnum() and text[end - 1].isalnum()
    return cut_head or cut_tail


def _stripped(text: str, start: int, end: int, *, punctuation: bool) -> tuple[int, int]:
    """[start, end) without edge whitespace and, with `punctuation`, the edge marks of rule 2."""
    if not punctuation:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end
    changed = True
    while changed and start < end:
        changed = False
        if _loose_head(text, start, end):
            start, changed = start + 1, True
        elif _wraps(text, start, end):
            start, end, changed = start + 1, end - 1, True
        if start < end and _loose_tail(text, start, end):
            end, changed = end - 1, True
    return start, end


def _loose_head(text: str, start: int, end: int) -> bool:
    """A first character that belongs to no value: a space, a sentence mark, a closer, an opener whose
    closer is not in the span."""
    head = text[start]
    if head.isspace() or head in SENTENCE_MARKS or (head in CLOSERS and head not in PAIRS):
        return True
    return head in PAIRS and PAIRS[head] not in text[start + 1 : end]


def _wraps(text: str, start: int, end: int) -> bool:
    """The span is an opener, a value, and that opener's first closer: "(jane@acme.io)"."""
    head = text[start]
    return head in PAIRS and end - start > 2 and text.find(PAIRS[head], start + 1, end) == end - 1


def _loose_tail(text: str, start: int, end: int) -> bool:
    """A last character that belongs to no value: a space, a sentence mark, a closer whose opener is not
    in the span, an opener (it opens nothing inside the span)."""
    tail = text[end - 1]
    if tail.isspace() or tail in SENTENCE_MARKS:
        return True
    if tail in CLOSERS:
        return CLOSERS[tail] not in text[start : end - 1]
    return tail in PAIRS
