"""WNUT-17 (CoNLL BIO, one token a line) as text with character spans.

Only person and location are kept. WNUT also tags famous people as person; they stay PERSON here, which
the synthetic PII set balances with public-figure negatives.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from verdict.modeling.data.schema import Example, Span
from verdict.modeling.data.sources import labels

FILES: tuple[str, ...] = ("wnut17train.conll", "emerging.dev.conll")


def _sentences(path: Path, skipped: Counter | None) -> Iterator[list[tuple[str, str]]]:
    sentence: list[tuple[str, str]] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip():
                if sentence:
                    yield sentence
                sentence = []
                continue
            if "\t" not in line:
                if skipped is not None:
                    skipped["wnut17"] += 1
                continue
            token, tag = line.rsplit("\t", 1)
            sentence.append((token, tag))
    if sentence:
        yield sentence


def to_text_and_spans(tokens: list[tuple[str, str]]) -> tuple[str, tuple[Span, ...]]:
    """Tokens joined by single spaces; B-/I- runs of a kept class become one span."""
    parts: list[str] = []
    spans: list[Span] = []
    offset = 0
    open_span: tuple[int, int, str] | None = None
    for token, tag in tokens:
        start = offset
        parts.append(token)
        offset += len(token) + 1
        prefix, _, cls = tag.partition("-")
        kept = labels.WNUT_ENTITIES.get(cls)
        if open_span and (prefix != "I" or kept != open_span[2]):
            spans.append(Span(*open_span))
            open_span = None
        if kept and (prefix == "B" or (prefix == "I" and open_span is None)):
            open_span = (start, start + len(token), kept)
        elif kept and prefix == "I" and open_span:
            open_span = (open_span[0], start + len(token), kept)
    if open_span:
        spans.append(Span(*open_span))
    return " ".join(parts), tuple(spans)


def load_wnut17(root: Path, *, skipped: Counter | None = None) -> list[Example]:
    out: list[Example] = []
    for name in FILES:
        stem = name.split(".")[0]
        for n, tokens in enumerate(_sentences(root / "pii/wnut17" / name, skipped)):
            text, spans = to_text_and_spans(tokens)
            if len(text.strip()) < 3:
                continue
            out.append(
                Example(
                    id=f"wnut17-{stem}-{n}", text=text, source="wnut17", entities=spans, labeled=("entities",)
                )
            )
    return out
