"""Examples -> training windows: text prepared exactly as serving prepares it, labels moved onto it.

The text is normalized by `verdict.runtime.normalize` and cut by `verdict.runtime.windows.window_bounds`,
the serving code itself, so a model trains on the windows it will see (tests/modeling/
test_text_preparation.py holds both paths to the same windows). Character spans become BIO tags per token.

Topic and leakage labels per window. Serving takes the maximum over an answer's windows, so each window is
trained on what it holds:
* an example that says where its violation sits (`meta["core_at"]`, character offsets; the mixed texts of
  `data.mixing` do) gives its labels to the windows that hold at least CORE_IN_WINDOW of that passage's
  tokens, trains every window that holds none of it as a negative on every label, and leaves a window that
  holds a smaller piece of it out of the loss;
* any other positive gives its labels to its first window and only its negatives to later ones, which may
  not hold what made it positive.
"""

from __future__ import annotations

from dataclasses import dataclass

from verdict.modeling.training.config import TrainConfig
from verdict.runtime.windows import window_bounds

IGNORE = -100  # a target the loss skips: special tokens, and tags of examples whose entities are unlabeled
CORE_IN_WINDOW = 2 / 3  # share of a located violation's tokens a window must hold to be labelled with it


@dataclass(slots=True)
class Window:
    ids: list[int]  # with [CLS] ... [SEP]
    tags: list[int]  # same length; IGNORE on specials and when entities are not labeled
    topics: list[float]
    topic_mask: list[float]  # per topic label, 0: no loss from this label in this window
    leak: list[float]
    leak_mask: list[float]
    example: int  # index of the source example (eval aggregates windows per example)
    teacher: int = -1  # row in the teacher-embedding table, -1: no distillation


def bio_tags(offsets, spans, tag_index: dict[str, int]) -> list[int]:
    """BIO tag id per token: the first token overlapping an entity gets B-, every later one I-."""
    tags, si, started = [], 0, -1
    for start, end in offsets:
        while si < len(spans) and spans[si].end <= start:
            si += 1
        if start == end or si >= len(spans) or spans[si].start >= end:
            tags.append(tag_index["O"])
            continue
        prefix = "I" if started == si else "B"
        started = si
        tags.append(tag_index[f"{prefix}-{spans[si].type}"])
    return tags


def encode_example(
    encoding, example, index: int, labels, *, max_length: int, overlap: int, cls_id: int, sep_id: int
) -> list[Window]:
    """One example (tokenized without special tokens) -> windows of at most max_length tokens."""
    tag_index = {tag: i for i, tag in enumerate(labels.token_tags)}
    ids, offsets = encoding.ids, encoding.offsets
    if "entities" in example.labeled:
        tags = bio_tags(offsets, example.entities, tag_index)
    else:
        tags = [IGNORE] * len(ids)
    topics = [float(t in example.topics) for t in labels.topics]
    leak = [float(t in example.leakage) for t in labels.leakage]
    topic_known = [float(example.known("topics", t)) for t in labels.topics]
    leak_known = [float(example.known("leakage", t)) for t in labels.leakage]
    nothing_topic, nothing_leak = [0.0] * len(topics), [0.0] * len(leak)
    bounds = window_bounds(len(ids), max_length - 2, overlap)
    core = core_tokens(offsets, example.meta.get("core_at"))
    windows = []
    for n, (start, end) in enumerate(bounds):
        window_topics, window_leak = topics, leak
        if core is not None:
            held = max(0, min(end, core[1]) - max(start, core[0]))
            if held == 0:  # none of the violation: a negative on every label the example knows
                window_topics, window_leak = nothing_topic, nothing_leak
                topic_mask = [1.0] * len(topics) if "topics" in example.labeled else nothing_topic
                leak_mask = [1.0] * len(leak) if "leakage" in example.labeled else nothing_leak
            elif held >= CORE_IN_WINDOW * (core[1] - core[0]):
                topic_mask, leak_mask = topic_known, leak_known
            else:  # a piece of it: neither a positive nor a negative
                topic_mask, leak_mask = nothing_topic, nothing_leak
        else:
            # A later window may not contain what made the example positive: keep only its negatives.
            topic_mask = topic_known if n == 0 or not any(topics) else nothing_topic
            leak_mask = leak_known if n == 0 or not any(leak) else nothing_leak
        windows.append(
            Window(
                ids=[cls_id, *ids[start:end], sep_id],
                tags=[IGNORE, *tags[start:end], IGNORE],
                topics=window_topics,
                topic_mask=topic_mask,
                leak=window_leak,
                leak_mask=leak_mask,
                example=index,
            )
        )
    return windows


def core_tokens(offsets, core_at) -> tuple[int, int] | None:
    """Token range [first, last) of the characters `core_at` = [start, end) covers; None when the example
    does not locate its violation or no token falls inside it."""
    if not core_at:
        return None
    first, last = core_at
    inside = [i for i, (s, e) in enumerate(offsets) if e > s and s < last and e > first]
    return (inside[0], inside[-1] + 1) if inside else None


def prepared(example):
    """The example as serving sees it: normalized text, entity spans moved onto it (runtime.normalize)."""
    from dataclasses import replace

    from verdict.modeling.data.schema import Span
    from verdict.runtime.normalize import normalize

    clean = normalize(example.text)
    if clean.starts is None:
        return example
    spans = tuple(Span(*clean.to_clean(s.start, s.end), s.type) for s in example.entities)
    meta = example.meta
    if meta.get("core_at"):
        meta = {**meta, "core_at": list(clean.to_clean(*meta["core_at"]))}
    return replace(example, text=clean.text, entities=tuple(s for s in spans if s.end > s.start), meta=meta)


def encode_examples(tokenizer, examples, labels, cfg: TrainConfig) -> list[Window]:
    """Windows exactly as serving cuts them (runtime.windows.window_bounds), over normalized text."""
    examples = [prepared(ex) for ex in examples]
    encodings = tokenizer.encode_batch([ex.text for ex in examples], add_special_tokens=False)
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    windows = []
    for i, (ex, enc) in enumerate(zip(examples, encodings)):
        windows += encode_example(
            enc,
            ex,
            i,
            labels,
            max_length=cfg.max_length,
            overlap=cfg.window_overlap,
            cls_id=cls_id,
            sep_id=sep_id,
        )
    return windows
