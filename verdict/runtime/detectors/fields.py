"""Values whose key or column header names an entity type (detector "field").

LLM outputs carry records as `key: value` lines, JSON, YAML, Markdown tables and CSV (see `records`).
There the key, not the value's shape, says what a value is: `soc_sec: 843413320` is a Social Security
number and `Konto: 387070164` a bank account, though both are nine digits; a CSV header names every
value under it, however many lines down, where the token model has long lost it. Presidio reads
context words the same way; here the "context" is the field's own key.

A key is read against rows built from the entity records' `field_keys` (a row per distinct set of key
words, naming every type whose record lists them) and `STOP_KEYS`, keys that name nothing ("file name",
"api key") and win wherever they match. Of the rows a key matches, the one whose words end last in the key decides, the longest on a
tie: "contact email" is an email's key, "user name" a username's, "card holder" a person's; a generic
head noun ("card", "address", "account", "tax") only where no specific word names the type ("PAN card",
"MAC address"). A row that only hints (a bare "name") decides only where no other row matches, and reports as `field:hint`, which
`combine` keeps only where the model read the value the same way. A row's types are candidates: the
value is reported as the one type whose shape it fits (its validator where it has one: an `ssn` key
over a number that fails the SSN rules names nothing). A value that fits none, or more than one, is left
to the model and the other detectors.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from verdict.runtime.detectors.base import DetectContext, entity_finding
from verdict.runtime.detectors.entities import RECORD_BY_TYPE, RECORDS, VALIDATORS, validate
from verdict.runtime.detectors.patterns import is_whole
from verdict.runtime.detectors.records import fields
from verdict.runtime.findings import Finding

SCORE = 0.85  # the key names the type and the value has its shape
VALIDATED_SCORE = 0.95  # ... and passes the type's checksum
DETECTOR = "field"
HINT_DETECTOR = "field:hint"


@dataclass(frozen=True, slots=True)
class Row:
    """Key words (a regex over the normalized key) and the entity types they name. `alone=False`: the
    key only hints, so its findings confirm the model's reading of the value and are never reported on
    their own."""

    words: str
    types: tuple[str, ...]
    alone: bool = True
    generic: bool = False


# Keys that name no type: "file name" is no person's name, and a credential's key ("GITHUB_TOKEN",
# "AccountKey", "SLACK_WEBHOOK_URL") is the secret detectors' to read.
STOP_KEYS: tuple[str, ...] = (
    r"(?:company|business|organi[sz]ation|product|file|host|domain|app|project|server|database|table|column|"
    r"device|brand|model|team|group|event|item|package|service|street|display|start) ?name|hostname|filename",
    r"tokens?|keys?|secrets?|api|pat|credentials?|hash|signature|webhook|dsn|auth|bearer",
)


def _rows() -> tuple[Row, ...]:
    types: dict[tuple[str, bool, bool], list[str]] = {}
    for record in RECORDS:
        for keys in record.field_keys:
            types.setdefault((keys.words, keys.alone, keys.generic), []).append(record.name)
    return tuple(Row(words, ()) for words in STOP_KEYS) + tuple(
        Row(words, tuple(names), alone, generic) for (words, alone, generic), names in types.items()
    )


KEYS: tuple[Row, ...] = _rows()
_ROWS = tuple((re.compile(rf"(?<![a-z0-9])(?:{row.words})(?![a-z0-9])"), row) for row in KEYS)


@functools.lru_cache(maxsize=4096)  # a table's header, a template's keys: the same few keys over and over
def key_row(key: str) -> Row | None:
    """A stop row, else the row whose words end last in the key (the longest on a tie) among the
    specific rows, else the generic ones, else the hints; None when no row matches."""
    normalized = _normalized_key(key)
    best: tuple[tuple[bool, int, int], Row] | None = None
    for pattern, row in _ROWS:
        for m in pattern.finditer(normalized):
            rank = (not row.types, row.alone, not row.generic, m.end(), m.end() - m.start())
            if best is None or rank > best[0]:
                best = (rank, row)
    return None if best is None else best[1]


def fits(entity_type: str, value: str) -> bool | None:
    """Whether `value` has the shape of `entity_type`: its validator's answer where it has one, else its
    record's field shape or a whole match of one of its own patterns; None for a type with neither."""
    verdict = validate(entity_type, value)
    if verdict is not None:
        return verdict
    record = RECORD_BY_TYPE.get(entity_type)
    if record is None or (record.field_shape is None and not record.patterns):
        return None
    if record.field_shape is not None and record.field_shape(value):
        return True
    return any(is_whole(p, value) for p in record.patterns if not p.labelled)


def _normalized_key(key: str) -> str:
    key = re.sub(r"([a-z])([A-Z])", r"\1 \2", key)  # camelCase -> camel Case
    key = "".join(ch for ch in unicodedata.normalize("NFKD", key) if not unicodedata.combining(ch))
    return " ".join(re.findall(r"[a-z0-9#]+", key.lower()))


@dataclass(frozen=True, slots=True)
class FieldDetector:
    name: str = DETECTOR
    entity_types: tuple[str, ...] = tuple(dict.fromkeys(t for row in KEYS for t in row.types))

    def detect(self, text: str, context: DetectContext) -> list[Finding]:
        findings = []
        for field in fields(text):
            row = key_row(field.key)
            if row is None:
                continue
            value = text[field.start : field.end]
            fitting = [t for t in row.types if fits(t, value)]
            if len(fitting) != 1:
                continue
            entity_type = fitting[0]
            score = VALIDATED_SCORE if entity_type in VALIDATORS else SCORE  # it fitted: its validator passed
            detector = self.name if row.alone else HINT_DETECTOR
            findings.append(
                entity_finding(entity_type, field.start, field.end, score, detector, f'key "{field.key}"')
            )
        return findings
