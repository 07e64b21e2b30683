"""Reading shared data files and turning rows into Examples, with bad rows counted instead of fatal."""

from __future__ import annotations

import csv
import gzip
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from verdict.modeling.data.schema import Example, SchemaError

# Heads a topic source labels completely: its topic labels, and leakage (tweets, forum posts and chatbot
# prompts hand over no system prompt, confidential document or credential). Entities are never complete:
# these texts are full of names nobody marked.
TOPICS_AND_LEAKAGE: tuple[str, ...] = ("topics", "leakage")
# Sources that file each prompt under one hazard category: their topics are positive-only (schema.py).
POSITIVE_TOPICS: tuple[str, ...] = ("topics",)
MIN_TEXT_CHARS = 3
# The HarmBench classifier validation set: dev-only (transfer), never trained on. Its behaviours are
# HarmBench's own, so the adapters that read HarmBench leave them out (`harmbench_val_behaviors`).
HARMBENCH_VAL = "topics/harmbench_val/harmbench_val.jsonl.gz"

csv.field_size_limit(sys.maxsize)  # reddit posts and oasst outputs exceed csv's 128 KiB default


def read_csv(path: Path) -> Iterator[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def read_json(path: Path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def read_jsonl(path: Path) -> Iterator[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def behavior_key(text: str) -> str:
    """A behaviour's text, case- and whitespace-insensitive, for matching it across HarmBench's files."""
    return " ".join(text.lower().split())


def harmbench_val_behaviors(root: Path) -> frozenset[str]:
    """`behavior_key`s of the behaviours the dev-only HarmBench validation set judges answers to.

    Training on those behaviours (or on answers to them) would turn the dev numbers into a memory test.
    Only its `prompt`s are read; a missing file fails loudly rather than letting them through.
    """
    return frozenset(behavior_key(r["prompt"]) for r in read_jsonl(root / HARMBENCH_VAL))


def make(
    source: str,
    item_id: str | int,
    text: str,
    topics: Iterable[str] = (),
    *,
    labeled: tuple[str, ...] = TOPICS_AND_LEAKAGE,
    partial: tuple[str, ...] = (),
    group: str | None = None,
) -> Example | None:
    """One source item as an Example; None when its text is too short to carry a label.

    `group` keys the split: items sharing it (answers to one question, turns of one conversation) land in
    the same split so dev/test never see a near-copy of a train item.
    """
    text = text.strip()
    if len(text) < MIN_TEXT_CHARS:
        return None
    return Example(
        id=f"{source}-{item_id}",
        text=text,
        source=source,
        topics=tuple(dict.fromkeys(topics)),
        labeled=labeled,
        partial=partial,
        meta={"group": f"{source}-{group}"} if group is not None else {},
    )


def collect(
    source: str,
    rows: Iterable,
    convert: Callable[..., Example | Iterable[Example | None] | None],
    skipped: Counter | None,
) -> list[Example]:
    """`convert` each row; a row that raises a data error is counted in `skipped[source]` and passed over."""
    out: list[Example] = []
    for row in rows:
        try:
            result = convert(row)
        except (KeyError, ValueError, TypeError, IndexError, AttributeError, SchemaError):
            if skipped is not None:
                skipped[source] += 1
            continue
        if isinstance(result, Example):
            out.append(result)
        elif result is not None:
            out.extend(ex for ex in result if ex is not None)
    return out
