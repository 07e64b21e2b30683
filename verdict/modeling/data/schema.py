"""The one labeled-example schema every data source is converted into (JSONL, one object a line).

    {"id": "synth-pii-tr-000123", "text": "...", "source": "synthetic/pii",
     "entities": [{"start": 10, "end": 25, "type": "EMAIL_ADDRESS"}],
     "topics": ["hate"], "leakage": ["system_prompt_disclosure"],
     "system_prompt": null, "labeled": ["entities", "topics", "leakage"], "split": "train"}

`labeled` names the heads whose labels are known for the example; the others are masked out of the
loss and out of evaluation. `partial` (optional, omitted when empty) is `["topics"]` when the topic
labels are positive-only: the listed labels are true, and the labels whose definitions overlap theirs
(`taxonomy.RELATED_TOPICS`) are unknown rather than false. A source that files each prompt under one
hazard category ("indiscriminate weapons") says nothing of the overlapping ones (a bioweapon request is
also a violent crime) but does say the prompt is not about unrelated ones (elections). Unknown labels are
masked in training and in evaluation. Entity spans are character offsets on `text` (end exclusive),
sorted and non-overlapping.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from verdict.runtime.taxonomy import ENTITY_NAMES, LEAK_LABELS, RELATED_TOPICS, TOPIC_LABELS

HEADS: tuple[str, ...] = ("entities", "topics", "leakage")
SPLITS: tuple[str, ...] = ("train", "dev", "test")
_ENTITY_SET, _TOPIC_SET, _LEAK_SET = frozenset(ENTITY_NAMES), frozenset(TOPIC_LABELS), frozenset(LEAK_LABELS)


class SchemaError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    type: str


@dataclass(frozen=True, slots=True)
class Example:
    id: str
    text: str
    source: str
    entities: tuple[Span, ...] = ()
    topics: tuple[str, ...] = ()
    leakage: tuple[str, ...] = ()
    labeled: tuple[str, ...] = HEADS
    partial: tuple[str, ...] = ()
    split: str = "train"
    system_prompt: str | None = None
    meta: dict = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        validate(self)

    def to_dict(self) -> dict:
        out = {
            "id": self.id,
            "text": self.text,
            "source": self.source,
            "entities": [{"start": s.start, "end": s.end, "type": s.type} for s in self.entities],
            "topics": list(self.topics),
            "leakage": list(self.leakage),
            "system_prompt": self.system_prompt,
            "labeled": list(self.labeled),
            "split": self.split,
        }
        if self.partial:
            out["partial"] = list(self.partial)
        if self.meta:
            out["meta"] = self.meta
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    def known(self, head: str, label: str) -> bool:
        """Whether `label` of `head` is known: the head is labeled, and on positive-only topics the label is
        listed or overlaps none of the listed ones."""
        if head not in self.labeled:
            return False
        if head not in self.partial:
            return True
        return label in self.topics or not any(label in RELATED_TOPICS[given] for given in self.topics)

    @classmethod
    def from_dict(cls, obj: dict) -> Example:
        try:
            return cls(
                id=str(obj["id"]),
                text=obj["text"],
                source=obj.get("source", "unknown"),
                entities=tuple(
                    Span(int(e["start"]), int(e["end"]), e["type"]) for e in obj.get("entities", ())
                ),
                topics=tuple(obj.get("topics", ())),
                leakage=tuple(obj.get("leakage", ())),
                labeled=tuple(obj.get("labeled", HEADS)),
                partial=tuple(obj.get("partial", ())),
                split=obj.get("split", "train"),
                system_prompt=obj.get("system_prompt"),
                meta=obj.get("meta") or {},
            )
        except (KeyError, TypeError) as exc:
            raise SchemaError(f"example {obj.get('id', '?')!r}: missing or malformed field: {exc}") from exc

    @classmethod
    def from_json(cls, line: str) -> Example:
        return cls.from_dict(json.loads(line))


def validate(ex: Example) -> None:
    where = f"example {ex.id!r}"
    if not isinstance(ex.text, str) or not ex.text:
        raise SchemaError(f"{where}: text must be a non-empty string")
    if ex.split not in SPLITS:
        raise SchemaError(f"{where}: split {ex.split!r} not in {SPLITS}")
    for head in ex.labeled:
        if head not in HEADS:
            raise SchemaError(f"{where}: labeled head {head!r} not in {HEADS}")
    for head in ex.partial:
        # Only topics have overlapping labels (taxonomy.RELATED_TOPICS) to leave unknown.
        if head != "topics" or head not in ex.labeled:
            raise SchemaError(
                f"{where}: partial head {head!r} must be 'topics', and 'topics' must be in labeled"
            )
    previous_end = 0
    for span in ex.entities:
        if span.type not in _ENTITY_SET:
            raise SchemaError(f"{where}: entity type {span.type!r} is not in the taxonomy")
        if not (0 <= span.start < span.end <= len(ex.text)):
            raise SchemaError(f"{where}: span {span.start}..{span.end} outside text of length {len(ex.text)}")
        if span.start < previous_end:
            raise SchemaError(f"{where}: spans must be sorted and non-overlapping (at {span.start})")
        previous_end = span.end
    for label in ex.topics:
        if label not in _TOPIC_SET:
            raise SchemaError(f"{where}: topic {label!r} is not in the taxonomy")
    for label in ex.leakage:
        if label not in _LEAK_SET:
            raise SchemaError(f"{where}: leakage label {label!r} is not in the taxonomy")


def read_jsonl(path: str | Path) -> Iterator[Example]:
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield Example.from_json(line)
                except (json.JSONDecodeError, SchemaError) as exc:
                    raise SchemaError(f"{path}:{number}: {exc}") from exc


def write_jsonl(path: str | Path, examples: Iterable[Example]) -> int:
    count = 0
    with open(path, "w", encoding="utf-8") as fh:
        for ex in examples:
            fh.write(ex.to_json() + "\n")
            count += 1
    return count
