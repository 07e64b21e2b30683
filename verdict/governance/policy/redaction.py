"""Redaction operators and the span merger: the *action* half of redaction (detection lives elsewhere).

`redact(text, spans, operators)` replaces character spans of the ORIGINAL text. Spans that overlap or
touch are merged into their union first, so a value found twice (model + checksum rule) or found in two
pieces ("John" + "Smith") is replaced once and no fragment of it survives between two replacements.

The merged span takes the type of the member with the highest score; ties go to the longer span, then
to the type name in alphabetical order, so the result never depends on the order spans were given in.
Text outside every span is copied unchanged.

Operators (Presidio's anonymizer names where they exist):

    Mask(char="*", keep_format=False)   every character -> char; keep_format keeps separators (@ . - space)
    Replace(template="<{type}>")         the whole value -> template
    Hash(salt, length=16)                HMAC-SHA256(salt, value), hex, first `length` characters
    KeepLast(n=4, char="*")             all but the last n characters -> char
    Remove()                             the value is deleted
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

DEFAULT_KEY = "*"  # operators[DEFAULT_KEY] applies to a type with no operator of its own


class Operator(Protocol):
    name: str

    def apply(self, value: str, type_: str) -> str: ...


@dataclass(frozen=True, slots=True)
class Mask:
    char: str = "*"
    keep_format: bool = False
    name: str = "mask"

    def apply(self, value: str, type_: str) -> str:
        if self.keep_format:
            return "".join(self.char if c.isalnum() else c for c in value)
        return self.char * len(value)


@dataclass(frozen=True, slots=True)
class Replace:
    template: str = "<{type}>"
    name: str = "replace"

    def apply(self, value: str, type_: str) -> str:
        return self.template.replace("{type}", type_)


@dataclass(frozen=True, slots=True)
class Hash:
    salt: bytes = b""
    length: int = 16
    name: str = "hash"

    def apply(self, value: str, type_: str) -> str:
        digest = hmac.new(self.salt, value.encode("utf-8"), hashlib.sha256).hexdigest()
        return f"<{type_}:{digest[: self.length]}>"

    def __repr__(self) -> str:  # the salt is a secret: never in logs or `policy check` output
        return f"Hash(salt=<{len(self.salt)} bytes>, length={self.length})"


@dataclass(frozen=True, slots=True)
class KeepLast:
    n: int = 4
    char: str = "*"
    name: str = "keep_last"

    def apply(self, value: str, type_: str) -> str:
        keep = min(self.n, len(value))
        return self.char * (len(value) - keep) + (value[len(value) - keep :] if keep else "")


@dataclass(frozen=True, slots=True)
class Remove:
    name: str = "remove"

    def apply(self, value: str, type_: str) -> str:
        return ""


AnyOperator = Mask | Replace | Hash | KeepLast | Remove


@dataclass(frozen=True, slots=True)
class Span:
    """A span to redact; offsets on the original text, end exclusive."""

    start: int
    end: int
    type: str
    score: float = 1.0


@dataclass(frozen=True, slots=True)
class Replacement:
    """Where a merged span went: `text[start:end]` became `result[new_start:new_end]`."""

    start: int
    end: int
    type: str
    operator: str
    new_start: int
    new_end: int


SpanLike = Span | Sequence


def _as_span(item: SpanLike) -> Span:
    if isinstance(item, Span):
        return item
    return Span(*item)


def _rank(span: Span) -> tuple:
    """Which member names a merged span: higher score, then longer, then alphabetical type."""
    return (span.score, span.end - span.start, tuple(-ord(c) for c in span.type))


def merge_spans(spans: Iterable[SpanLike], text_length: int) -> list[Span]:
    """Union of overlapping or adjacent spans, sorted; empty spans dropped; offsets checked."""
    items = sorted((_as_span(s) for s in spans), key=lambda s: (s.start, s.end))
    groups: list[list[Span]] = []
    end = -1
    for span in items:
        if not 0 <= span.start <= span.end <= text_length:
            raise ValueError(f"span {span.start}:{span.end} is outside the text (length {text_length})")
        if span.start == span.end:
            continue
        if groups and span.start <= end:
            groups[-1].append(span)
            end = max(end, span.end)
        else:
            groups.append([span])
            end = span.end
    merged = []
    for group in groups:
        head = max(group, key=_rank)
        merged.append(Span(group[0].start, max(s.end for s in group), head.type, head.score))
    return merged


def operator_for(type_: str, operators: Mapping[str, AnyOperator]) -> AnyOperator:
    return operators.get(type_) or operators.get(DEFAULT_KEY) or Replace()


def redact_spans(
    text: str, spans: Iterable[SpanLike], operators: Mapping[str, AnyOperator] | None = None
) -> tuple[str, tuple[Replacement, ...]]:
    """Redact and say where every replacement landed in the result."""
    operators = operators or {}
    out: list[str] = []
    replacements: list[Replacement] = []
    cursor = 0
    length = 0
    for span in merge_spans(spans, len(text)):
        out.append(text[cursor : span.start])
        length += span.start - cursor
        op = operator_for(span.type, operators)
        new = op.apply(text[span.start : span.end], span.type)
        out.append(new)
        replacements.append(Replacement(span.start, span.end, span.type, op.name, length, length + len(new)))
        length += len(new)
        cursor = span.end
    out.append(text[cursor:])
    return "".join(out), tuple(replacements)


def redact(text: str, spans: Iterable[SpanLike], operators: Mapping[str, AnyOperator] | None = None) -> str:
    """`text` with every (merged) span replaced by its type's operator output."""
    return redact_spans(text, spans, operators)[0]
