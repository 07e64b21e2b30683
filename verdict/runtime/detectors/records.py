"""The fields of records written as text: JSON members, `key: value` lines (YAML, .env, forms, Markdown
bold keys), Markdown tables and CSV blocks with a header row.

Each field is its key and the character span of its value in the text, trimmed of the quotes, the
whitespace and the JSON comma around it, so a detector can report the value exactly. Parsing is
line-based and forgiving: a line that is not a field is skipped, never an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

MAX_KEY_CHARS = 40
MAX_VALUE_CHARS = 200

# One `key: value` or `key = value` per line: an optional list bullet, an optional bold or quoted key
# (Markdown `**pwd:**` keeps the colon inside the bold), then the value to the end of the line.
_KEY_VALUE = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)?([\"']?)"
    rf"(?P<key>[^\W\d][^:=\n\"'*|{{}}\[\]]{{0,{MAX_KEY_CHARS - 1}}}?)\1(?:\*\*|__)?[ \t]*[:=](?:\*\*|__)?[ \t]*"
    r"(?P<value>[^\n]*)",  # trailing whitespace goes in _trimmed
    re.MULTILINE,
)
# A JSON member with a string or number value, wherever it sits (one-line objects included).
_JSON_MEMBER = re.compile(
    rf'"(?P<key>[^"\n]{{1,{MAX_KEY_CHARS}}})"[ \t]*:[ \t]*(?:"(?P<string>(?:[^"\\\n]|\\.)*)"|(?P<number>-?[0-9][0-9.eE+-]*))'
)
_TABLE_RULE = re.compile(r"\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_QUOTES = "\"'`"


@dataclass(frozen=True, slots=True)
class Field:
    key: str
    start: int  # the value's characters in the text, end exclusive
    end: int


def fields(text: str) -> Iterator[Field]:
    """Every field of every record shape found in `text`, once: JSON members, key-value lines, tables,
    CSV."""
    seen: set[tuple[int, int]] = set()
    for field in _all_fields(text):
        if (field.start, field.end) not in seen:
            seen.add((field.start, field.end))
            yield field


def _all_fields(text: str) -> Iterator[Field]:
    if '":' in text or '" :' in text:
        yield from _json_members(text)
    if ":" in text or "=" in text:
        yield from _key_values(text)
    if "|" in text:
        yield from _tables(text)
    if "," in text and "\n" in text:
        yield from _csv_blocks(text)


def _json_members(text: str) -> Iterator[Field]:
    for m in _JSON_MEMBER.finditer(text):
        group = "string" if m.group("string") is not None else "number"
        value = _trimmed(text, *m.span(group))
        if value is not None:
            yield Field(m.group("key").strip(), *value)


def _key_values(text: str) -> Iterator[Field]:
    for m in _KEY_VALUE.finditer(text):
        value = _trimmed(text, *m.span("value"), json_member=True)
        if value is not None:
            yield Field(m.group("key").strip(), *value)


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without its newline."""
    spans, start = [], 0
    for m in re.finditer(r"\n", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _tables(text: str) -> Iterator[Field]:
    """Markdown tables: a header row, a rule row (`|---|---|`), then rows whose cells the header names,
    up to a line without a bar or another rule row. Each line is read once."""
    lines = _lines(text)
    i = 1
    while i < len(lines):
        if not _is_rule(text, lines[i]) or "|" not in text[slice(*lines[i - 1])]:
            i += 1
            continue
        header = [text[s:e].strip() for s, e in _cells(text, *lines[i - 1], "|")]
        i += 1
        while i < len(lines) and "|" in text[slice(*lines[i])] and not _is_rule(text, lines[i]):
            yield from _row(text, header, _cells(text, *lines[i], "|"))
            i += 1


def _is_rule(text: str, line: tuple[int, int]) -> bool:
    return _TABLE_RULE.match(text, *line) is not None


def _csv_blocks(text: str) -> Iterator[Field]:
    """CSV: a run of two or more lines with the same number of cells (quotes respected) whose first line
    is a header, every cell of it a short key that starts with a letter; the run's lines after the
    header are its rows. Cells are split once per line, so a long CSV costs one pass."""
    lines = _lines(text)
    cells = [_cells(text, s, e, ",") if "," in text[s:e] else [] for s, e in lines]
    i = 0
    while i < len(lines):
        j = i + 1
        while j < len(lines) and len(cells[i]) > 1 and len(cells[j]) == len(cells[i]):
            j += 1
        header = next((k for k in range(i, j - 1) if all(_is_key(text, *cell) for cell in cells[k])), None)
        if header is not None:
            names = [text[s:e].strip().strip(_QUOTES) for s, e in cells[header]]
            for row in cells[header + 1 : j]:
                yield from _row(text, names, row)
        i = j


def _is_key(text: str, start: int, end: int) -> bool:
    name = text[start:end].strip().strip(_QUOTES)
    return 0 < len(name) <= MAX_KEY_CHARS and name[0].isalpha() and "@" not in name and "://" not in name


def _row(text: str, header: list[str], cells: list[tuple[int, int]]) -> Iterator[Field]:
    if len(cells) != len(header):
        return
    for key, (start, end) in zip(header, cells):
        value = _trimmed(text, start, end)
        if key and value is not None:
            yield Field(key, *value)


def _cells(text: str, start: int, end: int, separator: str) -> list[tuple[int, int]]:
    """The cells of one line between separators, a double-quoted stretch kept whole; for "|" rows the
    empty edges outside the first and last bar are not cells."""
    cells, cell_start, quoted = [], start, False
    for k in range(start, end):
        ch = text[k]
        if ch == '"' and separator == ",":
            quoted = not quoted
        elif ch == separator and not quoted and not (k > start and text[k - 1] == "\\"):
            cells.append((cell_start, k))
            cell_start = k + 1
    cells.append((cell_start, end))
    if separator == "|":
        if cells and not text[slice(*cells[0])].strip():
            cells = cells[1:]
        if cells and not text[slice(*cells[-1])].strip():
            cells = cells[:-1]
    return cells


def _trimmed(text: str, start: int, end: int, *, json_member: bool = False) -> tuple[int, int] | None:
    """The value inside [start, end): whitespace, one pair of wrapping quotes and (in a JSON member)
    the trailing comma removed; None when nothing is left or the value is a nested object or list."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if json_member and end > start and text[end - 1] == "," and text[start] in _QUOTES:
        end -= 1
    if end - start >= 2 and text[start] in _QUOTES and text[end - 1] == text[start]:
        start, end = start + 1, end - 1
    if start >= end or end - start > MAX_VALUE_CHARS or text[start] in "{[":
        return None
    return start, end
