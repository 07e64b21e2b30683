"""One text preparation for training and serving: the same normalization and the same windows."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("torch")

from verdict.modeling.data.schema import Example, Span
from verdict.modeling.training import TrainConfig, encode_examples
from verdict.runtime.model import default_labels
from verdict.runtime.normalize import normalize
from verdict.runtime.windows import WindowTokenizer, load_tokenizer

TOKENIZER = next(Path(__file__).resolve().parents[2].glob("models/verdict/*/tokenizer.json"))
# Full-width digits, a zero-width space and a spaced-out card: normalization rewrites all three.
TEXT = (
    "Your order \uff11\uff12\uff13 shipped.\u200b Call Jane at 415 555 0132 or pay with "
    "4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1. " + "The weather was fine and the parcel arrived on time. " * 12
)


@pytest.mark.parametrize("max_length, stride", [(32, 8), (128, 32), (256, 64)])
def test_training_windows_are_serving_windows(max_length, stride):
    card = TEXT.index("4 1 1")
    example = Example(id="x", text=TEXT, source="test", entities=(Span(card, card + 31, "CREDIT_CARD"),))
    cfg = TrainConfig(max_length=max_length, window_overlap=stride)
    trained = encode_examples(load_tokenizer(TOKENIZER), [example], default_labels(), cfg)
    served = WindowTokenizer(TOKENIZER, max_length=max_length, stride=stride).encode(normalize(TEXT).text)
    assert [w.ids for w in trained] == [list(w.ids) for w in served]
    assert len(served) > 1 or max_length == 256


def test_training_labels_land_on_the_normalized_text():
    card = TEXT.index("4 1 1")
    example = Example(id="x", text=TEXT, source="test", entities=(Span(card, card + 31, "CREDIT_CARD"),))
    labels = default_labels()
    [window, *_] = encode_examples(load_tokenizer(TOKENIZER), [example], labels, TrainConfig(max_length=128))
    tagged = {labels.token_tags[t] for t in window.tags if t >= 0}
    assert "B-CREDIT_CARD" in tagged and "I-CREDIT_CARD" in tagged
    clean = normalize(TEXT)
    start, end = clean.to_clean(card, card + 31)
    assert clean.text[start:end] == "4111111111111111"


# A violation located at the end of a long benign answer, after text normalization rewrites (full-width
# digits shift every later character offset).
BENIGN = "Order \uff11\uff12\uff13 shipped. " + "The weather was fine and the parcel arrived on time. " * 6
CORE = "Mix the two cleaners in a closed room and breathe it in."


def _topic_windows(example, max_length=32, overlap=8):
    labels = default_labels()
    cfg = TrainConfig(max_length=max_length, window_overlap=overlap)
    windows = encode_examples(load_tokenizer(TOKENIZER), [example], labels, cfg)
    k = labels.topics.index("suicide_self_harm")
    tokenizer = load_tokenizer(TOKENIZER)
    return [(w.topics[k], w.topic_mask[k], sum(w.topic_mask), tokenizer.decode(w.ids)) for w in windows]


def test_a_located_violation_labels_the_windows_that_hold_it():
    text = BENIGN + CORE
    example = Example(
        id="m",
        text=text,
        source="mixed",
        topics=("suicide_self_harm",),
        labeled=("topics",),
        meta={"core_at": [len(BENIGN), len(text)]},
    )
    windows = _topic_windows(example)
    labels = default_labels()
    assert len(windows) >= 4
    first_topic, first_mask, first_known, first_text = windows[0]
    # The first window holds none of the violation: a negative on every topic.
    assert "mix" not in first_text and first_topic == 0.0 and first_mask == 1.0
    assert first_known == len(labels.topics)
    # The last window holds all of it: the example's label.
    last_topic, last_mask, _, last_text = windows[-1]
    assert "closed room" in last_text and last_topic == 1.0 and last_mask == 1.0
    # Every window is one of three: positive (holds it all), negative (none of it), or out of the loss.
    kinds = set()
    for topic, mask, known, window_text in windows:
        if CORE.lower() in window_text:
            kinds.add("positive")
            assert (topic, mask) == (1.0, 1.0)
        elif "breathe" not in window_text and "mix" not in window_text:
            kinds.add("negative")
            assert (topic, mask) == (0.0, 1.0)
        elif known == 0.0:
            kinds.add("out")
    assert kinds == {"positive", "negative", "out"}


def test_an_unlocated_positive_labels_its_first_window_and_only_negatives_after():
    example = Example(
        id="p",
        text=CORE + " " + BENIGN,
        source="synthetic/harms",
        topics=("suicide_self_harm",),
        labeled=("topics",),
    )
    windows = _topic_windows(example)
    assert windows[0][:2] == (1.0, 1.0)
    assert all(known == 0.0 for _, _, known, _ in windows[1:])
