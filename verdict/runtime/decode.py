"""From window outputs to text-level results: entity spans, label probabilities, one embedding.

Pure numpy, no model and no text: spans are character offsets on the CLEAN text.

* Token head: softmax per token. Overlapping windows are merged before decoding: a token in the
  overlap of two windows is taken from the window where it sits farther from the edge, so each
  window contributes its "core" and every token is decoded once, with context on both sides.
* BIO: `B-X I-X ...` is one span; an orphan `I-X` starts a span; a subword piece of a word already
  inside a span joins it whatever its own tag, so a span never ends mid-word.
  Span score = mean over its tokens of P(B-X) + P(I-X), the probability the token belongs to X.
* Topic and leak heads: sigmoid, max over windows; the argmax window is kept for the finding's span.
* Embedding: mean of the window embeddings, re-normalized.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from verdict.runtime.backends.base import WindowOutput
from verdict.runtime.windows import NO_WORD, Window


@dataclass(frozen=True, slots=True)
class Span:
    type: str
    start: int  # clean-text characters, end exclusive
    end: int
    score: float


@dataclass(frozen=True, slots=True)
class Tokens:
    """The text's content tokens after the windows are merged, in order."""

    probs: np.ndarray  # [n, n_tags] softmax
    offsets: np.ndarray  # [n, 2] clean-text characters
    words: np.ndarray  # [n] tokenizer word index


@dataclass(frozen=True, slots=True)
class Decoded:
    entities: tuple[Span, ...]
    topic_probs: np.ndarray  # [n_topics]
    topic_window: np.ndarray  # [n_topics] index of the window that scored each topic highest
    leak_probs: np.ndarray  # [n_leak]
    leak_window: np.ndarray  # [n_leak]
    embedding: np.ndarray  # [hidden] L2-normalized
    num_tokens: int


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)


def sigmoid(logits: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-logits))


def decode(windows: Sequence[Window], outputs: Sequence[WindowOutput], token_tags: Sequence[str]) -> Decoded:
    if len(windows) != len(outputs) or not windows:
        raise ValueError(f"{len(windows)} windows but {len(outputs)} outputs")
    tokens = merge_windows(windows, outputs)
    topic_probs, topic_window = _max_over_windows([o.topic_logits for o in outputs])
    leak_probs, leak_window = _max_over_windows([o.leak_logits for o in outputs])
    return Decoded(
        entities=tuple(bio_spans(tokens, token_tags)),
        topic_probs=topic_probs,
        topic_window=topic_window,
        leak_probs=leak_probs,
        leak_window=leak_window,
        embedding=mean_embedding([o.embedding for o in outputs]),
        num_tokens=len(tokens.offsets),
    )


def core_ranges(windows: Sequence[Window]) -> list[tuple[int, int]]:
    """Per window, the [lo, hi) slice of its content tokens it is trusted for.

    In an overlap of m tokens, the j-th token is m-1-j tokens from the earlier window's end and j
    from the later window's start: the earlier window keeps j < m // 2, the later one the rest.
    """
    sizes = [window.num_content_tokens for window in windows]
    ranges = []
    for k, (window, size) in enumerate(zip(windows, sizes)):
        lo = 0
        if k > 0:
            prev, prev_size = windows[k - 1], sizes[k - 1]
            overlap = prev.first_token + prev_size - window.first_token
            lo = overlap // 2
        hi = size
        if k + 1 < len(windows):
            overlap = window.first_token + size - windows[k + 1].first_token
            hi = size - overlap + overlap // 2
        ranges.append((lo, hi))
    return ranges


def merge_windows(windows: Sequence[Window], outputs: Sequence[WindowOutput]) -> Tokens:
    probs, offsets, words = [], [], []
    for window, output, (lo, hi) in zip(windows, outputs, core_ranges(windows)):
        window_words = np.array(window.words, dtype=np.int64)
        content = window_words != NO_WORD
        probs.append(softmax(output.token_logits[content][lo:hi]))
        offsets.append(np.array(window.offsets, dtype=np.int64).reshape(-1, 2)[content][lo:hi])
        words.append(window_words[content][lo:hi])
    if len(probs) == 1:  # one window (most texts): nothing to concatenate
        return Tokens(probs=probs[0], offsets=offsets[0], words=words[0])
    return Tokens(probs=np.concatenate(probs), offsets=np.concatenate(offsets), words=np.concatenate(words))


# An I- tag of another type continues the open run when the token's own-type I- probability reaches this.
CONTINUE_PROB = 0.15


def bio_spans(tokens: Tokens, token_tags: Sequence[str]) -> list[Span]:
    """Runs of entity tokens: a run goes on through pieces of the same word and through I- tags of its
    type, and through an I- tag of another type when the token still gives the run's own I- tag real
    weight (a card number read as B-BANK_ACCOUNT then I-CREDIT_CARD is one span, not two). A run's type
    is the one with the most probability mass over its tokens."""
    parsed = _parsed_tags(tuple(token_tags))
    inside = _inside_index(tuple(token_tags))
    tags = np.argmax(tokens.probs, axis=-1).tolist() if len(tokens.probs) else []
    words = tokens.words.tolist()
    runs: list[tuple[str, int, int]] = []  # (entity type, first token, last token + 1)
    open_type, first = None, 0
    for i, tag_index in enumerate(tags):
        prefix, entity = parsed[tag_index]
        if open_type is not None and (
            words[i] == words[i - 1]
            or (
                prefix == "I" and (entity == open_type or tokens.probs[i, inside[open_type]] >= CONTINUE_PROB)
            )
        ):
            continue
        if open_type is not None:
            runs.append((open_type, first, i))
        open_type, first = (entity, i) if prefix != "O" else (None, i)
    if open_type is not None:
        runs.append((open_type, first, len(tags)))
    return _scored(tokens, runs, token_tags)


def _scored(tokens: Tokens, runs: list[tuple[str, int, int]], token_tags: Sequence[str]) -> list[Span]:
    """Spans typed by their most probable entity type, scored by its mean P(B-X) + P(I-X), from running
    sums so a long text costs one pass."""
    if not runs:
        return []
    column, slots = _membership(tuple(token_tags))
    names = list(column)
    padded = np.hstack([tokens.probs.astype(np.float64), np.zeros((len(tokens.probs), 1))])  # [n, tags + 1]
    member = sum(padded[:, slot] for slot in slots)  # [n, types]; a gather, not a BLAS call per text
    running = np.vstack([np.zeros((1, len(column))), np.cumsum(member, axis=0)])  # [n + 1, types]
    first, stop = np.array([r[1] for r in runs]), np.array([r[2] for r in runs])
    mass = running[stop] - running[first]  # [runs, types]
    kinds = mass.argmax(axis=1)
    scores = mass[np.arange(len(runs)), kinds] / (stop - first)
    starts, ends = tokens.offsets[first, 0].tolist(), tokens.offsets[stop - 1, 1].tolist()
    return [Span(names[k], s, e, sc) for k, s, e, sc in zip(kinds.tolist(), starts, ends, scores.tolist())]


@functools.cache
def _inside_index(token_tags: tuple[str, ...]) -> dict[str, int]:
    return {tag[2:]: index for index, tag in enumerate(token_tags) if tag.startswith("I-")}


@functools.cache  # one tag set per served model: parse it once, not per text
def _parsed_tags(token_tags: tuple[str, ...]) -> list[tuple[str, str | None]]:
    return [("O", None) if tag == "O" else (tag[0], tag[2:]) for tag in token_tags]


@functools.cache
def _membership(token_tags: tuple[str, ...]) -> tuple[dict[str, int], tuple[np.ndarray, ...]]:
    """Entity type -> column, and per slot the tag index feeding each column (B-X in the first
    slot, I-X in the second); a missing tag points at the zero column appended after the last tag."""
    column: dict[str, list[int]] = {}
    for index, tag in enumerate(token_tags):
        if tag != "O":
            column.setdefault(tag[2:], []).append(index)
    width = max((len(indices) for indices in column.values()), default=0)
    zero = len(token_tags)
    slots = tuple(
        np.array([(indices + [zero] * width)[k] for indices in column.values()]) for k in range(width)
    )
    return {entity: k for k, entity in enumerate(column)}, slots


def _max_over_windows(logits: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    probs = sigmoid(np.stack(logits).astype(np.float64))  # [n_windows, n_labels]
    return probs.max(axis=0), probs.argmax(axis=0)


def mean_embedding(embeddings: Sequence[np.ndarray]) -> np.ndarray:
    mean = np.mean(np.stack(embeddings).astype(np.float64), axis=0)
    norm = np.linalg.norm(mean)
    return mean / norm if norm > 0 else mean
