"""Shared machinery of the synthetic generators: seeded randomness, held-out template pools, and text
assembly that keeps exact character spans.

Templates use `{{slot}}` placeholders (double braces, so JSON, f-strings and Go templates inside a
template stay literal). A slot is filled with a `Piece`: its text, and the entity type when the text is
an entity. `render` and `concat` build a `Fragment` (text plus spans) and shift spans as they join, so
offsets are exact by construction rather than found again by searching the finished text.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from verdict.modeling.data.schema import SPLITS, Span

T = TypeVar("T")
_SLOT = re.compile(r"\{\{(\w+)\}\}")

# Every fourth template of a pool is held out of train. dev/test draw half their examples from the
# held-out quarter and half from the shared pool, so they measure both fit and generalization.
HOLDOUT_EVERY = 4
HELD_OUT_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    type: str | None = None


def rng_for(kind: str, seed: int, split: str) -> random.Random:
    """One independent stream per (generator, seed, split); str seeds hash stably across runs."""
    if split not in SPLITS:
        raise ValueError(f"split {split!r} not in {SPLITS}")
    return random.Random(f"verdict-synthetic:{kind}:{seed}:{split}")


@dataclass(frozen=True, slots=True)
class Pool(Generic[T]):
    """Named templates, a quarter of which only dev/test ever see."""

    name: str
    items: tuple[T, ...]

    def held_out(self, index: int) -> bool:
        return index % HOLDOUT_EVERY == HOLDOUT_EVERY - 1

    def pick(self, rng: random.Random, split: str) -> tuple[str, T]:
        """A template and its id (`pool#index`), recorded in example meta to audit the split."""
        shared = [i for i in range(len(self.items)) if not self.held_out(i)]
        held = [i for i in range(len(self.items)) if self.held_out(i)]
        if split != "train" and held and rng.random() < HELD_OUT_SHARE:
            index = rng.choice(held)
        else:
            index = rng.choice(shared)
        return f"{self.name}#{index}", self.items[index]


def split_templates(templates: tuple[T, ...], split: str) -> tuple[T, ...]:
    """The templates (or any pool: `pivots` scenarios) a split may draw from: train never sees every
    HOLDOUT_EVERY-th one."""
    if split == "train":
        return tuple(t for i, t in enumerate(templates) if i % HOLDOUT_EVERY != HOLDOUT_EVERY - 1)
    return templates


@dataclass(frozen=True, slots=True)
class Fragment:
    """Finished text and the entity spans inside it."""

    text: str
    spans: tuple[Span, ...] = ()


def render(template: str, slots: Mapping[str, Piece | Fragment | str]) -> Fragment:
    parts: list[Fragment] = []
    cursor = 0
    for match in _SLOT.finditer(template):
        parts.append(Fragment(template[cursor : match.start()]))
        parts.append(_fragment(slots[match.group(1)]))
        cursor = match.end()
    parts.append(Fragment(template[cursor:]))
    return concat(parts)


def sentence(template: str, values: Mapping[str, str]) -> str:
    """`template` rendered with plain-string `values`, its first letter capitalized (a slot may open it)."""
    text = render(template, values).text
    return text[0].upper() + text[1:]


def _fragment(value: Piece | Fragment | str) -> Fragment:
    if isinstance(value, Fragment):
        return value
    if isinstance(value, str):
        return Fragment(value)
    return Fragment(value.text, (Span(0, len(value.text), value.type),) if value.type and value.text else ())


def concat(parts: Sequence[Piece | Fragment | str], sep: str = "") -> Fragment:
    """Join parts with a literal separator, shifting every span to its place in the result."""
    texts: list[str] = []
    spans: list[Span] = []
    length = 0
    for i, part in enumerate(parts):
        fragment = _fragment(part)
        if i and sep:
            texts.append(sep)
            length += len(sep)
        spans.extend(Span(s.start + length, s.end + length, s.type) for s in fragment.spans)
        texts.append(fragment.text)
        length += len(fragment.text)
    return Fragment("".join(texts), tuple(spans))
