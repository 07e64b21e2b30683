"""The labels before a value, read the way Presidio's context enhancer reads context words.

A digit pattern says nothing about what the digits are; the label before it often does. Each entity
record lists the label words that name its type (`EntityRecord.context`); a label listed by several
records ("tax", "passport", "account") names each of them.

* `named_otherwise`: the nearest label before a match on its line (`MRN:`, `tax file no.`, `Konto:`)
  names the entity the digits are. A format-only detector whose type that label does not name stays
  silent: the label, not the shape, says what the number is.
* `cued`: the nearest label, when it names the type: shapes any number has (a licence, a passport, a
  bank account) are reported only after one.

The nearest label is the one that ends last before the value, the longest on a tie: "license plate"
names a plate, not a licence, and "tax file no." a TFN.
"""

from __future__ import annotations

import re

from verdict.runtime.detectors.entities import RECORDS

CUE_REACH = 40  # characters before a match searched for its label, on the same line


def _cue_rows() -> tuple[tuple[re.Pattern[str], frozenset[str]], ...]:
    """One row per distinct label regex, with every type whose record lists it."""
    types: dict[str, set[str]] = {}
    for record in RECORDS:
        for words in record.context:
            types.setdefault(words, set()).add(record.name)
    # A label is a word of its own: no letter touches it ("patient_nhs", "de_tax" still count).
    return tuple(
        (re.compile(f"(?<![a-z])(?:{words})(?![a-z])", re.IGNORECASE), frozenset(names))
        for words, names in types.items()
    )


CUES = _cue_rows()
_ANY_CUE = re.compile("|".join(pattern.pattern for pattern, _ in CUES), re.IGNORECASE)


def _nearest_label(text: str, start: int) -> tuple[str, frozenset[str]] | None:
    """The label ending last in the CUE_REACH characters before `start` (same line), longest on a tie,
    with the types every row matching it names."""
    line_start = text.rfind("\n", 0, start) + 1
    begin = max(line_start, start - CUE_REACH)
    if _ANY_CUE.search(text, begin, start) is None:
        return None
    best: tuple[int, int] | None = None
    found: dict[tuple[int, int], set[str]] = {}
    for pattern, types in CUES:
        for m in pattern.finditer(text, begin, start):
            found.setdefault(m.span(), set()).update(types)
            if best is None or (m.end(), -m.start()) > (best[1], -best[0]):
                best = m.span()
    assert best is not None
    return text[best[0] : best[1]], frozenset(found[best])


def named_otherwise(text: str, start: int, entity_type: str) -> bool:
    """True when the nearest label in the CUE_REACH characters before `start` (same line) names other
    entity types only."""
    label = _nearest_label(text, start)
    return label is not None and entity_type not in label[1]


def cued(text: str, start: int, entity_type: str) -> str | None:
    """The nearest label in the CUE_REACH characters before `start` (same line) when it names
    `entity_type`; else None."""
    label = _nearest_label(text, start)
    if label is None or entity_type not in label[1]:
        return None
    return label[0]
